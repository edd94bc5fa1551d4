// SHA-256 over OpenSSL's libcrypto, which uses the CPU's SHA extensions
// where it has them: every file of a scan is hashed (file.sha256 for the
// known-bad feeds, RECORD checks), and a portable C++ loop was an eighth of
// the CPU time of a whole-site-packages scan (docs/performance.md).
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace canary {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, size_t len);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // Forgets what was hashed: as if new.
  void reset();
  // The digest; the hasher then starts over, as if new.
  std::array<uint8_t, 32> finish();
  std::string finish_hex();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header
};

std::string sha256_hex(std::string_view data);
// Streams the file; empty string and `error` set if it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& p, std::string& error);

}  // namespace canary
