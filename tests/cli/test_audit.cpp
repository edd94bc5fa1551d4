// `canary audit` end to end: dependency files pinning corpus replicas, the
// package files taken from a directory (--from-dir), JSON and table output,
// --fail-on, a lock digest that does not match, malformed files.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"
#include "engine/sha256.hpp"

namespace canary {
namespace {

using test::run_canary;
using test::TempDir;
using test::write_file;
namespace fs = std::filesystem;

// A directory as `pip download -d` leaves it: the compromised litellm replica and a clean package.
void fill_wheelhouse(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* name : {"litellm-1.82.8-py3-none-any.whl", "benign_subprocess_tool-2.0-py3-none-any.whl"})
    fs::copy_file(test::corpus_artifact(name), dir / name);
}

std::string sha256_of(const fs::path& p) {
  std::string error;
  return sha256_file_hex(p, error);
}

const nlohmann::json* package(const nlohmann::json& doc, const std::string& name) {
  for (const nlohmann::json& p : doc["packages"])
    if (p["normalized"] == name) return &p;
  return nullptr;
}

TEST_CASE("audit: a requirements file pinning the compromised replica fails --fail-on HIGH_RISK and lists it") {
  TempDir dir;
  fill_wheelhouse(dir / "wheels");
  write_file(dir / "requirements.txt",
             "# service deps\nbenign-subprocess-tool==2.0\nlitellm==1.82.8  # the compromised release\nsix\n");
  auto r = run_canary({"audit", "--format", "json", "--fail-on", "HIGH_RISK", "--from-dir", (dir / "wheels").string(),
                       (dir / "requirements.txt").string()});
  CHECK(r.exit_code == 1);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["verdict"] == "MALICIOUS");
  const nlohmann::json* litellm = package(doc, "litellm");
  REQUIRE(litellm);
  CHECK((*litellm)["status"] == "scanned");
  CHECK((*litellm)["verdict"] == "MALICIOUS");
  CHECK((*litellm)["origins"][0]["line"] == 3);
  REQUIRE((*litellm)["artifacts"].size() == 1);
  CHECK((*litellm)["artifacts"][0]["file_name"] == "litellm-1.82.8-py3-none-any.whl");
  CHECK_FALSE((*litellm)["artifacts"][0]["findings"].empty());
  const nlohmann::json* clean = package(doc, "benign-subprocess-tool");
  REQUIRE(clean);
  CHECK((*clean)["verdict"] == "SAFE");
  CHECK((*package(doc, "six"))["status"] == "not_pinned");
  bool unpinned = false;
  for (const nlohmann::json& p : doc["policy"]) unpinned = unpinned || (p["id"] == "DEP_UNPINNED" && p["line"] == 4);
  CHECK(unpinned);

  // The same without the bad pin passes the gate (six's medium policy finding is LOW_RISK).
  write_file(dir / "clean.txt", "benign-subprocess-tool==2.0\nsix\n");
  auto ok = run_canary({"audit", "--from-dir", (dir / "wheels").string(), (dir / "clean.txt").string()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("benign-subprocess-tool") != std::string::npos);
  CHECK(ok.out.find("audit: LOW_RISK") != std::string::npos);
}

TEST_CASE("audit: a uv.lock pinning the compromised replica fails and lists it, a digest the lock does not know is critical") {
  TempDir dir;
  fill_wheelhouse(dir / "wheels");
  const std::string real = sha256_of(dir / "wheels" / "litellm-1.82.8-py3-none-any.whl");
  auto lock = [&](const std::string& digest) {
    return "version = 1\nrequires-python = \">=3.10\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
           "source = { virtual = \".\" }\n\n[[package]]\nname = \"litellm\"\nversion = \"1.82.8\"\n"
           "source = { registry = \"https://pypi.org/simple\" }\nwheels = [\n"
           "    { url = \"https://files.example.invalid/litellm-1.82.8-py3-none-any.whl\", hash = \"sha256:" +
           digest + "\", size = 1 },\n]\n";
  };
  write_file(dir / "uv.lock", lock(real));
  auto r = run_canary({"audit", "--format", "json", "--from-dir", (dir / "wheels").string(), (dir / "uv.lock").string()});
  CHECK(r.exit_code == 1);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["packages"].size() == 1);  // the project itself is not a dependency
  CHECK(doc["packages"][0]["normalized"] == "litellm");
  CHECK(doc["packages"][0]["verdict"] == "MALICIOUS");
  CHECK(doc["packages"][0]["origins"][0]["line"] == 9);
  for (const nlohmann::json& f : doc["packages"][0]["artifacts"][0]["findings"]) CHECK(f["rule"] != "AUDIT_LOCK_DIGEST_MISMATCH");

  fs::create_directories(dir / "other");
  fill_wheelhouse(dir / "clean-wheels");
  write_file(dir / "other" / "requirements.txt",
             "benign-subprocess-tool==2.0 --hash=sha256:" + std::string(64, 'b') + "\n");
  auto m = run_canary({"audit", "--format", "json", "--from-dir", (dir / "clean-wheels").string(),
                       (dir / "other" / "requirements.txt").string()});
  CHECK(m.exit_code == 1);
  nlohmann::json mdoc = nlohmann::json::parse(m.out);
  CHECK(mdoc["packages"][0]["verdict"] == "MALICIOUS");
  CHECK(mdoc["packages"][0]["artifacts"][0]["findings"][0]["rule"] == "AUDIT_LOCK_DIGEST_MISMATCH");
  CHECK(mdoc["packages"][0]["artifacts"][0]["findings"][0]["severity"] == "critical");
}

