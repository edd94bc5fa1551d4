#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/hs_util.hpp"
#include "engine/query.hpp"

using namespace canary;

namespace {

struct Parsed {
  TSParser* parser;
  TSTree* tree;
  explicit Parsed(const std::string& src) {
    parser = ts_parser_new();
    REQUIRE(ts_parser_set_language(parser, python_language()));
    tree = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
  }
  ~Parsed() {
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
};

std::vector<std::string> run(const std::string& query, const std::string& src) {
  std::vector<QueryProblem> problems;
  auto q = CompiledQuery::compile(query, problems);
  INFO(query);
  REQUIRE(problems.empty());
  REQUIRE(q);
  HsScratch scratch;
  for (auto* db : q->databases()) REQUIRE(scratch.reserve_for(db->get()));
  Parsed p(src);
  std::vector<std::string> out;
  q->run(ts_tree_root_node(p.tree), src, scratch, [&](uint32_t b, uint32_t e) { out.push_back(src.substr(b, e - b)); });
  return out;
}

}  // namespace

TEST_CASE("the grammar loads into the runtime (ABI compatible)", "[query]") {
  TSParser* p = ts_parser_new();
  CHECK(ts_parser_set_language(p, python_language()));
  ts_parser_delete(p);
}

TEST_CASE("#eq? filters captures and @match chooses the reported node", "[query]") {
  std::string src = "exec(data)\neval(x)\nprint(exec)\n";
  auto hits = run("(call function: (identifier) @f (#eq? @f \"exec\")) @match", src);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0] == "exec(data)");
  auto fn = run("(call function: (identifier) @f (#eq? @f \"eval\"))", src);
  REQUIRE(fn.size() == 1);
  CHECK(fn[0] == "eval");
}

TEST_CASE("#any-of?, #match? and negations", "[query]") {
  std::string src = "exec(a)\neval(b)\ncompile(c)\nprint(d)\n";
  CHECK(run("(call function: (identifier) @f (#any-of? @f \"exec\" \"eval\"))", src).size() == 2);
  CHECK(run("(call function: (identifier) @f (#not-any-of? @f \"exec\" \"eval\"))", src).size() == 2);
  CHECK(run("(call function: (identifier) @f (#match? @f \"^(ex|co)\"))", src).size() == 2);
  CHECK(run("(call function: (identifier) @f (#not-match? @f \"^(ex|co)\"))", src).size() == 2);
  CHECK(run("(call function: (identifier) @f (#not-eq? @f \"print\"))", src).size() == 3);
}

TEST_CASE("a query's prefilter is one conjunction of its positive predicates per pattern", "[query][prefilter]") {
  std::vector<QueryProblem> problems;
  auto prefilter_of = [&](const std::string& text) {
    auto q = CompiledQuery::compile(text, problems);
    INFO(text);
    REQUIRE(q);
    return describe(q->prefilter());
  };
  // Both names must be in the place: a conjunction, not the "best" one alone.
  CHECK(prefilter_of("(call function: (attribute object: (identifier) @m attribute: (identifier) @a)"
                     " (#eq? @m \"subprocess\") (#eq? @a \"run\"))") == "\"run\" & \"subprocess\"");
  // A clue under 3 bytes (`os`, `^[wa]`) is everywhere: left out beside a
  // longer one, kept when its pattern has nothing better (the longest).
  CHECK(prefilter_of("(call function: (attribute object: (identifier) @m attribute: (identifier) @a)"
                     " (#eq? @m \"os\") (#eq? @a \"system\"))") == "\"system\"");
  CHECK(prefilter_of("((identifier) @m (#eq? @m \"os\"))") == "\"os\"");
  CHECK(prefilter_of("((call function: (identifier) @f arguments: (argument_list (string) @s))"
                     " (#match? @s \"^.[wa]\") (#eq? @f \"op\"))") == "\"op\"");
  CHECK(prefilter_of("(call function: (identifier) @f (#any-of? @f \"exec\" \"eval\"))") == "\"eval\", \"exec\"");
  // A #match? regex is its own clue, relaxed (anchors and \b dropped).
  CHECK(prefilter_of("(call function: (identifier) @f (#match? @f \"^(ex|co)\"))") == "/(ex|co)/");
  CHECK(prefilter_of("((call function: (attribute attribute: (identifier) @f) arguments: (argument_list . (string) @u))"
                     " (#any-of? @f \"get\" \"post\") (#match? @u \"^f?[\\\"'](https?|ftp)://\"))") ==
        "(\"get\", \"post\") & /f?[\"'](https?|ftp):///");
  // A regex the literal reader does not follow is no clue.
  CHECK(prefilter_of("(call function: (identifier) @f (#match? @f \"(?i)exec\") (#eq? @f \"x\"))") == "\"x\"");
  // Patterns are alternatives.
  CHECK(prefilter_of("((identifier) @a (#eq? @a \"exec\")) ((identifier) @b (#match? @b \"^eval$\"))") ==
        "\"exec\" | /eval/");

  // A pattern without a positive predicate can match anything: no prefilter.
  auto always = CompiledQuery::compile("[(call function: (identifier) @f (#eq? @f \"exec\")) (lambda) @l]", problems);
  REQUIRE(always);
  CHECK(always->prefilter().empty());
  CHECK(describe(always->prefilter()) == "(none)");
  // A negated predicate proves nothing about what the file contains.
  auto neg = CompiledQuery::compile("(call function: (identifier) @f (#not-eq? @f \"exec\"))", problems);
  REQUIRE(neg);
  CHECK(neg->prefilter().empty());
  // Nor does a predicate on a capture that may be absent.
  auto optional = CompiledQuery::compile(
      "(call function: (identifier) @f arguments: (argument_list (string)? @s) (#eq? @s \"'x'\"))", problems);
  REQUIRE(optional);
  CHECK(optional->prefilter().empty());
  CHECK(problems.empty());
}

TEST_CASE("query errors carry a code and an offset inside the query", "[query][errors]") {
  std::vector<QueryProblem> problems;
  CHECK_FALSE(CompiledQuery::compile("(call function: (identifer) @f)", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "E006");
  CHECK(problems[0].message.find("identifer") != std::string::npos);
  CHECK(problems[0].offset == 17);

  problems.clear();
  CHECK_FALSE(CompiledQuery::compile("(call) @c (#frobnicate? @c \"x\")", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "E012");
  CHECK(problems[0].offset == 11);

  problems.clear();
  CHECK_FALSE(CompiledQuery::compile("(call)", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("@match") != std::string::npos);

  problems.clear();
  CHECK_FALSE(CompiledQuery::compile("(call function: (identifier) @f (#match? @f \"(unclosed\"))", problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].code == "E012");
}
