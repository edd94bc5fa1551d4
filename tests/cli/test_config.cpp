// End-to-end tests of the config file (docs/packs.md, "Config file"): real
// canary.toml and pyproject.toml files in temporary directory trees, the real
// binary run from inside them.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "cli_test_util.hpp"
#include "engine/sha256.hpp"

using namespace canary::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Three rules with known severities and tags, all firing on one file:
// high 6 + 0.25 * (low 1 + medium 3) = 7.0, HIGH_RISK.
constexpr const char* kRules = R"(rule ALPHA_MARKER : demo telemetry {
  meta:
    title    = "alpha marker"
    severity = high
  patterns:
    $m = "alpha-marker-51c2"
  condition:
    $m
}

rule BETA_MARKER : demo {
  meta:
    title    = "beta marker"
    severity = low
  patterns:
    $m = "beta-marker-51c2"
  condition:
    $m
}

rule GAMMA_MARKER : telemetry {
  meta:
    title    = "gamma marker"
    severity = medium
  patterns:
    $m = "gamma-marker-51c2"
  condition:
    $m
}
)";

// A project tree: <root>/rules/demo.canary and an artifact directory
// <root>/pkg whose one file fires every rule above.
struct Project {
  TempDir tmp;
  fs::path root = tmp / "project";
  Project() {
    write_file(root / "rules" / "demo.canary", kRules);
    write_file(root / "pkg" / "demo" / "__init__.py",
               "# alpha-marker-51c2\n# beta-marker-51c2\n# gamma-marker-51c2\n");
  }
  void config(const std::string& text, const std::string& name = "canary.toml") const {
    write_file(root / name, text);
  }
  // Runs canary with the project root (or `subdir` of it) as working directory.
  ProcessResult run(std::vector<std::string> args, const std::string& subdir = "") const {
    fs::path cwd = subdir.empty() ? root : root / subdir;
    fs::create_directories(cwd);
    RunOptions options;
    options.cwd = cwd.string();
    return run_canary(args, options);
  }
  // Scans the artifact as JSONL; returns the one report.
  json scan(std::vector<std::string> extra, int expected_exit, const std::string& subdir = "") const {
    std::vector<std::string> args{"scan", "--format", "jsonl"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back((root / "pkg").string());
    ProcessResult r = run(args, subdir);
    INFO(r.err);
    REQUIRE(r.exit_code == expected_exit);
    std::vector<json> reports = parse_jsonl(r.out);
    REQUIRE(reports.size() == 1);
    return reports[0];
  }
  json show_config(std::vector<std::string> extra = {}, const std::string& subdir = "") const {
    std::vector<std::string> args{"scan", "--show-config", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = run(args, subdir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
  }
};

std::set<std::string> rules_of(const json& report) {
  std::set<std::string> ids;
  for (const json& f : report["findings"]) ids.insert(f["rule"].get<std::string>());
  return ids;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("config: canary.toml is found in a parent directory and its rules are relative to it", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\nfail-on = \"none\"\n");
  // Without the config these rules would not be loaded and the verdict
  // would make the scan exit 1.
  json report = p.scan({}, 0, "src/deeper");
  CHECK(rules_of(report) == std::set<std::string>{"ALPHA_MARKER", "BETA_MARKER", "GAMMA_MARKER"});
  CHECK(report["verdict"] == "HIGH_RISK");

  json shown = p.show_config({}, "src/deeper");
  CHECK(shown["config"]["value"] == "../../canary.toml");
  CHECK(shown["fail-on"]["value"] == "none");
  CHECK(shown["fail-on"]["origin"] == "../../canary.toml:2:1");
  CHECK(shown["rules"][0]["value"] == "../../rules");
  CHECK(shown["rules"][0]["origin"] == "../../canary.toml:1:1");
}

TEST_CASE("config: discovery stops at the directory holding .git", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\nfail-on = \"none\"\n");
  SECTION(".git directory") { fs::create_directories(p.root / "repo" / ".git"); }
  SECTION(".git file (a worktree)") { write_file(p.root / "repo" / ".git", "gitdir: /elsewhere\n"); }
  json shown = p.show_config({}, "repo/src");
  CHECK(shown["config"]["value"].is_null());
  CHECK(shown["fail-on"]["value"] == "HIGH_RISK");
  CHECK(shown["fail-on"]["origin"] == "default");

  // A config in the repository root itself is still found.
  write_file(p.root / "repo" / "canary.toml", "fail-on = \"MALICIOUS\"\n");
  shown = p.show_config({}, "repo/src");
  CHECK(shown["config"]["value"] == "../canary.toml");
  CHECK(shown["fail-on"]["value"] == "MALICIOUS");
}

TEST_CASE("config: pyproject.toml counts only with a [tool.canary] table", "[cli][config]") {
  Project p;
  p.config("[project]\nname = \"demo\"\n\n[tool.canary]\nrules = [\"rules\"]\nfail-on = \"malicious\"\n\n"
           "[tool.canary.thresholds]\nhigh-risk = 7.5\n",
           "pyproject.toml");
  json report = p.scan({}, 0);  // 7.0 is LOW_RISK below 7.5
  CHECK(report["verdict"] == "LOW_RISK");
  json shown = p.show_config();
  CHECK(shown["config"]["value"] == "pyproject.toml");
  CHECK(shown["fail-on"]["origin"] == "pyproject.toml:6:1");
  CHECK(shown["thresholds"]["high-risk"]["value"] == 7.5);
  CHECK(shown["thresholds"]["high-risk"]["origin"] == "pyproject.toml:9:1");

  // A pyproject.toml without the table is passed over for the parent's config.
  write_file(p.root / "sub" / "pyproject.toml", "[project]\nname = \"other\"\n[tool.black]\nline-length = 99\n");
  CHECK(p.show_config({}, "sub")["config"]["value"] == "../pyproject.toml");

  // canary.toml comes first in the same directory.
  p.config("fail-on = \"SAFE\"\n");
  CHECK(p.show_config()["config"]["value"] == "canary.toml");
}

TEST_CASE("config: the command line wins over the config file, which wins over the defaults", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\nfail-on = \"none\"\n[thresholds]\nlow-risk = 0.5\nhigh-risk = 7.5\n");
  CHECK(p.scan({}, 0)["verdict"] == "LOW_RISK");
  json report = p.scan({"--fail-on", "LOW_RISK", "--threshold-high", "6"}, 1);
  CHECK(report["verdict"] == "HIGH_RISK");

  json shown = p.show_config({"--fail-on", "LOW_RISK", "--threshold-high", "6"});
  CHECK(shown["fail-on"]["origin"] == "--fail-on");
  CHECK(shown["thresholds"]["high-risk"]["value"] == 6.0);
  CHECK(shown["thresholds"]["high-risk"]["origin"] == "--threshold-high");
  CHECK(shown["thresholds"]["low-risk"]["value"] == 0.5);
  CHECK(shown["thresholds"]["low-risk"]["origin"] == "canary.toml:4:1");
  CHECK(shown["thresholds"]["malicious"]["value"] == 8.0);
  CHECK(shown["thresholds"]["malicious"]["origin"] == "default");

  // --rules replaces the config's rules.
  write_file(p.root / "other.canary", kMarkerRule);
  shown = p.show_config({"--rules", "other.canary"});
  REQUIRE(shown["rules"].size() == 1);
  CHECK(shown["rules"][0]["value"] == "other.canary");
  CHECK(shown["rules"][0]["origin"] == "--rules");

  // --no-config ignores the file, --config names another one.
  CHECK(p.show_config({"--no-config"})["fail-on"]["origin"] == "default");
  CHECK(p.show_config({"--no-config"})["config"]["origin"] == "--no-config");
  write_file(p.root / "ci" / "strict.toml", "fail-on = \"SAFE\"\nrules = [\"../rules\"]\n");
  shown = p.show_config({"--config", "ci/strict.toml"});
  CHECK(shown["config"]["value"] == "ci/strict.toml");
  CHECK(shown["config"]["origin"] == "--config");
  CHECK(shown["fail-on"]["value"] == "SAFE");
  CHECK(shown["fail-on"]["origin"] == "ci/strict.toml:1:1");
  CHECK(shown["rules"][0]["value"] == "rules");  // ../rules relative to ci/
}

TEST_CASE("config: every invalid value is an error with its file:line:col, exit 2", "[cli][config]") {
  Project p;
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"fail-on = \"HIGH\"\n", "canary.toml:1:11: fail-on: expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or \"none\""},
      {"fail-on = 3\n", "canary.toml:1:11: fail-on: expected a string, got an integer"},
      {"\n\nfial-on = \"none\"\n", "canary.toml:3:1: unknown key `fial-on`; did you mean `fail-on`?"},
      {"[thresholds]\nlow = 1.0\n", "canary.toml:2:1: unknown key `thresholds.low`"},
      {"[thresholds]\nmalicious = \"8\"\n", "canary.toml:2:13: thresholds.malicious: expected a number, got a string"},
      {"[thresholds]\nlow-risk = 2.0\nhigh-risk = 1.5\n",
       "canary.toml:3:13: thresholds: need low-risk <= high-risk <= malicious, but low-risk = 2 > high-risk = 1.5"},
      {"[thresholds]\nhigh-risk = 9\n",
       "canary.toml:2:13: thresholds: need low-risk <= high-risk <= malicious, but high-risk = 9 > malicious = 8 "
       "(default)"},
      {"no-cache = \"yes\"\n", "canary.toml:1:12: no-cache: expected true or false, got a string"},
      {"rules = \"rules\"\n", "canary.toml:1:9: rules: expected an array of strings, got a string"},
      {"rules = [\"rules\", 7]\n", "canary.toml:1:19: rules: expected a string, got an integer"},
      {"rules = [\"rules\"]\nrules-sha256 = { \"rules\" = \"abc\" }\n",
       "canary.toml:2:28: rules-sha256: expected 64 hex digits"},
      {"rules = [\"rules\"]\nrules-sha256 = { \"other\" = \"" + std::string(64, 'a') + "\" }\n",
       "canary.toml:2:18: rules-sha256: `other` is not one of the `rules` of this file"},
      {"[rules-policy]\ndisable = [\"tag:\"]\n", "canary.toml:2:12: rules-policy.disable: \"tag:\" needs a tag name"},
      {"[rules-policy]\nskip = []\n", "canary.toml:2:1: unknown key `rules-policy.skip`"},
      {"[severity]\nALPHA_MARKER = \"severe\"\n",
       "canary.toml:2:16: severity: expected info, low, medium, high or critical, got \"severe\""},
      {"fail-on = \"none\"\nrules = [\n", "canary.toml:2:11: invalid TOML: Error while parsing array"},
  };
  for (const Case& c : cases) {
    p.config(c.text);
    ProcessResult r = p.run({"scan", "--show-config"});
    INFO(c.text << "\n---\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "canary scan: error: " + c.expected));
    CHECK(r.out.empty());
  }

  // All problems of one file are reported in one run.
  p.config("fail-on = 1\nno-cache = 2\n");
  ProcessResult r = p.run({"scan", "--show-config"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "canary.toml:1:11: fail-on"));
  CHECK(contains(r.err, "canary.toml:2:12: no-cache"));

  // A --config that does not exist.
  r = p.run({"scan", "--show-config", "--config", "missing.toml"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "missing.toml: config file not found"));
}

