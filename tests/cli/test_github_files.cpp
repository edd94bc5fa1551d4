// action.yml and .pre-commit-hooks.yaml (docs/ci.md) parse as YAML and have
// the shape GitHub and pre-commit need, checked by tests/tools/check_github_files.py
// with PyYAML; broken copies prove the check can fail.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"

using namespace canary::test;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ProcessResult check(const std::filesystem::path& action, const std::filesystem::path& hooks) {
  return run_process({"/usr/bin/python3", (source_dir() / "tests/tools/check_github_files.py").string(),
                      action.string(), hooks.string()});
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("action.yml and .pre-commit-hooks.yaml parse and run canary audit with a pinned pack", "[cli][github]") {
  ProcessResult ok = check(source_dir() / "action.yml", source_dir() / ".pre-commit-hooks.yaml");
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "ok\n");
}

TEST_CASE("the GitHub file check fails on broken YAML and on a missing pin", "[cli][github]") {
  TempDir dir;
  const std::string action = read_text(source_dir() / "action.yml");
  const std::string hooks = read_text(source_dir() / ".pre-commit-hooks.yaml");
  write_file(dir / "hooks.yaml", hooks);

  // An unquoted ": " inside a plain scalar is a YAML error.
  write_file(dir / "bad-yaml.yml", replaced(action, "description: Where to write the SARIF log",
                                            "description: Where to write: the SARIF log"));
  ProcessResult bad_yaml = check(dir / "bad-yaml.yml", dir / "hooks.yaml");
  CHECK(bad_yaml.exit_code == 1);
  CHECK(bad_yaml.out.find("mapping values are not allowed") != std::string::npos);

  write_file(dir / "no-pin.yml", replaced(action, "--rules-sha256 \"$CANARY_RULES_SHA256\"", ""));
  ProcessResult no_pin = check(dir / "no-pin.yml", dir / "hooks.yaml");
  CHECK(no_pin.exit_code == 1);
  CHECK(no_pin.out.find("--rules-sha256") != std::string::npos);

  write_file(dir / "not-composite.yml", replaced(action, "using: composite", "using: node20"));
  CHECK(check(dir / "not-composite.yml", dir / "hooks.yaml").exit_code == 1);

  write_file(dir / "good.yml", action);
  write_file(dir / "bad-hooks.yaml", replaced(hooks, "entry: canary audit", "entry: canary scan"));
  ProcessResult bad_hooks = check(dir / "good.yml", dir / "bad-hooks.yaml");
  CHECK(bad_hooks.exit_code == 1);
  CHECK(bad_hooks.out.find("no hook runs 'canary audit'") != std::string::npos);
}
