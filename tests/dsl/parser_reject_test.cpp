// Invalid rule text: one E001 per error, at the right place, with a message a
// rule author can act on.
#include "dsl_test_util.hpp"

using namespace canary::dsl;
using namespace canary::dsl::test;

namespace {

struct Expected {
  uint32_t line, column;
  std::string message_part;
};

// Parses `text`, requires exactly one diagnostic, E001 at line:column whose
// message contains `message_part`; returns the parse for further checks.
Parsed reject(std::string text, const Expected& want) {
  Parsed p = parse_text(std::move(text));
  INFO(p.rendered());
  CHECK_FALSE(p.ok);
  REQUIRE(p.diags.items().size() == 1);
  const Diagnostic& d = p.diags.items()[0];
  CHECK(d.level == Level::Error);
  CHECK(d.code == "E001");
  LineCol at = p.sources.position(p.id, d.span.begin);
  CHECK(at.line == want.line);
  CHECK(at.column == want.column);
  CHECK_THAT(d.message, Catch::Matchers::Contains(want.message_part));
  return p;
}

}  // namespace

TEST_CASE("missing condition section", "[dsl][parser][reject]") {
  Parsed p = reject("rule R {\n  meta:\n    title = \"t\"\n}\n", {4, 1, "expected `condition:` section"});
  CHECK(p.file.rules.empty());
}

TEST_CASE("sections out of order", "[dsl][parser][reject]") {
  reject("rule R {\n  patterns:\n    $a = \"x\"\n  meta:\n    title = \"t\"\n  condition: $a\n}\n",
         {4, 3, "expected `condition:` section"});
}

TEST_CASE("unterminated string points at the opening quote", "[dsl][parser][reject]") {
  Parsed p = reject("rule R {\n  patterns:\n    $a = \"abc\n  condition: $a\n}\n", {3, 10, "unterminated string"});
  const Span& s = p.diags.items()[0].span;
  CHECK(span_text(p, s) == "\"abc");  // from the quote to the end of the line
}

TEST_CASE("invalid escape sequences", "[dsl][parser][reject]") {
  Parsed p = reject("rule R { patterns: $a = \"a\\qb\" condition: $a }", {1, 27, "invalid escape sequence `\\q`"});
  CHECK(span_text(p, p.diags.items()[0].span) == "\\q");
  reject("rule R { patterns: $a = \"a\\x4\" condition: $a }", {1, 27, "invalid escape sequence `\\x`"});
  reject("rule R { meta: title = \"\\u0041\" condition: true }", {1, 25, "invalid escape sequence `\\u` (allowed:"});
  reject("rule R { meta: title = \"ab\\\n\" condition: true }", {1, 27, "invalid escape sequence (allowed:"});
}

TEST_CASE("unterminated regex points at the opening slash", "[dsl][parser][reject]") {
  Parsed p = reject("rule R {\n  patterns:\n    $a = /abc\\/\n  condition: $a\n}\n", {3, 10, "unterminated regex"});
  CHECK(span_text(p, p.diags.items()[0].span) == "/abc\\/");
}

TEST_CASE("unknown regex flag", "[dsl][parser][reject]") {
  reject("rule R { patterns: $a = /abc/ix condition: $a }", {1, 31, "unknown regex flag"});
}

TEST_CASE("unterminated query points at the opening backtick", "[dsl][parser][reject]") {
  Parsed p = reject("rule R {\n  patterns:\n    $a = ast `(call\n  condition: $a\n}\nrule S { condition: true }\n",
                    {3, 14, "unterminated query"});
  // Everything after an unterminated query is inside it: nothing else is parsed.
  CHECK(p.file.rules.empty());
}

TEST_CASE("keyword as rule or pattern-set name", "[dsl][parser][reject]") {
  Parsed p = reject("rule and {\n  condition: true\n}\n", {1, 6, "`and` is a keyword and cannot be used as a rule name"});
  CHECK(span_text(p, p.diags.items()[0].span) == "and");
  reject("rule condition { condition: true }", {1, 6, "`condition` is a keyword"});
  reject("patternset them { $a = \"x\" }", {1, 12, "`them` is a keyword and cannot be used as a pattern-set name"});
  reject("rule 9lives { condition: true }", {1, 6, "expected a rule name"});
}

TEST_CASE("missing `=` after pattern name", "[dsl][parser][reject]") {
  reject("rule R {\n  patterns:\n    $a \"x\"\n  condition: $a\n}\n", {3, 8, "expected `=` after pattern name"});
  reject("rule R { meta: title \"x\" condition: true }", {1, 22, "expected `=` after meta key"});
  reject("rule R { scope: kind pth condition: true }", {1, 22, "expected `=` after scope key"});
}

TEST_CASE("garbage at top level", "[dsl][parser][reject]") {
  Parsed p = reject("rule A { condition: true }\nhello world\n", {2, 1, "expected a declaration"});
  CHECK(p.file.rules.size() == 1);
  reject("rule A { condition: true } }", {1, 28, "expected a declaration"});
}

