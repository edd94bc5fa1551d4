#include "artifact_builder.hpp"

#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace canary::test {
namespace fs = std::filesystem;

void write_zip(const fs::path& path, const std::vector<FileSpec>& files, ZipMethod compression) {
  std::string error;
  if (!write_zip_archive(path, files, compression, error)) throw std::runtime_error(error);
}

void write_wheel(const fs::path& path, std::vector<FileSpec> files) {
  add_wheel_record(files);
  write_zip(path, files, ZipMethod::Deflate);
}

void write_tar(const fs::path& path, const std::vector<FileSpec>& files, TarFilter filter) {
  std::string error;
  if (!write_tar_archive(path, files, filter, error)) throw std::runtime_error(error);
}

// Creates the parent directories, exactly as tests/cli/cli_test_util.hpp's
// write_file of the same name does: a test binary that links both ends up
// with one of them for every caller.
void write_file(const fs::path& path, const std::string& content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), std::streamsize(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

namespace {

void put16(std::string& s, uint32_t v) {
  s.push_back(char(v & 0xff));
  s.push_back(char((v >> 8) & 0xff));
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xffff);
  put16(s, v >> 16);
}

uint32_t crc_of(const std::string& content) {
  return uint32_t(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()), uInt(content.size())));
}

}  // namespace

void write_raw_zip(const fs::path& path, const std::vector<RawZipEntry>& entries) {
  // 2026-01-01 00:00 in DOS fields.
  const uint32_t dos_time = 0, dos_date = (2026 - 1980) << 9 | 1 << 5 | 1;
  std::string out, central;
  for (const RawZipEntry& e : entries) {
    const auto offset = uint32_t(out.size());
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, e.flags);
    put16(out, e.method);
    put16(out, dos_time);
    put16(out, dos_date);
    put32(out, e.crc);
    put32(out, uint32_t(e.data.size()));
    put32(out, e.declared_size);
    put16(out, uint32_t(e.name.size()));
    put16(out, 0);
    out += e.name;
    out += e.data;

    put32(central, 0x02014b50);
    put16(central, uint32_t(e.made_by_os) << 8 | 20);
    put16(central, 20);
    put16(central, e.flags);
    put16(central, e.method);
    put16(central, dos_time);
    put16(central, dos_date);
    put32(central, e.crc);
    put32(central, uint32_t(e.data.size()));
    put32(central, e.declared_size);
    put16(central, uint32_t(e.name.size()));
    put16(central, 0);  // extra
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, e.external_attributes);
    put32(central, offset);
    central += e.name;
  }
  const auto central_offset = uint32_t(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, uint32_t(entries.size()));
  put16(out, uint32_t(entries.size()));
  put32(out, uint32_t(central.size()));
  put32(out, central_offset);
  put16(out, 0);
  write_file(path, out);
}

RawZipEntry raw_stored(const std::string& name, const std::string& content) {
  RawZipEntry e;
  e.name = name;
  e.data = content;
  e.method = 0;
  e.crc = crc_of(content);
  e.declared_size = uint32_t(content.size());
  e.external_attributes = (0100644u) << 16;
  return e;
}

namespace {

// Raw deflate (no zlib header), as zip stores it, or with `gzip` a gzip
// file's bytes, fed by `next` until it returns an empty chunk.
template <class Next>
std::string deflate_stream(Next next, bool gzip = false) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, gzip ? 16 + MAX_WBITS : -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  std::string chunk;
  char buf[1 << 16];
  for (bool last = false; !last;) {
    chunk = next();
    last = chunk.empty();
    zs.next_in = reinterpret_cast<Bytef*>(chunk.data());
    zs.avail_in = uInt(chunk.size());
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
  }
  deflateEnd(&zs);
  return out;
}

}  // namespace

RawZipEntry raw_deflated(const std::string& name, const std::string& content) {
  RawZipEntry e = raw_stored(name, content);
  bool given = false;
  e.data = deflate_stream([&] {
    if (given) return std::string();
    given = true;
    return content;
  });
  e.method = 8;
  return e;
}

RawZipEntry raw_deflated_zeros(const std::string& name, uint64_t count) {
  return raw_deflated_repeated(name, std::string(1, '\0'), count);
}

namespace {

// `count` bytes of `pattern` repeated, handed out about a megabyte at a time
// (an empty chunk at the end), so that they never exist in memory at once.
class RepeatedChunks {
 public:
  RepeatedChunks(const std::string& pattern, uint64_t count) : left_(count) {
    while (chunk_.size() < (1u << 20)) chunk_ += pattern;  // a whole number of patterns
  }
  std::string next() {
    const size_t n = size_t(std::min<uint64_t>(left_, chunk_.size()));
    left_ -= n;
    return chunk_.substr(0, n);
  }

 private:
  std::string chunk_;
  uint64_t left_;
};

}  // namespace

RawZipEntry raw_deflated_repeated(const std::string& name, const std::string& pattern, uint64_t count) {
  RawZipEntry e;
  e.name = name;
  e.method = 8;
  e.declared_size = uint32_t(count);
  e.external_attributes = (0100644u) << 16;
  RepeatedChunks chunks(pattern, count);
  uLong crc = crc32(0L, Z_NULL, 0);
  e.data = deflate_stream([&] {
    std::string chunk = chunks.next();
    crc = crc32(crc, reinterpret_cast<const Bytef*>(chunk.data()), uInt(chunk.size()));
    return chunk;
  });
  e.crc = uint32_t(crc);
  return e;
}

std::string gzip_repeated(const std::string& pattern, uint64_t count) {
  RepeatedChunks chunks(pattern, count);
  return deflate_stream([&] { return chunks.next(); }, true);
}

const std::pair<Entry, std::string>* ReadResult::find(const std::string& path) const {
  for (const auto& entry : entries)
    if (entry.first.path == path) return &entry;
  return nullptr;
}

std::vector<std::string> ReadResult::paths() const {
  std::vector<std::string> out;
  for (const auto& entry : entries) out.push_back(entry.first.path);
  return out;
}

std::string ReadResult::all_errors() const {
  std::string out = open_error;
  for (const auto& e : errors) out += (out.empty() ? "" : " | ") + e;
  return out;
}

ReadResult read_artifact(const fs::path& path, const ReadLimits& limits) {
  ReadResult r;
  auto reader = open_artifact(path, limits, r.open_error);
  if (!reader) return r;
  r.opened = true;
  r.kind = reader->kind();
  r.ok = reader->read([&](const Entry& e, std::string_view content) { r.entries.emplace_back(e, std::string(content)); },
                      r.errors);
  return r;
}

}  // namespace canary::test
