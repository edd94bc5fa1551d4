// Golden tests: every tests/dsl/golden/NAME.canary is parsed and the rendered
// diagnostics are compared with NAME.out. With CANARY_UPDATE_GOLDEN=1 the .out
// files are rewritten instead (review the diff before committing).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dsl_test_util.hpp"
#include "support/fixtures.hpp"

namespace fs = std::filesystem;
using namespace canary::dsl;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool updating() {
  const char* v = std::getenv("CANARY_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

}  // namespace

TEST_CASE("golden diagnostics", "[dsl][golden]") {
  const fs::path dir = canary::test::source_dir() / "tests" / "dsl" / "golden";
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".canary") inputs.push_back(entry.path());
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() >= 5);

  for (const auto& input : inputs) {
    // Paths in the output are relative to the source tree, so they do not
    // depend on where the checkout lives.
    const std::string shown = fs::relative(input, canary::test::source_dir()).generic_string();
    canary::dsl::test::Parsed p = canary::dsl::test::parse_text(read_file(input), shown);
    const std::string actual = p.rendered();
    fs::path expected_path = input;
    expected_path.replace_extension(".out");
    if (updating()) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      WARN("updated " << expected_path.generic_string());
      continue;
    }
    SECTION(shown) {
      REQUIRE(fs::exists(expected_path));
      CHECK(actual == read_file(expected_path));
    }
  }
}
