// What `canary audit` produces, independent of how it is printed (table, JSON,
// and SARIF through the shared writer): the dependency files read, the policy
// findings about them, and one entry per pinned package with the scan of each
// file downloaded for it. /work/contracts/audit-api.md and docs/audit.md
// describe it for other writers.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/dep_policy.hpp"
#include "engine/dependency.hpp"
#include "engine/report.hpp"

namespace canary::cli {

struct AuditFile {
  std::string path;
  std::string format;  // to_string(DependencyFormat)
  size_t dependencies = 0;
  std::vector<std::string> included;  // requirements includes, the file itself first
  std::string error;   // "FILE:LINE: message" when it could not be parsed (then nothing else is set)
};

enum class PackageStatus {
  Scanned,     // files downloaded and scanned: verdict and artifacts are set
  NotPinned,   // no exact version: not scanned (a policy finding says so)
  NotIndexed,  // a URL, VCS or local source: not fetched from an index
  Failed,      // resolving or downloading failed: error is set
  Skipped,     // --no-scan: parsed and checked, nothing fetched
};
std::string_view to_string(PackageStatus s);  // "scanned", "not_pinned", "not_indexed", "failed", "skipped"

struct AuditPackage {
  std::string name;        // as first written
  std::string normalized;  // PEP 503
  std::string version;     // the pinned version; "" when not pinned
  std::vector<SourcePosition> origins;  // every FILE:LINE that names it
  std::vector<std::string> locked_sha256;  // digests the lock files give for its files (lowercase hex)
  PackageStatus status = PackageStatus::Skipped;
  std::string error;       // Failed: why
  Verdict verdict = Verdict::Safe;  // worst of its artifacts
  double score = 0;                 // highest of its artifacts
  std::vector<ArtifactReport> artifacts;  // one per file scanned (path: the local copy)
  std::vector<std::string> artifact_files;  // the file name of each artifact, as the index names it
  std::vector<std::string> missing;         // --offline: what the cache lacked for it
};

struct AuditReport {
  std::vector<AuditFile> files;
  std::vector<PolicyFinding> policy;
  std::vector<AuditPackage> packages;  // in first-seen order
  // The overall verdict: the worst package verdict, raised by policy findings
  // (critical -> MALICIOUS, high -> HIGH_RISK, medium/low -> LOW_RISK).
  Verdict verdict = Verdict::Safe;
  std::string index_url;              // the index packages came from; "" with --from-dir or --no-scan
  std::vector<std::string> missing;   // --offline: what the cache lacked, in package order
};

// The verdict a policy finding of this severity counts as for --fail-on.
Verdict policy_verdict(Severity s);

}  // namespace canary::cli
