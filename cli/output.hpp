// Printing scan reports: a table for people, JSON and JSON Lines for tools.
// The JSON fields are a stable contract, documented in docs/json.md.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "engine/report.hpp"
#include "terminal.hpp"

namespace canary::cli {

enum class OutputFormat { Table, Json, Jsonl, Sarif };  // Sarif: sarif_output.hpp
bool parse_output_format(std::string_view s, OutputFormat& out);

// Receives reports one at a time, as artifacts are scanned, so that long
// runs show results as they come (jsonl is flushed after every line).
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void write(const ArtifactReport& report) = 0;
  virtual void finish() = 0;  // once, after the last report
};

std::unique_ptr<ReportWriter> make_report_writer(OutputFormat format, std::ostream& out, bool color);

// One artifact as a single-line JSON object (a jsonl line without its
// newline). Invalid UTF-8 in artifact strings is replaced by U+FFFD.
std::string report_json_line(const ArtifactReport& report);

// One finding as the JSON object of docs/json.md ("Finding object"); also
// used by `canary diff`.
nlohmann::ordered_json finding_json(const Finding& f);

// The score as displayed: rounded to one decimal ("7.5", "10.0").
double display_score(double score);

// The colour of a verdict wherever one is printed.
Style verdict_style(Verdict v);

}  // namespace canary::cli
