#include "engine/xz_source.hpp"

#include <cerrno>
#include <fstream>

namespace canary::detail {
namespace {

constexpr size_t kBlock = 64 * 1024;
constexpr std::string_view kXzMagic("\xfd" "7zXZ\0", 6);

std::string lzma_message(lzma_ret rc, const lzma_stream& s) {
  switch (rc) {
    case LZMA_MEMLIMIT_ERROR:
      return "it needs " + std::to_string(lzma_memusage(&s) >> 20) +
             " MiB of memory to decompress (its dictionary), more than the " + std::to_string(kXzMemoryLimit >> 20) +
             " MiB canary allows (xz -9 needs 65 MiB)";
    case LZMA_FORMAT_ERROR: return "its xz header is not one liblzma accepts";
    case LZMA_OPTIONS_ERROR: return "it uses xz options liblzma does not support";
    case LZMA_DATA_ERROR: return "its xz data is corrupt";
    case LZMA_BUF_ERROR: return "its xz data is truncated";
    case LZMA_MEM_ERROR: return "out of memory decompressing its xz data";
    default: return "its xz data cannot be decompressed (liblzma error " + std::to_string(int(rc)) + ")";
  }
}

}  // namespace

bool starts_as_xz(std::string_view head) { return head.substr(0, kXzMagic.size()) == kXzMagic; }

bool file_starts_as_xz(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[6] = {};
  in.read(head, sizeof head);
  return in.gcount() == sizeof head && starts_as_xz(std::string_view(head, sizeof head));
}

XzSource::~XzSource() {
  if (initialized_) lzma_end(&stream_);
  if (file_) std::fclose(file_);
}

int XzSource::open(archive* a) {
  if (!from_memory_ && !(file_ = std::fopen(path_.c_str(), "rb"))) {
    error_ = "cannot open the file";
    return ARCHIVE_FATAL;
  }
  const lzma_ret rc = lzma_stream_decoder(&stream_, kXzMemoryLimit, LZMA_CONCATENATED);
  if (rc != LZMA_OK) {
    error_ = lzma_message(rc, stream_);
    return ARCHIVE_FATAL;
  }
  initialized_ = true;
  out_.resize(kBlock);
  if (!from_memory_) in_.resize(kBlock);
  return archive_read_open(a, this, nullptr, &XzSource::read_callback, nullptr);
}

la_ssize_t XzSource::read_callback(archive* a, void* self, const void** out) {
  return static_cast<XzSource*>(self)->read(a, out);
}

// The next compressed bytes: a slice of the memory, or a block of the file.
size_t XzSource::fill(const uint8_t** in) {
  if (from_memory_) {
    const size_t n = std::min(kBlock, memory_.size() - memory_pos_);
    *in = reinterpret_cast<const uint8_t*>(memory_.data()) + memory_pos_;
    memory_pos_ += n;
    return n;
  }
  *in = in_.data();
  return std::fread(in_.data(), 1, in_.size(), file_);
}

la_ssize_t XzSource::read(archive* a, const void** out) {
  *out = out_.data();
  if (finished_) return 0;
  stream_.next_out = out_.data();
  stream_.avail_out = out_.size();
  while (stream_.avail_out == out_.size()) {
    if (stream_.avail_in == 0 && !input_done_) {
      const uint8_t* in = nullptr;
      const size_t n = fill(&in);
      if (n == 0) input_done_ = true;
      stream_.next_in = in;
      stream_.avail_in = n;
      compressed_ += n;
    }
    const lzma_ret rc = lzma_code(&stream_, input_done_ ? LZMA_FINISH : LZMA_RUN);
    if (rc == LZMA_STREAM_END) {
      finished_ = true;
      break;
    }
    if (rc != LZMA_OK) {
      error_ = lzma_message(rc, stream_);
      archive_set_error(a, EINVAL, "%s", error_.c_str());
      return -1;
    }
  }
  return static_cast<la_ssize_t>(out_.size() - stream_.avail_out);
}

}  // namespace canary::detail
