// `canary audit` and OSV malicious-package advisories: a pinned dependency
// whose exact release an advisory lists (hashfeeds/osv/, --osv) is a policy
// finding DEP_KNOWN_MALICIOUS at the line that pins it. It needs only the
// name and version the file gives, so it holds with --no-scan and when the
// release can no longer be fetched (an index removes malware it knows of).
#pragma once
#include <vector>

#include "engine/dep_policy.hpp"
#include "engine/dependency.hpp"
#include "registry/osv_advisories.hpp"

namespace canary::cli {

std::vector<PolicyFinding> advisory_findings(const DependencyFile& file, const registry::OsvAdvisories& advisories);

}  // namespace canary::cli
