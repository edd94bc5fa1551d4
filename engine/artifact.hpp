// Artifact readers: wheels/zips (libzip), sdists (libarchive), directories.
// Everything is read in memory, one entry at a time; nothing is extracted.
// Every artifact is hostile: names may climb out, sizes may lie, archives may
// be bombs. Readers never trust a declared size and stop inflating an entry
// at the limit.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace canary {

enum class ArtifactKind { Wheel, Sdist, Zip, Directory };
std::string_view to_string(ArtifactKind k);  // "wheel", "sdist", "zip", "directory"

struct ReadLimits {
  uint64_t max_entry_bytes = 64ull << 20;   // content read per entry; the rest is skipped
  uint64_t max_total_bytes = 2ull << 30;    // inflated bytes per artifact; then reading stops
  uint64_t max_entries = 200000;            // entries per artifact; then reading stops
  uint64_t max_ratio = 1000;                // inflated/compressed per zip entry beyond which it is a bomb
  // Wall-clock seconds per artifact, reading and scanning together (0: no
  // budget). Checked before each entry and while inflating a tar entry; the entries
  // after the budget is spent are not read.
  uint64_t max_seconds = 600;
  // Archives opened, counting the artifact itself as level 1: an archive
  // entry (by its magic) at level 2 .. max_archive_depth is read from memory
  // and its entries scanned as OUTER!/INNER (docs/limits.md). 1: none.
  uint64_t max_archive_depth = 2;
};

struct Entry {
  std::string stored_path;   // the name as stored (control chars kept; printers escape them)
  std::string path;          // normalised, '/'-separated, relative to the package root (sdist: first segment removed)
  uint64_t declared_size = 0;  // what the archive header claims (0 if unknown)
  uint64_t compressed_size = 0;
  bool is_symlink = false;   // content is the link target
  bool is_hardlink = false;
  bool is_special = false;   // device, fifo, socket
  bool unsafe_path = false;  // absolute, '..' segment, backslash, drive letter, control char
  bool truncated = false;    // content cut at max_entry_bytes (or bomb ratio)
  bool bomb = false;         // stopped because inflated/compressed exceeded max_ratio
  // Bytes the decompressor produced for this entry: the whole content when it
  // was read to its end, else what was seen before reading stopped.
  uint64_t inflated_size = 0;
  bool size_mismatch = false;  // read to the end (or past the claim): not the declared size
  bool crc_mismatch = false;   // zip: the content's CRC-32 is not the one the headers claim
  // Entries of an archive inside the artifact (docs/limits.md, "Archives
  // inside archives"): how many archives hold the entry (1: the artifact's
  // own entries), the root-relative path of the innermost of them ("" at
  // level 1; "vendor/a.whl", or "vendor/a.whl!/b.zip" deeper) and its kind.
  // `path` is relative to that archive's root, as its own reader gives it, so
  // that rules see an inner wheel's files as that wheel's; `stored_path` is
  // "OUTER!/INNER", the name reports show.
  int archive_depth = 1;
  std::string container;
  ArtifactKind container_kind = ArtifactKind::Zip;
  // An archive entry (by magic) that was not opened: "depth" (it would be
  // deeper than max_archive_depth) or "truncated" (its content was cut
  // short); "" for every other entry.
  std::string_view not_opened;
  // The content of a lone compressed file (payload.py.gz: a gzip, bzip2 or
  // xz stream that holds no tar), as the one entry of that "archive".
  bool lone_stream = false;
};

// The entry's path from the artifact's root: "vendor/a.whl!/x_init.pth" for
// an entry of an inner archive (Entry::container), else Entry::path.
inline std::string root_path(const Entry& e) { return e.container.empty() ? e.path : e.container + "!/" + e.path; }

// What a reader can tell about the whole artifact before its first entry is
// visited: a zip's central directory lists every entry, an in-memory artifact
// holds them all. A streaming tar cannot look ahead (complete stays false).
struct ArtifactPreview {
  bool complete = false;
  std::vector<std::string> paths;  // normalised path of every file entry, in archive order
  uint64_t declared_bytes = 0;     // sum of the uncompressed sizes the entries declare
  // Entries read ahead because the caller asked for them (by path), in
  // archive order, each cut at the per-entry limit.
  std::vector<std::pair<std::string, std::string>> contents;
};
// What a zip's preview() reads of the entries it is asked for, together.
inline constexpr uint64_t kPreviewBytes = 16ull << 20;
// Which entries preview() should read ahead (small metadata files).
using PreviewWanted = std::function<bool(std::string_view path)>;

// Called once per regular file, symlink or special entry (directories are
// skipped). `content` is valid only during the call.
using EntryVisitor = std::function<void(const Entry&, std::string_view content)>;

class ArtifactReader {
 public:
  virtual ~ArtifactReader() = default;
  virtual ArtifactKind kind() const = 0;
  // Visits entries in archive order. Problems that stop reading (corrupt
  // archive, limits) are appended to `errors` as one-line messages; entries
  // already visited stay valid. Returns false if the artifact could not be
  // read at all (nothing visited).
  virtual bool read(const EntryVisitor& visit, std::vector<std::string>& errors) = 0;
  // Fills `out` before read(), if this reader can look ahead; returns
  // whether it could (out.complete). Problems go to `errors`.
  virtual bool preview(const PreviewWanted& /*wanted*/, ArtifactPreview& /*out*/, std::vector<std::string>& /*errors*/) {
    return false;
  }
};

// Chooses a reader by what the path is: a directory; `.whl`; `.zip`/`.egg`
// (zip); `.tar.gz`/`.tgz`/`.tar.bz2`/`.tar.xz`/`.tar` (sdist). Falls back to
// magic bytes for unknown extensions. Returns nullptr and sets `error` if the
// path does not exist or is not a supported artifact.
// Magic bytes of the other family override the extension: a zip named .tar.gz
// is read as a zip (kind zip), a tarball named .whl/.zip as an sdist.
std::unique_ptr<ArtifactReader> open_artifact(const std::filesystem::path& path, const ReadLimits& limits,
                                              std::string& error);

// Whether the reader, having visited `entry` (an archive entry, `content`
// its bytes), opens it next as an inner wheel: a zip by magic, named *.whl,
// and not left closed (Entry::not_opened).
bool opens_as_inner_wheel(const Entry& entry, std::string_view content);
// What such a wheel shows ahead of its entries: the zip reader's preview()
// over its bytes, so that its RECORD can be checked as the wheel's own would
// be. False if they cannot be read as a zip.
bool preview_wheel_bytes(std::string_view bytes, const ReadLimits& limits, const PreviewWanted& wanted,
                         ArtifactPreview& out);

// Whether the file name has one of the extensions open_artifact() knows
// (case-insensitive): how a directory of artifacts is searched for them.
bool has_artifact_extension(const std::filesystem::path& path);

// An artifact held in memory (rule-test fixtures): entries are visited in
// the given order with path == stored_path == name, normalised like a real
// archive's (unsafe names are flagged, not rejected).
struct MemoryEntry {
  std::string name;
  std::string content;
};
std::unique_ptr<ArtifactReader> make_memory_reader(ArtifactKind kind, std::vector<MemoryEntry> entries);

// Normalises a stored name: backslashes to '/', strips leading "./" and "/",
// collapses "//", and reports whether the name was unsafe.
std::string normalize_entry_path(std::string_view stored, bool& unsafe);

}  // namespace canary
