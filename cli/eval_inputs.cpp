#include "eval_inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "artifact_list.hpp"
#include "engine/artifact.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "@FILE": the arguments listed in FILE (artifact_list.hpp's format), or false
// with an error when FILE cannot be read.
bool read_list_argument(const std::string& arg, std::vector<std::string>& out, std::vector<InputError>& errors) {
  const std::string file = arg.substr(1);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    errors.push_back({arg, std::string("cannot read list: ") + std::strerror(errno)});
    return false;
  }
  read_artifact_list(in, out);
  return true;
}

bool is_list_argument(const std::string& arg) { return arg.size() > 1 && arg.front() == '@'; }

// Missing paths are reported here rather than as unreadable units: they are
// mistakes in the command, not packages the scanner failed on.
bool exists_or_report(const std::string& path, std::vector<InputError>& errors) {
  std::error_code ec;
  if (fs::exists(path, ec)) return true;
  errors.push_back({path, ec ? "cannot open: " + ec.message() : "no such file or directory"});
  return false;
}

void search_artifacts(const std::string& dir, std::vector<EvalUnit>& out, std::vector<InputError>& errors) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec) && has_artifact_extension(it->path())) found.push_back(it->path().string());
  }
  if (ec) errors.push_back({dir, "cannot search directory: " + ec.message()});
  if (found.empty() && !ec) errors.push_back({dir, "no artifacts (.whl, .zip, .tar.gz ...) found in this directory"});
  std::sort(found.begin(), found.end());
  for (std::string& p : found) out.push_back({std::move(p), false});
}

bool skipped_unit_name(const std::string& name) {
  return name.empty() || name.front() == '.' || name == "__pycache__" || ends_with(name, ".dist-info") ||
         ends_with(name, ".egg-info");
}

}  // namespace

void expand_malicious(const std::string& arg, std::vector<EvalUnit>& out, std::vector<InputError>& errors) {
  if (is_list_argument(arg)) {
    std::vector<std::string> listed;
    if (read_list_argument(arg, listed, errors))
      for (const std::string& p : listed) expand_malicious(p, out, errors);
    return;
  }
  if (!exists_or_report(arg, errors)) return;
  std::error_code ec;
  if (fs::is_directory(arg, ec)) search_artifacts(arg, out, errors);
  else out.push_back({arg, false});
}

void expand_benign(const std::string& arg, std::vector<EvalUnit>& out, std::vector<InputError>& errors) {
  if (is_list_argument(arg)) {
    std::vector<std::string> listed;
    if (read_list_argument(arg, listed, errors))
      for (const std::string& p : listed) expand_benign(p, out, errors);
    return;
  }
  if (exists_or_report(arg, errors)) out.push_back({arg, false});
}

void expand_benign_units(const std::string& dir, std::vector<EvalUnit>& out, std::vector<InputError>& errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    errors.push_back({dir, ec ? "cannot open: " + ec.message() : "not a directory"});
    return;
  }
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) errors.push_back({dir, "cannot list directory: " + ec.message()});
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
  const size_t before = out.size();
  for (const fs::directory_entry& e : entries) {
    const std::string name = e.path().filename().string();
    if (skipped_unit_name(name)) continue;
    std::error_code type_ec;
    if (e.is_directory(type_ec)) out.push_back({e.path().string(), false});
    else if (e.is_regular_file(type_ec) && (ends_with(name, ".py") || ends_with(name, ".so") || ends_with(name, ".pth")))
      out.push_back({e.path().string(), true});
  }
  if (out.size() == before && !ec) errors.push_back({dir, "no package directories, modules or .pth files in it"});
}

}  // namespace canary::cli
