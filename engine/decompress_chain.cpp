#include "engine/decompress_chain.hpp"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace canary::detail {
namespace {

constexpr size_t kBlock = 64 * 1024;
constexpr size_t kMagicBytes = 10;

enum class Layer { None, Gzip, Bzip2, Xz };

Layer layer_of(std::string_view h) {
  auto starts = [&](std::string_view m) { return h.substr(0, m.size()) == m; };
  if (starts("\x1f\x8b\x08")) return Layer::Gzip;
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return Layer::Xz;
  // "BZh", the block size, then a block's magic or the end-of-stream one.
  if (h.size() >= 10 && starts("BZh") && h[3] >= '1' && h[3] <= '9' &&
      (h.substr(4, 6) == "1AY&SY" || h.substr(4, 6) == "\x17\x72\x45\x38\x50\x90"))
    return Layer::Bzip2;
  return Layer::None;
}

class FileStage final : public ByteStage {
 public:
  explicit FileStage(std::FILE* f) : file_(f), buf_(kBlock) {}
  ~FileStage() override { std::fclose(file_); }
  ptrdiff_t read(const uint8_t** out) override {
    const size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
    if (n == 0 && std::ferror(file_)) {
      error_ = "read error";
      return -1;
    }
    *out = buf_.data();
    return static_cast<ptrdiff_t>(n);
  }

 private:
  std::FILE* file_;
  std::vector<uint8_t> buf_;
};

class MemoryStage final : public ByteStage {
 public:
  explicit MemoryStage(std::string_view bytes) : bytes_(bytes) {}
  ptrdiff_t read(const uint8_t** out) override {
    const size_t n = std::min(kBlock, bytes_.size() - at_);
    *out = reinterpret_cast<const uint8_t*>(bytes_.data()) + at_;
    at_ += n;
    return static_cast<ptrdiff_t>(n);
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

// Lets the chain look at a stage's first bytes (the next layer's magic)
// and then hands them on before the rest.
class Peeker final : public ByteStage {
 public:
  explicit Peeker(ByteStage& up) : up_(up) {}
  // At least n bytes of the start, or all there are; false on an error.
  bool peek(size_t n, std::string_view& head) {
    while (head_.size() < n && !ended_) {
      const uint8_t* p = nullptr;
      const ptrdiff_t got = up_.read(&p);
      if (got < 0) {
        error_ = up_.error();
        return false;
      }
      if (got == 0) ended_ = true;
      head_.append(reinterpret_cast<const char*>(p), static_cast<size_t>(got));
    }
    head = head_;
    return true;
  }
  ptrdiff_t read(const uint8_t** out) override {
    if (!served_) {
      served_ = true;
      if (!head_.empty()) {
        *out = reinterpret_cast<const uint8_t*>(head_.data());
        return static_cast<ptrdiff_t>(head_.size());
      }
    }
    if (ended_) return 0;
    const ptrdiff_t got = up_.read(out);
    if (got < 0) error_ = up_.error();
    return got;
  }

 private:
  ByteStage& up_;
  std::string head_;
  bool served_ = false;
  bool ended_ = false;
};

// A decoder: pulls compressed bytes from the stage below, fills out_. An
// error met after some output is given with that output first, then on the
// next call (a corrupt second stream still leaves the first one's entries).
class Decoder : public ByteStage {
 public:
  explicit Decoder(ByteStage& up) : up_(up), out_(kBlock) {}
  ptrdiff_t read(const uint8_t** out) override {
    *out = out_.data();
    if (!pending_error_.empty()) {
      error_ = pending_error_;
      return -1;
    }
    if (done_) return 0;
    std::string err;
    const size_t produced = decode(err);
    if (!err.empty()) {
      if (produced == 0) {
        error_ = err;
        return -1;
      }
      pending_error_ = err;
    }
    return static_cast<ptrdiff_t>(produced);
  }
  uint64_t consumed() const override { return pulled_ - available(); }

 protected:
  // Fills out_ with at least one byte unless the data ends (done_) or fails
  // (err): the bytes produced.
  virtual size_t decode(std::string& err) = 0;
  virtual size_t available() const = 0;
  // More input: false on the stage below's error (err set); at the end of
  // the input `ended` is set and `n` is 0.
  bool pull(const uint8_t*& in, size_t& n, std::string& err) {
    const ptrdiff_t got = up_.read(&in);
    if (got < 0) {
      err = up_.error();
      return false;
    }
    if (got == 0) ended_ = true;
    n = static_cast<size_t>(got);
    pulled_ += n;
    return true;
  }

  ByteStage& up_;
  std::vector<uint8_t> out_;
  bool done_ = false;
  bool ended_ = false;  // the stage below has nothing more

 private:
  uint64_t pulled_ = 0;
  std::string pending_error_;
};

class GzipDecoder final : public Decoder {
 public:
  explicit GzipDecoder(ByteStage& up) : Decoder(up) { ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK; }
  ~GzipDecoder() override {
    if (ok_) inflateEnd(&z_);
  }

 private:
  size_t available() const override { return z_.avail_in; }
  size_t decode(std::string& err) override {
    if (!ok_) {
      err = "zlib cannot start";
      return 0;
    }
    z_.next_out = out_.data();
    z_.avail_out = static_cast<uInt>(out_.size());
    while (z_.avail_out == out_.size()) {
      if (z_.avail_in == 0 && !ended_ && !refill(err)) break;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // gzip allows members one after another; anything else after the
        // end is ignored, as gzip -d does with a warning.
        if (z_.avail_in == 0 && !ended_ && !refill(err)) break;
        if (z_.avail_in > 0 && z_.next_in[0] == 0x1f) {
          inflateReset(&z_);
          continue;
        }
        done_ = true;
        break;
      }
      if (rc == Z_BUF_ERROR && z_.avail_in == 0) {
        if (ended_) {
          err = "its gzip data is truncated";
          break;
        }
        continue;
      }
      if (rc != Z_OK) {
        err = std::string("its gzip data is corrupt (") + (z_.msg ? z_.msg : "zlib error") + ")";
        break;
      }
    }
    return out_.size() - z_.avail_out;
  }
  bool refill(std::string& err) {
    const uint8_t* in = nullptr;
    size_t n = 0;
    if (!pull(in, n, err)) return false;
    z_.next_in = const_cast<Bytef*>(in);
    z_.avail_in = static_cast<uInt>(n);
    return true;
  }

  z_stream z_{};
  bool ok_ = false;
};

class Bzip2Decoder final : public Decoder {
 public:
  explicit Bzip2Decoder(ByteStage& up) : Decoder(up) { ok_ = BZ2_bzDecompressInit(&b_, 0, 0) == BZ_OK; }
  ~Bzip2Decoder() override {
    if (ok_) BZ2_bzDecompressEnd(&b_);
  }

