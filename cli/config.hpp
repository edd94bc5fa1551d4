// The config file (docs/packs.md, "Config file"): where it is found, what it
// may say, and where each value came from, so that `--show-config` and every
// error can point at the line that set it.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/report.hpp"
#include "engine/rule_policy.hpp"

namespace canary::cli {

// A value and where it came from: "default", "canary.toml:3:1" (file:line:col
// of its key), "--fail-on", "$CANARY_RULES_DIR".
template <class T>
struct Setting {
  T value{};
  std::string origin = "default";
};

// A rule pack pinned to the SHA-256 of its bundle (docs/packs.md).
struct PackPin {
  std::string path;    // as the user wrote it; from a config file, resolved against the file's directory
  std::string sha256;  // 64 lowercase hex digits
  std::string origin;
};

struct ConfigFile {
  std::filesystem::path path;  // empty: no config file is in effect
  std::string display;         // the name origins use: as given to --config, else relative to the current directory
  std::optional<Setting<std::optional<Verdict>>> fail_on;  // inner nullopt: "none"
  std::optional<Setting<double>> low_risk, high_risk, malicious;
  std::optional<Setting<std::vector<std::string>>> rules;  // resolved against the config file's directory
  std::vector<PackPin> rules_sha256;
  std::optional<Setting<bool>> no_cache;
  // Known-bad feeds loaded beside the default ones (docs/hashfeeds.md), each
  // resolved against the config file's directory.
  std::optional<Setting<std::vector<std::string>>> hashfeeds;
  // OSV advisory files or directories read by check, audit and install beside
  // hashfeeds/osv/, like --osv; resolved against the config file's directory.
  std::optional<Setting<std::vector<std::string>>> osv;
  // [limits] NAME = VALUE: (index into limit_specs(), value), checked.
  std::vector<std::pair<size_t, Setting<uint64_t>>> limits;
  RulePolicy policy;  // every selector carries its origin
};

struct ConfigRequest {
  std::string explicit_path;    // --config FILE
  bool ignore = false;          // --no-config
  std::filesystem::path start;  // where discovery starts: the current directory
};

// --config FILE, else the first canary.toml, or pyproject.toml with a
// [tool.canary] table, in `start` or its parents, stopping after a directory
// that holds .git. Nothing found is not an error (out.path stays empty).
// Returns false when the file cannot be read or says something invalid; every
// problem is one message in `errors`, "FILE:LINE:COL: ..." where possible.
bool load_config(const ConfigRequest& request, ConfigFile& out, std::vector<std::string>& errors);

}  // namespace canary::cli
