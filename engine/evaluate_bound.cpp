// Bounds on a rule's value before the file is parsed: three-valued
// evaluation where a pattern that includes a query not yet run is Unknown.
// The scanner parses a file only if a rule that can still change an output
// (a public rule not bounded False, and what it references) needs a query:
// most files of a benign package have some query's prefilter literal
// ("open", "run") but no rule that could hold, and tree-sitter costs ~50x
// the Hyperscan pass (docs/performance.md).
#include "evaluate.hpp"

namespace canary {

using Bound = FileEvaluation::Bound;
using Op = CExpr::Op;

namespace {

Bound negate(Bound b) { return b == Bound::Unknown ? b : (b == Bound::True ? Bound::False : Bound::True); }

}  // namespace

bool FileEvaluation::pattern_open(const CompiledRule& rule, int pattern, const std::vector<char>& open_query) const {
  for (int a : rule.patterns[pattern].atoms) {
    const Atom& atom = pack_.atoms[a];
    if (atom.kind == Atom::Kind::Query && open_query[atom.query]) return true;
  }
  return false;
}

bool FileEvaluation::depends_on_open(const CExpr& e, const CompiledRule& rule,
                                     const std::vector<char>& open_query) const {
  switch (e.op) {
    case Op::PatternMatch:
    case Op::PatternCount: return pattern_open(rule, e.pattern, open_query);
    case Op::RuleRef: return bound_[e.rule] == Bound::Unknown;
    case Op::Of:
      for (int p : e.of_patterns)
        if (pattern_open(rule, p, open_query)) return true;
      for (int r : e.of_rules)
        if (bound_[r] == Bound::Unknown) return true;
      return false;
    default:
      for (const CExpr& k : e.kids)
        if (depends_on_open(k, rule, open_query)) return true;
      return false;
  }
}

Bound FileEvaluation::bound_expr(const CExpr& e, const CompiledRule& rule, const std::vector<char>& open_query) {
  switch (e.op) {
    case Op::Not: return negate(bound_expr(e.kids[0], rule, open_query));
    case Op::And:
    case Op::Or: {
      // And: one False decides; Or: one True decides.
      const Bound decides = e.op == Op::And ? Bound::False : Bound::True;
      bool unknown = false;
      for (const CExpr& k : e.kids) {
        Bound b = bound_expr(k, rule, open_query);
        if (b == decides) return decides;
        unknown = unknown || b == Bound::Unknown;
      }
      return unknown ? Bound::Unknown : negate(decides);
    }
    case Op::PatternMatch:
      // Matches only add up: one found now stays found.
      if (pattern_count(rule, e.pattern) > 0) return Bound::True;
      return pattern_open(rule, e.pattern, open_query) ? Bound::Unknown : Bound::False;
    case Op::RuleRef: return bound_[e.rule];
    case Op::Of: {
      const int64_t total = static_cast<int64_t>(e.of_patterns.size() + e.of_rules.size());
      int64_t hit = 0, open = 0;
      for (int p : e.of_patterns) {
        if (pattern_count(rule, p) > 0) ++hit;
        else if (pattern_open(rule, p, open_query)) ++open;
      }
      for (int r : e.of_rules) {
        if (bound_[r] == Bound::True) ++hit;
        else if (bound_[r] == Bound::Unknown) ++open;
      }
      // The count of true members ends between hit and hit + open.
      auto at_least = [&](int64_t n) {
        if (hit >= n) return Bound::True;
        return hit + open < n ? Bound::False : Bound::Unknown;
      };
      switch (e.quant) {
        case CExpr::Quant::Any: return at_least(1);
        case CExpr::Quant::All: return at_least(total);
        case CExpr::Quant::None: return negate(at_least(1));
        case CExpr::Quant::AtLeast: return at_least(e.quantity);
      }
      return Bound::Unknown;
    }
    default:
      // Comparisons, facts, counts: exact unless they read something open.
      // Rule references read result_, which bound_rule set for known rules.
      if (depends_on_open(e, rule, open_query)) return Bound::Unknown;
      return eval_bool(e, rule) ? Bound::True : Bound::False;
  }
}

Bound FileEvaluation::bound_rule(int r, const std::vector<char>& open_query) {
  if (bound_.empty()) bound_.assign(pack_.rules.size(), Bound::False);
  const CompiledRule& rule = pack_.rules[r];
  bound_[r] = bound_expr(rule.condition, rule, open_query);
  result_[r] = bound_[r] == Bound::True ? 1 : 0;
  return bound_[r];
}

}  // namespace canary
