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

struct ScanOptions {
  ReadLimits limits;
  VerdictThresholds thresholds;
};

ArtifactReport scan_artifact(const CompiledPack& pack, const std::filesystem::path& artifact, const ScanOptions& opts);

}  // namespace canary
