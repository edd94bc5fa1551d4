#include "query_scope.hpp"

#include <vector>

#include "python_statements.hpp"
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

constexpr uint32_t kAnyType = ~0u;

// The statement types one element directly below `module` can be: its node
// type, or its alternatives'. A bit that no first token tells (0) still
// narrows: such a statement never starts with one of the keywords.
bool child_types(const Item& it, uint32_t& types) {
  if (it.predicate || it.string || it.quantifier != 0) return false;
  if (it.open == '[') {
    if (it.kids.empty()) return false;
    for (const Item& k : it.kids)
      if (!k.predicate && !child_types(k, types)) return false;
    return true;
  }
  // Statements only: a comment or an ERROR node can sit below the module
  // in any statement's text.
  if (it.open != '(' || !(it.word.ends_with("_statement") || it.word.ends_with("_definition"))) return false;
  types |= python_statement_type_bit(it.word);
  return true;
}

// The statement types a top-level pattern's matches can lie in.
uint32_t pattern_types(const Item& it) {
  if (it.predicate) return 0;  // a predicate adds no match of its own
  if (it.open == '(' && it.word.empty()) {  // a group: one pattern and its predicates
    const Item* only = nullptr;
    for (const Item& k : it.kids) {
      if (k.predicate) continue;
      if (only) return kAnyType;
      only = &k;
    }
    return only && it.quantifier == 0 ? pattern_types(*only) : kAnyType;
  }
  if (it.open != '(' || it.word != "module" || it.quantifier != 0 || it.anchors > 0) return kAnyType;
  const Item* child = nullptr;
  for (const Item& k : it.kids) {
    if (k.predicate) continue;
    if (child) return kAnyType;
    child = &k;
  }
  uint32_t types = 0;
  if (!child || !child_types(*child, types)) return kAnyType;
  return types;
}

// A node type that can be on the chain module > (decorated) class > block
// above the members of a class: the nodes a parse of some members changes.
bool on_chain(std::string_view type) {
  for (std::string_view t : {"module", "_", "class_definition", "decorated_definition", "block", "ERROR"})
    if (type == t) return true;
  return false;
}

// Whether `it`, which may match a node of that chain, reads nothing that a
// parse of a class's header with only some of its members changes: no
// capture of a chain node (its text would run over the members left out),
// no anchor among its children (the first or next member may be one left
// out), no repeated child. A node off the chain lies inside one member (or
// the header) and is parsed as in the whole file, whatever is below it.
bool member_safe(const Item& it) {
  if (it.predicate || it.string) return true;
  if (it.quantifier == '*' || it.quantifier == '+') return false;
  if (it.open == 0) return !it.captured();  // a bare `_`: any node
  if (it.open == '[') {
    if (it.anchors > 0) return false;
    for (const Item& k : it.kids) {
      if (k.predicate) continue;
      if (it.captured() && (k.open != '(' || k.word.empty() || on_chain(k.word))) return false;
      if (!member_safe(k)) return false;
    }
    return true;
  }
  if (!it.word.empty() && !on_chain(it.word)) return true;
  // A chain node, or a group (one pattern and its predicates, at the top).
  if (it.captured() || it.anchors > 0) return false;
  for (const Item& k : it.kids)
    if (!member_safe(k)) return false;
  return true;
}

}  // namespace

bool query_matches_within_member(std::string_view query_text) {
  if (!query_matches_within_statement(query_text)) return false;
  Item top;
  if (!sexp::read_query(query_text, top) || top.anchors > 0) return false;
  for (const Item& k : top.kids)
    if (!member_safe(k)) return false;
  return true;
}

uint32_t query_statement_types(std::string_view query_text) {
  Item top;
  if (!sexp::read_query(query_text, top) || top.anchors > 0) return kAnyType;
  uint32_t types = 0;
  for (const Item& k : top.kids) types |= pattern_types(k);
  return types;
}

bool query_matches_within_statement(std::string_view query_text) {
  Item top;
  if (!sexp::read_query(query_text, top)) return false;
  if (top.anchors > 0) return false;
  for (const Item& k : top.kids)
    if (!stays(k, false)) return false;
  return true;
}

}  // namespace canary
