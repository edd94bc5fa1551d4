// The JSON form of an evaluation: one object, documented in docs/json.md
// ("canary eval").
#include <nlohmann/json.hpp>

#include "eval_output.hpp"
#include "output.hpp"

namespace canary::cli {

namespace {

using json = nlohmann::ordered_json;

// null rather than a made-up 0 when there was nothing to measure.
json ratio(size_t part, size_t whole) {
  return whole == 0 ? json(nullptr) : json(static_cast<double>(part) / static_cast<double>(whole));
}

json unit_json(const UnitResult& u) {
  json top = json::array();
  for (const Finding& f : u.top)
    top.push_back({{"rule", f.rule},
                   {"severity", std::string(to_string(f.severity))},
                   {"file", f.file},
                   {"line", f.line},
                   {"title", f.title}});
  return {{"path", u.path},
          {"verdict", u.unreadable ? json(nullptr) : json(std::string(to_string(u.verdict)))},
          {"score", u.unreadable ? json(nullptr) : json(display_score(u.score))},
          {"seconds", u.seconds},
          {"top_findings", std::move(top)},
          {"errors", u.errors}};
}

json units_json(const std::vector<const UnitResult*>& list) {
  json out = json::array();
  for (const UnitResult* u : list) out.push_back(unit_json(*u));
  return out;
}

json side_json(const SideResult& s, const char* rate_name) {
  const size_t n = s.units.size();
  json verdicts = json::object();
  for (Verdict v : {Verdict::Safe, Verdict::LowRisk, Verdict::HighRisk, Verdict::Malicious})
    verdicts[std::string(to_string(v))] = s.count(v);
  return {{"units", n},
          {"unreadable", s.unreadable()},
          {"read_in_part", s.with_read_problems()},
          {"verdicts", std::move(verdicts)},
          {"at_least_high_risk", s.at_least(Verdict::HighRisk)},
          {"malicious", s.at_least(Verdict::Malicious)},
          {std::string(rate_name) + "_high_risk", ratio(s.at_least(Verdict::HighRisk), n)},
          {std::string(rate_name) + "_malicious", ratio(s.at_least(Verdict::Malicious), n)}};
}

}  // namespace

void write_eval_json(const EvalResult& r, std::ostream& out) {
  json input_errors = json::array();
  for (const InputError& e : r.input_errors) input_errors.push_back({{"path", e.path}, {"message", e.message}});
  json errors = units_json(units_with_errors(r.malicious));
  for (json& e : units_json(units_with_errors(r.benign))) errors.push_back(std::move(e));
  json slowest = json::array();
  for (const UnitResult* u : slowest_units(r, kEvalSlowest)) slowest.push_back({{"path", u->path}, {"seconds", u->seconds}});

  json doc = {{"rules", r.rules},
              {"rule_count", r.rule_count},
              {"thresholds",
               {{"low_risk", r.thresholds.low_risk},
                {"high_risk", r.thresholds.high_risk},
                {"malicious", r.thresholds.malicious}}},
              {"seconds", r.seconds},
              {"jobs", r.jobs},
              {"malicious", side_json(r.malicious, "recall")},
              {"benign", side_json(r.benign, "false_positive_rate")},
              {"misses", units_json(misses(r))},
              {"benign_flagged", units_json(benign_flagged(r))},
              {"benign_low", r.show_low ? units_json(benign_low(r)) : json(nullptr)},
              {"read_errors", std::move(errors)},
              {"input_errors", std::move(input_errors)},
              {"slowest", std::move(slowest)}};
  // Names and errors come from hostile artifacts: replace invalid UTF-8.
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace canary::cli
