#include "check_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "exit_status.hpp"
#include "registry/index_client.hpp"
#include "registry/pep440.hpp"
#include "registry/release_signals.hpp"
#include "check_sarif.hpp"
#include "release_check.hpp"
#include "scan_setup.hpp"

namespace canary::cli {
namespace {

using namespace canary::registry;
constexpr const char* kCommand = "canary check";

int check_error(const std::string& message, int status) {
  std::cerr << kCommand << ": error: " << message << '\n';
  return status;
}

class Checker {
 public:
  Checker(const CheckArgs& args, ScanSetup& setup, IndexClient& client)
      : args_(args), setup_(setup), client_(client) {}

  // The release's metadata facts: the page, both JSON API documents and
  // both releases' provenance.
  ReleaseFacts facts_for(const ProjectPage& page, const std::string& version) {
    return release_facts(args_, client_, page, version);
  }

  // Downloads and scans every wanted file of `version` with `facts`.
  std::vector<CheckedFile> scan_release(const ProjectPage& page, const std::string& version, const ReleaseFacts& facts) {
    std::vector<CheckedFile> out;
    for (const DistFile* f : release_files(page, version)) {
      if (!wanted_dist_kind(f->kind, args_.index.only)) continue;
      CheckedFile c;
      c.file = *f;
      Download d = client_.download(*f);
      c.actual_sha256 = d.actual_sha256;
      c.from_cache = d.from_cache;
      if (d.digest_mismatch) {
        c.digest_mismatch = true;
        c.report = mismatch_report(*f, d.actual_sha256, setup_.opts.thresholds);
      } else if (!d.ok()) {
        c.error = d.error;
        c.report.path = f->filename;
        c.report.unreadable = true;
        c.report.errors.push_back(d.error);
      } else {
        c.report = scan_release_file(setup_, *f, d.path, facts);
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  // The most recent earlier release, not yanked, whose files all scan below
  // HIGH_RISK; at most args.rollback_depth releases are tried.
  RollbackHint rollback(const ProjectPage& page, const std::string& version) {
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
      if (tried++ >= args_.rollback_depth) {
        hint.note = "no clean release among the " + std::to_string(args_.rollback_depth) + " before " + version;
        return hint;
      }
      ReleaseFacts facts = facts_for(page, *it);
      std::vector<CheckedFile> files = scan_release(page, *it, facts);
      if (files.empty()) {
        hint.skipped.push_back(*it + " (no " + (args_.index.only.empty() ? "wheel or sdist" : args_.index.only) + ")");
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

 private:
  const CheckArgs& args_;
  ScanSetup& setup_;
  IndexClient& client_;
};

}  // namespace

RollbackHint find_rollback(const CheckArgs& args, ScanSetup& setup, IndexClient& client, const ProjectPage& page,
                           const std::string& version) {
  return Checker(args, setup, client).rollback(page, version);
}

int run_check(const CheckArgs& args) {
  IndexSettings settings;
  if (int status = resolve_index_settings(kCommand, args.index, settings)) return status;
  ScanSetup setup;
  if (int status = resolve_scan_setup(kCommand, args.scan, setup)) return status;
  if (int status = validate_scan_setup(setup)) return status;
  if (int status = load_scan_setup(!args.json && !args.sarif && !setup.args.quiet, setup)) return status;

  IndexClient client(settings);
  const bool quiet = setup.args.quiet;
  client.on_note = [quiet](const std::string& note) {
    if (!quiet) std::cerr << "check: " << note << '\n';
  };

  CheckReport report;
  report.index_url = client.settings().index_url;
  try {
    ProjectPage page = client.project(args.name);
    report.project = page.name;
    if (args.version == "latest") {
      report.latest = true;
      report.version = latest_version(page);
      if (report.version.empty())
        throw IndexError(IndexErrorKind::NoVersion, "project " + args.name + " on " + report.index_url + " has no releases");
    } else {
      std::string nearby;
      report.version = find_version(page, args.version, nearby);
      if (report.version.empty())
        throw IndexError(IndexErrorKind::NoVersion, "no version " + args.version + " of " + args.name + " on " +
                                                        report.index_url +
                                                        (nearby.empty() ? "" : " (nearby versions: " + nearby + ")"));
    }
    Checker checker(args, setup, client);
    report.release = checker.facts_for(page, report.version);
    report.files = checker.scan_release(page, report.version, report.release);
    if (report.files.empty()) {
      std::string kinds;
      for (const DistFile* f : release_files(page, report.version)) kinds += (kinds.empty() ? "" : ", ") + f->filename;
      throw IndexError(IndexErrorKind::NoFiles,
                       args.name + " " + report.version + " has no " +
                           (args.index.only.empty() ? "wheel or sdist" : args.index.only) +
                           (kinds.empty() ? " files" : " (its files: " + kinds + ")"));
    }
    bool any_readable = false;
    for (const CheckedFile& c : report.files) {
      if (c.report.unreadable) continue;
      any_readable = true;
      report.verdict = std::max(report.verdict, c.report.verdict);
      report.score = std::max(report.score, c.report.score);
    }
    if (any_readable && report.verdict >= Verdict::HighRisk) report.rollback = checker.rollback(page, report.version);
  } catch (const IndexError& e) {
    if (args.index.offline && !client.missing().empty()) {
      std::cerr << kCommand << ": error: " << e.what() << '\n';
      for (const std::string& m : client.missing()) std::cerr << "  missing from the cache: " << m << '\n';
      return kExitUnreadable;
    }
    return check_error(e.what(), index_error_status(e));
  }
  report.missing = client.missing();

  bool unreadable = std::any_of(report.files.begin(), report.files.end(),
                                [](const CheckedFile& c) { return c.report.unreadable; });
  bool failed = setup.args.fail_on && report.verdict >= *setup.args.fail_on;
  const int exit_status = scan_exit_status(failed, unreadable);
  if (args.json) print_check_json(report, std::cout);
  else if (args.sarif) write_check_sarif(report, setup.compiled, setup.args.fail_on, exit_status, std::cout);
  else print_check_text(report, std::cout, color_enabled(setup.args.color, STDOUT_FILENO));
  return exit_status;
}

}  // namespace canary::cli
