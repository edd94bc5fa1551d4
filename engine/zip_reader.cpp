// Wheels, .zip and .egg through libzip. Stored and deflated entries (nearly
// all of them) are inflated here with zlib from the raw compressed bytes, so
// the reader knows exactly how many compressed bytes produced how many
// inflated ones and can stop a bomb after its first megabyte. Other methods
// go through libzip's own decompression.
#include <sys/stat.h>
#include <zip.h>
#include <zlib.h>

#include <optional>

#include "engine/readers_internal.hpp"

namespace canary::detail {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string msg = zip_error_strerror(&e);
  zip_error_fini(&e);
  return msg;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

// The entry name as pip would see it: raw bytes when they are UTF-8 (names
// with control characters included: libzip's guess would turn \x01 into a
// CP437 smiley), else libzip's CP437 decoding, as Python's zipfile does.
std::string entry_name(zip_t* za, zip_uint64_t index) {
  const char* raw = zip_get_name(za, index, ZIP_FL_ENC_RAW);
  if (!raw) return {};
  if (valid_utf8(raw)) return raw;
  const char* guessed = zip_get_name(za, index, ZIP_FL_ENC_GUESS);
  return guessed ? guessed : raw;
}

// Where one entry's inflated bytes go: the first `allowance` bytes are kept,
// the rest only counted. Decides truncation and the bomb verdict.
struct EntrySink {
  std::string& buffer;
  uint64_t allowance;
  uint64_t max_ratio;
  uint64_t produced = 0;
  bool truncated = false;
  bool bomb = false;
  bool size_mismatch = false;  // set by the reader once the entry is read
  bool crc_mismatch = false;

  // Returns false when reading this entry should stop.
  bool take(const char* p, size_t n, uint64_t compressed_consumed) {
    if (buffer.size() < allowance) buffer.append(p, size_t(std::min<uint64_t>(n, allowance - buffer.size())));
    produced += n;
    if (produced > allowance) truncated = true;
    if (produced >= kBombMinInflated && produced / std::max<uint64_t>(compressed_consumed, 1) > max_ratio) {
      bomb = true;
      truncated = true;
    }
    return !truncated;
  }
};

class ZipReader final : public ArtifactReader {
 public:
  ZipReader(std::filesystem::path path, const ReadLimits& limits, ArtifactKind kind)
      : path_(std::move(path)), name_(path_.filename().string()), limits_(limits), kind_(kind) {}
  // An archive inside an artifact: read from `bytes`, which outlive the reader.
  ZipReader(std::string_view bytes, std::string display, const ReadLimits& limits, ArtifactKind kind, ReadLevel level)
      : memory_(bytes), from_memory_(true), name_(std::move(display)), limits_(limits), kind_(kind),
        level_(std::move(level)) {}
  ArtifactKind kind() const override { return kind_; }
  bool read(const EntryVisitor& visit, std::vector<std::string>& errors) override;
  bool preview(const PreviewWanted& wanted, ArtifactPreview& out, std::vector<std::string>& errors) override;

 private:
  // Reads one entry's content into buffer_; returns an error text or nothing.
  std::optional<std::string> read_raw(zip_t* za, zip_uint64_t index, const zip_stat_t& st, EntrySink& sink);
  std::optional<std::string> read_via_libzip(zip_t* za, zip_uint64_t index, const zip_stat_t& st, EntrySink& sink);
  bool common_top_dir(zip_t* za, zip_int64_t count) const;
  // Reads entry `index` into buffer_ (at most `allowance` bytes); nothing
  // when it is encrypted or uses a method this build cannot decompress.
  std::optional<std::string> read_content(zip_t* za, zip_uint64_t index, const zip_stat_t& st, EntrySink& sink);
  // zip_open on the file, or on the bytes in memory; null with `code` set.
  zip_t* open(int flags, int& code) const;

