// libFuzzer: the decoders (engine/decode.cpp): blob search through every
// codec chain, and each codec on its own. Two properties too: the skipping
// literal tokenizer finds exactly what the byte-by-byte one finds, and
// next_window (64 bytes per step) finds the window a byte-by-byte look does.
#include <cstdlib>
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

  const std::vector<LiteralValue> fast = find_literal_values(text, 64), slow = find_literal_values_bytewise(text, 64);
  if (fast.size() != slow.size()) std::abort();
  for (size_t k = 0; k < fast.size(); ++k)
    if (fast[k].begin != slow[k].begin || fast[k].end != slow[k].end || fast[k].codec != slow[k].codec ||
        fast[k].value != slow[k].value || fast[k].escapes != slow[k].escapes ||
        fast[k].plain_escapes != slow[k].plain_escapes || fast[k].truncated != slow[k].truncated)
      std::abort();

  auto encoded = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '-' || c == '_';
  };
  size_t want = size, row = 0;
  for (size_t i = 0; i < size; ++i) {
    row = encoded(text[i]) ? row + 1 : 0;
    if (row == 16) {
      want = i + 1 - 16;
      break;
    }
  }
  if (next_window(text, 0) != want) std::abort();
  return 0;
}
