// engine/decode: candidate runs, each codec, chains, limits, noise.
// Inputs are built here with the real compressors, the way an obfuscator
// would build them.
#include <catch2/catch.hpp>
#include <string>

#include "engine/decode.hpp"
#include "support/compressors.hpp"
#include "support/encoders.hpp"
#include "support/xorshift.hpp"

using namespace canary::decode;

namespace {

const std::string kCode = "import urllib.request\nurllib.request.urlopen(\"http://example.invalid/beacon\")\n";

std::string b64(std::string_view in, bool urlsafe = false) { return canary::test::base64_encode(in, urlsafe); }
std::string b32(std::string_view in) { return canary::test::base32_encode(in); }

std::string hex(std::string_view in) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

using canary::test::bz2_of;
using canary::test::lzma_of;
using canary::test::zlib_of;

std::string chain_of(const Blob& b) {
  std::string s;
  for (Codec c : b.chain) s += (s.empty() ? "" : ">") + std::string(to_string(c));
  return s;
}

std::vector<Blob> blobs_in(const std::string& text, Limits limits = {}) {
  Budget budget;
  return find_blobs(text, limits, budget);
}

// A marshalled code object as Python 3.11 lays it out: 'c' | FLAG_REF, five
// 32-bit fields, then the bytecode as a bytes object.
std::string marshal_code() {
  std::string m = "\xe3";
  for (uint32_t v : {0u, 0u, 0u, 3u, 64u}) m += std::string(reinterpret_cast<const char*>(&v), 4);
  m += "\xf3";
  std::string bytecode;
  for (int i = 0; i < 48; ++i) bytecode += static_cast<char>((i * 37 + 11) & 0xff);
  auto len = static_cast<uint32_t>(bytecode.size());
  m += std::string(reinterpret_cast<const char*>(&len), 4);
  return m + bytecode;
}

}  // namespace

TEST_CASE("decode: base64, base64url, base32 and hex decode what their encoders produce") {
  std::string out;
  bool cut = false;
  std::string binary("\x00\xff\xfe\x10 text\x80", 11);
  REQUIRE(decode_base64(b64(binary), false, 1 << 20, out, cut));
  CHECK(out == binary);
  CHECK_FALSE(cut);
  REQUIRE(decode_base64(b64(binary, true), true, 1 << 20, out, cut));
  CHECK(out == binary);
  REQUIRE(decode_base32(b32(binary), 1 << 20, out, cut));
  CHECK(out == binary);
  REQUIRE(decode_hex(hex(binary), 1 << 20, out, cut));
  CHECK(out == binary);
  // Missing padding and whitespace inside, as Python's decoders are given them.
  std::string wrapped = b64(kCode);
  while (!wrapped.empty() && wrapped.back() == '=') wrapped.pop_back();
  wrapped.insert(20, "\n    ");
  REQUIRE(decode_base64(wrapped, false, 1 << 20, out, cut));
  CHECK(out == kCode);
}

TEST_CASE("decode: invalid text encodings are refused") {
  std::string out;
  bool cut = false;
  CHECK_FALSE(decode_base64("abcde", false, 100, out, cut));      // 5 symbols: one left over
  CHECK_FALSE(decode_base64("ab$d", false, 100, out, cut));       // not in the alphabet
  CHECK_FALSE(decode_base64("ab==cd", false, 100, out, cut));     // data after padding
  CHECK_FALSE(decode_base64("ab-_", false, 100, out, cut));       // urlsafe symbols in standard base64
  CHECK_FALSE(decode_hex("abc", 100, out, cut));                  // odd
  CHECK_FALSE(decode_hex("zz", 100, out, cut));
  CHECK_FALSE(decode_base32("abcdefgh", 100, out, cut));          // lower case is not base32
  CHECK_FALSE(decode_base32("AAA", 100, out, cut));               // 3 symbols end no byte
}

TEST_CASE("decode: a text codec stops at its output limit") {
  std::string out;
  bool cut = false;
  REQUIRE(decode_base64(b64(std::string(1000, 'x')), false, 100, out, cut));
  CHECK(out.size() == 100);
  CHECK(cut);
}

TEST_CASE("decode: each compression is recognised by its magic and decompressed") {
  struct Case {
    Codec codec;
    std::string data;
  };
  for (const Case& c : {Case{Codec::Zlib, zlib_of(kCode)}, Case{Codec::Gzip, zlib_of(kCode, true)},
                        Case{Codec::Bz2, bz2_of(kCode)}, Case{Codec::Xz, lzma_of(kCode, true)},
                        Case{Codec::Lzma, lzma_of(kCode, false)}}) {
    INFO(to_string(c.codec));
    Codec seen;
    REQUIRE(compression_magic(c.data, seen));
    CHECK(seen == c.codec);
    std::string out;
    bool cut = false;
    REQUIRE(decompress(c.codec, c.data, 1 << 20, out, cut));
    CHECK(out == kCode);
    CHECK_FALSE(cut);
  }
  Codec none;
  CHECK_FALSE(compression_magic("import os", none));
  CHECK_FALSE(compression_magic("x", none));
}

