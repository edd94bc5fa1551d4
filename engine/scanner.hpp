// The public face of the engine: load a pack once, scan many artifacts.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../dsl/diagnostics.hpp"
#include "artifact.hpp"
#include "report.hpp"
#include "score.hpp"

namespace canary {

struct CompiledPack;  // immutable after compilation; safe to share between threads

struct PackSource {
  std::vector<std::filesystem::path> rule_paths;   // files or directories (searched for *.canary)
  std::vector<std::filesystem::path> stdlib_dirs;  // import search path, after the importing file's directory
};

struct LoadedPack {
  std::shared_ptr<const CompiledPack> pack;  // null when there were errors
  dsl::SourceMap sources;
  dsl::Diagnostics diagnostics;
  size_t rule_count = 0;  // public + private
};

// Parses, checks and compiles. With check_only, stops after checking (regexes
// and queries are still test-compiled so their errors are found).
LoadedPack load_pack(const PackSource& src, bool check_only = false);

struct ScanProfile;  // profile.hpp

struct ScanOptions {
  ReadLimits limits;
  VerdictThresholds thresholds;
  // For rule tests (`canary test`): also report private rules, and every
  // pattern set that matched as a finding whose rule is the set's name
  // (severity info). Such findings do not count towards the score.
  bool include_private = false;
  bool include_sets = false;
  ScanProfile* profile = nullptr;  // when set, time and counts are added to it
};

// Scans with one or more packs; every file is read once and evaluated by each
// pack. Findings of a named pack have ids "pack:ID".
ArtifactReport scan_artifact(const std::vector<const CompiledPack*>& packs, const std::filesystem::path& artifact,
                             const ScanOptions& opts);
ArtifactReport scan_artifact(const CompiledPack& pack, const std::filesystem::path& artifact, const ScanOptions& opts);
// The same over an already opened reader (e.g. make_memory_reader);
// `display_path` becomes the report's path. No sha256 is computed.
ArtifactReport scan_reader(const std::vector<const CompiledPack*>& packs, ArtifactReader& reader,
                           const std::string& display_path, const ScanOptions& opts);

}  // namespace canary
