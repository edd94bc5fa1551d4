// After a syntax error the parser skips to the next declaration and goes on:
// one run reports every broken declaration and keeps every good one.
#include "dsl_test_util.hpp"

using namespace canary::dsl;
using namespace canary::dsl::test;

namespace {

std::vector<std::pair<uint32_t, uint32_t>> positions(const Parsed& p) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& d : p.diags.items()) {
    LineCol lc = p.sources.position(p.id, d.span.begin);
    out.emplace_back(lc.line, lc.column);
  }
  return out;
}

}  // namespace

TEST_CASE("three broken rules and two good ones", "[dsl][parser][recovery]") {
  const std::string text =
      "rule BROKEN_1 {\n"                // 1
      "  patterns:\n"                     // 2
      "    $a \"x\"\n"                    // 3  missing '='
      "  condition: $a\n"                 // 4
      "}\n"                               // 5
      "\n"                                // 6
      "rule GOOD_1 {\n"                   // 7
      "  condition: true\n"               // 8
      "}\n"                               // 9
      "rule BROKEN_2 {\n"                 // 10
      "  meta:\n"                         // 11
      "    title = \"unterminated\n"      // 12 unterminated string
      "  condition: true\n"               // 13
      "}\n"                               // 14
      "  private rule GOOD_2 {\n"         // 15 (indented: still a restart point)
      "  condition: GOOD_1 and not $x\n"  // 16
      "}\n"                               // 17
      "rule BROKEN_3 {\n"                 // 18
      "  condition: $a and\n"             // 19
      "}\n";                              // 20 expected an expression after `and`
  Parsed p = parse_text(text);
  INFO(p.rendered());
  CHECK_FALSE(p.ok);
  REQUIRE(p.diags.items().size() == 3);
  for (const auto& d : p.diags.items()) CHECK(d.code == "E001");
  CHECK(positions(p) == std::vector<std::pair<uint32_t, uint32_t>>{{3, 8}, {12, 13}, {20, 1}});
  CHECK_THAT(p.diags.items()[0].message, Catch::Matchers::Contains("expected `=` after pattern name"));
  CHECK_THAT(p.diags.items()[1].message, Catch::Matchers::Contains("unterminated string"));
  CHECK_THAT(p.diags.items()[2].message, Catch::Matchers::Contains("expected an expression after `and`"));

  REQUIRE(p.file.rules.size() == 2);
  CHECK(p.file.rules[0].name == "GOOD_1");
  CHECK(p.file.rules[1].name == "GOOD_2");
  CHECK(p.file.rules[1].is_private);
  CHECK(sexpr(p.file.rules[1].condition) == "(and GOOD_1 (not $x))");
  // Spans of declarations parsed after a restart are still absolute offsets.
  CHECK(span_text(p, p.file.rules[1].name_span) == "GOOD_2");
  CHECK(p.sources.position(p.id, p.file.rules[1].span.begin).line == 15);
  CHECK(p.sources.position(p.id, p.file.rules[1].span.begin).column == 3);
}

TEST_CASE("a missing closing brace does not swallow the next rule", "[dsl][parser][recovery]") {
  Parsed p = parse_text("rule A {\n  condition: true\n\nrule B { condition: false }\n");
  REQUIRE(p.diags.items().size() == 1);
  CHECK(positions(p) == std::vector<std::pair<uint32_t, uint32_t>>{{4, 1}});
  CHECK_THAT(p.diags.items()[0].message, Catch::Matchers::Contains("expected `}` to close the rule"));
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].name == "B");
}

TEST_CASE("errors in imports, pattern sets and top-level garbage all reported", "[dsl][parser][recovery]") {
  const std::string text =
      "import python\n"                       // 1
      "import \"ok\"\n"                       // 2
      "patternset bad { $a = }\n"             // 3
      "patternset good { $a = \"x\" }\n"      // 4
      "what is this\n"                        // 5
      "more garbage rule X\n"                 // 6 (`rule` not at line start: skipped)
      "rule C { condition: good }\n";         // 7
  Parsed p = parse_text(text);
  INFO(p.rendered());
  CHECK(positions(p) == std::vector<std::pair<uint32_t, uint32_t>>{{1, 8}, {3, 23}, {5, 1}});
  REQUIRE(p.file.imports.size() == 1);
  CHECK(p.file.imports[0].name == "ok");
  REQUIRE(p.file.pattern_sets.size() == 1);
  CHECK(p.file.pattern_sets[0].name == "good");
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].name == "C");
}

TEST_CASE("a keyword line inside a broken rule body is a restart point", "[dsl][parser][recovery]") {
  // The rule name is bad, so the body is skipped until the next declaration
  // keyword at the start of a line.
  Parsed p = parse_text("rule or {\n  condition: true\n}\nrule fine { condition: true }\n");
  REQUIRE(p.diags.items().size() == 1);
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].name == "fine");
}

TEST_CASE("an error on the last line ends parsing cleanly", "[dsl][parser][recovery]") {
  Parsed p = parse_text("rule A { condition: true }\nrule B {");
  REQUIRE(p.diags.items().size() == 1);
  CHECK(positions(p) == std::vector<std::pair<uint32_t, uint32_t>>{{2, 9}});
  CHECK(p.file.rules.size() == 1);
}

TEST_CASE("many broken rules are all reported", "[dsl][parser][recovery][scale]") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "rule R" + std::to_string(i) + (i % 2 ? " { condition: true }\n" : " { }\n");
  Parsed p = parse_text(text);
  CHECK(p.diags.items().size() == 250);
  CHECK(p.file.rules.size() == 250);
}
