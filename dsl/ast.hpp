// The syntax tree of one rule file, as the parser builds it. It is purely
// syntactic: names are not resolved and nothing is validated beyond the
// grammar. The checker (engine/checker) resolves and validates it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "source.hpp"

namespace canary::dsl {

struct Import {
  std::string name;  // the string between quotes, e.g. "python"
  Span span;         // the whole `import "python"` declaration
  Span name_span;    // the string literal
};

enum class PatternKind { Literal, Regex, Query, Path, SetRef };

struct Pattern {
  std::string name;  // without the leading '$'
  Span name_span;    // `$name`
  PatternKind kind = PatternKind::Literal;
  // Literal: the unescaped bytes. Regex: the raw text between the slashes.
  // Query: the raw text between the backticks. Path: the unescaped glob.
  // SetRef: the (possibly dotted) name, e.g. "python.network_calls".
  std::string text;
  // Regex and Query: offset in the rule file of the first byte of `text`
  // (the byte after the opening delimiter), so an error offset k inside the
  // regex/query maps to text_span.begin + k. Otherwise the span of the token.
  Span text_span;
  std::string flags;  // Regex: the flag letters after the closing slash
  bool nocase = false;    // Literal modifier
  bool fullword = false;  // Literal modifier
  Span span;              // the whole `$a = ...` line
};

struct PatternSet {
  std::string name;
  Span name_span;
  std::vector<Pattern> patterns;
  Span span;
};

struct MetaValue {
  enum class Kind { String, Int, Bool, Ident, List } kind = Kind::String;
  std::string text;                // String (unescaped) / Ident
  int64_t number = 0;              // Int
  bool boolean = false;            // Bool
  std::vector<std::string> items;  // List of strings (unescaped)
  Span span;
};

struct MetaEntry {
  std::string key;
  Span key_span;
  MetaValue value;
};

// `path = "*.pth"`, `kind = [python, setup_py]`, `exclude = ["tests/**"]`.
struct ScopeEntry {
  std::string key;
  Span key_span;
  std::vector<std::string> values;  // strings unescaped, identifiers as written
  std::vector<Span> value_spans;    // one per value
  bool values_are_identifiers = false;
};

enum class ExprKind {
  Bool,          // boolean
  Int,           // number
  String,        // text (unescaped)
  Regex,         // text = regex source, flags; only as the right side of `matches`
  PatternMatch,  // `$a`   : text = "a"
  PatternCount,  // `#a`   : text = "a"
  Of,            // `Q of (...)`: quantifier, of_items / of_them
  Name,          // `NAME` or `a.b` (rule reference or fact): text = "a.b"
  Not,           // children[0]
  And,           // children (2 or more)
  Or,            // children (2 or more)
  Compare,       // op: == != < <= > >= contains icontains startswith endswith matches; children[0], children[1]
  Add,           // op: + or -; children[0], children[1]
};

enum class Quantifier { Any, All, None, AtLeast };

struct OfItem {
  bool is_pattern = false;  // `$a` / `$a*` versus a rule name / `NAME*`
  std::string name;         // without '$' and without the trailing '*'
  bool wildcard = false;    // trailing '*'
  Span span;
};

struct Expr {
  ExprKind kind = ExprKind::Bool;
  Span span;
  bool boolean = false;
  int64_t number = 0;
  std::string text;
  std::string flags;  // Regex
  std::string op;     // Compare, Add
  Quantifier quantifier = Quantifier::Any;  // Of
  int64_t quantity = 0;                     // Of with Quantifier::AtLeast
  bool of_them = false;                     // `of them`
  std::vector<OfItem> of_items;
  std::vector<Expr> children;
};

struct Rule {
  std::string name;
  Span name_span;
  bool is_private = false;
  std::vector<std::string> tags;
  std::vector<MetaEntry> meta;
  std::vector<ScopeEntry> scope;
  std::vector<Pattern> patterns;
  Expr condition;
  Span span;  // `rule` keyword (or `private`) to the closing brace
};

struct RuleFile {
  uint32_t file = 0;  // SourceMap id
  std::vector<Import> imports;
  std::vector<PatternSet> pattern_sets;
  std::vector<Rule> rules;
};

}  // namespace canary::dsl
