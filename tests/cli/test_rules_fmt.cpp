// End-to-end tests of `canary rules fmt`: the real binary rewriting, checking
// and diffing files in a temporary directory.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "cli_test_util.hpp"

using namespace canary::test;

namespace {

constexpr const char* kMessy = "rule   A{condition:  true   and\n  false }\n";
constexpr const char* kTidy = "rule A {\n  condition:\n    true and\n    false\n}\n";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("rules fmt rewrites files in place, keeping their permissions, and lists them", "[cli][fmt]") {
  TempDir dir;
  write_file(dir / "a.canary", kMessy);
  write_file(dir / "sub" / "b.canary", kTidy);
  write_file(dir / "sub" / "notes.txt", "not a rule file {");
  REQUIRE(::chmod((dir / "a.canary").c_str(), 0640) == 0);

  ProcessResult r = run_canary({"rules", "fmt", dir.path().string()});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out == (dir / "a.canary").generic_string() + "\n");
  CHECK(slurp(dir / "a.canary") == kTidy);
  CHECK(slurp(dir / "sub" / "b.canary") == kTidy);
  CHECK(slurp(dir / "sub" / "notes.txt") == "not a rule file {");
  struct stat st {};
  REQUIRE(::stat((dir / "a.canary").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  // No temporary file is left behind.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 2);

  // A second run has nothing to do.
  r = run_canary({"rules", "fmt", dir.path().string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("rules fmt --check lists files that would change, writes nothing, exits 1", "[cli][fmt]") {
  TempDir dir;
  write_file(dir / "messy.canary", kMessy);
  write_file(dir / "tidy.canary", kTidy);

  ProcessResult r =
      run_canary({"rules", "fmt", "--check", (dir / "messy.canary").string(), (dir / "tidy.canary").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out == (dir / "messy.canary").generic_string() + "\n");
  CHECK(slurp(dir / "messy.canary") == kMessy);

  r = run_canary({"rules", "fmt", "--check", (dir / "tidy.canary").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("rules fmt --diff prints a unified diff and writes nothing", "[cli][fmt]") {
  TempDir dir;
  const std::string file = (dir / "x.canary").string();
  write_file(file, "rule X {\n  meta:\n    title = \"t\"\n    severity = low\n  condition:\n    true\n}\n");

  ProcessResult r = run_canary({"rules", "fmt", "--diff", file});
  CHECK(r.exit_code == 1);
  CHECK(r.out == "--- " + file + "\n+++ " + file + " (formatted)\n" +
                     "@@ -1,6 +1,6 @@\n"
                     " rule X {\n"
                     "   meta:\n"
                     "-    title = \"t\"\n"
                     "+    title    = \"t\"\n"
                     "     severity = low\n"
                     "   condition:\n"
                     "     true\n");
  CHECK(slurp(file).find("title = ") != std::string::npos);
}

TEST_CASE("rules fmt does not touch a file with syntax errors and exits 2", "[cli][fmt]") {
  TempDir dir;
  const std::string bad = "rule X {\n  condition:\n    $a   and\n}\n";
  write_file(dir / "bad.canary", bad);
  write_file(dir / "good.canary", kMessy);

  ProcessResult r = run_canary({"rules", "fmt", dir.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.canary:4:1: error[E001]: expected an expression after `and`") != std::string::npos);
  CHECK(r.err.find("has syntax errors; not formatted") != std::string::npos);
  CHECK(slurp(dir / "bad.canary") == bad);
  // The other files are still formatted.
  CHECK(slurp(dir / "good.canary") == kTidy);
}

TEST_CASE("rules fmt on a missing path is a usage error", "[cli][fmt]") {
  TempDir dir;
  ProcessResult r = run_canary({"rules", "fmt", (dir / "nope.canary").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no such file or directory") != std::string::npos);

  r = run_canary({"rules", "fmt"});
  CHECK(r.exit_code == 2);
}

TEST_CASE("rules fmt --diff marks a last line without a line break", "[cli][fmt]") {
  TempDir dir;
  const std::string file = (dir / "e.canary").string();
  write_file(file, "rule E { condition: true }");

  ProcessResult r = run_canary({"rules", "fmt", "--diff", file});
  CHECK(r.exit_code == 1);
  CHECK(r.out == "--- " + file + "\n+++ " + file + " (formatted)\n" +
                     "@@ -1,1 +1,4 @@\n"
                     "-rule E { condition: true }\n"
                     "\\ No newline at end of file\n"
                     "+rule E {\n"
                     "+  condition:\n"
                     "+    true\n"
                     "+}\n");
}
