// `canary rules fmt`: rewrite rule files in the canonical layout
// (dsl/formatter.hpp), or with --check / --diff only report what would change.
#pragma once
#include <string>
#include <vector>

namespace canary::cli {

struct RulesFmtArgs {
  std::vector<std::string> paths;  // files, or directories searched for *.canary
  bool check = false;              // --check: write nothing, list files that would change, exit 1 if any
  bool diff = false;               // --diff: write nothing, print a unified diff, exit 1 if any change
};

int run_rules_fmt(const RulesFmtArgs& args);

}  // namespace canary::cli
