// Builds REAL archives on disk for tests (through engine/archive_writer, the
// same code mkartifact uses), crafts hostile zips byte by byte where libzip
// would refuse to write them, and reads an artifact back into memory.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/archive_writer.hpp"
#include "engine/artifact.hpp"
#include "temp_dir.hpp"

namespace canary::test {

// { name, content, symlink=false, hardlink=false, mode=0644 }: names are written as given.
using FileSpec = canary::ArchiveMember;

// All throw std::runtime_error on failure.
void write_zip(const std::filesystem::path& path, const std::vector<FileSpec>& files,
               ZipMethod compression = ZipMethod::Deflate);
// A zip whose *.dist-info/ gets a correct RECORD unless one is given.
void write_wheel(const std::filesystem::path& path, std::vector<FileSpec> files);
void write_tar(const std::filesystem::path& path, const std::vector<FileSpec>& files, TarFilter filter);
inline void write_tar_gz(const std::filesystem::path& path, const std::vector<FileSpec>& files) {
  write_tar(path, files, TarFilter::Gzip);
}
void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

// One zip member as the hand-written zip writer stores it: `data` goes into
// the archive verbatim and every header field is whatever the test says.
struct RawZipEntry {
  std::string name;
  std::string data;             // stored bytes (already compressed for method 8)
  uint16_t method = 0;          // 0 stored, 8 deflate, anything else to test refusal
  uint16_t flags = 0;           // bit 0: encrypted
  uint32_t crc = 0;
  uint32_t declared_size = 0;   // the uncompressed size the headers claim
  uint32_t external_attributes = 0;
  uint8_t made_by_os = 3;       // 3 = Unix: mode in the high 16 bits of external_attributes
};
void write_raw_zip(const std::filesystem::path& path, const std::vector<RawZipEntry>& entries);
// An honest stored / deflated entry for `content`.
RawZipEntry raw_stored(const std::string& name, const std::string& content);
RawZipEntry raw_deflated(const std::string& name, const std::string& content);
// A deflated entry of `count` zero bytes, built in chunks without holding the
// inflated data: a zip bomb.
RawZipEntry raw_deflated_zeros(const std::string& name, uint64_t count);
// The same for `count` bytes of `pattern` repeated (cut at `count`).
RawZipEntry raw_deflated_repeated(const std::string& name, const std::string& pattern, uint64_t count);
// A gzip file of the same bytes (a lone .gz bomb), built the same way.
std::string gzip_repeated(const std::string& pattern, uint64_t count);

// Everything a reader produced, content copied out of the callback.
struct ReadResult {
  bool opened = false;  // open_artifact gave a reader
  bool ok = false;      // read() returned true
  ArtifactKind kind = ArtifactKind::Directory;
  std::string open_error;
  std::vector<std::pair<Entry, std::string>> entries;
  std::vector<std::string> errors;

  const std::pair<Entry, std::string>* find(const std::string& path) const;
  std::vector<std::string> paths() const;
  std::string all_errors() const;  // joined, for failure messages
};
ReadResult read_artifact(const std::filesystem::path& path, const ReadLimits& limits = {});

}  // namespace canary::test
