// End-to-end tests of `canary rules list` and `canary rules explain`: the real
// binary on the default pack and on a pack written here, with its own stdlib.
#include <catch2/catch.hpp>
#include <string>

#include "cli_test_util.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

// A library imported by the pack below: a pattern set and a private rule.
constexpr const char* kLibrary = R"(// helpers for the explain tests
patternset spawners {
  $popen  = "subprocess.Popen" fullword
  $system = /os\.system\s*\(/
}

private rule has_exec {
  patterns:
    $e = ast `(call function: (identifier) @f (#eq? @f "exec"))`
  condition:
    $e
}
)";

// One rule with every section filled, and a second public rule.
constexpr const char* kPack = R"(import "demolib"

rule DEMO_SPAWN_AT_IMPORT : demo execution {
  meta:
    title       = "demo module spawns a process"
    severity    = high
    description = "A test rule with every section."
    references  = ["https://example.com/demo-advisory", "https://example.invalid/second"]
    author      = "canary tests"
    confidence  = 3
  scope:
    path    = ["*.py", "pkg/**"]
    exclude = "tests/**"
    kind    = [python, setup_py]
  patterns:
    $spawn = demolib.spawners
    $url   = "http://example.invalid/" nocase
  condition:
    ($spawn or $url)
      and demolib.has_exec
}

rule DEMO_MARKER : demo {
  meta:
    title    = "demo marker"
    severity = low
  patterns:
    $m = "demo-marker-9c1e"
  condition: $m
      and file.size < 1MB
}
)";

struct DemoPack {
  TempDir tmp;
  std::filesystem::path rules = tmp / "rules";
  std::filesystem::path lib = tmp / "lib";
  DemoPack() {
    write_file(rules / "demo.canary", kPack);
    write_file(lib / "demolib.canary", kLibrary);
  }
  std::vector<std::string> with(std::vector<std::string> args) const {
    for (const std::string& a : {std::string("--rules"), rules.string(), std::string("--stdlib"), lib.string()})
      args.push_back(a);
    return args;
  }
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The table row whose first column is `id`, or "" when there is none.
std::string row_of(const std::string& table, const std::string& id) {
  for (const std::string& line : split_lines(table))
    if (line.rfind(id + " ", 0) == 0) return line;
  return "";
}

}  // namespace

TEST_CASE("rules list on the default pack shows public rules sorted, with severity", "[cli][rules-list]") {
  ProcessResult r = run_canary({"rules", "list"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> lines = split_lines(r.out);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0].rfind("ID ", 0) == 0);
  CHECK(contains(lines[0], "SEVERITY"));
  const std::string row = row_of(r.out, "canary:PTH_SPAWNS_PROCESS");  // the default pack is named canary
  REQUIRE_FALSE(row.empty());
  CHECK(contains(row, " critical "));
  CHECK(contains(row, "pth,persistence,execution"));
  // Columns are aligned: the severity starts at the same column in every row.
  const size_t sev_col = lines[0].find("SEVERITY");
  CHECK(row.substr(sev_col, 8) == "critical");
  // Sorted by id; private rules are hidden without --all.
  std::vector<std::string> ids;
  for (size_t i = 1; i + 1 < lines.size(); ++i) ids.push_back(lines[i].substr(0, lines[i].find(' ')));
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK_FALSE(contains(r.out, "(private)"));
  CHECK(contains(lines.back(), " rules"));
}

TEST_CASE("rules list --all adds the private rules, marked", "[cli][rules-list]") {
  DemoPack p;
  ProcessResult plain = run_canary(p.with({"rules", "list"}));
  ProcessResult all = run_canary(p.with({"rules", "list", "--all"}));
  INFO(plain.err << all.err);
  REQUIRE(plain.exit_code == 0);
  REQUIRE(all.exit_code == 0);
  CHECK(row_of(plain.out, "demolib.has_exec").empty());
  CHECK(contains(row_of(all.out, "demolib.has_exec"), "(private)"));
  CHECK(contains(row_of(all.out, "DEMO_SPAWN_AT_IMPORT"), "demo module spawns a process"));
  CHECK(split_lines(plain.out).back() == "2 rules");
  CHECK(split_lines(all.out).back() == "3 rules (1 private)");

  // On the default pack too: the stdlib's private rules appear only with --all.
  ProcessResult def = run_canary({"rules", "list", "--all", "--format", "json"});
  REQUIRE(def.exit_code == 0);
  json rules = json::parse(def.out);
  size_t privates = 0;
  for (const json& rule : rules) privates += rule.at("private") == true ? 1 : 0;
  CHECK(privates > 0);
}

