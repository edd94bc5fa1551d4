// Hostile rule files: very many rules, and regexes that would take a
// backtracking engine exponential time. Rules are trusted more than
// artifacts, but a pack may come from a third party (docs/packs.md).
#include <algorithm>
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/artifact_builder.hpp"

namespace canary::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string literal_rule(int i) {
  const std::string n = std::to_string(i);
  return "rule GEN_" + n + " : test {\n  meta:\n    title    = \"generated " + n +
         "\"\n    severity = low\n  patterns:\n    $m = \"marker-" + n + "-x\"\n  condition:\n    $m\n}\n\n";
}

}  // namespace

TEST_CASE("hostile: a rule file with 10,000 rules checks, compiles and scans", "[hostile][rules]") {
  Sandbox box;
  std::string rules;
  for (int i = 0; i < 10000; ++i) rules += literal_rule(i);
  const fs::path file = box.input("many.canary");
  write_file(file, rules);
  const fs::path zip = box.input("hits.zip");
  write_zip(zip, {FileSpec{"pkg/a.py", "s = 'marker-42-x marker-9999-x'\n"}});

  const auto before = box.snapshot();
  MeasuredRun check = box.run({"rules", "check", "--no-cache", file.string()});
  INFO(check.err);
  report_and_check_rss("10,000 rules: rules check", check);
  CHECK(check.exit_code == 0);

  json report;
  MeasuredRun scan = box.scan(zip.string(), report, {"--rules", file.string()});
  INFO(scan.err);
  report_and_check_rss("10,000 rules: scan", scan);
  CHECK(scan.exit_code == 0);
  std::vector<std::string> ids = finding_rules(report);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"GEN_42", "GEN_9999"});
  CHECK(box.snapshot() == before);
}

TEST_CASE("hostile: pathological regexes run in linear time or are refused with FILE:LINE", "[hostile][rules]") {
  Sandbox box;
  // Classic catastrophic-backtracking shapes; Hyperscan runs them as automata.
  const std::string rules = R"(rule NESTED_PLUS : test {
  meta:
    title    = "nested quantifier"
    severity = low
  patterns:
    $a = /(a+)+$/
    $b = /(a|aa)*c/
    $c = /(.*a){12}x/
    $d = /(\w+\s?)*!/
  condition:
    any of them
}
)";
  const fs::path file = box.input("evil_regex.canary");
  write_file(file, rules);
  // The input that makes backtracking engines explode: long runs with no match at the end.
  const fs::path zip = box.input("aaaa.zip");
  write_zip(zip, {FileSpec{"pkg/a.py", "s = '" + std::string(200000, 'a') + "b'\nt = '" + std::string(100000, 'w') + " ?'\n"}});
  json report;
  const auto before = box.snapshot();
  MeasuredRun r = box.scan(zip.string(), report, {"--rules", file.string()});
  INFO(r.err);
  report_and_check_rss("pathological regexes", r);
  CHECK(box.snapshot() == before);
  CHECK(r.exit_code == 0);
  // Whether a pattern matches here does not matter; finishing quickly does.
  CHECK(report["files_scanned"] == 1);
  CHECK(r.seconds < 60);  // hang guard only: a backtracking engine would take years

  // A bounded repeat too large to compile is refused with its position.
  const fs::path huge = box.input("huge_repeat.canary");
  write_file(huge, "rule HUGE : test {\n  meta:\n    title    = \"huge\"\n    severity = low\n  patterns:\n"
                   "    $a = /(ab{1000}){1000}c/\n  condition:\n    $a\n}\n");
  MeasuredRun bad = box.run({"rules", "check", "--no-cache", huge.string()});
  report_and_check_rss("regex with a huge bounded repeat", bad);
  CHECK(bad.exit_code == 2);
  CHECK((bad.out + bad.err).find("huge_repeat.canary:6:11: error[E005]: invalid regex: Resource limit exceeded") !=
        std::string::npos);
}

}  // namespace canary::test
