// Rule tests without the binary: parsing fixtures and expectations, finding
// fixtures beside rule files, and comparing expectations with findings. The
// comparisons also run on findings of real scans of in-memory fixtures.
#include <catch2/catch.hpp>

#include "engine/rule_test.hpp"
#include "engine_test_util.hpp"

using namespace canary;
using namespace canary::ruletest;
using canary::enginetest::put;

namespace {

Fixture parsed(const std::string& text, const std::string& default_path = "mod.py") {
  Fixture f;
  std::vector<InputError> errors;
  bool ok = parse_fixture("t.py", default_path, text, f, errors);
  for (const InputError& e : errors) INFO(e.text());
  REQUIRE(ok);
  REQUIRE(errors.empty());
  return f;
}

std::vector<std::string> parse_errors(const std::string& text) {
  Fixture f;
  std::vector<InputError> errors;
  CHECK_FALSE(parse_fixture("t.py", "mod.py", text, f, errors));
  std::vector<std::string> out;
  for (const InputError& e : errors) out.push_back(e.text());
  return out;
}

Finding finding(const std::string& rule, std::vector<uint32_t> lines) {
  Finding f;
  f.rule = rule;
  f.file = "mod.py";
  f.lines = std::move(lines);
  f.line = f.lines.empty() ? 0 : f.lines.front();
  return f;
}

// "kind@line:held" for each check, e.g. "ruleid@3:pass", "unexpected@7:FAIL".
std::vector<std::string> summary(const std::vector<Check>& checks) {
  static const char* kinds[] = {"ruleid", "ok", "todoruleid", "todook", "unexpected", "verdict"};
  std::vector<std::string> out;
  for (const Check& c : checks)
    out.push_back(std::string(kinds[static_cast<int>(c.kind)]) + "@" + std::to_string(c.line) + ":" +
                  (c.held ? "pass" : "FAIL"));
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("annotations apply to the next line that is not an annotation", "[ruletest][parse]") {
  Fixture f = parsed(
      "import os\n"
      "# ruleid: A, B\n"
      "# ok: C\n"
      "os.system('x')\n"
      "#   todoruleid :  pack:D \n"
      "\n"
      "# todook: ns.E\n"
      "y = 2\n");
  REQUIRE(f.annotations.size() == 5);
  CHECK(f.annotations[0].kind == Expect::RuleId);
  CHECK(f.annotations[0].rule == "A");
  CHECK(f.annotations[1].rule == "B");
  CHECK(f.annotations[2].kind == Expect::Ok);
  for (int i = 0; i < 3; ++i) CHECK(f.annotations[i].line == 4);
  CHECK(f.annotations[0].written_at == 2);
  CHECK(f.annotations[2].written_at == 3);
  CHECK(f.annotations[3].kind == Expect::TodoRuleId);
  CHECK(f.annotations[3].rule == "pack:D");
  CHECK(f.annotations[3].line == 6);  // a blank line is a line
  CHECK(f.annotations[4].kind == Expect::TodoOk);
  CHECK(f.annotations[4].rule == "ns.E");
  CHECK(f.annotations[4].line == 8);
  CHECK(f.artifact_path == "mod.py");
  CHECK(f.artifact == ArtifactKind::Wheel);
}

TEST_CASE("ordinary comments are not annotations", "[ruletest][parse]") {
  Fixture f = parsed("# ok so this is prose\n# okay\n# ruleids are documented elsewhere\n# todo: later\nx = 1\n");
  CHECK(f.annotations.empty());
}

TEST_CASE("annotations with nothing after them are about the whole file", "[ruletest][parse]") {
  Fixture f = parsed("x = 1\n# ok: A\n# ruleid: B\n");
  REQUIRE(f.annotations.size() == 2);
  CHECK(f.annotations[0].line == 0);
  CHECK(f.annotations[1].line == 0);
  CHECK(f.annotations[1].written_at == 3);
}

TEST_CASE("the header sets the artifact path and kind", "[ruletest][parse]") {
  Fixture f = parsed("#!/usr/bin/env python\n# canary-test: path=pkg/setup.py artifact=sdist\n# ruleid: A\nx\n");
  CHECK(f.artifact_path == "pkg/setup.py");
  CHECK(f.artifact == ArtifactKind::Sdist);
  CHECK(f.annotations.at(0).line == 4);
  // Unsafe names are the archive rules' test material: kept as written.
  CHECK(parsed("# canary-test: path=../../etc/x.py artifact=directory\n").artifact_path == "../../etc/x.py");
  CHECK(parsed("# canary-test: artifact=directory\n").artifact == ArtifactKind::Directory);
  Fixture g = parsed("# canary-test: path=p/x.py name=p-2.0-py3-none-any.whl record=mismatch copies=2\nx = 1\n");
  CHECK(g.artifact_name == "p-2.0-py3-none-any.whl");
  CHECK(g.copies == 2);
  CHECK(g.record == FixtureRecord::Mismatch);
  std::vector<MemoryEntry> entries = fixture_entries(g);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].name == "p/x.py");
  CHECK(entries[1].name == "p/x.py");
  CHECK(entries[2].name == "fixture-0.0.0.dist-info/RECORD");
  CHECK(entries[2].content.find("p/x.py,sha256=") == 0);
  CHECK(entries[2].content.find(wheel_record_hash(g.content)) == std::string::npos);
  g.record = FixtureRecord::Listed;
  CHECK(fixture_entries(g)[2].content.find(wheel_record_hash(g.content)) != std::string::npos);
  CHECK(fixture_artifact_name(ArtifactKind::Sdist) == "fixture-0.0.0.tar.gz");
}