TEST_CASE("rules list --format json has every field, sorted by id", "[cli][rules-list]") {
  DemoPack p;
  ProcessResult r = run_canary(p.with({"rules", "list", "--format", "json", "--all"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json rules = json::parse(r.out);
  REQUIRE(rules.is_array());
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].at("id") == "DEMO_MARKER");
  CHECK(rules[1].at("id") == "DEMO_SPAWN_AT_IMPORT");
  CHECK(rules[2].at("id") == "demolib.has_exec");
  const json& spawn = rules[1];
  CHECK(spawn.at("severity") == "high");
  CHECK(spawn.at("tags") == json::array({"demo", "execution"}));
  CHECK(spawn.at("title") == "demo module spawns a process");
  CHECK(spawn.at("private") == false);
  CHECK(spawn.at("file") == (p.rules / "demo.canary").string());
  CHECK(spawn.at("line") == 3);
  CHECK(rules[2].at("private") == true);
  CHECK(rules[2].at("line") == 7);

  // The default pack, as a tool would read it.
  ProcessResult def = run_canary({"rules", "list", "--format", "json"});
  REQUIRE(def.exit_code == 0);
  bool found = false;
  for (const json& rule : json::parse(def.out)) {
    if (rule.at("id") != "canary:PTH_SPAWNS_PROCESS") continue;
    found = true;
    CHECK(rule.at("severity") == "critical");
    CHECK(rule.at("private") == false);
    CHECK(rule.at("line").get<int>() > 0);
  }
  CHECK(found);
}

TEST_CASE("rules list reports rule errors on stderr and exits 2", "[cli][rules-list]") {
  TempDir tmp;
  write_file(tmp / "bad.canary", "rule BROKEN {\n  condition:\n    $nope\n}\n");
  ProcessResult r = run_canary({"rules", "list", "--rules", (tmp / "bad.canary").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "error[E"));
  CHECK(contains(r.err, "bad.canary:"));

  ProcessResult missing = run_canary({"rules", "list", "--rules", (tmp / "nowhere").string()});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "rules path not found"));
}

TEST_CASE("rules explain shows every section of a rule with real values", "[cli][rules-explain]") {
  DemoPack p;
  ProcessResult r = run_canary(p.with({"rules", "explain", "DEMO_SPAWN_AT_IMPORT"}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string& out = r.out;
  CHECK(split_lines(out)[0] == "DEMO_SPAWN_AT_IMPORT");
  CHECK(contains(out, "  title        demo module spawns a process\n"));
  CHECK(contains(out, "  severity     high\n"));
  CHECK(contains(out, "  tags         demo, execution\n"));
  CHECK(contains(out, "  defined at   " + (p.rules / "demo.canary").string() + ":3\n"));
  CHECK(contains(out, "  description  A test rule with every section.\n"));
  CHECK(contains(out, "  references   https://example.com/demo-advisory\n"));
  CHECK(contains(out, "               https://example.invalid/second\n"));
  CHECK(contains(out, "  author       canary tests\n"));
  CHECK(contains(out, "  confidence   3\n"));
  // scope
  CHECK(contains(out, "  path         *.py  pkg/**\n"));
  CHECK(contains(out, "  exclude      tests/**\n"));
  CHECK(contains(out, "  kind         python, setup_py\n"));
  // patterns: the set reference lists its members, where they are defined
  const std::string lib = (p.lib / "demolib.canary").string();
  CHECK(contains(out, "  $spawn  2 atoms\n"));
  CHECK(contains(out, "    literal  at " + lib + ":3\n      \"subprocess.Popen\" fullword\n"));
  CHECK(contains(out, "    regex  at " + lib + ":4\n      /os\\.system\\s*\\(/\n"));
  CHECK(contains(out, "  $url  1 atom\n"));
  CHECK(contains(out, "\"http://example.invalid/\" nocase\n"));
  // the condition as written, both lines, relative indentation kept
  CHECK(contains(out, "condition\n  ($spawn or $url)\n    and demolib.has_exec\n"));
  // the private rule it references
  CHECK(contains(out, "depends on\n  demolib.has_exec (private)  " + lib + ":7\n"));
}

TEST_CASE("rules explain accepts NAME and ns.NAME, and a rule of the default pack", "[cli][rules-explain]") {
  DemoPack p;
  ProcessResult by_ns = run_canary(p.with({"rules", "explain", "demolib.has_exec"}));
  ProcessResult bare = run_canary(p.with({"rules", "explain", "has_exec"}));
  INFO(by_ns.err << bare.err);
  REQUIRE(by_ns.exit_code == 0);
  REQUIRE(bare.exit_code == 0);
  CHECK(by_ns.out == bare.out);
  CHECK(split_lines(by_ns.out)[0] == "demolib.has_exec (private)");
  CHECK(contains(by_ns.out, "ast  at "));
  CHECK(contains(by_ns.out, "(#eq? @f \"exec\")"));
  CHECK(contains(by_ns.out, "depends on\n  (none)\n"));

  ProcessResult def = run_canary({"rules", "explain", "PTH_SPAWNS_PROCESS"});
  INFO(def.err);
  REQUIRE(def.exit_code == 0);
  CHECK(contains(def.out, "  severity     critical\n"));
  CHECK(contains(def.out, "rules/pth/startup_hooks.canary:"));
}

TEST_CASE("rules explain refuses a bare NAME that several namespaces define", "[cli][rules-explain]") {
  TempDir tmp;
  const std::string helper = "private rule helper {\n  condition:\n    file.size > 0\n}\n";
  write_file(tmp / "lib" / "one.canary", helper);
  write_file(tmp / "lib" / "two.canary", helper);
  write_file(tmp / "rules" / "r.canary",
             "import \"one\"\nimport \"two\"\nrule BOTH {\n  meta:\n    title = \"both\"\n    severity = low\n"
             "  condition:\n    one.helper and two.helper\n}\n");
  const std::vector<std::string> pack{"--rules", (tmp / "rules").string(), "--stdlib", (tmp / "lib").string()};
  std::vector<std::string> args{"rules", "explain", "helper"};
  args.insert(args.end(), pack.begin(), pack.end());
  ProcessResult r = run_canary(args);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "names several rules; give one of: one.helper, two.helper"));
  args[2] = "two.helper";
  ProcessResult two = run_canary(args);
  CHECK(two.exit_code == 0);
  CHECK(split_lines(two.out)[0] == "two.helper (private)");
  CHECK(contains(two.out, "condition\n  file.size > 0\n"));
}

