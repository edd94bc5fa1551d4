// What `canary eval` measured, independent of how it is printed: per unit its
// verdict and top findings, per side the counts the rates come from.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/report.hpp"
#include "engine/score.hpp"
#include "eval_inputs.hpp"

namespace canary::cli {

constexpr size_t kEvalTopFindings = 3;

struct UnitResult {
  std::string path;
  Verdict verdict = Verdict::Safe;
  double score = 0;
  bool unreadable = false;
  std::vector<std::string> errors;  // read problems, also of units that were read in part
  std::vector<Finding> top;         // the first findings of distinct rules, at most kEvalTopFindings
  double seconds = 0;               // wall time of this unit's scan
};

// The slim copy of a report the evaluation keeps (the full reports of a few
// thousand units would hold every excerpt in memory).
UnitResult summarize(const ArtifactReport& report, double seconds);

struct SideResult {
  std::vector<UnitResult> units;  // in input order

  size_t unreadable() const;
  size_t with_read_problems() const;  // read, but with errors
  // Readable units with exactly this verdict / at least this verdict.
  // Unreadable units are in neither: they count as not flagged.
  size_t count(Verdict v) const;
  size_t at_least(Verdict v) const;
  // at_least(v) / units.size(); 0 when there are no units.
  double rate(Verdict v) const;
};

struct EvalResult {
  std::string rules;  // the packs, as the "rules:" header says them
  size_t rule_count = 0;
  VerdictThresholds thresholds;
  SideResult malicious;
  SideResult benign;
  std::vector<InputError> input_errors;
  double seconds = 0;  // wall time of all scans (packs already loaded)
  unsigned jobs = 1;
  bool show_low = false;  // also list benign units at LOW_RISK
};

// Units of `side` for which `keep` holds, in input order.
template <typename Pred>
std::vector<const UnitResult*> select_units(const SideResult& side, Pred keep) {
  std::vector<const UnitResult*> out;
  for (const UnitResult& u : side.units)
    if (keep(u)) out.push_back(&u);
  return out;
}

// Malicious units not flagged: readable and below HIGH_RISK.
std::vector<const UnitResult*> misses(const EvalResult& r);
// Benign units at HIGH_RISK or above.
std::vector<const UnitResult*> benign_flagged(const EvalResult& r);
// Benign units at LOW_RISK (listed only with --show-low).
std::vector<const UnitResult*> benign_low(const EvalResult& r);
// Units of both sides that could not be read, or were read only in part.
std::vector<const UnitResult*> units_with_errors(const SideResult& side);
// The `n` slowest units of both sides, slowest first.
std::vector<const UnitResult*> slowest_units(const EvalResult& r, size_t n);

}  // namespace canary::cli
