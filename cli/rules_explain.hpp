// `canary rules explain RULE`: everything the pack knows about one rule.
#pragma once
#include <string>
#include <vector>

namespace canary::cli {

struct RulesExplainArgs {
  std::string rule;                      // "NAME" or "ns.NAME"
  std::vector<std::string> rule_paths;   // --rules; empty = the default pack
  std::vector<std::string> stdlib_dirs;  // --stdlib
  bool json = false;                     // --format json
};

int run_rules_explain(const RulesExplainArgs& args);

}  // namespace canary::cli
