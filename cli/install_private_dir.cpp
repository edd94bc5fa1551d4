#include "install_private_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "engine/sha256.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// A new file in `dir`: O_EXCL so nothing that was already there (a file or a
// planted symlink) is ever written through.
int create_new(const fs::path& path, mode_t mode) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

}  // namespace

PrivateDir::~PrivateDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

bool PrivateDir::create(std::string& error) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string templ = (base / "canary-install-XXXXXX").string();
  if (!::mkdtemp(templ.data())) {  // mkdtemp makes it 0700
    error = "cannot create a private directory in " + base.string() + ": " + errno_text();
    return false;
  }
  path_ = templ;
  return still_private(error);
}

bool PrivateDir::still_private(std::string& error) const {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) != 0) {
    error = path_.string() + ": " + errno_text();
    return false;
  }
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
    error = path_.string() + " is no longer a directory only this user can use; refusing to go on";
    return false;
  }
  return true;
}

bool PrivateDir::add_copy(const fs::path& from, const std::string& name, const std::string& sha256, fs::path& out,
                          std::string& error) const {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    error = "'" + name + "' is not a plain file name";
    return false;
  }
  out = path_ / name;
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    error = "cannot read " + from.string() + ": " + errno_text();
    return false;
  }
  int fd = create_new(out, 0600);
  if (fd < 0) {
    error = "cannot create " + out.string() + ": " + errno_text();
    ::close(in);
    return false;
  }
  Sha256 hash;
  char buf[1 << 16];
  bool ok = true;
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = "cannot read " + from.string() + ": " + errno_text();
      ok = false;
      break;
    }
    if (n == 0) break;
    hash.update(buf, static_cast<size_t>(n));
    if (!write_all(fd, buf, static_cast<size_t>(n))) {
      error = "cannot write " + out.string() + ": " + errno_text();
      ok = false;
      break;
    }
  }
  ::close(in);
  // Read-only from now on: nothing of ours writes it again.
  if (ok && ::fchmod(fd, 0400) != 0) {
    error = "cannot make " + out.string() + " read-only: " + errno_text();
    ok = false;
  }
  if (::close(fd) != 0 && ok) {
    error = "cannot write " + out.string() + ": " + errno_text();
    ok = false;
  }
  if (!ok) return false;
  std::string actual = hash.finish_hex();
  if (actual != sha256) {
    error = "the copy of " + from.string() + " has sha256 " + actual + ", not the verified " + sha256;
    return false;
  }
  return true;
}

bool PrivateDir::add_text(const std::string& name, const std::string& text, fs::path& out, std::string& error) const {
  out = path_ / name;
  int fd = create_new(out, 0400);
  if (fd < 0) {
    error = "cannot create " + out.string() + ": " + errno_text();
    return false;
  }
  bool ok = write_all(fd, text.data(), text.size());
  if (::close(fd) != 0) ok = false;
  if (!ok) error = "cannot write " + out.string() + ": " + errno_text();
  return ok;
}

bool file_still_has_digest(const fs::path& path, const std::string& sha256, std::string& error) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    error = path.string() + " is no longer the regular file that was scanned";
    return false;
  }
  std::string actual = sha256_file_hex(path, error);
  if (actual.empty()) return false;
  if (actual != sha256) {
    error = path.string() + " changed after it was scanned (sha256 " + actual + ", scanned " + sha256 + ")";
    return false;
  }
  return true;
}

}  // namespace canary::cli
