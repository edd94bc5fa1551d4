// `canary check` end to end: the built binary against the replica index on
// a local server (tests/support/test_index.hpp), never the internet.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.hpp"
#include "replica_index_run.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

bool has_finding(const json& file, const std::string& rule) {
  for (const json& f : file["report"]["findings"])
    if (f["rule"] == rule) return true;
  return false;
}

}  // namespace

TEST_CASE("check: the compromised newest release is MALICIOUS and the rollback names the last clean one",
          "[check]") {
  LocalIndex index;
  ProcessResult r = index.check({"litellm", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // --fail-on HIGH_RISK by default
  json j = json::parse(r.out);
  CHECK(j["project"] == "litellm");
  CHECK(j["version"] == "1.82.8");
  CHECK(j["latest"] == true);
  CHECK(j["verdict"] == "MALICIOUS");
  // The release and each rollback candidate weigh overlapping windows of
  // earlier releases: each JSON API document is still asked for once.
  for (const char* v : {"1.82.5", "1.82.6", "1.82.7", "1.82.8"})
    CHECK(index.server.hits(std::string("/pypi/litellm/") + v + "/json") == 1);
  REQUIRE(j["files"].size() == 1);
  const json& wheel = j["files"][0];
  CHECK(wheel["filename"] == "litellm-1.82.8-py3-none-any.whl");
  CHECK(wheel["digest_mismatch"] == false);
  CHECK(wheel["report"]["verdict"] == "MALICIOUS");
  // The .pth payload is what makes it malicious ...
  bool pth = false;
  for (const json& f : wheel["report"]["findings"]) pth = pth || f["file"] == "litellm_init.pth";
  CHECK(pth);
  // ... and the metadata says the same: fresh, off cadence, no provenance where 1.82.6 had it.
  CHECK(j["release"]["age_hours"] == 1);
  CHECK(j["release"]["provenance"] == false);
  CHECK(j["release"]["previous_provenance"] == false);  // the previous release is 1.82.7
  CHECK(j["release"]["off_cadence"] == true);
  CHECK(has_finding(wheel, "canary:RELEASE_IN_COOLDOWN"));
  CHECK(has_finding(wheel, "canary:RELEASE_OFF_CADENCE"));
  // 1.82.7 is malicious too: the rollback skips it.
  CHECK(j["rollback"]["version"] == "1.82.6");
  CHECK(j["rollback"]["verdict"] == "SAFE");
  CHECK(j["rollback"]["skipped"] == json({"1.82.7 (MALICIOUS)"}));
}

TEST_CASE("check: text report shows signals, files, verdict and rollback", "[check]") {
  LocalIndex index;
  ProcessResult r = index.check({"litellm", "1.82.7", "--color", "never"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("litellm 1.82.7 on " + index.url()) == 0);
  CHECK(r.out.find("uploaded 3 h ago (inside the 72 h cooldown)") != std::string::npos);
  CHECK(r.out.find("provenance: none (the previous release had: GitHub BerriAI/litellm (publish.yml))") !=
        std::string::npos);
  CHECK(r.out.find("canary:RELEASE_PROVENANCE_DROPPED") != std::string::npos);
  CHECK(r.out.find("verdict   MALICIOUS") != std::string::npos);
  CHECK(r.out.find("rollback  1.82.6 is the most recent earlier release that scans clean (SAFE") != std::string::npos);
}

TEST_CASE("check: a clean release passes, with both its files", "[check]") {
  LocalIndex index;
  ProcessResult r = index.check({"litellm", "1.82.6", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["verdict"] == "SAFE");
  CHECK(j["files"].size() == 2);
  CHECK(j["rollback"].is_null());
  CHECK(j["release"]["provenance"] == true);
  CHECK(j["release"]["publisher"] == "GitHub BerriAI/litellm (publish.yml)");

  ProcessResult only = index.check({"litellm", "1.82.6", "--only", "sdist", "--format", "json"});
  json o = json::parse(only.out);
  REQUIRE(o["files"].size() == 1);
  CHECK(o["files"][0]["filename"] == "litellm-1.82.6.tar.gz");
  CHECK(o["files"][0]["kind"] == "sdist");
}

TEST_CASE("check: a digest mismatch is a critical finding and the file is not scanned", "[check]") {
  LocalIndex index;
  ProcessResult r = index.check({"digest-mismatch", "--format", "json"});
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  CHECK(j["verdict"] == "MALICIOUS");
  const json& f = j["files"][0];
  CHECK(f["digest_mismatch"] == true);
  CHECK(f["sha256"] != f["received_sha256"]);
  REQUIRE(f["report"]["findings"].size() == 1);
  CHECK(f["report"]["findings"][0]["rule"] == "canary:INDEX_DIGEST_MISMATCH");
  CHECK(f["report"]["findings"][0]["severity"] == "critical");
  CHECK(f["report"]["files_scanned"] == 0);
}

TEST_CASE("check: yanked releases, latest, version jumps, young projects", "[check]") {
  LocalIndex index;
  json latest = json::parse(index.check({"clipboard-helper", "--format", "json"}).out);
  CHECK(latest["version"] == "0.9");  // 1.0 is yanked
  json yanked = json::parse(index.check({"clipboard-helper", "1.0", "--format", "json", "--fail-on", "none"}).out);
  CHECK(yanked["release"]["yanked"] == true);
  CHECK(yanked["release"]["yanked_reason"] == "Broken clipboard access on Wayland");
  CHECK(has_finding(yanked["files"][0], "canary:RELEASE_YANKED"));

  json depconf = json::parse(index.check({"depconf-probe", "--format", "json", "--fail-on", "none"}).out);
  CHECK(depconf["version"] == "99.0.0");
  CHECK(depconf["release"]["version_jump"] == 98);
  CHECK(depconf["release"]["author_changed"] == true);
  CHECK(has_finding(depconf["files"][0], "canary:RELEASE_VERSION_JUMP"));
  CHECK(has_finding(depconf["files"][0], "canary:RELEASE_AUTHOR_CHANGED"));
  CHECK(depconf["rollback"]["version"] == "1.0.0");

  json young = json::parse(index.check({"env-beacon", "--format", "json", "--fail-on", "none"}).out);
  CHECK(young["release"]["release_count"] == 1);
  CHECK(has_finding(young["files"][0], "canary:PROJECT_YOUNG_SINGLE_RELEASE"));
  CHECK(has_finding(young["files"][0], "canary:RELEASE_NO_PROJECT_URL"));
  CHECK(young["rollback"]["version"].is_null());
  CHECK(young["rollback"]["note"] == "no earlier release scans clean");
}

TEST_CASE("check: clear errors for unknown projects, versions and kinds", "[check]") {
  LocalIndex index;
  ProcessResult none = index.check({"no-such-project"});
  CHECK(none.exit_code == 2);
  CHECK(none.err == "canary check: error: no project no-such-project on " + index.url() + "\n");
  ProcessResult version = index.check({"litellm", "1.82.9"});
  CHECK(version.exit_code == 2);
  CHECK(version.err == "canary check: error: no version 1.82.9 of litellm on " + index.url() +
                           " (nearby versions: 1.82.6, 1.82.7, 1.82.8)\n");
  ProcessResult kind = index.check({"litellm", "1.82.8", "--only", "sdist"});
  CHECK(kind.exit_code == 2);
  CHECK(kind.err.find("litellm 1.82.8 has no sdist (its files: litellm-1.82.8-py3-none-any.whl)") != std::string::npos);
}

TEST_CASE("check: failing and slow endpoints", "[check]") {
  LocalIndex index;
  ProcessResult flaky = index.check({"flaky-pkg", "--format", "json"});
  INFO(flaky.err);
  CHECK(flaky.exit_code == 0);
  CHECK(json::parse(flaky.out)["verdict"] == "SAFE");

  ProcessResult broken = index.check({"broken-pkg", "--retries", "1"});
  CHECK(broken.exit_code == 3);
  CHECK(broken.err.find("cannot fetch " + index.url() + "broken-pkg/: HTTP 503 after 2 attempts") != std::string::npos);

  ProcessResult slow = index.check({"slow-pkg", "--timeout", "0.3", "--retries", "0"});
  CHECK(slow.exit_code == 3);
  CHECK(slow.err.find("timed out") != std::string::npos);
}

TEST_CASE("check --offline: from the cache alone, or says what is missing", "[check]") {
  LocalIndex index;
  REQUIRE(index.check({"litellm", "1.82.6", "--format", "json"}).exit_code == 0);
  ProcessResult offline = run_canary({"check", "--index-url", index.url(), "--cache-dir", index.cache.path().string(),
                                      "--offline", "-q", "litellm", "1.82.6", "--format", "json"});
  INFO(offline.err);
  CHECK(offline.exit_code == 0);
  json j = json::parse(offline.out);
  CHECK(j["verdict"] == "SAFE");
  for (const json& f : j["files"]) CHECK(f["from_cache"] == true);

  TempDir empty;
  ProcessResult missing = run_canary({"check", "--index-url", index.url(), "--cache-dir", empty.path().string(),
                                      "--offline", "-q", "litellm"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("missing from the cache: index page " + index.url() + "litellm/") != std::string::npos);
  CHECK(index.server.hits("/simple/litellm/") == 1);  // only the first, online run asked
}
