// Printing `canary test` results: text for people, JSON for tools.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "diagnostics_output.hpp"
#include "test_results.hpp"

namespace canary::cli {

using ruletest::Check;

bool CorpusResult::passed() const {
  return std::none_of(checks.begin(), checks.end(), [](const Check& c) { return c.failed(); });
}

TestReport::Totals TestReport::totals() const {
  Totals t;
  for (const SuiteResult& s : suites) {
    for (const DefinitionResult& d : s.definitions) {
      t.passed += d.passed;
      t.failed += d.failed;
      t.todo += d.todo;
      if (!d.tested()) ++t.untested;
    }
    for (const CorpusResult& c : s.corpus) ++(c.passed() ? t.corpus_passed : t.corpus_failed);
  }
  return t;
}

namespace {

std::string counts(const DefinitionResult& d) {
  std::string s = std::to_string(d.passed) + " passed";
  if (d.failed) s += ", " + std::to_string(d.failed) + " failed";
  if (d.todo) s += ", " + std::to_string(d.todo) + " todo";
  return s;
}

std::string padded(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", score);
  return buf;
}

void print_definitions(const SuiteResult& s, std::ostream& out, bool color) {
  size_t width = 0;
  for (const DefinitionResult& d : s.definitions) width = std::max(width, d.def.id.size());
  for (const DefinitionResult& d : s.definitions) {
    const std::string id = escape_for_terminal(d.def.id);
    if (!d.tested()) {
      out << "  " << paint("untested", Style::Yellow, color) << "  " << padded(id, width) << " " << d.def.kind << ", "
          << escape_for_terminal(d.def.source_file) << ':' << d.def.source_line << '\n';
      continue;
    }
    const bool failed = d.failed > 0;
    out << "  " << (failed ? paint("FAIL    ", Style::BoldRed, color) : paint("ok      ", Style::Green, color)) << "  "
        << padded(id, width) << " " << counts(d) << '\n';
    for (const Check& c : d.failures) out << "      " << escape_for_terminal(c.message()) << '\n';
    for (const Check& c : d.todos)
      out << "      " << paint("todo" + std::string(c.held ? " (now passes: make it a plain annotation)" : "") + ": ",
                               Style::Dim, color)
          << escape_for_terminal(c.message()) << '\n';
  }
}

void print_corpus(const SuiteResult& s, std::ostream& out, bool color) {
  size_t width = 0;
  for (const CorpusResult& c : s.corpus) width = std::max(width, c.artifact.size());
  for (const CorpusResult& c : s.corpus) {
    out << "  " << (c.passed() ? paint("ok      ", Style::Green, color) : paint("FAIL    ", Style::BoldRed, color))
        << "  " << padded(escape_for_terminal(c.artifact), width) << " "
        << (c.verdict.empty() ? "not scanned" : c.verdict + " (score " + score_text(c.score) + ")") << '\n';
    for (const Check& k : c.checks)
      if (k.failed()) out << "      " << escape_for_terminal(k.message()) << '\n';
    if (!c.passed())
      for (const std::string& e : c.errors) out << "      note: " << escape_for_terminal(e) << '\n';
  }
}

nlohmann::ordered_json check_json(const Check& c) {
  static const char* kinds[] = {"ruleid", "ok", "todoruleid", "todook", "unexpected", "verdict"};
  nlohmann::ordered_json j{{"kind", kinds[static_cast<int>(c.kind)]}, {"file", c.file}, {"line", c.line}};
  if (!c.rule.empty()) j["rule"] = c.rule;
  j["passed"] = c.held;
  j["expected"] = c.expected;
  j["got"] = c.got;
  return j;
}

}  // namespace

void print_text(const TestReport& report, std::ostream& out, bool color) {
  for (const ruletest::InputError& e : report.input_errors)
    out << escape_for_terminal(e.file) << (e.line ? ":" + std::to_string(e.line) : "")
        << (e.line && e.column ? ":" + std::to_string(e.column) : "") << ": " << paint("error", Style::BoldRed, color)
        << ": " << escape_for_terminal(e.message) << '\n';
  for (const SuiteResult& s : report.suites) {
    out << paint(escape_for_terminal(s.name), Style::Bold, color);
    if (!s.is_corpus) out << " (" << count_noun(s.fixtures, "fixture", "fixtures") << ")";
    out << '\n';
    if (s.is_corpus) print_corpus(s, out, color);
    else print_definitions(s, out, color);
  }
  TestReport::Totals t = report.totals();
  std::string summary = "canary test: " + std::to_string(t.passed) + " passed, " + std::to_string(t.failed) +
                        " failed, " + std::to_string(t.todo) + " todo, " + std::to_string(t.untested) + " untested";
  if (t.corpus_passed + t.corpus_failed > 0)
    summary += "; corpus: " + std::to_string(t.corpus_passed) + " passed, " + std::to_string(t.corpus_failed) + " failed";
  if (!report.input_errors.empty())
    summary += "; " + count_noun(report.input_errors.size(), "error", "errors") + " in test files";
  if (report.rules_error) summary += "; some rules did not load";
  out << summary << '\n';
}

void print_json(const TestReport& report, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json suites = json::array();
  for (const SuiteResult& s : report.suites) {
    json js{{"name", s.name}, {"kind", s.is_corpus ? "corpus" : "rules"}};
    if (!s.is_corpus) {
      js["fixtures"] = s.fixtures;
      json defs = json::array();
      for (const DefinitionResult& d : s.definitions) {
        json jd{{"id", d.def.id},         {"kind", d.def.kind},  {"file", d.def.source_file},
                {"line", d.def.source_line}, {"tested", d.tested()}, {"passed", d.passed},
                {"failed", d.failed},     {"todo", d.todo}};
        jd["failures"] = json::array();
        for (const Check& c : d.failures) jd["failures"].push_back(check_json(c));
        jd["todos"] = json::array();
        for (const Check& c : d.todos) jd["todos"].push_back(check_json(c));
        defs.push_back(std::move(jd));
      }
      js["definitions"] = std::move(defs);
    } else {
      json cases = json::array();
      for (const CorpusResult& c : s.corpus) {
        json jc{{"artifact", c.artifact}, {"expect", c.expect_file}, {"passed", c.passed()}};
        jc["verdict"] = c.verdict.empty() ? json(nullptr) : json(c.verdict);
        jc["score"] = c.score;
        jc["checks"] = json::array();
        for (const Check& k : c.checks) jc["checks"].push_back(check_json(k));
        jc["errors"] = c.errors;
        cases.push_back(std::move(jc));
      }
      js["cases"] = std::move(cases);
    }
    suites.push_back(std::move(js));
  }
  json errors = json::array();
  for (const ruletest::InputError& e : report.input_errors)
    errors.push_back({{"file", e.file}, {"line", e.line}, {"column", e.column}, {"message", e.message}});
  TestReport::Totals t = report.totals();
  json root{{"suites", std::move(suites)},
            {"errors", std::move(errors)},
            {"rules_error", report.rules_error},
            {"summary",
             {{"passed", t.passed},
              {"failed", t.failed},
              {"todo", t.todo},
              {"untested", t.untested},
              {"corpus_passed", t.corpus_passed},
              {"corpus_failed", t.corpus_failed}}}};
  // Fixture paths and rule ids are the user's own bytes: replace what is not UTF-8.
  out << root.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace canary::cli
