// The canary command line. CLI11 is slow to compile, so it is included here
// and nowhere else; the commands themselves live in *_command.cpp.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <optional>

#include "diff_command.hpp"
#include "check_command.hpp"
#include "audit_command.hpp"
#include "eval_command.hpp"
#include "install_command.hpp"
#include "exit_status.hpp"
#include "pack_source.hpp"
#include "pack_command.hpp"
#include "rules_command.hpp"
#include "rules_compile.hpp"
#include "rules_explain.hpp"
#include "rules_fmt.hpp"
#include "rules_list.hpp"
#include "scan_command.hpp"
#include "scan_limits.hpp"
#include "test_command.hpp"
#include "version.hpp"

namespace {

using namespace canary;
using namespace canary::cli;

void add_stdlib_option(CLI::App* cmd, std::vector<std::string>& stdlib_dirs) {
  cmd->add_option("--stdlib", stdlib_dirs, "Extra import directory for rules (repeatable)")
      ->allow_extra_args(false)
      ->type_name("DIR");
}

void add_no_cache_option(CLI::App* cmd) {
  cmd->add_flag("--no-cache", no_cache_requested(),
                "Neither read nor write the cache of compiled rules (see `canary rules compile`)");
}

// The pack options every command that loads rules has.
void add_pack_options(CLI::App* cmd, std::vector<std::string>& rule_paths, std::vector<std::string>& stdlib_dirs) {
  cmd->add_option("--rules", rule_paths,
                  "Rule pack: a directory with canary-pack.toml, a .canarypack bundle, or rule files/directories "
                  "(repeatable, several packs load together; default: the installed pack)")
      ->allow_extra_args(false)  // one PATH per --rules, so artifacts may follow it
      ->type_name("PATH");
  add_stdlib_option(cmd, stdlib_dirs);
  add_no_cache_option(cmd);
}

void add_color_option(CLI::App* cmd, std::string& color) {
  cmd->add_option("--color", color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
}

// The limits of scan_limits.hpp that have no option of their own above;
// their values are checked with the config file's (scan_settings.cpp).
void add_limit_options(CLI::App* cmd, ScanArgs& args) {
  for (const LimitSpec& spec : limit_specs()) {
    if (spec.own_option) continue;
    std::string name(spec.name);
    const char* type = spec.unit == LimitUnit::Bytes          ? "BYTES"
                       : spec.unit == LimitUnit::Milliseconds ? "MS"
                       : spec.unit == LimitUnit::Seconds      ? "SECONDS"
                                                              : "N";
    cmd->add_option_function<std::string>(
           "--" + name, [&args, name](const std::string& v) { args.limit_options.emplace_back(name, v); },
           std::string(spec.help))
        ->type_name(type);
  }
}

// The options `scan` and `eval` share: those that decide what a verdict is.
void add_verdict_options(CLI::App* cmd, ScanArgs& args) {
  add_pack_options(cmd, args.rule_paths, args.stdlib_dirs);
  cmd->add_option("--threshold-low", args.thresholds.low_risk, "Lowest score that is LOW_RISK")
      ->default_val(args.thresholds.low_risk);
  cmd->add_option("--threshold-high", args.thresholds.high_risk, "Lowest score that is HIGH_RISK")
      ->default_val(args.thresholds.high_risk);
  cmd->add_option("--threshold-malicious", args.thresholds.malicious, "Lowest score that is MALICIOUS")
      ->default_val(args.thresholds.malicious);
  cmd->add_option("--max-file-size", args.max_file_size,
                  "Bytes read from each file inside an artifact; the rest is not scanned (default 64M; suffixes K, M, G are x1024)")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("BYTES");
  cmd->add_option("--max-decode-depth", args.max_decode_depth,
                  "Decode steps (base64, zlib, ...) followed from a file into encoded blobs; 0 turns decoding off")
      ->check(CLI::Range(0, 16))
      ->default_val(args.max_decode_depth);
  cmd->add_option("--max-decoded-bytes", args.max_decoded_bytes,
                  "Bytes decoded from the blobs of one file, all layers together (default 8M; suffixes K, M, G are x1024)")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("BYTES");
  add_limit_options(cmd, args);
  cmd->add_option("--rules-sha256", args.rules_sha256,
                  "Refuse to scan unless the pack's sha256 is HEX (one --rules) or PATH=HEX (repeatable)")
      ->allow_extra_args(false)
      ->type_name("[PATH=]HEX");
  cmd->add_option("--hashfeed", args.hashfeeds,
                  "Also look digests and indicators up in this known-bad feed (docs/hashfeeds.md; repeatable)")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd->add_flag("--no-hashfeeds", args.no_hashfeeds, "Do not load the default feeds of hashfeeds/");
}

void add_scan_command(CLI::App& app, ScanArgs& args, std::string& format, std::string& fail_on, std::string& color) {
  CLI::App* scan = app.add_subcommand("scan", "Scan wheels, sdists, zips or unpacked directories without running them");
  add_verdict_options(scan, args);
  scan->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"table", "json", "jsonl", "sarif"}))
      ->default_str("table");
  scan->add_option("--fail-on", fail_on,
                   "Exit 1 when an artifact's verdict is at or above this: SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none")
      ->check([](const std::string& s) -> std::string {
        Verdict v;
        if (s == "none" || parse_verdict(s, v)) return {};
        return "expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none, got '" + s + "'";
      })
      ->default_str("HIGH_RISK");
  scan->add_option("--from-list", args.from_list, "Read artifact paths from FILE, one per line ('-' for stdin)")
      ->type_name("FILE");
  add_color_option(scan, color);
  scan->add_flag("-q,--quiet", args.quiet, "Do not print the rules header or rule warnings");
  scan->add_flag("--profile", args.profile,
                 "After the reports, print to stderr the time per stage and per rule (slowest first) and how the pack was loaded");
  scan->add_option("-j,--jobs", args.jobs, "Artifacts scanned at once (one thread each)")->default_val(1);
  // Hidden: parse files whole, not by statement, to compare the two (docs/performance.md).
  scan->add_flag("--whole-file-parse", args.whole_file_parse)->group("");
  scan->add_option("artifacts", args.artifacts, "Artifacts to scan")->type_name("ARTIFACT");
}

