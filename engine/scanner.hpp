// The public face of the engine: load a pack once, scan many artifacts.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../dsl/diagnostics.hpp"
#include "artifact.hpp"
#include "pack_bundle.hpp"
#include "release_facts.hpp"
#include "report.hpp"
#include "score.hpp"

namespace canary {

class KnownBad;
struct CompiledPack;  // immutable after compilation; safe to share between threads

// What one pack is loaded from (docs/packs.md):
//  - one directory holding canary-pack.toml: a named pack;
//  - one bundle file (.canarypack): a named pack read wholly from the bundle,
//    whose imports resolve only inside it (stdlib_dirs are ignored);
//  - otherwise rule files and directories without a manifest: one anonymous
//    pack whose rule ids are bare.
struct PackSource {
  std::vector<std::filesystem::path> rule_paths;   // files or directories (searched for *.canary)
  std::vector<std::filesystem::path> stdlib_dirs;  // import search path, after the importing file's directory
};

struct LoadOptions {
  bool check_only = false;
  // The on-disk cache of compiled packs (engine/pack_cache.hpp). Off unless
  // asked for: the command line turns it on, --no-cache off again.
  bool use_cache = false;
  bool refresh_cache = false;       // compile even on a cache hit, and overwrite the entry
  std::filesystem::path cache_dir;  // empty: default_cache_dir()
};

enum class PackPathKind { Loose, PackDirectory, Bundle };
// How load_pack treats `p` (a missing path is Loose, and reported when loaded).
PackPathKind classify_pack_path(const std::filesystem::path& p);

struct LoadedPack {
  std::shared_ptr<const CompiledPack> pack;  // null when there were errors
  dsl::SourceMap sources;
  dsl::Diagnostics diagnostics;
  size_t rule_count = 0;  // public + private
  // How the pack was obtained, for `scan --profile` and `rules compile`.
  bool from_cache = false;
  std::filesystem::path cache_file;  // the entry for these rules; empty when the cache was not used
  std::string cache_key;             // hex SHA-256 naming the entry
  std::string cache_rejected;        // why an existing entry was not used ("" when none was)
  std::string cache_warning;         // why the entry could not be written ("" when it was, or was not needed)
  double parse_seconds = 0;          // reading and parsing the rule files
  double compile_seconds = 0;        // checking and compiling (0 on a cache hit)
  double cache_seconds = 0;          // the key, and reading or writing the entry
  std::string name;     // from the manifest; "" for an anonymous pack
  std::string version;
  // Named packs: every file the pack was loaded from, as its bundle stores it
  // (manifest, the pack's files by path, imported stdlib files as
  // stdlib/NAME.canary), so `pack build` writes exactly what was checked.
  std::vector<BundleEntry> files;
};

// Parses, checks and compiles. With check_only, stops after checking (regexes
// and queries are still test-compiled so their errors are found).
LoadedPack load_pack(const PackSource& src, const LoadOptions& opts);
inline LoadedPack load_pack(const PackSource& src, bool check_only = false) {
  LoadOptions opts;
  opts.check_only = check_only;
  return load_pack(src, opts);
}

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
  // The artifact's file name for the facts read from it (artifact.name,
  // artifact.version, artifact.pure_python); "" = the scanned path's.
  std::string artifact_name;
  // Decoded layers (docs/architecture.md): decode steps from a real file to
  // its deepest layer (0 turns decoding off), and decoded bytes per real file.
  int max_decode_depth = 4;
  uint64_t max_decoded_bytes = 8ull << 20;
  // Known-bad feeds for file.known_bad, artifact.known_bad and file.ioc_hits
  // (null: none), and the artifact file's SHA-256 (scan_artifact fills it in).
  const KnownBad* known_bad = nullptr;
  std::string artifact_sha256;
  // What the index says about the artifact's release (`canary check`):
  // the `release.*` facts. Null: unknown, as in any plain scan.
  const ReleaseFacts* release = nullptr;
  // tree-sitter: a parse that takes longer gives up (the file's AST rules are
  // skipped, with an error), and one query stops after this many in-progress
  // matches (its results for the file may be partial, with an error).
  uint64_t parse_timeout_ms = 5000;
  uint32_t query_match_limit = 4096;
  // Bytes tree-sitter parses at once: its tree costs 40-80 bytes per source
  // byte, so this bounds a scan's peak RSS (docs/limits.md). A longer file is
  // parsed in windows cut where top-level statements start.
  uint64_t max_parse_bytes = 1ull << 20;
  // Parse every file that needs a parse whole, as before statement-scoped
  // parsing (docs/architecture.md): for the tests and benchmarks that
  // compare the two (`scan --whole-file-parse`, hidden).
  bool whole_file_parse = false;
  // Display bytes of a finding's excerpt: a minified line is windowed.
  uint32_t excerpt_width = 120;
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
