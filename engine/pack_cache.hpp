// Compile once, also across runs: compiled packs are kept on disk, keyed by
// everything that determines them, and read back instead of compiling again
// (which is almost all Hyperscan; see docs/performance.md).
//
// Entry: `<cache dir>/packs/<key>.ccp` =
//   "CANARYCP" | u32 format version | 32-byte key | u64 payload length |
//   32-byte SHA-256 of the payload | payload (pack_serialize)
// The key is a SHA-256 over the cache format version, the canary version and
// build, Hyperscan's version, the tree-sitter-python ABI, and every rule unit's
// path, namespace, in_pack flag, text and imports in load order. An entry that
// fails any check is ignored and rewritten; writes go to a temporary file
// renamed into place; failing to write is a warning, never an error. The 16
// most recently used entries are kept, older ones deleted when one is written.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checker.hpp"
#include "scanner.hpp"

namespace canary {

// $CANARY_CACHE_DIR, else $XDG_CACHE_HOME/canary, else $HOME/.cache/canary;
// empty when none of them is set (then nothing is cached).
std::filesystem::path default_cache_dir();

// Hex SHA-256 naming the cache entry of these units.
std::string pack_cache_key(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources);

// check_and_compile, through the cache when opts.use_cache: the loader's one
// call. Reads out.sources, adds to out.diagnostics (the checker's warnings
// also come back from a cached entry) and fills out's cache fields and timings.
std::unique_ptr<CompiledPack> compile_with_cache(const std::vector<RuleUnit>& units, const LoadOptions& opts,
                                                 LoadedPack& out);

}  // namespace canary
