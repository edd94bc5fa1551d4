// The grammar of `.canary` rule files (docs/language.md) as PEGTL rules, one
// struct per rule. Actions that build the AST live elsewhere (ast_actions.hpp);
// this header only says what text is valid and what to say when it is not.
//
// Conventions:
//  - A rule never consumes whitespace after itself; `sep` is placed explicitly
//    before the next token, so an error points at the offending token.
//  - Once a prefix commits (a keyword, `$`, `(`, an opening quote...), the rest
//    is under must<> / if_must<>: the parse cannot backtrack past a committed
//    prefix, so every successful action is final and no AST work is undone.
//  - Every rule that appears under must<> has a message in `error_message`
//    (enforced by a static_assert in `control`), unless it cannot fail.
#pragma once
#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <tao/pegtl.hpp>

namespace canary::dsl::grammar {

using namespace tao::pegtl;

// ---------------------------------------------------------------- comments

struct line_comment : seq<two<'/'>, until<eolf>> {};
struct block_comment_open : string<'/', '*'> {};
struct block_comment_close : until<string<'*', '/'>> {};
struct block_comment : seq<block_comment_open, must<block_comment_close>> {};
// Whitespace and comments between tokens.
struct sep : star<sor<ascii::space, line_comment, block_comment>> {};

// ---------------------------------------------------------------- keywords

struct kw_rule : TAO_PEGTL_KEYWORD("rule") {};
struct kw_private : TAO_PEGTL_KEYWORD("private") {};
struct kw_import : TAO_PEGTL_KEYWORD("import") {};
struct kw_patternset : TAO_PEGTL_KEYWORD("patternset") {};
struct kw_meta : TAO_PEGTL_KEYWORD("meta") {};
struct kw_scope : TAO_PEGTL_KEYWORD("scope") {};
struct kw_patterns : TAO_PEGTL_KEYWORD("patterns") {};
struct kw_condition : TAO_PEGTL_KEYWORD("condition") {};
struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_of : TAO_PEGTL_KEYWORD("of") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_none : TAO_PEGTL_KEYWORD("none") {};
struct kw_them : TAO_PEGTL_KEYWORD("them") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_contains : TAO_PEGTL_KEYWORD("contains") {};
struct kw_icontains : TAO_PEGTL_KEYWORD("icontains") {};
struct kw_startswith : TAO_PEGTL_KEYWORD("startswith") {};
struct kw_endswith : TAO_PEGTL_KEYWORD("endswith") {};
struct kw_matches : TAO_PEGTL_KEYWORD("matches") {};
struct kw_ast : TAO_PEGTL_KEYWORD("ast") {};
struct kw_path : TAO_PEGTL_KEYWORD("path") {};
struct kw_nocase : TAO_PEGTL_KEYWORD("nocase") {};
struct kw_fullword : TAO_PEGTL_KEYWORD("fullword") {};

// Every keyword, each requiring a word boundary after it, so `android`,
// `order` and `notice` are identifiers, not `and`/`or`/`not` plus a tail.
struct keyword
    : sor<kw_rule, kw_private, kw_import, kw_patternset, kw_meta, kw_scope, kw_patterns, kw_condition, kw_and,
          kw_or, kw_not, kw_of, kw_any, kw_all, kw_none, kw_them, kw_true, kw_false, kw_contains, kw_icontains,
          kw_startswith, kw_endswith, kw_matches, kw_ast, kw_path, kw_nocase, kw_fullword> {};

// The same list as text, for messages (a test keeps the two in step).
inline constexpr std::string_view keyword_names[] = {
    "rule",     "private",   "import",    "patternset", "meta",       "scope",    "patterns", "condition",
    "and",      "or",        "not",       "of",         "any",        "all",      "none",     "them",
    "true",     "false",     "contains",  "icontains",  "startswith", "endswith", "matches",  "ast",
    "path",     "nocase",    "fullword"};

inline bool is_keyword(std::string_view word) {
  for (auto k : keyword_names)
    if (k == word) return true;
  return false;
}

// ---------------------------------------------------------------- names

// Any identifier, keywords included (meta/scope keys, tags, `$name`, `a.path`).
struct word : ascii::identifier {};
// An identifier that is not a keyword: rule, pattern-set and reference names.
struct name : seq<not_at<keyword>, ascii::identifier> {};
// `name` or `ns.name` or `file.path`: only the first part must not be a keyword.
struct dotted_name : seq<name, star<one<'.'>, word>> {};

// ---------------------------------------------------------------- strings

struct string_open : one<'"'> {};
struct hex_escape : seq<one<'x'>, xdigit, xdigit> {};
// hex_escape first: sor<> rewinds every alternative but the last, so a bad
// escape is reported at the character after the backslash.
struct escape_code : sor<hex_escape, one<'"', '\\', 'n', 'r', 't', '0'>> {};
struct escape : seq<one<'\\'>, must<escape_code>> {};
struct string_char : sor<escape, not_one<'"', '\\', '\n', '\r'>> {};
struct string_close : one<'"'> {};
struct string_literal : seq<string_open, star<string_char>, must<string_close>> {};

// ---------------------------------------------------------------- integers

struct hex_digits : plus<xdigit> {};
struct hex_int : seq<one<'0'>, one<'x', 'X'>, must<hex_digits>> {};
struct dec_int : plus<digit> {};
struct int_suffix : sor<string<'K', 'B'>, string<'M', 'B'>> {};
struct int_end : not_at<ascii::identifier_other> {};
struct int_token : seq<sor<hex_int, dec_int>, opt<int_suffix>, must<int_end>> {};

// ---------------------------------------------------------------- regexes and queries

struct regex_open : one<'/'> {};
// `\/` (and any other escaped character) stays in the text and does not end it.
struct regex_char : sor<seq<one<'\\'>, not_one<'\n', '\r'>>, not_one<'/', '\\', '\n', '\r'>> {};
struct regex_close : one<'/'> {};
struct regex_flags : star<one<'i', 's', 'm'>> {};
struct regex_end : not_at<ascii::identifier_other> {};
struct regex_literal : seq<regex_open, star<regex_char>, must<regex_close>, regex_flags, must<regex_end>> {};

struct query_open : one<'`'> {};
struct query_close : one<'`'> {};
struct query_literal : seq<query_open, star<not_one<'`'>>, must<query_close>> {};

// ---------------------------------------------------------------- imports

struct import_name : string_literal {};
struct import_decl : if_must<kw_import, sep, import_name> {};

// ---------------------------------------------------------------- patterns

struct pattern_ident : word {};
struct pattern_equals : one<'='> {};
struct literal_text : string_literal {};
struct mod_nocase : kw_nocase {};
struct mod_fullword : kw_fullword {};
struct literal_pattern : seq<literal_text, star<sep, sor<mod_nocase, mod_fullword>>> {};
struct pattern_regex : regex_literal {};
struct query_text : query_literal {};
struct query_pattern : if_must<kw_ast, sep, query_text> {};
struct path_glob : string_literal {};
struct path_pattern : if_must<kw_path, sep, path_glob> {};
struct set_reference : dotted_name {};
struct pattern_value : sor<literal_pattern, pattern_regex, query_pattern, path_pattern, set_reference> {};
// `$a = ...`
struct pattern_decl : if_must<one<'$'>, pattern_ident, sep, pattern_equals, sep, pattern_value> {};

// ---------------------------------------------------------------- pattern sets

struct set_name : name {};
struct set_open : one<'{'> {};
struct set_close : one<'}'> {};
struct patternset_decl : if_must<kw_patternset, sep, set_name, sep, set_open, star<sep, pattern_decl>, sep, set_close> {};

// ---------------------------------------------------------------- rule sections

struct section_keyword : sor<kw_meta, kw_scope, kw_patterns, kw_condition> {};
struct section_colon : one<':'> {};

struct meta_key : seq<not_at<section_keyword>, word> {};
struct meta_equals : one<'='> {};
struct meta_string : string_literal {};
struct meta_int : int_token {};
struct meta_bool : sor<kw_true, kw_false> {};
struct meta_ident : name {};
struct meta_list_item : string_literal {};
struct meta_list_close : one<']'> {};
// `["a", "b",]`: strings only, trailing comma allowed.
struct meta_list : if_must<one<'['>, sep,
                           opt<meta_list_item, star<sep, one<','>, sep, meta_list_item>, opt<sep, one<','>>>, sep,
                           meta_list_close> {};
struct meta_value : sor<meta_string, meta_int, meta_bool, meta_ident, meta_list> {};
struct meta_entry : if_must<meta_key, sep, meta_equals, sep, meta_value> {};
struct meta_section : if_must<kw_meta, sep, section_colon, star<sep, meta_entry>> {};

struct scope_key : seq<not_at<section_keyword>, word> {};
struct scope_equals : one<'='> {};
struct scope_string : string_literal {};
struct scope_ident : name {};
struct scope_item : sor<scope_string, scope_ident> {};
struct scope_list_close : one<']'> {};
struct scope_list : if_must<one<'['>, sep, opt<scope_item, star<sep, one<','>, sep, scope_item>, opt<sep, one<','>>>,
                            sep, scope_list_close> {};
struct scope_value : sor<scope_string, scope_ident, scope_list> {};
struct scope_entry : if_must<scope_key, sep, scope_equals, sep, scope_value> {};
struct scope_section : if_must<kw_scope, sep, section_colon, star<sep, scope_entry>> {};

struct patterns_section : if_must<kw_patterns, sep, section_colon, star<sep, pattern_decl>> {};

// ---------------------------------------------------------------- expressions
// or_expr > and_expr > not_expr > compare_expr > add_expr > primary, so `not`
// binds tighter than `and`, which binds tighter than `or`; comparisons and
// `+`/`-` bind tighter than `not`.

struct expression;
struct not_expr;
struct paren_inner;   // counted against the nesting limit
struct not_operand;   // counted against the nesting limit

struct paren_close : one<')'> {};
struct paren_expr : if_must<one<'('>, sep, paren_inner, sep, paren_close> {};

struct of_any : kw_any {};
struct of_all : kw_all {};
struct of_none : kw_none {};
struct of_count : int_token {};
struct of_quantifier : sor<of_any, of_all, of_none, of_count> {};
struct of_them : kw_them {};
struct of_pattern_item : seq<one<'$'>, word, opt<one<'*'>>> {};
struct of_rule_item : seq<dotted_name, opt<one<'*'>>> {};
struct of_item : sor<of_pattern_item, of_rule_item> {};
struct of_items_close : one<')'> {};
struct of_list : if_must<one<'('>, sep, of_item, star<sep, if_must<one<','>, sep, of_item>>, sep, of_items_close> {};
struct of_target : sor<of_them, of_list> {};
// The lookahead (which runs no actions) decides between `2 of (...)` and the
// integer 2 before anything is built.
struct of_expr : seq<at<sor<kw_any, kw_all, kw_none, int_token>, sep, kw_of>, of_quantifier, sep, kw_of, sep,
                     must<of_target>> {};

struct bool_literal : sor<kw_true, kw_false> {};
struct int_literal : int_token {};
struct string_expr : string_literal {};
struct count_name : word {};
struct pattern_count : if_must<one<'#'>, count_name> {};
struct match_name : word {};
struct pattern_match : if_must<one<'$'>, match_name> {};
struct name_ref : dotted_name {};
struct primary
    : sor<paren_expr, of_expr, bool_literal, int_literal, string_expr, pattern_count, pattern_match, name_ref> {};

struct add_op : one<'+', '-'> {};
struct add_operand : seq<primary> {};
struct add_tail : if_must<add_op, sep, add_operand> {};
struct add_expr : seq<primary, star<sep, add_tail>> {};

struct compare_op : sor<string<'=', '='>, string<'!', '='>, string<'<', '='>, string<'>', '='>, one<'<'>, one<'>'>,
                        kw_contains, kw_icontains, kw_startswith, kw_endswith> {};
struct compare_operand : seq<add_expr> {};
struct relational_tail : if_must<compare_op, sep, compare_operand> {};
struct matches_regex : regex_literal {};
struct matches_tail : if_must<kw_matches, sep, matches_regex> {};
struct compare_expr : seq<add_expr, opt<sep, sor<matches_tail, relational_tail>>> {};

struct not_op : if_must<kw_not, sep, not_operand> {};
struct not_expr : sor<not_op, compare_expr> {};
struct not_operand : seq<not_expr> {};

struct and_operand : seq<not_expr> {};
struct and_tail : if_must<kw_and, sep, and_operand> {};
struct and_expr : seq<not_expr, star<sep, and_tail>> {};

struct or_operand : seq<and_expr> {};
struct or_tail : if_must<kw_or, sep, or_operand> {};
struct or_expr : seq<and_expr, star<sep, or_tail>> {};

struct expression : seq<or_expr> {};
struct paren_inner : seq<expression> {};

struct condition_expr : seq<expression> {};
struct condition_section : if_must<kw_condition, sep, section_colon, sep, condition_expr> {};

// ---------------------------------------------------------------- rules

struct rule_private : kw_private {};
struct rule_after_private : kw_rule {};
struct rule_head : sor<if_must<rule_private, sep, rule_after_private>, kw_rule> {};
struct rule_name : name {};
struct rule_tag : word {};
struct rule_tags : if_must<one<':'>, sep, rule_tag, star<sep, rule_tag>> {};
struct rule_open : one<'{'> {};
struct rule_close : one<'}'> {};
struct rule_decl : if_must<rule_head, sep, rule_name, opt<sep, rule_tags>, sep, rule_open, opt<sep, meta_section>,
                           opt<sep, scope_section>, opt<sep, patterns_section>, sep, condition_section, sep,
                           rule_close> {};

// ---------------------------------------------------------------- files

struct declaration : sor<import_decl, patternset_decl, rule_decl> {};
// What the parser runs repeatedly: skip whitespace, then one declaration or the
// end of the input. Parsing one declaration at a time is what lets the parser
// restart after an error.
struct declaration_step : seq<sep, sor<eof, must<declaration>>> {};
// The whole language in one rule (for grammar analysis; equivalent to repeated
// declaration_steps).
struct rule_file : seq<sep, star<declaration, sep>, must<eof>> {};

// ---------------------------------------------------------------- error messages

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr const char* error_message<block_comment_close> = "unterminated block comment (missing `*/`)";
template <> inline constexpr const char* error_message<escape_code> = "invalid escape sequence (allowed: \\\" \\\\ \\n \\r \\t \\0 \\xHH)";
template <> inline constexpr const char* error_message<string_close> = "unterminated string (a string cannot span lines)";
template <> inline constexpr const char* error_message<hex_digits> = "expected hexadecimal digits after `0x`";
template <> inline constexpr const char* error_message<int_end> = "invalid integer literal (allowed: decimal or 0x hex, optional KB or MB suffix)";
template <> inline constexpr const char* error_message<regex_close> = "unterminated regex (a regex cannot span lines)";
template <> inline constexpr const char* error_message<regex_end> = "unknown regex flag (allowed: i, s, m)";
template <> inline constexpr const char* error_message<query_close> = "unterminated query (missing closing backtick)";
template <> inline constexpr const char* error_message<import_name> = "expected a quoted file name after `import`";
template <> inline constexpr const char* error_message<pattern_ident> = "expected a pattern name after `$`";
template <> inline constexpr const char* error_message<pattern_equals> = "expected `=` after pattern name";
template <> inline constexpr const char* error_message<pattern_value> = "expected a pattern: \"text\", /regex/, ast `query`, path \"glob\" or a pattern-set name";
template <> inline constexpr const char* error_message<query_text> = "expected a query in backticks after `ast`";
template <> inline constexpr const char* error_message<path_glob> = "expected a quoted glob after `path`";
template <> inline constexpr const char* error_message<set_name> = "expected a pattern-set name";
template <> inline constexpr const char* error_message<set_open> = "expected `{` after the pattern-set name";
template <> inline constexpr const char* error_message<set_close> = "expected `$name = pattern` or `}` in pattern set";
template <> inline constexpr const char* error_message<section_colon> = "expected `:` after the section name";
template <> inline constexpr const char* error_message<meta_equals> = "expected `=` after meta key";
template <> inline constexpr const char* error_message<meta_value> = "expected a meta value: string, integer, true, false, identifier or [list of strings]";
template <> inline constexpr const char* error_message<meta_list_close> = "expected `,` or `]` in list (list items are strings)";
template <> inline constexpr const char* error_message<scope_equals> = "expected `=` after scope key";
template <> inline constexpr const char* error_message<scope_value> = "expected a scope value: string, identifier or [list]";
template <> inline constexpr const char* error_message<scope_list_close> = "expected `,` or `]` in list (list items are strings or identifiers)";
template <> inline constexpr const char* error_message<paren_inner> = "expected an expression after `(`";
template <> inline constexpr const char* error_message<paren_close> = "expected `)`";
template <> inline constexpr const char* error_message<of_item> = "expected `$name`, `$prefix*`, a rule name or `NAME*` in `of` list";
template <> inline constexpr const char* error_message<of_items_close> = "expected `,` or `)` in `of` list";
template <> inline constexpr const char* error_message<of_target> = "expected `them` or `(` after `of`";
template <> inline constexpr const char* error_message<count_name> = "expected a pattern name after `#`";
template <> inline constexpr const char* error_message<match_name> = "expected a pattern name after `$`";
template <> inline constexpr const char* error_message<add_operand> = "expected an operand after `+`/`-`";
template <> inline constexpr const char* error_message<compare_operand> = "expected an operand after the comparison operator";
template <> inline constexpr const char* error_message<matches_regex> = "expected /regex/ after `matches`";
template <> inline constexpr const char* error_message<not_operand> = "expected an expression after `not`";
template <> inline constexpr const char* error_message<and_operand> = "expected an expression after `and`";
template <> inline constexpr const char* error_message<or_operand> = "expected an expression after `or`";
template <> inline constexpr const char* error_message<condition_expr> = "expected a condition expression after `condition:`";
template <> inline constexpr const char* error_message<condition_section> = "expected `condition:` section (sections go in the order meta, scope, patterns, condition)";
template <> inline constexpr const char* error_message<rule_after_private> = "expected `rule` after `private`";
template <> inline constexpr const char* error_message<rule_name> = "expected a rule name";
template <> inline constexpr const char* error_message<rule_tag> = "expected a tag name after `:`";
template <> inline constexpr const char* error_message<rule_open> = "expected `{` (or `: tags`) after the rule name";
template <> inline constexpr const char* error_message<rule_close> = "expected `}` to close the rule";
template <> inline constexpr const char* error_message<declaration> = "expected a declaration: `rule`, `private rule`, `import` or `patternset`";
template <> inline constexpr const char* error_message<eof> = "expected a declaration: `rule`, `private rule`, `import` or `patternset`";
// clang-format on

// Rules that may sit under must<> without a message because they never fail.
template <typename Rule>
inline constexpr bool cannot_fail = false;
template <>
inline constexpr bool cannot_fail<sep> = true;
template <typename... R>
inline constexpr bool cannot_fail<star<R...>> = true;
template <typename... R>
inline constexpr bool cannot_fail<opt<R...>> = true;

// Openers of constructs whose "unterminated" error is reported from the opener.
template <typename Rule>
inline constexpr bool is_opener = false;
template <> inline constexpr bool is_opener<string_open> = true;
template <> inline constexpr bool is_opener<regex_open> = true;
template <> inline constexpr bool is_opener<query_open> = true;
template <> inline constexpr bool is_opener<block_comment_open> = true;

template <typename Rule>
inline constexpr bool is_closer = false;
template <> inline constexpr bool is_closer<string_close> = true;
template <> inline constexpr bool is_closer<regex_close> = true;
template <> inline constexpr bool is_closer<query_close> = true;
template <> inline constexpr bool is_closer<block_comment_close> = true;

// Declaration names: a keyword there gets a message naming the keyword.
template <typename Rule>
inline constexpr const char* name_role = nullptr;
template <> inline constexpr const char* name_role<rule_name> = "rule";
template <> inline constexpr const char* name_role<set_name> = "pattern-set";

// Rules entered once per level of expression nesting.
template <typename Rule>
inline constexpr bool is_nesting = false;
template <> inline constexpr bool is_nesting<paren_inner> = true;
template <> inline constexpr bool is_nesting<not_operand> = true;

// Deeper expressions are rejected, so hostile input cannot exhaust the stack.
inline constexpr unsigned max_nesting = 256;

// ---------------------------------------------------------------- errors and control

// A syntax error. `begin`/`end` is the text to underline (end == nullptr: the
// token at begin); `resume` is where parsing stopped, the earliest point from
// which error recovery may look for the next declaration.
struct syntax_error : std::runtime_error {
  syntax_error(const std::string& message, const char* begin_, const char* end_, const char* resume_)
      : std::runtime_error(message), begin(begin_), end(end_), resume(resume_) {}
  const char* begin;
  const char* end;
  const char* resume;
};

// The part of the parse state the control class needs. The parser's state
// derives from it.
struct control_state {
  const char* opener = nullptr;  // last string/regex/query/comment opener entered
  unsigned depth = 0;            // current expression nesting
};

template <typename State, typename... Rest>
control_state& control_state_of(State& s, Rest&...) {
  return s;
}

inline std::string_view word_at(const char* p, const char* end) {
  const char* q = p;
  while (q < end && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_')) ++q;
  return {p, static_cast<size_t>(q - p)};
}

template <typename Rule>
struct control : normal<Rule> {
  template <typename Input, typename... States>
  static void start(const Input& in, States&... st) {
    if constexpr (sizeof...(States) > 0 && (is_opener<Rule> || is_nesting<Rule>)) {
      control_state& cs = control_state_of(st...);
      if constexpr (is_opener<Rule>) cs.opener = in.current();
      if constexpr (is_nesting<Rule>) {
        if (++cs.depth > max_nesting)
          throw syntax_error("expression nested too deeply (the limit is " + std::to_string(max_nesting) +
                                 " levels of parentheses and `not`)",
                             in.current(), nullptr, in.current());
      }
    }
  }

  template <typename Input, typename... States>
  static void success(const Input&, States&... st) {
    if constexpr (sizeof...(States) > 0 && is_nesting<Rule>) --control_state_of(st...).depth;
  }

  template <typename Input, typename... States>
  static void failure(const Input&, States&... st) {
    if constexpr (sizeof...(States) > 0 && is_nesting<Rule>) --control_state_of(st...).depth;
  }

  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, States&... st) {
    static_assert(error_message<Rule> != nullptr || cannot_fail<Rule>,
                  "every rule under must<> needs an error_message");
    std::string message = error_message<Rule> ? error_message<Rule> : "syntax error";
    if constexpr (name_role<Rule> != nullptr) {
      auto w = word_at(in.current(), in.end());
      if (is_keyword(w))
        message = "`" + std::string(w) + "` is a keyword and cannot be used as a " + name_role<Rule> + " name";
    }
    const char* begin = in.current();
    const char* end = nullptr;
    if constexpr (std::is_same_v<Rule, escape_code>) {
      // Underline the whole escape, backslash included, and name it.
      --begin;
      end = in.current();
      if (end < in.end() && *end != '\n' && *end != '\r') {
        unsigned char c = static_cast<unsigned char>(*end++);
        if (c > 0x20 && c < 0x7f)
          message = std::string("invalid escape sequence `\\") + static_cast<char>(c) + "`" +
                    message.substr(message.find(' ', message.find("sequence")));
      }
    }
    if constexpr (is_closer<Rule> && sizeof...(States) > 0) {
      const char* opener = control_state_of(st...).opener;
      if (opener && opener <= begin) {
        end = begin;
        begin = opener;
      }
    }
    throw syntax_error(message, begin, end, in.current());
  }
};

}  // namespace canary::dsl::grammar
