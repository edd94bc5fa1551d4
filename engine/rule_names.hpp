// "Did you mean" for rule ids, pack names and tags: shared by `rules explain`
// and the rule policy of a config file.
#pragma once
#include <string>
#include <vector>

namespace canary {

// Names that look like `wanted` (edit distance <= 2, or one is a prefix of
// the other, comparing without case and also against the name after the
// pack or import namespace, "pack:" or "ns."), closest first, at most ten.
std::vector<std::string> close_rule_ids(const std::string& wanted, const std::vector<std::string>& ids);

}  // namespace canary
