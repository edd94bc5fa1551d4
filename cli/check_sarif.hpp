// `canary check --format sarif`: a CheckReport as one SARIF 2.1.0 log through
// the shared writer (sarif_output.hpp): one analysed artifact per release
// file (named as the index names it), the release's verdict, and the index,
// project, version and rollback hint as run properties. docs/sarif.md.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <vector>

#include "check_report.hpp"
#include "engine/compiled_pack.hpp"
#include "sarif_output.hpp"

namespace canary::cli {

// The descriptor of kDigestMismatchRule, a finding no pack holds; audit's
// SARIF lists it too (audit_sarif.cpp).
SarifRule digest_mismatch_sarif_rule();

nlohmann::ordered_json check_sarif(const CheckReport& report, const std::vector<const CompiledPack*>& packs,
                                   std::optional<Verdict> fail_on, int exit_code);
void write_check_sarif(const CheckReport& report, const std::vector<const CompiledPack*>& packs,
                       std::optional<Verdict> fail_on, int exit_code, std::ostream& out);

}  // namespace canary::cli
