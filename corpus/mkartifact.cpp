// mkartifact SRC_DIR OUT_FILE
// Packs a replica source tree into a real artifact chosen by OUT_FILE's
// extension: .whl (zip + generated RECORD), .zip, .tar.gz/.tgz, .tar.bz2,
// .tar.xz, .tar. Output is reproducible: sorted members, fixed mtime
// (2026-01-01), modes 0644 or 0755 by the owner exec bit. The file appears
// atomically (written beside it, then renamed).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/archive_writer.hpp"

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool collect(const fs::path& root, std::vector<canary::ArchiveMember>& members, std::string& error) {
  std::vector<fs::path> paths;
  std::error_code ec;
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
    canary::ArchiveMember m;
    m.name = p.lexically_relative(root).generic_string();
    fs::file_status st = fs::symlink_status(p);
    if (fs::is_symlink(st)) {
      m.symlink = true;
      m.content = fs::read_symlink(p).string();
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

bool pack(const fs::path& src, const fs::path& out, std::string& error) {
  if (!fs::is_directory(src)) {
    error = "not a directory: " + src.string();
    return false;
  }
  const std::string name = out.filename().string();
  std::vector<canary::ArchiveMember> members;
  if (!collect(src, members, error)) return false;
  if (members.empty()) {
    error = "nothing to pack in " + src.string();
    return false;
  }
  std::error_code ec;
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  if (ec) {
    error = "cannot create " + out.parent_path().string() + ": " + ec.message();
    return false;
  }
  const fs::path tmp = out.string() + ".tmp-" + std::to_string(getpid());
  bool ok = false;
  if (ends_with(name, ".whl")) {
    canary::add_wheel_record(members);
    ok = canary::write_zip_archive(tmp, members, canary::ZipMethod::Deflate, error);
  } else if (ends_with(name, ".zip")) {
    ok = canary::write_zip_archive(tmp, members, canary::ZipMethod::Deflate, error);
  } else if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz")) {
    ok = canary::write_tar_archive(tmp, members, canary::TarFilter::Gzip, error);
  } else if (ends_with(name, ".tar.bz2")) {
    ok = canary::write_tar_archive(tmp, members, canary::TarFilter::Bzip2, error);
  } else if (ends_with(name, ".tar.xz")) {
    ok = canary::write_tar_archive(tmp, members, canary::TarFilter::Xz, error);
  } else if (ends_with(name, ".tar")) {
    ok = canary::write_tar_archive(tmp, members, canary::TarFilter::None, error);
  } else {
    error = "unsupported output extension (want .whl, .zip, .tar.gz, .tgz, .tar.bz2, .tar.xz or .tar): " + name;
    return false;
  }
  if (ok) {
    fs::rename(tmp, out, ec);
    if (ec) {
      error = "cannot rename " + tmp.string() + " to " + out.string() + ": " + ec.message();
      ok = false;
    }
  }
  if (!ok) fs::remove(tmp, ec);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: mkartifact SRC_DIR OUT_FILE\n";
    return 1;
  }
  std::string error;
  if (!pack(argv[1], argv[2], error)) {
    std::cerr << "mkartifact: " << error << "\n";
    return 1;
  }
  return 0;
}
