// Golden tests for the checker: every tests/engine/golden/NAME.canary is
// loaded on its own through load_pack(check_only) and everything it reports,
// rendered as `canary rules check` prints it, is compared with NAME.out.
// With CANARY_UPDATE_GOLDEN=1 the .out files are rewritten instead (review
// the diff before committing).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "engine_test_util.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;
using namespace canary;

namespace {

bool updating() {
  const char* v = std::getenv("CANARY_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

// Paths in messages are made relative to the source tree, so the output does
// not depend on where the checkout lives or on the working directory.
std::string relative_to_source(std::string text) {
  const std::string prefix = test::source_dir().generic_string() + "/";
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
    text.replace(at, prefix.size(), "");
  return text;
}

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "tests" / "engine" / "golden"))
    if (entry.path().extension() == ".canary") inputs.push_back(entry.path());
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace

TEST_CASE("golden checker diagnostics", "[golden]") {
  const std::vector<fs::path> inputs = golden_inputs();
  REQUIRE(inputs.size() >= 6);
  for (const fs::path& input : inputs) {
    LoadedPack lp = load_pack(PackSource{{input}, {}}, /*check_only=*/true);
    const std::string actual = relative_to_source(dsl::render_text(lp.diagnostics, lp.sources));
    fs::path expected_path = input;
    expected_path.replace_extension(".out");
    if (updating()) {
      test::write_file(expected_path, actual);
      WARN("updated " << expected_path.generic_string());
      continue;
    }
    INFO(input.filename().string());
    REQUIRE(fs::exists(expected_path));
    CHECK(actual == test::read_file(expected_path));
    // A file with errors never yields a pack; one with only warnings does.
    CHECK(static_cast<bool>(lp.pack) == !lp.diagnostics.has_errors());
  }
}

TEST_CASE("golden: the three-mistakes file reports exactly its three mistakes", "[golden]") {
  const fs::path input = test::source_dir() / "tests" / "engine" / "golden" / "three_mistakes.canary";
  LoadedPack lp = load_pack(PackSource{{input}, {}}, true);
  std::vector<std::string> got = enginetest::codes_at(lp);
  CHECK(got == std::vector<std::string>{"E005@7:16", "E006@8:33", "E003@10:20"});
}

TEST_CASE("golden: the clean file has no diagnostics and loads", "[golden]") {
  const fs::path input = test::source_dir() / "tests" / "engine" / "golden" / "clean.canary";
  LoadedPack lp = load_pack(PackSource{{input}, {}});
  INFO(enginetest::rendered(lp));
  CHECK(lp.diagnostics.items().empty());
  CHECK(lp.pack);
  CHECK(lp.rule_count == 2);
}
