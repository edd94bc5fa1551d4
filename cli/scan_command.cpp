#include "scan_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <system_error>

#include "artifact_list.hpp"
#include "diagnostics_output.hpp"
#include "exit_status.hpp"
#include "pack_set.hpp"
#include "pack_source.hpp"
#include "profile_output.hpp"
#include "scan_settings.hpp"
#include "terminal.hpp"
#include "engine/rule_policy.hpp"
#include "engine/profile.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

int usage_error(const std::string& message) {
  std::cerr << "canary scan: error: " << message << '\n';
  return kExitUsage;
}

bool thresholds_valid(const VerdictThresholds& t) {
  // Written so that NaN fails every comparison and is rejected.
  return t.low_risk >= 0 && t.low_risk <= t.high_risk && t.high_risk <= t.malicious && std::isfinite(t.malicious);
}

// Collects positional artifacts then those of --from-list, in that order.
bool collect_artifacts(const ScanArgs& args, std::vector<std::string>& out, std::string& error) {
  out = args.artifacts;
  if (args.from_list.empty()) return true;
  if (args.from_list == "-") {
    read_artifact_list(std::cin, out);
    return true;
  }
  std::ifstream in(args.from_list, std::ios::binary);
  if (!in) {
    error = "cannot read --from-list " + args.from_list + ": " + std::strerror(errno);
    return false;
  }
  read_artifact_list(in, out);
  return true;
}

ArtifactReport unreadable_report(const std::string& path, std::string error) {
  ArtifactReport r;
  r.path = path;
  r.unreadable = true;
  r.errors.push_back(std::move(error));
  return r;
}

// Refuses what is not a file or directory before the engine sees it: a
// missing path gets one clear message, and a FIFO or device would block or
// never end.
std::optional<ArtifactReport> precheck(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) return unreadable_report(path, "cannot open: no such file or directory");
  if (ec) return unreadable_report(path, "cannot open: " + ec.message());
  if (st.type() != fs::file_type::regular && st.type() != fs::file_type::directory)
    return unreadable_report(path, "cannot open: not a regular file or directory");
  return std::nullopt;
}

ArtifactReport scan_one(const std::vector<const CompiledPack*>& packs, const std::string& path, const ScanOptions& opts) {
  if (auto early = precheck(path)) return std::move(*early);
  ArtifactReport r;
  try {
    r = scan_artifact(packs, path, opts);
  } catch (const std::exception& e) {
    // One artifact that breaks the engine must not lose the others' results.
    return unreadable_report(path, std::string("internal error while scanning: ") + e.what());
  }
  r.path = path;  // always as given, whatever the engine normalised
  return r;
}

// Config problems, one per line; each starts with the position it is about.
int config_errors(const std::vector<std::string>& errors) {
  for (const std::string& e : errors) std::cerr << "canary scan: error: " << escape_for_terminal(e) << '\n';
  return kExitUsage;
}

// The effective pins (config file and --rules-sha256, merged by
// resolve_scan_settings) as --rules-sha256 values.
std::vector<std::string> pin_arguments(const std::vector<PackPin>& pins) {
  std::vector<std::string> out;
  for (const PackPin& pin : pins) out.push_back(pin.path.empty() ? pin.sha256 : pin.path + "=" + pin.sha256);
  return out;
}

}  // namespace

int run_scan(const ScanArgs& cli_args) {
  ScanSettings settings;
  std::vector<std::string> config_problems;
  if (!resolve_scan_settings(cli_args, settings, config_problems)) return config_errors(config_problems);
  if (cli_args.show_config) {
    print_scan_settings(settings, cli_args.format != OutputFormat::Table, std::cout);
    return kExitOk;
  }
  // From here on the merged settings are what the command line would have said.
  ScanArgs args = cli_args;
  args.fail_on = settings.fail_on.value;
  args.thresholds = settings.thresholds();
  args.rule_paths = settings.rules.value;
  no_cache_requested() = settings.no_cache.value;
  args.rules_sha256 = pin_arguments(settings.rules_sha256);

  if (!thresholds_valid(args.thresholds))
    return usage_error("thresholds must satisfy 0 <= --threshold-low <= --threshold-high <= --threshold-malicious");
  if (args.max_file_size && *args.max_file_size == 0) return usage_error("--max-file-size must be greater than 0");
  if (args.max_file_size && *args.max_file_size > 0xffffffffull)
    return usage_error("--max-file-size must be at most 4294967295 bytes (the scanners take 32-bit lengths)");

  std::vector<std::string> artifacts;
  std::string error;
  if (!collect_artifacts(args, artifacts, error)) return usage_error(error);
  if (artifacts.empty()) return usage_error("no artifacts to scan (give paths, or --from-list FILE)");

  PackSetArgs pack_args{args.rule_paths, args.stdlib_dirs, args.rules_sha256};
  LoadedPackSet packs;
  if (int status = load_pack_set("canary scan", pack_args, /*check_only=*/false, args.quiet, args.color, packs))
    return status;
  if (!args.quiet)
    for (const LoadedPack& lp : packs.packs)
      if (!lp.cache_warning.empty())
        std::cerr << "canary scan: warning: compiled rules not cached: " << lp.cache_warning << '\n';
  if (args.format == OutputFormat::Table && !args.quiet) {
    // Say which config file applies: its policy may hide or re-grade findings.
    if (!settings.config.value.empty()) std::cerr << "config: " << escape_for_terminal(settings.config.value) << '\n';
    std::cerr << "rules: " << packs.describe() << " (" << count_noun(packs.rule_count(), "rule", "rules") << ")\n";
  }

  const std::vector<const CompiledPack*> compiled = packs.compiled();
  ResolvedPolicy policy;
  if (!resolve_rule_policy(settings.policy, compiled, policy, config_problems))
    return config_errors(config_problems);

  ScanOptions opts;
  opts.thresholds = args.thresholds;
  if (args.max_file_size) opts.limits.max_entry_bytes = *args.max_file_size;
  ScanProfile profile;
  if (args.profile) opts.profile = &profile;
  auto scan_start = std::chrono::steady_clock::now();

  auto writer = make_report_writer(args.format, std::cout, color_enabled(args.color, STDOUT_FILENO));
  bool any_failed = false;
  bool any_unreadable = false;
  for (const std::string& path : artifacts) {
    ArtifactReport r = scan_one(compiled, path, opts);
    apply_rule_policy(policy, opts.thresholds, r);
    if (r.unreadable) any_unreadable = true;
    else if (args.fail_on && r.verdict >= *args.fail_on) any_failed = true;
    writer->write(r);
  }
  writer->finish();
  if (args.profile) {
    std::chrono::duration<double> scan_time = std::chrono::steady_clock::now() - scan_start;
    std::vector<PackLoadProfile> loads;
    for (size_t i = 0; i < packs.packs.size(); ++i)
      loads.push_back(pack_load_profile(packs.packs[i].name.empty() ? packs.labels[i] : packs.packs[i].name,
                                        packs.packs[i]));
    print_profile(std::cerr, loads, profile, scan_time.count());
  }
  return scan_exit_status(any_failed, any_unreadable);
}

}  // namespace canary::cli
