// OSV advisories in the format of ossf/malicious-packages: the parser on
// real-world-shaped files (tests/data/osv/valid) and malformed ones
// (tests/data/osv/malformed, each with the error it must get), version
// ranges, and the directory loader.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "registry/json_lines.hpp"
#include "registry/osv_advisories.hpp"
#include "support/fixtures.hpp"

using namespace canary::registry;
namespace fs = std::filesystem;

namespace {

fs::path osv_data() { return canary::test::source_dir() / "tests/data/osv"; }

OsvRange range(std::vector<std::pair<OsvEvent::Kind, std::string>> events) {
  OsvRange r;
  r.type = "ECOSYSTEM";
  for (auto& [kind, version] : events) r.events.push_back({kind, version});
  return r;
}

using K = OsvEvent::Kind;

}  // namespace

TEST_CASE("osv: an ossf/malicious-packages report with listed versions", "[osv]") {
  OsvAdvisories adv;
  std::vector<std::string> errors;
  REQUIRE(adv.load(osv_data() / "valid/pypi/canary-test-stealer/MAL-0000-90001.json", errors));
  CHECK(errors.empty());
  REQUIRE(adv.size() == 1);
  const OsvAdvisory* a = adv.find("canary-test-stealer", "1.0.1");
  REQUIRE(a != nullptr);
  CHECK(a->id == "MAL-0000-90001");
  CHECK(a->summary == "Malicious code in Canary_Test.Stealer (PyPI)");
  // The name is compared PEP 503-normalised, the version as PEP 440.
  CHECK(adv.find("CANARY.test_stealer", "1.0") == a);
  CHECK(adv.find("canary-test-stealer", "1.0.0") == a);
  CHECK(adv.find("canary-test-stealer", "1.0.2") == nullptr);
  CHECK(adv.find("canary-test-stealer", "0.9") == nullptr);
  // The npm entry names another registry's package: 2.0.0 is not listed for PyPI.
  CHECK(adv.find("canary-test-stealer", "2.0.0") == nullptr);
}

TEST_CASE("osv: a directory is read recursively, with all-versions ranges, withdrawn and non-MAL advisories", "[osv]") {
  OsvAdvisories adv;
  std::vector<std::string> errors;
  REQUIRE(adv.load(osv_data() / "valid", errors));
  CHECK(errors.empty());
  CHECK(adv.size() == 3);             // 90001, 90002, and the withdrawn 90003
  CHECK(adv.skipped_not_mal() == 1);  // PYSEC-2026-1: a vulnerability, not malice
  // introduced "0" and nothing else: every version, pre-releases included.
  REQUIRE(adv.find("canary-test-typo", "0.0.1"));
  CHECK(adv.find("canary-test-typo", "0.0.1")->id == "MAL-0000-90002");
  CHECK(adv.find("canary-test-typo", "99.0.0rc1"));
  // A withdrawn advisory names nothing.
  CHECK(adv.find("canary-test-withdrawn", "1.0") == nullptr);
  CHECK(adv.find("canary-test-vulnerable", "1.0") == nullptr);
}

TEST_CASE("osv: ECOSYSTEM ranges are evaluated as the OSV schema says", "[osv]") {
  SECTION("introduced 0: all versions") {
    OsvRange r = range({{K::Introduced, "0"}});
    CHECK(osv_range_affects(r, "0.0.1.dev0"));
    CHECK(osv_range_affects(r, "2026.12.2"));
  }
  SECTION("introduced .. fixed is half-open") {
    OsvRange r = range({{K::Introduced, "1.2"}, {K::Fixed, "1.5"}});
    CHECK_FALSE(osv_range_affects(r, "1.1.9"));
    CHECK(osv_range_affects(r, "1.2"));
    CHECK(osv_range_affects(r, "1.2.0"));
    CHECK(osv_range_affects(r, "1.5rc1"));  // a pre-release of the fix sorts before it
    CHECK_FALSE(osv_range_affects(r, "1.5"));
    CHECK_FALSE(osv_range_affects(r, "1.5.post1"));
  }
  SECTION("last_affected is inclusive") {
    OsvRange r = range({{K::Introduced, "0"}, {K::LastAffected, "2.0"}});
    CHECK(osv_range_affects(r, "2.0"));
    CHECK(osv_range_affects(r, "1.0"));
    CHECK_FALSE(osv_range_affects(r, "2.0.1"));
  }
  SECTION("several introduced/fixed pairs, given out of order") {
    OsvRange r = range({{K::Fixed, "3.1"}, {K::Introduced, "3.0"}, {K::Introduced, "1.0"}, {K::Fixed, "1.1"}});
    CHECK(osv_range_affects(r, "1.0.5"));
    CHECK_FALSE(osv_range_affects(r, "1.1"));
    CHECK_FALSE(osv_range_affects(r, "2.9"));
    CHECK(osv_range_affects(r, "3.0"));
    CHECK_FALSE(osv_range_affects(r, "3.1"));
  }
  SECTION("limit bounds the range wherever it is") {
    OsvRange r = range({{K::Limit, "2.0"}, {K::Introduced, "0"}});
    CHECK(osv_range_affects(r, "1.9"));
    CHECK_FALSE(osv_range_affects(r, "2.0"));
    CHECK(osv_range_affects(range({{K::Introduced, "0"}, {K::Limit, "*"}}), "9.9"));
  }
}