TEST_CASE("bad annotations and headers are errors with file:line", "[ruletest][parse]") {
  CHECK(parse_errors("x\n# ruleid:\ny\n") == Strings{"t.py:2: ruleid annotation has an empty id"});
  CHECK(parse_errors("# ruleid: A,,B\ny\n") == Strings{"t.py:1: ruleid annotation has an empty id"});
  CHECK(parse_errors("# ok: not an id!\ny\n") == Strings{"t.py:1: ok annotation: 'not an id!' is not a rule or pattern set id"});
  CHECK(parse_errors("# ruleid A\ny\n") == Strings{"t.py:1: ruleid annotation needs a ':' before its ids"});
  CHECK(parse_errors("# canary-test: path=a.py artifact=egg\n") ==
        Strings{"t.py:1: canary-test header: artifact must be wheel, sdist or directory, got 'egg'"});
  CHECK(parse_errors("# canary-test: kind=a.py\n") ==
        Strings{"t.py:1: canary-test header: unknown key 'kind' (known: path, artifact, name, record, copies, feed, release.FACT)"});
  CHECK(parse_errors("# canary-test: release.age_hours=soon\n") ==
        Strings{"t.py:1: canary-test header: release.age_hours must be an integer, got 'soon'"});
  CHECK(parse_errors("# canary-test: release.colour=red\n") ==
        Strings{"t.py:1: canary-test header: unknown release fact 'release.colour'"});
  CHECK(parse_errors("# canary-test: record=listed artifact=sdist\n") ==
        Strings{"t.py:1: canary-test header: record is only for artifact=wheel"});
  CHECK(parse_errors("# canary-test: record=maybe\n") ==
        Strings{"t.py:1: canary-test header: record must be listed, unlisted or mismatch, got 'maybe'"});
  CHECK(parse_errors("# canary-test: copies=9\n") ==
        Strings{"t.py:1: canary-test header: copies must be 1, 2 or 3, got '9'"});
  CHECK(parse_errors("# canary-test: name=a.whl name=b.whl\n") ==
        Strings{"t.py:1: canary-test header: name given twice"});
  CHECK(parse_errors("# canary-test: path\n") == Strings{"t.py:1: canary-test header: expected key=value, got 'path'"});
  CHECK(parse_errors("# canary-test: path=\n") == Strings{"t.py:1: canary-test header: path is empty"});
  CHECK(parse_errors("\n\n\n\n\n\n\n\n\n\n# canary-test: path=a.py\n") ==
        Strings{"t.py:11: canary-test header must be within the first 10 lines"});
  CHECK(parse_errors("# canary-test: path=a.py\n# canary-test: path=b.py\n") == Strings{"t.py:2: second canary-test header"});
}

