#include "engine/sha256.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <new>
#include <stdexcept>
#include <vector>

namespace canary {
namespace {

// Fetched once: an implicit fetch on every init costs a lookup in
// OpenSSL's provider tables, per file hashed.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!md) throw std::runtime_error("OpenSSL provides no SHA-256");
  return md;
}

EVP_MD_CTX* ctx_of(void* p) { return static_cast<EVP_MD_CTX*>(p); }

void init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1) throw std::runtime_error("SHA-256 init failed");
}

std::string to_hex(const std::array<uint8_t, 32>& digest) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint8_t b : digest) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
  init(ctx_of(ctx_));
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_of(ctx_)); }

void Sha256::reset() { init(ctx_of(ctx_)); }

void Sha256::update(const void* data, size_t len) {
  if (len > 0 && EVP_DigestUpdate(ctx_of(ctx_), data, len) != 1) throw std::runtime_error("SHA-256 update failed");
}

std::array<uint8_t, 32> Sha256::finish() {
  std::array<uint8_t, 32> out{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx_of(ctx_), out.data(), &n) != 1 || n != out.size())
    throw std::runtime_error("SHA-256 final failed");
  init(ctx_of(ctx_));  // a finished hasher starts over rather than producing garbage
  return out;
}

std::string Sha256::finish_hex() { return to_hex(finish()); }

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.finish_hex();
}

std::string sha256_file_hex(const std::filesystem::path& p, std::string& error) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    error = "cannot open " + p.string() + " for hashing";
    return {};
  }
  Sha256 h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    if (in.gcount() > 0) h.update(buf.data(), size_t(in.gcount()));
  }
  if (in.bad()) {
    error = "read error while hashing " + p.string();
    return {};
  }
  return h.finish_hex();
}

}  // namespace canary
