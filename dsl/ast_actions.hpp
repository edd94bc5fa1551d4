// PEGTL actions that turn one parsed declaration (grammar.hpp) into AST nodes
// (ast.hpp). Internal to the parser: include it only from parser.cpp.
//
// The grammar never backtracks over a rule that has an action (see the
// conventions in grammar.hpp), so each action simply records what it matched.
// Expressions are built bottom-up on a stack: leaves push a node, operators pop
// their operands and push the combined node.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ast.hpp"
#include "grammar.hpp"
#include "literals.hpp"

namespace canary::dsl::actions {

namespace g = grammar;

// Everything one declaration builds. A fresh state is used per declaration, so
// a declaration that fails half-way leaves nothing behind.
struct BuildState : g::control_state {
  BuildState(const char* base_, uint32_t file_, RuleFile& out_) : base(base_), file(file_), out(out_) {}

  const char* base;  // first byte of the source text: spans are offsets from it
  uint32_t file;
  RuleFile& out;

  Import import;
  PatternSet set;
  Rule rule;
  std::vector<Pattern> patterns;
  Pattern pattern;
  MetaEntry meta;
  ScopeEntry scope;
  size_t scope_strings = 0, scope_identifiers = 0;
  std::vector<Expr> exprs;
  Expr of;  // the `of` expression being built (they do not nest)

  Span span(const char* b, const char* e) const {
    return {file, static_cast<uint32_t>(b - base), static_cast<uint32_t>(e - base)};
  }
  template <typename Input>
  Span span(const Input& in) const {
    return span(in.begin(), in.end());
  }
  Expr pop() {
    Expr e = std::move(exprs.back());
    exprs.pop_back();
    return e;
  }
  void push(ExprKind kind, Span sp) {
    Expr e;
    e.kind = kind;
    e.span = sp;
    exprs.push_back(std::move(e));
  }
};

template <typename Input>
int64_t integer_or_error(const Input& in) {
  auto v = integer_value(in.string_view());
  if (!v) throw g::syntax_error("integer literal out of range (the limit is 2^63-1)", in.begin(), in.end(), in.end());
  return *v;
}

// Regex token `/text/flags` -> text between the slashes and its span, flags.
struct RegexParts {
  std::string text, flags;
  Span text_span;
};
template <typename Input>
RegexParts regex_parts(const Input& in, const BuildState& s) {
  std::string_view all = in.string_view();
  size_t close = all.rfind('/');  // flags never contain '/'
  RegexParts r;
  r.text = std::string(all.substr(1, close - 1));
  r.flags = std::string(all.substr(close + 1));
  r.text_span = s.span(in.begin() + 1, in.begin() + close);
  return r;
}

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

// ---------------------------------------------------------------- imports

template <>
struct action<g::import_name> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.import.name = unescape_string(in.string_view());
    s.import.name_span = s.span(in);
  }
};
template <>
struct action<g::import_decl> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.import.span = s.span(in);
    s.out.imports.push_back(std::move(s.import));
  }
};

// ---------------------------------------------------------------- patterns

template <>
struct action<g::pattern_ident> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.pattern = Pattern{};
    s.pattern.name = in.string();
    s.pattern.name_span = s.span(in.begin() - 1, in.end());  // include the '$'
  }
};
template <>
struct action<g::literal_text> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.pattern.kind = PatternKind::Literal;
    s.pattern.text = unescape_string(in.string_view());
    s.pattern.text_span = s.span(in);
  }
};
template <>
struct action<g::mod_nocase> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.pattern.nocase = true;
  }
};
template <>
struct action<g::mod_fullword> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.pattern.fullword = true;
  }
};
template <>
struct action<g::pattern_regex> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    RegexParts r = regex_parts(in, s);
    s.pattern.kind = PatternKind::Regex;
    s.pattern.text = std::move(r.text);
    s.pattern.flags = std::move(r.flags);
    s.pattern.text_span = r.text_span;
  }
};
template <>
struct action<g::query_text> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    std::string_view all = in.string_view();
    s.pattern.kind = PatternKind::Query;
    s.pattern.text = std::string(all.substr(1, all.size() - 2));
    s.pattern.text_span = s.span(in.begin() + 1, in.end() - 1);
  }
};
template <>
struct action<g::path_glob> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.pattern.kind = PatternKind::Path;
    s.pattern.text = unescape_string(in.string_view());
    s.pattern.text_span = s.span(in);
  }
};
template <>
struct action<g::set_reference> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.pattern.kind = PatternKind::SetRef;
    s.pattern.text = in.string();
    s.pattern.text_span = s.span(in);
  }
};
template <>
struct action<g::pattern_decl> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.pattern.span = s.span(in);
    s.patterns.push_back(std::move(s.pattern));
    s.pattern = Pattern{};
  }
};

// ---------------------------------------------------------------- pattern sets

