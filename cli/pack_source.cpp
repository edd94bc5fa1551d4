#include "pack_source.hpp"

#include <system_error>

#include "pack_location.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

static bool exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool resolve_pack_source(const std::vector<std::string>& rule_paths, const std::vector<std::string>& stdlib_dirs,
                         PackSource& out, std::string& error) {
  out = PackSource{};
  if (rule_paths.empty()) {
    DefaultDir found = find_default_dir("rules", "CANARY_RULES_DIR");
    if (!found.error.empty()) {
      error = found.error;
      return false;
    }
    if (found.path.empty()) {
      error = "no rule pack found; pass --rules PATH or set CANARY_RULES_DIR (searched:";
      for (const fs::path& p : found.searched) error += " " + p.string();
      error += ")";
      return false;
    }
    out.rule_paths.push_back(found.path);
  } else {
    for (const std::string& p : rule_paths) {
      if (!exists(p)) {
        error = "rules path not found: " + p;
        return false;
      }
      out.rule_paths.emplace_back(p);
    }
  }

  for (const std::string& d : stdlib_dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) {
      error = "stdlib directory not found: " + d;
      return false;
    }
    out.stdlib_dirs.emplace_back(d);
  }
  // The default stdlib always comes last on the import path (docs/language.md).
  DefaultDir stdlib = find_default_dir("stdlib-rules", "CANARY_STDLIB_DIR");
  if (!stdlib.error.empty()) {
    error = stdlib.error;
    return false;
  }
  if (!stdlib.path.empty()) out.stdlib_dirs.push_back(stdlib.path);
  return true;
}

bool& no_cache_requested() {
  static bool no_cache = false;
  return no_cache;
}

LoadOptions pack_load_options(bool check_only) {
  LoadOptions opts;
  opts.check_only = check_only;
  opts.use_cache = !no_cache_requested();
  return opts;
}

std::string describe_rule_paths(const PackSource& src) {
  std::string s;
  for (const fs::path& p : src.rule_paths) {
    if (!s.empty()) s += ", ";
    s += p.string();
  }
  return s;
}

}  // namespace canary::cli