  std::filesystem::path path_;
  std::string_view memory_;
  bool from_memory_ = false;
  std::string name_;  // in error lines
  ReadLimits limits_;
  ArtifactKind kind_;
  ReadLevel level_;
  std::string buffer_;  // one entry's content at a time, reused
};

std::optional<std::string> ZipReader::read_raw(zip_t* za, zip_uint64_t index, const zip_stat_t& st,
                                               EntrySink& sink) {
  zip_file_t* zf = zip_fopen_index(za, index, ZIP_FL_COMPRESSED);
  if (!zf) return std::string("cannot open: ") + zip_strerror(za);
  std::vector<char> in(kChunk), out(kChunk);
  std::optional<std::string> err;
  uint64_t raw_read = 0;
  const bool deflated = st.comp_method == ZIP_CM_DEFLATE;
  z_stream zs{};
  if (deflated && inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
    zip_fclose(zf);
    return std::string("zlib initialisation failed");
  }
  bool done = false;
  while (!done) {
    zip_int64_t n = zip_fread(zf, in.data(), in.size());
    if (n < 0) {
      // libzip checks the CRC of stored entries itself, after the last byte.
      if (zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_CRC) {
        sink.crc_mismatch = true;
        err = "CRC mismatch (corrupt or altered content)";
      } else {
        err = std::string("read error: ") + zip_file_strerror(zf);
      }
      break;
    }
    raw_read += uint64_t(n);
    if (!deflated) {
      if (n == 0) break;
      if (!sink.take(in.data(), size_t(n), raw_read)) break;
      continue;
    }
    if (n == 0) {
      err = "compressed data ends before the end of the deflate stream";
      break;
    }
    zs.next_in = reinterpret_cast<Bytef*>(in.data());
    zs.avail_in = uInt(n);
    while (zs.avail_in > 0 || zs.avail_out == 0) {
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = uInt(out.size());
      int rc = inflate(&zs, Z_NO_FLUSH);
      size_t got = out.size() - zs.avail_out;
      uint64_t consumed = raw_read - zs.avail_in;
      if (got > 0 && !sink.take(out.data(), got, consumed)) {
        done = true;
        break;
      }
      if (rc == Z_STREAM_END) {
        done = true;
        break;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        err = std::string("invalid deflate data: ") + (zs.msg ? zs.msg : "zlib error");
        done = true;
        break;
      }
      if (rc == Z_BUF_ERROR && got == 0) break;  // needs more input
    }
  }
  if (deflated) inflateEnd(&zs);
  zip_fclose(zf);
  if (err) return err;
  // More content than the header claims is a lie even when reading stopped early.
  if (sink.truncated) {
    if ((st.valid & ZIP_STAT_SIZE) && sink.produced > st.size) {
      sink.size_mismatch = true;
      return "declared size " + std::to_string(st.size) + " but content is more than " +
             std::to_string(sink.produced) + " bytes";
    }
    return std::nullopt;
  }
  // The whole entry was read: hold it against what the archive claims.
  if ((st.valid & ZIP_STAT_SIZE) && st.size != sink.produced) {
    sink.size_mismatch = true;
    return "declared size " + std::to_string(st.size) + " but content is " + std::to_string(sink.produced) +
           " bytes";
  }
  if (st.valid & ZIP_STAT_CRC) {
    uLong crc = crc32(0L, Z_NULL, 0);
    for (size_t off = 0; off < sink.buffer.size(); off += kChunk) {
      size_t len = std::min(kChunk, sink.buffer.size() - off);
      crc = crc32(crc, reinterpret_cast<const Bytef*>(sink.buffer.data() + off), uInt(len));
    }
    if (crc != st.crc) {
      sink.crc_mismatch = true;
      return std::string("CRC mismatch (corrupt or altered content)");
    }
  }
  return std::nullopt;
}

std::optional<std::string> ZipReader::read_via_libzip(zip_t* za, zip_uint64_t index, const zip_stat_t& st,
                                                      EntrySink& sink) {
  zip_file_t* zf = zip_fopen_index(za, index, 0);
  if (!zf) return std::string("cannot open: ") + zip_strerror(za);
  std::vector<char> chunk(kChunk);
  std::optional<std::string> err;
  // libzip hides how much compressed input it has consumed; the whole
  // compressed size is the denominator, which only errs towards "no bomb".
  const uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  for (;;) {
    zip_int64_t n = zip_fread(zf, chunk.data(), chunk.size());
    if (n < 0) {
      if (zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_CRC) {
        sink.crc_mismatch = true;
        err = "CRC mismatch (corrupt or altered content)";
      } else {
        err = std::string("read error: ") + zip_file_strerror(zf);
      }
      break;
    }
    if (n == 0 || !sink.take(chunk.data(), size_t(n), compressed)) break;
  }
  zip_fclose(zf);
  return err;
}

zip_t* ZipReader::open(int flags, int& code) const {
  if (!from_memory_) return zip_open(path_.c_str(), flags, &code);
  zip_error_t err;
  zip_error_init(&err);
  // freep 0: libzip reads the caller's bytes in place, no copy.
  zip_source_t* src = zip_source_buffer_create(memory_.data(), memory_.size(), 0, &err);
  zip_t* za = src ? zip_open_from_source(src, flags, &err) : nullptr;
  if (!za) {
    code = zip_error_code_zip(&err);
    if (src) zip_source_free(src);  // zip_open_from_source takes it only on success
  }
  zip_error_fini(&err);
  return za;
}

bool ZipReader::common_top_dir(zip_t* za, zip_int64_t count) const {
  std::string top;
  bool any_file = false;
  for (zip_int64_t i = 0; i < count; ++i) {
    const std::string name = entry_name(za, zip_uint64_t(i));
    if (name.empty()) return false;
    std::string_view stored(name);
    bool is_dir = !stored.empty() && stored.back() == '/';
    NormalizedPath n = normalize_path(stored);
    std::string_view seg = first_segment(n.path);
    if (seg.empty() || seg == ".." || n.absolute) return false;
    if (!is_dir && n.path.find('/') == std::string::npos) return false;  // a file at the top
    if (top.empty()) top = std::string(seg);
    else if (top != seg) return false;
    any_file = any_file || !is_dir;
  }
  return any_file;
}

std::optional<std::string> ZipReader::read_content(zip_t* za, zip_uint64_t index, const zip_stat_t& st,
                                                   EntrySink& sink) {
  const zip_uint16_t method = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : ZIP_CM_STORE;
  const bool raw = method == ZIP_CM_STORE || method == ZIP_CM_DEFLATE;
  return raw ? read_raw(za, index, st, sink) : read_via_libzip(za, index, st, sink);
}

// The central directory is read once more, before read(): every name and
// declared size, and the few entries the caller wants early (a wheel's RECORD
// and WHEEL, which sit at the end of the archive but decide facts about every
// file before them). Errors are left for read() to report when it gets there.
bool ZipReader::preview(const PreviewWanted& wanted, ArtifactPreview& out, std::vector<std::string>&) {
  // At most kPreviewBytes of all wanted entries together, and this many
  // entries: a RECORD of a huge wheel is a few MB; anything beyond is not a
  // real one. (Per entry would let 16 copies of a name hold 256 MB at once.)
  uint64_t preview_left = kPreviewBytes;
  constexpr size_t kPreviewEntries = 16;
  int code = 0;
  zip_t* za = open(ZIP_RDONLY, code);
  if (!za) return false;
  const zip_int64_t count = zip_get_num_entries(za, 0);
  const bool strip = kind_ == ArtifactKind::Zip && common_top_dir(za, count);
  for (zip_int64_t i = 0; i < count && out.paths.size() < limits_.max_entries; ++i) {
    const auto index = zip_uint64_t(i);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    const std::string name = entry_name(za, index);
    if (!name.empty() && name.back() == '/') continue;
    NormalizedPath n = normalize_path(name);
    std::string path = strip && !n.absolute ? strip_first_segment(n.path) : n.path;
    if (st.valid & ZIP_STAT_SIZE)
      out.declared_bytes = st.size > UINT64_MAX - out.declared_bytes ? UINT64_MAX : out.declared_bytes + st.size;
    const bool encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE;
    const zip_uint16_t method = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : ZIP_CM_STORE;
    const bool readable = method == ZIP_CM_STORE || method == ZIP_CM_DEFLATE || zip_compression_method_supported(method, 0);
    if (!encrypted && readable && out.contents.size() < kPreviewEntries && preview_left > 0 && wanted(path)) {
      buffer_.clear();
      EntrySink sink{buffer_, std::min(limits_.max_entry_bytes, preview_left), limits_.max_ratio};
      if (!read_content(za, index, st, sink) || sink.size_mismatch || sink.crc_mismatch) {
        preview_left -= std::min<uint64_t>(preview_left, buffer_.size());
        out.contents.emplace_back(path, buffer_);
      }
    }
    out.paths.push_back(std::move(path));
  }
  zip_discard(za);
  out.complete = true;
  return true;
}

bool ZipReader::read(const EntryVisitor& visit, std::vector<std::string>& errors) {
  int code = 0;
  zip_t* za = open(ZIP_RDONLY, code);
  if (!za) {
    errors.push_back("cannot read " + printable_name(name_) + " as a zip archive: " + zip_error_text(code));
    return false;
  }
  // ZIP_CHECKCONS would refuse archives that Python's zipfile (and so pip)
  // accepts, e.g. with duplicate names, and then nothing would be scanned. The
  // archive is read leniently and the failed check is reported instead, since
  // such inconsistencies are a way to show different content to different tools.
  if (zip_t* strict = open(ZIP_RDONLY | ZIP_CHECKCONS, code)) {
    zip_discard(strict);
  } else {
    errors.push_back(printable_name(name_) + ": zip structure fails the consistency check (" +
                     zip_error_text(code) + "); entries were read anyway");
  }
  const zip_int64_t count = zip_get_num_entries(za, 0);
  const bool strip = kind_ == ArtifactKind::Zip && common_top_dir(za, count);
  std::optional<ReadBudget> own_budget;
  ReadBudget& budget = level_.budget ? *level_.budget : own_budget.emplace(limits_);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = zip_uint64_t(i);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
      errors.push_back("zip entry #" + std::to_string(i) + ": unreadable header: " + zip_strerror(za));
      continue;
    }
    const std::string name = entry_name(za, index);
    std::string_view stored(name);
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    zip_file_get_external_attributes(za, index, 0, &opsys, &attributes);
    // Unix tools put st_mode in the high half of the external attributes.
    const mode_t mode = opsys == ZIP_OPSYS_UNIX ? mode_t(attributes >> 16) : 0;
    // Python's zipfile (and so pip) calls only a trailing '/' a directory; an
    // entry with a directory mode but no slash is installed as a file.
    if (!stored.empty() && stored.back() == '/') continue;