template <>
struct action<g::set_name> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.set.name = in.string();
    s.set.name_span = s.span(in);
  }
};
template <>
struct action<g::patternset_decl> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.set.span = s.span(in);
    s.set.patterns = std::move(s.patterns);
    s.out.pattern_sets.push_back(std::move(s.set));
  }
};

// ---------------------------------------------------------------- meta

template <>
struct action<g::meta_key> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta = MetaEntry{};
    s.meta.key = in.string();
    s.meta.key_span = s.span(in);
  }
};
template <>
struct action<g::meta_string> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.kind = MetaValue::Kind::String;
    s.meta.value.text = unescape_string(in.string_view());
    s.meta.value.span = s.span(in);
  }
};
template <>
struct action<g::meta_int> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.kind = MetaValue::Kind::Int;
    s.meta.value.number = integer_or_error(in);
    s.meta.value.span = s.span(in);
  }
};
template <>
struct action<g::meta_bool> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.kind = MetaValue::Kind::Bool;
    s.meta.value.boolean = in.string_view() == "true";
    s.meta.value.span = s.span(in);
  }
};
template <>
struct action<g::meta_ident> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.kind = MetaValue::Kind::Ident;
    s.meta.value.text = in.string();
    s.meta.value.span = s.span(in);
  }
};
template <>
struct action<g::meta_list_item> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.items.push_back(unescape_string(in.string_view()));
  }
};
template <>
struct action<g::meta_list> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.meta.value.kind = MetaValue::Kind::List;
    s.meta.value.span = s.span(in);
  }
};
template <>
struct action<g::meta_entry> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.rule.meta.push_back(std::move(s.meta));
    s.meta = MetaEntry{};
  }
};

// ---------------------------------------------------------------- scope

template <>
struct action<g::scope_key> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.scope = ScopeEntry{};
    s.scope.key = in.string();
    s.scope.key_span = s.span(in);
    s.scope_strings = s.scope_identifiers = 0;
  }
};
template <>
struct action<g::scope_string> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.scope.values.push_back(unescape_string(in.string_view()));
    s.scope.value_spans.push_back(s.span(in));
    ++s.scope_strings;
  }
};
template <>
struct action<g::scope_ident> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.scope.values.push_back(in.string());
    s.scope.value_spans.push_back(s.span(in));
    ++s.scope_identifiers;
  }
};
template <>
struct action<g::scope_entry> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    if (s.scope_strings > 0 && s.scope_identifiers > 0) {
      const Span& first = s.scope.value_spans.front();
      throw g::syntax_error("a scope list holds either strings or identifiers, not both", s.base + first.begin,
                            in.end(), in.end());
    }
    s.scope.values_are_identifiers = s.scope_identifiers > 0;
    s.rule.scope.push_back(std::move(s.scope));
    s.scope = ScopeEntry{};
  }
};

// ---------------------------------------------------------------- expressions: leaves

template <>
struct action<g::bool_literal> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.push(ExprKind::Bool, s.span(in));
    s.exprs.back().boolean = in.string_view() == "true";
  }
};
template <>
struct action<g::int_literal> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    int64_t v = integer_or_error(in);
    s.push(ExprKind::Int, s.span(in));
    s.exprs.back().number = v;
  }
};
template <>
struct action<g::string_expr> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.push(ExprKind::String, s.span(in));
    s.exprs.back().text = unescape_string(in.string_view());
  }
};
template <>
struct action<g::pattern_count> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.push(ExprKind::PatternCount, s.span(in));
    s.exprs.back().text = in.string().substr(1);
  }
};
template <>
struct action<g::pattern_match> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.push(ExprKind::PatternMatch, s.span(in));
    s.exprs.back().text = in.string().substr(1);
  }
};
template <>
struct action<g::name_ref> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.push(ExprKind::Name, s.span(in));
    s.exprs.back().text = in.string();
  }
};
// The Regex node's span is the text between the slashes, like
// Pattern::text_span, so a Hyperscan error offset k maps to span.begin + k.
template <>
struct action<g::matches_regex> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    RegexParts r = regex_parts(in, s);
    s.push(ExprKind::Regex, r.text_span);
    s.exprs.back().text = std::move(r.text);
    s.exprs.back().flags = std::move(r.flags);
  }
};

// ---------------------------------------------------------------- expressions: `of`

