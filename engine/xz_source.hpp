// xz streams decompressed by canary itself, with a memory limit, and handed
// to libarchive as plain bytes. libarchive's own xz filter lets a stream ask
// for up to 1 GiB of dictionary (a fixed memlimit), and the decoder touches
// that dictionary as it inflates: a 200 KB .tar.xz declaring a 1 GiB
// dictionary held 1.1 GB of RSS. Every xz preset (-0 … -9e) needs at most
// 65 MiB, so a stream needing more is refused with an error.
#pragma once

#include <archive.h>
#include <lzma.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace canary::detail {

// What xz -9 needs to decompress (64 MiB dictionary and the decoder's state), and a little more.
constexpr uint64_t kXzMemoryLimit = 66ull << 20;

bool starts_as_xz(std::string_view head);
bool file_starts_as_xz(const std::filesystem::path& path);

class XzSource {
 public:
  explicit XzSource(std::string_view bytes) : memory_(bytes), from_memory_(true) {}
  explicit XzSource(const std::filesystem::path& path) : path_(path) {}
  ~XzSource();
  XzSource(const XzSource&) = delete;
  XzSource& operator=(const XzSource&) = delete;

  // archive_read_open() over the decompressed stream; ARCHIVE_OK or the
  // libarchive error code (error() then says why when the cause was ours).
  int open(archive* a);
  // Compressed bytes taken in so far: the ratio's denominator.
  uint64_t compressed_bytes() const { return compressed_; }
  // Why decompression failed ("" when it did not, or the failure was libarchive's).
  const std::string& error() const { return error_; }

 private:
  static la_ssize_t read_callback(archive* a, void* self, const void** out);
  la_ssize_t read(archive* a, const void** out);
  size_t fill(const uint8_t** in);

  std::filesystem::path path_;
  std::string_view memory_;
  bool from_memory_ = false;
  std::FILE* file_ = nullptr;
  size_t memory_pos_ = 0;
  bool input_done_ = false;
  bool finished_ = false;
  lzma_stream stream_ = LZMA_STREAM_INIT;
  bool initialized_ = false;
  uint64_t compressed_ = 0;
  std::vector<uint8_t> in_, out_;
  std::string error_;
};

}  // namespace canary::detail
