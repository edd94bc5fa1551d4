// Diagnostics: counting, ordering, and the exact text and JSON renderings.
#include <nlohmann/json.hpp>

#include "dsl_test_util.hpp"

using namespace canary::dsl;

namespace {

Span span_of(const SourceMap& sm, uint32_t file, std::string_view needle, size_t extra = 0) {
  const std::string& t = sm.file(file).text;
  size_t at = t.find(needle);
  REQUIRE(at != std::string::npos);
  return Span{file, static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size() + extra)};
}

}  // namespace

TEST_CASE("render_text: header, source line and carets", "[dsl][diagnostics]") {
  SourceMap sm;
  std::string text;
  for (int i = 1; i < 12; ++i) text += "// line " + std::to_string(i) + "\n";
  text += "    $a = /ab(c/\n";
  uint32_t f = sm.add("rules/x.canary", text);
  Diagnostic d;
  d.code = "E005";
  d.message = "invalid regex: Missing close parenthesis for group started at index 2.";
  d.span = span_of(sm, f, "(");
  CHECK(render_text(d, sm) ==
        "rules/x.canary:12:13: error[E005]: invalid regex: Missing close parenthesis for group started at index 2.\n"
        "   12 |     $a = /ab(c/\n"
        "      |             ^\n");

  d.span = span_of(sm, f, "/ab(c/");
  CHECK(render_text(d, sm) ==
        "rules/x.canary:12:10: error[E005]: invalid regex: Missing close parenthesis for group started at index 2.\n"
        "   12 |     $a = /ab(c/\n"
        "      |          ^^^^^^\n");
}

TEST_CASE("render_text: gutter width follows the line number", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("a.canary", "rule X {\n");
  Diagnostic d;
  d.code = "E001";
  d.message = "m";
  d.span = {f, 5, 6};
  CHECK(render_text(d, sm) == "a.canary:1:6: error[E001]: m\n   1 | rule X {\n     |      ^\n");

  std::string many;
  for (int i = 0; i < 1233; ++i) many += "\n";
  many += "bad\n";
  uint32_t g = sm.add("b.canary", many);
  d.span = span_of(sm, g, "bad");
  CHECK(render_text(d, sm) == "b.canary:1234:1: error[E001]: m\n   1234 | bad\n        | ^^^\n");
}

TEST_CASE("render_text: empty spans, spans past the line end, empty lines", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("c.canary", "abc\ndef ghi\n\n");
  Diagnostic d;
  d.code = "E001";
  d.message = "m";
  d.span = {f, 1, 1};  // empty: still one caret
  CHECK(render_text(d, sm) == "c.canary:1:2: error[E001]: m\n   1 | abc\n     |  ^\n");
  d.span = {f, 8, 14};  // "ghi\n\n": underlined to the end of its first line
  CHECK(render_text(d, sm) == "c.canary:2:5: error[E001]: m\n   2 | def ghi\n     |     ^^^\n");
  d.span = {f, 3, 3};  // at the line break itself: one caret after the text
  CHECK(render_text(d, sm) == "c.canary:1:4: error[E001]: m\n   1 | abc\n     |    ^\n");
  d.span = {f, 12, 12};  // an empty line
  CHECK(render_text(d, sm) == "c.canary:3:1: error[E001]: m\n   3 |\n     | ^\n");
}

TEST_CASE("render_text: tabs are kept in the caret padding", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("t.canary", "\t\t$a = \"x\"\t\"y\"\n");
  Diagnostic d;
  d.code = "E001";
  d.message = "m";
  d.span = span_of(sm, f, "\"y\"");
  CHECK(render_text(d, sm) == "t.canary:1:12: error[E001]: m\n   1 | \t\t$a = \"x\"\t\"y\"\n     | \t\t        \t^^^\n");
}

TEST_CASE("render_text: UTF-8 characters count once in padding and carets", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("u.canary", "title = \"h\xC3\xA9llo\" x\n");
  Diagnostic d;
  d.code = "E001";
  d.message = "m";
  d.span = span_of(sm, f, "x");
  CHECK(render_text(d, sm) == "u.canary:1:18: error[E001]: m\n   1 | title = \"h\xC3\xA9llo\" x\n     |                 ^\n");
  d.span = span_of(sm, f, "\"h\xC3\xA9llo\"");
  CHECK(render_text(d, sm) ==
        "u.canary:1:9: error[E001]: m\n   1 | title = \"h\xC3\xA9llo\" x\n     |         ^^^^^^^\n");
}