template <>
struct action<g::of_any> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.of = Expr{};
    s.of.quantifier = Quantifier::Any;
  }
};
template <>
struct action<g::of_all> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.of = Expr{};
    s.of.quantifier = Quantifier::All;
  }
};
template <>
struct action<g::of_none> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.of = Expr{};
    s.of.quantifier = Quantifier::None;
  }
};
template <>
struct action<g::of_count> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.of = Expr{};
    s.of.quantifier = Quantifier::AtLeast;
    s.of.quantity = integer_or_error(in);
  }
};
template <>
struct action<g::of_them> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.of.of_them = true;
  }
};
template <typename Input>
void add_of_item(const Input& in, BuildState& s, bool is_pattern) {
  std::string_view text = in.string_view();
  OfItem item;
  item.is_pattern = is_pattern;
  item.span = s.span(in);
  if (is_pattern) text.remove_prefix(1);
  if (!text.empty() && text.back() == '*') {
    item.wildcard = true;
    text.remove_suffix(1);
  }
  item.name = std::string(text);
  s.of.of_items.push_back(std::move(item));
}
template <>
struct action<g::of_pattern_item> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    add_of_item(in, s, true);
  }
};
template <>
struct action<g::of_rule_item> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    add_of_item(in, s, false);
  }
};
template <>
struct action<g::of_expr> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.of.kind = ExprKind::Of;
    s.of.span = s.span(in);
    s.exprs.push_back(std::move(s.of));
    s.of = Expr{};
  }
};

// ---------------------------------------------------------------- expressions: operators

// The operator is the first token of the tail: a symbol or a word.
inline std::string leading_operator(std::string_view tail) {
  size_t n = 0;
  bool symbol = !tail.empty() && (tail[0] == '=' || tail[0] == '!' || tail[0] == '<' || tail[0] == '>');
  while (n < tail.size()) {
    char c = tail[n];
    bool sym = c == '=' || c == '!' || c == '<' || c == '>';
    bool alpha = (c >= 'a' && c <= 'z');
    if (symbol ? !sym : !alpha) break;
    ++n;
  }
  return std::string(tail.substr(0, n));
}

inline void combine_binary(BuildState& s, ExprKind kind, std::string op, const char* end) {
  Expr rhs = s.pop();
  Expr lhs = s.pop();
  Expr e;
  e.kind = kind;
  e.op = std::move(op);
  e.span = {s.file, lhs.span.begin, static_cast<uint32_t>(end - s.base)};
  e.children.push_back(std::move(lhs));
  e.children.push_back(std::move(rhs));
  s.exprs.push_back(std::move(e));
}

template <>
struct action<g::add_tail> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    combine_binary(s, ExprKind::Add, std::string(1, in.peek_char(0)), in.end());
  }
};
template <>
struct action<g::relational_tail> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    combine_binary(s, ExprKind::Compare, leading_operator(in.string_view()), in.end());
  }
};
template <>
struct action<g::matches_tail> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    combine_binary(s, ExprKind::Compare, "matches", in.end());
  }
};
template <>
struct action<g::not_op> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    Expr operand = s.pop();
    s.push(ExprKind::Not, s.span(in));
    s.exprs.back().children.push_back(std::move(operand));
  }
};

// An and/or chain becomes one node with all operands as children. The operands
// are the nodes on top of the stack that start inside the chain's text; every
// node below them belongs to an enclosing expression that started earlier.
template <typename Input>
void flatten_chain(const Input& in, BuildState& s, ExprKind kind) {
  const uint32_t chain_begin = static_cast<uint32_t>(in.begin() - s.base);
  size_t first = s.exprs.size();
  while (first > 0 && s.exprs[first - 1].span.begin >= chain_begin) --first;
  if (s.exprs.size() - first < 2) return;
  Expr e;
  e.kind = kind;
  e.span = s.span(in);
  e.children.assign(std::make_move_iterator(s.exprs.begin() + static_cast<std::ptrdiff_t>(first)),
                    std::make_move_iterator(s.exprs.end()));
  s.exprs.resize(first);
  s.exprs.push_back(std::move(e));
}
template <>
struct action<g::and_expr> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    flatten_chain(in, s, ExprKind::And);
  }
};
template <>
struct action<g::or_expr> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    flatten_chain(in, s, ExprKind::Or);
  }
};
// `( E )` is E, with its span widened to include the parentheses.
template <>
struct action<g::paren_expr> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.exprs.back().span = s.span(in);
  }
};

// ---------------------------------------------------------------- rules

template <>
struct action<g::condition_section> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.rule.condition = s.pop();
  }
};
template <>
struct action<g::rule_private> {
  template <typename Input>
  static void apply(const Input&, BuildState& s) {
    s.rule.is_private = true;
  }
};
template <>
struct action<g::rule_name> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.rule.name = in.string();
    s.rule.name_span = s.span(in);
  }
};
template <>
struct action<g::rule_tag> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.rule.tags.push_back(in.string());
  }
};
template <>
struct action<g::rule_decl> {
  template <typename Input>
  static void apply(const Input& in, BuildState& s) {
    s.rule.span = s.span(in);
    s.rule.patterns = std::move(s.patterns);
    s.out.rules.push_back(std::move(s.rule));
  }
};

}  // namespace canary::dsl::actions
