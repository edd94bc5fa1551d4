// End-to-end tests of `canary test` and `canary rules check --strict`: a small
// pack with fixtures, a corpus directory with a replica and its expectations,
// all written here, run through the real binary.
#include <catch2/catch.hpp>
#include <string>

#include "cli_test_util.hpp"

using namespace canary::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = "canary-test-marker-7f3a";

constexpr const char* kFixture =
    "# ruleid: TEST_MARKER\n"
    "x = \"canary-test-marker-7f3a\"\n"
    "# ok: TEST_MARKER\n"
    "y = 1\n";

// A rule that looks for another string: every ruleid of the fixture misses.
constexpr const char* kBrokenRule = R"(rule TEST_MARKER : test {
  meta:
    title    = "test marker string"
    severity = low
  patterns:
    $m = "some-other-marker"
  condition:
    $m
}
)";

struct Pack {
  TempDir dir;
  fs::path rules() const { return dir.path() / "pack"; }
  fs::path rule_file() const { return rules() / "marker.canary"; }
  fs::path fixture() const { return rules() / "marker.basic.py"; }
  Pack() {
    write_file(rule_file(), kMarkerRule);
    write_file(fixture(), kFixture);
  }
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A corpus directory with one wheel replica holding the marker.
void write_corpus(const fs::path& dir, const std::string& expectations) {
  write_file(dir / "demo-1.0-py3-none-any.whl" / "demo" / "__init__.py", std::string("X = \"") + kMarker + "\"\n");
  write_file(dir / "demo-1.0-py3-none-any.whl" / "demo-1.0.dist-info" / "METADATA", "Name: demo\nVersion: 1.0\n");
  write_file(dir / "demo-1.0-py3-none-any.whl.expect.toml", expectations);
}

}  // namespace

TEST_CASE("canary test passes a rule whose fixture matches", "[cli][test]") {
  Pack p;
  ProcessResult r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "(1 fixture)"));
  CHECK(contains(r.out, "ok        TEST_MARKER 2 passed"));
  CHECK(contains(r.out, "canary test: 2 passed, 0 failed, 0 todo, 0 untested"));
  // A rule file alone works the same.
  r = run_canary({"test", p.rule_file().string()});
  CHECK(r.exit_code == 0);
}

TEST_CASE("canary test reports a broken rule with file:line and exits 1", "[cli][test]") {
  Pack p;
  write_file(p.rule_file(), kBrokenRule);
  ProcessResult r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "FAIL      TEST_MARKER 1 passed, 1 failed"));
  CHECK(contains(r.out, p.fixture().string() + ":2: expected TEST_MARKER on this line / got no TEST_MARKER finding"));
  CHECK(contains(r.out, "canary test: 1 passed, 1 failed"));
}

TEST_CASE("canary test: a finding on an unannotated line fails, todo never fails", "[cli][test]") {
  Pack p;
  write_file(p.fixture(), std::string(kFixture) + "z = \"" + kMarker + "\"\n# todoruleid: TEST_MARKER\nw = 2\n");
  ProcessResult r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, p.fixture().string() +
                            ":5: expected no TEST_MARKER (the line has no annotation for it) / got TEST_MARKER on this line"));
  CHECK(contains(r.out, "todo: " + p.fixture().string() + ":7: expected TEST_MARKER on this line"));
  CHECK(contains(r.out, "2 passed, 1 failed, 1 todo"));
}

TEST_CASE("canary test --format json", "[cli][test]") {
  Pack p;
  write_file(p.rule_file(), kBrokenRule);
  ProcessResult r = run_canary({"test", "--format", "json", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  CHECK(j["summary"]["passed"] == 1);
  CHECK(j["summary"]["failed"] == 1);
  const json& def = j["suites"][0]["definitions"][0];
  CHECK(def["id"] == "TEST_MARKER");
  CHECK(def["kind"] == "rule");
  CHECK(def["tested"] == true);
  const json& failure = def["failures"][0];
  CHECK(failure["kind"] == "ruleid");
  CHECK(failure["file"] == p.fixture().string());
  CHECK(failure["line"] == 2);
  CHECK(failure["got"] == "no TEST_MARKER finding");
}

TEST_CASE("canary test lists rules without fixtures as untested, which is no failure", "[cli][test]") {
  Pack p;
  fs::remove(p.fixture());
  ProcessResult r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "untested  TEST_MARKER rule, " + p.rule_file().string() + ":1"));
  CHECK(contains(r.out, "0 passed, 0 failed, 0 todo, 1 untested"));
}

