// The compression layers of a tarball or of a lone compressed file (gzip,
// bzip2, xz, in any order and number up to kMaxCompressionLayers), undone
// by canary with zlib, libbz2 and liblzma, and handed to libarchive as plain
// bytes through archive_read_open (libarchive then reads the tar format
// only, with none of its own filters).
//
// Why not libarchive's filters: its xz and lzma filters let a stream ask for
// up to 1 GiB of dictionary (a fixed memlimit), and the decoder touches that
// dictionary as it inflates: a 200 KB .tar.xz declaring 1 GiB held 1.1 GB of
// RSS. Here an xz stream may ask for kXzMemoryLimit (every xz preset fits).
// Undoing every layer in one place also keeps a payload compressed twice
// (payload.py.xz.gz) one archive level, as libarchive's chain did.
#pragma once

#include <archive.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace canary::detail {

// What xz -9 needs to decompress (a 64 MiB dictionary and the decoder's state), and a little more.
constexpr uint64_t kXzMemoryLimit = 66ull << 20;
// More layers than any packer writes; each costs a decoder's buffers.
constexpr size_t kMaxCompressionLayers = 8;
// The block libarchive is handed at a time: the bomb ratio's slack (tar_reader.cpp).
constexpr size_t kChainBlock = 16 * 1024;

// One link of the chain: bytes out, from a file, memory or the link below.
class ByteStage {
 public:
  virtual ~ByteStage() = default;
  // The next bytes, valid until the next call: their count, 0 at the end,
  // -1 on an error (error() says why).
  virtual ptrdiff_t read(const uint8_t** out) = 0;
  // Compressed bytes this stage has consumed (decoders only).
  virtual uint64_t consumed() const { return 0; }
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

class DecompressChain {
 public:
  explicit DecompressChain(std::string_view bytes);        // bytes outlive the chain
  explicit DecompressChain(std::filesystem::path path);
  ~DecompressChain();
  DecompressChain(const DecompressChain&) = delete;
  DecompressChain& operator=(const DecompressChain&) = delete;

  // Opens the input and stacks a decoder for every compression header found
  // at the start of the bytes so far. false: error() says why (the file
  // cannot be opened, a header or the data under it is refused, too many layers).
  bool start();
  // archive_read_open() over the plain bytes; the chain must outlive `a`'s reading.
  int open(archive* a);
  size_t layers() const { return layers_; }
  // Input bytes the outermost decoder consumed: exact, unlike a count of
  // blocks read ahead. With no layer, the plain bytes handed out.
  uint64_t compressed_bytes() const;
  const std::string& error() const { return error_; }

 private:
  static la_ssize_t read_callback(archive* a, void* self, const void** out);

  std::vector<std::unique_ptr<ByteStage>> stages_;  // the source first, then the decoders
  ByteStage* top_ = nullptr;
  ByteStage* outermost_decoder_ = nullptr;
  size_t layers_ = 0;
  uint64_t handed_out_ = 0;
  const uint8_t* pending_ = nullptr;  // the top stage's bytes not yet handed to libarchive
  size_t pending_size_ = 0;
  std::string error_;
  std::string_view memory_;
  std::filesystem::path path_;
  bool from_memory_ = false;
};

}  // namespace canary::detail