 private:
  size_t available() const override { return b_.avail_in; }
  size_t decode(std::string& err) override {
    if (!ok_) {
      err = "libbz2 cannot start";
      return 0;
    }
    b_.next_out = reinterpret_cast<char*>(out_.data());
    b_.avail_out = static_cast<unsigned>(out_.size());
    while (b_.avail_out == out_.size()) {
      if (b_.avail_in == 0 && !ended_ && !refill(err)) break;
      const unsigned in_before = b_.avail_in;
      const int rc = BZ2_bzDecompress(&b_);
      if (rc == BZ_STREAM_END) {
        // Streams one after another (pbzip2, cat a.bz2 b.bz2).
        if (b_.avail_in == 0 && !ended_ && !refill(err)) break;
        if (b_.avail_in > 0 && b_.next_in[0] == 'B') {
          const bz_stream at = b_;  // where input and output stand
          BZ2_bzDecompressEnd(&b_);
          b_ = bz_stream{};
          if (!(ok_ = BZ2_bzDecompressInit(&b_, 0, 0) == BZ_OK)) {
            err = "libbz2 cannot start";
            break;
          }
          b_.next_in = at.next_in;
          b_.avail_in = at.avail_in;
          b_.next_out = at.next_out;
          b_.avail_out = at.avail_out;
          continue;
        }
        done_ = true;
        break;
      }
      if (rc != BZ_OK) {
        err = rc == BZ_MEM_ERROR ? "out of memory decompressing its bzip2 data" : "its bzip2 data is corrupt";
        break;
      }
      // No input left, none to come, and nothing came out: cut short.
      if (b_.avail_in == 0 && ended_ && in_before == 0 && b_.avail_out == out_.size()) {
        err = "its bzip2 data is truncated";
        break;
      }
    }
    return out_.size() - b_.avail_out;
  }
  bool refill(std::string& err) {
    const uint8_t* in = nullptr;
    size_t n = 0;
    if (!pull(in, n, err)) return false;
    b_.next_in = const_cast<char*>(reinterpret_cast<const char*>(in));
    b_.avail_in = static_cast<unsigned>(n);
    return true;
  }

  bz_stream b_{};
  bool ok_ = false;
};

class XzDecoder final : public Decoder {
 public:
  explicit XzDecoder(ByteStage& up) : Decoder(up) {
    init_ = lzma_stream_decoder(&s_, kXzMemoryLimit, LZMA_CONCATENATED);
  }
  ~XzDecoder() override { lzma_end(&s_); }