// --config, --no-config, (for scan) --show-config, and which options the
// command line gave (those win over the config file; docs/packs.md, "Config
// file").
void add_config_options(CLI::App* cmd, ScanArgs& args, bool show_config) {
  auto* config = cmd->add_option("--config", args.config_path,
                                 "Read settings from FILE instead of the canary.toml or pyproject.toml [tool.canary] "
                                 "found in the current directory or its parents")
                     ->type_name("FILE");
  cmd->add_flag("--no-config", args.no_config, "Do not read any config file")->excludes(config);
  if (show_config)
    cmd->add_flag("--show-config", args.show_config,
                  "Print every setting with its value and origin, then exit without scanning");
  cmd->final_callback([cmd, &args] {
    for (const CLI::Option* o : cmd->get_options())
      if (o->count() > 0 && !o->get_lnames().empty()) args.given.push_back("--" + o->get_lnames().front());
  });
}

void add_eval_command(CLI::App& app, EvalArgs& args, std::string& format, std::string& color) {
  CLI::App* eval = app.add_subcommand(
      "eval", "Measure the pack: recall on malicious artifacts, false positives on benign packages (docs/evaluation.md)");
  add_verdict_options(eval, args.scan);
  add_config_options(eval, args.scan, /*show_config=*/false);
  eval->add_option("--malicious", args.malicious,
                   "Known-malicious artifact, directory searched recursively for artifacts, or @FILE listing such "
                   "paths (repeatable)")
      ->type_name("PATH");
  eval->add_option("--benign", args.benign,
                   "Benign artifact or package directory, each one unit, or @FILE listing such paths (repeatable)")
      ->type_name("PATH");
  eval->add_option("--benign-units", args.benign_units,
                   "Directory such as site-packages: each top-level package directory, .py module and .pth file in "
                   "it is one benign unit (repeatable)")
      ->type_name("DIR");
  eval->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->default_str("text");
  eval->add_flag("--show-low", args.show_low, "Also list benign units at LOW_RISK");
  eval->add_option("-j,--jobs", args.jobs, "Artifacts scanned at once")->default_val(1);
  add_color_option(eval, color);
  eval->add_flag("-q,--quiet", args.scan.quiet, "Do not print the rules header, progress or rule warnings");
}

