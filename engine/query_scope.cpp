#include "query_scope.hpp"

#include <vector>

#include "query_sexp.hpp"

namespace canary {
namespace {

using sexp::Item;


// Whether every match of `it`, as a whole pattern, lies in one top-level statement.
bool stays(const Item& it, bool captured) {
  captured = captured || it.captured();
  if (it.predicate) return true;
  // A repeated pattern matches a run of siblings: top-level statements, maybe.
  if (it.quantifier == '*' || it.quantifier == '+') return false;
  if (it.string) return true;  // an anonymous node (a keyword): inside a statement
  if (it.open == '[') {
    if (it.anchors > 0) return false;
    for (const Item& k : it.kids)
      if (!stays(k, captured)) return false;
    return true;
  }
  if (it.open == 0) return false;  // a bare `_` (any node, the module too) or a word not understood
  std::vector<const Item*> children;
  for (const Item& k : it.kids)
    if (!k.predicate) children.push_back(&k);
  if (it.word.empty()) {  // a group: one pattern with its predicates, or siblings
    if (it.anchors > 0 || children.size() > 1) return false;
    return children.empty() || stays(*children.front(), captured);
  }
  if (it.word != "module" && it.word != "_") return true;
  // Rooted at the module (or what may be it): the match is the module and
  // at most one top-level statement.
  if (captured || it.anchors > 0 || children.size() > 1) return false;
  for (const Item* k : children)
    if (k->quantifier == '*' || k->quantifier == '+') return false;
  return true;
}

}  // namespace

bool query_matches_within_statement(std::string_view query_text) {
  Item top;
  if (!sexp::read_query(query_text, top)) return false;
  if (top.anchors > 0) return false;
  for (const Item& k : top.kids)
    if (!stays(k, false)) return false;
  return true;
}

}  // namespace canary
