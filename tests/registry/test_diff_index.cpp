// `canary diff NAME V1 V2` against the local replica index: both files come
// from the index (verified, cached), a wheel is paired with a wheel and an
// sdist with an sdist, and the diff is the one of two local files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.hpp"
#include "replica_index_run.hpp"
#include "support/artifact_builder.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

std::vector<std::string> paths(const json& files) {
  std::vector<std::string> out;
  for (const json& f : files) out.push_back(f["path"]);
  return out;
}

// A wheel of project pair-pkg at `version` whose module says `body`.
IndexFile pair_wheel(const TempDir& tmp, const std::string& version, const std::string& tags, const std::string& body) {
  const std::string name = "pair_pkg-" + version + "-" + tags + ".whl";
  write_wheel(tmp / name, {{"pair_pkg/__init__.py", body},
                           {"pair_pkg-" + version + ".dist-info/METADATA",
                            "Metadata-Version: 2.1\nName: pair-pkg\nVersion: " + version + "\n"},
                           {"pair_pkg-" + version + ".dist-info/WHEEL", "Wheel-Version: 1.0\nTag: " + tags + "\n"}});
  return {name, read_file(tmp / name), "bdist_wheel", ""};
}

}  // namespace

TEST_CASE("diff NAME V1 V2: litellm 1.82.7 -> 1.82.8 from the index shows the added .pth and its findings",
          "[diff][index]") {
  LocalIndex index;
  ProcessResult r = index.diff({"litellm", "1.82.7", "1.82.8", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the new findings are MALICIOUS
  json j = json::parse(r.out);
  CHECK(j["index"]["url"] == index.url());
  CHECK(j["index"]["project"] == "litellm");
  CHECK(j["index"]["old_version"] == "1.82.7");
  CHECK(j["index"]["new_version"] == "1.82.8");
  CHECK(j["old"]["path"] == "litellm-1.82.7-py3-none-any.whl");
  CHECK(j["new"]["path"] == "litellm-1.82.8-py3-none-any.whl");
  CHECK(j["highlights"]["new_pth"] == json::array({"litellm_init.pth"}));
  CHECK(paths(j["files"]["added"]) == std::vector<std::string>{"litellm_init.pth"});
  CHECK(paths(j["files"]["removed"]) == std::vector<std::string>{"litellm/proxy/proxy_server.py"});
  // The findings only the new version has: all of them in the .pth (1.82.7's payload is elsewhere).
  REQUIRE(j["new_findings"].size() >= 3);
  bool decode_exec = false;
  for (const json& f : j["new_findings"]) {
    CHECK(std::string(f["file"]).rfind("litellm_init.pth", 0) == 0);
    decode_exec = decode_exec || f["rule"] == "canary:PTH_DECODE_EXEC";
  }
  CHECK(decode_exec);
  CHECK(j["new_findings_verdict"] == "MALICIOUS");

  // The text form names the index and the two files, not cache paths.
  ProcessResult text = index.diff({"litellm", "1.82.7", "1.82.8", "--color", "never"});
  CHECK(text.exit_code == 1);
  CHECK(text.out.rfind("litellm 1.82.7 -> 1.82.8 on " + index.url() + "\n\nold  litellm-1.82.7-py3-none-any.whl\n", 0) == 0);
  CHECK(text.out.find("  new .pth file          litellm_init.pth\n") != std::string::npos);
  CHECK(text.out.find(index.cache.path().string()) == std::string::npos);
}

TEST_CASE("diff NAME V1 V2: wheel with wheel, sdist with sdist, --only", "[diff][index]") {
  LocalIndex index;
  // 1.82.6 has a wheel and an sdist, 1.82.8 only a wheel: the wheels are compared.
  ProcessResult r = index.diff({"litellm", "1.82.6", "1.82.8", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  CHECK(j["old"]["path"] == "litellm-1.82.6-py3-none-any.whl");
  CHECK(j["highlights"]["new_pth"] == json::array({"litellm_init.pth"}));

  ProcessResult sdists = index.diff({"--only", "sdist", "litellm", "1.82.5", "1.82.6", "--format", "json"});
  INFO(sdists.err);
  CHECK(sdists.exit_code == 0);
  json s = json::parse(sdists.out);
  CHECK(s["old"]["path"] == "litellm-1.82.5.tar.gz");
  CHECK(s["new"]["path"] == "litellm-1.82.6.tar.gz");
  CHECK(s["old"]["kind"] == "sdist");
  CHECK(s["new_findings"].empty());

  ProcessResult none = index.diff({"--only", "sdist", "litellm", "1.82.6", "1.82.8"});
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err == "canary diff: error: litellm 1.82.6 and 1.82.8 have no sdist in common (1.82.6: "
                    "litellm-1.82.6-py3-none-any.whl, litellm-1.82.6.tar.gz; 1.82.8: litellm-1.82.8-py3-none-any.whl)\n");
}

TEST_CASE("diff NAME V1 V2: wheels of the same tags are paired, and a digest mismatch is not compared", "[diff][index]") {
  TempDir tmp;
  IndexProject p{"pair-pkg", {}};
  IndexRelease v1, v2, v3;
  v1.version = "1.0";
  v1.files = {pair_wheel(tmp, "1.0", "cp311-cp311-linux_x86_64", "NATIVE = 1\n"),
              pair_wheel(tmp, "1.0", "py3-none-any", "PURE = 1\n")};
  v2.version = "2.0";
  v2.files = {pair_wheel(tmp, "2.0", "py3-none-any", "PURE = 2\n")};
  v3.version = "2.1";
  v3.files = {pair_wheel(tmp, "2.1", "py3-none-any", "PURE = 3\n")};
  v3.files[0].published_sha256 = std::string(64, '0');  // the index publishes another digest
  p.releases = {v1, v2, v3};
  IndexServer server;
  publish(server, p);
  TempDir cache;
  auto diff = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{"diff", "--index-url", server.url() + "/simple/", "--cache-dir", cache.path().string(), "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_canary(argv);
  };
  ProcessResult r = diff({"pair-pkg", "1.0", "2.0", "--format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j["old"]["path"] == "pair_pkg-1.0-py3-none-any.whl");  // not the first wheel of 1.0, the one with 2.0's tags
  CHECK(j["new"]["path"] == "pair_pkg-2.0-py3-none-any.whl");

  ProcessResult bad = diff({"pair-pkg", "2.0", "2.1"});
  CHECK(bad.exit_code == 3);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("canary diff: error: pair_pkg-2.1-py3-none-any.whl does not match the sha256 the index publishes "
                     "(published " + std::string(64, '0') + ", received ") != std::string::npos);
  CHECK(bad.err.find("it was not compared") != std::string::npos);
}

TEST_CASE("diff NAME V1 V2: unknown project or version, --offline from the cache", "[diff][index]") {
  LocalIndex index;
  ProcessResult project = index.diff({"no-such-project", "1.0", "2.0"});
  CHECK(project.exit_code == 2);
  CHECK(project.err == "canary diff: error: no project no-such-project on " + index.url() + "\n");
  ProcessResult version = index.diff({"litellm", "1.82.6", "1.82.9"});
  CHECK(version.exit_code == 2);
  CHECK(version.err == "canary diff: error: no version 1.82.9 of litellm on " + index.url() +
                           " (nearby versions: 1.82.6, 1.82.7, 1.82.8)\n");

  REQUIRE(index.diff({"litellm", "1.82.7", "1.82.8", "--format", "json"}).exit_code == 1);
  const size_t downloads = index.server.requests().size();
  ProcessResult offline = index.diff({"--offline", "litellm", "1.82.7", "1.82.8", "--format", "json"});
  INFO(offline.err);
  CHECK(offline.exit_code == 1);
  CHECK(json::parse(offline.out)["highlights"]["new_pth"] == json::array({"litellm_init.pth"}));
  CHECK(index.server.requests().size() == downloads);  // nothing asked of the network

  TempDir empty;
  ProcessResult missing = run_canary({"diff", "--index-url", index.url(), "--cache-dir", empty.path().string(), "-q",
                                      "--offline", "litellm", "1.82.7", "1.82.8"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("missing from the cache: index page " + index.url() + "litellm/") != std::string::npos);

  ProcessResult usage = run_canary({"diff", "a.whl"});
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("expected two artifacts (canary diff OLD NEW) or a project and two versions (canary diff NAME V1 V2)") !=
        std::string::npos);
}
