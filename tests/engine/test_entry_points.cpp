// entry_points.txt parsing: real-world-shaped files, and malformed ones that
// must fail with the line they fail on.
#include <catch2/catch.hpp>

#include "engine/entry_points.hpp"

using namespace canary;

namespace {

std::vector<EntryPoint> parse_ok(std::string_view text) {
  std::vector<EntryPoint> out;
  EntryPointsError error;
  INFO(error.message);
  REQUIRE(parse_entry_points(text, out, error));
  return out;
}

EntryPointsError parse_bad(std::string_view text) {
  std::vector<EntryPoint> out;
  EntryPointsError error;
  REQUIRE_FALSE(parse_entry_points(text, out, error));
  return error;
}

}  // namespace

TEST_CASE("entry points: groups, names and values of a setuptools-written file", "[entry_points]") {
  // The shape setuptools and flit write, plus comments and CRLF line ends.
  auto eps = parse_ok(
      "# written by hand\r\n"
      "[console_scripts]\r\n"
      "litellm = litellm:run_server\r\n"
      "litellm-proxy=litellm.proxy.proxy_cli:run [proxy]\r\n"
      "\r\n"
      "; another comment\r\n"
      "[gui_scripts]\r\n"
      "viewer: pkg.gui:main\r\n"
      "[pytest11]\n"
      "myplugin = pkg.plugin\n");
  REQUIRE(eps.size() == 4);
  CHECK(eps[0].group == "console_scripts");
  CHECK(eps[0].name == "litellm");
  CHECK(eps[0].value == "litellm:run_server");
  CHECK(eps[0].line == 3);
  CHECK(eps[1].name == "litellm-proxy");
  CHECK(eps[1].value == "litellm.proxy.proxy_cli:run [proxy]");
  CHECK(eps[2].group == "gui_scripts");
  CHECK(eps[2].name == "viewer");
  CHECK(eps[2].value == "pkg.gui:main");
  CHECK(eps[2].line == 8);
  CHECK(eps[3].group == "pytest11");
  CHECK(eps[3].line == 10);
}

TEST_CASE("entry points: empty files, comments only, a BOM and no final newline are fine", "[entry_points]") {
  CHECK(parse_ok("").empty());
  CHECK(parse_ok("\n\n# nothing\n").empty());
  auto eps = parse_ok("\xEF\xBB\xBF[console_scripts]\nx = y:z");
  REQUIRE(eps.size() == 1);
  CHECK(eps[0].value == "y:z");
  CHECK(eps[0].line == 2);
}

TEST_CASE("entry points: malformed lines fail with their line number and a reason", "[entry_points]") {
  SECTION("an entry before any section") {
    auto e = parse_bad("\nx = y:z\n");
    CHECK(e.line == 2);
    CHECK(e.message == "entry point before any [group] section");
  }
  SECTION("a line that is neither a section nor name = value") {
    auto e = parse_bad("[console_scripts]\nx = a:b\njust words\n");
    CHECK(e.line == 3);
    CHECK(e.message == "expected 'name = value' or '[group]'");
  }
  SECTION("an unclosed section header") {
    auto e = parse_bad("[console_scripts\nx = a:b\n");
    CHECK(e.line == 1);
    CHECK(e.message == "section header without closing ']'");
  }
  SECTION("an empty section name") {
    CHECK(parse_bad("[  ]\n").message == "empty section name");
  }
  SECTION("a name or a value missing") {
    auto e = parse_bad("[console_scripts]\n= a:b\n");
    CHECK(e.line == 2);
    CHECK(e.message == "entry point without a name");
    e = parse_bad("[console_scripts]\nok = a:b\ntool =\n");
    CHECK(e.line == 3);
    CHECK(e.message == "entry point 'tool' without a value");
  }
  SECTION("an indented continuation line") {
    auto e = parse_bad("[console_scripts]\nx = a:b\n    more\n");
    CHECK(e.line == 3);
    CHECK(e.message.find("continuation") != std::string::npos);
  }
  SECTION("a NUL byte") {
    std::string text = std::string("[console_scripts]\nx = a") + '\0' + "b\n";
    auto e = parse_bad(text);
    CHECK(e.line == 2);
    CHECK(e.message == "NUL byte in line");
  }
}

TEST_CASE("entry points: the entries before a malformed line are kept", "[entry_points]") {
  std::vector<EntryPoint> out;
  EntryPointsError error;
  CHECK_FALSE(parse_entry_points("[console_scripts]\na = b:c\n[broken\n", out, error));
  REQUIRE(out.size() == 1);
  CHECK(out[0].name == "a");
  CHECK(error.line == 3);
}

TEST_CASE("entry points: which paths are entry point files", "[entry_points]") {
  CHECK(is_entry_points_path("litellm-1.82.8.dist-info/entry_points.txt"));
  CHECK(is_entry_points_path("src/pkg.egg-info/entry_points.txt"));
  CHECK_FALSE(is_entry_points_path("entry_points.txt"));
  CHECK_FALSE(is_entry_points_path("pkg/entry_points.txt"));
  CHECK_FALSE(is_entry_points_path("pkg.dist-info/entry_points.txt.bak"));
}
