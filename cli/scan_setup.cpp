#include "scan_setup.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>

#include "diagnostics_output.hpp"
#include "exit_status.hpp"
#include "pack_location.hpp"
#include "pack_source.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

bool thresholds_valid(const VerdictThresholds& t) {
  // Written so that NaN fails every comparison and is rejected.
  return t.low_risk >= 0 && t.low_risk <= t.high_risk && t.high_risk <= t.malicious && std::isfinite(t.malicious);
}

// Config problems, one per line; each starts with the position it is about.
int config_errors(const char* command, const std::vector<std::string>& errors) {
  for (const std::string& e : errors) std::cerr << command << ": error: " << escape_for_terminal(e) << '\n';
  return kExitUsage;
}

// The effective pins (config file and --rules-sha256, merged by
// resolve_scan_settings) as --rules-sha256 values.
std::vector<std::string> pin_arguments(const std::vector<PackPin>& pins) {
  std::vector<std::string> out;
  for (const PackPin& pin : pins) out.push_back(pin.path.empty() ? pin.sha256 : pin.path + "=" + pin.sha256);
  return out;
}

ArtifactReport unreadable_report(const std::string& path, std::string error) {
  ArtifactReport r;
  r.path = path;
  r.unreadable = true;
  r.errors.push_back(std::move(error));
  return r;
}

// Refuses what is not a file or directory before the engine sees it: a
// missing path gets one clear message, and a FIFO or device would block or
// never end.
std::optional<ArtifactReport> precheck(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) return unreadable_report(path, "cannot open: no such file or directory");
  if (ec) return unreadable_report(path, "cannot open: " + ec.message());
  if (st.type() != fs::file_type::regular && st.type() != fs::file_type::directory)
    return unreadable_report(path, "cannot open: not a regular file or directory");
  return std::nullopt;
}

