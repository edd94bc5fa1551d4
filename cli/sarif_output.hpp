// SARIF 2.1.0 output (docs/sarif.md), so that GitHub code scanning and other
// SARIF viewers show canary's findings. One function turns reports into one
// SARIF log; `scan`, `check` and `audit` all go through it, each adding its
// own run properties and, for findings that no pack rule made (lockfile
// policy, release metadata), its own rule descriptors.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/compiled_pack.hpp"
#include "engine/report.hpp"
#include "output.hpp"

namespace canary::cli {

// A rule descriptor for a finding that no loaded pack rule produced.
struct SarifRule {
  std::string id;           // exactly Finding::rule
  std::string title;        // shortDescription
  std::string description;  // help text; the title when empty
  Severity severity = Severity::Medium;
  std::vector<std::string> tags;
  std::vector<std::string> references;
};

// One analysed artifact. `origin` is set when a file of the user's
// repository pulled the artifact in (`audit`: the requirements/lock line that
// pins the package): results are then located there, where code scanning can
// show them, and the file inside the artifact becomes a related location.
struct SarifTarget {
  const ArtifactReport* report = nullptr;
  std::string origin_file;  // repository-relative path; "" for none
  uint32_t origin_line = 0;
};

struct SarifRun {
  std::string command;  // "scan", "check", "audit": run.automationDetails.id is "canary/<command>/"
  // Rule descriptors come from the packs (rules that produced a result only);
  // findings of rules found in neither packs nor extra_rules get a descriptor
  // made from the finding itself.
  std::vector<const CompiledPack*> packs;
  std::vector<SarifRule> extra_rules;
  std::vector<SarifTarget> targets;  // in order; a report's findings with file "" are about the artifact itself
  std::optional<Verdict> fail_on;
  int exit_code = 0;  // invocation.exitCode
  // Merged into run.properties (after "verdict", "score", "failOn" and
  // "artifacts", which it may override: `check` gives the release's verdict).
  nlohmann::ordered_json properties = nlohmann::ordered_json::object();
  // Failures that belong to no artifact (`audit`: a dependency file that
  // could not be parsed, a package that could not be fetched): error-level
  // toolExecutionNotifications, and executionSuccessful is false.
  std::vector<std::string> errors;
};

// The whole SARIF log: {"$schema", "version": "2.1.0", "runs": [one run]}.
nlohmann::ordered_json sarif_log(const SarifRun& run);

// The log as text (two-space indent, newline-terminated); invalid UTF-8 from
// artifact content is replaced by U+FFFD so the output always parses.
std::string sarif_text(const nlohmann::ordered_json& log);

// The SARIF level of a severity: critical/high -> "error", medium ->
// "warning", low/info -> "note".
const char* sarif_level(Severity s);

// A relative path as an RFC 3986 URI reference: unreserved characters and
// '/' stay, everything else is percent-encoded byte by byte.
std::string sarif_uri(std::string_view path);

// For `canary scan --format sarif`: collects reports and prints one log at
// finish(); `base` holds everything but the reports and the exit code, which
// it computes from fail_on as `canary scan` does.
std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, SarifRun base);

}  // namespace canary::cli