// Stores a --fail-on value ("none" or a verdict); false when it is neither.
bool set_fail_on(const std::string& value, std::optional<Verdict>& out) {
  Verdict v;
  if (value == "none") out.reset();
  else if (parse_verdict(value, v)) out = v;
  else return false;
  return true;
}

// Returns "" for a valid --fail-on value, else CLI11's error message.
std::string check_fail_on(const std::string& s) {
  Verdict v;
  if (s == "none" || parse_verdict(s, v)) return {};
  return "expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none, got '" + s + "'";
}

// The package-index options of `check`, `install`, `audit` and `diff NAME V1 V2` (index_options.hpp).
void add_index_options(CLI::App* cmd, IndexArgs& args) {
  cmd->add_option("--only", args.only, "Only the wheels or only the sdists")
      ->check(CLI::IsMember({"wheel", "sdist"}))
      ->type_name("wheel|sdist");
  cmd->add_option("--index-url", args.index_url,
                  "Simple API root of the index (default: $PIP_INDEX_URL, else https://pypi.org/simple/)")
      ->type_name("URL");
  cmd->add_option("--cache-dir", args.cache_dir, "Cache directory (default: the canary cache, see docs/registry.md)")
      ->type_name("DIR");
  cmd->add_flag("--offline", args.offline, "Use only the cache; print what is missing from it");
  cmd->add_option("--timeout", args.timeout, "Seconds each request may take")->default_val(args.timeout)
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--connect-timeout", args.connect_timeout, "Seconds to connect")
      ->default_val(args.connect_timeout)
      ->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--retries", args.retries, "Retries of a request that failed with 5xx or a timeout")
      ->default_val(args.retries)
      ->check(CLI::Range(0, 10));
}

void add_diff_command(CLI::App& app, DiffArgs& args, std::string& format, std::string& fail_on, std::string& color) {
  CLI::App* diff = app.add_subcommand(
      "diff", "Compare two versions of a package: files added, removed and changed, new .pth files, entry points, "
              "native binaries, build hooks, and the findings only the new version has (docs/diff.md)");
  add_verdict_options(diff, args.scan);
  add_config_options(diff, args.scan, /*show_config=*/false);
  diff->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  diff->add_option("--fail-on", fail_on,
                   "Exit 1 when the verdict of the new version's new findings is at or above this "
                   "(SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none)")
      ->check(check_fail_on)
      ->default_str("HIGH_RISK");
  add_color_option(diff, color);
  diff->add_flag("-q,--quiet", args.scan.quiet, "Do not print the rules header or rule warnings");
  add_index_options(diff, args.index);
  diff->add_option("artifacts", args.targets,
                   "The old and the new version: wheels, sdists, zips or directories; or a project and two of its "
                   "versions on the package index")
      ->type_name("OLD NEW | NAME V1 V2");
}

// --osv of `check` and `install` (osv_feeds.hpp).
void add_osv_option(CLI::App* cmd, std::vector<std::string>& paths) {
  cmd->add_option("--osv", paths,
                  "Also read OSV malicious-package advisories (ossf/malicious-packages JSON) from this file or "
                  "directory, after hashfeeds/osv/ (docs/hashfeeds.md; repeatable)")
      ->allow_extra_args(false)
      ->type_name("PATH");
}

