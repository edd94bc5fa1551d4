// What `canary scan` and `canary eval` share between the command line and
// the first artifact: the settings (command line over config file), their
// validation, the loaded packs and rule policy, and scanning one path with
// them. Both commands go through here so that an evaluation measures exactly
// what a scan with the same options would report.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/known_bad.hpp"
#include "engine/rule_policy.hpp"
#include "engine/scanner.hpp"
#include "pack_set.hpp"
#include "scan_command.hpp"
#include "scan_settings.hpp"

namespace canary::cli {

struct ScanSetup {
  const char* command = "canary scan";  // prefix of error messages
  ScanSettings settings;
  ScanArgs args;  // the command line with the merged settings written into it
  LoadedPackSet packs;
  std::vector<const CompiledPack*> compiled;
  ResolvedPolicy policy;
  // The known-bad feeds; opts.known_bad points into it, so it lives on the
  // heap and the setup can be moved.
  std::unique_ptr<KnownBad> feeds;
  ScanOptions opts;
};

// Reads the config file and merges it with `cli_args` into out.settings and
// out.args. Returns 0, or 2 having printed the config errors.
int resolve_scan_setup(const char* command, const ScanArgs& cli_args, ScanSetup& out);

// Thresholds and --max-file-size. Returns 0, or 2 having printed why not.
int validate_scan_setup(const ScanSetup& setup);

// Loads the packs and the known-bad feeds (printing rule diagnostics and,
// when `header`, the "config:", "rules:" and "hashfeeds:" lines on stderr),
// resolves the rule policy and fills out.opts. Returns 0 or the exit status, having printed the reason.
int load_scan_setup(bool header, ScanSetup& out);

// Use the message for usage errors of `command` ("canary scan: error: ...").
int scan_usage_error(const char* command, const std::string& message);

// One artifact (file or directory) with the setup's packs, options and
// policy. Never throws: a path that is missing or not a file or directory, or
// an engine failure, is an unreadable report carrying the error. With
// `profile`, times and counts go there instead of to setup.opts.profile (one
// profile per thread).
// With `release`, the scan has the `release.*` facts of the artifact's release
// (audit; `canary check` sets setup.opts.release itself).
ArtifactReport scan_path(const ScanSetup& setup, const std::string& path, ScanProfile* profile = nullptr,
                         const ReleaseFacts* release = nullptr);

// The same for one file that is not an artifact (a top-level module `foo.py`
// or a `.pth`): scanned as a directory holding only that file, named by its
// file name. At most the --max-file-size limit of it is read.
ArtifactReport scan_single_file(const ScanSetup& setup, const std::string& path, ScanProfile* profile = nullptr);

}  // namespace canary::cli