TEST_CASE("config: rules-policy disables by id and by tag, enable wins over disable", "[cli][config]") {
  Project p;
  SECTION("by bare id") {
    p.config("rules = [\"rules\"]\n[rules-policy]\ndisable = [\"ALPHA_MARKER\"]\n");
    json report = p.scan({}, 0);  // medium 3 + 0.25 * low 1 = 3.25
    CHECK(rules_of(report) == std::set<std::string>{"BETA_MARKER", "GAMMA_MARKER"});
    CHECK(report["verdict"] == "LOW_RISK");
  }
  SECTION("by tag") {
    p.config("rules = [\"rules\"]\n[rules-policy]\ndisable = [\"tag:telemetry\"]\n");
    json report = p.scan({}, 0);
    CHECK(rules_of(report) == std::set<std::string>{"BETA_MARKER"});
    CHECK(report["score"] == 1.0);
  }
  SECTION("enable overrides a tag disable") {
    p.config("rules = [\"rules\"]\n[rules-policy]\nenable = [\"ALPHA_MARKER\"]\ndisable = [\"tag:telemetry\"]\n");
    json report = p.scan({}, 1);
    CHECK(rules_of(report) == std::set<std::string>{"ALPHA_MARKER", "BETA_MARKER"});
    CHECK(report["verdict"] == "HIGH_RISK");
  }
}