// --cooldown of `check` and `install` (release.cooldown_hours).
void add_cooldown_option(CLI::App* cmd, int64_t& hours) {
  cmd->add_option("--cooldown", hours, "Hours after upload that a release counts as very recent")
      ->default_val(hours)
      ->check(CLI::Range(int64_t{0}, int64_t{24 * 365 * 10}));
}

void add_audit_command(CLI::App& app, AuditArgs& args, std::string& format, std::string& fail_on, std::string& color) {
  CLI::App* audit = app.add_subcommand(
      "audit", "Check dependency files (requirements, pyproject, poetry/uv/Pipfile locks, pylock) and scan every pinned package (docs/audit.md)");
  add_verdict_options(audit, args.scan);
  add_config_options(audit, args.scan, /*show_config=*/false);
  audit->add_option("--format", format, "Output format")->check(CLI::IsMember({"table", "json", "sarif"}))->default_str("table");
  audit->add_option("--fail-on", fail_on,
                    "Exit 1 when a package's verdict, or a policy finding's (high: HIGH_RISK, critical: MALICIOUS), is at or above this")
      ->default_str("HIGH_RISK");
  audit->add_option("--input-format", args.input_format,
                    "Read every FILE as this format instead of judging by its name: requirements, pyproject, poetry-lock, "
                    "uv-lock, pipfile-lock, pylock")
      ->type_name("FORMAT");
  audit->add_flag("--require-hashes", args.require_hashes, "Report every pinned index dependency without a hash (DEP_MISSING_HASH)");
  audit->add_flag("--no-typosquat", args.no_typosquat, "Do not compare names with the most-downloaded projects");
  audit->add_flag("--no-scan", args.no_scan, "Only parse and report policy findings; fetch and scan nothing");
  audit->add_option("--from-dir", args.from_dir,
                    "Take each pinned package's files from DIR (as `pip download -d DIR` leaves them)")
      ->type_name("DIR");
  add_index_options(audit, args.index);
  add_osv_option(audit, args.osv);
  add_cooldown_option(audit, args.cooldown_hours);
  audit->add_option("-j,--jobs", args.jobs, "Packages fetched and scanned at once")->default_val(args.jobs);
  add_color_option(audit, color);
  audit->add_flag("-q,--quiet", args.scan.quiet, "Do not print the rules header, progress or rule warnings");
  audit->add_option("files", args.files, "Dependency files")->type_name("FILE");
}

void add_rules_command(CLI::App& app, RulesCheckArgs& args, std::string& format, std::string& color) {
  CLI::App* rules = app.add_subcommand("rules", "Work with rule files");
  rules->require_subcommand(1);
  CLI::App* check = rules->add_subcommand("check", "Parse and check rule files; print every problem");
  check->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  add_stdlib_option(check, args.stdlib_dirs);
  add_no_cache_option(check);
  add_color_option(check, color);
  check->add_flag("--strict", args.strict,
                  "Also fail on warnings and on rules, private rules and pattern sets no test fixture names");
  check->add_option("paths", args.paths, "Rule files or directories")->required()->type_name("PATH");
}

void add_rules_list_command(CLI::App& rules, RulesListArgs& args, std::string& format) {
  CLI::App* list = rules.add_subcommand("list", "List the rules of a pack: id, severity, tags, title");
  add_pack_options(list, args.rule_paths, args.stdlib_dirs);
  list->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_str("table");
  list->add_flag("--all", args.all, "Also list private rules");
}

void add_rules_explain_command(CLI::App& rules, RulesExplainArgs& args, std::string& format) {
  CLI::App* explain = rules.add_subcommand("explain", "Show everything about one rule");
  add_pack_options(explain, args.rule_paths, args.stdlib_dirs);
  explain->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  explain->add_option("rule", args.rule, "Rule id: NAME or ns.NAME")->required()->type_name("RULE");
}

