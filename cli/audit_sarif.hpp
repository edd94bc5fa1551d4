// `canary audit --format sarif`: an AuditReport as one SARIF 2.1.0 log
// through the shared writer (sarif_output.hpp). Every result is located in
// the user's repository: a policy finding at the dependency file line it is
// about, a finding in a package's file at the line that pins the package,
// with the package file and the path inside it in the message and as
// relatedLocations[0]. docs/sarif.md.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <vector>

#include "audit_report.hpp"
#include "engine/compiled_pack.hpp"

namespace canary::cli {

// The rule id of the finding a fetched file gets when its sha256 is none of
// those the dependency file records (--hash, lock files): critical.
inline constexpr const char* kLockDigestMismatchRule = "AUDIT_LOCK_DIGEST_MISMATCH";

nlohmann::ordered_json audit_sarif(const AuditReport& report, const std::vector<const CompiledPack*>& packs,
                                   std::optional<Verdict> fail_on, int exit_code);
void write_audit_sarif(const AuditReport& report, const std::vector<const CompiledPack*>& packs,
                       std::optional<Verdict> fail_on, int exit_code, std::ostream& out);

}  // namespace canary::cli