TEST_CASE("config: a disabled rule is still evaluated for the rules that reference it", "[cli][config]") {
  Project p;
  write_file(p.root / "rules" / "combo.canary", R"(rule COMBO : demo {
  meta:
    title    = "alpha and beta together"
    severity = info
  condition:
    ALPHA_MARKER and BETA_MARKER
}
)");
  p.config("rules = [\"rules\"]\nfail-on = \"none\"\n[rules-policy]\ndisable = [\"ALPHA_MARKER\", \"BETA_MARKER\"]\n");
  json report = p.scan({}, 0);
  CHECK(rules_of(report) == std::set<std::string>{"COMBO", "GAMMA_MARKER"});
}

TEST_CASE("config: a severity override changes the score, the verdict and the exit code", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\n");
  CHECK(p.scan({}, 1)["verdict"] == "HIGH_RISK");
  p.config("rules = [\"rules\"]\n[severity]\nALPHA_MARKER = \"low\"\n");
  json report = p.scan({}, 0);  // medium 3 + 0.25 * (1 + 1) = 3.5
  CHECK(report["verdict"] == "LOW_RISK");
  CHECK(report["score"] == 3.5);
  for (const json& f : report["findings"])
    if (f["rule"] == "ALPHA_MARKER") CHECK(f["severity"] == "low");
  // Findings are sorted again: the medium one now comes first.
  CHECK(report["findings"][0]["rule"] == "GAMMA_MARKER");

  p.config("rules = [\"rules\"]\n[severity]\nBETA_MARKER = \"critical\"\n");
  CHECK(p.scan({"--fail-on", "MALICIOUS"}, 1)["verdict"] == "MALICIOUS");
}

