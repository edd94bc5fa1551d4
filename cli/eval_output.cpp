// The text form of an evaluation. Paths, rule ids and errors come from
// hostile artifacts or their names: everything is escaped for the terminal.
#include "eval_output.hpp"

#include <cstdio>
#include <iomanip>

#include "output.hpp"
#include "terminal.hpp"

namespace canary::cli {

std::string percent(size_t part, size_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string location(const Finding& f) { return f.line ? f.file + ":" + std::to_string(f.line) : f.file; }

namespace {

constexpr Verdict kVerdicts[] = {Verdict::Safe, Verdict::LowRisk, Verdict::HighRisk, Verdict::Malicious};

std::string score_text(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", display_score(score));
  return buf;
}

std::string precise_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

class TextWriter {
 public:
  TextWriter(const EvalResult& r, std::ostream& out, bool color) : r_(r), out_(out), color_(color) {}

  void write() {
    out_ << "rules       " << escape_for_terminal(r_.rules) << ", " << r_.rule_count << " rules\n"
         << "thresholds  LOW_RISK >= " << score_text(r_.thresholds.low_risk) << ", HIGH_RISK >= "
         << score_text(r_.thresholds.high_risk) << ", MALICIOUS >= " << score_text(r_.thresholds.malicious) << '\n'
         << "time        " << seconds_text(r_.seconds) << " for " << r_.malicious.units.size() + r_.benign.units.size()
         << " units (" << r_.jobs << (r_.jobs == 1 ? " job" : " jobs") << ")\n\n";
    side("malicious", r_.malicious, "recall");
    side("benign", r_.benign, "false positives");
    units("misses (malicious below HIGH_RISK)", misses(r_));
    units("benign flagged (HIGH_RISK or above)", benign_flagged(r_));
    if (r_.show_low) units("benign at LOW_RISK", benign_low(r_));
    errors();
    slowest();
  }

 private:
  void side(const char* name, const SideResult& s, const char* measure) {
    const size_t n = s.units.size();
    out_ << std::left << std::setw(12) << name << n << " units (" << s.unreadable() << " unreadable, "
         << s.with_read_problems() << " read in part)\n";
    rate_line(std::string(measure) + " at HIGH_RISK or above", s.at_least(Verdict::HighRisk), n);
    rate_line(std::string(measure) + " at MALICIOUS", s.at_least(Verdict::Malicious), n);
    out_ << "  verdicts";
    const char* sep = "  ";
    for (Verdict v : kVerdicts) {
      out_ << sep << paint(to_string(v), verdict_style(v), color_) << ' ' << s.count(v);
      sep = ", ";
    }
    out_ << "\n\n";
  }

  void rate_line(const std::string& label, size_t part, size_t whole) {
    out_ << "  " << std::left << std::setw(38) << label << std::right << std::setw(12)
         << (std::to_string(part) + "/" + std::to_string(whole)) << "  " << percent(part, whole) << '\n'
         << std::left;
  }

  void units(const std::string& title, const std::vector<const UnitResult*>& list) {
    out_ << title << ": " << list.size() << '\n';
    for (const UnitResult* u : list) {
      out_ << "  " << paint(to_string(u->verdict), verdict_style(u->verdict), color_)
           << std::string(10 - to_string(u->verdict).size(), ' ') << std::right << std::setw(4)
           << score_text(u->score) << std::left << "  " << escape_for_terminal(u->path) << '\n';
      if (u->top.empty()) out_ << "      (no findings)\n";
      for (const Finding& f : u->top)
        out_ << "      " << std::setw(9) << to_string(f.severity) << escape_for_terminal(f.rule) << "  "
             << escape_for_terminal(location(f)) << '\n';
    }
    out_ << '\n';
  }

  void errors() {
    size_t n = r_.input_errors.size();
    for (const SideResult* s : {&r_.malicious, &r_.benign}) n += units_with_errors(*s).size();
    out_ << "read errors: " << n << '\n';
    for (const InputError& e : r_.input_errors)
      out_ << "  " << escape_for_terminal(e.path) << ": " << escape_for_terminal(e.message) << " (input)\n";
    for (const SideResult* s : {&r_.malicious, &r_.benign})
      for (const UnitResult* u : units_with_errors(*s))
        out_ << "  " << escape_for_terminal(u->path) << ": " << escape_for_terminal(u->errors.front())
             << (u->unreadable ? " (unreadable)" : " (read in part)") << '\n';
    out_ << '\n';
  }

  void slowest() {
    out_ << "slowest units\n";
    for (const UnitResult* u : slowest_units(r_, kEvalSlowest))
      out_ << "  " << std::right << std::setw(9) << precise_seconds(u->seconds) << std::left << "  "
           << escape_for_terminal(u->path) << '\n';
  }

  const EvalResult& r_;
  std::ostream& out_;
  bool color_;
};

}  // namespace

void write_eval_text(const EvalResult& r, std::ostream& out, bool color) { TextWriter(r, out, color).write(); }

}  // namespace canary::cli