void add_rules_compile_command(CLI::App& rules, RulesCompileArgs& args) {
  CLI::App* compile = rules.add_subcommand(
      "compile", "Compile a pack and store it in the cache of compiled rules; print the entry, its key and the compile time");
  add_pack_options(compile, args.rule_paths, args.stdlib_dirs);
}

void add_test_command(CLI::App& app, TestArgs& args, std::string& format, std::string& color) {
  CLI::App* test = app.add_subcommand("test", "Run rule fixtures and corpus expectations (docs/testing.md)");
  add_pack_options(test, args.rule_paths, args.stdlib_dirs);
  test->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  add_color_option(test, color);
  test->add_option("paths", args.paths,
                   "Rule files, rule directories and corpus directories (default: the installed pack, stdlib and corpus)")
      ->type_name("PATH");
}

void add_rules_fmt_command(CLI::App& rules, RulesFmtArgs& args) {
  CLI::App* fmt = rules.add_subcommand("fmt", "Rewrite rule files in the canonical layout");
  fmt->add_flag("--check", args.check, "Write nothing; list the files that would change and exit 1 if any");
  fmt->add_flag("--diff", args.diff, "Write nothing; print a unified diff and exit 1 if any file would change");
  fmt->add_option("paths", args.paths, "Rule files or directories")->required()->type_name("PATH");
}

// `canary check NAME [VERSION|latest]` (docs/registry.md).
void add_check_command(CLI::App& app, CheckArgs& args, std::string& format, std::string& fail_on, std::string& color) {
  CLI::App* check = app.add_subcommand(
      "check", "Download a release from a package index, verify and scan its files, weigh its metadata");
  add_verdict_options(check, args.scan);
  add_config_options(check, args.scan, /*show_config=*/false);
  check->add_option("name", args.name, "Project name")->required()->type_name("NAME");
  check->add_option("version", args.version, "Release to check (default: latest)")->type_name("VERSION|latest");
  add_index_options(check, args.index);
  add_cooldown_option(check, args.cooldown_hours);
  check->add_option("--rollback-depth", args.rollback_depth, "Earlier releases scanned for the rollback hint")
      ->default_val(args.rollback_depth)
      ->check(CLI::Range(0, 100));
  add_osv_option(check, args.osv);
  check->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json", "sarif"}))->default_str("text");
  check->add_option("--fail-on", fail_on, "Exit 1 when the verdict is at or above this (or none)")
      ->check([](const std::string& s) -> std::string {
        Verdict v;
        if (s == "none" || parse_verdict(s, v)) return {};
        return "expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none, got '" + s + "'";
      })
      ->default_str("HIGH_RISK");
  add_color_option(check, color);
  check->add_flag("-q,--quiet", args.scan.quiet, "Do not print the rules header, progress or warnings");
}

// `canary install SPEC... [-- PIP_OPTION...]` (docs/install.md); what follows
// "--" is split off before parsing (run()).
void add_install_command(CLI::App& app, InstallArgs& args, std::string& fail_on, std::string& color) {
  CLI::App* install = app.add_subcommand(
      "install", "Resolve each spec to one file on the index, verify and scan it, and pip-install that same file "
                 "only if it passes --fail-on (docs/install.md)");
  add_verdict_options(install, args.check.scan);
  add_config_options(install, args.check.scan, /*show_config=*/false);
  add_index_options(install, args.check.index);
  add_cooldown_option(install, args.check.cooldown_hours);
  add_osv_option(install, args.check.osv);
  install->add_option("--fail-on", fail_on, "Refuse to install at or above this verdict (or none)")
      ->check(check_fail_on)
      ->default_str("HIGH_RISK");
  install->add_flag("--force", args.force, "Install even what is at or above --fail-on, with a warning");
  install->add_option("--rollback-depth", args.check.rollback_depth,
                      "Earlier releases scanned for a clean one to suggest when a release is refused")
      ->default_val(args.check.rollback_depth)
      ->check(CLI::Range(0, 100));
  install->add_flag("--dry-run", args.dry_run, "Resolve, download and scan; print the pip command instead of running it");
  auto* python = install->add_option("--python", args.python, "Install with PATH -m pip (default: python3)")
                     ->type_name("PATH");
  install->add_option("--pip", args.pip, "Install with this pip executable")->type_name("PATH")->excludes(python);
  add_color_option(install, color);
  install->add_flag("-q,--quiet", args.check.scan.quiet, "Do not print the rules header, progress or warnings");
  install->add_option("specs", args.specs, "NAME, NAME==VERSION or NAME with a version specifier (NAME>=1,<2)")
      ->type_name("SPEC");
}