TEST_CASE("ids: bare, namespaced and pack-qualified", "[ruletest][ids]") {
  CHECK(is_valid_id("PTH_NETWORK"));
  CHECK(is_valid_id("python.network_calls"));
  CHECK(is_valid_id("canary:PTH_NETWORK"));
  CHECK(is_valid_id("community.example:python.x"));
  CHECK_FALSE(is_valid_id("Bad:X"));
  CHECK_FALSE(is_valid_id("a..b"));
  CHECK_FALSE(is_valid_id("1X"));
  CHECK_FALSE(is_valid_id("X."));

  IdMatcher plain;
  CHECK(plain.same("X", "canary:X"));
  CHECK(plain.same("canary:X", "X"));
  CHECK(plain.same("canary:X", "canary:X"));
  CHECK_FALSE(plain.same("other:X", "canary:X"));
  CHECK_FALSE(plain.same("X", "python.X"));
  IdMatcher stdlib{"python."};
  CHECK(stdlib.same("python.network_calls", "network_calls"));
  CHECK(stdlib.same("network_calls", "network_calls"));
}

TEST_CASE("fixtures of a rule file: <stem>.* beside it, longest stem wins", "[ruletest][discover]") {
  test::TempDir dir;
  put(dir.path(), "a.canary", "");
  put(dir.path(), "a.b.canary", "");
  put(dir.path(), "a.one.py", "");
  put(dir.path(), "a.two.pth", "");
  put(dir.path(), "a.notes.md", "");
  put(dir.path(), "a.b.x.py", "");
  put(dir.path(), ".a.hidden.py", "");
  put(dir.path(), "ab.py", "");
  std::filesystem::create_directories(dir.path() / "a.dir");
  auto names = [](const std::vector<std::filesystem::path>& ps) {
    Strings out;
    for (const auto& p : ps) out.push_back(p.filename().string());
    return out;
  };
  CHECK(names(find_fixtures(dir.path() / "a.canary")) == Strings{"a.one.py", "a.two.pth"});
  CHECK(names(find_fixtures(dir.path() / "a.b.canary")) == Strings{"a.b.x.py"});
  CHECK(default_fixture_path(dir.path() / "a.one.py", dir.path() / "a.canary") == "one.py");
  CHECK(default_fixture_path("setup_script.setup.py", "setup_script.canary") == "setup.py");
}

