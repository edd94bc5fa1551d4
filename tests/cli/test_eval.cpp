// `canary eval` end to end: the built binary over the replica corpus
// (build/corpus) and over a site-packages-like directory written here. The
// expected verdicts are those the replicas' expect.toml files require, which
// `canary test` enforces.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli_test_util.hpp"

namespace fs = std::filesystem;
using namespace canary::test;
using nlohmann::json;

namespace {

// The replicas whose expect.toml says MALICIOUS, and those that say SAFE.
const std::vector<std::string> kMaliciousReplicas{"evil_setup-0.1.tar.gz", "litellm-1.82.7-py3-none-any.whl",
                                                  "litellm-1.82.8-py3-none-any.whl",
                                                  "stealer_init-0.3-py3-none-any.whl"};
const std::vector<std::string> kBenignReplicas{"benign_pth_paths-1.0-py3-none-any.whl", "benign_sdist-1.0.tar.gz",
                                               "benign_subprocess_tool-2.0-py3-none-any.whl",
                                               "distutils_shim-1.0-py3-none-any.whl"};

// A directory of malicious artifacts to search: nested, with a file that is
// not an artifact (skipped).
fs::path malicious_dir(const TempDir& tmp) {
  fs::path dir = tmp / "malicious";
  for (size_t i = 0; i < kMaliciousReplicas.size(); ++i) {
    fs::path sub = dir / ("family" + std::to_string(i % 2)) / "1.0";
    fs::create_directories(sub);
    fs::copy_file(corpus_artifact(kMaliciousReplicas[i]), sub / kMaliciousReplicas[i]);
  }
  write_file(dir / "INDEX.tsv", "name\tversion\n");
  return dir;
}

// A site-packages: six units (a package, two modules, a compiled module, two
// .pth files) and
// what --benign-units must skip. Two units do what malware does (inert: the
// payload prints a reserved name), so they are benign units flagged.
fs::path site_packages(const TempDir& tmp) {
  fs::path dir = tmp / "site-packages";
  write_file(dir / "goodpkg" / "__init__.py", "def add(a, b):\n    return a + b\n");
  write_file(dir / "tool.py", "import os\n\ndef home():\n    return os.path.expanduser('~')\n");
  write_file(dir / "paths.pth", "goodpkg_extra\n# a comment\n");
  write_file(dir / "_speedups.cpython-311-x86_64-linux-gnu.so", std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(64, '\0'));
  write_file(dir / "badmod.py",
             "import base64\nexec(base64.b64decode('cHJpbnQoJ2V4YW1wbGUuaW52YWxpZCcp'))\n");
  write_file(dir / "zz_spawn.pth", "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'print(1)'])\n");
  // Skipped: metadata, caches, hidden entries, files that are neither module nor .pth.
  const std::string payload = "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n";
  write_file(dir / "goodpkg-1.0.dist-info" / "hook.py", payload);
  write_file(dir / "old-0.1.egg-info" / "hook.py", payload);
  write_file(dir / "__pycache__" / "x.py", payload);
  write_file(dir / ".hidden" / "x.py", payload);
  write_file(dir / "README.txt", payload);
  return dir;
}

std::vector<std::string> paths_of(const json& units) {
  std::vector<std::string> out;
  for (const json& u : units) out.push_back(u.at("path").get<std::string>());
  return out;
}

// The first line of `out` that contains `needle` ("" when none does).
std::string line_with(const std::string& out, const std::string& needle) {
  for (const std::string& line : split_lines(out))
    if (line.find(needle) != std::string::npos) return line;
  return "";
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::vector<std::string> eval_args(const TempDir& tmp, const std::string& format) {
  std::vector<std::string> args{"eval", "--no-config", "--format", format, "--malicious", malicious_dir(tmp).string(),
                                "--malicious", corpus_artifact("benign_sdist-1.0.tar.gz").string(), "--benign"};
  for (const std::string& b : kBenignReplicas) args.push_back(corpus_artifact(b).string());
  args.push_back("--benign-units");
  args.push_back(site_packages(tmp).string());
  return args;
}

}  // namespace

TEST_CASE("eval over the replica corpus counts recall and false positives", "[cli][e2e][eval]") {
  TempDir tmp;
  ProcessResult r = run_canary(eval_args(tmp, "json"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json doc = json::parse(r.out);

  // Four malicious replicas found in the directory, one benign sdist given as
  // malicious: the one miss.
  const json& mal = doc.at("malicious");
  CHECK(mal.at("units") == 5);
  CHECK(mal.at("unreadable") == 0);
  CHECK(mal.at("at_least_high_risk") == 4);
  CHECK(mal.at("malicious") == 4);
  CHECK(mal.at("recall_high_risk").get<double>() == Approx(0.8));
  CHECK(mal.at("recall_malicious").get<double>() == Approx(0.8));
  CHECK(mal.at("verdicts") == json{{"SAFE", 1}, {"LOW_RISK", 0}, {"HIGH_RISK", 0}, {"MALICIOUS", 4}});
  REQUIRE(doc.at("misses").size() == 1);
  const json& miss = doc.at("misses")[0];
  CHECK(miss.at("path") == corpus_artifact("benign_sdist-1.0.tar.gz").string());
  CHECK(miss.at("verdict") == "SAFE");
  CHECK(miss.at("top_findings").empty());

  // Four benign replicas and six units of the site-packages; the two units
  // that behave like malware are the flagged ones, with their findings.
  const json& ben = doc.at("benign");
  CHECK(ben.at("units") == 10);
  CHECK(ben.at("at_least_high_risk") == 2);
  CHECK(ben.at("false_positive_rate_high_risk").get<double>() == Approx(0.2));
  CHECK(ben.at("verdicts").at("SAFE") == 8);
  const fs::path site = tmp / "site-packages";
  CHECK(paths_of(doc.at("benign_flagged")) ==
        std::vector<std::string>{(site / "badmod.py").string(), (site / "zz_spawn.pth").string()});
  const json& badmod = doc.at("benign_flagged")[0];
  CHECK(badmod.at("verdict") == "MALICIOUS");
  const json& top = badmod.at("top_findings");
  REQUIRE(!top.empty());
  CHECK(top.size() <= 3);
  auto rule_is = [](const std::string& id) {
    return [id](const json& f) { return f.at("rule") == id; };
  };
  auto it = std::find_if(top.begin(), top.end(), rule_is("canary:EXEC_BASE64_DECODED"));
  REQUIRE(it != top.end());
  CHECK(it->at("file") == "badmod.py");
  CHECK(it->at("line") == 2);
  // The .pth, scanned as a one-file tree, is seen as a .pth.
  const json& spawn = doc.at("benign_flagged")[1].at("top_findings");
  CHECK(std::any_of(spawn.begin(), spawn.end(), rule_is("canary:PTH_SPAWNS_PROCESS")));

  CHECK(doc.at("read_errors").empty());
  CHECK(doc.at("input_errors").empty());
  CHECK(doc.at("benign_low").is_null());  // only with --show-low
}

TEST_CASE("eval json has the documented shape", "[cli][e2e][eval]") {
  TempDir tmp;
  std::vector<std::string> args = eval_args(tmp, "json");
  args.push_back("--show-low");
  ProcessResult r = run_canary(args);
  REQUIRE(r.exit_code == 0);
  json doc = json::parse(r.out);
  for (const char* key : {"rules", "rule_count", "thresholds", "seconds", "jobs", "malicious", "benign", "misses",
                          "benign_flagged", "benign_low", "read_errors", "input_errors", "slowest"})
    CHECK(doc.contains(key));
  CHECK(doc.at("rules").is_string());
  CHECK(doc.at("rule_count").get<int>() > 0);
  CHECK(doc.at("thresholds") == json{{"low_risk", 1.0}, {"high_risk", 5.0}, {"malicious", 8.0}});
  CHECK(doc.at("jobs") == 1);
  CHECK(doc.at("benign_low").is_array());
  CHECK(doc.at("slowest").size() == 5);
  for (const char* side : {"malicious", "benign"})
    for (const char* key : {"units", "unreadable", "read_in_part", "verdicts", "at_least_high_risk", "malicious"})
      CHECK(doc.at(side).contains(key));
  CHECK(doc.at("benign").contains("false_positive_rate_malicious"));
  CHECK(doc.at("malicious").contains("recall_malicious"));
  for (const json& u : doc.at("benign_flagged")) {
    CHECK(u.at("score").is_number());
    CHECK(u.at("seconds").is_number());
    for (const json& f : u.at("top_findings"))
      for (const char* key : {"rule", "severity", "file", "line", "title"}) CHECK(f.contains(key));
  }
}

TEST_CASE("eval prints text and markdown with the same numbers", "[cli][e2e][eval]") {
  TempDir tmp;
  ProcessResult text = run_canary(eval_args(tmp, "text"));
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(text.err.find("rules: ") != std::string::npos);  // the header, on stderr
  CHECK(ends_with(line_with(text.out, "recall at HIGH_RISK or above"), " 4/5  80.00%"));
  CHECK(ends_with(line_with(text.out, "recall at MALICIOUS"), " 4/5  80.00%"));
  CHECK(ends_with(line_with(text.out, "false positives at HIGH_RISK or above"), " 2/10  20.00%"));
  CHECK(ends_with(line_with(text.out, "false positives at MALICIOUS"), " 2/10  20.00%"));
  CHECK(line_with(text.out, "verdicts") == "  verdicts  SAFE 1, LOW_RISK 0, HIGH_RISK 0, MALICIOUS 4");
  CHECK(text.out.find("misses (malicious below HIGH_RISK): 1\n") != std::string::npos);
  CHECK(text.out.find("benign flagged (HIGH_RISK or above): 2\n") != std::string::npos);
  CHECK(text.out.find("      (no findings)\n") != std::string::npos);
  CHECK(text.out.find("canary:EXEC_BASE64_DECODED  badmod.py:2\n") != std::string::npos);

  TempDir tmp2;
  ProcessResult md = run_canary(eval_args(tmp2, "markdown"));
  REQUIRE(md.exit_code == 0);
  CHECK(md.out.find("| malicious (recall) | 5 | 0 | 4 (80.00%) | 4 (80.00%) |\n") != std::string::npos);
  CHECK(md.out.find("| benign (false positives) | 10 | 0 | 2 (20.00%) | 2 (20.00%) |\n") != std::string::npos);
  CHECK(md.out.find("| malicious | 1 | 0 | 0 | 4 | 0 |\n") != std::string::npos);
  CHECK(md.out.find("### Misses: malicious below HIGH_RISK (1)\n") != std::string::npos);
  CHECK(md.out.find("`canary:EXEC_BASE64_DECODED` badmod.py:2") != std::string::npos);
}

TEST_CASE("eval with several jobs gives the same results in the same order", "[cli][e2e][eval]") {
  TempDir tmp;
  std::vector<std::string> args = eval_args(tmp, "json");
  ProcessResult one = run_canary(args);
  args.insert(args.end(), {"--jobs", "3"});
  ProcessResult three = run_canary(args);
  REQUIRE(one.exit_code == 0);
  REQUIRE(three.exit_code == 0);
  json a = json::parse(one.out), b = json::parse(three.out);
  CHECK(b.at("jobs") == 3);
  for (const char* key : {"malicious", "benign"}) CHECK(a.at(key) == b.at(key));
  CHECK(paths_of(a.at("misses")) == paths_of(b.at("misses")));
  CHECK(paths_of(a.at("benign_flagged")) == paths_of(b.at("benign_flagged")));
}

TEST_CASE("eval reports what it could not read and exits 3", "[cli][e2e][eval]") {
  TempDir tmp;
  write_file(tmp / "broken.whl", "this is not a zip");
  fs::create_directories(tmp / "empty");
  write_file(tmp / "list.txt", "# listed\n" + corpus_artifact("evil_setup-0.1.tar.gz").string() + "\n" +
                                   (tmp / "missing.whl").string() + "\n");
  ProcessResult r = run_canary({"eval", "--no-config", "--format", "json", "--malicious", "@" + (tmp / "list.txt").string(),
                                (tmp / "broken.whl").string(), (tmp / "empty").string(), "--benign",
                                "@" + (tmp / "no-such-list.txt").string()});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  // The listed artifact and the broken one are units; the broken one is
  // unreadable and counts as not flagged.
  CHECK(doc.at("malicious").at("units") == 2);
  CHECK(doc.at("malicious").at("unreadable") == 1);
  CHECK(doc.at("malicious").at("at_least_high_risk") == 1);
  CHECK(doc.at("malicious").at("recall_high_risk").get<double>() == Approx(0.5));
  REQUIRE(doc.at("read_errors").size() == 1);
  CHECK(doc.at("read_errors")[0].at("path") == (tmp / "broken.whl").string());
  CHECK(doc.at("read_errors")[0].at("verdict").is_null());
  CHECK(doc.at("benign").at("false_positive_rate_high_risk").is_null());  // no benign units
  std::vector<std::string> inputs = paths_of(doc.at("input_errors"));
  CHECK(inputs == std::vector<std::string>{(tmp / "missing.whl").string(), (tmp / "empty").string(),
                                           "@" + (tmp / "no-such-list.txt").string()});
}

TEST_CASE("eval usage errors exit 2", "[cli][e2e][eval]") {
  ProcessResult none = run_canary({"eval", "--no-config"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("nothing to evaluate") != std::string::npos);
  std::string artifact = corpus_artifact("evil_setup-0.1.tar.gz").string();
  CHECK(run_canary({"eval", "--no-config", "--malicious", artifact, "--jobs", "0"}).exit_code == 2);
  CHECK(run_canary({"eval", "--no-config", "--malicious", artifact, "--format", "yaml"}).exit_code == 2);
  CHECK(run_canary({"eval", "--no-config", "--malicious", artifact, "--fail-on", "none"}).exit_code == 2);
  ProcessResult thresholds =
      run_canary({"eval", "--no-config", "--malicious", artifact, "--threshold-high", "9", "--threshold-malicious", "8"});
  CHECK(thresholds.exit_code == 2);
  CHECK(thresholds.err.find("canary eval: error: thresholds") != std::string::npos);
  ProcessResult rules = run_canary({"eval", "--no-config", "--malicious", artifact, "--rules", "/nonexistent/rules"});
  CHECK(rules.exit_code == 2);
}