TEST_CASE("audit: --no-scan reports policy only, typosquats fail the default gate, table output") {
  TempDir dir;
  write_file(dir / "requirements.txt", "reqeusts==2.31.0\nDjango>=4.2\n");
  auto r = run_canary({"audit", "--no-scan", "--color", "never", (dir / "requirements.txt").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("DEP_TYPOSQUAT") != std::string::npos);
  CHECK(r.out.find("variant of 'requests'") != std::string::npos);
  CHECK(r.out.find("DEP_RANGE_VERSION") != std::string::npos);
  CHECK(r.out.find("audit: HIGH_RISK") != std::string::npos);
  auto quiet = run_canary({"audit", "--no-scan", "--no-typosquat", "--fail-on", "HIGH_RISK", (dir / "requirements.txt").string()});
  CHECK(quiet.exit_code == 0);
}

TEST_CASE("audit: a malformed file is an error with FILE:LINE, the others are still audited") {
  TempDir dir;
  write_file(dir / "requirements.txt", "six==1.16.0\nrequests=2.0\n");
  write_file(dir / "poetry.lock", "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n");
  auto r = run_canary({"audit", "--no-scan", "--format", "json", (dir / "requirements.txt").string(), (dir / "poetry.lock").string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("canary audit: error: " + (dir / "requirements.txt").string() + ":2: expected a version operator") !=
        std::string::npos);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["files"][0].contains("error"));
  CHECK(doc["files"][1]["format"] == "poetry.lock");
  // Packages come from --from-dir or from an index, not both.
  auto usage = run_canary({"audit", "--from-dir", dir.path().string(), "--offline", (dir / "poetry.lock").string()});
  CHECK(usage.exit_code == 2);
  CHECK(usage.err == "canary audit: error: --from-dir takes the files from a directory: --index-url and --offline do "
                     "not apply to it\n");
}

TEST_CASE("audit --osv: a pin an advisory lists is a critical policy finding at its line, even with --no-scan") {
  TempDir dir;
  write_file(dir / "requirements.txt", "six==1.16.0\nEvil_Pkg==2.0.1\nevil-pkg-other==1.0\n");
  write_file(dir / "osv" / "MAL-0000-audit-test.json",
             R"({"id": "MAL-0000-audit-test", "affected": [{"package": {"ecosystem": "PyPI", "name": "evil-pkg"},)"
             R"( "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"fixed": "2.1"}]}]}]})");
  const std::string req = (dir / "requirements.txt").string();
  auto r = run_canary({"audit", "--no-scan", "--no-typosquat", "--format", "json", "--osv", (dir / "osv").string(), req});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // critical policy finding: MALICIOUS, at or above the default HIGH_RISK
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["verdict"] == "MALICIOUS");
  int listed = 0;
  for (const auto& f : doc["policy"]) {
    if (f["id"] != "DEP_KNOWN_MALICIOUS") continue;
    ++listed;
    CHECK(f["severity"] == "critical");
    CHECK(f["package"] == "Evil_Pkg");
    CHECK(f["file"] == req);
    CHECK(f["line"] == 2);
    CHECK(f["detail"] == "Evil_Pkg 2.0.1 is listed by OSV advisory MAL-0000-audit-test");
  }
  CHECK(listed == 1);  // evil-pkg-other is another project

  // Without the advisory the same file has no such finding and passes.
  auto clean = run_canary({"audit", "--no-scan", "--no-typosquat", "--no-hashfeeds", "--format", "json", req});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("DEP_KNOWN_MALICIOUS") == std::string::npos);
  // A malformed advisory stops the audit before anything else.
  write_file(dir / "bad" / "x.json", "{\"id\": 5}");
  auto bad = run_canary({"audit", "--no-scan", "--osv", (dir / "bad").string(), req});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("audit: fail-on comes from the config file like scan's, and --fail-on wins over it") {
  TempDir dir;
  write_file(dir / "requirements.txt", "reqeusts==2.31.0\n");  // a typosquat: HIGH_RISK
  write_file(dir / "canary.toml", "fail-on = \"MALICIOUS\"\n");
  const std::string req = (dir / "requirements.txt").string(), config = (dir / "canary.toml").string();
  CHECK(run_canary({"audit", "--no-scan", "--no-config", req}).exit_code == 1);
  CHECK(run_canary({"audit", "--no-scan", "--config", config, req}).exit_code == 0);
  CHECK(run_canary({"audit", "--no-scan", "--config", config, "--fail-on", "HIGH_RISK", req}).exit_code == 1);
  // Found in the current directory, as scan finds it.
  test::RunOptions in_dir;
  in_dir.cwd = dir.path().string();
  CHECK(run_canary({"audit", "--no-scan", "requirements.txt"}, in_dir).exit_code == 0);
  write_file(dir / "canary.toml", "fail-on = \"sometimes\"\n");
  auto bad = run_canary({"audit", "--no-scan", "requirements.txt"}, in_dir);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("fail-on: expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or \"none\"") != std::string::npos);
}

}  // namespace
}  // namespace canary
