// The formatter: golden pairs (tests/dsl/fmt/NAME.in -> NAME.out; rewritten
// with CANARY_UPDATE_GOLDEN=1), and on every shipped rule file: the result
// parses to the same tree, keeps every comment, and is stable.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dsl/format_lexer.hpp"
#include "dsl/formatter.hpp"
#include "dsl_test_util.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;
using namespace canary::dsl;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FormatResult format(const std::string& text, Diagnostics* diags_out = nullptr) {
  SourceMap sources;
  const uint32_t id = sources.add("t.canary", text);
  Diagnostics diags;
  FormatResult r = format_rule_file(sources, id, diags);
  if (diags_out) *diags_out = diags;
  return r;
}

// Formats text that must format; fails the test with the reason otherwise.
std::string formatted(const std::string& text) {
  FormatResult r = format(text);
  INFO(r.error);
  REQUIRE(r.status == FormatResult::Status::Ok);
  return r.text;
}

std::vector<std::string> comments_of(const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : lex_rule_text(text).tokens)
    if (t.is_comment()) out.emplace_back(t.text);
  return out;
}

std::string fingerprint(const std::string& text) {
  canary::dsl::test::Parsed p = canary::dsl::test::parse_text(text);
  INFO(p.rendered());
  REQUIRE(p.ok);
  return ast_fingerprint(p.file);
}

std::vector<fs::path> shipped_rule_files() {
  std::vector<fs::path> files;
  for (const char* dir : {"rules", "stdlib-rules"})
    for (const auto& e : fs::recursive_directory_iterator(canary::test::source_dir() / dir))
      if (e.is_regular_file() && e.path().extension() == ".canary") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool updating() {
  const char* v = std::getenv("CANARY_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

}  // namespace

TEST_CASE("fmt golden pairs", "[dsl][fmt]") {
  const fs::path dir = canary::test::source_dir() / "tests" / "dsl" / "fmt";
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".in") inputs.push_back(entry.path());
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() >= 4);

  for (const auto& input : inputs) {
    const std::string in = read_file(input);
    const std::string actual = formatted(in);
    fs::path expected_path = input;
    expected_path.replace_extension(".out");
    if (updating()) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      WARN("updated " << expected_path.generic_string());
      continue;
    }
    SECTION(input.filename().string()) {
      REQUIRE(fs::exists(expected_path));
      CHECK(actual == read_file(expected_path));
      CHECK(formatted(actual) == actual);
      CHECK(comments_of(actual) == comments_of(in));
      CHECK(fingerprint(actual) == fingerprint(in));
    }
  }
}

TEST_CASE("fmt keeps the meaning and comments of every shipped rule file and is stable", "[dsl][fmt]") {
  const std::vector<fs::path> files = shipped_rule_files();
  REQUIRE(files.size() >= 10);
  for (const fs::path& file : files) {
    const std::string in = read_file(file);
    INFO(file.generic_string());
    const std::string once = formatted(in);
    CHECK(formatted(once) == once);
    CHECK(fingerprint(once) == fingerprint(in));
    CHECK(comments_of(once) == comments_of(in));
    // Query, regex and string literals are kept byte for byte.
    for (const Token& t : lex_rule_text(in).tokens)
      if (t.kind == TokenKind::Query || t.kind == TokenKind::Regex || t.kind == TokenKind::String)
        CHECK(once.find(t.text) != std::string::npos);
  }
}

TEST_CASE("fmt refuses a file with syntax errors and reports them", "[dsl][fmt]") {
  Diagnostics diags;
  FormatResult r = format("rule X {\n  condition:\n    $a and\n}\n", &diags);
  CHECK(r.status == FormatResult::Status::SyntaxErrors);
  CHECK(r.text.empty());
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E001");
}

TEST_CASE("fmt keeps CRLF line breaks and a byte order mark", "[dsl][fmt]") {
  CHECK(formatted("rule D {\r\n  condition:\r\n\ttrue   and\r\n false\r\n}\r\n") ==
        "rule D {\r\n  condition:\r\n    true and\r\n    false\r\n}\r\n");
  CHECK(formatted("\xEF\xBB\xBFrule E { condition: true }") == "\xEF\xBB\xBFrule E {\n  condition:\n    true\n}\n");
}

TEST_CASE("fmt of empty and comment-only files", "[dsl][fmt]") {
  CHECK(formatted("") == "");
  CHECK(formatted("\n\n  \n") == "");
  CHECK(formatted("\n\n// only\n\n\n") == "// only\n");
  CHECK(formatted("/* a */ /* b */") == "/* a */ /* b */\n");
}

TEST_CASE("fmt never reflows queries, regexes or strings", "[dsl][fmt]") {
  const std::string in =
      "rule Q {\n"
      "  patterns:\n"
      "      $q   =   ast `(call   function:\n"
      "\t\t(identifier)    @f)   `\n"
      "    $r = /a  b\\/  c/s\n"
      "    $s = \"two  spaces\\t\"   nocase\n"
      "  condition:\n"
      "    any of them and file.name matches /x   y/\n"
      "}\n";
  CHECK(formatted(in) ==
        "rule Q {\n"
        "  patterns:\n"
        "    $q = ast `(call   function:\n"
        "\t\t(identifier)    @f)   `\n"
        "    $r = /a  b\\/  c/s\n"
        "    $s = \"two  spaces\\t\" nocase\n"
        "  condition:\n"
        "    any of them and file.name matches /x   y/\n"
        "}\n");
}

TEST_CASE("ast_fingerprint tells different meanings apart and ignores layout", "[dsl][fmt]") {
  auto cond = [](const std::string& c) { return fingerprint("rule R {\n  condition:\n    " + c + "\n}\n"); };
  CHECK(cond("$a or $b and $c") == cond("$a   or\n $b and $c"));
  CHECK(cond("$a or $b and $c") != cond("($a or $b) and $c"));
  CHECK(cond("#a + 1 > 2") != cond("#a + 2 > 2"));
  CHECK(cond("file.name == \"a\"") != cond("file.name == \"b\""));
  CHECK(cond("any of ($a*)") != cond("any of ($a)"));
  CHECK(fingerprint("rule R { patterns: $a = \"x\" nocase condition: $a }") !=
        fingerprint("rule R { patterns: $a = \"x\" condition: $a }"));
  CHECK(fingerprint("rule R { meta: title = \"x\" condition: true }") !=
        fingerprint("rule R { meta: title = \"y\" condition: true }"));
}
