// `canary audit` fetching pinned packages from a package index: the built
// binary against the replica index on a local server (tests/support/
// test_index.hpp), never the internet. The done-when case: a
// requirements file and a uv.lock pinning the compromised litellm 1.82.8
// fail --fail-on HIGH_RISK and list it in JSON and SARIF; the clean 1.82.6
// passes; --offline works from a warm cache and names what a cold one lacks.
#include <catch2/catch.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/cli_test_util.hpp"
#include "engine/sha256.hpp"
#include "support/index_server.hpp"
#include "support/test_index.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

// The replica index, built once so the tests know the digests it serves.
struct LocalIndex {
  std::vector<IndexProject> projects = replica_index_projects();
  std::unique_ptr<IndexServer> server = std::make_unique<IndexServer>();
  TempDir cache;
  TempDir work;
  std::string index_url;

  LocalIndex() {
    std::vector<std::string> names;
    for (const IndexProject& p : projects) {
      publish(*server, p);
      names.push_back(p.name);
    }
    publish_root(*server, names);
    index_url = server->url() + "/simple/";
  }

  // sha256 of every file of NAME VERSION, as the index serves them.
  std::vector<std::string> digests(const std::string& name, const std::string& version) const {
    std::vector<std::string> out;
    for (const IndexProject& p : projects)
      if (p.name == name)
        for (const IndexRelease& r : p.releases)
          if (r.version == version)
            for (const IndexFile& f : r.files) out.push_back(canary::sha256_hex(f.bytes));
    return out;
  }

  ProcessResult audit(std::vector<std::string> args, const std::string& cache_dir = "") {
    std::vector<std::string> argv{"audit", "--index-url", index_url, "--cache-dir",
                                  cache_dir.empty() ? cache.path().string() : cache_dir, "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_canary(argv);
  }
};

const json* find_package(const json& doc, const std::string& name, const std::string& version) {
  for (const json& p : doc["packages"])
    if (p["normalized"] == name && p["version"] == version) return &p;
  return nullptr;
}

// A uv.lock with the project itself and litellm VERSION from the registry,
// each of its files with its digest. litellm's [[package]] starts on line 9.
std::string uv_lock(const std::string& version, const std::vector<std::string>& digests) {
  std::string lock =
      "version = 1\nrequires-python = \">=3.10\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
      "source = { virtual = \".\" }\n\n[[package]]\nname = \"litellm\"\nversion = \"" +
      version + "\"\nsource = { registry = \"https://pypi.org/simple\" }\nwheels = [\n";
  for (const std::string& d : digests)
    lock += "    { url = \"https://files.example.invalid/litellm-" + version + "-py3-none-any.whl\", hash = \"sha256:" +
            d + "\", size = 1 },\n";
  return lock + "]\n";
}

// The SARIF results located at FILE:LINE (the dependency file line pinning the package).
std::vector<json> results_at(const json& log, const std::string& file, int line) {
  std::vector<json> out;
  for (const json& r : log["runs"][0]["results"]) {
    const json& loc = r["locations"][0]["physicalLocation"];
    const std::string uri = loc["artifactLocation"]["uri"];
    if (uri.size() >= file.size() && uri.compare(uri.size() - file.size(), file.size(), file) == 0 &&
        loc["region"]["startLine"] == line)
      out.push_back(r);
  }
  return out;
}

}  // namespace

