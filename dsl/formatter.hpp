// The canonical layout of .canary rule files (`canary rules fmt`), in the style
// of the shipped rules: declarations at column 0 with one blank line between
// rules, sections at 2, entries at 4 (pattern-set members at 2), the
// condition on the line after `condition:`, `=` aligned in runs of meta
// entries and of one-line patterns, one space around operators.
//
// Only whitespace between tokens changes. The text of every token and comment
// (strings, regexes, queries, comments) is kept byte for byte, and so are the
// line breaks the author chose inside lists and conditions; indentation of
// their continuation lines is recomputed. docs/language.md, "Formatting".
#pragma once
#include <string>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace canary::dsl {

struct FormatResult {
  enum class Status {
    Ok,             // `text` holds the formatted file (possibly identical to the input)
    SyntaxErrors,   // the file does not parse; the errors were added to the Diagnostics
    InternalError,  // the formatter failed its own safety checks; `error` says which, `text` is empty
  } status = Status::Ok;
  std::string text;
  std::string error;
};

// Formats sources.file(file). Before returning Ok it parses the result and
// checks that its syntax tree and its sequence of tokens and comments equal the
// input's, and that formatting the result again changes nothing.
FormatResult format_rule_file(const SourceMap& sources, uint32_t file, Diagnostics& diags);

// Every field of the tree except source positions, as text: two files have the
// same meaning exactly when their fingerprints are equal.
std::string ast_fingerprint(const RuleFile& file);

}  // namespace canary::dsl
