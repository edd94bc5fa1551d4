// `canary check NAME [VERSION|latest]`: fetch a release's files from a
// package index, verify them against the published sha256, scan each with
// the pack and the release's metadata facts, print one report, and when the
// verdict is HIGH_RISK or worse name the most recent earlier release that
// scans clean. docs/registry.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "check_report.hpp"
#include "index_options.hpp"
#include "scan_command.hpp"

namespace canary::cli {

struct CheckArgs {
  ScanArgs scan;                 // pack, thresholds, --fail-on, --color, -q, config
  std::string name;
  std::string version = "latest";
  IndexArgs index;               // --index-url, --cache-dir, --offline, --only, timeouts (shared with audit)
  int64_t cooldown_hours = 72;   // release.cooldown_hours
  int rollback_depth = 5;        // earlier releases tried for the rollback hint
  std::vector<std::string> osv;  // --osv: OSV advisory files or directories, after hashfeeds/osv/
  bool json = false;
  bool sarif = false;            // --format sarif (check_sarif.hpp)
};

int run_check(const CheckArgs& args);

}  // namespace canary::cli