TEST_CASE("decode: a decompression bomb stops at the limit") {
  std::string bomb = zlib_of(std::string(50u << 20, 'A'));  // 50 MiB of 'A' in about 50 KiB
  std::string out;
  bool cut = false;
  REQUIRE(decompress(Codec::Zlib, bomb, 1u << 20, out, cut));
  CHECK(cut);
  CHECK(out.size() == (1u << 20));
  CHECK(out.capacity() <= (2u << 20));  // never allocated towards the full size
}

TEST_CASE("decode: corrupt compressed data is refused") {
  std::string out;
  bool cut = false;
  std::string z = zlib_of(kCode);
  std::string broken = z.substr(0, 2) + std::string(40, '\xff');
  CHECK_FALSE(decompress(Codec::Zlib, broken, 1 << 20, out, cut));
  CHECK_FALSE(decompress(Codec::Bz2, "BZh9garbagegarbage", 1 << 20, out, cut));
  CHECK_FALSE(decompress(Codec::Xz, std::string("\xfd" "7zXZ\0garbage", 13), 1 << 20, out, cut));
}

TEST_CASE("decode: runs are found in one pass, with their alphabets") {
  std::string blob = b64(kCode);
  std::string text = "x = 1\npayload = \"" + blob + "\"\nname = 'short_identifier_without_digits_here'\n";
  std::vector<Run> runs = find_runs(text, 40);
  REQUIRE(runs.size() == 1);
  CHECK(text.substr(runs[0].begin, runs[0].end - runs[0].begin) == blob);
  CHECK((runs[0].alphabets & kBase64));
  // A base64 block wrapped over lines inside a triple-quoted string is one run.
  std::string wrapped = blob.substr(0, 30) + "\n    " + blob.substr(30, 30) + "\n    " + blob.substr(60);
  runs = find_runs("s = \"\"\"\n" + wrapped + "\n\"\"\"\n", 40);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].end - runs[0].begin == wrapped.size());
  // Hex keeps its alphabet bit; short runs are not candidates.
  runs = find_runs("h = '" + hex(kCode) + "'  # deadbeef", 40);
  REQUIRE(runs.size() == 1);
  CHECK((runs[0].alphabets & kHex));
}

namespace {

// find_runs as first written: every byte looked at, a run tried wherever an
// encoded character follows a byte that ended the last one. The skipping
// version must return exactly the same runs.
std::vector<Run> find_runs_reference(std::string_view text, size_t min_run) {
  auto cls = [](char ch) -> uint8_t {
    const auto c = static_cast<unsigned char>(ch);
    uint8_t k = 0;
    if (c >= 'A' && c <= 'Z') k |= kBase64 | kBase64Url | kBase32;
    if (c >= 'a' && c <= 'z') k |= kBase64 | kBase64Url;
    if (c >= '0' && c <= '9') k |= kBase64 | kBase64Url | kHex;
    if (c >= '2' && c <= '7') k |= kBase32;
    if ((c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')) k |= kHex;
    if (c == '+' || c == '/') k |= kBase64;
    if (c == '-' || c == '_') k |= kBase64Url;
    return k;
  };
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  std::vector<Run> runs;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (cls(text[i]) == 0) {
      ++i;
      continue;
    }
    const size_t begin = i;
    uint8_t mask = kBase64 | kBase64Url | kBase32 | kHex;
    size_t count = 0, segment = 0, end = i;
    bool digit = false, upper = false, lower = false;
    while (i < n) {
      char c = text[i];
      uint8_t k = cls(c);
      if (k != 0 && (mask & k) != 0) {
        mask &= k;
        ++count;
        ++segment;
        digit = digit || (c >= '0' && c <= '9');
        upper = upper || (c >= 'A' && c <= 'Z');
        lower = lower || (c >= 'a' && c <= 'z');
        end = ++i;
        continue;
      }
      if (c == '=') {
        for (int pad = 0; i < n && text[i] == '=' && pad < 6; ++pad) end = ++i;
        break;
      }
      if (space(c) && segment >= 16) {
        size_t j = i;
        while (j < n && space(text[j])) ++j;
        if (j < n && (cls(text[j]) & mask) != 0) {
          i = j;
          segment = 0;
          continue;
        }
      }
      break;
    }
    if (count >= min_run && (digit || (upper && lower)))
      runs.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), mask});
    if (i == begin) ++i;
  }
  return runs;
}

}  // namespace

