// The `.canarypack` bundle: one file holding a pack's manifest, its rule files
// and the stdlib files it imports, written deterministically so that the same
// pack always has the same SHA-256 (docs/packs.md, "Bundles"):
//
//   canary-bundle 1\n
//   file <relative path> <byte length>\n<bytes>\n   (sorted by path; manifest first)
//   end\n
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

inline constexpr std::string_view kBundleMagic = "canary-bundle 1\n";
inline constexpr std::string_view kBundleStdlibDir = "stdlib/";  // imported stdlib files: stdlib/<name>.canary
// Rule packs are text; a bundle this large is a mistake or an attack.
inline constexpr uint64_t kMaxBundleBytes = 64ull << 20;
inline constexpr size_t kMaxBundleFiles = 10000;

struct BundleEntry {
  std::string path;  // relative, '/'-separated (is_safe_relative_path)
  std::string content;
};

// Puts entries in bundle order: the manifest first, then by path (bytewise).
void sort_bundle_entries(std::vector<BundleEntry>& entries);

// The bundle bytes for `entries` (sorted here). Returns false with `error`
// for an unsafe or duplicate path, a missing manifest or an oversized bundle.
bool write_bundle(std::vector<BundleEntry> entries, std::string& out, std::string& error);

// Parses and validates a whole bundle: magic, every header, path and length,
// order, the closing `end` line and nothing after it. On failure `error` says
// what is wrong and at which byte offset.
bool read_bundle(std::string_view bytes, std::vector<BundleEntry>& out, std::string& error);

// True when `head` (the first bytes of a file) starts like a bundle.
bool looks_like_bundle(std::string_view head);

}  // namespace canary
