// `canary check` with OSV malicious-package advisories: a release an
// advisory lists gets RELEASE_KNOWN_MALICIOUS (critical) against the local
// replica index; the shipped sample advisory is loaded by default; bad
// advisory files stop the check before anything is fetched.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.hpp"
#include "replica_index_run.hpp"
#include "support/artifact_builder.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

// benign-subprocess-tool 2.0 is clean by its files; this advisory says otherwise.
const char* kAdvisory = R"json({
  "schema_version": "1.5.0",
  "id": "MAL-0000-canary-check-test",
  "summary": "Malicious code in benign-subprocess-tool (PyPI)",
  "affected": [
    {"package": {"ecosystem": "PyPI", "name": "Benign_Subprocess_Tool"}, "versions": ["2.0"]},
    {"package": {"ecosystem": "npm", "name": "benign-subprocess-tool"}, "versions": ["1.9"]}
  ]
})json";


const json* finding(const json& file, const std::string& rule) {
  for (const json& f : file["report"]["findings"])
    if (f["rule"] == rule) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("check --osv: a listed release is MALICIOUS by RELEASE_KNOWN_MALICIOUS", "[check][osv]") {
  LocalIndex index;
  TempDir dir;
  write_file(dir / "pypi/benign-subprocess-tool/MAL-0000-canary-check-test.json", kAdvisory);
  ProcessResult r = index.check({"--osv", dir.path().string(), "benign-subprocess-tool", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  CHECK(j["version"] == "2.0");
  CHECK(j["verdict"] == "MALICIOUS");
  CHECK(j["release"]["known_malicious"] == true);
  CHECK(j["release"]["advisory"] == "MAL-0000-canary-check-test");
  REQUIRE(j["files"].size() == 1);
  const json* f = finding(j["files"][0], "canary:RELEASE_KNOWN_MALICIOUS");
  REQUIRE(f != nullptr);
  CHECK((*f)["severity"] == "critical");
  CHECK((*f)["excerpt"] == "release.known_malicious = true (MAL-0000-canary-check-test)");
  // Only the release's first file gets it, and the files themselves are clean.
  CHECK(j["files"][0]["report"]["findings"].size() >= 1);
  // 1.9 is not listed for PyPI (the npm entry is another registry's): it is the rollback.
  CHECK(j["rollback"]["version"] == "1.9");
  CHECK(j["rollback"]["verdict"] == "SAFE");

  // The text report says which advisory.
  ProcessResult text = index.check({"--osv", dir.path().string(), "benign-subprocess-tool", "2.0", "--color", "never"});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("  known malicious: MAL-0000-canary-check-test\n") != std::string::npos);
  CHECK(text.out.find("canary:RELEASE_KNOWN_MALICIOUS") != std::string::npos);

  // Without the advisory the same release is clean.
  ProcessResult clean = index.check({"benign-subprocess-tool", "2.0", "--format", "json"});
  CHECK(clean.exit_code == 0);
  CHECK(json::parse(clean.out)["release"]["known_malicious"] == false);
}

TEST_CASE("check: advisories under hashfeeds/osv/ are read by default, --no-hashfeeds skips them", "[check][osv]") {
  LocalIndex index;
  TempDir feeds;
  write_file(feeds / "osv/MAL-0000-canary-check-test.json", kAdvisory);
  RunOptions env;
  env.env.push_back({"CANARY_HASHFEEDS_DIR", feeds.path().string()});
  ProcessResult r = index.check({"benign-subprocess-tool", "2.0", "--format", "json"}, env);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(json::parse(r.out)["release"]["advisory"] == "MAL-0000-canary-check-test");

  ProcessResult skipped = index.check({"--no-hashfeeds", "benign-subprocess-tool", "2.0", "--format", "json"}, env);
  CHECK(skipped.exit_code == 0);
  CHECK(json::parse(skipped.out)["release"]["known_malicious"] == false);

  // Without -q the header counts them.
  ProcessResult header = run_canary({"check", "--index-url", index.url(), "--cache-dir", index.cache.path().string(),
                                     "benign-subprocess-tool", "1.9"},
                                    env);
  CHECK(header.exit_code == 0);
  CHECK(header.err.find("osv: 1 malicious-package advisory\n") != std::string::npos);
}

TEST_CASE("check: the config file's osv key adds advisories, relative to the file", "[check][osv][config]") {
  LocalIndex index;
  TempDir project;
  write_file(project / "advisories/MAL-0000-canary-check-test.json", kAdvisory);
  write_file(project / "ci/canary.toml", "osv = [\"../advisories\"]\n");
  const std::string config = (project / "ci/canary.toml").string();
  ProcessResult r = index.check({"--config", config, "benign-subprocess-tool", "2.0", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(json::parse(r.out)["release"]["advisory"] == "MAL-0000-canary-check-test");

  // --no-config drops them; --no-hashfeeds drops only the default directory.
  ProcessResult without = index.check({"--no-config", "benign-subprocess-tool", "2.0", "--format", "json"});
  CHECK(without.exit_code == 0);
  ProcessResult no_default =
      index.check({"--config", config, "--no-hashfeeds", "benign-subprocess-tool", "2.0", "--format", "json"});
  CHECK(no_default.exit_code == 1);

  // scan --show-config lists the path with the key's position.
  ProcessResult shown = run_canary({"scan", "--show-config", "--format", "json", "--config", config});
  INFO(shown.err);
  REQUIRE(shown.exit_code == 0);
  json j = json::parse(shown.out);
  REQUIRE(j["osv"].size() == 1);
  CHECK(j["osv"][0]["origin"] == config + ":1:1");
  CHECK(j["osv"][0]["value"].get<std::string>().find("advisories") != std::string::npos);

  // A path that is not there is an error of the command that reads it.
  write_file(project / "ci/canary.toml", "osv = [\"nope\"]\n");
  ProcessResult missing = index.check({"--config", config, "benign-subprocess-tool", "2.0"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("canary check: error: osv advisory: ") != std::string::npos);
  CHECK(missing.err.find("nope: no such file or directory") != std::string::npos);
  // The wrong type is a config error at its position.
  write_file(project / "ci/canary.toml", "osv = \"../advisories\"\n");
  ProcessResult bad = index.check({"--config", config, "benign-subprocess-tool", "2.0"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("canary.toml:1:7: osv:") != std::string::npos);
}

TEST_CASE("check: the shipped sample advisory names its reserved project", "[check][osv]") {
  // hashfeeds/osv/MAL-0000-canary-osv-sample.json lists canary-osv-sample.invalid 0.0.0,
  // a name that ends in a reserved TLD; publish it here to see the default directory at work.
  TempDir tmp;
  write_wheel(tmp / "w.whl", {{"canary_osv_sample_invalid/__init__.py", "VERSION = \"0.0.0\"\n"},
                              {"canary_osv_sample_invalid-0.0.0.dist-info/METADATA",
                               "Metadata-Version: 2.1\nName: canary-osv-sample.invalid\nVersion: 0.0.0\n"},
                              {"canary_osv_sample_invalid-0.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"}});
  IndexServer server;
  IndexRelease release;
  release.version = "0.0.0";
  release.files.push_back({"canary_osv_sample_invalid-0.0.0-py3-none-any.whl", read_file(tmp / "w.whl"), "bdist_wheel", ""});
  release.home_page = "https://example.invalid/";
  publish(server, IndexProject{"canary-osv-sample.invalid", {release}});
  TempDir cache;
  ProcessResult r = run_canary({"check", "--index-url", server.url() + "/simple/", "--cache-dir",
                                cache.path().string(), "-q", "canary-osv-sample.invalid", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  CHECK(j["release"]["advisory"] == "MAL-0000-canary-osv-sample");
  CHECK(finding(j["files"][0], "canary:RELEASE_KNOWN_MALICIOUS") != nullptr);
}

TEST_CASE("check: a bad advisory file stops the check before the index is asked", "[check][osv]") {
  LocalIndex index;
  TempDir dir;
  write_file(dir / "MAL-0000-bad.json", "{\n  \"id\": \"MAL-0000-bad\",\n  \"affected\": [{\"package\": {\"ecosystem\": "
                                        "\"PyPI\"}, \"versions\": [\"1.0\"]}]\n}\n");
  ProcessResult r = index.check({"--osv", dir.path().string(), "benign-subprocess-tool"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("canary check: error: osv advisory: " + (dir / "MAL-0000-bad.json").string() +
                   ":3: affected[0].package: no \"name\"\n") != std::string::npos);
  CHECK(index.server.hits("/simple/benign-subprocess-tool/") == 0);

  ProcessResult missing = index.check({"--osv", (dir / "nope").string(), "benign-subprocess-tool"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find((dir / "nope").string() + ": no such file or directory") != std::string::npos);
}

TEST_CASE("install --osv: a release an advisory lists is refused although its files are clean", "[install][osv]") {
  LocalIndex index;
  TempDir dir;
  write_file(dir / "MAL-0000-canary-check-test.json", kAdvisory);
  ProcessResult r = index.run("install", {"--dry-run", "--osv", dir.path().string(), "benign-subprocess-tool==2.0"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("canary:RELEASE_KNOWN_MALICIOUS") != std::string::npos);
  CHECK((r.out + r.err).find("refusing benign-subprocess-tool 2.0") != std::string::npos);

  // The same release without the advisory passes (--dry-run: pip is not run).
  ProcessResult clean = index.run("install", {"--dry-run", "benign-subprocess-tool==2.0"});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("canary:RELEASE_KNOWN_MALICIOUS") == std::string::npos);
}
