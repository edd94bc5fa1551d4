#include "scan_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>

#include "artifact_list.hpp"
#include "exit_status.hpp"
#include "profile_output.hpp"
#include "sarif_output.hpp"
#include "scan_jobs.hpp"
#include "scan_setup.hpp"
#include "terminal.hpp"
#include "engine/profile.hpp"

namespace canary::cli {

namespace {

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

}  // namespace

int run_scan(const ScanArgs& cli_args) {
  ScanSetup setup;
  if (int status = resolve_scan_setup("canary scan", cli_args, setup)) return status;
  if (cli_args.show_config) {
    print_scan_settings(setup.settings, cli_args.format != OutputFormat::Table, std::cout);
    return kExitOk;
  }
  if (int status = validate_scan_setup(setup)) return status;
  const ScanArgs& args = setup.args;
  if (args.jobs == 0 || args.jobs > kMaxScanJobs)
    return scan_usage_error(setup.command, "--jobs must be between 1 and " + std::to_string(kMaxScanJobs));

  std::vector<std::string> artifacts;
  std::string error;
  if (!collect_artifacts(args, artifacts, error)) return scan_usage_error(setup.command, error);
  if (artifacts.empty())
    return scan_usage_error(setup.command, "no artifacts to scan (give paths, or --from-list FILE)");

  if (int status = load_scan_setup(args.format == OutputFormat::Table && !args.quiet, setup)) return status;
  const LoadedPackSet& packs = setup.packs;
  ScanProfile profile;
  auto scan_start = std::chrono::steady_clock::now();

  auto writer = args.format == OutputFormat::Sarif
                    ? make_sarif_writer(std::cout, SarifRun{"scan", setup.compiled, {}, {}, args.fail_on, 0, {}, {}})
                    : make_report_writer(args.format, std::cout, color_enabled(args.color, STDOUT_FILENO));
  bool any_failed = false;
  bool any_unreadable = false;
  scan_artifacts(setup, artifacts, args.jobs, args.profile ? &profile : nullptr, [&](ArtifactReport& r) {
    if (r.unreadable) any_unreadable = true;
    else if (args.fail_on && r.verdict >= *args.fail_on) any_failed = true;
    writer->write(r);
  });
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