TEST_CASE("osv: malformed advisories get FILE:LINE and what is wrong", "[osv]") {
  const fs::path dir = osv_data() / "malformed";
  struct Case {
    const char* file;
    std::string error;  // after "PATH:"
  };
  const std::vector<Case> cases = {
      {"syntax.json", "4:12: not valid JSON: syntax error while parsing object - unexpected string literal; expected '}'"},
      {"not-object.json", "1: an OSV advisory is a JSON object, this is a list"},
      {"no-id.json", "1: no \"id\""},
      {"affected-object.json", "3: affected: must be a list, this is an object"},
      {"name-number.json", "7: affected[0].package.name: must be a string, this is a number"},
      {"no-versions.json",
       "5: affected[1]: PyPI package canary-test-b has no \"versions\" and no ECOSYSTEM range, so it names no release "
       "(every version is a range with the one event {\"introduced\": \"0\"})"},
      {"two-keys-event.json",
       "10: affected[0].ranges[0].events[0]: an event is an object with exactly one of introduced, fixed, "
       "last_affected, limit"},
      {"bad-version.json", "11: affected[0].ranges[0].events[1].fixed: \"two point oh\" is not a PEP 440 version"},
      {"no-introduced.json", "7: affected[0].ranges[0].events: no \"introduced\" event: the range affects nothing"},
      // nlohmann's out_of_range, not a parse_error: it used to end the process.
      {"number-overflow.json", "1: not valid JSON: number overflow parsing '1e999'"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    OsvAdvisories adv;
    std::vector<std::string> errors;
    CHECK_FALSE(adv.load(dir / c.file, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == (dir / c.file).string() + ":" + c.error);
    CHECK(adv.size() == 0);
  }
  // A directory: every bad file is reported (in path order), none stops the others.
  OsvAdvisories adv;
  std::vector<std::string> errors;
  CHECK_FALSE(adv.load(dir, errors));
  CHECK(errors.size() == cases.size());
  CHECK(errors.front().rfind((dir / "affected-object.json").string() + ":3:", 0) == 0);
  // Missing paths say so.
  errors.clear();
  CHECK_FALSE(adv.load(dir / "nope.json", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == (dir / "nope.json").string() + ": no such file or directory");
}

TEST_CASE("osv: a non-MAL advisory is skipped before its shape is checked", "[osv]") {
  std::vector<std::string> errors;
  bool not_mal = false;
  CHECK_FALSE(parse_osv_advisory(R"({"id": "GHSA-xxxx-yyyy-zzzz", "affected": 3})", "g.json", errors, &not_mal));
  CHECK(not_mal);
  CHECK(errors.empty());
}

TEST_CASE("json_value_lines: the line of each value by JSON pointer", "[osv]") {
  const std::string text = "{\n  \"a\": [1,\n    {\"b/c\": \"x\\\"y\"}],\n  \"~d\": {\n\n  \"e\": null}\n}";
  auto lines = json_value_lines(text);
  CHECK(lines.at("") == 1);
  CHECK(lines.at("/a") == 2);
  CHECK(lines.at("/a/0") == 2);
  CHECK(lines.at("/a/1") == 3);
  CHECK(lines.at("/a/1/b~1c") == 3);
  CHECK(lines.at("/~0d") == 4);
  CHECK(lines.at("/~0d/e") == 6);
}
