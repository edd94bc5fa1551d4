#include "release_check.hpp"

#include <algorithm>

#include "engine/score.hpp"
#include "exit_status.hpp"
#include "registry/pep440.hpp"
#include "registry/release_signals.hpp"

namespace canary::cli {

using namespace canary::registry;

namespace {

std::optional<Provenance> first_provenance(IndexClient& client, const ProjectPage& page, const std::string& version) {
  for (const DistFile* f : release_files(page, version))
    if (!f->provenance_url.empty()) return client.provenance(*f);
  return std::nullopt;
}

}  // namespace

std::string latest_version(const ProjectPage& page) {
  for (int pass = 0; pass < 3; ++pass)
    for (auto it = page.versions.rbegin(); it != page.versions.rend(); ++it) {
      if (pass < 2 && release_yanked(page, *it)) continue;
      if (pass == 0 && parse_pep440(*it).is_prerelease()) continue;
      return *it;
    }
  return "";
}

std::string find_version(const ProjectPage& page, const std::string& wanted, std::string& nearby) {
  for (const std::string& v : page.versions)
    if (compare_versions(v, wanted) == 0) return v;
  auto pos = std::lower_bound(page.versions.begin(), page.versions.end(), wanted,
                              [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
  size_t at = static_cast<size_t>(pos - page.versions.begin());
  size_t from = at >= 3 ? at - 3 : 0, to = std::min(page.versions.size(), at + 3);
  for (size_t i = from; i < to; ++i) nearby += (nearby.empty() ? "" : ", ") + page.versions[i];
  return "";
}

ReleaseFacts release_facts(const CheckArgs& args, IndexClient& client, const ProjectPage& page,
                           const std::string& version) {
  ReleaseEvidence ev;
  ev.page = &page;
  ev.version = version;
  ev.previous_version = previous_version(page, version);
  ev.cooldown_hours = args.cooldown_hours;
  ev.info = client.release_info(page.name, version);
  if (!ev.previous_version.empty()) ev.previous_info = client.release_info(page.name, ev.previous_version);
  ev.provenance = first_provenance(client, page, version);
  if (!ev.previous_version.empty()) ev.previous_provenance = first_provenance(client, page, ev.previous_version);
  return compute_release_facts(ev);
}

ArtifactReport mismatch_report(const DistFile& file, const std::string& actual, const VerdictThresholds& thresholds) {
  ArtifactReport r;
  r.path = file.filename;
  r.sha256 = actual;
  Finding f;
  f.rule = kDigestMismatchRule;
  f.pack = "canary";
  f.severity = Severity::Critical;
  f.title = "Downloaded file does not match the sha256 the index publishes";
  f.file = file.filename;
  f.excerpt = "index says sha256=" + file.sha256 + ", received sha256=" + actual + " (not scanned)";
  f.tags = {"integrity"};
  r.findings.push_back(f);
  r.score = compute_score(r.findings);
  r.verdict = verdict_for(r.score, thresholds);
  r.errors.push_back("the file received is not the file the index published; it was not scanned");
  return r;
}

ArtifactReport scan_release_file(ScanSetup& setup, const DistFile& file, const std::filesystem::path& path,
                                 const ReleaseFacts& facts) {
  setup.opts.release = &facts;
  setup.opts.artifact_name = file.filename;
  ArtifactReport report = scan_path(setup, path.string());
  setup.opts.release = nullptr;
  setup.opts.artifact_name.clear();
  report.path = file.filename;
  return report;
}

int index_error_status(const IndexError& e) {
  switch (e.kind) {
    case IndexErrorKind::NoProject:
    case IndexErrorKind::NoVersion:
    case IndexErrorKind::NoFiles:
      return kExitUsage;
    default:
      return kExitUnreadable;
  }
}

}  // namespace canary::cli
