// A small reader for the S-expressions of tree-sitter queries: enough
// structure (node types, fields, captures, alternations, anchors,
// quantifiers) for the analyses that decide what a query can match without
// running it: query_scope (does a match stay in one top-level statement) and
// query_context (what source text must surround a captured name).
#pragma once
#include <string_view>
#include <vector>

namespace canary::sexp {

// One element of a query's S-expression: a list `(...)`, an alternation
// `[...]`, a string (anonymous node) or a bare word such as `_`.
struct Item {
  char open = 0;               // '(' or '[', 0 for a word or a string
  bool string = false;
  bool predicate = false;      // a list whose head is #name
  std::string_view word;       // a list's node type ("" for a group), or the bare word
  std::string_view field;      // the field this element is the child of (`function:`), or ""
  std::vector<Item> kids;
  int anchors = 0;             // `.` among the kids
  std::vector<std::string_view> captures;  // @names on this element
  bool captured() const { return !captures.empty(); }
  char quantifier = 0;         // '?', '*', '+'
};

// The query's top-level patterns as the kids of `top`; false when the text
// is not understood (then callers assume nothing).
bool read_query(std::string_view text, Item& top);

}  // namespace canary::sexp
