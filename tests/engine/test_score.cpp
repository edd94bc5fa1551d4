// The scoring formula of engine/score.hpp (docs/scoring.md), with real
// numbers, and the names of severities and verdicts.
#include <catch2/catch.hpp>

#include "engine/score.hpp"

using namespace canary;

namespace {

Finding finding(std::string rule, Severity s, std::string file = "pkg/mod.py", uint32_t line = 1) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = s;
  f.file = std::move(file);
  f.line = line;
  return f;
}

// n distinct rules, all of severity s.
std::vector<Finding> distinct(int n, Severity s, const std::string& prefix = "R") {
  std::vector<Finding> out;
  for (int i = 0; i < n; ++i) out.push_back(finding(prefix + std::to_string(i), s));
  return out;
}

Verdict verdict_of(const std::vector<Finding>& fs) { return verdict_for(compute_score(fs), VerdictThresholds{}); }

}  // namespace

TEST_CASE("severity weights", "[score]") {
  CHECK(severity_weight(Severity::Info) == 0);
  CHECK(severity_weight(Severity::Low) == 1);
  CHECK(severity_weight(Severity::Medium) == 3);
  CHECK(severity_weight(Severity::High) == 6);
  CHECK(severity_weight(Severity::Critical) == 10);
}

TEST_CASE("score: strongest signal plus a quarter of the others, capped at 10", "[score]") {
  CHECK(compute_score({}) == 0);
  CHECK(compute_score({finding("A", Severity::Info)}) == 0);
  CHECK(compute_score({finding("A", Severity::Low)}) == 1);
  CHECK(compute_score({finding("A", Severity::Medium)}) == 3);
  CHECK(compute_score({finding("A", Severity::High)}) == 6);
  CHECK(compute_score({finding("A", Severity::Critical)}) == 10);
  // 6 + 0.25 * 3
  CHECK(compute_score({finding("A", Severity::High), finding("B", Severity::Medium)}) == Approx(6.75));
  // 6 + 0.25 * 6
  CHECK(compute_score(distinct(2, Severity::High)) == Approx(7.5));
  // 6 + 0.25 * 12
  CHECK(compute_score(distinct(3, Severity::High)) == Approx(9.0));
  // 6 + 0.25 * 18 = 10.5 -> capped
  CHECK(compute_score(distinct(4, Severity::High)) == 10);
  // 10 + anything stays 10
  std::vector<Finding> crit_plus = distinct(5, Severity::Medium);
  crit_plus.push_back(finding("CRIT", Severity::Critical));
  CHECK(compute_score(crit_plus) == 10);
  // 3 + 0.25 * (1 + 1) ; info adds nothing
  CHECK(compute_score({finding("M", Severity::Medium), finding("L1", Severity::Low), finding("L2", Severity::Low),
                       finding("I", Severity::Info)}) == Approx(3.5));
}

TEST_CASE("score: a rule counts once, at its highest severity", "[score]") {
  // The same rule in twenty files is one signal.
  std::vector<Finding> repeated;
  for (int i = 0; i < 20; ++i) repeated.push_back(finding("SAME", Severity::Medium, "f" + std::to_string(i) + ".py"));
  CHECK(compute_score(repeated) == 3);

  // Reported as low in one place and high in another: counts as one high.
  CHECK(compute_score({finding("X", Severity::Low), finding("X", Severity::High)}) == 6);
  CHECK(compute_score({finding("X", Severity::High), finding("X", Severity::Low)}) == 6);
  // ... and its lower report is not added as a second signal.
  CHECK(compute_score({finding("X", Severity::Low), finding("X", Severity::High), finding("Y", Severity::Low)}) ==
        Approx(6.25));
}

TEST_CASE("verdict thresholds are inclusive lower bounds", "[score]") {
  VerdictThresholds t;  // 1 / 5 / 8
  CHECK(verdict_for(0.0, t) == Verdict::Safe);
  CHECK(verdict_for(0.99, t) == Verdict::Safe);
  CHECK(verdict_for(1.0, t) == Verdict::LowRisk);
  CHECK(verdict_for(4.99, t) == Verdict::LowRisk);
  CHECK(verdict_for(5.0, t) == Verdict::HighRisk);
  CHECK(verdict_for(7.99, t) == Verdict::HighRisk);
  CHECK(verdict_for(8.0, t) == Verdict::Malicious);
  CHECK(verdict_for(10.0, t) == Verdict::Malicious);

  VerdictThresholds strict{0.5, 3.0, 6.0};
  CHECK(verdict_for(0.25, strict) == Verdict::Safe);
  CHECK(verdict_for(0.5, strict) == Verdict::LowRisk);
  CHECK(verdict_for(3.0, strict) == Verdict::HighRisk);
  CHECK(verdict_for(6.0, strict) == Verdict::Malicious);
}

