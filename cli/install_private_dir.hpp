// Where `canary install` keeps the files it scanned until pip has installed
// them: a directory only this user can enter (mode 0700, made by mkdtemp),
// removed with everything in it when the object goes. Files go in by copy,
// hashed as they are written, and are hashed again right before pip reads
// them, so what pip installs is byte for byte what was scanned.
#pragma once
#include <filesystem>
#include <string>

namespace canary::cli {

class PrivateDir {
 public:
  PrivateDir() = default;
  ~PrivateDir();
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;

  // Makes canary-install-XXXXXX under the system temp directory. False with
  // `error` when it cannot.
  bool create(std::string& error);
  const std::filesystem::path& path() const { return path_; }

  // Still a directory (not a symlink) owned by us with no access for others.
  bool still_private(std::string& error) const;

  // Copies `from` into the directory as `name` (created, never replaced, not
  // followed if a link, read-only), hashing the bytes as they are written.
  // False with `error` unless the copy's sha256 is `sha256`.
  bool add_copy(const std::filesystem::path& from, const std::string& name, const std::string& sha256,
                std::filesystem::path& out, std::string& error) const;

  // Writes a new file `name` (created, never replaced) holding `text`.
  bool add_text(const std::string& name, const std::string& text, std::filesystem::path& out, std::string& error) const;

 private:
  std::filesystem::path path_;
};

// `path` is a regular file (not a symlink) whose sha256 is `sha256`.
bool file_still_has_digest(const std::filesystem::path& path, const std::string& sha256, std::string& error);

}  // namespace canary::cli
