#include "audit_sarif.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "check_report.hpp"
#include "check_sarif.hpp"
#include "engine/score.hpp"
#include "engine/sha256.hpp"
#include "output.hpp"
#include "sarif_output.hpp"

namespace canary::cli {
namespace {

using json = nlohmann::ordered_json;

// Descriptors of the findings no pack rule makes: the policy ids of
// engine/dep_policy.cpp and cli/audit_advisories.cpp (docs/audit.md, "Policy
// findings") and the two integrity findings. The severity is the usual one;
// each result carries its own.
std::vector<SarifRule> audit_rules() {
  return {
      {"DEP_TYPOSQUAT", "Name imitates a popular project",
       "The dependency's name is a near miss of one of the most-downloaded PyPI projects (separators, look-alike "
       "letters, affixes, a swap or an edit away): a typosquat installs someone else's code.",
       Severity::High, {"supply-chain", "typosquatting"}, {}},
      {"DEP_INSECURE_URL", "Packages come over an unencrypted connection",
       "A package, index or find-links URL uses http://, git://, ftp:// or svn://: anyone on the path can replace "
       "what is installed.",
       Severity::High, {"supply-chain"}, {}},
      {"DEP_UNPINNED", "No version constraint",
       "The requirement takes whatever version the index serves at install time, including a compromised release "
       "published a minute earlier.",
       Severity::Medium, {"supply-chain", "pinning"}, {}},
      {"DEP_RANGE_VERSION", "A version range, not one version",
       "The specifier admits more than one version, so a new (possibly compromised) release is installed without a "
       "change to this file.",
       Severity::Low, {"supply-chain", "pinning"}, {}},
      {"DEP_MISSING_HASH", "No hash to check the download against",
       "A pinned dependency without --hash (or a lock entry without file digests): the bytes installed are not tied "
       "to the bytes that were reviewed.",
       Severity::Medium, {"supply-chain", "integrity"}, {}},
      {"DEP_DIRECT_URL", "Installed from a direct URL, not from the index",
       "The archive at the URL can change without a version change; nothing scans it before it is installed.",
       Severity::Medium, {"supply-chain"}, {}},
      {"DEP_VCS", "Installed from a version-control repository",
       "Installed from git/hg/svn/bzr; a branch or tag can move (low severity when a full commit id is given).",
       Severity::Medium, {"supply-chain"}, {}},
      {"DEP_EXTRA_INDEX_URL", "A second index is searched beside the main one",
       "pip takes the highest version from any index, so a public project with a private project's name wins "
       "(dependency confusion).",
       Severity::Medium, {"supply-chain", "dependency-confusion"}, {}},
      {"DEP_TRUSTED_HOST", "TLS certificate checks are turned off for a host",
       "--trusted-host lets anyone on the path to that host serve the packages.", Severity::Medium, {"supply-chain"}, {}},
      {"DEP_LOCAL_PATH", "Installed from a local path",
       "A local path or editable directory is not fetched from an index; scan it with `canary scan`.", Severity::Info,
       {"supply-chain"}, {}},
      {"DEP_KNOWN_MALICIOUS", "Pinned release is listed by a malicious-package advisory",
       "An OSV MAL- advisory (hashfeeds/osv/ or --osv) lists this exact release as malware: remove the pin.",
       Severity::Critical, {"supply-chain", "known-bad"}, {}},
      {"DEP_ALTERNATE_INDEX", "Locked from an index other than PyPI",
       "The lock entry names another index; make sure it is the one you mean.", Severity::Info, {"supply-chain"}, {}},
      {kLockDigestMismatchRule, "The file's sha256 is none of those the dependency file records",
       "The file the index serves for this pinned release is not a file the lock or --hash pins recorded: the "
       "release's files changed after locking, or the index is not the one locked from.",
       Severity::Critical, {"supply-chain", "integrity"}, {}},
      digest_mismatch_sarif_rule(),
  };
}

// The text of each line of a dependency file, for region snippets (and
// distinct fingerprints of two findings of one rule in one file).
class LineReader {
 public:
  std::string line(const std::string& path, uint32_t number) {
    auto [it, added] = files_.try_emplace(path);
    if (added) {
      std::ifstream in(path, std::ios::binary);
      for (std::string text; std::getline(in, text);) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        it->second.push_back(std::move(text));
      }
    }
    return number >= 1 && number <= it->second.size() ? it->second[number - 1] : "";
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

// One report per dependency file with policy findings, so the shared writer
// locates each at FILE:LINE (a finding with no inner file is about the
// analysed file itself).
std::vector<ArtifactReport> policy_reports(const AuditReport& report) {
  std::vector<ArtifactReport> out;
  std::map<std::string, size_t> by_file;
  LineReader lines;
  for (const PolicyFinding& p : report.policy) {
    auto [it, added] = by_file.try_emplace(p.origin.file, out.size());
    if (added) {
      ArtifactReport r;
      r.path = p.origin.file;
      r.kind = "dependency-file";
      std::string error;
      r.sha256 = sha256_file_hex(p.origin.file, error);
      out.push_back(std::move(r));
    }
    ArtifactReport& r = out[it->second];
    Finding f;
    f.rule = p.id;
    f.severity = p.severity;
    f.title = p.detail.empty() ? p.title : p.title + ": " + p.detail;
    f.line = p.origin.line;
    f.excerpt = lines.line(p.origin.file, p.origin.line);
    if (f.excerpt.empty()) f.excerpt = p.package;
    f.tags = {"supply-chain", "policy"};
    r.findings.push_back(std::move(f));
    r.verdict = std::max(r.verdict, policy_verdict(p.severity));
  }
  for (ArtifactReport& r : out) r.score = compute_score(r.findings);
  return out;
}

json package_summary(const AuditPackage& p) {
  json origins = json::array();
  for (const SourcePosition& o : p.origins) origins.push_back(o.str());
  bool verdict_known = p.status == PackageStatus::Scanned || !p.artifacts.empty();
  return json{{"name", p.normalized},
              {"version", p.version},
              {"status", std::string(to_string(p.status))},
              {"verdict", verdict_known ? json(std::string(to_string(p.verdict))) : json(nullptr)},
              {"score", verdict_known ? json(display_score(p.score)) : json(nullptr)},
              {"files", p.artifact_files},
              {"origins", std::move(origins)}};
}

}  // namespace

json audit_sarif(const AuditReport& report, const std::vector<const CompiledPack*>& packs,
                 std::optional<Verdict> fail_on, int exit_code) {
  SarifRun run;
  run.command = "audit";
  run.packs = packs;
  run.extra_rules = audit_rules();
  run.fail_on = fail_on;
  run.exit_code = exit_code;

  const std::vector<ArtifactReport> policy = policy_reports(report);
  for (const ArtifactReport& r : policy) run.targets.push_back({&r, "", 0});

  // The package files under the name the index gives them (the local copy's
  // path is a cache detail), located at the first line that pins the package.
  std::vector<ArtifactReport> files;
  for (const AuditPackage& p : report.packages)
    for (size_t i = 0; i < p.artifacts.size(); ++i) {
      files.push_back(p.artifacts[i]);
      files.back().path = p.artifact_files[i];
    }
  size_t next = 0;
  double score = 0;
  for (const AuditPackage& p : report.packages) {
    for (size_t i = 0; i < p.artifacts.size(); ++i, ++next)
      run.targets.push_back({&files[next], p.origins.empty() ? "" : p.origins.front().file,
                             p.origins.empty() ? 0u : p.origins.front().line});
    score = std::max(score, p.score);
  }

  for (const AuditFile& f : report.files)
    if (!f.error.empty()) run.errors.push_back(f.error);
  for (const AuditPackage& p : report.packages)
    if (p.status == PackageStatus::Failed) run.errors.push_back(p.normalized + " " + p.version + ": " + p.error);

  json packages = json::array();
  for (const AuditPackage& p : report.packages) packages.push_back(package_summary(p));
  run.properties = {{"verdict", std::string(to_string(report.verdict))},
                    {"score", display_score(score)},
                    {"index", report.index_url.empty() ? json(nullptr) : json(report.index_url)},
                    {"packages", std::move(packages)},
                    {"policyFindings", report.policy.size()},
                    {"missing", report.missing}};
  return sarif_log(run);
}

void write_audit_sarif(const AuditReport& report, const std::vector<const CompiledPack*>& packs,
                       std::optional<Verdict> fail_on, int exit_code, std::ostream& out) {
  out << sarif_text(audit_sarif(report, packs, fail_on, exit_code)) << std::flush;
}

}  // namespace canary::cli