TEST_CASE("rules explain on an unknown id exits 2 and suggests close ids", "[cli][rules-explain]") {
  DemoPack p;
  SECTION("a typo") {
    ProcessResult r = run_canary(p.with({"rules", "explain", "DEMO_SPAWN_AT_IMPROT"}));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "no rule `DEMO_SPAWN_AT_IMPROT`"));
    CHECK(contains(r.err, "did you mean: DEMO_SPAWN_AT_IMPORT?"));
  }
  SECTION("a prefix, in lower case") {
    ProcessResult r = run_canary(p.with({"rules", "explain", "demo_"}));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "did you mean: "));
    CHECK(contains(r.err, "DEMO_MARKER"));
    CHECK(contains(r.err, "DEMO_SPAWN_AT_IMPORT"));
  }
  SECTION("nothing close") {
    ProcessResult r = run_canary(p.with({"rules", "explain", "ZZZZZZZZ"}));
    CHECK(r.exit_code == 2);
    CHECK_FALSE(contains(r.err, "did you mean"));
    CHECK(contains(r.err, "canary rules list --all"));
  }
  SECTION("the default pack") {
    ProcessResult r = run_canary({"rules", "explain", "PTH_SPAWN_PROCESS"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "PTH_SPAWNS_PROCESS"));
  }
}

