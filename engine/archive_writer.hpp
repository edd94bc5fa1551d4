// Writes real wheels, zips and tarballs from in-memory members. Used by
// corpus/mkartifact (to pack replica trees at build time) and by the tests
// (to build the archives they read back). Names are written exactly as given:
// tests need hostile names, so nothing here sanitises them.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

struct ArchiveMember {
  std::string name;
  std::string content;    // file bytes, or the target of a link
  bool symlink = false;
  bool hardlink = false;  // tar only
  unsigned mode = 0644;   // permission bits
};

enum class ZipMethod { Store, Deflate, Bzip2, Xz };
enum class TarFilter { None, Gzip, Bzip2, Xz };

// 2026-01-01T00:00:00Z: every member gets this mtime so builds are reproducible.
constexpr int64_t kReproducibleMtime = 1767225600;

bool write_zip_archive(const std::filesystem::path& out, const std::vector<ArchiveMember>& members,
                       ZipMethod method, std::string& error);
bool write_tar_archive(const std::filesystem::path& out, const std::vector<ArchiveMember>& members,
                       TarFilter filter, std::string& error);

// "sha256=<urlsafe base64, no padding>" as RECORD files and PEP 376 want it.
std::string wheel_record_hash(std::string_view content);
// If the members hold exactly one top-level "*.dist-info/" directory and no
// RECORD in it, appends "<that dir>/RECORD" listing every member with its
// hash and size (RECORD itself with empty fields).
void add_wheel_record(std::vector<ArchiveMember>& members);

// Every regular file and symlink below `root`, named by its '/'-separated
// path relative to it, sorted by name; mode 0755 when the owner may execute
// it, else 0644. Anything else (fifo, device) is an error.
bool read_tree_members(const std::filesystem::path& root, std::vector<ArchiveMember>& members, std::string& error);
// Writes `members` to `out` in the format `name` (the artifact's file name)
// asks for: .whl (a RECORD is added), .zip, .tar.gz/.tgz, .tar.bz2, .tar.xz, .tar.
bool write_artifact_named(const std::filesystem::path& out, const std::string& name,
                          std::vector<ArchiveMember> members, std::string& error);

}  // namespace canary
