// `canary diff OLD NEW` and `canary diff NAME V1 V2`: two versions of a package side by side — files
// added, removed and changed, the highlights of a compromised release, and
// the findings only the new version has. Both are read in memory through the
// engine's readers and scanned with the same pack.
#pragma once
#include <string>
#include <vector>

#include "index_options.hpp"
#include "scan_command.hpp"

namespace canary::cli {

struct DiffArgs {
  // Pack, config, --fail-on, thresholds, --max-file-size, colour and quiet,
  // with the same meaning and the same config file as `canary scan`
  // (its `artifacts` and `from_list` are not used).
  ScanArgs scan;
  bool json = false;
  // Two local artifacts, OLD then NEW; or NAME V1 V2, two releases fetched
  // from a package index with `index` (diff_fetch.hpp).
  std::vector<std::string> targets;
  IndexArgs index;
};

int run_diff(const DiffArgs& args);

}  // namespace canary::cli
