#include "audit_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "audit_advisories.hpp"
#include "audit_fetch.hpp"
#include "audit_output.hpp"
#include "audit_sarif.hpp"
#include "check_report.hpp"
#include "exit_status.hpp"
#include "osv_feeds.hpp"
#include "release_check.hpp"
#include "scan_setup.hpp"
#include "engine/dependency_files.hpp"
#include "engine/score.hpp"
#include "engine/typosquat.hpp"

namespace canary::cli {

std::string_view to_string(PackageStatus s) {
  switch (s) {
    case PackageStatus::Scanned: return "scanned";
    case PackageStatus::NotPinned: return "not_pinned";
    case PackageStatus::NotIndexed: return "not_indexed";
    case PackageStatus::Failed: return "failed";
    case PackageStatus::Skipped: return "skipped";
  }
  return "skipped";
}

Verdict policy_verdict(Severity s) {
  switch (s) {
    case Severity::Critical: return Verdict::Malicious;
    case Severity::High: return Verdict::HighRisk;
    case Severity::Medium: case Severity::Low: return Verdict::LowRisk;
    case Severity::Info: return Verdict::Safe;
  }
  return Verdict::Safe;
}

namespace {

// One entry per (name, version) across every file; unpinned names once.
void collect_packages(const DependencyFile& file, AuditReport& report) {
  std::map<std::string, std::string> constraint_pins;  // normalized -> version pinned by a -c file
  for (const Dependency& d : file.dependencies)
    if (d.constraint && d.pinned) constraint_pins.emplace(d.normalized, d.version);
  for (const Dependency& d : file.dependencies) {
    if (d.constraint || d.normalized.empty()) continue;
    std::string version = d.pinned ? d.version : "";
    if (version.empty() && d.source == SourceKind::Index)
      if (auto it = constraint_pins.find(d.normalized); it != constraint_pins.end()) version = it->second;
    PackageStatus status = d.source != SourceKind::Index ? PackageStatus::NotIndexed
                           : version.empty()             ? PackageStatus::NotPinned
                                                         : PackageStatus::Skipped;
    AuditPackage* existing = nullptr;
    for (AuditPackage& p : report.packages)
      if (p.normalized == d.normalized && p.version == version && p.status == status) existing = &p;
    if (!existing) {
      report.packages.push_back({});
      existing = &report.packages.back();
      existing->name = d.name;
      existing->normalized = d.normalized;
      existing->version = version;
      existing->status = status;
    }
    existing->origins.push_back(d.origin);
    // A lock lists each digest with its file and again among the hashes: keep one.
    auto record = [&](const std::string& hex) {
      std::vector<std::string>& known = existing->locked_sha256;
      if (!hex.empty() && std::find(known.begin(), known.end(), hex) == known.end()) known.push_back(hex);
    };
    for (const LockedFile& f : d.files) record(f.sha256);
    for (const std::string& h : d.hashes)
      if (h.rfind("sha256:", 0) == 0) record(h.substr(7));
  }
}

// A file whose digest the lock does not list was not the file that was locked.
void check_locked_digest(const AuditPackage& p, const FetchedFile& f, ArtifactReport& r, const VerdictThresholds& t) {
  if (p.locked_sha256.empty() || f.sha256.empty()) return;
  for (const std::string& h : p.locked_sha256)
    if (h == f.sha256) return;
  Finding finding;
  finding.rule = kLockDigestMismatchRule;
  finding.severity = Severity::Critical;
  finding.title = "The file's sha256 is none of those the dependency file records";
  finding.excerpt = f.file_name + " sha256 " + f.sha256 + "; recorded: " + p.locked_sha256.front() +
                    (p.locked_sha256.size() > 1 ? " and " + std::to_string(p.locked_sha256.size() - 1) + " more" : "");
  finding.tags = {"audit", "integrity"};
  r.findings.push_back(std::move(finding));
  sort_findings(r.findings);
  r.score = compute_score(r.findings);
  r.verdict = verdict_for(r.score, t);
}

void fetch_and_scan(const ScanSetup& setup, PackageFetcher& fetcher, AuditPackage& p) {
  FetchResult fetched = fetcher.fetch(p.normalized, p.version);
  p.missing = std::move(fetched.missing);
  if (fetched.files.empty()) {
    p.status = PackageStatus::Failed;
    p.error = fetched.error.empty() ? "no files" : fetched.error;
    return;
  }
  p.status = PackageStatus::Scanned;
  for (const FetchedFile& f : fetched.files) {
    if (!f.digest_mismatch.empty()) {
      p.verdict = Verdict::Malicious;
      p.score = 10;
      p.artifact_files.push_back(f.file_name);
      // The finding `canary check` gives (release_check.hpp), with the fetcher's
      // account of the two digests.
      ArtifactReport r = digest_mismatch_report(f.file_name, f.sha256, f.digest_mismatch, setup.args.thresholds);
      r.findings.front().tags.insert(r.findings.front().tags.begin(), "audit");
      p.artifacts.push_back(std::move(r));
      continue;
    }
    ArtifactReport r = scan_path(setup, f.path, nullptr, fetched.release ? &*fetched.release : nullptr);
    check_locked_digest(p, f, r, setup.args.thresholds);
    if (r.unreadable) {
      p.status = PackageStatus::Failed;
      p.error = f.file_name + ": " + (r.errors.empty() ? "unreadable" : r.errors.front());
    }
    p.verdict = std::max(p.verdict, r.verdict);
    p.score = std::max(p.score, r.score);
    p.artifact_files.push_back(f.file_name);
    p.artifacts.push_back(std::move(r));
  }
  // Some files came and were scanned, others did not: not a clean pass.
  if (!fetched.error.empty()) {
    p.status = PackageStatus::Failed;
    p.error = fetched.error;
  }
}

// Progress lines and the index client's notes come from several threads.
std::mutex stderr_mutex;

// Scans the packages to scan with `jobs` threads; progress on a terminal.
void scan_packages(const ScanSetup& setup, PackageFetcher& fetcher, std::vector<AuditPackage*>& todo, unsigned jobs,
                   bool progress) {
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    for (size_t i = next++; i < todo.size(); i = next++) {
      fetch_and_scan(setup, fetcher, *todo[i]);
      size_t n = ++done;
      if (progress) {
        std::lock_guard<std::mutex> lock(stderr_mutex);
        std::cerr << "\r\033[K[" << n << "/" << todo.size() << "] " << escape_for_terminal(todo[i]->normalized) << " "
                  << escape_for_terminal(todo[i]->version) << std::flush;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs && t < todo.size(); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (progress) std::cerr << "\r\033[K" << std::flush;
}

// Where pinned packages come from: --from-dir, else the index.
std::unique_ptr<PackageFetcher> make_fetcher(const AuditArgs& args, const registry::IndexSettings& index, bool progress) {
  if (!args.from_dir.empty()) return make_directory_fetcher(args.from_dir, args.index.only);
  std::function<void(const std::string&)> note;
  if (!args.scan.quiet)
    note = [progress](const std::string& message) {
      std::lock_guard<std::mutex> lock(stderr_mutex);
      std::cerr << (progress ? "\r\033[K" : "") << "audit: " << escape_for_terminal(message) << '\n';
    };
  return make_index_fetcher(index, args.index.only, args.cooldown_hours, std::move(note));
}

}  // namespace

int run_audit(const AuditArgs& args) {
  const char* command = "canary audit";
  if (args.files.empty()) return scan_usage_error(command, "no dependency files to audit");
  std::optional<DependencyFormat> forced;
  if (!args.input_format.empty()) {
    forced = parse_format_name(args.input_format);
    if (!forced) return scan_usage_error(command, "unknown --input-format '" + args.input_format + "'");
  }
  if (!args.from_dir.empty() && (!args.index.index_url.empty() || args.index.offline))
    return scan_usage_error(command, "--from-dir takes the files from a directory: --index-url and --offline do not apply to it");
  // The config file is read even when nothing is scanned: its fail-on
  // decides the exit status of policy findings too.
  ScanSetup setup;
  if (int status = resolve_scan_setup(command, args.scan, setup)) return status;
  const std::optional<Verdict> fail_on = setup.args.fail_on;
  // Advisories name releases, so they apply to the pins themselves, before
  // (and without) any fetch.
  registry::OsvAdvisories advisories;
  if (int status = load_osv_feeds(command, setup, args.osv,
                                  args.format == AuditFormat::Table && !setup.args.quiet, advisories))
    return status;
  registry::IndexSettings index;
  const bool from_index = !args.no_scan && args.from_dir.empty();
  if (from_index)
    if (int status = resolve_index_settings(command, args.index, index)) return status;

  AuditReport report;
  bool any_unreadable = false;
  PolicyOptions policy;
  policy.require_hashes = args.require_hashes;
  policy.typosquats = args.no_typosquat ? nullptr : &TyposquatIndex::builtin();
  for (const std::string& path : args.files) {
    AuditFile entry;
    entry.path = path;
    try {
      DependencyFile file = parse_dependency_file(path, forced);
      entry.format = std::string(to_string(file.format));
      entry.dependencies = file.dependencies.size();
      entry.included = file.included;
      for (PolicyFinding& f : check_dependency_policy(file, policy)) report.policy.push_back(std::move(f));
      for (PolicyFinding& f : advisory_findings(file, advisories)) report.policy.push_back(std::move(f));
      collect_packages(file, report);
    } catch (const DependencyFileError& e) {
      entry.error = e.what();
      any_unreadable = true;
      std::cerr << command << ": error: " << escape_for_terminal(e.what()) << "\n";
    }
    report.files.push_back(std::move(entry));
  }

  std::vector<AuditPackage*> todo;
  for (AuditPackage& p : report.packages)
    if (p.status == PackageStatus::Skipped && !args.no_scan) todo.push_back(&p);

  if (!todo.empty()) {
    if (int status = validate_scan_setup(setup)) return status;
    if (int status = load_scan_setup(args.format == AuditFormat::Table && !setup.args.quiet, setup)) return status;
    bool progress = args.format == AuditFormat::Table && !setup.args.quiet && isatty(STDERR_FILENO);
    if (from_index) report.index_url = index.index_url;
    std::unique_ptr<PackageFetcher> fetcher = make_fetcher(args, index, progress);
    scan_packages(setup, *fetcher, todo, std::max(1u, args.jobs), progress);
  }

  for (const AuditPackage& p : report.packages) {
    if (p.status == PackageStatus::Failed) any_unreadable = true;
    if (p.status == PackageStatus::Scanned || !p.artifacts.empty()) report.verdict = std::max(report.verdict, p.verdict);
    report.missing.insert(report.missing.end(), p.missing.begin(), p.missing.end());
  }
  for (const PolicyFinding& f : report.policy) report.verdict = std::max(report.verdict, policy_verdict(f.severity));

  bool failed = fail_on && report.verdict >= *fail_on;
  const int exit_status = scan_exit_status(failed, any_unreadable);
  if (args.format == AuditFormat::Json) write_audit_json(report, std::cout);
  else if (args.format == AuditFormat::Sarif) write_audit_sarif(report, setup.compiled, fail_on, exit_status, std::cout);
  else write_audit_table(report, std::cout, color_enabled(setup.args.color, STDOUT_FILENO));

  // The table shows why a package failed; the other formats go to tools,
  // so the reasons are also said on stderr.
  if (args.format != AuditFormat::Table)
    for (const AuditPackage& p : report.packages)
      if (p.status == PackageStatus::Failed)
        std::cerr << command << ": error: " << escape_for_terminal(p.normalized + " " + p.version + ": " + p.error) << '\n';
  if (!report.missing.empty()) {
    std::cerr << command << ": error: offline: " << report.missing.size()
              << " index page(s) or file(s) are not in the cache (run once without --offline to fill it)\n";
    for (const std::string& m : report.missing) std::cerr << "  missing from the cache: " << escape_for_terminal(m) << '\n';
  }
  return exit_status;
}

}  // namespace canary::cli
