// `canary diff OLD NEW`: two versions of a package side by side — files
// added, removed and changed, the highlights of a compromised release, and
// the findings only the new version has. Both are read in memory through the
// engine's readers and scanned with the same pack.
#pragma once
#include <string>
#include <vector>

#include "scan_command.hpp"

namespace canary::cli {

struct DiffArgs {
  // Pack, config, --fail-on, thresholds, --max-file-size, colour and quiet,
  // with the same meaning and the same config file as `canary scan`
  // (its `artifacts` and `from_list` are not used).
  ScanArgs scan;
  bool json = false;
  // Two local artifacts, OLD then NEW. The form NAME V1 V2 (three targets,
  // resolved through a package index) is reserved for the index client.
  std::vector<std::string> targets;
};

int run_diff(const DiffArgs& args);

}  // namespace canary::cli