    if (budget.total_exhausted()) budget.stop(errors, budget.total_error());
    if (!budget.admit_entry(errors)) break;
    Entry e;
    e.stored_path = std::string(stored);
    NormalizedPath n = normalize_path(stored);
    e.unsafe_path = n.unsafe;
    e.path = strip && !n.absolute ? strip_first_segment(n.path) : n.path;
    e.declared_size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    e.is_symlink = S_ISLNK(mode);
    // A zip "device" or "fifo" still holds bytes, and pip writes them out as
    // an ordinary file: the flag is reported and the content read all the same.
    e.is_special = S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
    buffer_.clear();
    const std::string label = "zip entry '" + level_.name_prefix + printable_name(stored) + "': ";
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      errors.push_back(label + "encrypted, content not read");
      e.truncated = true;
      visit(e, std::string_view());
      continue;
    }
    const zip_uint16_t method = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : ZIP_CM_STORE;
    const bool raw = method == ZIP_CM_STORE || method == ZIP_CM_DEFLATE;
    if (!raw && !zip_compression_method_supported(method, 0)) {
      errors.push_back(label + "unsupported compression method " + std::to_string(method) + ", content not read");
      e.truncated = true;
      visit(e, std::string_view());
      continue;
    }
    EntrySink sink{buffer_, budget.entry_allowance(), limits_.max_ratio};
    std::optional<std::string> err = read_content(za, index, st, sink);
    budget.add_bytes(sink.produced);
    e.truncated = sink.truncated;
    e.bomb = sink.bomb;
    e.inflated_size = sink.produced;
    e.size_mismatch = sink.size_mismatch;
    e.crc_mismatch = sink.crc_mismatch;
    if (err) {
      errors.push_back(label + *err);
      if (!sink.size_mismatch && !sink.crc_mismatch) e.truncated = true;
    }
    if (e.bomb)
      errors.push_back(label + "decompression bomb (more than " + std::to_string(limits_.max_ratio) +
                       " inflated bytes per compressed byte), stopped inflating it");
    visit_entry(level_, budget, limits_, e, buffer_, e.compressed_size, visit, errors);
    // Inside an artifact, keep no memory between entries: the held-bytes
    // budget (ReadBudget::hold) counts live content, not an earlier entry's
    // pages left in this buffer.
    if (from_memory_) std::string().swap(buffer_);
  }
  zip_discard(za);
  return true;
}

}  // namespace

std::unique_ptr<ArtifactReader> make_zip_reader(const std::filesystem::path& path, const ReadLimits& limits,
                                                ArtifactKind kind) {
  return std::make_unique<ZipReader>(path, limits, kind);
}

std::unique_ptr<ArtifactReader> make_zip_memory_reader(std::string_view bytes, std::string display,
                                                       const ReadLimits& limits, ArtifactKind kind, ReadLevel level) {
  return std::make_unique<ZipReader>(bytes, std::move(display), limits, kind, std::move(level));
}

}  // namespace canary::detail
