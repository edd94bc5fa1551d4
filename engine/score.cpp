// Findings -> score -> verdict. docs/scoring.md explains the formula and why.
#include "score.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace canary {

double severity_weight(Severity s) {
  switch (s) {
    case Severity::Info: return 0;
    case Severity::Low: return 1;
    case Severity::Medium: return 3;
    case Severity::High: return 6;
    case Severity::Critical: return 10;
  }
  return 0;
}

double compute_score(const std::vector<Finding>& findings) {
  // A rule that fires in twenty files is still one signal: keep each rule
  // once, at the highest severity it was reported with.
  std::map<std::string, Severity> per_rule;
  for (const Finding& f : findings) {
    auto [it, inserted] = per_rule.try_emplace(f.rule, f.severity);
    if (!inserted && f.severity > it->second) it->second = f.severity;
  }
  double w_max = 0;
  double total = 0;
  for (const auto& [rule, severity] : per_rule) {
    double w = severity_weight(severity);
    w_max = std::max(w_max, w);
    total += w;
  }
  // The strongest signal sets the floor; every other signal adds a quarter of
  // its weight, so independent evidence escalates without one weak rule
  // repeated many times ever counting for more than once.
  return std::min(10.0, w_max + 0.25 * (total - w_max));
}

Verdict verdict_for(double score, const VerdictThresholds& t) {
  if (score >= t.malicious) return Verdict::Malicious;
  if (score >= t.high_risk) return Verdict::HighRisk;
  if (score >= t.low_risk) return Verdict::LowRisk;
  return Verdict::Safe;
}

}  // namespace canary
