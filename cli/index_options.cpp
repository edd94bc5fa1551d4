#include "index_options.hpp"

#include <iostream>

#include "engine/pack_cache.hpp"
#include "exit_status.hpp"

namespace canary::cli {

int resolve_index_settings(const char* command, const IndexArgs& args, registry::IndexSettings& out) {
  auto usage = [command](const std::string& message) {
    std::cerr << command << ": error: " << message << '\n';
    return kExitUsage;
  };
  if (args.only != "" && args.only != "wheel" && args.only != "sdist")
    return usage("--only must be wheel or sdist, got '" + args.only + "'");
  out.index_url = registry::resolve_index_url(args.index_url);
  out.cache_dir = args.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(args.cache_dir);
  if (out.cache_dir.empty()) return usage("no cache directory: set --cache-dir, CANARY_CACHE_DIR, XDG_CACHE_HOME or HOME");
  out.offline = args.offline;
  out.http.total_timeout_ms = static_cast<long>(args.timeout * 1000);
  out.http.connect_timeout_ms = static_cast<long>(args.connect_timeout * 1000);
  out.http.retries = args.retries;
  return kExitOk;
}

bool wanted_dist_kind(registry::DistKind kind, const std::string& only) {
  if (only == "wheel") return kind == registry::DistKind::Wheel;
  if (only == "sdist") return kind == registry::DistKind::Sdist;
  return kind != registry::DistKind::Other;
}

}  // namespace canary::cli
