// The grammar itself and the literal decoders, apart from the AST.
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"
#include "dsl/literals.hpp"
#include "dsl_test_util.hpp"

using namespace canary::dsl;
namespace g = canary::dsl::grammar;
namespace pegtl = tao::pegtl;

namespace {

// Does `rule` match all of `text`?
template <typename Rule>
bool matches_all(std::string_view text) {
  pegtl::memory_input in(text.data(), text.size(), "test");
  g::control_state st;
  try {
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>, pegtl::nothing, g::control>(in, st);
  } catch (const g::syntax_error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("the grammar has no rules that can loop without consuming input", "[dsl][grammar]") {
  CHECK(pegtl::analyze<g::rule_file>(0) == 0);
}

TEST_CASE("keyword list and keyword rule agree", "[dsl][grammar]") {
  for (auto kw : g::keyword_names) {
    INFO(kw);
    CHECK(matches_all<g::keyword>(kw));
    CHECK_FALSE(matches_all<g::name>(kw));
    CHECK(matches_all<g::word>(kw));
    // A keyword with a tail is an ordinary identifier.
    CHECK(matches_all<g::name>(std::string(kw) + "x"));
    CHECK(matches_all<g::name>(std::string(kw) + "_"));
    CHECK(matches_all<g::name>(std::string(kw) + "1"));
  }
  CHECK(std::size(g::keyword_names) == 27);
  CHECK_FALSE(matches_all<g::keyword>("android"));
  CHECK(g::is_keyword("nocase"));
  CHECK_FALSE(g::is_keyword("nocases"));
}

TEST_CASE("dotted names: only the first part must not be a keyword", "[dsl][grammar]") {
  CHECK(matches_all<g::dotted_name>("file.path"));
  CHECK(matches_all<g::dotted_name>("python.network_calls"));
  CHECK(matches_all<g::dotted_name>("a.b.c"));
  CHECK_FALSE(matches_all<g::dotted_name>("path.x"));
  CHECK_FALSE(matches_all<g::dotted_name>("a..b"));
}

TEST_CASE("string escapes decode to bytes", "[dsl][literals]") {
  CHECK(unescape_string(R"("plain")") == "plain");
  CHECK(unescape_string(R"("")") == "");
  CHECK(unescape_string(R"("\"\\\n\r\t")") == "\"\\\n\r\t");
  CHECK(unescape_string(R"("\0")") == std::string(1, '\0'));
  CHECK(unescape_string(R"("\x41\x7a\xFF\x00")") == std::string("Az\xff\0", 4));
  CHECK(unescape_string("\"caf\xC3\xA9\"") == "caf\xC3\xA9");
}

TEST_CASE("integer literals", "[dsl][literals]") {
  CHECK(integer_value("0") == 0);
  CHECK(integer_value("42") == 42);
  CHECK(integer_value("0x2A") == 42);
  CHECK(integer_value("0Xff") == 255);
  CHECK(integer_value("1KB") == 1024);
  CHECK(integer_value("3MB") == 3 * 1024 * 1024);
  CHECK(integer_value("0x10KB") == 16 * 1024);
  CHECK(integer_value("9223372036854775807") == INT64_MAX);
  CHECK_FALSE(integer_value("9223372036854775808"));
  CHECK(integer_value("0x7fffffffffffffff") == INT64_MAX);
  CHECK_FALSE(integer_value("0x8000000000000000"));
  CHECK(integer_value("8796093022207MB") == int64_t{8796093022207} * 1024 * 1024);
  CHECK_FALSE(integer_value("8796093022208MB"));
}