TEST_CASE("load_fixture reads a fixture from disk, or says it cannot", "[ruletest][fixture]") {
  test::TempDir dir;
  put(dir.path(), "net.canary", "");
  put(dir.path(), "net.beacon.py", "# canary-test: path=pkg/__init__.py\n# ruleid: NET\nurlopen(u)\n");
  Fixture f;
  std::vector<InputError> errors;
  REQUIRE(load_fixture(dir.path() / "net.beacon.py", dir.path() / "net.canary", f, errors));
  CHECK(errors.empty());
  CHECK(f.artifact_path == "pkg/__init__.py");
  REQUIRE(f.annotations.size() == 1);
  CHECK(f.annotations[0].rule == "NET");
  CHECK(f.annotations[0].line == 3);

  Fixture missing;
  CHECK_FALSE(load_fixture(dir.path() / "net.gone.py", dir.path() / "net.canary", missing, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "cannot read fixture");
  CHECK(errors[0].file == (dir.path() / "net.gone.py").string());
}

TEST_CASE("ruleid and ok against a finding's lines", "[ruletest][compare]") {
  Fixture f = parsed(
      "# ruleid: A\n"   // 1
      "hit()\n"         // 2
      "# ruleid: A\n"   // 3
      "missed()\n"      // 4
      "# ok: A\n"       // 5
      "clean()\n"       // 6
      "# ok: A\n"       // 7
      "false_pos()\n"   // 8
      "surprise()\n");  // 9
  std::vector<Check> checks = check_fixture(f, {finding("A", {2, 8, 9})}, IdMatcher{});
  CHECK(summary(checks) == Strings{"ruleid@2:pass", "ruleid@4:FAIL", "ok@6:pass", "ok@8:FAIL", "unexpected@9:FAIL"});
  CHECK(checks[1].message() == "t.py:4: expected A on this line / got A on lines 2, 8, 9");
  CHECK(checks[3].message() == "t.py:8: expected no A on this line / got A on this line");
  CHECK(checks[4].message() == "t.py:9: expected no A (the line has no annotation for it) / got A on this line");
}

TEST_CASE("a rule that does not fire at all misses every ruleid", "[ruletest][compare]") {
  Fixture f = parsed("# ruleid: A\nx\n# ok: A\ny\n");
  std::vector<Check> checks = check_fixture(f, {}, IdMatcher{});
  CHECK(summary(checks) == Strings{"ruleid@2:FAIL", "ok@4:pass"});
  CHECK(checks[0].message() == "t.py:2: expected A on this line / got no A finding");
}

TEST_CASE("a file-level finding satisfies every ruleid and violates every ok", "[ruletest][compare]") {
  Fixture f = parsed("# ruleid: A\nx\n# ok: A\ny\n");
  std::vector<Check> checks = check_fixture(f, {finding("A", {})}, IdMatcher{});
  CHECK(summary(checks) == Strings{"ruleid@2:pass", "ok@4:FAIL"});
  CHECK(checks[1].got == "A as a file-level finding (no line)");
}

TEST_CASE("todo annotations are evaluated but never fail", "[ruletest][compare]") {
  Fixture f = parsed("# todoruleid: A\nmissed()\n# todook: A\nfalse_pos()\n");
  std::vector<Check> checks = check_fixture(f, {finding("A", {4})}, IdMatcher{});
  CHECK(summary(checks) == Strings{"todoruleid@2:FAIL", "todook@4:FAIL"});
  for (const Check& c : checks) {
    CHECK(c.is_todo());
    CHECK_FALSE(c.failed());
  }
  // A todo that now holds is reported as holding (time to promote it), and
  // its line is not an unexpected finding.
  checks = check_fixture(f, {finding("A", {2})}, IdMatcher{});
  CHECK(summary(checks) == Strings{"todoruleid@2:pass", "todook@4:pass"});
}

TEST_CASE("rules the fixture does not name are ignored, ids match bare or qualified", "[ruletest][compare]") {
  Fixture f = parsed("# ruleid: canary:A\nx\n");
  std::vector<Check> checks = check_fixture(f, {finding("A", {2}), finding("B", {1, 2})}, IdMatcher{});
  CHECK(summary(checks) == Strings{"ruleid@2:pass"});
  f = parsed("# ruleid: A\nx\n");
  CHECK(summary(check_fixture(f, {finding("canary:A", {2})}, IdMatcher{})) == Strings{"ruleid@2:pass"});
  CHECK(summary(check_fixture(f, {finding("other:A", {2})}, IdMatcher{})) == Strings{"ruleid@2:pass"});
  f = parsed("# ruleid: canary:A\nx\n");
  CHECK(summary(check_fixture(f, {finding("other:A", {2})}, IdMatcher{})) == Strings{"ruleid@2:FAIL"});
}

TEST_CASE("whole-file annotations: ruleid anywhere, ok nowhere", "[ruletest][compare]") {
  Fixture f = parsed("x\ny\n# ruleid: A\n# ok: B\n");
  CHECK(summary(check_fixture(f, {finding("A", {2}), finding("B", {})}, IdMatcher{})) ==
        Strings{"ruleid@3:pass", "ok@4:FAIL"});
  // ok at the end still leaves each line it fires on unexpected.
  CHECK(summary(check_fixture(f, {finding("B", {1})}, IdMatcher{})) ==
        Strings{"ruleid@3:FAIL", "unexpected@1:FAIL", "ok@4:FAIL"});
}

TEST_CASE("comparison on a real scan of an in-memory fixture", "[ruletest][compare][scan]") {
  enginetest::TempPack tp(
      {{"r.canary", enginetest::rule("NEEDLE", "  patterns:\n    $a = \"needle\"\n  condition:\n    $a\n")}});
  LoadedPack lp = enginetest::load_ok(tp);
  Fixture f = parsed(
      "# canary-test: path=pkg/x.py artifact=sdist\n"
      "# ruleid: NEEDLE\n"
      "needle()\n"
      "# ok: NEEDLE\n"
      "hay()\n"
      "needle_again()\n");
  auto reader = make_memory_reader(f.artifact, {{"fixture-0.0.0/" + f.artifact_path, f.content}});
  ScanOptions opts;
  opts.include_private = opts.include_sets = true;
  ArtifactReport r = scan_reader({lp.pack.get()}, *reader, "t.py", opts);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].file == "fixture-0.0.0/pkg/x.py");
  CHECK(summary(check_fixture(f, r.findings, IdMatcher{})) == Strings{"ruleid@3:pass", "ok@5:pass", "unexpected@6:FAIL"});
}

