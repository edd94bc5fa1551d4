// libFuzzer: the decoders (engine/decode.cpp): blob search through every
// codec chain, and each codec on its own.
#include <string>
#include <string_view>

#include "engine/decode.hpp"

using namespace canary::decode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Limits limits;
  Budget budget{1u << 20};
  std::vector<Blob> blobs = find_blobs(text, limits, budget);
  volatile size_t n = 0;
  for (const Blob& b : blobs) n = n + b.data.size();
  std::string out;
  bool truncated = false;
  decode_base64(text, false, 1 << 16, out, truncated);
  decode_base64(text, true, 1 << 16, out, truncated);
  decode_base32(text, 1 << 16, out, truncated);
  decode_hex(text, 1 << 16, out, truncated);
  for (Codec c : {Codec::Zlib, Codec::Gzip, Codec::Bz2, Codec::Xz, Codec::Lzma})
    decompress(c, text, 1 << 16, out, truncated);
  looks_like_text(text);
  looks_like_marshal(text);
  return 0;
}
