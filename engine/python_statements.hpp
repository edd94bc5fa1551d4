// Where the top-level statements of Python source start, found by a small
// tokenizer instead of a parse, so that the scanner can hand tree-sitter only
// the statements a query can match in (statement-scoped parsing,
// docs/architecture.md).
//
// A statement starts at a logical line whose first token is in column 0
// (outside strings, brackets, comments and backslash continuations), unless
// it continues the statement before: `else`, `elif`, `except`, `finally`, or
// the def/class (or further decorator) after a decorator line. Strings are
// tokenized as CPython 3.12 does: every prefix, triple quotes, backslash
// escapes (raw strings too), and PEP 701 f-strings whose replacement fields
// may nest any quotes.
//
// Cutting inside a statement or a string would change what tree-sitter sees,
// merging two statements never does: on anything unusual (an unterminated
// string or bracket, a stray closing bracket, a lone CR, a backslash outside
// a string that does not end its line, nesting deeper than kMaxNesting) the
// answer is the single start 0, the whole file as one statement.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace canary {

// Offsets where top-level statements start, ascending; always starts with 0.
// Statement i covers [starts[i], starts[i+1]) (the last one runs to the end),
// comments and blank lines after it included.
struct LogicalLine {
  uint32_t at;      // where the line starts (column 0)
  uint32_t indent;  // spaces and tabs before its first token
};
// Also lists, in `lines`, every logical line that holds a token (not blank,
// not only a comment, not inside a string or brackets); empty when the
// tokenizer gave up (then the answer is the single start 0, as it is for a
// file of one statement).
std::vector<uint32_t> python_statement_starts(std::string_view source, std::vector<LogicalLine>* lines = nullptr);

// The members of the top-level class statement [begin, end) (its decorators
// first, if any): where each statement of the class body starts, at the
// start of its line, ascending. A member runs to the next one; the first
// one's start ends the header (decorators, `class` line, comments). The
// same rules as for top-level statements: `else`/`elif`/`except`/`finally`
// and the def after a decorator continue the member before. Empty when the
// statement is not a class with an indented body, or when a body line is
// indented with other whitespace than the first (nothing is cut then).
std::vector<uint32_t> python_class_members(std::string_view source, const std::vector<LogicalLine>& lines,
                                           uint32_t begin, uint32_t end);

// The tree-sitter-python node types a top-level statement can be, as told
// by its first token, one bit each: the keyword of a compound statement
// (`def`, `class`, `@`, `if`, `for`, `while`, `try`, `with`, `async`)
// decides it. 0 for anything else: a name, a string, a soft keyword such as
// `match`, Python 2's `print`, and simple statements, which `;` can follow
// with others (`import os; exec(code)`): any type, expression_statement
// included. Used to skip statements no query pattern rooted at `module` can
// match in (query_scope.hpp).
uint32_t python_statement_types(std::string_view source, uint32_t start);
// The bit of a node type python_statement_types can tell, or 0.
uint32_t python_statement_type_bit(std::string_view node_type);

}  // namespace canary
