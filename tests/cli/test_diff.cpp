// `canary diff OLD NEW` end to end: the built binary on the litellm replica
// pair and on wheels and sdists the tests write, in text and JSON, with the
// exit codes of `canary scan`.
#include <catch2/catch.hpp>
#include <set>

#include "cli_test_util.hpp"
#include "support/artifact_builder.hpp"

using namespace canary::test;
using json = nlohmann::json;

namespace {

FileSpec file(std::string name, std::string content) { return FileSpec{std::move(name), std::move(content), false, false, 0644}; }

std::string litellm(const char* version) {
  return corpus_artifact(std::string("litellm-") + version + "-py3-none-any.whl").string();
}

json run_json(const std::vector<std::string>& args, int expected_exit) {
  std::vector<std::string> full{"diff", "--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  ProcessResult r = run_canary(full);
  INFO(r.err);
  REQUIRE(r.exit_code == expected_exit);
  return json::parse(r.out);
}

std::set<std::string> rules_of(const json& findings) {
  std::set<std::string> out;
  for (const json& f : findings) out.insert(f["rule"].get<std::string>());
  return out;
}

std::vector<std::string> paths_of(const json& files) {
  std::vector<std::string> out;
  for (const json& f : files) out.push_back(f["path"].get<std::string>());
  return out;
}

// The file a finding is in; for one in a decoded layer, the real file.
std::string real_file(const json& finding) {
  const json& from = finding["decoded_from"];
  return (from.is_null() ? finding["file"] : from["file"]).get<std::string>();
}

}  // namespace

TEST_CASE("diff of the litellm replicas shows the added .pth and its new PTH findings", "[cli][diff]") {
  json d = run_json({litellm("1.82.7"), litellm("1.82.8")}, 1);
  CHECK(d["old"]["kind"] == "wheel");
  // The 1.82.7 replica is itself compromised (its payload sits in
  // proxy_server.py, which 1.82.8 dropped): that finding is not new.
  CHECK(d["old"]["verdict"] == "MALICIOUS");
  CHECK(d["new"]["verdict"] == "MALICIOUS");
  CHECK(d["highlights"]["new_pth"] == json::array({"litellm_init.pth"}));
  CHECK(d["highlights"]["entry_points"].empty());
  CHECK(d["highlights"]["new_native"].empty());
  CHECK(paths_of(d["files"]["added"]) == std::vector<std::string>{"litellm_init.pth"});
  CHECK(d["files"]["added"][0]["kind"] == "pth");
  CHECK(d["files"]["added"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(paths_of(d["files"]["removed"]) == std::vector<std::string>{"litellm/proxy/proxy_server.py"});
  // The dist-info directory was renamed by the version bump, not added.
  bool metadata_paired = false;
  for (const json& c : d["files"]["changed"])
    if (c["path"] == "litellm-1.82.8.dist-info/METADATA")
      metadata_paired = c["old_path"] == "litellm-1.82.7.dist-info/METADATA";
  CHECK(metadata_paired);
  std::set<std::string> rules = rules_of(d["new_findings"]);
  for (const char* id : {"canary:PTH_SPAWNS_PROCESS", "canary:PTH_DECODE_EXEC", "canary:PTH_EXECUTES_CODE"})
    CHECK(rules.count(id) == 1);
  // Some are found in the base64 layer of the .pth: their real file is it.
  for (const json& f : d["new_findings"]) CHECK(real_file(f) == "litellm_init.pth");
  CHECK(d["new_findings_verdict"] == "MALICIOUS");
  CHECK(d["errors"].empty());
}

TEST_CASE("diff text output names the new .pth, the file changes and the new findings", "[cli][diff]") {
  ProcessResult r = run_canary({"diff", "--color", "never", litellm("1.82.7"), litellm("1.82.8")});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("new .pth file          litellm_init.pth") != std::string::npos);
  CHECK(r.out.find("  + litellm_init.pth  ") != std::string::npos);
  CHECK(r.out.find("  - litellm/proxy/proxy_server.py  ") != std::string::npos);
  CHECK(r.out.find("new findings  ") != std::string::npos);
  CHECK(r.out.find("canary:PTH_DECODE_EXEC") != std::string::npos);
  CHECK(r.err.find("rules: ") != std::string::npos);
}

TEST_CASE("diff --fail-on applies to the new findings only", "[cli][diff]") {
  CHECK(run_canary({"diff", "--fail-on", "none", litellm("1.82.7"), litellm("1.82.8")}).exit_code == 0);
  CHECK(run_canary({"diff", "--fail-on", "MALICIOUS", litellm("1.82.7"), litellm("1.82.8")}).exit_code == 1);
  // A MALICIOUS artifact against itself has nothing new: exit 0.
  json same = run_json({litellm("1.82.8"), litellm("1.82.8")}, 0);
  CHECK(same["new"]["verdict"] == "MALICIOUS");
  CHECK(same["new_findings"].empty());
  CHECK(same["new_findings_verdict"] == "SAFE");
  // Backwards, the .pth is removed and only proxy_server.py's finding is new.
  json back = run_json({litellm("1.82.8"), litellm("1.82.7")}, 1);
  CHECK(paths_of(back["files"]["removed"]) == std::vector<std::string>{"litellm_init.pth"});
  CHECK(paths_of(back["files"]["added"]) == std::vector<std::string>{"litellm/proxy/proxy_server.py"});
  CHECK(back["highlights"]["new_pth"].empty());
  REQUIRE(back["new_findings"].size() >= 1);
  for (const json& f : back["new_findings"]) CHECK(real_file(f) == "litellm/proxy/proxy_server.py");
}

TEST_CASE("diff of identical artifacts shows no differences and exits 0", "[cli][diff]") {
  TempDir dir;
  write_wheel(dir / "pkg-1.0-py3-none-any.whl", {file("pkg/__init__.py", "import os\nos.system('ls')\n"),
                                                 file("pkg-1.0.dist-info/METADATA", "Name: pkg\nVersion: 1.0\n")});
  // The copy keeps the file name: rules may compare METADATA with it.
  std::filesystem::create_directories(dir / "copy");
  const std::string copy = (dir / "copy" / "pkg-1.0-py3-none-any.whl").string();
  std::filesystem::copy_file(dir / "pkg-1.0-py3-none-any.whl", copy);
  json d = run_json({(dir / "pkg-1.0-py3-none-any.whl").string(), copy}, 0);
  CHECK(d["files"]["added"].empty());
  CHECK(d["files"]["removed"].empty());
  CHECK(d["files"]["changed"].empty());
  CHECK(d["files"]["unchanged"] == 3);  // __init__.py, METADATA, RECORD
  CHECK(d["new_findings"].empty());
  CHECK(d["old"]["sha256"] == d["new"]["sha256"]);
  ProcessResult text = run_canary({"diff", "-q", copy, copy});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("highlights\n  (none)\n") != std::string::npos);
  CHECK(text.out.find("files  0 added, 0 removed, 0 changed, 3 unchanged\n") != std::string::npos);
  CHECK(text.out.find("new findings  0\n") != std::string::npos);
}

TEST_CASE("diff of two sdists shows a changed setup.py as a build file change", "[cli][diff]") {
  TempDir dir;
  write_tar_gz(dir / "pkg-1.0.tar.gz", {file("pkg-1.0/PKG-INFO", "Name: pkg\nVersion: 1.0\n"),
                                        file("pkg-1.0/setup.py", "from setuptools import setup\nsetup(name='pkg')\n"),
                                        file("pkg-1.0/pkg/__init__.py", "")});
  write_tar_gz(dir / "pkg-1.1.tar.gz",
               {file("pkg-1.1/PKG-INFO", "Name: pkg\nVersion: 1.1\n"),
                file("pkg-1.1/setup.py", "from setuptools import setup\nsetup(name='pkg', version='1.1')\n"),
                file("pkg-1.1/pkg/__init__.py", "")});
  json d = run_json({(dir / "pkg-1.0.tar.gz").string(), (dir / "pkg-1.1.tar.gz").string()}, 0);
  CHECK(d["old"]["kind"] == "sdist");
  CHECK(d["files"]["added"].empty());
  CHECK(d["files"]["removed"].empty());
  CHECK(paths_of(d["files"]["changed"]) == std::vector<std::string>{"PKG-INFO", "setup.py"});
  CHECK(d["files"]["unchanged"] == 1);
  CHECK(d["highlights"]["build_files"] == json::parse(R"([{"path":"setup.py","change":"changed"}])"));
}

TEST_CASE("diff shows a console script added in entry_points.txt, a wheel against a directory", "[cli][diff]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "old/pkg");
  std::filesystem::create_directories(dir / "old/pkg-1.0.dist-info");
  write_file(dir / "old/pkg/__init__.py", "def main(): pass\n");
  write_file(dir / "old/pkg-1.0.dist-info/entry_points.txt", "[console_scripts]\npkg = pkg:main\n");
  write_wheel(dir / "pkg-1.1-py3-none-any.whl",
              {file("pkg/__init__.py", "def main(): pass\n"),
               file("pkg-1.1.dist-info/entry_points.txt", "[console_scripts]\npkg = pkg:main\npip = pkg:main\n")});
  json d = run_json({"--fail-on", "none", (dir / "old").string(), (dir / "pkg-1.1-py3-none-any.whl").string()}, 0);
  CHECK(d["old"]["kind"] == "directory");
  CHECK(d["old"]["sha256"] == "");
  CHECK(d["highlights"]["entry_points"] ==
        json::parse(R"([{"group":"console_scripts","name":"pip","value":"pkg:main","old_value":null,)"
                    R"("file":"pkg-1.1.dist-info/entry_points.txt","line":3}])"));
  ProcessResult text = run_canary({"diff", "-q", (dir / "old").string(), (dir / "pkg-1.1-py3-none-any.whl").string()});
  CHECK(text.out.find("new entry point        console_scripts: pip = pkg:main  "
                      "(pkg-1.1.dist-info/entry_points.txt)") != std::string::npos);
}

TEST_CASE("diff reports a malformed entry_points.txt with its line and still compares", "[cli][diff]") {
  TempDir dir;
  // Both have METADATA, so both get a RECORD from write_wheel.
  write_wheel(dir / "a-1.0-py3-none-any.whl",
              {file("a/__init__.py", ""), file("a-1.0.dist-info/METADATA", "Name: a\nVersion: 1.0\n")});
  write_wheel(dir / "a-1.1-py3-none-any.whl",
              {file("a/__init__.py", ""), file("a-1.1.dist-info/METADATA", "Name: a\nVersion: 1.1\n"),
               file("a-1.1.dist-info/entry_points.txt", "[console_scripts\nx = a:b\n")});
  json d = run_json(
      {"--fail-on", "none", (dir / "a-1.0-py3-none-any.whl").string(), (dir / "a-1.1-py3-none-any.whl").string()}, 0);
  REQUIRE(d["errors"].size() == 1);
  CHECK(d["errors"][0].get<std::string>().find(
            "a-1.1.dist-info/entry_points.txt:1: malformed entry points: section header without closing ']'") !=
        std::string::npos);
  CHECK(paths_of(d["files"]["added"]) == std::vector<std::string>{"a-1.1.dist-info/entry_points.txt"});
}

TEST_CASE("diff of an unreadable artifact exits 3, bad usage exits 2", "[cli][diff]") {
  TempDir dir;
  write_file(dir / "garbage.whl", "this is not a zip file at all");
  ProcessResult missing = run_canary({"diff", "-q", litellm("1.82.7"), (dir / "missing.whl").string()});
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("missing.whl: cannot open: no such file or directory") != std::string::npos);
  ProcessResult garbage = run_canary({"diff", "-q", (dir / "garbage.whl").string(), litellm("1.82.7")});
  CHECK(garbage.exit_code == 3);
  CHECK(garbage.err.find("garbage.whl") != std::string::npos);

  ProcessResult one = run_canary({"diff", litellm("1.82.7")});
  CHECK(one.exit_code == 2);
  CHECK(one.err.find("expected two artifacts") != std::string::npos);
  // Three are NAME V1 V2 through the index (tests/registry/test_diff_index.cpp); four are nothing.
  ProcessResult four = run_canary({"diff", "litellm", "1.82.7", "1.82.8", "1.82.9"});
  CHECK(four.exit_code == 2);
  CHECK(four.err.find("canary diff NAME V1 V2") != std::string::npos);
  CHECK(run_canary({"diff", "--format", "xml", litellm("1.82.7"), litellm("1.82.8")}).exit_code == 2);
}
