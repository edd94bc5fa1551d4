// Names of severities and verdicts, as they appear in rule files, reports and
// on the command line.
#include "report.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace canary {
namespace {

constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 4> kVerdictNames = {"SAFE", "LOW_RISK", "HIGH_RISK", "MALICIOUS"};

// ASCII-only, case-insensitive comparison; '-' in `given` stands for '_' in
// `name` so that `--fail-on high-risk` works as well as `HIGH_RISK`.
bool same_name(std::string_view given, std::string_view name) {
  if (given.size() != name.size()) return false;
  for (size_t i = 0; i < given.size(); ++i) {
    char g = static_cast<char>(std::tolower(static_cast<unsigned char>(given[i])));
    char n = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (g == '-') g = '_';
    if (g != n) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(Severity s) {
  auto i = static_cast<size_t>(s);
  return i < kSeverityNames.size() ? kSeverityNames[i] : std::string_view("unknown");
}

bool parse_severity(std::string_view s, Severity& out) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (same_name(s, kSeverityNames[i])) {
      out = static_cast<Severity>(i);
      return true;
    }
  }
  return false;
}

std::string_view to_string(Verdict v) {
  auto i = static_cast<size_t>(v);
  return i < kVerdictNames.size() ? kVerdictNames[i] : std::string_view("UNKNOWN");
}

bool parse_verdict(std::string_view s, Verdict& out) {
  for (size_t i = 0; i < kVerdictNames.size(); ++i) {
    if (same_name(s, kVerdictNames[i])) {
      out = static_cast<Verdict>(i);
      return true;
    }
  }
  return false;
}

void sort_findings(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.rule < b.rule;
  });
}

}  // namespace canary
