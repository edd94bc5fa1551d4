#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

#include <hs.h>

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

// Where each match of `query` starts in `src`.
std::vector<uint32_t> match_starts(const std::string& query, const std::string& src) {
  std::vector<QueryProblem> problems;
  auto q = CompiledQuery::compile(query, problems);
  REQUIRE(q);
  HsScratch scratch;
  for (auto* db : q->databases()) REQUIRE(scratch.reserve_for(db->get()));
  Parsed p(src);
  std::vector<uint32_t> out;
  q->run(ts_tree_root_node(p.tree), src, scratch, [&](uint32_t b, uint32_t) { out.push_back(b); });
  return out;
}

// Whether `regex` (compiled as the pack compiles clues) matches `text` with
// a match whose last byte is at `from` or later.
// Whether `regex` has a match in `text` that ends in [from, to] (the byte
// offset of its last character).
bool regex_ends_within(const std::string& regex, const std::string& text, size_t from, size_t to) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  REQUIRE(hs_compile(regex.c_str(), 0, HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  REQUIRE(hs_alloc_scratch(db, &scratch) == HS_SUCCESS);
  struct Ctx {
    size_t from, to;
    bool found = false;
  } ctx{from, to};
  auto on = [](unsigned, unsigned long long, unsigned long long end, unsigned, void* c) -> int {
    auto* x = static_cast<Ctx*>(c);
    if (end >= 1 && end - 1 >= x->from && end - 1 <= x->to) x->found = true;
    return 0;
  };
  hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on, &ctx);
  hs_free_scratch(scratch);
  hs_free_database(db);
  return ctx.found;
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
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k value: (identifier) @v)"
                     " (#eq? @k \"shell\") (#eq? @v \"True\"))") == "\"True\" & \"shell\"");
  // A clue under 3 bytes (`os`, `^[wa]`) is everywhere: left out beside a
  // longer one, kept when its pattern has nothing better (the longest).
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k value: (identifier) @v)"
                     " (#eq? @k \"os\") (#eq? @v \"system\"))") == "\"system\"");
  CHECK(prefilter_of("((identifier) @m (#eq? @m \"os\"))") == "\"os\"");
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k value: (string) @s)"
                     " (#match? @s \"^.[wa]\") (#eq? @k \"op\"))") == "\"op\"");
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k) (#any-of? @k \"exec\" \"eval\"))") ==
        "\"eval\", \"exec\"");
  // A #match? regex is its own clue, relaxed (anchors and \b dropped).
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k) (#match? @k \"^(ex|co)\"))") == "/(ex|co)/");
  // A regex the literal reader does not follow is no clue.
  CHECK(prefilter_of("((keyword_argument name: (identifier) @k) (#match? @k \"(?i)exec\") (#eq? @k \"xyz\"))") ==
        "\"xyz\"");
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

TEST_CASE("a name's clue carries what surrounds it in the source", "[query][prefilter]") {
  std::vector<QueryProblem> problems;
  auto prefilter_of = [&](const std::string& text) {
    auto q = CompiledQuery::compile(text, problems);
    INFO(text);
    REQUIRE(q);
    return describe(q->prefilter());
  };
  // A call's function: no `.` before, `(` after (blanks, comments and line
  // continuations between).
  CHECK(prefilter_of("(call function: (identifier) @f (#any-of? @f \"exec\" \"eval\"))") ==
        "/(?:^|[^.\\w])(?:exec|eval){gap}[(]/");
  // An attribute's name: `.` before; `(` after when the attribute is called.
  CHECK(prefilter_of("(call function: (attribute attribute: (identifier) @f) (#eq? @f \"connect\"))") ==
        "/[.]{gap}(?:connect){gap}[(]/");
  CHECK(prefilter_of("((attribute attribute: (identifier) @f) (#eq? @f \"environ\"))") ==
        "/[.]{gap}(?:environ)\\b/");
  // Either: only the `(` after is certain.
  CHECK(prefilter_of("(call function: [(identifier) @f (attribute attribute: (identifier) @f)]"
                     " (#eq? @f \"compile\"))") == "/\\b(?:compile){gap}[(]/");
  // Object and attribute captured together: one clue, even with a short
  // object name that alone would be left out.
  CHECK(prefilter_of("(call function: (attribute object: (identifier) @m attribute: (identifier) @a)"
                     " (#eq? @m \"os\") (#eq? @a \"system\"))") ==
        "/(?:^|[^.\\w])(?:os){gap}[.]{gap}(?:system){gap}[(]/");
  // A #match? regex inside the identifier it must match somewhere in.
  CHECK(prefilter_of("(call function: (attribute object: (identifier) @m attribute: (identifier) @a)"
                     " (#any-of? @m \"os\" \"nt\") (#match? @a \"^(system|popen)$\"))") ==
        "/(?:^|[^.\\w])(?:os|nt){gap}[.]{gap}[\\w\\x80-\\xff]*(?:(system|popen))[\\w\\x80-\\xff]*{gap}[(]/");
  // Other terms stay as they were.
  CHECK(prefilter_of("((call function: (attribute attribute: (identifier) @f) arguments: (argument_list . (string) @u))"
                     " (#any-of? @f \"get\" \"post\") (#match? @u \"^f?[\\\"'](https?|ftp)://\"))") ==
        "/[.]{gap}(?:get|post){gap}[(]/ & /f?[\"'](https?|ftp):///");
  // An assigned value, alone or one of several: `=` or `,` before it, and
  // nothing after it that would make it a call, attribute or subscript.
  CHECK(prefilter_of("((assignment left: (identifier) @n right: (identifier) @v) (#any-of? @v \"exec\" \"eval\"))") ==
        "/[=,]{gap}(?:exec|eval){end}/");
  CHECK(prefilter_of("((assignment right: (expression_list (identifier) @v)) (#eq? @v \"exec\"))") ==
        "/[=,]{gap}(?:exec){end}/");
  // Places the reader does not follow keep the bare name; so do values that
  // are not identifiers.
  CHECK(prefilter_of("(call arguments: (argument_list (identifier) @a) (#eq? @a \"environ\"))") == "\"environ\"");
  CHECK(prefilter_of("(call function: (identifier) @f (#eq? @f \"sys.exit\"))") == "\"sys.exit\"");
  CHECK(problems.empty());
}

TEST_CASE("a clue with context still matches every place its query matches", "[query][prefilter]") {
  // Real Python in the forms the clues must survive: spaces, line breaks
  // inside brackets, comments, continuations, f-strings, chained calls.
  const std::string calls =
      "import os, re\n"
      "os.system('a')\n"
      "os . system ('b')\n"
      "(os.\n   system)('c')\n"
      "x = (os  # the module\n  .system  # the call\n  ('d'))\n"
      "os.system \\\n  ('e')\n"
      "f'{os.system(\"f\")}'\n"
      "exec ( 'g' )\n"
      "[exec(\n'h')]\n"
      "y = re.compile('i').sub('', exec('j'))\n"
      "z = lambda: exec('k')\n";
  struct Case {
    const char* query;
    size_t matches;
    const std::string* source = nullptr;  // default: calls
  };
  // Assigned values: a continuation, a comment, an annotation, `;`, a
  // tuple, CRLF, and the last line without a line break.
  const std::string assigned =
      "a = exec\n"
      "b = \\\n  eval  # an alias\n"
      "c: object = exec; d = 1\n"
      "e, f = str, exec\n"
      "g, h = (exec\n  , str)\n"
      "i = exec\r\n"
      "j = eval(s)\n"
      "k = exec.__doc__\n"
      "l = eval";
  for (const Case& c : {Case{"((call function: (attribute object: (identifier) @m attribute: (identifier) @a)) @match"
                             " (#eq? @m \"os\") (#eq? @a \"system\"))", 5},
                        Case{"((call function: (identifier) @f) @match (#eq? @f \"exec\"))", 4},
                        Case{"((call function: [(identifier) @f (attribute attribute: (identifier) @f)]) @match"
                             " (#any-of? @f \"compile\" \"exec\"))", 5},
                        Case{"((assignment right: (identifier) @v) @match (#any-of? @v \"exec\" \"eval\"))", 5, &assigned},
                        Case{"((assignment right: (expression_list (identifier) @v)) @match (#eq? @v \"exec\"))", 1,
                             &assigned}}) {
    const std::string& src = c.source ? *c.source : calls;
    std::vector<QueryProblem> problems;
    auto q = CompiledQuery::compile(c.query, problems);
    INFO(c.query);
    REQUIRE(q);
    const std::vector<uint32_t> starts = match_starts(c.query, src);
    REQUIRE(starts.size() == c.matches);
    // Each match's top-level statement (its line break included) holds the
    // end of a match of some clue of each term, found by Hyperscan over the
    // whole text the way the scanner finds them.
    for (uint32_t begin : starts) {
      const size_t start = src.rfind('\n', begin == 0 ? 0 : begin - 1);
      const size_t line_start = start == std::string::npos ? 0 : start + 1;
      size_t stmt_end = src.size();
      for (size_t at = begin; at < src.size(); ++at)
        if (src[at] == '\n' && at + 1 < src.size() && std::isalpha(static_cast<unsigned char>(src[at + 1]))) {
          stmt_end = at;
          break;
        }
      for (const auto& terms : q->prefilter().patterns)
        for (const auto& term : terms) {
          bool found = false;
          for (uint32_t i : term) {
            const PrefilterClue& clue = q->prefilter().clues[i];
            REQUIRE(clue.kind == PrefilterClue::Kind::Regex);
            found = found || regex_ends_within(clue.text, src, line_start, stmt_end);
          }
          INFO("statement from " << line_start << ": " << src.substr(line_start, stmt_end - line_start));
          CHECK(found);
        }
    }
  }
  // And the clue of an alias leaves out the value that is called or used.
  std::vector<QueryProblem> problems;
  auto alias = CompiledQuery::compile("((assignment right: (identifier) @v) (#eq? @v \"eval\"))", problems);
  REQUIRE(alias);
  REQUIRE(alias->prefilter().clues.size() == 1);
  const std::string& clue = alias->prefilter().clues[0].text;
  CHECK_FALSE(regex_ends_within(clue, "j = eval(s)\nk = eval.__doc__\nm = eval [0]\nn = evaluate\n", 0, 100));
  CHECK(regex_ends_within(clue, "m = eval  # x\n", 0, 100));
}

TEST_CASE("a query stops between matches at its deadline", "[query][limits]") {
  std::vector<QueryProblem> problems;
  auto q = CompiledQuery::compile("(call function: (identifier) @f) @call", problems);
  REQUIRE(q);
  HsScratch scratch;
  std::string src;
  for (int i = 0; i < 2000; ++i) src += "f(" + std::to_string(i) + ")\n";
  Parsed p(src);
  auto count = [&](CompiledQuery::Deadline* d, bool& complete) {
    size_t n = 0;
    complete = q->run(ts_tree_root_node(p.tree), src, scratch, [&](uint32_t, uint32_t) { ++n; },
                      CompiledQuery::kDefaultMatchLimit, d);
    return n;
  };
  bool complete = false;
  CHECK(count(nullptr, complete) == 2000);
  CHECK(complete);
  CompiledQuery::Deadline later{std::chrono::steady_clock::now() + std::chrono::hours(1)};
  CHECK(count(&later, complete) == 2000);
  CHECK(complete);
  CHECK_FALSE(later.reached);
  // Already past: it stops at the first check, kDeadlineStride matches in.
  CompiledQuery::Deadline past{std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  CHECK(count(&past, complete) < CompiledQuery::kDeadlineStride);
  CHECK_FALSE(complete);
  CHECK(past.reached);
}
