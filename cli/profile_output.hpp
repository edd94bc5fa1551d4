// `canary scan --profile`: where the time went, printed to stderr after the
// reports (stdout stays a clean JSON/table stream).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "engine/profile.hpp"
#include "engine/scanner.hpp"

namespace canary::cli {

// How one pack was obtained before scanning: compiled now or from the cache.
struct PackLoadProfile {
  std::string pack;     // name or rule paths
  double seconds = 0;   // wall time of loading (parse + check + compile, or cache read)
  std::string how;      // "compiled", "from cache", ...
};

// The load of `lp` in one row: the total, and "from cache" or "compiled"
// with the time of each step (parse, check and compile, cache).
PackLoadProfile pack_load_profile(const std::string& pack, const LoadedPack& lp);

void print_profile(std::ostream& out, const std::vector<PackLoadProfile>& loads, const ScanProfile& profile,
                   double scan_seconds, size_t max_rules = 25);

}  // namespace canary::cli
