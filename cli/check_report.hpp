// The result of `canary check NAME [VERSION]`, independent of how it is
// printed: text and JSON here (check_output.cpp), SARIF elsewhere.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/release_facts.hpp"
#include "engine/report.hpp"
#include "registry/index_types.hpp"

namespace canary::cli {

// The rule id of the finding a download that does not match the index's
// sha256 gets (it is never scanned): critical, so the verdict is MALICIOUS.
inline constexpr const char* kDigestMismatchRule = "canary:INDEX_DIGEST_MISMATCH";

struct CheckedFile {
  registry::DistFile file;
  ArtifactReport report;          // report.path is the file name
  bool digest_mismatch = false;   // report holds the one synthetic finding
  std::string actual_sha256;      // of the bytes received
  bool from_cache = false;
  std::string error;              // could not be downloaded (report is unreadable)
};

struct RollbackHint {
  std::string version;            // "" when none was found
  Verdict verdict = Verdict::Safe;
  double score = 0;
  std::vector<std::string> skipped;  // "1.82.7 (MALICIOUS)", "1.0 (yanked)", ...
  std::string note;               // why there is none, when there is none
};

struct CheckReport {
  std::string index_url;
  std::string project;            // normalised name
  std::string version;            // the release checked
  bool latest = false;            // the version was resolved from "latest"
  ReleaseFacts release;
  std::vector<CheckedFile> files;
  double score = 0;               // the highest of the files'
  Verdict verdict = Verdict::Safe;  // the worst of the files'
  std::optional<RollbackHint> rollback;  // looked for when verdict >= HIGH_RISK
  std::vector<std::string> missing;      // --offline: what the cache lacked
};

void print_check_text(const CheckReport& report, std::ostream& out, bool color);
void print_check_json(const CheckReport& report, std::ostream& out);

}  // namespace canary::cli
