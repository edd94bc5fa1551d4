#include "release_check.hpp"

#include <algorithm>

#include "engine/score.hpp"
#include "exit_status.hpp"
#include "index_options.hpp"
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

ReleaseFacts release_facts(int64_t cooldown_hours, IndexClient& client, const ProjectPage& page,
                           const std::string& version, const OsvAdvisories* advisories) {
  ReleaseEvidence ev;
  ev.page = &page;
  ev.version = version;
  ev.previous_version = previous_version(page, version);
  ev.cooldown_hours = cooldown_hours;
  ev.info = client.release_info(page.name, version);
  if (!ev.previous_version.empty()) ev.previous_info = client.release_info(page.name, ev.previous_version);
  ev.provenance = first_provenance(client, page, version);
  if (!ev.previous_version.empty()) ev.previous_provenance = first_provenance(client, page, ev.previous_version);
  // The recent history before the previous release, so that a returning
  // maintainer or publisher is not "new".
  if (!ev.previous_version.empty())
    for (const std::string& v : versions_before(page, ev.previous_version, kReleaseHistory - 1))
      ev.earlier.push_back({v, client.release_info(page.name, v), first_provenance(client, page, v)});
  ReleaseFacts facts = compute_release_facts(ev);
  if (const OsvAdvisory* a = advisories ? advisories->find(page.name, version) : nullptr) {
    facts.known_malicious = true;
    facts.advisory = a->id;
  }
  return facts;
}

ArtifactReport digest_mismatch_report(const std::string& file_name, const std::string& actual_sha256,
                                      const std::string& excerpt, const VerdictThresholds& thresholds) {
  ArtifactReport r;
  r.path = file_name;
  r.sha256 = actual_sha256;
  Finding f;
  f.rule = kDigestMismatchRule;
  f.pack = "canary";
  f.severity = Severity::Critical;
  f.title = "Downloaded file does not match the sha256 the index publishes";
  f.file = file_name;
  f.excerpt = excerpt;
  f.tags = {"integrity"};
  r.findings.push_back(f);
  r.score = compute_score(r.findings);
  r.verdict = verdict_for(r.score, thresholds);
  return r;
}

ArtifactReport mismatch_report(const DistFile& file, const std::string& actual, const VerdictThresholds& thresholds) {
  ArtifactReport r = digest_mismatch_report(
      file.filename, actual, "index says sha256=" + file.sha256 + ", received sha256=" + actual + " (not scanned)",
      thresholds);
  r.errors.push_back("the file received is not the file the index published; it was not scanned");
  return r;
}

Download download_release_file(IndexClient& client, const DistFile& file, const VerdictThresholds& thresholds,
                               CheckedFile& out) {
  Download d = client.download(file);
  out.file = file;
  out.actual_sha256 = d.actual_sha256;
  out.from_cache = d.from_cache;
  if (d.digest_mismatch) {
    out.digest_mismatch = true;
    out.report = mismatch_report(file, d.actual_sha256, thresholds);
  }
  return d;
}

ArtifactReport scan_release_file(ScanSetup& setup, const DistFile& file, const std::filesystem::path& path,
                                 const ReleaseFacts& facts) {
  // The release's facts and file name hold for this one scan; the guard
  // takes them back even if the scan throws, so that no later scan of the
  // same setup sees this release (or a pointer to facts gone out of scope).
  struct Restore {
    ScanOptions& opts;
    ~Restore() {
      opts.release = nullptr;
      opts.artifact_name.clear();
    }
  } restore{setup.opts};
  setup.opts.release = &facts;
  setup.opts.artifact_name = file.filename;
  ArtifactReport report = scan_path(setup, path.string());
  report.path = file.filename;
  return report;
}

std::vector<CheckedFile> check_release_files(const CheckArgs& args, ScanSetup& setup, IndexClient& client,
                                             const ProjectPage& page, const std::string& version,
                                             const ReleaseFacts& facts) {
  std::vector<CheckedFile> out;
  for (const DistFile* f : release_files(page, version)) {
    if (!wanted_dist_kind(f->kind, args.index.only)) continue;
    CheckedFile c;
    Download d = download_release_file(client, *f, setup.opts.thresholds, c);
    if (d.digest_mismatch) {
      // download_release_file gave c the mismatch report; the bytes are not scanned.
    } else if (!d.ok()) {
      c.error = d.error;
      c.report.path = f->filename;
      c.report.unreadable = true;
      c.report.errors.push_back(d.error);
    } else {
      c.report = scan_release_file(setup, *f, d.path, facts);
    }
    out.push_back(std::move(c));
  }
  return out;
}

RollbackHint find_rollback(const CheckArgs& args, ScanSetup& setup, IndexClient& client, const ProjectPage& page,
                           const std::string& version, const OsvAdvisories* advisories) {
  RollbackHint hint;
  const bool allow_pre = parse_pep440(version).is_prerelease();
  int tried = 0;
  for (auto it = page.versions.rbegin(); it != page.versions.rend(); ++it) {
    if (compare_versions(*it, version) >= 0) continue;
    if (release_yanked(page, *it)) {
      hint.skipped.push_back(*it + " (yanked)");
      continue;
    }
    if (!allow_pre && parse_pep440(*it).is_prerelease()) continue;
    if (tried++ >= args.rollback_depth) {
      hint.note = "no clean release among the " + std::to_string(args.rollback_depth) + " before " + version;
      return hint;
    }
    ReleaseFacts facts = release_facts(args.cooldown_hours, client, page, *it, advisories);
    std::vector<CheckedFile> files = check_release_files(args, setup, client, page, *it, facts);
    if (files.empty()) {
      hint.skipped.push_back(*it + " (no " + (args.index.only.empty() ? "wheel or sdist" : args.index.only) + ")");
      continue;
    }
    Verdict worst = Verdict::Safe;
    double score = 0;
    bool unreadable = false;
    for (const CheckedFile& c : files) {
      unreadable = unreadable || c.report.unreadable;
      worst = std::max(worst, c.report.verdict);
      score = std::max(score, c.report.score);
    }
    if (unreadable) {
      hint.skipped.push_back(*it + " (could not be scanned)");
      continue;
    }
    if (worst >= Verdict::HighRisk) {
      hint.skipped.push_back(*it + " (" + std::string(to_string(worst)) + ")");
      continue;
    }
    hint.version = *it;
    hint.verdict = worst;
    hint.score = score;
    return hint;
  }
  hint.note = "no earlier release scans clean";
  return hint;
}

}  // namespace canary::cli
