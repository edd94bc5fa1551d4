// `canary install SPEC... [-- PIP_OPTION...]`: resolve each spec to one exact
// file on the index, download it (verified against the published sha256)
// into a directory only this user can use, scan that file as `canary check`
// scans it, and only when every verdict is below --fail-on hand those same
// files to pip, by path and pinned hash (`pip install --no-deps --no-index
// --require-hashes -r FILE`): pip downloads nothing, so it never installs
// anything canary did not scan. docs/install.md.
#pragma once
#include <string>
#include <vector>

#include "check_command.hpp"

namespace canary::cli {

struct InstallArgs {
  // The options install shares with `canary check`: the pack, thresholds,
  // --fail-on, config, colour, quiet, --only, --cooldown and the index
  // (--index-url, --cache-dir, --offline, timeouts, retries). Its name and
  // version are set per spec.
  CheckArgs check;
  std::vector<std::string> specs;     // NAME, NAME==VERSION, NAME>=1,<2 ...
  std::vector<std::string> pip_args;  // after "--": passed to pip install (only those check_pip_passthrough allows)
  std::string python;                 // --python: its `-m pip` installs (default python3)
  std::string pip;                    // --pip: this pip executable installs
  bool force = false;                 // install even when a verdict reaches --fail-on
  bool dry_run = false;               // resolve, download, scan, print the pip command; run nothing
};

int run_install(const InstallArgs& args);

}  // namespace canary::cli
