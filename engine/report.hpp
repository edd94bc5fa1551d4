// What a scan produces, independent of how it is printed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace canary {

constexpr size_t kMaxFindingLines = 256;

enum class Severity { Info, Low, Medium, High, Critical };
std::string_view to_string(Severity s);  // "info" ... "critical"
bool parse_severity(std::string_view s, Severity& out);

enum class Verdict { Safe, LowRisk, HighRisk, Malicious };
std::string_view to_string(Verdict v);  // "SAFE", "LOW_RISK", "HIGH_RISK", "MALICIOUS"
bool parse_verdict(std::string_view s, Verdict& out);  // case-insensitive, '-' accepted for '_'

struct Finding {
  std::string rule;       // rule id, qualified by its pack ("pack:ID") when the pack has a name
  std::string pack;       // the pack's name; "" for rules loaded without a manifest
  Severity severity = Severity::Info;
  std::string title;
  std::string file;       // path inside the artifact as stored (sdist: with its top directory)
  uint32_t line = 0;      // 1-based; 0 when the finding has no position (whole-file facts)
  uint32_t column = 0;    // 1-based byte column
  std::string excerpt;    // the matched line, trimmed, at most 120 chars, control chars escaped as \xHH
  // Every line where a match that made the rule true lies (its patterns, and
  // the lines of the rules its condition references that were true), sorted,
  // unique, at most kMaxFindingLines. Empty when the finding has no position.
  std::vector<uint32_t> lines;
  std::vector<std::string> tags;
  // A finding in a decoded layer (`file` is then "x.py#base64>zlib@L12"):
  // the codecs applied from the real file to the layer, the real file (as
  // `file` shows it) and the line in it where the outermost blob starts.
  // Empty / 0 for a finding in a real file.
  std::vector<std::string> decode_chain;
  std::string decoded_from;
  uint32_t decoded_line = 0;
};

struct ArtifactReport {
  std::string path;       // as given on the command line
  std::string sha256;     // of the artifact file; empty for directories
  std::string kind;       // wheel | sdist | zip | directory; empty if unknown
  double score = 0;       // 0..10
  Verdict verdict = Verdict::Safe;
  std::vector<Finding> findings;  // sorted: severity desc, then file, line, rule
  std::vector<std::string> errors;
  bool unreadable = false;  // the artifact could not be opened or read at all
  uint64_t files_scanned = 0;
  uint64_t bytes_scanned = 0;
  uint64_t files_parsed = 0;  // files tree-sitter parsed because an AST rule could match them
  uint64_t files_decoded = 0;  // decoded layers scanned as files (not counted in files_scanned)
};

// The order of ArtifactReport::findings: severity descending, then file,
// line, rule. Whoever changes findings after a scan sorts them again.
void sort_findings(std::vector<Finding>& findings);

}  // namespace canary