TEST_CASE("render_text: warnings and notes with their own positions", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("n.canary", "rule A { condition: true }\n\n\n\n\n\n\n\n\n\nrule A { condition: false }\n");
  Diagnostic d;
  d.code = "E002";
  d.message = "duplicate rule name `A`";
  d.span = {f, static_cast<uint32_t>(sm.file(f).text.rfind("A {")), 0};
  d.span.end = d.span.begin + 1;
  d.notes.push_back({Span{f, 5, 6}, "first declared here"});
  CHECK(render_text(d, sm) ==
        "n.canary:11:6: error[E002]: duplicate rule name `A`\n"
        "   11 | rule A { condition: false }\n"
        "      |      ^\n"
        "n.canary:1:6: note: first declared here\n"
        "   1 | rule A { condition: true }\n"
        "     |      ^\n");

  Diagnostic w;
  w.level = Level::Warning;
  w.code = "W001";
  w.message = "pattern `$a` is not used in the condition";
  w.span = {f, 0, 4};
  CHECK(render_text(w, sm) ==
        "n.canary:1:1: warning[W001]: pattern `$a` is not used in the condition\n"
        "   1 | rule A { condition: true }\n"
        "     | ^^^^\n");
}

TEST_CASE("render_text: colour is optional", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("k.canary", "abc\n");
  Diagnostic d;
  d.code = "E001";
  d.message = "m";
  d.span = {f, 0, 1};
  std::string plain = render_text(d, sm, false);
  std::string colored = render_text(d, sm, true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colored.find("\x1b[1;31merror[E001]\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;31m^\x1b[0m") != std::string::npos);
  // Stripping the escapes gives the plain text.
  std::string stripped;
  for (size_t i = 0; i < colored.size(); ++i) {
    if (colored[i] == '\x1b') {
      while (colored[i] != 'm') ++i;
      continue;
    }
    stripped += colored[i];
  }
  CHECK(stripped == plain);
}

TEST_CASE("render_text of a collection concatenates in order", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("m.canary", "a\nb\n");
  Diagnostics ds;
  ds.error("E001", {f, 0, 1}, "first");
  ds.warning("W001", {f, 2, 3}, "second");
  CHECK(render_text(ds, sm) ==
        "m.canary:1:1: error[E001]: first\n   1 | a\n     | ^\n"
        "m.canary:2:1: warning[W001]: second\n   2 | b\n     | ^\n");
}

TEST_CASE("Diagnostics: counts and stable sort by file, offset, code", "[dsl][diagnostics]") {
  Diagnostics ds;
  ds.error("E004", {1, 10, 11}, "a");
  ds.warning("W001", {0, 50, 51}, "b");
  ds.error("E003", {1, 10, 12}, "c");
  ds.error("E002", {0, 50, 51}, "d");
  ds.error("E003", {1, 10, 11}, "e");
  CHECK(ds.error_count() == 4);
  CHECK(ds.warning_count() == 1);
  CHECK(ds.has_errors());
  ds.sort();
  std::string order;
  for (const auto& d : ds.items()) order += d.message;
  CHECK(order == "dbcea");

  Diagnostics warnings_only;
  warnings_only.warning("W001", {}, "x");
  CHECK_FALSE(warnings_only.has_errors());
}

TEST_CASE("render_json", "[dsl][diagnostics]") {
  SourceMap sm;
  uint32_t f = sm.add("rules/j.canary", "rule A {\n  condition: $a\n}\n");
  Diagnostics ds;
  ds.error("E003", {f, 22, 24}, "unknown pattern `$a`");
  Diagnostic d;
  d.level = Level::Warning;
  d.code = "W001";
  d.message = "multi-line";
  d.span = {f, 5, 13};
  d.notes.push_back({Span{f, 0, 4}, "here"});
  ds.add(d);
  auto j = nlohmann::json::parse(render_json(ds, sm));
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 2);
  CHECK(j[0]["level"] == "error");
  CHECK(j[0]["code"] == "E003");
  CHECK(j[0]["message"] == "unknown pattern `$a`");
  CHECK(j[0]["file"] == "rules/j.canary");
  CHECK(j[0]["line"] == 2);
  CHECK(j[0]["column"] == 14);
  CHECK(j[0]["end_line"] == 2);
  CHECK(j[0]["end_column"] == 16);
  CHECK_FALSE(j[0].contains("notes"));
  CHECK(j[1]["level"] == "warning");
  CHECK(j[1]["line"] == 1);
  CHECK(j[1]["column"] == 6);
  CHECK(j[1]["end_line"] == 2);
  CHECK(j[1]["end_column"] == 5);
  REQUIRE(j[1]["notes"].size() == 1);
  CHECK(j[1]["notes"][0]["message"] == "here");
  CHECK(j[1]["notes"][0]["column"] == 1);

  CHECK(nlohmann::json::parse(render_json(Diagnostics{}, sm)) == nlohmann::json::array());
}

TEST_CASE("parser diagnostics render end to end", "[dsl][diagnostics][parser]") {
  canary::dsl::test::Parsed p =
      canary::dsl::test::parse_text("rule R {\n  patterns:\n    $a = /ab(c\n  condition: $a\n}\n", "rules/x.canary");
  CHECK(p.rendered() ==
        "rules/x.canary:3:10: error[E001]: unterminated regex (a regex cannot span lines)\n"
        "   3 |     $a = /ab(c\n"
        "     |          ^^^^^\n");
}
