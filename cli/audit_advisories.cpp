#include "audit_advisories.hpp"

namespace canary::cli {

std::vector<PolicyFinding> advisory_findings(const DependencyFile& file, const registry::OsvAdvisories& advisories) {
  std::vector<PolicyFinding> out;
  for (const Dependency& d : file.dependencies) {
    if (!d.pinned || d.version.empty() || d.name.empty()) continue;
    const registry::OsvAdvisory* a = advisories.find(d.name, d.version);
    if (!a) continue;
    PolicyFinding f;
    f.id = "DEP_KNOWN_MALICIOUS";
    f.severity = Severity::Critical;
    f.title = "Pinned release is listed by a malicious-package advisory";
    f.package = d.name;
    f.detail = d.name + " " + d.version + " is listed by OSV advisory " + a->id;
    f.origin = d.origin;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace canary::cli