TEST_CASE("canary test: bad annotations and unknown ids are errors (exit 2)", "[cli][test]") {
  Pack p;
  write_file(p.fixture(), "# ruleid TEST_MARKER\nx\n");
  ProcessResult r = run_canary({"test", p.rules().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, p.fixture().string() + ":1: error: ruleid annotation needs a ':' before its ids"));

  write_file(p.fixture(), "# ruleid: TEST_MARKR\nx\n");
  r = run_canary({"test", p.rules().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, p.fixture().string() +
                            ":1: error: ruleid names 'TEST_MARKR', which is no rule or pattern set of the pack under test"));

  r = run_canary({"test", (p.dir.path() / "missing").string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no such file or directory"));
}

TEST_CASE("canary test: the header picks the artifact kind and path", "[cli][test]") {
  Pack p;
  // The marker rule scoped to setup.py at the root of an sdist.
  write_file(p.rule_file(), std::string(R"(rule SETUP_MARKER {
  meta:
    title    = "marker in setup.py"
    severity = low
  scope:
    path = "setup.py"
  patterns:
    $m = "canary-test-marker-7f3a"
  condition:
    $m and artifact.kind == "sdist"
}
)"));
  write_file(p.fixture(), std::string("# canary-test: path=setup.py artifact=sdist\n# ruleid: SETUP_MARKER\nx = \"") +
                              kMarker + "\"\n");
  ProcessResult r = run_canary({"test", p.rules().string()});
  CHECK(r.exit_code == 0);
  write_file(p.fixture(), std::string("# canary-test: path=pkg/other.py artifact=sdist\n# ok: SETUP_MARKER\nx = \"") +
                              kMarker + "\"\n");
  r = run_canary({"test", p.rules().string()});
  CHECK(r.exit_code == 0);
  write_file(p.fixture(), std::string("# canary-test: path=setup.py artifact=wheel\n# ok: SETUP_MARKER\nx = \"") +
                              kMarker + "\"\n");
  r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("canary test checks corpus expectations against the built artifact", "[cli][test][corpus]") {
  Pack p;
  const fs::path corpus = p.dir.path() / "corpus";
  write_corpus(corpus, "must-fire = [\"TEST_MARKER\"]\nmin-verdict = \"LOW_RISK\"\nmax-verdict = \"HIGH_RISK\"\n");
  ProcessResult r = run_canary({"test", "--rules", p.rules().string(), corpus.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "demo-1.0-py3-none-any.whl"));
  CHECK(contains(r.out, "corpus: 1 passed, 0 failed"));

  write_corpus(corpus, "must-not-fire = [\"TEST_MARKER\"]\nmax-verdict = \"SAFE\"\n");
  r = run_canary({"test", "--rules", p.rules().string(), "--format", "json", corpus.string()});
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  const json& c = j["suites"][0]["cases"][0];
  CHECK(c["artifact"] == "demo-1.0-py3-none-any.whl");
  CHECK(c["passed"] == false);
  CHECK(c["checks"][0]["kind"] == "ok");
  CHECK(c["checks"][0]["got"] == "TEST_MARKER in demo/__init__.py:1");

  r = run_canary({"test", "--rules", p.rules().string(), corpus.string()});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, (corpus / "demo-1.0-py3-none-any.whl.expect.toml").string() +
                            ":1: expected no TEST_MARKER / got TEST_MARKER in demo/__init__.py:1"));

  write_corpus(corpus, "must-fire = [\"TEST_MARKER\"]\nverdict = \"SAFE\"\n");
  r = run_canary({"test", "--rules", p.rules().string(), corpus.string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, "demo-1.0-py3-none-any.whl.expect.toml:2:1: error: unknown key 'verdict'"));
}

TEST_CASE("rules check --strict refuses definitions no fixture names", "[cli][test][strict]") {
  Pack p;
  ProcessResult r = run_canary({"rules", "check", "--strict", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "strict: 0 untested definitions"));

  fs::remove(p.fixture());
  r = run_canary({"rules", "check", "--strict", p.rules().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, p.rule_file().string() + ":1: error: rule TEST_MARKER has no fixture naming it"));
  // Without --strict the same pack is fine.
  CHECK(run_canary({"rules", "check", p.rules().string()}).exit_code == 0);

  r = run_canary({"rules", "check", "--strict", "--format", "json", p.rules().string()});
  CHECK(r.exit_code == 2);
  json j = json::parse(r.out);
  CHECK(j["untested"][0]["id"] == "TEST_MARKER");
  CHECK(j["untested"][0]["line"] == 1);
}

TEST_CASE("canary test on a named pack: ids are qualified, fixtures may use bare or qualified ids", "[cli][test][packs]") {
  Pack p;
  write_file(p.rules() / "canary-pack.toml", "[pack]\nname = \"demo.pack\"\nversion = \"1.0.0\"\n");
  // A rule file in a subdirectory, tested on its own: the whole pack loads.
  write_file(p.rules() / "sub" / "other.canary", R"(rule OTHER_MARKER {
  meta:
    title    = "other marker"
    severity = low
  patterns:
    $m = "other-marker"
  condition:
    $m and TEST_MARKER
}
)");
  write_file(p.rules() / "sub" / "other.both.py",
             std::string("# ruleid: demo.pack:OTHER_MARKER, TEST_MARKER\nx = \"other-marker ") + kMarker + "\"\n");
  ProcessResult r = run_canary({"test", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "ok        demo.pack:TEST_MARKER  3 passed"));
  CHECK(contains(r.out, "ok        demo.pack:OTHER_MARKER 1 passed"));

  r = run_canary({"test", (p.rules() / "sub").string()});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "demo.pack:OTHER_MARKER"));

  // Another pack's name does not match.
  write_file(p.rules() / "sub" / "other.both.py", "# ruleid: else:OTHER_MARKER\nx\n");
  r = run_canary({"test", p.rules().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, "ruleid names 'else:OTHER_MARKER', which is no rule or pattern set of the pack under test"));
}

TEST_CASE("rules check --strict turns warnings into a failure", "[cli][test][strict]") {
  Pack p;
  // $unused is declared but not used: warning W001.
  write_file(p.rule_file(), R"(rule TEST_MARKER {
  meta:
    title    = "test marker string"
    severity = low
  patterns:
    $m = "canary-test-marker-7f3a"
    $unused = "nothing"
  condition:
    $m
}
)");
  ProcessResult r = run_canary({"rules", "check", p.rules().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "W001"));
  r = run_canary({"rules", "check", "--strict", p.rules().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.out, "0 errors, 1 warning; strict: 0 untested definitions"));
}
