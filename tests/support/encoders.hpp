// Reference encoders for tests that build encoded blobs (the decoders under
// test must not be used to make their own inputs).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace canary::test {

// RFC 4648 encoding with an alphabet of 2^bits symbols, padded with '=' to a
// multiple of `pad_to` characters.
inline std::string rfc4648_encode(std::string_view in, const char* alphabet, int bits, size_t pad_to) {
  const uint32_t mask = (1u << bits) - 1;
  std::string out;
  uint32_t acc = 0;
  int held = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    held += 8;
    while (held >= bits) out += alphabet[(acc >> (held -= bits)) & mask];
  }
  if (held > 0) out += alphabet[(acc << (bits - held)) & mask];
  while (out.size() % pad_to) out += '=';
  return out;
}

inline std::string base64_encode(std::string_view in, bool urlsafe = false) {
  return rfc4648_encode(in,
                        urlsafe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                        6, 4);
}

inline std::string base32_encode(std::string_view in) {
  return rfc4648_encode(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5, 8);
}

}  // namespace canary::test
