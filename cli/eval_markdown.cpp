// The Markdown form of an evaluation, made to be pasted into
// docs/evaluation.md under a heading of its own (it starts at level 3).
#include <cstdio>

#include "eval_output.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace {

// A table cell: escaped like terminal text (no control characters, so no
// line breaks), and '|' escaped so that it cannot end the cell.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : escape_for_terminal(s)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// `text` as a code span, unless it holds a backtick.
std::string code(const std::string& s) {
  return s.find('`') == std::string::npos ? "`" + cell(s) + "`" : cell(s);
}

std::string score_text(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", display_score(score));
  return buf;
}

std::string count_and_rate(size_t part, size_t whole) {
  return std::to_string(part) + " (" + percent(part, whole) + ")";
}

void summary(const EvalResult& r, std::ostream& out) {
  out << "### Summary\n\n"
      << "| set | units | unreadable | at HIGH_RISK or above | at MALICIOUS |\n|---|---:|---:|---:|---:|\n";
  auto row = [&](const char* name, const SideResult& s) {
    out << "| " << name << " | " << s.units.size() << " | " << s.unreadable() << " | "
        << count_and_rate(s.at_least(Verdict::HighRisk), s.units.size()) << " | "
        << count_and_rate(s.at_least(Verdict::Malicious), s.units.size()) << " |\n";
  };
  row("malicious (recall)", r.malicious);
  row("benign (false positives)", r.benign);
  out << "\n### Verdicts\n\n| set | SAFE | LOW_RISK | HIGH_RISK | MALICIOUS | unreadable |\n"
      << "|---|---:|---:|---:|---:|---:|\n";
  auto hist = [&](const char* name, const SideResult& s) {
    out << "| " << name << " | " << s.count(Verdict::Safe) << " | " << s.count(Verdict::LowRisk) << " | "
        << s.count(Verdict::HighRisk) << " | " << s.count(Verdict::Malicious) << " | " << s.unreadable() << " |\n";
  };
  hist("malicious", r.malicious);
  hist("benign", r.benign);
  out << "\nRules: " << cell(r.rules) << " (" << r.rule_count << " rules); thresholds LOW_RISK "
      << score_text(r.thresholds.low_risk) << ", HIGH_RISK " << score_text(r.thresholds.high_risk) << ", MALICIOUS "
      << score_text(r.thresholds.malicious) << ". Scanned " << r.malicious.units.size() + r.benign.units.size()
      << " units in " << seconds_text(r.seconds) << " with " << r.jobs << (r.jobs == 1 ? " job" : " jobs") << ".\n";
}

void units(const std::string& title, const std::vector<const UnitResult*>& list, std::ostream& out) {
  out << "\n### " << title << " (" << list.size() << ")\n\n";
  if (list.empty()) {
    out << "None.\n";
    return;
  }
  out << "| verdict | score | unit | top findings |\n|---|---:|---|---|\n";
  for (const UnitResult* u : list) {
    out << "| " << to_string(u->verdict) << " | " << score_text(u->score) << " | " << code(u->path) << " | ";
    const char* sep = "";
    for (const Finding& f : u->top) {
      out << sep << code(f.rule) << " " << cell(location(f));
      sep = "<br>";
    }
    out << " |\n";
  }
}

void errors(const EvalResult& r, std::ostream& out) {
  std::vector<const UnitResult*> list = units_with_errors(r.malicious);
  for (const UnitResult* u : units_with_errors(r.benign)) list.push_back(u);
  out << "\n### Read errors (" << list.size() + r.input_errors.size() << ")\n\n";
  if (list.empty() && r.input_errors.empty()) {
    out << "None.\n";
    return;
  }
  out << "| unit | read | error |\n|---|---|---|\n";
  for (const InputError& e : r.input_errors) out << "| " << code(e.path) << " | input | " << cell(e.message) << " |\n";
  for (const UnitResult* u : list)
    out << "| " << code(u->path) << " | " << (u->unreadable ? "no" : "in part") << " | " << cell(u->errors.front())
        << " |\n";
}

}  // namespace

void write_eval_markdown(const EvalResult& r, std::ostream& out) {
  summary(r, out);
  units("Misses: malicious below HIGH_RISK", misses(r), out);
  units("Benign units at HIGH_RISK or above", benign_flagged(r), out);
  if (r.show_low) units("Benign units at LOW_RISK", benign_low(r), out);
  errors(r, out);
  out << "\n### Slowest units\n\n| seconds | unit |\n|---:|---|\n";
  for (const UnitResult* u : slowest_units(r, kEvalSlowest)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", u->seconds);
    out << "| " << buf << " | " << code(u->path) << " |\n";
  }
}

}  // namespace canary::cli
