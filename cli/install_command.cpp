#include "install_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "check_report.hpp"
#include "exit_status.hpp"
#include "index_options.hpp"
#include "install_pip.hpp"
#include "install_private_dir.hpp"
#include "install_resolve.hpp"
#include "osv_feeds.hpp"
#include "output.hpp"
#include "registry/index_client.hpp"
#include "release_check.hpp"
#include "scan_setup.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace fs = std::filesystem;
using namespace canary::registry;

namespace {

constexpr const char* kCommand = "canary install";
// pip ran and failed, or could not be run: what it left behind is its own
// report's to say (docs/install.md).
constexpr int kExitPipFailed = 4;

int install_error(const std::string& message, int status) {
  std::cerr << kCommand << ": error: " << escape_for_terminal(message) << '\n';
  return status;
}

void install_warning(const std::string& message) {
  std::cerr << kCommand << ": warning: " << escape_for_terminal(message) << '\n';
}

// One spec on its way to pip.
struct Candidate {
  InstallSpec spec;
  CheckReport report;  // one file: the one that would be installed
  ProjectPage page;    // for the rollback hint of a refused release
  DistFile file;
  fs::path path;  // the private copy that was scanned; empty for a digest mismatch
  bool digest_mismatch = false;
  bool at_fail_on = false;  // verdict at or above --fail-on
};

std::string verdict_text(const ArtifactReport& r) {
  char score[16];
  std::snprintf(score, sizeof score, "%.1f", display_score(r.score));
  return std::string(to_string(r.verdict)) + ", score " + score;
}

std::string fail_on_text(const std::optional<Verdict>& fail_on) {
  return fail_on ? std::string(to_string(*fail_on)) : "none";
}

// The interpreter's wheel tags, asked for once and only when a wheel that
// is not pure Python 3 has to be judged.
class TagCache {
 public:
  TagCache(std::vector<std::string> pip, std::vector<std::string> passthrough)
      : pip_(std::move(pip)), passthrough_(std::move(passthrough)) {}
  const std::vector<std::string>* get(std::string& note) {
    if (!asked_) {
      asked_ = true;
      std::string error;
      ok_ = pip_supported_tags(pip_, passthrough_, tags_, error);
      if (!ok_)
        note = "cannot tell which wheels fit the interpreter (" + error +
               "); only pure-Python wheels and sdists are candidates";
    }
    return ok_ ? &tags_ : nullptr;
  }

 private:
  std::vector<std::string> pip_, passthrough_, tags_;
  bool asked_ = false, ok_ = false;
};

}  // namespace

