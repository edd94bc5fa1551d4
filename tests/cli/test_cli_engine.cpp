// End-to-end tests that need the real engine (parser, checker, scanner):
// rule diagnostics through `rules check`, real findings, and the verdicts of
// the replica corpus and of real wheels. Hidden with [e2e] until the
// engine lands.
#include <catch2/catch.hpp>
#include <regex>

#include "cli_test_util.hpp"
#include "engine/sha256.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

json scan_one_jsonl(const std::vector<std::string>& args, int expected_exit) {
  std::vector<std::string> full{"scan", "--format", "jsonl"};
  full.insert(full.end(), args.begin(), args.end());
  ProcessResult r = run_canary(full);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

bool is_safe_or_low(const json& a) { return a["verdict"] == "SAFE" || a["verdict"] == "LOW_RISK"; }

std::string litellm() { return corpus_artifact("litellm-1.82.8-py3-none-any.whl").string(); }
std::string benign_pth() { return corpus_artifact("benign_pth_paths-1.0-py3-none-any.whl").string(); }

}  // namespace

namespace {

// A syntax error: `condition:` with nothing after it.
constexpr const char* kSyntaxError =
    "rule BROKEN_ONE {\n"
    "  meta:\n"
    "    title = \"broken\"\n"
    "    severity = high\n"
    "  condition:\n"
    "}\n";

// Parses, but the checker must refuse the severity.
constexpr const char* kBadSeverity =
    "rule BAD_SEVERITY {\n"
    "  meta:\n"
    "    title = \"bad severity\"\n"
    "    severity = apocalyptic\n"
    "  condition:\n"
    "    true\n"
    "}\n";

}  // namespace

TEST_CASE("rules check on a directory with a broken rule file exits 2 and prints the diagnostics",
          "[cli][e2e]") {
  TempDir tmp;
  write_file(tmp / "rules" / "good.canary", kMarkerRule);
  write_file(tmp / "rules" / "broken.canary", kSyntaxError);
  const std::string dir = (tmp / "rules").string();

  ProcessResult r = run_canary({"rules", "check", dir});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  // path:line:col: error[E001]: ..., positioned on the line after `condition:`
  CHECK(std::regex_search(r.out, std::regex(R"(broken\.canary:[56]:\d+: error\[E001\]: )")));
  CHECK(std::regex_search(r.out, std::regex(R"(checked \d+ rules? in 2 files: \d+ errors?, 0 warnings)")));
  CHECK(r.out.find(": 0 errors") == std::string::npos);

  SECTION("--format json gives the same diagnostics as data") {
    ProcessResult j = run_canary({"rules", "check", "--format", "json", dir});
    CHECK(j.exit_code == 2);
    json doc = json::parse(j.out);
    CHECK(doc["files"] == 2);
    CHECK(doc["errors"].get<int>() >= 1);
    REQUIRE(doc["diagnostics"].is_array());
    CHECK(doc["diagnostics"].size() == doc["errors"].get<size_t>() + doc["warnings"].get<size_t>());
    const json& d = doc["diagnostics"][0];
    CHECK(d["level"] == "error");
    CHECK(d["code"] == "E001");
    CHECK(d["file"].get<std::string>().find("broken.canary") != std::string::npos);
    CHECK(d["line"].get<int>() >= 5);
  }
  SECTION("scan refuses to run with broken rules and prints the diagnostics on stderr") {
    TempDir pkg;
    write_file(pkg / "a.py", "x = 1\n");
    ProcessResult s = run_canary({"scan", "--rules", dir, pkg.path().string()});
    CHECK(s.exit_code == 2);
    CHECK(s.out.empty());
    CHECK(s.err.find("error[E001]") != std::string::npos);
    CHECK(s.err.find("nothing was scanned") != std::string::npos);
  }
}