TEST_CASE("audit from the index: a requirements file pinning litellm 1.82.8 fails HIGH_RISK, listed in JSON and SARIF",
          "[audit]") {
  LocalIndex index;
  const auto req = index.work / "requirements.txt";
  write_file(req, "benign-subprocess-tool==2.0\nlitellm==1.82.8  # the compromised release\n");

  ProcessResult r = index.audit({"--format", "json", "--fail-on", "HIGH_RISK", "--jobs", "3", req.string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  CHECK(doc["verdict"] == "MALICIOUS");
  CHECK(doc["index"] == index.index_url);
  const json* bad = find_package(doc, "litellm", "1.82.8");
  REQUIRE(bad);
  CHECK((*bad)["status"] == "scanned");
  CHECK((*bad)["verdict"] == "MALICIOUS");
  CHECK((*bad)["origins"][0]["line"] == 2);
  REQUIRE((*bad)["artifacts"].size() == 1);
  CHECK((*bad)["artifacts"][0]["file_name"] == "litellm-1.82.8-py3-none-any.whl");
  bool pth = false;
  for (const json& f : (*bad)["artifacts"][0]["findings"]) pth = pth || f["file"] == "litellm_init.pth";
  CHECK(pth);
  // The release facts `canary check` uses are there too: 1.82.8 is an hour
  // old and off the project's cadence.
  auto rules_of = [](const json& artifact) {
    std::set<std::string> out;
    for (const json& f : artifact["findings"]) out.insert(f["rule"].get<std::string>());
    return out;
  };
  CHECK(rules_of((*bad)["artifacts"][0]).count("canary:RELEASE_IN_COOLDOWN") == 1);
  CHECK(rules_of((*bad)["artifacts"][0]).count("canary:RELEASE_OFF_CADENCE") == 1);
  const json* clean = find_package(doc, "benign-subprocess-tool", "2.0");
  REQUIRE(clean);
  CHECK((*clean)["verdict"] == "SAFE");
  CHECK(index.server->hits("/simple/litellm/") == 1);

  // --cooldown as for check: an hour-old release is past a zero-hour cooldown.
  ProcessResult cooled = index.audit({"--format", "json", "--cooldown", "0", req.string()});
  INFO(cooled.err);
  const json cooled_doc = json::parse(cooled.out);
  const json* again = find_package(cooled_doc, "litellm", "1.82.8");
  REQUIRE(again);
  CHECK(rules_of((*again)["artifacts"][0]).count("canary:RELEASE_IN_COOLDOWN") == 0);
  CHECK(rules_of((*again)["artifacts"][0]).count("canary:RELEASE_OFF_CADENCE") == 1);

  // SARIF: the .pth finding sits on requirements.txt line 2, the file inside
  // the wheel is the related location, the run lists the package.
  ProcessResult s = index.audit({"--format", "sarif", "--fail-on", "HIGH_RISK", req.string()});
  INFO(s.err);
  CHECK(s.exit_code == 1);
  json log = json::parse(s.out);
  const json& run = log["runs"][0];
  CHECK(run["automationDetails"]["id"] == "canary/audit/");
  CHECK(run["invocations"][0]["exitCode"] == 1);
  CHECK(run["properties"]["verdict"] == "MALICIOUS");
  bool listed = false;
  for (const json& p : run["properties"]["packages"])
    if (p["name"] == "litellm" && p["version"] == "1.82.8")
      listed = p["verdict"] == "MALICIOUS" && p["files"] == json({"litellm-1.82.8-py3-none-any.whl"});
  CHECK(listed);
  std::vector<json> at_pin = results_at(log, "requirements.txt", 2);
  REQUIRE(!at_pin.empty());
  bool pth_result = false;
  for (const json& res : at_pin) {
    CHECK(res["analysisTarget"]["uri"] == "litellm-1.82.8-py3-none-any.whl");
    const std::string text = res["message"]["text"];
    if (res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "litellm_init.pth") {
      pth_result = true;
      CHECK(text.find("(litellm-1.82.8-py3-none-any.whl: litellm_init.pth)") != std::string::npos);
    }
  }
  CHECK(pth_result);
  CHECK(results_at(log, "requirements.txt", 1).empty());  // the clean pin has no result
}

TEST_CASE("audit from the index: a uv.lock pinning litellm 1.82.8 fails HIGH_RISK, listed in JSON and SARIF", "[audit]") {
  LocalIndex index;
  const auto lock = index.work / "uv.lock";
  write_file(lock, uv_lock("1.82.8", index.digests("litellm", "1.82.8")));

  ProcessResult r = index.audit({"--format", "json", "--fail-on", "HIGH_RISK", lock.string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  REQUIRE(doc["packages"].size() == 1);
  const json* bad = find_package(doc, "litellm", "1.82.8");
  REQUIRE(bad);
  CHECK((*bad)["verdict"] == "MALICIOUS");
  CHECK((*bad)["origins"][0]["line"] == 9);
  // The lock's digest is the served file's: no lock mismatch, the verdict is the scan's.
  for (const json& f : (*bad)["artifacts"][0]["findings"]) CHECK(f["rule"] != "AUDIT_LOCK_DIGEST_MISMATCH");

  ProcessResult s = index.audit({"--format", "sarif", "--fail-on", "HIGH_RISK", lock.string()});
  CHECK(s.exit_code == 1);
  json log = json::parse(s.out);
  CHECK(!results_at(log, "uv.lock", 9).empty());
  bool listed = false;
  for (const json& p : log["runs"][0]["properties"]["packages"])
    listed = listed || (p["name"] == "litellm" && p["version"] == "1.82.8" && p["verdict"] == "MALICIOUS");
  CHECK(listed);
}

TEST_CASE("audit from the index: the clean litellm 1.82.6 passes, pinned in requirements and in uv.lock", "[audit]") {
  LocalIndex index;
  const auto req = index.work / "requirements.txt";
  write_file(req, "litellm==1.82.6\n");
  ProcessResult r = index.audit({"--format", "json", "--fail-on", "HIGH_RISK", req.string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  json doc = json::parse(r.out);
  CHECK(doc["verdict"] == "SAFE");
  const json* ok = find_package(doc, "litellm", "1.82.6");
  REQUIRE(ok);
  CHECK((*ok)["status"] == "scanned");
  CHECK((*ok)["artifacts"].size() == 2);  // the wheel and the sdist

  const auto lock = index.work / "uv.lock";
  write_file(lock, uv_lock("1.82.6", index.digests("litellm", "1.82.6")));
  ProcessResult l = index.audit({"--format", "sarif", lock.string()});
  INFO(l.err);
  CHECK(l.exit_code == 0);
  json log = json::parse(l.out);
  CHECK(log["runs"][0]["properties"]["verdict"] == "SAFE");
  CHECK(log["runs"][0]["results"].empty());

  // PIP_INDEX_URL names the index when --index-url does not, as for pip and `canary check`.
  RunOptions env;
  env.env.push_back({"PIP_INDEX_URL", index.index_url});
  ProcessResult from_env =
      run_canary({"audit", "--cache-dir", index.cache.path().string(), "-q", "--format", "json", req.string()}, env);
  INFO(from_env.err);
  CHECK(from_env.exit_code == 0);
  CHECK(json::parse(from_env.out)["index"] == index.index_url);

  ProcessResult wheel_only = index.audit({"--format", "json", "--only", "wheel", req.string()});
  json w = json::parse(wheel_only.out);
  REQUIRE(w["packages"][0]["artifacts"].size() == 1);
  CHECK(w["packages"][0]["artifacts"][0]["file_name"] == "litellm-1.82.6-py3-none-any.whl");
}

TEST_CASE("audit from the index: digests the lock does not record, or the index does not publish, are critical",
          "[audit]") {
  LocalIndex index;
  // The lock records a digest that is none of 1.82.6's files on the index:
  // neither the wheel nor the sdist served is a file that was locked.
  const auto lock = index.work / "uv.lock";
  write_file(lock, uv_lock("1.82.6", {std::string(64, 'b')}));
  ProcessResult r = index.audit({"--format", "json", lock.string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json doc = json::parse(r.out);
  CHECK(doc["verdict"] == "MALICIOUS");
  for (const json& a : doc["packages"][0]["artifacts"]) {
    REQUIRE(!a["findings"].empty());
    CHECK(a["findings"][0]["rule"] == "AUDIT_LOCK_DIGEST_MISMATCH");
    CHECK(a["findings"][0]["severity"] == "critical");
    // Each digest the lock records is named once (uv.lock lists it with the file and among the hashes).
    CHECK(a["findings"][0]["excerpt"].get<std::string>().find("; recorded: " + std::string(64, 'b')) != std::string::npos);
    CHECK(a["findings"][0]["excerpt"].get<std::string>().find("more") == std::string::npos);
  }

  // The index publishes one digest and serves other bytes: never scanned.
  const auto req = index.work / "requirements.txt";
  write_file(req, "digest-mismatch==1.0\n");
  ProcessResult m = index.audit({"--format", "json", req.string()});
  CHECK(m.exit_code == 1);
  json mdoc = json::parse(m.out);
  const json& artifact = mdoc["packages"][0]["artifacts"][0];
  REQUIRE(artifact["findings"].size() == 1);
  CHECK(artifact["findings"][0]["rule"] == "canary:INDEX_DIGEST_MISMATCH");
  CHECK(artifact["findings"][0]["severity"] == "critical");
  CHECK(artifact["files_scanned"] == 0);
}

TEST_CASE("audit from the index: unknown projects and versions fail the package with a clear reason", "[audit]") {
  LocalIndex index;
  const auto req = index.work / "requirements.txt";
  write_file(req, "litellm==1.82.9\nno-such-project==1.0\n");
  ProcessResult r = index.audit({"--format", "json", "--no-typosquat", req.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("litellm 1.82.9: no version 1.82.9 of litellm on " + index.index_url +
                   " (its latest: 1.82.5, 1.82.6, 1.82.7, 1.82.8)") != std::string::npos);
  CHECK(r.err.find("no-such-project 1.0: no project no-such-project on " + index.index_url) != std::string::npos);
  json doc = json::parse(r.out);
  CHECK(doc["packages"][0]["status"] == "failed");
}

TEST_CASE("audit --offline: a cold cache names what is missing, a warm one works without the server", "[audit]") {
  LocalIndex index;
  const auto req = index.work / "requirements.txt";
  write_file(req, "litellm==1.82.8\n");

  TempDir cold;
  ProcessResult missing = index.audit({"--offline", "--format", "json", req.string()}, cold.path().string());
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("missing from the cache: index page " + index.index_url + "litellm/") != std::string::npos);
  CHECK(missing.err.find("run once without --offline to fill it") != std::string::npos);
  json cold_doc = json::parse(missing.out);
  CHECK(cold_doc["missing"] == json({"index page " + index.index_url + "litellm/"}));
  CHECK(cold_doc["packages"][0]["status"] == "failed");
  CHECK(index.server->hits("/simple/litellm/") == 0);
  // The table does not call a run that scanned nothing clean.
  ProcessResult table = index.audit({"--offline", "--color", "never", req.string()}, cold.path().string());
  CHECK(table.exit_code == 3);
  CHECK(table.out.find("FAILED") != std::string::npos);
  CHECK(table.out.find("audit: SAFE (incomplete) — 1 packages, 1 failed") != std::string::npos);

  // Fill the cache online, then take the server away.
  REQUIRE(index.audit({"--format", "json", req.string()}).exit_code == 1);
  index.server.reset();
  ProcessResult offline = index.audit({"--offline", "--format", "json", req.string()});
  INFO(offline.err);
  CHECK(offline.exit_code == 1);
  json doc = json::parse(offline.out);
  CHECK(doc["missing"].empty());
  const json* bad = find_package(doc, "litellm", "1.82.8");
  REQUIRE(bad);
  CHECK((*bad)["verdict"] == "MALICIOUS");
  // Without --offline the same run needs the server, which is gone.
  ProcessResult online = index.audit({"--retries", "0", "--format", "json", req.string()});
  CHECK(online.exit_code == 3);
  CHECK(online.err.find("cannot fetch " + index.index_url + "litellm/") != std::string::npos);
}
