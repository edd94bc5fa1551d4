// Findings -> 0..10 score -> verdict. The formula is documented in
// docs/scoring.md; keep the two in step.
#pragma once
#include <vector>

#include "report.hpp"

namespace canary {

struct VerdictThresholds {
  double low_risk = 1.0;   // score >= this: LOW_RISK
  double high_risk = 5.0;  // score >= this: HIGH_RISK
  double malicious = 8.0;  // score >= this: MALICIOUS
};

double severity_weight(Severity s);  // info 0, low 1, medium 3, high 6, critical 10

// Each rule counts once per artifact, at the highest severity it was reported
// with. score = min(10, w_max + 0.25 * (sum of the other rules' weights)).
double compute_score(const std::vector<Finding>& findings);
Verdict verdict_for(double score, const VerdictThresholds& t);

}  // namespace canary