 private:
  size_t available() const override { return s_.avail_in; }
  size_t decode(std::string& err) override {
    if (init_ != LZMA_OK) {
      err = message(init_);
      return 0;
    }
    s_.next_out = out_.data();
    s_.avail_out = out_.size();
    while (s_.avail_out == out_.size()) {
      if (s_.avail_in == 0 && !ended_) {
        const uint8_t* in = nullptr;
        size_t n = 0;
        if (!pull(in, n, err)) break;
        s_.next_in = in;
        s_.avail_in = n;
      }
      const lzma_ret rc = lzma_code(&s_, ended_ && s_.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
      if (rc == LZMA_STREAM_END) {
        done_ = true;
        break;
      }
      if (rc != LZMA_OK) {
        err = message(rc);
        break;
      }
    }
    return out_.size() - s_.avail_out;
  }
  std::string message(lzma_ret rc) const {
    switch (rc) {
      case LZMA_MEMLIMIT_ERROR:
        return "its xz data needs " + std::to_string(lzma_memusage(&s_) >> 20) +
               " MiB of memory to decompress (its dictionary), more than the " +
               std::to_string(kXzMemoryLimit >> 20) + " MiB canary allows (xz -9 needs 65 MiB)";
      case LZMA_FORMAT_ERROR: return "its xz header is not one liblzma accepts";
      case LZMA_OPTIONS_ERROR: return "its xz data uses options liblzma does not support";
      case LZMA_DATA_ERROR: return "its xz data is corrupt";
      case LZMA_BUF_ERROR: return "its xz data is truncated";
      case LZMA_MEM_ERROR: return "out of memory decompressing its xz data";
      default: return "its xz data cannot be decompressed (liblzma error " + std::to_string(int(rc)) + ")";
    }
  }

  lzma_stream s_ = LZMA_STREAM_INIT;
  lzma_ret init_ = LZMA_OK;
};

}  // namespace

DecompressChain::DecompressChain(std::string_view bytes) : memory_(bytes), from_memory_(true) {}
DecompressChain::DecompressChain(std::filesystem::path path) : path_(std::move(path)) {}
DecompressChain::~DecompressChain() {
  // Decoders first: each reads from the stage before it.
  while (!stages_.empty()) stages_.pop_back();
}

bool DecompressChain::start() {
  if (from_memory_) {
    stages_.push_back(std::make_unique<MemoryStage>(memory_));
  } else {
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (!f) {
      error_ = std::string("cannot open it: ") + std::strerror(errno);
      return false;
    }
    stages_.push_back(std::make_unique<FileStage>(f));
  }
  for (;;) {
    auto peeker = std::make_unique<Peeker>(*stages_.back());
    std::string_view head;
    if (!peeker->peek(kMagicBytes, head)) {
      error_ = peeker->error();
      return false;
    }
    const Layer layer = layer_of(head);
    stages_.push_back(std::move(peeker));
    if (layer == Layer::None) break;
    if (layers_ == kMaxCompressionLayers) {
      error_ = "more than " + std::to_string(kMaxCompressionLayers) + " layers of compression";
      return false;
    }
    ByteStage& below = *stages_.back();
    switch (layer) {
      case Layer::Gzip: stages_.push_back(std::make_unique<GzipDecoder>(below)); break;
      case Layer::Bzip2: stages_.push_back(std::make_unique<Bzip2Decoder>(below)); break;
      case Layer::Xz: stages_.push_back(std::make_unique<XzDecoder>(below)); break;
      case Layer::None: break;
    }
    if (!outermost_decoder_) outermost_decoder_ = stages_.back().get();
    ++layers_;
  }
  top_ = stages_.back().get();
  return true;
}

uint64_t DecompressChain::compressed_bytes() const {
  return outermost_decoder_ ? outermost_decoder_->consumed() : handed_out_;
}

int DecompressChain::open(archive* a) { return archive_read_open(a, this, nullptr, &read_callback, nullptr); }

la_ssize_t DecompressChain::read_callback(archive* a, void* self, const void** out) {
  auto* chain = static_cast<DecompressChain*>(self);
  // Handed out in blocks of kChainBlock, so that a count of blocks taken
  // overstates an entry's compressed bytes by at most one block.
  if (chain->pending_size_ == 0) {
    const uint8_t* p = nullptr;
    const ptrdiff_t got = chain->top_->read(&p);
    if (got < 0) {
      archive_set_error(a, EINVAL, "%s", chain->top_->error().c_str());
      return -1;
    }
    chain->pending_ = p;
    chain->pending_size_ = static_cast<size_t>(got);
    if (got == 0) return 0;
  }
  const size_t take = std::min(chain->pending_size_, kChainBlock);
  *out = chain->pending_;
  chain->pending_ += take;
  chain->pending_size_ -= take;
  chain->handed_out_ += take;
  return static_cast<la_ssize_t>(take);
}

}  // namespace canary::detail
