// Whether every match of a tree-sitter query lies inside one top-level
// statement, read from the query's text, so the scanner may parse only the
// statements that hold the query's prefilter literals (statement-scoped
// parsing, docs/architecture.md).
//
// A pattern rooted at a node type other than `module` (and `_`, which can be
// the module) matches inside that node, and a node below the module lies in
// one top-level statement. A pattern rooted at `module` or `_` stays in one
// statement only if it has at most one child pattern (an alternation is one),
// no anchor `.`, no `*`/`+` child, and no capture on the root itself (whose
// text would be the part of the file that was parsed, not the whole file).
// Top-level groups of two or more sibling patterns can span statements too.
// Anything this reader does not understand counts as spanning: the query is
// then run over whole files, as before.
#pragma once
#include <string_view>

namespace canary {

bool query_matches_within_statement(std::string_view query_text);

}  // namespace canary
