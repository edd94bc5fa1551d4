// The package-index options `canary check`, `install` and `audit` share
// (--index-url, --cache-dir, --offline, --only, timeouts, retries), and how
// they become the index client's settings. docs/registry.md documents them.
#pragma once
#include <string>

#include "registry/index_client.hpp"
#include "registry/index_types.hpp"

namespace canary::cli {

struct IndexArgs {
  std::string index_url;       // --index-url; "" = $PIP_INDEX_URL, else PyPI
  std::string cache_dir;       // --cache-dir; "" = the canary cache directory
  bool offline = false;        // --offline: the cache only, never the network
  std::string only;            // --only: "", "wheel" or "sdist"
  double timeout = 60;         // seconds per request
  double connect_timeout = 10;
  int retries = 3;
};

// The client settings for `args`. Returns 0, or 2 having printed
// "COMMAND: error: ..." (no cache directory, a bad --only).
int resolve_index_settings(const char* command, const IndexArgs& args, registry::IndexSettings& out);

// Whether --only lets this file through (wheels and sdists only; never "other").
bool wanted_dist_kind(registry::DistKind kind, const std::string& only);

}  // namespace canary::cli
