// `canary eval`: scan a set of known-malicious artifacts and a set of benign
// packages with the same pack and options as `canary scan`, and print recall,
// false-positive rates, verdict histograms, every miss and every benign unit
// flagged (docs/cli.md, "canary eval"; docs/evaluation.md uses it).
#pragma once
#include <string>
#include <vector>

#include "scan_command.hpp"

namespace canary::cli {

enum class EvalFormat { Text, Json, Markdown };

struct EvalArgs {
  // Pack options, thresholds, --max-file-size, config, --quiet, --color: the
  // fields `canary scan` has, resolved the same way (scan_setup.hpp).
  ScanArgs scan;
  std::vector<std::string> malicious;     // --malicious: artifact, directory searched recursively, @LIST
  std::vector<std::string> benign;        // --benign: artifact or directory as one unit, @LIST
  std::vector<std::string> benign_units;  // --benign-units DIR: each top-level package/module one unit
  EvalFormat format = EvalFormat::Text;
  bool show_low = false;  // also list benign units at LOW_RISK
  unsigned jobs = 1;      // artifacts scanned at once
};

bool parse_eval_format(const std::string& s, EvalFormat& out);

// 0 when everything was scanned (whatever the numbers), 2 on usage or rule
// errors, 3 when an input or unit could not be read (still reported).
int run_eval(const EvalArgs& args);

}  // namespace canary::cli
