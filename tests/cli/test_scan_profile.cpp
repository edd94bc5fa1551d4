// `canary scan --profile`: the figures go to stderr and describe the run that
// happened; stdout stays a clean report stream.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"

using namespace canary::test;

TEST_CASE("scan --profile prints stages, pack load and per-rule counts on stderr only", "[cli][profile]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  write_file(tmp / "pkg" / "a.py", "x = 'canary-test-marker-7f3a'\n");
  write_file(tmp / "pkg" / "b.py", "y = 2\n");
  write_file(tmp / "pkg" / "c.txt", "canary-test-marker-7f3a\n");
  ProcessResult r = run_canary({"scan", "--rules", (tmp / "rules").string(), "--format", "jsonl", "--profile",
                                "--fail-on", "none", (tmp / "pkg").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<nlohmann::json> reports = parse_jsonl(r.out);  // throws if the profile leaked into stdout
  REQUIRE(reports.size() == 1);
  CHECK_THAT(r.err, Catch::Matchers::Contains("profile: 1 artifact, 3 files"));
  CHECK_THAT(r.err, Catch::Matchers::Contains("prefilter (Hyperscan)"));
  CHECK_THAT(r.err, Catch::Matchers::Contains("parse (tree-sitter)"));
  CHECK_THAT(r.err, Catch::Matchers::Contains("compiled"));
  // The marker rule has no scope: it was a candidate in all three files and matched two.
  bool found = false;
  for (const std::string& line : split_lines(r.err)) {
    if (line.rfind("TEST_MARKER", 0) != 0) continue;
    found = true;
    CHECK_THAT(line, Catch::Matchers::Matches(".* 3 +2$"));
  }
  CHECK(found);
}

TEST_CASE("scan without --profile prints no profile", "[cli][profile]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  write_file(tmp / "pkg" / "a.py", "x = 1\n");
  ProcessResult r = run_canary({"scan", "--rules", (tmp / "rules").string(), (tmp / "pkg").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("profile:") == std::string::npos);
}
