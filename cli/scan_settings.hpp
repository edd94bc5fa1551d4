// The settings a scan runs with, each with where it came from: the command
// line over the config file over the defaults. Also what `--show-config`
// prints.
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "config.hpp"
#include "engine/score.hpp"
#include "scan_command.hpp"

namespace canary::cli {

struct ScanSettings {
  Setting<std::string> config;                // the config file in effect; "" for none
  Setting<std::vector<std::string>> rules;    // empty: the default pack
  std::vector<PackPin> rules_sha256;
  Setting<std::vector<std::string>> stdlib;   // --stdlib; the default stdlib is searched after them
  Setting<std::optional<Verdict>> fail_on{Verdict::HighRisk};
  Setting<double> low_risk{VerdictThresholds{}.low_risk};
  Setting<double> high_risk{VerdictThresholds{}.high_risk};
  Setting<double> malicious{VerdictThresholds{}.malicious};
  Setting<bool> no_cache;
  // Known-bad feeds beside the default ones: the config file's, then each
  // --hashfeed (both add; neither replaces the other), each with its origin.
  std::vector<Setting<std::string>> hashfeeds;
  // The config file's OSV advisory paths (check, audit and install add --osv
  // after them: osv_feeds.hpp).
  std::vector<Setting<std::string>> osv;
  // One per limit_specs() row, in its order (scan_limits.hpp).
  std::vector<Setting<uint64_t>> limits;
  RulePolicy policy;

  VerdictThresholds thresholds() const { return {low_risk.value, high_risk.value, malicious.value}; }
  // Writes every limit into `opts`.
  void apply_limits(ScanOptions& opts) const;
};

// Finds and reads the config file (unless --no-config) and merges it with the
// command line. Returns false with the reasons in `errors` (exit 2).
bool resolve_scan_settings(const ScanArgs& args, ScanSettings& out, std::vector<std::string>& errors);

// Every setting with its value and origin: aligned text rows, or one JSON
// object (docs/cli.md, "--show-config").
void print_scan_settings(const ScanSettings& settings, bool json, std::ostream& out);

}  // namespace canary::cli
