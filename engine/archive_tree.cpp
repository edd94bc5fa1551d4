// Packing a directory tree into an artifact, shared by corpus/mkartifact (at
// build time) and `canary test` (corpus expectations).
#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "engine/archive_writer.hpp"

namespace canary {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool read_tree_members(const fs::path& root, std::vector<ArchiveMember>& members, std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    error = "not a directory: " + root.string();
    return false;
  }
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(st)) continue;
    if (!fs::is_regular_file(st) && !fs::is_symlink(st)) {
      error = "not a regular file or symlink: " + it->path().string();
      return false;
    }
    paths.push_back(it->path());
  }
  if (ec) {
    error = "cannot walk " + root.string() + ": " + ec.message();
    return false;
  }
  std::sort(paths.begin(), paths.end(), [&](const fs::path& a, const fs::path& b) {
    return a.lexically_relative(root).generic_string() < b.lexically_relative(root).generic_string();
  });
  for (const fs::path& p : paths) {
    ArchiveMember m;
    m.name = p.lexically_relative(root).generic_string();
    fs::file_status st = fs::symlink_status(p, ec);
    if (fs::is_symlink(st)) {
      m.symlink = true;
      m.content = fs::read_symlink(p, ec).string();
    } else {
      std::ifstream in(p, std::ios::binary);
      if (!in) {
        error = "cannot read " + p.string();
        return false;
      }
      m.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      m.mode = (st.permissions() & fs::perms::owner_exec) != fs::perms::none ? 0755 : 0644;
    }
    members.push_back(std::move(m));
  }
  return true;
}

bool write_artifact_named(const fs::path& out, const std::string& name, std::vector<ArchiveMember> members,
                          std::string& error) {
  if (ends_with(name, ".whl")) {
    add_wheel_record(members);
    return write_zip_archive(out, members, ZipMethod::Deflate, error);
  }
  if (ends_with(name, ".zip")) return write_zip_archive(out, members, ZipMethod::Deflate, error);
  if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz")) return write_tar_archive(out, members, TarFilter::Gzip, error);
  if (ends_with(name, ".tar.bz2")) return write_tar_archive(out, members, TarFilter::Bzip2, error);
  if (ends_with(name, ".tar.xz")) return write_tar_archive(out, members, TarFilter::Xz, error);
  if (ends_with(name, ".tar")) return write_tar_archive(out, members, TarFilter::None, error);
  error = "unsupported output extension (want .whl, .zip, .tar.gz, .tgz, .tar.bz2, .tar.xz or .tar): " + name;
  return false;
}

}  // namespace canary