std::string every_byte() {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  return all;
}

TEST_CASE("decode: runs found by skipping are the runs found byte by byte") {
  // Random text made of stretches of each alphabet (hex, base32, base64,
  // base64url), words, whitespace, padding and punctuation, in lengths
  // around the 16-character window and the 40-character minimum.
  const std::vector<std::string> alphabets = {
      "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", "abcdefghij", " \n\t\r", "=", "()\"'.,:#",
      every_byte()};
  canary::test::Xorshift rng(0x9E3779B97F4A7C15ull);
  auto next = [&rng](uint64_t bound) { return rng.below(bound); };
  size_t runs_seen = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t pieces = 1 + next(30);
    for (size_t p = 0; p < pieces; ++p) {
      const std::string& a = alphabets[next(alphabets.size())];
      const size_t len = next(4) == 0 ? 1 + next(70) : 1 + next(20);
      for (size_t k = 0; k < len; ++k) text += a[next(a.size())];
    }
    for (size_t min_run : {size_t{16}, size_t{20}, size_t{40}, size_t{8}}) {
      const std::vector<Run> got = find_runs(text, min_run), want = find_runs_reference(text, min_run);
      INFO("text: " << text << " min_run " << min_run);
      REQUIRE(got.size() == want.size());
      for (size_t r = 0; r < got.size(); ++r) {
        CHECK(got[r].begin == want[r].begin);
        CHECK(got[r].end == want[r].end);
        CHECK(got[r].alphabets == want[r].alphabets);
      }
      runs_seen += want.size();
    }
  }
  CHECK(runs_seen > 1000);  // the inputs do hold runs of every kind
}

TEST_CASE("decode: next_window finds the first 16 encoded characters in a row, across 64-byte blocks") {
  auto naive = [](std::string_view text, size_t from) {
    for (size_t i = from; i + 16 <= text.size(); ++i) {
      bool all = true;
      for (size_t k = i; k < i + 16 && all; ++k) {
        const char c = text[k];
        all = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' || c == '_';
      }
      if (all) return i;
    }
    return text.size();
  };
  size_t found = 0;
  for (size_t offset = 0; offset < 140; ++offset)
    for (size_t length : {size_t{15}, size_t{16}, size_t{17}, size_t{63}, size_t{64}, size_t{65}, size_t{130}})
      for (char filler : {'.', ' ', '\xe9', '\0'}) {
        const std::string text = std::string(offset, filler) + std::string(length, 'Q') + std::string(50, filler);
        for (size_t from : {size_t{0}, offset / 2, offset, offset + 1, offset + 9}) {
          INFO("offset " << offset << " length " << length << " from " << from);
          CHECK(next_window(text, from) == naive(text, from));
          found += naive(text, from) < text.size();
        }
      }
  CHECK(found > 3000);
  CHECK(next_window("", 0) == 0);
  CHECK(next_window(std::string(15, 'a'), 0) == 15);
}

TEST_CASE("decode: a blob decoding to code becomes a text layer at its offset") {
  std::string text = "import base64\nexec(base64.b64decode(\"" + b64(kCode) + "\"))\n";
  std::vector<Blob> blobs = blobs_in(text);
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].payload == Payload::Text);
  CHECK(blobs[0].data == kCode);
  CHECK(chain_of(blobs[0]) == "base64");
  CHECK(blobs[0].offset == text.find("aW1w"));
  for (auto [encoded, chain] : {std::pair{hex(kCode), "hex"}, std::pair{b32(kCode), "base32"},
                                std::pair{b64(kCode + "~~~?>>>", true), "base64url"}}) {
    INFO(chain);
    blobs = blobs_in("x = '" + encoded + "'\n");
    REQUIRE(blobs.size() == 1);
    CHECK(chain_of(blobs[0]) == chain);
  }
}

TEST_CASE("decode: chains of codecs and compressions are followed") {
  CHECK(chain_of(blobs_in("z = '" + b64(zlib_of(kCode)) + "'")[0]) == "base64>zlib");
  CHECK(chain_of(blobs_in("z = '" + b64(bz2_of(kCode)) + "'")[0]) == "base64>bz2");
  CHECK(chain_of(blobs_in("z = '" + b64(lzma_of(kCode, true)) + "'")[0]) == "base64>xz");
  CHECK(chain_of(blobs_in("z = '" + b64(lzma_of(kCode, false)) + "'")[0]) == "base64>lzma");
  CHECK(chain_of(blobs_in("z = '" + b64(zlib_of(kCode, true)) + "'")[0]) == "base64>gzip");
  // Three layers: base64 of zlib of base64 of the code.
  std::vector<Blob> blobs = blobs_in("z = '" + b64(zlib_of(b64(kCode))) + "'");
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "base64>zlib>base64");
  CHECK(blobs[0].data == kCode);
  CHECK(chain_of(blobs_in("z = '" + hex(b64(kCode)) + "'")[0]) == "hex>base64");
}

