// Which rules a run reports and at what severity: the [rules-policy] and
// [severity] tables of a config file (docs/packs.md), applied to reports
// after the scan. Disabled rules are still evaluated, because other rules'
// conditions may reference them; only their findings are dropped.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "report.hpp"
#include "score.hpp"

namespace canary {

struct CompiledPack;

// One entry of a policy as the user wrote it: "ID", "pack:ID" or "tag:NAME".
struct RuleSelector {
  std::string text;
  std::string origin;  // where it was written ("canary.toml:9:12"), prefixed to errors
};

struct RulePolicy {
  std::vector<RuleSelector> disable;
  std::vector<RuleSelector> enable;  // wins over disable, whatever the order
  // Rule ids only (bare or "pack:ID"): a tag would make two overrides of one
  // rule possible with no natural winner.
  std::vector<std::pair<RuleSelector, Severity>> severity;
  bool empty() const { return disable.empty() && enable.empty() && severity.empty(); }
};

// A policy resolved against the loaded packs, keyed by the ids findings carry
// ("pack:ID" for a named pack, bare "ID" otherwise).
struct ResolvedPolicy {
  std::set<std::string> disabled;
  std::map<std::string, Severity> severity;
  bool empty() const { return disabled.empty() && severity.empty(); }
};

// Matches every selector against the public rules of `packs`. A bare ID
// matches that rule in every pack that has it; "tag:NAME" every public rule
// tagged NAME. A selector that matches no public rule is an error: one message
// per selector in `errors`, "ORIGIN: ..." with close matches when there are
// some. Returns false when there are errors.
bool resolve_rule_policy(const RulePolicy& policy, const std::vector<const CompiledPack*>& packs, ResolvedPolicy& out,
                         std::vector<std::string>& errors);

// Drops the findings of disabled rules, rewrites overridden severities, sorts
// the findings again and recomputes score and verdict. Unreadable reports are
// left alone.
void apply_rule_policy(const ResolvedPolicy& policy, const VerdictThresholds& thresholds, ArtifactReport& report);

}  // namespace canary
