// `canary scan --jobs N`: several artifacts scanned at once, reports in the
// order given, the same reports as one thread; loose modules (a top-level
// foo.py or .pth of site-packages) scanned as one-file trees.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"

using namespace canary::test;

namespace {

// Artifacts of varied size so that, with two threads, later ones can finish
// before earlier ones; every third one holds the marker.
std::vector<std::string> make_artifacts(const TempDir& tmp) {
  std::vector<std::string> paths;
  for (int i = 0; i < 12; ++i) {
    std::filesystem::path dir = tmp / ("pkg" + std::to_string(i));
    std::string filler(static_cast<size_t>((12 - i) * 20000), '#');
    write_file(dir / "big.py", "# " + filler + "\nx = 1\n");
    write_file(dir / "m.py", i % 3 == 0 ? "s = 'canary-test-marker-7f3a'\n" : "s = 'nothing'\n");
    paths.push_back(dir.string());
  }
  return paths;
}

}  // namespace

TEST_CASE("scan --jobs 2 reports every artifact in input order, as --jobs 1 does", "[cli][jobs]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  std::vector<std::string> paths = make_artifacts(tmp);
  std::vector<std::string> base{"scan", "--rules", (tmp / "rules").string(), "--format", "jsonl", "--fail-on", "none"};
  auto scan = [&](const std::string& jobs) {
    std::vector<std::string> args = base;
    args.insert(args.end(), {"--jobs", jobs});
    args.insert(args.end(), paths.begin(), paths.end());
    return run_canary(args);
  };
  ProcessResult one = scan("1"), two = scan("2");
  INFO(two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  std::vector<nlohmann::json> a = parse_jsonl(one.out), b = parse_jsonl(two.out);
  REQUIRE(a.size() == paths.size());
  REQUIRE(b.size() == paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    CHECK(b[i]["path"] == paths[i]);
    CHECK(b[i]["findings"].size() == (i % 3 == 0 ? 1u : 0u));
    CHECK(b[i]["findings"] == a[i]["findings"]);
    CHECK(b[i]["score"] == a[i]["score"]);
  }
}

TEST_CASE("scan --jobs 2 --profile sums every thread's counts", "[cli][jobs][profile]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  std::vector<std::string> args{"scan", "--rules", (tmp / "rules").string(), "--format", "jsonl",
                                "--fail-on", "none", "--profile", "--jobs", "2"};
  for (const std::string& p : make_artifacts(tmp)) args.push_back(p);
  ProcessResult r = run_canary(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Matchers::Contains("profile: 12 artifacts, 24 files"));
  bool found = false;
  for (const std::string& line : split_lines(r.err)) {
    if (line.rfind("TEST_MARKER", 0) != 0) continue;
    found = true;
    CHECK_THAT(line, Catch::Matchers::Matches(".* 24 +4$"));  // candidate in 24 files, true in 4
  }
  CHECK(found);
}

TEST_CASE("scan --jobs outside 1..64 is a usage error", "[cli][jobs]") {
  TempDir tmp;
  write_file(tmp / "pkg" / "a.py", "x = 1\n");
  for (const char* jobs : {"0", "65"}) {
    ProcessResult r = run_canary({"scan", "--jobs", jobs, (tmp / "pkg").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains("--jobs must be between 1 and 64"));
  }
}

TEST_CASE("scan of a loose module or .pth scans it as a one-file tree", "[cli][jobs]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  write_file(tmp / "site" / "mod.py", "s = 'canary-test-marker-7f3a'\n");
  write_file(tmp / "site" / "x.pth", "canary-test-marker-7f3a\n");
  write_file(tmp / "site" / "notes.txt", "canary-test-marker-7f3a\n");
  ProcessResult r = run_canary({"scan", "--rules", (tmp / "rules").string(), "--format", "jsonl", "--fail-on", "none",
                                (tmp / "site" / "mod.py").string(), (tmp / "site" / "x.pth").string(),
                                (tmp / "site" / "notes.txt").string()});
  INFO(r.err);
  std::vector<nlohmann::json> reports = parse_jsonl(r.out);
  REQUIRE(reports.size() == 3);
  CHECK(reports[0]["findings"].size() == 1);
  CHECK(reports[0]["findings"][0]["file"] == "mod.py");
  CHECK(reports[1]["findings"].size() == 1);
  CHECK(reports[1]["findings"][0]["file"] == "x.pth");
  // Any other file is still not an artifact.
  CHECK(reports[2]["unreadable"] == true);
  CHECK(r.exit_code == 3);
}