TEST_CASE("rules check reports a checker error with its code and position", "[cli][e2e]") {
  TempDir tmp;
  write_file(tmp / "bad_severity.canary", kBadSeverity);
  ProcessResult r = run_canary({"rules", "check", (tmp / "bad_severity.canary").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(std::regex_search(r.out, std::regex(R"(bad_severity\.canary:4:\d+: error\[E008\]: )")));
  CHECK(r.out.find("checked 1 rule in 1 file: 1 error, 0 warnings") != std::string::npos);
}

TEST_CASE("a syntax error in one file does not hide checker errors in another", "[cli][e2e]") {
  // docs/language.md: `rules check` prints every problem at once.
  TempDir tmp;
  write_file(tmp / "rules" / "broken.canary", kSyntaxError);
  write_file(tmp / "rules" / "bad_severity.canary", kBadSeverity);
  ProcessResult r = run_canary({"rules", "check", (tmp / "rules").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("error[E001]") != std::string::npos);
  CHECK(r.out.find("error[E008]") != std::string::npos);
}

TEST_CASE("rules check of a clean file exits 0, a warning is printed but not fatal", "[cli][e2e]") {
  TempDir tmp;
  write_file(tmp / "marker.canary", kMarkerRule);
  ProcessResult clean = run_canary({"rules", "check", (tmp / "marker.canary").string()});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("checked 1 rule in 1 file: 0 errors, 0 warnings") != std::string::npos);

  write_file(tmp / "unused.canary",
             "rule UNUSED_PATTERN {\n"
             "  meta:\n"
             "    title = \"declares a pattern it never uses\"\n"
             "    severity = low\n"
             "  patterns:\n"
             "    $a = \"one\"\n"
             "    $b = \"two\"\n"
             "  condition:\n"
             "    $a\n"
             "}\n");
  ProcessResult warned = run_canary({"rules", "check", (tmp / "unused.canary").string()});
  CHECK(warned.exit_code == 0);
  CHECK(warned.out.find("warning[W001]") != std::string::npos);
  CHECK(warned.out.find("0 errors, 1 warning") != std::string::npos);
}

TEST_CASE("a custom rule's finding flows to every output format", "[cli][e2e]") {
  TempDir tmp;
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  write_file(tmp / "pkg" / "demo" / "mod.py", "x = 1\ny = 'canary-test-marker-7f3a'\n");
  const std::string rules = (tmp / "rules").string();
  const std::string pkg = (tmp / "pkg").string();

  json a = scan_one_jsonl({"--rules", rules, pkg}, 0);  // LOW_RISK is below the default --fail-on
  CHECK(a["kind"] == "directory");
  CHECK(a["verdict"] == "LOW_RISK");
  CHECK(a["score"].get<double>() == 1.0);
  REQUIRE(a["findings"].size() == 1);
  const json& f = a["findings"][0];
  CHECK(f["rule"] == "TEST_MARKER");
  CHECK(f["severity"] == "low");
  CHECK(f["title"] == "test marker string");
  CHECK(f["file"] == "demo/mod.py");
  CHECK(f["line"] == 2);
  CHECK(f["column"] == 6);
  CHECK(f["tags"] == json::array({"test"}));
  CHECK(a["files_scanned"] == 1);

  CHECK(run_canary({"scan", "-q", "--fail-on", "LOW_RISK", "--rules", rules, pkg}).exit_code == 1);
  CHECK(run_canary({"scan", "-q", "--fail-on", "low-risk", "--rules", rules, pkg}).exit_code == 1);
  // Raising the LOW_RISK threshold above 1.0 turns the same finding SAFE.
  json raised = scan_one_jsonl({"--threshold-low", "1.5", "--rules", rules, pkg}, 0);
  CHECK(raised["verdict"] == "SAFE");

  ProcessResult table = run_canary({"scan", "--color", "never", "--rules", rules, pkg});
  CHECK(table.out.find("LOW_RISK (score 1.0)") != std::string::npos);
  CHECK(table.out.find("TEST_MARKER") != std::string::npos);
  CHECK(table.out.find("demo/mod.py:2:6") != std::string::npos);
  CHECK(table.err.find("(1 rule)") != std::string::npos);
}

TEST_CASE("the LiteLLM 1.82.8 replica is MALICIOUS because of its .pth", "[cli][e2e]") {
  json a = scan_one_jsonl({litellm()}, 1);
  CHECK(a["verdict"] == "MALICIOUS");
  CHECK(a["kind"] == "wheel");
  CHECK(a["score"].get<double>() >= 8.0);
  std::string error;
  CHECK(a["sha256"] == canary::sha256_file_hex(litellm(), error));
  bool pth_finding = false;
  for (const json& f : a["findings"]) {
    if (f["rule"].get<std::string>().rfind("canary:PTH_", 0) == 0 && f["file"] == "litellm_init.pth") pth_finding = true;
  }
  CHECK(pth_finding);

  ProcessResult table = run_canary({"scan", "--color", "never", litellm()});
  CHECK(table.exit_code == 1);
  CHECK(table.out.find("MALICIOUS") != std::string::npos);
  CHECK(table.out.find("litellm_init.pth:") != std::string::npos);
}

TEST_CASE("a wheel with a plain path-only .pth is not flagged as risky", "[cli][e2e]") {
  json a = scan_one_jsonl({benign_pth()}, 0);
  CHECK(is_safe_or_low(a));
  CHECK(a["kind"] == "wheel");
}

TEST_CASE("canary --fail-on HIGH_RISK separates the malicious replica from the benign one", "[cli][e2e]") {
  CHECK(run_canary({"scan", "-q", "--fail-on", "HIGH_RISK", litellm()}).exit_code == 1);
  CHECK(run_canary({"scan", "-q", "--fail-on", "HIGH_RISK", benign_pth()}).exit_code == 0);
  CHECK(run_canary({"scan", "-q", "--fail-on", "none", litellm()}).exit_code == 0);
  // A fail-on verdict wins over an unreadable artifact.
  CHECK(run_canary({"scan", "-q", litellm(), "/nonexistent/x.whl"}).exit_code == 1);
}

TEST_CASE("json format with two inputs has an artifacts array of two", "[cli][e2e]") {
  ProcessResult r = run_canary({"scan", "--format", "json", litellm(), benign_pth()});
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  REQUIRE(doc["artifacts"].size() == 2);
  CHECK(doc["artifacts"][0]["verdict"] == "MALICIOUS");
  CHECK(is_safe_or_low(doc["artifacts"][1]));
}

TEST_CASE("real wheels from Debian (pip, setuptools, wheel) are SAFE or LOW_RISK", "[cli][e2e]") {
  std::vector<std::string> wheels;
  for (const auto& e : std::filesystem::directory_iterator("/usr/share/python-wheels")) {
    std::string name = e.path().filename().string();
    for (const char* prefix : {"pip-", "setuptools-", "wheel-"}) {
      if (name.rfind(prefix, 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".whl")
        wheels.push_back(e.path().string());
    }
  }
  std::sort(wheels.begin(), wheels.end());
  REQUIRE(wheels.size() == 3);

  std::vector<std::string> args{"scan", "--format", "jsonl"};
  args.insert(args.end(), wheels.begin(), wheels.end());
  ProcessResult r = run_canary(args);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 3);
  for (const json& a : lines) {
    INFO(a["path"]);
    CHECK(is_safe_or_low(a));
    CHECK(a["kind"] == "wheel");
    CHECK(a["files_scanned"].get<uint64_t>() > 10);
    CHECK(a["unreadable"] == false);
  }
}