TEST_CASE("the verdicts docs/scoring.md promises", "[score]") {
  SECTION("one critical finding alone is MALICIOUS") {
    CHECK(verdict_of({finding("PTH_EXEC", Severity::Critical)}) == Verdict::Malicious);
  }
  SECTION("one high finding is HIGH_RISK") { CHECK(verdict_of(distinct(1, Severity::High)) == Verdict::HighRisk); }
  SECTION("two highs stay HIGH_RISK (7.5), three escalate to MALICIOUS (9.0)") {
    CHECK(verdict_of(distinct(2, Severity::High)) == Verdict::HighRisk);
    CHECK(verdict_of(distinct(3, Severity::High)) == Verdict::Malicious);
  }
  SECTION("a high plus two mediums is HIGH_RISK (7.5); with three mediums MALICIOUS (8.25)") {
    std::vector<Finding> fs = distinct(1, Severity::High, "H");
    auto add = distinct(2, Severity::Medium, "M");
    fs.insert(fs.end(), add.begin(), add.end());
    CHECK(compute_score(fs) == Approx(7.5));
    CHECK(verdict_of(fs) == Verdict::HighRisk);
    fs.push_back(finding("M2", Severity::Medium));
    CHECK(compute_score(fs) == Approx(8.25));
    CHECK(verdict_of(fs) == Verdict::Malicious);
  }
  SECTION("one medium is LOW_RISK; it takes four distinct mediums to reach HIGH_RISK") {
    CHECK(verdict_of(distinct(1, Severity::Medium)) == Verdict::LowRisk);
    CHECK(compute_score(distinct(3, Severity::Medium)) == Approx(4.5));
    CHECK(verdict_of(distinct(3, Severity::Medium)) == Verdict::LowRisk);
    CHECK(compute_score(distinct(4, Severity::Medium)) == Approx(5.25));
    CHECK(verdict_of(distinct(4, Severity::Medium)) == Verdict::HighRisk);
  }
  SECTION("low signals stay LOW_RISK until 17 distinct ones add up to 5.0") {
    CHECK(verdict_of(distinct(1, Severity::Low)) == Verdict::LowRisk);
    CHECK(compute_score(distinct(16, Severity::Low)) == Approx(4.75));
    CHECK(verdict_of(distinct(16, Severity::Low)) == Verdict::LowRisk);
    CHECK(compute_score(distinct(17, Severity::Low)) == 5.0);  // exact in binary: 1 + 0.25 * 16
    CHECK(verdict_of(distinct(17, Severity::Low)) == Verdict::HighRisk);
  }
  SECTION("info findings never move the verdict") {
    CHECK(verdict_of(distinct(50, Severity::Info)) == Verdict::Safe);
    auto fs = distinct(50, Severity::Info);
    fs.push_back(finding("L", Severity::Low));
    CHECK(compute_score(fs) == 1);
  }
}

TEST_CASE("severity and verdict names round-trip", "[score][report]") {
  for (Severity s : {Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical}) {
    Severity back = Severity::Info;
    REQUIRE(parse_severity(to_string(s), back));
    CHECK(back == s);
  }
  CHECK(to_string(Severity::Critical) == "critical");
  Severity s = Severity::Info;
  CHECK(parse_severity("HIGH", s));
  CHECK(s == Severity::High);
  CHECK_FALSE(parse_severity("severe", s));
  CHECK_FALSE(parse_severity("", s));

  for (Verdict v : {Verdict::Safe, Verdict::LowRisk, Verdict::HighRisk, Verdict::Malicious}) {
    Verdict back = Verdict::Safe;
    REQUIRE(parse_verdict(to_string(v), back));
    CHECK(back == v);
  }
  CHECK(to_string(Verdict::LowRisk) == "LOW_RISK");
  CHECK(to_string(Verdict::HighRisk) == "HIGH_RISK");
  Verdict v = Verdict::Safe;
  CHECK(parse_verdict("high-risk", v));
  CHECK(v == Verdict::HighRisk);
  CHECK(parse_verdict("Malicious", v));
  CHECK(v == Verdict::Malicious);
  CHECK_FALSE(parse_verdict("HIGH RISK", v));
  CHECK_FALSE(parse_verdict("HIGH_RISKY", v));
}
