#include "pack_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>

#include "diagnostics_output.hpp"
#include "engine/pack_bundle.hpp"
#include "engine/rule_files.hpp"
#include "engine/sha256.hpp"
#include "exit_status.hpp"
#include "pack_set.hpp"
#include "pack_source.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

int fail(const char* command, const std::string& message) {
  std::cerr << command << ": error: " << message << '\n';
  return kExitUsage;
}

// Loads the pack directory `dir` for bundling (checked, not compiled);
// prints its diagnostics on errors.
bool load_directory(const char* command, const PackArgs& args, LoadedPack& out) {
  if (classify_pack_path(args.path) != PackPathKind::PackDirectory) {
    fail(command, args.path + " is not a pack directory (it has no canary-pack.toml)");
    return false;
  }
  PackSource source;
  std::string error;
  if (!resolve_pack_source({args.path}, args.stdlib_dirs, source, error)) {
    fail(command, error);
    return false;
  }
  out = load_pack(source, /*check_only=*/true);
  out.diagnostics.sort();
  if (out.diagnostics.has_errors() || !out.pack) {
    std::cerr << dsl::render_text(out.diagnostics, out.sources, color_enabled(ColorMode::Auto, STDERR_FILENO));
    fail(command, "the pack has " + count_noun(out.diagnostics.error_count(), "error", "errors"));
    return false;
  }
  return true;
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Writes `bytes` to a new temporary file beside `target`; returns its path or "" with `error`.
std::string write_temp_beside(const fs::path& target, const std::string& bytes, std::string& error) {
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string templ = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(templ.data());
  if (fd < 0) {
    error = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
    return "";
  }
  // mkstemp makes the file 0600; a bundle is meant to be shared.
  bool ok = ::fchmod(fd, 0644) == 0 && write_all(fd, bytes) && ::fsync(fd) == 0;
  int saved = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    error = "cannot write " + templ + ": " + std::strerror(saved);
    ::unlink(templ.c_str());
    return "";
  }
  return templ;
}

}  // namespace

int run_pack_build(const PackArgs& args) {
  const char* command = "canary pack build";
  std::error_code ec;
  if (fs::is_directory(args.output, ec))
    return fail(command, "refusing to overwrite directory " + args.output + " with the bundle; give a file name");
  LoadedPack lp;
  if (!load_directory(command, args, lp)) return kExitUsage;
  std::string bytes, error;
  if (!write_bundle(lp.files, bytes, error)) return fail(command, "cannot bundle " + args.path + ": " + error);

  std::string temp = write_temp_beside(args.output, bytes, error);
  if (temp.empty()) return fail(command, error);
  // The bundle must load on its own, with no stdlib from this machine.
  LoadedPack check = load_pack(PackSource{{temp}, {}}, /*check_only=*/true);
  if (check.diagnostics.has_errors() || !check.pack) {
    check.diagnostics.sort();
    std::cerr << dsl::render_text(check.diagnostics, check.sources, color_enabled(ColorMode::Auto, STDERR_FILENO));
    ::unlink(temp.c_str());
    return fail(command, "the bundle of " + args.path + " does not load on its own; nothing was written");
  }
  if (::rename(temp.c_str(), args.output.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return fail(command, "cannot write " + args.output + ": " + std::strerror(saved));
  }
  std::cout << "sha256:" << sha256_hex(bytes) << "  " << args.output << '\n';
  return kExitOk;
}

int run_pack_digest(const PackArgs& args) {
  const char* command = "canary pack digest";
  switch (classify_pack_path(args.path)) {
    case PackPathKind::Bundle: {
      std::string bytes, error;
      std::vector<BundleEntry> entries;
      if (!read_file_capped(args.path, kMaxBundleBytes, bytes, error))
        return fail(command, "cannot read " + args.path + ": " + error);
      if (!read_bundle(bytes, entries, error)) return fail(command, args.path + " is not a valid bundle: " + error);
      std::cout << "sha256:" << sha256_hex(bytes) << "  " << args.path << '\n';
      return kExitOk;
    }
    case PackPathKind::PackDirectory: {
      LoadedPack lp;
      if (!load_directory(command, args, lp)) return kExitUsage;
      std::string hex, error;
      if (!pack_digest(lp, hex, error)) return fail(command, args.path + ": " + error);
      std::cout << "sha256:" << hex << "  " << args.path << '\n';
      return kExitOk;
    }
    case PackPathKind::Loose: break;
  }
  std::error_code ec;
  if (!fs::exists(args.path, ec)) return fail(command, "no such file or directory: " + args.path);
  return fail(command, args.path + " is neither a pack directory (with canary-pack.toml) nor a bundle");
}

}  // namespace canary::cli
