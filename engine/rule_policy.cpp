#include "rule_policy.hpp"

#include <algorithm>

#include "compiled_pack.hpp"
#include "rule_names.hpp"

namespace canary {
namespace {

constexpr std::string_view kTagPrefix = "tag:";

std::string reported_id(const CompiledPack& pack, const CompiledRule& rule) {
  return pack.name.empty() ? rule.id : pack.name + ":" + rule.id;
}

// Rules a selector names, as reported ids; `private_hit` is set when it names
// only private rules (which never appear in a report).
std::vector<std::string> select(const std::string& text, const std::vector<const CompiledPack*>& packs,
                                bool& private_hit) {
  std::vector<std::string> ids;
  private_hit = false;
  const bool is_tag = text.compare(0, kTagPrefix.size(), kTagPrefix) == 0;
  const std::string tag = is_tag ? text.substr(kTagPrefix.size()) : std::string();
  for (const CompiledPack* pack : packs) {
    for (const CompiledRule& rule : pack->rules) {
      bool hit;
      if (is_tag) hit = std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end();
      else hit = rule.id == text || reported_id(*pack, rule) == text;
      if (!hit) continue;
      if (rule.is_private) private_hit = true;
      else ids.push_back(reported_id(*pack, rule));
    }
  }
  if (!ids.empty()) private_hit = false;
  return ids;
}

std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& candidates) {
  std::vector<std::string> close = close_rule_ids(wanted, candidates);
  if (close.empty()) return {};
  std::string s = "; did you mean: ";
  for (size_t i = 0; i < close.size(); ++i) s += (i ? ", " : "") + close[i];
  return s + "?";
}

std::string no_match_message(const RuleSelector& sel, const std::vector<const CompiledPack*>& packs,
                             bool private_hit) {
  std::string where = sel.origin.empty() ? std::string() : sel.origin + ": ";
  if (private_hit)
    return where + "`" + sel.text + "` is a private rule: it is never reported, so there is nothing to change";
  std::vector<std::string> names;
  const bool is_tag = sel.text.compare(0, kTagPrefix.size(), kTagPrefix) == 0;
  for (const CompiledPack* pack : packs) {
    for (const CompiledRule& rule : pack->rules) {
      if (rule.is_private) continue;
      if (!is_tag) {
        names.push_back(reported_id(*pack, rule));
        continue;
      }
      for (const std::string& t : rule.tags) {
        std::string name = std::string(kTagPrefix) + t;
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
  }
  if (is_tag)
    return where + "no loaded rule has the tag `" + sel.text.substr(kTagPrefix.size()) + "`" +
           did_you_mean(sel.text, names);
  return where + "no rule `" + sel.text + "` in the loaded packs" + did_you_mean(sel.text, names);
}

}  // namespace

bool resolve_rule_policy(const RulePolicy& policy, const std::vector<const CompiledPack*>& packs, ResolvedPolicy& out,
                         std::vector<std::string>& errors) {
  out = ResolvedPolicy{};
  const size_t errors_before = errors.size();
  auto resolve = [&](const RuleSelector& sel) {
    bool private_hit = false;
    std::vector<std::string> ids = select(sel.text, packs, private_hit);
    if (ids.empty()) errors.push_back(no_match_message(sel, packs, private_hit));
    return ids;
  };

  for (const RuleSelector& sel : policy.disable)
    for (std::string& id : resolve(sel)) out.disabled.insert(std::move(id));
  for (const RuleSelector& sel : policy.enable)
    for (const std::string& id : resolve(sel)) out.disabled.erase(id);
  for (const auto& [sel, severity] : policy.severity) {
    if (sel.text.compare(0, kTagPrefix.size(), kTagPrefix) == 0) {
      errors.push_back((sel.origin.empty() ? std::string() : sel.origin + ": ") +
                       "a severity override names one rule (ID or pack:ID), not a tag: `" + sel.text + "`");
      continue;
    }
    for (std::string& id : resolve(sel)) out.severity[std::move(id)] = severity;
  }
  return errors.size() == errors_before;
}

void apply_rule_policy(const ResolvedPolicy& policy, const VerdictThresholds& thresholds, ArtifactReport& report) {
  if (report.unreadable || policy.empty()) return;
  std::erase_if(report.findings, [&](const Finding& f) { return policy.disabled.count(f.rule) > 0; });
  for (Finding& f : report.findings) {
    auto it = policy.severity.find(f.rule);
    if (it != policy.severity.end()) f.severity = it->second;
  }
  sort_findings(report.findings);
  report.score = compute_score(report.findings);
  report.verdict = verdict_for(report.score, thresholds);
}

}  // namespace canary
