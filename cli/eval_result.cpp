#include "eval_result.hpp"

#include <algorithm>
#include <set>

namespace canary::cli {

UnitResult summarize(const ArtifactReport& report, double seconds) {
  UnitResult u;
  u.path = report.path;
  u.verdict = report.verdict;
  u.score = report.score;
  u.unreadable = report.unreadable;
  u.errors = report.errors;
  u.seconds = seconds;
  // Findings come sorted by severity: the first of each rule is its worst.
  std::set<std::string> seen;
  for (const Finding& f : report.findings) {
    if (u.top.size() == kEvalTopFindings) break;
    if (!seen.insert(f.rule).second) continue;
    Finding slim = f;
    slim.lines.clear();  // not printed; a rule may list hundreds
    u.top.push_back(std::move(slim));
  }
  return u;
}

size_t SideResult::unreadable() const {
  return static_cast<size_t>(std::count_if(units.begin(), units.end(), [](const UnitResult& u) { return u.unreadable; }));
}

size_t SideResult::with_read_problems() const {
  return static_cast<size_t>(
      std::count_if(units.begin(), units.end(), [](const UnitResult& u) { return !u.unreadable && !u.errors.empty(); }));
}

size_t SideResult::count(Verdict v) const {
  return static_cast<size_t>(
      std::count_if(units.begin(), units.end(), [v](const UnitResult& u) { return !u.unreadable && u.verdict == v; }));
}

size_t SideResult::at_least(Verdict v) const {
  return static_cast<size_t>(
      std::count_if(units.begin(), units.end(), [v](const UnitResult& u) { return !u.unreadable && u.verdict >= v; }));
}

double SideResult::rate(Verdict v) const {
  return units.empty() ? 0.0 : static_cast<double>(at_least(v)) / static_cast<double>(units.size());
}

std::vector<const UnitResult*> misses(const EvalResult& r) {
  return select_units(r.malicious, [](const UnitResult& u) { return !u.unreadable && u.verdict < Verdict::HighRisk; });
}

std::vector<const UnitResult*> benign_flagged(const EvalResult& r) {
  return select_units(r.benign, [](const UnitResult& u) { return !u.unreadable && u.verdict >= Verdict::HighRisk; });
}

std::vector<const UnitResult*> benign_low(const EvalResult& r) {
  return select_units(r.benign, [](const UnitResult& u) { return !u.unreadable && u.verdict == Verdict::LowRisk; });
}

std::vector<const UnitResult*> units_with_errors(const SideResult& side) {
  return select_units(side, [](const UnitResult& u) { return !u.errors.empty(); });
}

std::vector<const UnitResult*> slowest_units(const EvalResult& r, size_t n) {
  std::vector<const UnitResult*> all;
  for (const SideResult* side : {&r.malicious, &r.benign})
    for (const UnitResult& u : side->units) all.push_back(&u);
  const size_t k = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                    [](const UnitResult* a, const UnitResult* b) { return a->seconds > b->seconds; });
  all.resize(k);
  return all;
}

}  // namespace canary::cli
