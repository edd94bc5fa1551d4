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

// Rule ids that look like `wanted` (edit distance <= 2, or one is a prefix of
// the other, comparing without case and also against the name after the
// namespace), closest first. Exposed for the "did you mean" message.
std::vector<std::string> close_rule_ids(const std::string& wanted, const std::vector<std::string>& ids);

}  // namespace canary::cli
