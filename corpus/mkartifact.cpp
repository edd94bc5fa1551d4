// mkartifact SRC_DIR OUT_FILE
// Packs a replica source tree into a real artifact chosen by OUT_FILE's
// extension: .whl (zip + generated RECORD), .zip, .tar.gz/.tgz, .tar.bz2,
// .tar.xz, .tar. Output is reproducible: sorted members, fixed mtime
// (2026-01-01), modes 0644 or 0755 by the owner exec bit. The file appears
// atomically (written beside it, then renamed).
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "engine/archive_writer.hpp"

namespace fs = std::filesystem;

namespace {

bool pack(const fs::path& src, const fs::path& out, std::string& error) {
  if (!fs::is_directory(src)) {
    error = "not a directory: " + src.string();
    return false;
  }
  std::vector<canary::ArchiveMember> members;
  if (!canary::read_tree_members(src, members, error)) return false;
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
  bool ok = canary::write_artifact_named(tmp, out.filename().string(), std::move(members), error);
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
