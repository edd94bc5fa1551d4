// The rule policy of a config file against packs with and without names:
// which ids and tags a selector reaches, what is an error, and how reports
// change (engine/rule_policy.hpp).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/compiled_pack.hpp"
#include "engine/rule_policy.hpp"

using namespace canary;

namespace {

CompiledRule rule(const std::string& id, Severity severity, std::vector<std::string> tags, bool is_private = false) {
  CompiledRule r;
  r.id = id;
  r.severity = severity;
  r.tags = std::move(tags);
  r.is_private = is_private;
  return r;
}

// Two named packs sharing the id SHARED, and an anonymous one.
struct Packs {
  CompiledPack canary, community, loose;
  Packs() {
    canary.name = "canary";
    canary.rules.push_back(rule("PTH_SPAWNS", Severity::Critical, {"pth", "execution"}));
    canary.rules.push_back(rule("IMPORT_BEACON", Severity::High, {"network", "telemetry"}));
    canary.rules.push_back(rule("SHARED", Severity::Medium, {}));
    canary.rules.push_back(rule("python.has_exec", Severity::Info, {}, true));
    community.name = "community.example";
    community.rules.push_back(rule("SHARED", Severity::Low, {"telemetry"}));
    loose.rules.push_back(rule("LOCAL_RULE", Severity::Low, {"local"}));
  }
  std::vector<const CompiledPack*> all() const { return {&canary, &community, &loose}; }
};

RuleSelector sel(const std::string& text) { return {text, "canary.toml:1:1"}; }

Finding finding(const std::string& rule_id, Severity severity, const std::string& file = "a.py") {
  Finding f;
  f.rule = rule_id;
  size_t colon = rule_id.find(':');
  if (colon != std::string::npos) f.pack = rule_id.substr(0, colon);
  f.severity = severity;
  f.file = file;
  return f;
}

}  // namespace

TEST_CASE("rule policy: bare ids reach every pack, qualified ids and tags only theirs", "[engine][policy]") {
  Packs p;
  RulePolicy policy;
  std::vector<std::string> errors;
  ResolvedPolicy resolved;

  policy.disable = {sel("SHARED")};
  REQUIRE(resolve_rule_policy(policy, p.all(), resolved, errors));
  CHECK(resolved.disabled == std::set<std::string>{"canary:SHARED", "community.example:SHARED"});

  policy.disable = {sel("community.example:SHARED"), sel("LOCAL_RULE")};
  REQUIRE(resolve_rule_policy(policy, p.all(), resolved, errors));
  CHECK(resolved.disabled == std::set<std::string>{"community.example:SHARED", "LOCAL_RULE"});

  policy.disable = {sel("tag:telemetry")};
  policy.enable = {sel("canary:IMPORT_BEACON")};
  REQUIRE(resolve_rule_policy(policy, p.all(), resolved, errors));
  CHECK(resolved.disabled == std::set<std::string>{"community.example:SHARED"});
  CHECK(errors.empty());
}

TEST_CASE("rule policy: what names no public rule is an error with close matches", "[engine][policy]") {
  Packs p;
  RulePolicy policy;
  policy.disable = {sel("canary:PTH_SPAWN"), sel("tag:telemetri"), sel("python.has_exec"), sel("community.example:PTH_SPAWNS")};
  policy.severity = {{sel("tag:pth"), Severity::Low}};
  std::vector<std::string> errors;
  ResolvedPolicy resolved;
  CHECK_FALSE(resolve_rule_policy(policy, p.all(), resolved, errors));
  REQUIRE(errors.size() == 5);
  CHECK(errors[0] == "canary.toml:1:1: no rule `canary:PTH_SPAWN` in the loaded packs; did you mean: canary:PTH_SPAWNS?");
  CHECK(errors[1] == "canary.toml:1:1: no loaded rule has the tag `telemetri`; did you mean: tag:telemetry?");
  CHECK(errors[2] ==
        "canary.toml:1:1: `python.has_exec` is a private rule: it is never reported, so there is nothing to change");
  CHECK(errors[3].rfind("canary.toml:1:1: no rule `community.example:PTH_SPAWNS` in the loaded packs; did you mean: "
                        "canary:PTH_SPAWNS",
                        0) == 0);
  CHECK(errors[4] == "canary.toml:1:1: a severity override names one rule (ID or pack:ID), not a tag: `tag:pth`");
}

TEST_CASE("rule policy: applying it drops, re-grades, re-sorts and re-scores", "[engine][policy]") {
  Packs p;
  RulePolicy policy;
  policy.disable = {sel("canary:PTH_SPAWNS")};
  policy.severity = {{sel("SHARED"), Severity::High}};
  std::vector<std::string> errors;
  ResolvedPolicy resolved;
  REQUIRE(resolve_rule_policy(policy, p.all(), resolved, errors));

  ArtifactReport report;
  report.findings = {finding("canary:PTH_SPAWNS", Severity::Critical), finding("canary:IMPORT_BEACON", Severity::High),
                     finding("community.example:SHARED", Severity::Low), finding("LOCAL_RULE", Severity::Low)};
  report.score = 10;
  report.verdict = Verdict::Malicious;
  apply_rule_policy(resolved, VerdictThresholds{}, report);

  REQUIRE(report.findings.size() == 3);
  CHECK(report.findings[0].rule == "canary:IMPORT_BEACON");
  CHECK(report.findings[1].rule == "community.example:SHARED");
  CHECK(report.findings[1].severity == Severity::High);
  CHECK(report.findings[2].rule == "LOCAL_RULE");
  CHECK(report.score == Approx(6 + 0.25 * (6 + 1)));  // 7.75
  CHECK(report.verdict == Verdict::HighRisk);

  // An unreadable report has nothing to change.
  ArtifactReport unreadable;
  unreadable.unreadable = true;
  unreadable.findings = {finding("canary:PTH_SPAWNS", Severity::Critical)};
  apply_rule_policy(resolved, VerdictThresholds{}, unreadable);
  CHECK(unreadable.findings.size() == 1);
}