TEST_CASE("decode: a reversed run is read backwards when nothing reads it forwards") {
  std::string encoded = b64(zlib_of(kCode));
  std::string reversed(encoded.rbegin(), encoded.rend());  // "==..." as obfuscators store it
  std::vector<Blob> blobs = blobs_in("exec((_)(b'" + reversed + "'))");
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "reversed>base64>zlib");
  CHECK(blobs[0].data == kCode);
  Limits limits;
  limits.max_depth = 2;  // reversed and base64 are two steps: zlib is left undone
  CHECK(blobs_in("exec((_)(b'" + reversed + "'))", limits).empty());
}

TEST_CASE("decode: the depth limit ends a chain, and a chain that ends in binary is dropped") {
  std::string four = b64(zlib_of(b64(zlib_of(kCode))));
  Limits limits;
  limits.max_depth = 4;
  REQUIRE(blobs_in("z = '" + four + "'", limits).size() == 1);
  limits.max_depth = 3;  // stops on zlib data: nothing to scan
  CHECK(blobs_in("z = '" + four + "'", limits).empty());
  limits.max_depth = 0;
  CHECK(blobs_in("z = '" + b64(kCode) + "'", limits).empty());
}

TEST_CASE("decode: the per-file budget bounds every layer and stops decoding when spent") {
  std::string big = std::string(2000, '#') + "\n" + kCode;
  std::string text = "a = '" + b64(zlib_of(big)) + "'\nb = '" + b64(kCode) + "'\n";
  Budget budget{1000};
  std::vector<Blob> blobs = find_blobs(text, Limits{}, budget);
  // The first blob's layers use up the budget (its text is cut); the second is not decoded.
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].truncated);
  CHECK(budget.remaining == 0);
  // A bomb inside base64 is cut at the layer limit and is still scanned as text.
  Limits limits;
  limits.max_layer_bytes = 64u << 10;  // room for the base64 step (about 20 KiB), not for the inflated 20 MiB
  blobs = blobs_in("bomb = '" + b64(zlib_of(kCode + std::string(20u << 20, ' '))) + "'", limits);
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].truncated);
  CHECK(blobs[0].data.size() == (64u << 10));
  CHECK(blobs[0].data.substr(0, kCode.size()) == kCode);
}

TEST_CASE("decode: hashes, identifiers, paths and binary noise are not layers") {
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 300; ++i) noise += static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
  std::string text =
      "SHA = '71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238'\n"
      "some_really_long_identifier_name_for_a_constant_value = 1\n"
      "ICON = '" + b64(noise) + "'\n"
      "PATH = '/usr/lib/python3/dist-packages/some_package/sub_module/data'\n"
      "CAMEL = 'ThisIsAVeryLongCamelCaseNameThatGoesOnAndOnForever'\n"
      "TOKEN = '" + b64("abcdefghijklmnopqrstuvwxyz0123456789abcdef") + "'\n";  // one token: nothing to read
  CHECK(blobs_in(text).empty());
}

TEST_CASE("decode: marshalled code is recognised, bare and after a .pyc header") {
  std::string code = marshal_code();
  CHECK(looks_like_marshal(code));
  CHECK(looks_like_marshal(std::string("\xa7\x0d\x0d\x0a", 4) + std::string(12, '\0') + code));
  CHECK_FALSE(looks_like_marshal("c" + std::string(40, '\xff')));
  CHECK_FALSE(looks_like_marshal(kCode));
  std::vector<Blob> blobs = blobs_in("exec(marshal.loads(zlib.decompress(base64.b64decode('" + b64(zlib_of(code)) + "'))))");
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].payload == Payload::Marshal);
  CHECK(chain_of(blobs[0]) == "base64>zlib");
}

TEST_CASE("decode: text means valid UTF-8 with few control characters") {
  CHECK(looks_like_text(kCode));
  CHECK(looks_like_text("print('h\xc3\xa9llo w\xc3\xb6rld')"));
  CHECK_FALSE(looks_like_text("short"));
  CHECK_FALSE(looks_like_text(std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 10)));
  CHECK_FALSE(looks_like_text("ab\xff\xfe\xfd\xfc\xfb\xfa\xf9"));
  CHECK(looks_like_text("print('cut at the end \xc3"));  // a layer cut mid-character is still text
}
