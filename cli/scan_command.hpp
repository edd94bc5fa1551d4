// `canary scan`: load the pack once, scan every artifact, print, decide the
// exit status.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/report.hpp"
#include "engine/scanner.hpp"
#include "engine/score.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace canary::cli {

struct ScanArgs {
  std::vector<std::string> rule_paths;   // --rules; empty: the default pack
  std::vector<std::string> stdlib_dirs;  // --stdlib; the default stdlib is searched after them
  std::vector<std::string> rules_sha256; // --rules-sha256: HEX, or PATH=HEX with several --rules
  OutputFormat format = OutputFormat::Table;
  std::optional<Verdict> fail_on = Verdict::HighRisk;  // nullopt: --fail-on none
  std::string from_list;                 // --from-list; "-" is stdin
  VerdictThresholds thresholds;
  std::optional<uint64_t> max_file_size;  // --max-file-size: bytes read per file inside an artifact
  int max_decode_depth = ScanOptions{}.max_decode_depth;        // --max-decode-depth
  uint64_t max_decoded_bytes = ScanOptions{}.max_decoded_bytes;  // --max-decoded-bytes
  // The other limits of scan_limits.hpp as given: (name without "--", text).
  std::vector<std::pair<std::string, std::string>> limit_options;
  ColorMode color = ColorMode::Auto;
  bool quiet = false;
  bool profile = false;                  // --profile: time per stage and rule on stderr
  bool whole_file_parse = false;         // --whole-file-parse (hidden): ScanOptions::whole_file_parse
  std::vector<std::string> hashfeeds;    // --hashfeed: feeds added to the default ones
  bool no_hashfeeds = false;             // --no-hashfeeds: skip the default feeds of hashfeeds/
  unsigned jobs = 1;                     // --jobs: artifacts scanned at once (scan_jobs.hpp)
  std::vector<std::string> artifacts;
  // Config file (docs/packs.md): --config FILE, --no-config, --show-config.
  std::string config_path;
  bool no_config = false;
  bool show_config = false;
  // The options above that were given on the command line ("--fail-on", ...):
  // those win over the config file, the others leave it the say.
  std::vector<std::string> given;
};

int run_scan(const ScanArgs& args);

}  // namespace canary::cli
