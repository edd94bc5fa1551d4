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

// Per-artifact counters behind ReadLimits::max_entries and max_total_bytes.
class ReadBudget {
 public:
  explicit ReadBudget(const ReadLimits& limits)
      : limits_(limits), deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(limits.max_seconds)) {}
  // Counts one more visited entry; false (with the error appended) once
  // max_entries entries have been visited already.
  bool admit_entry(std::vector<std::string>& errors);
  // Bytes the next entry may keep: the per-entry limit or what is left of the total.
  uint64_t entry_allowance() const;
  void add_bytes(uint64_t n) { total_ += n; }
  bool total_exhausted() const { return total_ >= limits_.max_total_bytes; }
  std::string total_error() const;
  // ReadLimits::max_seconds: whether the artifact's time is up, and what to say.
  bool out_of_time() const { return limits_.max_seconds > 0 && std::chrono::steady_clock::now() >= deadline_; }
  std::string time_error() const;
  const ReadLimits& limits() const { return limits_; }

 private:
  const ReadLimits& limits_;
  std::chrono::steady_clock::time_point deadline_;
  uint64_t entries_ = 0;
  uint64_t total_ = 0;
};

// Inflated bytes that must be seen before the ratio test can call an entry a
// bomb: small entries with odd ratios are not worth a verdict.
constexpr uint64_t kBombMinInflated = 1ull << 20;

std::unique_ptr<ArtifactReader> make_zip_reader(const std::filesystem::path& path, const ReadLimits& limits,
                                                ArtifactKind kind);
std::unique_ptr<ArtifactReader> make_tar_reader(const std::filesystem::path& path, const ReadLimits& limits);
std::unique_ptr<ArtifactReader> make_dir_reader(const std::filesystem::path& path, const ReadLimits& limits);

}  // namespace canary::detail