TEST_CASE("config: a rule id or tag that names no loaded rule is an error with suggestions", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\n[rules-policy]\ndisable = [\"ALPHA_MARKR\", \"tag:telemtry\"]\n"
           "[severity]\nNO_SUCH_THING_AT_ALL = \"low\"\n");
  ProcessResult r = p.run({"scan", (p.root / "pkg").string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "canary.toml:3:12: no rule `ALPHA_MARKR` in the loaded packs; did you mean: ALPHA_MARKER?"));
  CHECK(contains(r.err, "canary.toml:3:27: no loaded rule has the tag `telemtry`; did you mean: tag:telemetry?"));
  CHECK(contains(r.err, "canary.toml:5:1: no rule `NO_SUCH_THING_AT_ALL` in the loaded packs"));
}

TEST_CASE("config: --show-config prints every setting with its origin, without scanning", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\nno-cache = true\n[rules-policy]\ndisable = [\"tag:telemetry\"]\n"
           "enable = [\"ALPHA_MARKER\"]\n[severity]\nBETA_MARKER = \"medium\"\n");
  ProcessResult r = p.run({"scan", "--show-config", "--threshold-low", "2"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<std::string> lines = split_lines(r.out);
  REQUIRE(!lines.empty());
  CHECK(lines[0].rfind("SETTING", 0) == 0);
  auto row = [&](const std::string& name, const std::string& value, const std::string& origin) {
    for (const std::string& l : lines) {
      if (l.rfind(name + " ", 0) != 0) continue;
      if (contains(l, "  " + value + "  ") && l.size() >= origin.size() &&
          l.compare(l.size() - origin.size(), origin.size(), origin) == 0)
        return true;
    }
    return false;
  };
  CHECK(row("config", "canary.toml", "found from the current directory"));
  CHECK(row("rules", "rules", "canary.toml:1:1"));
  CHECK(row("fail-on", "HIGH_RISK", "default"));
  CHECK(row("thresholds.low-risk", "2.0", "--threshold-low"));
  CHECK(row("thresholds.high-risk", "5.0", "default"));
  CHECK(row("no-cache", "true", "canary.toml:2:1"));
  CHECK(row("rules-policy.disable", "tag:telemetry", "canary.toml:4:12"));
  CHECK(row("rules-policy.enable", "ALPHA_MARKER", "canary.toml:5:11"));
  CHECK(row("severity.BETA_MARKER", "medium", "canary.toml:7:1"));

  json shown = p.show_config();
  CHECK(shown["no-cache"] == json({{"value", true}, {"origin", "canary.toml:2:1"}}));
  CHECK(shown["rules-policy"]["disable"][0] == json({{"value", "tag:telemetry"}, {"origin", "canary.toml:4:12"}}));
  CHECK(shown["severity"]["BETA_MARKER"] == json({{"value", "medium"}, {"origin", "canary.toml:7:1"}}));
  CHECK(shown["max-file-size"]["origin"] == "default");

  // The default pack's origin is the variable that chose it.
  RunOptions options;
  options.cwd = (p.root / "pkg").string();
  options.env = {{"CANARY_RULES_DIR", (p.root / "rules").string()}};
  ProcessResult env_run = run_canary({"scan", "--show-config", "--format", "json", "--no-config"}, options);
  REQUIRE(env_run.exit_code == 0);
  json env_shown = json::parse(env_run.out);
  CHECK(env_shown["rules"][0]["value"] == (p.root / "rules").string());
  CHECK(env_shown["rules"][0]["origin"] == "$CANARY_RULES_DIR");
}

TEST_CASE("config: no-cache = true keeps compiled packs out of the cache", "[cli][config]") {
  Project p;
  TempDir cache;
  RunOptions options;
  options.cwd = p.root.string();
  options.env = {{"CANARY_CACHE_DIR", cache.path().string()}};
  const std::vector<std::string> args{"scan", "--format", "jsonl", (p.root / "pkg").string()};

  p.config("rules = [\"rules\"]\nfail-on = \"none\"\nno-cache = true\n");
  ProcessResult r = run_canary(args, options);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_empty(cache.path()));
  ProcessResult shown = run_canary({"scan", "--show-config", "--format", "json"}, options);
  REQUIRE(shown.exit_code == 0);
  json j = json::parse(shown.out);
  CHECK(j["cache-dir"] == json({{"value", cache.path().string()}, {"origin", "$CANARY_CACHE_DIR"}}));

  p.config("rules = [\"rules\"]\nfail-on = \"none\"\nno-cache = false\n");
  r = run_canary(args, options);
  REQUIRE(r.exit_code == 0);
  CHECK(!fs::is_empty(cache.path()));
}

TEST_CASE("config: rules-sha256 pins a pack of the config, and --rules-sha256 replaces the pin", "[cli][config]") {
  Project p;
  write_file(p.root / "pack" / "canary-pack.toml", "[pack]\nname = \"demo\"\nversion = \"0.1.0\"\n");
  write_file(p.root / "pack" / "demo.canary", kRules);
  ProcessResult digest = p.run({"pack", "digest", "pack"});
  INFO(digest.err);
  REQUIRE(digest.exit_code == 0);
  REQUIRE(digest.out.rfind("sha256:", 0) == 0);
  const std::string hex = digest.out.substr(7, 64);
  const std::string wrong(64, '0');

  // The digest pinned in the file is checked before anything is scanned.
  write_file(p.root / "ci" / "canary.toml",
             "rules = [\"../pack\"]\nfail-on = \"none\"\nrules-sha256 = { \"../pack\" = \"" + wrong + "\" }\n");
  ProcessResult r = p.run({"scan", "--config", "ci/canary.toml", (p.root / "pkg").string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "but --rules-sha256 pins " + wrong + "; refusing to scan"));
  CHECK(r.out.empty());

  // A command-line pin of the same pack wins over the file's.
  json shown = p.show_config({"--config", "ci/canary.toml", "--rules-sha256", hex});
  REQUIRE(shown["rules-sha256"].size() == 1);
  CHECK(shown["rules-sha256"][0] == json({{"path", "pack"}, {"sha256", hex}, {"origin", "--rules-sha256"}}));
  json report = p.scan({"--config", "ci/canary.toml", "--rules-sha256", hex}, 0);
  CHECK(rules_of(report).count("demo:ALPHA_MARKER") == 1);

  // The right digest in the file, and a policy naming the pack's ids.
  write_file(p.root / "ci" / "canary.toml",
             "rules = [\"../pack\"]\nrules-sha256 = { \"../pack\" = \"sha256:" + hex + "\" }\n"
             "[rules-policy]\ndisable = [\"demo:ALPHA_MARKER\"]\n");
  shown = p.show_config({"--config", "ci/canary.toml"});
  CHECK(shown["rules-sha256"][0] == json({{"path", "pack"}, {"sha256", hex}, {"origin", "ci/canary.toml:2:18"}}));
  report = p.scan({"--config", "ci/canary.toml"}, 0);
  CHECK(rules_of(report) == std::set<std::string>{"demo:BETA_MARKER", "demo:GAMMA_MARKER"});
}

TEST_CASE("config: the table header names the config file in effect", "[cli][config]") {
  Project p;
  p.config("rules = [\"rules\"]\nfail-on = \"none\"\n");
  ProcessResult r = p.run({"scan", (p.root / "pkg").string()}, "src");
  REQUIRE(r.exit_code == 0);
  CHECK(split_lines(r.err).at(0) == "config: ../canary.toml");
  r = p.run({"scan", "--no-config", "--rules", "rules", (p.root / "pkg").string()});
  REQUIRE(r.exit_code == 1);
  CHECK(!contains(r.err, "config:"));
}

TEST_CASE("config: hashfeeds adds known-bad feeds, relative to the file, beside --hashfeed", "[cli][config]") {
  Project p;
  const std::string demo = "# alpha-marker-51c2\n# beta-marker-51c2\n# gamma-marker-51c2\n";
  write_file(p.root / "feeds" / "local.toml",
             "format = \"canary-hashfeed\"\nformat-version = 1\nname = \"project-feed\"\n\n[[hash]]\nsha256 = \"" +
                 canary::sha256_hex(demo) +
                 "\"\nscope = \"file\"\nname = \"demo marker file\"\nreason = \"listed by the project's own feed\"\n");
  // No `rules` key: the default pack, whose KNOWN_BAD_FILE reads the feeds.
  p.config("hashfeeds = [\"feeds/local.toml\"]\n");
  // Run from a subdirectory: the feed path is the config file's, not the working directory's.
  json report = p.scan({}, 1, "sub/dir");
  CHECK(rules_of(report).count("canary:KNOWN_BAD_FILE") == 1);
  CHECK(report["verdict"] == "MALICIOUS");

  ProcessResult shown = p.run({"scan", "--show-config", "--hashfeed", "extra.toml"});
  INFO(shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(contains(shown.out, "canary.toml:1:1"));
  json j = p.show_config();
  REQUIRE(j["hashfeeds"].size() == 1);
  CHECK(j["hashfeeds"][0]["origin"] == "canary.toml:1:1");
  CHECK(contains(j["hashfeeds"][0]["value"].get<std::string>(), "local.toml"));

  // Without the config's feed, nothing is known-bad.
  report = p.scan({"--no-config"}, 0);
  CHECK(rules_of(report).count("canary:KNOWN_BAD_FILE") == 0);

  // A feed path of the wrong type is an error at its position.
  p.config("hashfeeds = \"feeds/local.toml\"\n");
  ProcessResult bad = p.run({"scan", (p.root / "pkg").string()});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "canary.toml:1:13: hashfeeds:"));
}
