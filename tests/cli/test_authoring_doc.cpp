// docs/authoring.md, followed by a program: the files the walk-through
// writes are taken from the document itself, so the test fails when the
// document and canary drift apart (a rule that no longer compiles, a fixture
// that passes before the fix, a digest that is not the one shown).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "cli_test_util.hpp"

using namespace canary::test;

namespace {

std::string read_doc() {
  std::ifstream in(std::string(CANARY_SOURCE_DIR) + "/docs/authoring.md", std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files the document writes: a line "`path`:" then, after a blank line,
// a fenced block holding the file's content.
std::map<std::string, std::string> files_in(const std::string& doc) {
  std::map<std::string, std::string> files;
  std::vector<std::string> lines = split_lines(doc);
  for (size_t i = 0; i + 2 < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.size() < 4 || l.front() != '`' || l.substr(l.size() - 2) != "`:") continue;
    if (!lines[i + 1].empty() || lines[i + 2].rfind("```", 0) != 0) continue;
    std::string content;
    size_t j = i + 3;
    for (; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) content += lines[j] + "\n";
    files[l.substr(1, l.size() - 3)] = content;
    i = j;
  }
  return files;
}

// The corrected pattern line of step 5: the only fenced block that holds
// nothing but a `$rc = ...` line.
std::string fixed_rc_line(const std::string& doc) {
  std::smatch m;
  static const std::regex block("```\\n(    \\$rc = [^\\n]*)\\n```");
  REQUIRE(std::regex_search(doc, m, block));
  return m[1];
}

std::string replace_rc_line(const std::string& rule, const std::string& fixed) {
  std::vector<std::string> lines = split_lines(rule);
  std::string out;
  int replaced = 0;
  for (const std::string& l : lines) {
    bool is_rc = l.rfind("    $rc = ", 0) == 0;
    replaced += is_rc;
    out += (is_rc ? fixed : l) + "\n";
  }
  REQUIRE(replaced == 1);
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("docs/authoring.md: the fixture fails before the fix, passes after, and the bundle pins as shown",
          "[cli][docs]") {
  const std::string doc = read_doc();
  std::map<std::string, std::string> files = files_in(doc);
  REQUIRE(files.count("mypack/canary-pack.toml"));
  REQUIRE(files.count("mypack/install/shell_rc.canary"));
  REQUIRE(files.count("mypack/install/shell_rc.setup.py"));

  TempDir tmp;
  for (const auto& [path, content] : files)
    if (path.rfind("mypack/", 0) == 0) write_file(tmp / path, content);
  RunOptions here;
  here.cwd = tmp.path().string();

  // Step 4: the first version of the rule misses the fixture's ruleid line.
  ProcessResult before = run_canary({"test", "--color", "never", "mypack"}, here);
  INFO(before.out << before.err);
  CHECK(before.exit_code == 1);
  CHECK(contains(before.out, "FAIL      community.example:SETUP_WRITES_SHELL_RC 1 passed, 1 failed"));
  CHECK(contains(before.out, "mypack/install/shell_rc.setup.py:11: expected SETUP_WRITES_SHELL_RC on this line"));

  // Step 5: with the corrected pattern every annotation holds.
  write_file(tmp / "mypack/install/shell_rc.canary",
             replace_rc_line(files["mypack/install/shell_rc.canary"], fixed_rc_line(doc)));
  ProcessResult after = run_canary({"test", "--color", "never", "mypack"}, here);
  INFO(after.out << after.err);
  CHECK(after.exit_code == 0);
  CHECK(contains(after.out, "canary test: 2 passed, 0 failed, 0 todo, 0 untested"));

  // Step 6: fmt rewrites the rule file; the strict check passes.
  CHECK(run_canary({"rules", "fmt", "--check", "mypack"}, here).exit_code == 1);
  CHECK(run_canary({"rules", "fmt", "mypack"}, here).exit_code == 0);
  CHECK(run_canary({"rules", "fmt", "--check", "mypack"}, here).exit_code == 0);
  CHECK(run_canary({"rules", "check", "--strict", "mypack"}, here).exit_code == 0);

  // Step 9: the bundle has the digest the document shows, a scan pinned to
  // it runs, and one changed byte is refused with exit 2.
  std::smatch shown;
  REQUIRE(std::regex_search(doc, shown, std::regex("sha256:([0-9a-f]{64})  community-example\\.canarypack")));
  ProcessResult build = run_canary({"pack", "build", "mypack", "-o", "community-example.canarypack"}, here);
  INFO(build.err);
  REQUIRE(build.exit_code == 0);
  CHECK(build.out == "sha256:" + shown[1].str() + "  community-example.canarypack\n");

  write_file(tmp / "pkg/setup.py", files["mypack/install/shell_rc.setup.py"]);
  const std::vector<std::string> pinned{"scan",    "-q", "--rules", "community-example.canarypack", "--rules-sha256",
                                        shown[1], "pkg"};
  ProcessResult ok = run_canary(pinned, here);
  INFO(ok.err);
  CHECK(ok.exit_code == 1);  // HIGH_RISK: the gate's default
  CHECK(contains(ok.out, "community.example:SETUP_WRITES_SHELL_RC"));

  {
    std::fstream bundle(tmp / "community-example.canarypack", std::ios::in | std::ios::out | std::ios::binary);
    bundle.seekp(600);
    bundle.put('H');
  }
  ProcessResult refused = run_canary(pinned, here);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "but --rules-sha256 pins " + shown[1].str() + "; refusing to scan"));
  CHECK(refused.out.empty());
}
