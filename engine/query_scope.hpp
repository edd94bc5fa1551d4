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

// Whether parsing a class statement's header with only some of its
// members finds exactly the matches that lie in those members, with the
// same text (class-member scoping, docs/architecture.md): the query stays in
// one top-level statement, captures no node that can hold several members
// (module, `_`, a class or decorated definition, a block, ERROR), and has no
// anchor or repetition among such a node's children. The parse keeps the
// chain module > class > block above the members it holds, so patterns such
// as `(module (class_definition body: (block (expression_statement) @m)))`
// qualify; `(call ...)` patterns do too.
bool query_matches_within_member(std::string_view query_text);

// The node types of the top-level statement a match can lie in, as
// python_statement_type_bit bits (python_statements.hpp), or ~0u for any.
// Only a pattern rooted at `module` whose one child pattern is a node type,
// or an alternation of node types, narrows it: `((module (expression_statement
// ...)) ...)` can only match in a statement that is not a def, class, import,
// if, ... Types python_statement_types cannot tell from a first token
// (expression_statement) need no bit: such a statement's first token is
// never a keyword that rules it out. Anything else, and any text this
// reader does not understand, gives ~0u.
uint32_t query_statement_types(std::string_view query_text);

}  // namespace canary
