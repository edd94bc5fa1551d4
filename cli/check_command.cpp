#include "check_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "exit_status.hpp"
#include "osv_feeds.hpp"
#include "registry/index_client.hpp"
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

}  // namespace

int run_check(const CheckArgs& args) {
  IndexSettings settings;
  if (int status = resolve_index_settings(kCommand, args.index, settings)) return status;
  ScanSetup setup;
  if (int status = resolve_scan_setup(kCommand, args.scan, setup)) return status;
  if (int status = validate_scan_setup(setup)) return status;
  const bool chatty = !args.json && !args.sarif && !setup.args.quiet;
  if (int status = load_scan_setup(chatty, setup)) return status;
  registry::OsvAdvisories advisories;
  if (int status = load_osv_feeds(kCommand, setup, args.osv, chatty, advisories)) return status;

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
    report.release = release_facts(args.cooldown_hours, client, page, report.version, &advisories);
    report.files = check_release_files(args, setup, client, page, report.version, report.release);
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
    if (any_readable && report.verdict >= Verdict::HighRisk)
      report.rollback = find_rollback(args, setup, client, page, report.version, &advisories);
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