TEST_CASE("corpus expectations parse, and unknown keys are errors", "[ruletest][corpus]") {
  CorpusExpect e;
  std::vector<InputError> errors;
  REQUIRE(parse_corpus_expect("x.expect.toml",
                              "must-fire = [\"A\", \"canary:B\"]\nmust-not-fire = [\"C\"]\n"
                              "min-verdict = \"HIGH_RISK\"\nmax-verdict = \"malicious\"\nartifact = \"dist/x.whl\"\n",
                              e, errors));
  CHECK(errors.empty());
  REQUIRE(e.must_fire.size() == 2);
  CHECK(e.must_fire[1].id == "canary:B");
  CHECK(e.must_fire[1].line == 1);
  CHECK(e.must_not_fire.at(0).id == "C");
  CHECK(e.min_verdict == Verdict::HighRisk);
  CHECK(e.max_verdict == Verdict::Malicious);
  CHECK(e.artifact == "dist/x.whl");

  auto errors_of = [](const std::string& text) {
    CorpusExpect ex;
    std::vector<InputError> errs;
    CHECK_FALSE(parse_corpus_expect("x.expect.toml", text, ex, errs));
    Strings out;
    for (const InputError& err : errs) out.push_back(err.text());
    return out;
  };
  CHECK(errors_of("must-fire = [\"A\"]\nmust_fire = [\"B\"]\n") ==
        Strings{"x.expect.toml:2:1: unknown key 'must_fire' (known: must-fire, must-not-fire, min-verdict, max-verdict, "
                "artifact)"});
  CHECK(errors_of("min-verdict = \"BAD\"\n") ==
        Strings{"x.expect.toml:1:15: min-verdict must be one of \"SAFE\", \"LOW_RISK\", \"HIGH_RISK\", \"MALICIOUS\""});
  CHECK(errors_of("must-fire = \"A\"\n") == Strings{"x.expect.toml:1:13: must-fire must be an array of rule ids"});
  CHECK(errors_of("must-fire = [\"A\", 3]\n") ==
        Strings{"x.expect.toml:1:19: must-fire: every element must be a string (a rule id)"});
  CHECK(errors_of("min-verdict = \"MALICIOUS\"\nmax-verdict = \"SAFE\"\n") ==
        Strings{"x.expect.toml:2: max-verdict is below min-verdict"});
  CHECK(errors_of("must-fire = [\"A\"]\nmust-not-fire = [\"A\"]\n") ==
        Strings{"x.expect.toml:2: 'A' is both in must-fire and must-not-fire"});
  CHECK(errors_of("must-fire = [\n").size() == 1);
}

TEST_CASE("corpus checks: must-fire, must-not-fire and the verdict range", "[ruletest][corpus]") {
  CorpusExpect e;
  std::vector<InputError> errors;
  REQUIRE(parse_corpus_expect("x.expect.toml",
                              "must-fire = [\"A\", \"B\"]\nmust-not-fire = [\"C\", \"D\"]\n"
                              "min-verdict = \"HIGH_RISK\"\nmax-verdict = \"HIGH_RISK\"\n",
                              e, errors));
  ArtifactReport r;
  r.verdict = Verdict::Malicious;
  r.score = 9.5;
  r.findings = {finding("canary:A", {3}), finding("canary:C", {})};
  std::vector<Check> checks = check_corpus(e, r, IdMatcher{});
  CHECK(summary(checks) == Strings{"ruleid@1:pass", "ruleid@1:FAIL", "ok@2:FAIL", "ok@2:pass", "verdict@3:pass",
                                   "verdict@4:FAIL"});
  CHECK(checks[1].message() == "x.expect.toml:1: expected B / got no B finding");
  CHECK(checks[2].message() == "x.expect.toml:2: expected no C / got C in mod.py");
  CHECK(checks[5].message() == "x.expect.toml:4: expected verdict at most HIGH_RISK / got MALICIOUS (score 9.5)");
}
