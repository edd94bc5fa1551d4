// Pieces shared by the three artifact readers (zip, tar, directory). Private
// to engine/: nothing outside the readers includes this.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/artifact.hpp"

namespace canary::detail {

struct NormalizedPath {
  std::string path;
  bool unsafe = false;
  bool absolute = false;  // leading '/' or '\', or a drive letter
};
NormalizedPath normalize_path(std::string_view stored);

// "pkg-1.0/src/x.py" -> "src/x.py". Single-segment paths, and paths whose first
// segment is ".." (a climb must stay visible), are returned unchanged.
std::string strip_first_segment(const std::string& path);
std::string_view first_segment(std::string_view path);

// Entry names in one-line error messages: control bytes escaped as \xNN.
std::string printable_name(std::string_view stored);

// Per-artifact counters behind ReadLimits::max_entries, max_total_bytes and
// max_seconds. One budget serves the artifact's reader and the readers of
// every archive inside it (nested_archives.cpp): limits are shared across
// levels, never reset per level.
class ReadBudget {
 public:
  explicit ReadBudget(const ReadLimits& limits)
      : limits_(limits), deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(limits.max_seconds)) {}
  // Counts one more visited entry; false (with the error appended once)
  // when max_entries entries have been visited already, time is up, or
  // reading was stopped at any level.
  bool admit_entry(std::vector<std::string>& errors);
  // Bytes the next entry may keep: the per-entry limit or what is left of the
  // total, and inside inner archives what the archives held open leave of the
  // per-entry limit (see hold()).
  uint64_t entry_allowance() const;
  void add_bytes(uint64_t n) { total_ += n; }
  uint64_t total() const { return total_; }
  bool total_exhausted() const { return total_ >= limits_.max_total_bytes; }
  std::string total_error() const;
  // ReadLimits::max_seconds: whether the artifact's time is up, and what to say.
  bool out_of_time() const { return limits_.max_seconds > 0 && std::chrono::steady_clock::now() >= deadline_; }
  std::string time_error() const;
  // Reading stops at every level: `why` is reported once, however many
  // readers notice afterwards.
  void stop(std::vector<std::string>& errors, std::string why);
  bool stopped() const { return stopped_; }
  // Bytes of inner archives held in memory while their entries are read: the
  // archives open at once and the entry being read share one max_entry_bytes.
  void hold(uint64_t n) { held_ += n; }
  void release(uint64_t n) { held_ -= std::min(held_, n); }
  const ReadLimits& limits() const { return limits_; }

 private:
  const ReadLimits& limits_;
  std::chrono::steady_clock::time_point deadline_;
  uint64_t entries_ = 0;
  uint64_t total_ = 0;
  uint64_t held_ = 0;
  bool stopped_ = false;
};

// Where a reader sits: the artifact itself (level 1, its own budget), or an
// archive inside it read from memory, sharing the artifact's budget.
struct ReadLevel {
  ReadBudget* budget = nullptr;  // null: the reader makes its own for each read()
  int depth = 1;                 // 1: the artifact; 2: an archive inside it; ...
  std::string name_prefix;       // "OUTER!/" before entry names in error lines ("" at level 1)
};

// Every reader hands each entry here instead of to the visitor: the entry is
// visited, then, if its content is a zip or tar archive (by magic) and the
// level allows, that archive is read from `content` and its entries visited
// as "STORED!/INNER". `compressed` is the bytes the entry took in its own
// archive (0: unknown), for the compression ratio shared across levels.
void visit_entry(const ReadLevel& level, ReadBudget& budget, const ReadLimits& limits, Entry& entry,
                 std::string_view content, uint64_t compressed, const EntryVisitor& visit,
                 std::vector<std::string>& errors);

// Inflated bytes that must be seen before the ratio test can call an entry a
// bomb: small entries with odd ratios are not worth a verdict.
constexpr uint64_t kBombMinInflated = 1ull << 20;

std::unique_ptr<ArtifactReader> make_zip_reader(const std::filesystem::path& path, const ReadLimits& limits,
                                                ArtifactKind kind);
// `lone_name` non-empty: the file is a lone compressed stream (is_lone_compressed_file),
// read as an archive of one entry of that name, of kind zip (neither a wheel
// nor an sdist); the format is still decided by the bytes, never by the name.
std::unique_ptr<ArtifactReader> make_tar_reader(const std::filesystem::path& path, const ReadLimits& limits,
                                                std::string lone_name = {});
// True when the file is a gzip/bzip2/xz stream (any layers) holding no tar
// (the first header it finds is the raw format's, through a decompressor).
bool is_lone_compressed_file(const std::filesystem::path& path);
// The name a lone compressed file's content gets: its name without every
// compression suffix (payload.py.gz.xz: payload.py), "data" when none is left.
std::string lone_stream_name(std::string_view path);
std::unique_ptr<ArtifactReader> make_dir_reader(const std::filesystem::path& path, const ReadLimits& limits);
// Archives inside an artifact, read from bytes in memory (never copied: the
// bytes must outlive the reader). `display` names the archive in errors.
std::unique_ptr<ArtifactReader> make_zip_memory_reader(std::string_view bytes, std::string display,
                                                       const ReadLimits& limits, ArtifactKind kind, ReadLevel level);
// A compressed stream that holds no tar (a lone payload.py.gz) is read as
// an archive of one entry named `lone_name` (Entry::lone_stream), its
// decompressed content, under the same limits as a tar entry.
std::unique_ptr<ArtifactReader> make_tar_memory_reader(std::string_view bytes, std::string display,
                                                        const ReadLimits& limits, ReadLevel level,
                                                        std::string lone_name);

}  // namespace canary::detail
