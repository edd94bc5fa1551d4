#include "rules_fmt.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dsl/formatter.hpp"
#include "exit_status.hpp"
#include "terminal.hpp"
#include "unified_diff.hpp"

namespace canary::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kCommand = "canary rules fmt";

// The files named on the command line: files as given, directories searched
// recursively for *.canary (sorted, like the pack loader does).
bool collect_files(const std::vector<std::string>& paths, std::vector<fs::path>& files) {
  bool ok = true;
  for (const std::string& arg : paths) {
    const fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
           it != end && !ec; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".canary") found.push_back(it->path());
      if (ec) {
        std::cerr << kCommand << ": error: cannot read directory " << escape_for_terminal(arg) << ": " << ec.message()
                  << '\n';
        ok = false;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      std::cerr << kCommand << ": error: no such file or directory: " << escape_for_terminal(arg) << '\n';
      ok = false;
    }
  }
  return ok;
}

bool read_file(const fs::path& p, std::string& out, std::string& error) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return false;
  }
  out = s.str();
  return true;
}

// Replaces `path` with `text` atomically: a temporary file in the same
// directory, with the original's permissions, renamed over it. A symbolic
// link is followed, so the link stays a link.
bool write_atomically(const fs::path& path, const std::string& text, std::string& error) {
  std::error_code ec;
  const fs::path target = fs::canonical(path, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".fmt-XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    error = std::string("cannot create a temporary file: ") + std::strerror(errno);
    return false;
  }
  bool ok = ::fchmod(fd, st.st_mode & 07777) == 0;
  for (size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  if (ok) ok = ::fsync(fd) == 0;
  const int saved = errno;
  if (::close(fd) != 0) ok = false;
  if (ok && ::rename(tmp.c_str(), target.c_str()) == 0) return true;
  error = std::strerror(ok ? errno : saved);
  ::unlink(tmp.c_str());
  return false;
}

}  // namespace

int run_rules_fmt(const RulesFmtArgs& args) {
  std::vector<fs::path> files;
  bool usage_error = !collect_files(args.paths, files);
  bool unreadable = false, rule_errors = false, changes = false;
  const bool write = !args.check && !args.diff;
  const bool color = color_enabled(ColorMode::Auto, STDERR_FILENO);

  for (const fs::path& file : files) {
    const std::string shown = file.generic_string();
    std::string text, error;
    if (!read_file(file, text, error)) {
      std::cerr << kCommand << ": error: cannot read " << escape_for_terminal(shown) << ": " << error << '\n';
      unreadable = true;
      continue;
    }
    dsl::SourceMap sources;
    const uint32_t id = sources.add(shown, text);
    dsl::Diagnostics diags;
    const dsl::FormatResult result = dsl::format_rule_file(sources, id, diags);
    if (result.status == dsl::FormatResult::Status::SyntaxErrors) {
      diags.sort();
      std::cerr << dsl::render_text(diags, sources, color);
      std::cerr << kCommand << ": " << escape_for_terminal(shown) << " has syntax errors; not formatted\n";
      rule_errors = true;
      continue;
    }
    if (result.status == dsl::FormatResult::Status::InternalError) {
      std::cerr << kCommand << ": internal error: " << escape_for_terminal(shown) << ": " << result.error
                << "; the file was left unchanged (please report this with the file)\n";
      rule_errors = true;
      continue;
    }
    if (result.text == text) continue;
    changes = true;
    if (args.diff) std::cout << unified_diff(text, result.text, shown, shown + " (formatted)");
    else if (args.check) std::cout << shown << '\n';
    if (write) {
      if (!write_atomically(file, result.text, error)) {
        std::cerr << kCommand << ": error: cannot write " << escape_for_terminal(shown) << ": " << error << '\n';
        unreadable = true;
        continue;
      }
      std::cout << shown << '\n';
    }
  }
  std::cout << std::flush;
  if (usage_error || rule_errors) return kExitUsage;
  if (unreadable) return kExitUnreadable;
  return changes && !write ? kExitFailOn : kExitOk;
}

}  // namespace canary::cli
