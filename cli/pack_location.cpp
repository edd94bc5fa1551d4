#include "pack_location.hpp"

#include <cstdlib>
#include <system_error>

#ifndef CANARY_SOURCE_DIR
#define CANARY_SOURCE_DIR ""
#endif

namespace canary::cli {

namespace fs = std::filesystem;

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path();
}

static bool directory_exists(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

DefaultDir find_default_dir(std::string_view name, const char* env_var) {
  DefaultDir result;
  const char* env = env_var != nullptr ? std::getenv(env_var) : nullptr;
  if (env != nullptr && *env != '\0') {
    result.searched.emplace_back(env);
    if (directory_exists(env)) result.path = env;
    else result.error = std::string(env_var) + "=" + env + " is not a directory";
    return result;
  }

  std::vector<fs::path> candidates;
  if (fs::path exe = executable_dir(); !exe.empty()) {
    candidates.push_back(exe.parent_path() / "share" / "canary" / name);
    candidates.push_back(exe / name);
  }
  if (std::string_view(CANARY_SOURCE_DIR).size() > 0) candidates.push_back(fs::path(CANARY_SOURCE_DIR) / name);

  for (fs::path& c : candidates) {
    c = c.lexically_normal();
    result.searched.push_back(c);
    if (directory_exists(c)) {
      result.path = c;
      break;
    }
  }
  return result;
}

}  // namespace canary::cli