TEST_CASE("rules explain --format json has every section", "[cli][rules-explain]") {
  DemoPack p;
  ProcessResult r = run_canary(p.with({"rules", "explain", "--format", "json", "DEMO_SPAWN_AT_IMPORT"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json j = json::parse(r.out);
  CHECK(j.at("id") == "DEMO_SPAWN_AT_IMPORT");
  CHECK(j.at("title") == "demo module spawns a process");
  CHECK(j.at("severity") == "high");
  CHECK(j.at("tags") == json::array({"demo", "execution"}));
  CHECK(j.at("private") == false);
  CHECK(j.at("description") == "A test rule with every section.");
  CHECK(j.at("references") == json::array({"https://example.com/demo-advisory", "https://example.invalid/second"}));
  CHECK(j.at("meta") == json{{"author", "canary tests"}, {"confidence", "3"}});
  CHECK(j.at("file") == (p.rules / "demo.canary").string());
  CHECK(j.at("line") == 3);
  CHECK(j.at("scope").at("path") == json::array({"*.py", "pkg/**"}));
  CHECK(j.at("scope").at("exclude") == json::array({"tests/**"}));
  CHECK(j.at("scope").at("kinds") == json::array({"python", "setup_py"}));
  const json& patterns = j.at("patterns");
  REQUIRE(patterns.size() == 2);
  CHECK(patterns[0].at("name") == "spawn");
  REQUIRE(patterns[0].at("atoms").size() == 2);
  const json& popen = patterns[0].at("atoms")[0];
  CHECK(popen.at("kind") == "literal");
  CHECK(popen.at("source") == "\"subprocess.Popen\" fullword");
  CHECK(popen.at("file") == (p.lib / "demolib.canary").string());
  CHECK(popen.at("line") == 3);
  CHECK(patterns[0].at("atoms")[1].at("kind") == "regex");
  CHECK(patterns[1].at("name") == "url");
  CHECK(patterns[1].at("atoms")[0].at("source") == "\"http://example.invalid/\" nocase");
  CHECK(j.at("condition") == "($spawn or $url)\n  and demolib.has_exec");
  CHECK(j.at("depends_on") == json::array({"demolib.has_exec"}));

  // A rule without scope looks at every kind.
  ProcessResult marker = run_canary(p.with({"rules", "explain", "--format", "json", "DEMO_MARKER"}));
  REQUIRE(marker.exit_code == 0);
  json m = json::parse(marker.out);
  CHECK(m.at("scope").at("kinds").size() == 9);
  CHECK(m.at("scope").at("path").empty());
  // Written on the `condition:` line: the next line hangs under it.
  CHECK(m.at("condition") == "$m\n  and file.size < 1MB");
  ProcessResult marker_text = run_canary(p.with({"rules", "explain", "DEMO_MARKER"}));
  REQUIRE(marker_text.exit_code == 0);
  CHECK(marker_text.out.find("condition\n  $m\n    and file.size < 1MB\n") != std::string::npos);
  CHECK(marker_text.out.find("  kind         (any)\n") != std::string::npos);
  CHECK(m.at("depends_on").empty());
}

TEST_CASE("rules explain lists the fixtures that name the rule, with their annotations", "[cli][rules-explain]") {
  DemoPack p;
  // Two fixtures of demo.canary: one names DEMO_MARKER on two lines (ruleid,
  // ok) and plays a path in an sdist; the other names only the other rule.
  write_file(p.rules / "demo.marker.py",
             "# canary-test: path=pkg/mod.py artifact=sdist\n"
             "# ruleid: DEMO_MARKER\n"
             "x = 'demo-marker-9c1e'\n"
             "# ok: DEMO_MARKER\n"
             "y = 'nothing'\n");
  write_file(p.rules / "demo.spawn.py", "# ruleid: DEMO_SPAWN_AT_IMPORT\nexec(1)\n");
  ProcessResult r = run_canary(p.with({"rules", "explain", "DEMO_MARKER"}));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::string marker_fixture = (p.rules / "demo.marker.py").string();
  CHECK(contains(r.out, "fixtures\n  " + marker_fixture + "  ruleid 1, ok 1\n"
                        "    plays pkg/mod.py (sdist): ruleid L3, ok L5\n"));
  CHECK_FALSE(contains(r.out, "demo.spawn.py"));

  ProcessResult j = run_canary(p.with({"rules", "explain", "--format", "json", "DEMO_MARKER"}));
  REQUIRE(j.exit_code == 0);
  json fixtures = json::parse(j.out).at("fixtures");
  REQUIRE(fixtures.size() == 1);
  CHECK(fixtures[0].at("file") == marker_fixture);
  CHECK(fixtures[0].at("path") == "pkg/mod.py");
  CHECK(fixtures[0].at("artifact") == "sdist");
  CHECK(fixtures[0].at("annotations") ==
        json::array({json{{"kind", "ruleid"}, {"line", 3}}, json{{"kind", "ok"}, {"line", 5}}}));

  // A rule no fixture names says so, and points at the strict check.
  ProcessResult none = run_canary(p.with({"rules", "explain", "has_exec"}));
  REQUIRE(none.exit_code == 0);
  CHECK(contains(none.out, "fixtures\n  (none: `canary rules check --strict` reports this rule as untested)\n"));

  // The default pack's rules have theirs.
  ProcessResult def = run_canary({"rules", "explain", "PTH_SPAWNS_PROCESS"});
  REQUIRE(def.exit_code == 0);
  CHECK(contains(def.out, "rules/pth/startup_hooks."));
  CHECK(contains(def.out, "    plays "));
}

TEST_CASE("rules explain says which regexes are deferred and the run they wait for", "[cli][rules-explain]") {
  ProcessResult text = run_canary({"rules", "explain", "CODE_HIDDEN_OFF_SCREEN"});
  ProcessResult js = run_canary({"rules", "explain", "--format", "json", "CODE_HIDDEN_OFF_SCREEN"});
  INFO(text.err << js.err);
  REQUIRE(text.exit_code == 0);
  REQUIRE(js.exit_code == 0);
  CHECK(contains(text.out, "      deferred: scanned only in files that hold 120 bytes of [\\t ] in a row\n"));
  const json atom = json::parse(js.out)["patterns"][0]["atoms"][0];
  CHECK(atom["deferred_until"] == "120 bytes of [\\t ] in a row");
  // A regex with a literal to look for first is not deferred.
  DemoPack p;
  ProcessResult demo = run_canary(p.with({"rules", "explain", "DEMO_SPAWN_AT_IMPORT"}));
  REQUIRE(demo.exit_code == 0);
  CHECK_FALSE(contains(demo.out, "deferred"));
}