int run_install(const InstallArgs& args) {
  const CheckArgs& opts = args.check;
  if (args.specs.empty())
    return install_error("nothing to install: give NAME, NAME==VERSION or NAME>=VERSION", kExitUsage);
  std::vector<InstallSpec> specs;
  for (const std::string& text : args.specs) {
    InstallSpec s;
    std::string error;
    if (!parse_install_spec(text, s, error)) return install_error(error, kExitUsage);
    for (const InstallSpec& other : specs)
      if (other.normalized == s.normalized)
        return install_error("'" + other.text + "' and '" + text + "' name the same project; give it once", kExitUsage);
    specs.push_back(std::move(s));
  }
  if (std::string error = check_pip_passthrough(args.pip_args); !error.empty()) return install_error(error, kExitUsage);
  const std::vector<std::string> pip =
      args.pip.empty() ? std::vector<std::string>{args.python.empty() ? "python3" : args.python, "-m", "pip"}
                       : std::vector<std::string>{args.pip};

  ScanSetup setup;
  if (int status = resolve_scan_setup(kCommand, opts.scan, setup)) return status;
  if (int status = validate_scan_setup(setup)) return status;
  if (int status = load_scan_setup(!setup.args.quiet, setup)) return status;
  registry::OsvAdvisories advisories;
  if (int status = load_osv_feeds(kCommand, setup, opts.osv, !setup.args.quiet, advisories))
    return status;
  const bool quiet = setup.args.quiet;
  const bool color = color_enabled(setup.args.color, STDOUT_FILENO);
  const std::optional<Verdict>& fail_on = setup.args.fail_on;

  IndexSettings settings;
  if (int status = resolve_index_settings(kCommand, opts.index, settings)) return status;
  IndexClient client(settings);
  const std::string index_url = client.settings().index_url;
  client.on_note = [quiet](const std::string& note) {
    if (!quiet) std::cerr << "install: " << escape_for_terminal(note) << '\n';
  };
  PrivateDir dir;
  if (std::string error; !dir.create(error)) return install_error(error, kExitUnreadable);
  TagCache tags(pip, args.pip_args);

  // 1. Resolve, download, verify, copy and scan every spec before installing any.
  std::vector<Candidate> candidates;
  for (const InstallSpec& spec : specs) {
    Candidate c;
    c.spec = spec;
    try {
      c.page = client.project(spec.normalized);
      const ProjectPage& page = c.page;
      std::string yanked_note;
      std::string version = choose_install_version(page, spec, index_url, yanked_note);
      if (!yanked_note.empty()) install_warning(yanked_note);
      std::vector<std::string> notes;
      c.file = choose_install_file(
          page, version, opts.index.only, [&tags](std::string& note) { return tags.get(note); }, notes);
      for (const std::string& n : notes) install_warning(n);
      if (c.file.sha256.empty())
        return install_error(c.file.filename + ": " + index_url +
                                 " publishes no sha256 for it, so the download cannot be verified; not installed",
                             kExitUnreadable);
      if (!quiet) std::cerr << "install: " << escape_for_terminal(spec.text) << " -> " << c.file.filename << '\n';
      c.report.index_url = index_url;
      c.report.project = page.name;
      c.report.version = version;
      c.report.latest = spec.specifier.empty();
      c.report.release = release_facts(opts.cooldown_hours, client, page, version, &advisories);
      CheckedFile checked;
      Download d = download_release_file(client, c.file, setup.opts.thresholds, checked);
      if (d.digest_mismatch) {
        c.digest_mismatch = true;
      } else if (!d.ok()) {
        for (const std::string& m : client.missing()) std::cerr << "  missing from the cache: " << m << '\n';
        return install_error(c.file.filename + ": " + d.error + "; nothing installed", kExitUnreadable);
      } else {
        std::string error;
        if (!dir.add_copy(d.path, c.file.filename, c.file.sha256, c.path, error))
          return install_error(error + "; nothing installed", kExitUnreadable);
        checked.report = scan_release_file(setup, c.file, c.path, c.report.release);
        if (checked.report.unreadable)
          return install_error(
              c.file.filename + " could not be scanned (" +
                  (checked.report.errors.empty() ? std::string("unreadable") : checked.report.errors.front()) +
                  "); nothing installed",
              kExitUnreadable);
      }
      c.report.verdict = checked.report.verdict;
      c.report.score = checked.report.score;
      c.at_fail_on = fail_on && checked.report.verdict >= *fail_on;
      c.report.files.push_back(std::move(checked));
    } catch (const IndexError& e) {
      std::cerr << kCommand << ": error: " << escape_for_terminal(e.what()) << '\n';
      for (const std::string& m : client.missing()) std::cerr << "  missing from the cache: " << m << '\n';
      std::cerr << kCommand << ": nothing installed\n";
      return args.check.index.offline && !client.missing().empty() ? kExitUnreadable : index_error_status(e);
    }
    print_check_text(c.report, std::cout, color);
    candidates.push_back(std::move(c));
  }

  // 2. Decide: every file below --fail-on, or --force; a file that is not
  // the one the index published is never installed.
  std::cout << '\n';
  bool refused = false, mismatch = false;
  for (const Candidate& c : candidates) {
    const ArtifactReport& r = c.report.files.front().report;
    if (c.digest_mismatch) {
      mismatch = true;
      std::cout << "refuse    " << c.file.filename << ": not the file the index published (sha256 " << c.file.sha256
                << ", received " << c.report.files.front().actual_sha256
                << "); never installed, not even with --force\n";
    } else if (c.at_fail_on) {
      refused = true;
      std::cout << (args.force ? "FORCED    " : "refuse    ") << c.file.filename << ": " << verdict_text(r)
                << ", at or above --fail-on " << fail_on_text(fail_on) << '\n';
    } else {
      std::cout << "pass      " << c.file.filename << ": " << verdict_text(r)
                << (fail_on ? ", below --fail-on " + fail_on_text(fail_on) : std::string(" (--fail-on none)")) << '\n';
    }
  }
  if (mismatch) {
    std::cerr << kCommand
              << ": error: nothing installed: a download does not match the sha256 the index publishes "
                 "(a tampered mirror or a man in the middle); report it to the index\n";
    return kExitFailOn;
  }
  if (refused && !args.force) {
    for (Candidate& c : candidates) {
      if (!c.at_fail_on) continue;
      std::cerr << kCommand << ": refusing " << c.report.project << " " << c.report.version << " (" << c.file.filename
                << "): " << to_string(c.report.verdict) << " is at or above --fail-on " << fail_on_text(fail_on)
                << '\n';
      // The release to install instead, found as `canary check` finds it.
      RollbackHint hint;
      try {
        hint = find_rollback(opts, setup, client, c.page, c.report.version, &advisories);
      } catch (const IndexError& e) {
        hint.note = e.what();
      }
      std::cout << "rollback  ";
      if (!hint.version.empty())
        std::cout << c.report.project << " " << hint.version << " is the most recent earlier release that scans clean ("
                  << to_string(hint.verdict) << "): canary install " << c.report.project << "==" << hint.version;
      else
        std::cout << "none: " << hint.note;
      for (const std::string& s : hint.skipped) std::cout << "\n          skipped " << s;
      std::cout << '\n';
    }
    std::cerr << kCommand << ": nothing installed (--force installs anyway)\n";
    return kExitFailOn;
  }
  if (refused) {
    std::cerr << "\n*** " << kCommand << ": WARNING: --force: installing what canary flagged at or above --fail-on "
              << fail_on_text(fail_on) << ":\n";
    for (const Candidate& c : candidates)
      if (c.at_fail_on)
        std::cerr << "***   " << c.file.filename << "  " << verdict_text(c.report.files.front().report) << '\n';
    std::cerr
        << "*** Its code can run on this machine from now on (at install, at import, at interpreter start-up).\n\n";
  }

  // 3. pip installs exactly the scanned copies, each pinned to its digest.
  std::vector<PipRequirement> requirements;
  for (const Candidate& c : candidates) requirements.push_back({c.report.project, c.path, c.file.sha256});
  const std::string req_text = requirements_text(requirements);
  fs::path req_path;
  if (std::string error; !dir.add_text("requirements.txt", req_text, req_path, error))
    return install_error(error, kExitUnreadable);
  // An sdist is built by pip: with build isolation it would first install
  // the build requirements from somewhere (find-links, a config file), and
  // canary has not scanned those. The environment's build backend builds it.
  std::vector<std::string> passthrough = args.pip_args;
  if (std::any_of(candidates.begin(), candidates.end(),
                  [](const Candidate& c) { return c.file.kind == DistKind::Sdist; }) &&
      std::find(passthrough.begin(), passthrough.end(), "--no-build-isolation") == passthrough.end())
    passthrough.insert(passthrough.begin(), "--no-build-isolation");
  const std::vector<std::string> argv = pip_install_argv(pip, req_path, passthrough);
  std::cout << "note      dependencies are not installed (pip --no-deps): install each with canary install, or "
               "audit a lock file of the full set with `canary audit`\n";
  if (args.dry_run) {
    std::cout << "dry run   would run: " << escape_for_terminal(shell_command(argv)) << '\n';
    std::cout << "          " << req_path.string() << ":\n";
    std::istringstream lines(req_text);
    for (std::string line; std::getline(lines, line);) std::cout << "            " << escape_for_terminal(line) << '\n';
    std::cout << "          (nothing installed; the directory is removed when canary exits)\n";
    return kExitOk;
  }
  // The last check before pip reads them: the directory is still ours alone
  // and each file still has the digest that was scanned (pip checks it once
  // more against --hash while it reads the file).
  {
    std::string error;
    if (!dir.still_private(error)) return install_error(error + "; nothing installed", kExitUnreadable);
    for (const Candidate& c : candidates)
      if (!file_still_has_digest(c.path, c.file.sha256, error))
        return install_error(error + "; nothing installed", kExitUnreadable);
  }
  std::cout << "running   " << escape_for_terminal(shell_command(argv)) << '\n';
  std::string error;
  int status = run_program(argv, nullptr, error);
  if (status < 0)
    return install_error(error + " (choose the interpreter with --python PATH or pip with --pip PATH)", kExitPipFailed);
  if (status != 0)
    return install_error(shell_command(pip) + " exited " + std::to_string(status) + "; see its output above",
                         kExitPipFailed);
  for (const Candidate& c : candidates)
    std::cout << "installed " << c.report.project << " " << c.report.version << " from " << c.file.filename
              << " (sha256 " << c.file.sha256 << ")\n";
  return kExitOk;
}

}  // namespace canary::cli
