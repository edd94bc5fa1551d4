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
std::vector<uint32_t> python_statement_starts(std::string_view source);

// The tree-sitter-python node types a top-level statement can be, as told
// by its first token, one bit each: a hard keyword (`def`, `class`, `@`,
// `if`, `import`, `return`, ...) decides it. 0 for anything else (a name, a
// string, a soft keyword such as `match`, Python 2's `print`): any type,
// expression_statement included. Used to skip statements no query pattern
// rooted at `module` can match in (query_scope.hpp).
uint32_t python_statement_types(std::string_view source, uint32_t start);
// The bit of a node type python_statement_types can tell, or 0.
uint32_t python_statement_type_bit(std::string_view node_type);

}  // namespace canary