void add_pack_command(CLI::App& app, PackArgs& build_args, PackArgs& digest_args) {
  CLI::App* pack = app.add_subcommand("pack", "Bundle rule packs and compute their digests");
  pack->require_subcommand(1);
  CLI::App* build = pack->add_subcommand("build", "Write a pack directory as one .canarypack bundle; print its sha256");
  build->add_option("dir", build_args.path, "Pack directory (holding canary-pack.toml)")->required()->type_name("DIR");
  build->add_option("-o,--output", build_args.output, "Bundle file to write")->required()->type_name("FILE");
  add_stdlib_option(build, build_args.stdlib_dirs);
  CLI::App* digest = pack->add_subcommand("digest", "Print the sha256 of a bundle, or of the bundle a pack directory would be");
  digest->add_option("path", digest_args.path, "Pack directory or bundle")->required()->type_name("PATH");
  add_stdlib_option(digest, digest_args.stdlib_dirs);
}

int run(int argc, char** argv) {
  CLI::App app{"canary: find malicious behaviour in Python package artifacts without installing or running them",
               "canary"};
  app.set_version_flag("--version", "canary " + std::string(kCanaryVersion));
  app.require_subcommand(1);

  ScanArgs scan_args;
  std::string scan_format = "table", fail_on = "HIGH_RISK", scan_color = "auto";
  add_scan_command(app, scan_args, scan_format, fail_on, scan_color);
  add_config_options(app.get_subcommand("scan"), scan_args, /*show_config=*/true);
  EvalArgs eval_args;
  std::string eval_format = "text", eval_color = "auto";
  add_eval_command(app, eval_args, eval_format, eval_color);

  AuditArgs audit_args;
  std::string audit_format = "table", audit_fail_on = "HIGH_RISK", audit_color = "auto";
  add_audit_command(app, audit_args, audit_format, audit_fail_on, audit_color);

  RulesCheckArgs check_args;
  std::string check_format = "text", check_color = "auto";
  add_rules_command(app, check_args, check_format, check_color);
  CLI::App& rules_app = *app.get_subcommand("rules");
  RulesListArgs list_args;
  std::string list_format = "table";
  add_rules_list_command(rules_app, list_args, list_format);
  RulesExplainArgs explain_args;
  std::string explain_format = "text";
  add_rules_explain_command(rules_app, explain_args, explain_format);
  RulesCompileArgs compile_args;
  add_rules_compile_command(rules_app, compile_args);

  TestArgs test_args;
  std::string test_format = "text", test_color = "auto";
  add_test_command(app, test_args, test_format, test_color);
  RulesFmtArgs fmt_args;
  add_rules_fmt_command(rules_app, fmt_args);

  PackArgs pack_build_args, pack_digest_args;
  add_pack_command(app, pack_build_args, pack_digest_args);

  DiffArgs diff_args;
  std::string diff_format = "text", diff_fail_on = "HIGH_RISK", diff_color = "auto";
  add_diff_command(app, diff_args, diff_format, diff_fail_on, diff_color);
  CheckArgs check_cmd_args;
  std::string check_cmd_format = "text", check_fail_on = "HIGH_RISK", check_cmd_color = "auto";
  add_check_command(app, check_cmd_args, check_cmd_format, check_fail_on, check_cmd_color);
  InstallArgs install_args;
  std::string install_fail_on = "HIGH_RISK", install_color = "auto";
  add_install_command(app, install_args, install_fail_on, install_color);
  // `canary install SPEC... -- PIP_OPTION...`: what follows "--" is pip's.
  if (argc > 1 && std::string(argv[1]) == "install")
    for (int i = 2; i < argc; ++i)
      if (std::string(argv[i]) == "--") {
        install_args.pip_args.assign(argv + i + 1, argv + argc);
        argc = i;
        break;
      }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with code 0; every real parse error
    // is a usage error, whatever CLI11's own code for it.
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (app.got_subcommand("scan")) {
    parse_output_format(scan_format, scan_args.format);
    parse_color_mode(scan_color, scan_args.color);
    set_fail_on(fail_on, scan_args.fail_on);
    return run_scan(scan_args);
  }
  if (app.got_subcommand("eval")) {
    parse_eval_format(eval_format, eval_args.format);
    parse_color_mode(eval_color, eval_args.scan.color);
    return run_eval(eval_args);
  }
  if (app.got_subcommand("diff")) {
    diff_args.json = diff_format == "json";
    parse_color_mode(diff_color, diff_args.scan.color);
    set_fail_on(diff_fail_on, diff_args.scan.fail_on);
    return run_diff(diff_args);
  }
  if (app.got_subcommand("check")) {
    check_cmd_args.json = check_cmd_format == "json";
    check_cmd_args.sarif = check_cmd_format == "sarif";
    parse_color_mode(check_cmd_color, check_cmd_args.scan.color);
    set_fail_on(check_fail_on, check_cmd_args.scan.fail_on);
    return run_check(check_cmd_args);
  }
  if (app.got_subcommand("install")) {
    parse_color_mode(install_color, install_args.check.scan.color);
    set_fail_on(install_fail_on, install_args.check.scan.fail_on);
    return run_install(install_args);
  }
  if (app.got_subcommand("audit")) {
    audit_args.format = audit_format == "json" ? AuditFormat::Json : audit_format == "sarif" ? AuditFormat::Sarif : AuditFormat::Table;
    parse_color_mode(audit_color, audit_args.scan.color);
    if (!set_fail_on(audit_fail_on, audit_args.scan.fail_on)) {
      std::cerr << "canary audit: error: --fail-on: expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or none, got '"
                << audit_fail_on << "'\n";
      return kExitUsage;
    }
    return run_audit(audit_args);
  }
  if (app.got_subcommand("test")) {
    test_args.json = test_format == "json";
    parse_color_mode(test_color, test_args.color);
    return run_test(test_args);
  }
  if (CLI::App* pack = app.get_subcommand("pack"); pack->parsed()) {
    if (pack->got_subcommand("build")) return run_pack_build(pack_build_args);
    return run_pack_digest(pack_digest_args);
  }
  CLI::App* rules = app.get_subcommand("rules");
  if (rules->got_subcommand("check")) {
    check_args.json = check_format == "json";
    parse_color_mode(check_color, check_args.color);
    return run_rules_check(check_args);
  }
  if (rules->got_subcommand("list")) {
    list_args.json = list_format == "json";
    return run_rules_list(list_args);
  }
  if (rules->got_subcommand("fmt")) return run_rules_fmt(fmt_args);
  if (rules->got_subcommand("explain")) {
    explain_args.json = explain_format == "json";
    return run_rules_explain(explain_args);
  }
  if (rules->got_subcommand("compile")) return run_rules_compile(compile_args);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "canary: internal error: " << e.what() << '\n';
    return kExitUsage;
  }
}