TEST_CASE("errors inside conditions", "[dsl][parser][reject]") {
  reject("rule R { condition: $a and }", {1, 28, "expected an expression after `and`"});
  reject("rule R { condition: $a or }", {1, 27, "expected an expression after `or`"});
  reject("rule R { condition: not }", {1, 25, "expected an expression after `not`"});
  reject("rule R { condition: ($a }", {1, 25, "expected `)`"});
  reject("rule R { condition: }", {1, 21, "expected a condition expression"});
  reject("rule R { condition: $a $b }", {1, 24, "expected `}` to close the rule"});
  reject("rule R { condition: any of }", {1, 28, "expected `them` or `(` after `of`"});
  reject("rule R { condition: any of ($a $b) }", {1, 32, "expected `,` or `)` in `of` list"});
  reject("rule R { condition: any of ($a, ) }", {1, 33, "expected `$name`"});
  reject("rule R { condition: file.path matches \"x\" }", {1, 39, "expected /regex/ after `matches`"});
  reject("rule R { condition: #a == }", {1, 27, "expected an operand after the comparison operator"});
  reject("rule R { condition: #a + }", {1, 26, "expected an operand after `+`/`-`"});
  reject("rule R { condition: # > 1 }", {1, 22, "expected a pattern name after `#`"});
  reject("rule R { condition: file.size > 12abc }", {1, 35, "invalid integer literal"});
  reject("rule R { condition: file.size > 0x }", {1, 35, "expected hexadecimal digits"});
  reject("rule R { condition: file.size > 99999999999999999999 }", {1, 33, "integer literal out of range"});
  reject("rule R { condition: file.size > 9007199254740992MB }", {1, 33, "integer literal out of range"});
}

TEST_CASE("other structural errors", "[dsl][parser][reject]") {
  reject("import python", {1, 8, "expected a quoted file name after `import`"});
  reject("private R { condition: true }", {1, 9, "expected `rule` after `private`"});
  reject("rule R condition: true }", {1, 8, "expected `{`"});
  reject("rule R : { condition: true }", {1, 10, "expected a tag name after `:`"});
  reject("rule R { condition true }", {1, 20, "expected `:` after the section name"});
  reject("rule R { meta: title = condition: true }", {1, 24, "expected a meta value"});
  reject("rule R { meta: r = [\"a\" \"b\"] condition: true }", {1, 25, "expected `,` or `]`"});
  reject("rule R { meta: r = [1] condition: true }", {1, 21, "expected `,` or `]`"});
  reject("rule R { scope: kind = [python, \"x\"] condition: true }", {1, 25, "either strings or identifiers"});
  reject("rule R { patterns: $a = 12 condition: $a }", {1, 25, "expected a pattern"});
  reject("rule R { patterns: $ = \"x\" condition: true }", {1, 21, "expected a pattern name after `$`"});
  reject("rule R { patterns: $a = ast \"x\" condition: $a }", {1, 29, "expected a query in backticks"});
  reject("rule R { patterns: $a = path *.py condition: $a }", {1, 30, "expected a quoted glob"});
  reject("patternset S $a = \"x\" }", {1, 14, "expected `{` after the pattern-set name"});
  reject("patternset S { $a = \"x\" condition: true }", {1, 25, "expected `$name = pattern` or `}`"});
  reject("rule R { condition: true", {1, 25, "expected `}` to close the rule"});
  reject("/* never closed\nrule R { condition: true }", {1, 1, "unterminated block comment"});
}

TEST_CASE("nesting deeper than the limit is an error, not a crash", "[dsl][parser][reject][scale]") {
  const int depth = 5000;
  std::string text = "rule DEEP {\n  condition: " + std::string(depth, '(') + "$a" + std::string(depth, ')') + "\n}\n" +
                     "rule OK { condition: true }\n";
  Parsed p = parse_text(text);
  REQUIRE(p.diags.items().size() == 1);
  const Diagnostic& d = p.diags.items()[0];
  CHECK(d.code == "E001");
  CHECK_THAT(d.message, Catch::Matchers::Contains("nested too deeply"));
  // Reported at the 257th level.
  CHECK(p.sources.position(p.id, d.span.begin).column == 14 + 257 - 1 + 1);
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].name == "OK");

  std::string nots;
  for (int i = 0; i < depth; ++i) nots += "not ";
  Parsed q = parse_text("rule N { condition: " + nots + "true }");
  REQUIRE(q.diags.items().size() == 1);
  CHECK_THAT(q.diags.items()[0].message, Catch::Matchers::Contains("nested too deeply"));

  Parsed mixed = parse_text("rule M { condition: " + std::string(200, '(') + nots.substr(0, 4 * 57) + "$a" +
                            std::string(200, ')') + " }");
  REQUIRE(mixed.diags.items().size() == 1);
  CHECK_THAT(mixed.diags.items()[0].message, Catch::Matchers::Contains("nested too deeply"));
}
