// What rule tests and tooling rely on: every line a true rule matched on
// (Finding::lines), positions of rules made of rule references, test mode
// (private rules and pattern sets reported, never scored), in-memory
// artifacts, several packs in one scan, and the profile's counts.
#include <catch2/catch.hpp>

#include "engine/profile.hpp"
#include "engine_test_util.hpp"

using namespace canary;
using namespace canary::enginetest;
using Lines = std::vector<uint32_t>;

namespace {

ArtifactReport scan_memory(const LoadedPack& lp, ArtifactKind kind, std::vector<MemoryEntry> files,
                           const ScanOptions& opts = {}) {
  REQUIRE(lp.pack);
  auto reader = make_memory_reader(kind, std::move(files));
  return scan_reader({lp.pack.get()}, *reader, "<memory>", opts);
}

const Finding& the_finding(const ArtifactReport& r, const std::string& rule, const std::string& file) {
  const Finding* found = nullptr;
  for (const Finding& f : r.findings)
    if (f.rule == rule && f.file == file) found = &f;
  INFO(describe(r));
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE("a finding lists every line its patterns matched, sorted and unique", "[scan][lines]") {
  TempPack tp({{"r.canary", rule("BOTH", "  patterns:\n    $a = \"alpha\"\n    $b = /be+ta/\n"
                                         "  condition:\n    $a or $b\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_memory(lp, ArtifactKind::Wheel,
                                 {{"m.py", "x = 1\nalpha()\n\n\nbeeta(); alpha; betaa\n"}});
  const Finding& f = the_finding(r, "BOTH", "m.py");
  CHECK(f.lines == Lines{2, 5});
  CHECK(f.line == 2);
  CHECK(f.column == 1);
  CHECK(f.excerpt == "alpha()");
}

TEST_CASE("a rule made only of rule references takes its position and lines from them", "[scan][lines]") {
  TempPack tp({{"r.canary", rule("A", "  patterns:\n    $a = \"needle\"\n  condition:\n    $a\n") +
                                rule("B", "  patterns:\n    $b = \"thread\"\n  condition:\n    $b\n") +
                                rule("BOTH", "  condition:\n    A and B\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_memory(lp, ArtifactKind::Wheel, {{"m.py", "thread\nx\nneedle\n"}});
  const Finding& f = the_finding(r, "BOTH", "m.py");
  CHECK(f.lines == Lines{1, 3});
  CHECK(f.line == 1);
  CHECK(f.excerpt == "thread");
}

TEST_CASE("lines of a referenced rule never leak from an earlier file", "[scan][lines]") {
  // A is in scope for first.py only; B references it. In second.py, A is not
  // evaluated, so B's lines there are its own pattern's only.
  TempPack tp({{"r.canary",
                rule("A", "  scope:\n    path = \"first.py\"\n  patterns:\n    $a = \"needle\"\n  condition:\n    $a\n") +
                    rule("B", "  patterns:\n    $x = \"hay\"\n  condition:\n    A or $x\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_memory(lp, ArtifactKind::Wheel,
                                 {{"first.py", "\n\nneedle\n"}, {"second.py", "\n\n\n\n\n\nhay\n"}});
  CHECK(the_finding(r, "B", "first.py").lines == Lines{3});
  CHECK(the_finding(r, "B", "second.py").lines == Lines{7});
}

TEST_CASE("a rule of facts only has a finding without position or lines", "[scan][lines]") {
  TempPack tp({{"r.canary", rule("PY", "  scope:\n    kind = python\n  condition:\n    file.size > 0\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_memory(lp, ArtifactKind::Wheel, {{"m.py", "x = 1\n"}});
  const Finding& f = the_finding(r, "PY", "m.py");
  CHECK(f.line == 0);
  CHECK(f.lines.empty());
}

TEST_CASE("test mode reports private rules and matched sets, and neither changes the score", "[scan][lines]") {
  TempPack tp({{"r.canary",
                "patternset calls {\n  $e = \"evil(\"\n  $q = ast `((call function: (identifier) @f) @match (#eq? @f \"boom\"))`\n}\n"
                "private rule HELPER {\n  patterns:\n    $h = \"evil(\"\n  condition:\n    $h\n}\n" +
                    rule("PUBLIC", "  patterns:\n    $p = calls\n  condition:\n    HELPER and $p\n", "low")}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  std::vector<MemoryEntry> files{{"m.py", "# evil(\nboom()\nevil(1)\n"}};

  ArtifactReport normal = scan_memory(lp, ArtifactKind::Wheel, files);
  INFO(describe(normal));
  CHECK(fired(normal) == std::vector<std::string>{"PUBLIC m.py"});

  ScanOptions test_mode;
  test_mode.include_private = true;
  test_mode.include_sets = true;
  ArtifactReport t = scan_memory(lp, ArtifactKind::Wheel, files, test_mode);
  INFO(describe(t));
  CHECK(fired(t) == std::vector<std::string>{"HELPER m.py", "PUBLIC m.py", "calls m.py"});
  CHECK(the_finding(t, "calls", "m.py").lines == Lines{1, 2, 3});
  CHECK(the_finding(t, "calls", "m.py").severity == Severity::Info);
  CHECK(the_finding(t, "HELPER", "m.py").lines == Lines{1, 3});
  CHECK(the_finding(t, "PUBLIC", "m.py").lines == Lines{1, 2, 3});
  CHECK(t.score == normal.score);
  CHECK(t.verdict == normal.verdict);
}

TEST_CASE("test mode runs a set's query even when no rule in scope uses it", "[scan][lines]") {
  TempPack tp({{"r.canary", "patternset calls {\n  $q = ast `((call function: (identifier) @f) @match (#eq? @f \"boom\"))`\n}\n" +
                                rule("NOTHING", "  scope:\n    path = \"never.txt\"\n  condition:\n    true\n")}});
  LoadedPack lp = tp.load();
  REQUIRE(lp.pack);
  ScanOptions test_mode;
  test_mode.include_sets = true;
  ArtifactReport t = scan_memory(lp, ArtifactKind::Wheel, {{"m.py", "x = 1\nboom()\n"}}, test_mode);
  INFO(describe(t));
  CHECK(the_finding(t, "calls", "m.py").lines == Lines{2});
  CHECK(t.files_parsed == 1);
}

TEST_CASE("an in-memory sdist plays its paths below the top directory", "[scan][lines]") {
  TempPack tp({{"r.canary", rule("SETUP", "  scope:\n    path = \"/setup.py\"\n  condition:\n    artifact.kind == \"sdist\"\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_memory(lp, ArtifactKind::Sdist,
                                 {{"pkg-1.0/setup.py", "x\n"}, {"pkg-1.0/sub/setup.py", "x\n"}});
  INFO(describe(r));
  CHECK(r.kind == "sdist");
  CHECK(fired(r) == std::vector<std::string>{"SETUP pkg-1.0/setup.py"});
}

TEST_CASE("several packs scan each file once and all report", "[scan][lines]") {
  TempPack one({{"a.canary", rule("FROM_ONE", "  patterns:\n    $a = \"alpha\"\n  condition:\n    $a\n")}});
  TempPack two({{"b.canary", rule("FROM_TWO", "  patterns:\n    $b = \"beta\"\n  condition:\n    $b\n")}});
  LoadedPack a = load_ok(one);
  LoadedPack b = load_ok(two);
  auto reader = make_memory_reader(ArtifactKind::Wheel, {{"m.py", "alpha beta\n"}, {"n.py", "beta\n"}});
  ArtifactReport r = scan_reader({a.pack.get(), b.pack.get()}, *reader, "<memory>", ScanOptions{});
  INFO(describe(r));
  CHECK(fired(r) == std::vector<std::string>{"FROM_ONE m.py", "FROM_TWO m.py", "FROM_TWO n.py"});
  CHECK(r.files_scanned == 2);
}

TEST_CASE("the profile counts candidates and matches per rule and files per stage", "[scan][lines]") {
  TempPack tp({{"r.canary",
                rule("PY_EXEC", "  scope:\n    kind = python\n  patterns:\n    $e = ast `((call function: (identifier) @f) @match (#eq? @f \"exec\"))`\n"
                                "  condition:\n    $e\n") +
                    rule("TXT", "  scope:\n    path = \"*.txt\"\n  condition:\n    true\n")}});
  LoadedPack lp = load_ok(tp);
  ScanProfile profile;
  ScanOptions opts;
  opts.profile = &profile;
  scan_memory(lp, ArtifactKind::Wheel,
              {{"a.py", "exec(x)\n"}, {"b.py", "print(1)\n"}, {"c.py", "y = 2\n"}, {"d.txt", "exec(x)\n"}}, opts);
  CHECK(profile.artifacts == 1);
  CHECK(profile.files == 4);
  CHECK(profile.files_parsed == 1);  // only a.py has the prefilter literal "exec" and is Python
  CHECK(profile.rule("PY_EXEC").candidates == 3);
  CHECK(profile.rule("PY_EXEC").matches == 1);
  CHECK(profile.rule("PY_EXEC").ast_ns > 0);
  CHECK(profile.rule("TXT").candidates == 1);
  CHECK(profile.rule("TXT").matches == 1);
  CHECK(profile.parse_ns > 0);
  CHECK(profile.prefilter_ns > 0);
}