// The default feeds (every *.toml directly in hashfeeds/, found like the
// default rules) unless --no-hashfeeds, then each --hashfeed. Problems are
// "FILE:LINE:COL: message" lines; any of them stops the scan (exit 2).
bool load_hashfeeds(const ScanArgs& args, KnownBad& feeds, std::vector<std::string>& errors) {
  std::vector<fs::path> files;
  if (!args.no_hashfeeds) {
    DefaultDir dir = find_default_dir("hashfeeds", "CANARY_HASHFEEDS_DIR");
    if (!dir.error.empty()) {
      errors.push_back(dir.error);
      return false;
    }
    std::error_code ec;
    if (!dir.path.empty())
      for (fs::directory_iterator it(dir.path, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
  }
  for (const std::string& f : args.hashfeeds) files.emplace_back(f);
  for (const fs::path& f : files) feeds.add_feed_file(f, errors);
  std::string error;
  if (errors.empty() && !feeds.finish(error)) errors.push_back(error);
  return errors.empty();
}

}  // namespace

int scan_usage_error(const char* command, const std::string& message) {
  std::cerr << command << ": error: " << message << '\n';
  return kExitUsage;
}

int resolve_scan_setup(const char* command, const ScanArgs& cli_args, ScanSetup& out) {
  out.command = command;
  std::vector<std::string> problems;
  if (!resolve_scan_settings(cli_args, out.settings, problems)) return config_errors(command, problems);
  // From here on the merged settings are what the command line would have said.
  const ScanSettings& s = out.settings;
  out.args = cli_args;
  out.args.fail_on = s.fail_on.value;
  out.args.thresholds = s.thresholds();
  out.args.rule_paths = s.rules.value;
  no_cache_requested() = s.no_cache.value;
  out.args.rules_sha256 = pin_arguments(s.rules_sha256);
  out.args.hashfeeds.clear();
  for (const Setting<std::string>& f : s.hashfeeds) out.args.hashfeeds.push_back(f.value);
  return kExitOk;
}

int validate_scan_setup(const ScanSetup& setup) {
  const ScanArgs& args = setup.args;
  if (!thresholds_valid(args.thresholds))
    return scan_usage_error(setup.command,
                            "thresholds must satisfy 0 <= --threshold-low <= --threshold-high <= --threshold-malicious");
  if (args.max_file_size && *args.max_file_size == 0)
    return scan_usage_error(setup.command, "--max-file-size must be greater than 0");
  if (args.max_file_size && *args.max_file_size > 0xffffffffull)
    return scan_usage_error(setup.command,
                            "--max-file-size must be at most 4294967295 bytes (the scanners take 32-bit lengths)");
  return kExitOk;
}

int load_scan_setup(bool header, ScanSetup& out) {
  const ScanArgs& args = out.args;
  PackSetArgs pack_args{args.rule_paths, args.stdlib_dirs, args.rules_sha256};
  if (int status = load_pack_set(out.command, pack_args, /*check_only=*/false, args.quiet, args.color, out.packs))
    return status;
  if (!args.quiet)
    for (const LoadedPack& lp : out.packs.packs)
      if (!lp.cache_warning.empty())
        std::cerr << out.command << ": warning: compiled rules not cached: " << lp.cache_warning << '\n';
  if (header) {
    // Say which config file applies: its policy may hide or re-grade findings.
    if (!out.settings.config.value.empty())
      std::cerr << "config: " << escape_for_terminal(out.settings.config.value) << '\n';
    std::cerr << "rules: " << out.packs.describe() << " ("
              << count_noun(out.packs.rule_count(), "rule", "rules") << ")\n";
  }
  out.compiled = out.packs.compiled();
  std::vector<std::string> problems;
  if (!resolve_rule_policy(out.settings.policy, out.compiled, out.policy, problems))
    return config_errors(out.command, problems);
  out.feeds = std::make_unique<KnownBad>();
  std::vector<std::string> feed_errors;
  if (!load_hashfeeds(args, *out.feeds, feed_errors)) return config_errors(out.command, feed_errors);
  if (header && (out.feeds->hash_count() > 0 || out.feeds->ioc_count() > 0))
    std::cerr << "hashfeeds: " << count_noun(out.feeds->hash_count(), "hash", "hashes") << ", "
              << count_noun(out.feeds->ioc_count(), "indicator", "indicators") << '\n';
  out.opts.known_bad = out.feeds.get();
  out.opts.thresholds = args.thresholds;
  if (args.max_file_size) out.opts.limits.max_entry_bytes = *args.max_file_size;
  out.opts.max_decode_depth = args.max_decode_depth;
  out.opts.whole_file_parse = args.whole_file_parse;
  out.opts.max_decoded_bytes = args.max_decoded_bytes;
  out.settings.apply_limits(out.opts);  // the same three, and the rest, with the config file's
  return kExitOk;
}

namespace {

// The setup's options, with the profile of the calling thread.
ScanOptions options_with(const ScanSetup& setup, ScanProfile* profile, const ReleaseFacts* release = nullptr) {
  ScanOptions opts = setup.opts;
  if (profile) opts.profile = profile;
  if (release) opts.release = release;
  return opts;
}

}  // namespace

ArtifactReport scan_path(const ScanSetup& setup, const std::string& path, ScanProfile* profile,
                         const ReleaseFacts* release) {
  if (auto early = precheck(path)) return std::move(*early);
  ArtifactReport r;
  try {
    r = scan_artifact(setup.compiled, path, options_with(setup, profile, release));
  } catch (const std::exception& e) {
    // One artifact that breaks the engine must not lose the others' results.
    return unreadable_report(path, std::string("internal error while scanning: ") + e.what());
  }
  r.path = path;  // always as given, whatever the engine normalised
  apply_rule_policy(setup.policy, setup.opts.thresholds, r);
  return r;
}

ArtifactReport scan_single_file(const ScanSetup& setup, const std::string& path, ScanProfile* profile) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return unreadable_report(path, "cannot open: not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable_report(path, "cannot open: " + std::generic_category().message(errno));
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return unreadable_report(path, "cannot open: " + ec.message());
  const uint64_t limit = setup.opts.limits.max_entry_bytes;
  std::string content(static_cast<size_t>(std::min(limit, size)), '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  const bool truncated = in.peek() != std::char_traits<char>::eof();

  std::vector<MemoryEntry> entries{{fs::path(path).filename().string(), std::move(content)}};
  auto reader = make_memory_reader(ArtifactKind::Directory, std::move(entries));
  ArtifactReport r;
  try {
    r = scan_reader(setup.compiled, *reader, path, options_with(setup, profile));
  } catch (const std::exception& e) {
    return unreadable_report(path, std::string("internal error while scanning: ") + e.what());
  }
  if (truncated) r.errors.push_back("only the first " + std::to_string(limit) + " bytes were read (--max-file-size)");
  r.path = path;
  apply_rule_policy(setup.policy, setup.opts.thresholds, r);
  return r;
}

}  // namespace canary::cli
