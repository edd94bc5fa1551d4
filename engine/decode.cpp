// Candidate runs, text codecs, decompressors and the chain that strings them
// together (decode.hpp). Every input is hostile: no length from the data is
// trusted, every output is capped before it is written.
#include "decode.hpp"

#include <algorithm>
#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

namespace canary::decode {
namespace {

constexpr size_t kMinSegment = 16;  // characters before whitespace may continue a run
constexpr size_t kProbeChars = 512;  // decoded first, to reject noise before decoding a whole run
constexpr uint64_t kLzmaMemLimit = 64ull << 20;  // xz -9 needs 65 MiB to decode; Python's default 9 MiB
constexpr size_t kChunk = 64u << 10;
constexpr size_t kMinHiddenChars = 16;  // printable characters written as escapes before a literal is hidden text

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kBase64 | kBase64Url | kBase32;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kBase64 | kBase64Url;
  for (int c = '0'; c <= '9'; ++c) t[c] = kBase64 | kBase64Url | kHex;
  for (int c = '2'; c <= '7'; ++c) t[c] |= kBase32;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  t['+'] = t['/'] = kBase64;
  t['-'] = t['_'] = kBase64Url;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = make_classes();

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
uint8_t cls(char c) { return kClass[static_cast<unsigned char>(c)]; }

// The value of one character in a 64- or 32-symbol alphabet; -1 if not in it.
int base64_value(char c, bool urlsafe) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (urlsafe ? '-' : '+')) return 62;
  if (c == (urlsafe ? '_' : '/')) return 63;
  return -1;
}
int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Shared by base64 and base32: `bits` per symbol, whitespace skipped,
// padding ends the data. `tail_ok` says which leftover symbol counts (modulo
// the group size) can end valid data.
template <typename Value>
bool decode_bits(std::string_view in, int bits, size_t group, uint32_t tail_ok, Value value, size_t max_out,
                 std::string& out, bool& truncated) {
  out.clear();
  truncated = false;
  uint32_t acc = 0;
  int have = 0;
  size_t symbols = 0;
  size_t i = 0;
  for (; i < in.size(); ++i) {
    char c = in[i];
    if (is_space(c)) continue;
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return false;
    ++symbols;
    acc = (acc << bits) | static_cast<uint32_t>(v);
    have += bits;
    if (have >= 8) {
      have -= 8;
      if (out.size() >= max_out) {
        truncated = true;
        return true;
      }
      out.push_back(static_cast<char>((acc >> have) & 0xff));
    }
  }
  for (; i < in.size(); ++i)
    if (in[i] != '=' && !is_space(in[i])) return false;  // data after padding
  return (tail_ok >> (symbols % group)) & 1u;
}

bool is_continuation(unsigned char c) { return (c & 0xc0) == 0x80; }

// Code object in marshal format at `i`: type 'c' (with or without the
// FLAG_REF bit), small argument counts, then the bytecode as a bytes object
// ('s') after 4 (Python 2), 5 (3.7, 3.11+) or 6 (3.8-3.10) 32-bit fields.
bool code_object_at(std::string_view d, size_t i) {
  auto u8 = [&](size_t at) { return static_cast<unsigned char>(d[at]); };
  auto u32 = [&](size_t at) {
    return static_cast<uint32_t>(u8(at)) | static_cast<uint32_t>(u8(at + 1)) << 8 |
           static_cast<uint32_t>(u8(at + 2)) << 16 | static_cast<uint32_t>(u8(at + 3)) << 24;
  };
  if (d.size() < i + 1 + 6 * 4 + 5 || (u8(i) & 0x7f) != 'c') return false;
  if (u32(i + 1) > 255 || u32(i + 5) > 255) return false;
  for (size_t fields : {4, 5, 6}) {
    size_t at = i + 1 + 4 * fields;
    if ((u8(at) & 0x7f) == 's' && u32(at + 1) <= d.size()) return true;
  }
  return false;
}

// The alphabets every non-space character of `d` belongs to when the whole of
// it is one encoded run (trailing '=' allowed) of at least `min` characters;
// 0 otherwise.
uint8_t whole_run_alphabets(std::string_view d, size_t min) {
  uint8_t mask = kBase64 | kBase64Url | kBase32 | kHex;
  size_t n = 0;
  bool padding = false;
  for (char c : d) {
    if (is_space(c)) continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    uint8_t k = cls(c);
    if (padding || (mask & k) == 0) return 0;
    mask &= k;
    ++n;
  }
  return n >= min ? mask : 0;
}

// Worth decoding fully: the head of the output is text, compressed data or
// marshal data.
bool plausible_layer(std::string_view head) {
  Codec c;
  return compression_magic(head, c) || looks_like_marshal(head) || looks_like_text(head);
}

// Text worth scanning holds something besides encoded characters (a single
// token decodes to nothing a rule could read).
bool has_structure(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return cls(c) == 0 && c != '='; });
}

bool decode_text_codec(Codec c, std::string_view in, size_t max_out, std::string& out, bool& truncated) {
  switch (c) {
    case Codec::Base64: return decode_base64(in, false, max_out, out, truncated);
    case Codec::Base64Url: return decode_base64(in, true, max_out, out, truncated);
    case Codec::Base32: return decode_base32(in, max_out, out, truncated);
    case Codec::Hex: return decode_hex(in, max_out, out, truncated);
    default: return false;
  }
}

// The head of a run a probe decodes: whole symbol groups, whitespace included.
std::string_view probe_of(std::string_view in) {
  size_t symbols = 0, i = 0;
  for (; i < in.size() && symbols < kProbeChars; ++i)
    if (!is_space(in[i])) ++symbols;
  return in.substr(0, i);
}

// One text-codec step: the first codec (hex, base32, base64, base64url) the
// run's alphabets allow whose output is plausible.
bool text_step(std::string_view cur, uint8_t alphabets, size_t cap, Codec& used, std::string& out, bool& truncated) {
  struct Option {
    uint8_t alphabet;
    Codec codec;
  };
  constexpr Option kOrder[] = {
      {kHex, Codec::Hex}, {kBase32, Codec::Base32}, {kBase64, Codec::Base64}, {kBase64Url, Codec::Base64Url}};
  std::string probe;
  for (const Option& o : kOrder) {
    if (!(alphabets & o.alphabet)) continue;
    // Standard base64 already decoded a run of letters and digits only.
    if (o.codec == Codec::Base64Url && (alphabets & kBase64)) continue;
    std::string_view head = probe_of(cur);
    bool probe_cut = false;
    bool ok = decode_text_codec(o.codec, head, kProbeChars, probe, probe_cut);
    // A probe of a longer run may end mid-group; only the whole run must be valid.
    if ((!ok && head.size() == cur.size()) || probe.empty() || !plausible_layer(probe)) continue;
    if (!decode_text_codec(o.codec, cur, cap, out, truncated) || out.empty()) continue;
    used = o.codec;
    return true;
  }
  return false;
}

// Decodes `start` through at most max_depth steps, counting from
// `first_depth` (a literal step already in blob.chain counts). At depth 0 only
// a text codec applies (a run in source text), unless `binary_start`: a
// literal's value may be compressed bytes itself.
bool decode_steps(std::string_view start, uint8_t alphabets, int first_depth, bool binary_start,
                  const Limits& limits, Budget& budget, Blob& blob) {
  std::string layer;
  std::string_view cur = start;
  bool stepped = false;
  for (int depth = first_depth; depth < limits.max_depth && budget.remaining > 0; ++depth) {
    size_t cap = static_cast<size_t>(std::min<uint64_t>(limits.max_layer_bytes, budget.remaining));
    std::string out;
    bool truncated = false;
    Codec used;
    if ((depth > 0 || binary_start) && compression_magic(cur, used)) {
      if (!decompress(used, cur, cap, out, truncated) || out.empty()) break;
    } else {
      if (depth > 0 && stepped) alphabets = whole_run_alphabets(cur, limits.min_inner_run);
      if (alphabets == 0) break;
      if (!text_step(cur, alphabets, cap, used, out, truncated)) {
        const uint8_t base64ish = alphabets & (kBase64 | kBase64Url);
        if (!base64ish || depth + 1 >= limits.max_depth) break;
        std::string reversed(cur.rbegin(), cur.rend());
        if (!text_step(reversed, base64ish, cap, used, out, truncated)) break;
        blob.chain.push_back(Codec::Reversed);
        ++depth;
      }
    }
    budget.remaining -= std::min<uint64_t>(out.size(), budget.remaining);
    blob.chain.push_back(used);
    blob.truncated = blob.truncated || truncated;
    layer = std::move(out);
    cur = layer;
    stepped = true;
    if (truncated) break;  // a cut layer cannot be decoded further
  }
  if (blob.chain.empty()) return false;
  if (looks_like_marshal(cur)) blob.payload = Payload::Marshal;
  else if (looks_like_text(cur) && has_structure(cur)) blob.payload = Payload::Text;
  else return false;
  blob.data = stepped ? std::move(layer) : std::string(start);
  return true;
}

bool decode_run(std::string_view run, uint8_t alphabets, const Limits& limits, Budget& budget, Blob& blob) {
  return decode_steps(run, alphabets, 0, false, limits, budget, blob);
}

// Text that the source spelled out in escapes to hide it: most of it written
// as numeric escapes of printable characters, which no one needs to escape.
bool escaped_text(const LiteralValue& v) {
  return v.plain_escapes >= kMinHiddenChars && v.plain_escapes * 2 >= v.value.size();
}

// Printable ASCII, tab and line breaks only: what a character-code list that
// hides a URL or code spells (a table of small numbers does not).
bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u < 0x7f) || u == '\t' || u == '\n' || u == '\r';
  });
}

// A literal value becomes a blob when it decodes further (compressed bytes,
// an encoded run, marshal data) or is itself hidden text: spelled in escapes,
// character codes or reversed. Plain pieces joined are kept only when they
// decode further: long messages are split across lines all the time.
bool decode_literal(LiteralValue& v, const Limits& limits, Budget& budget, Blob& blob) {
  if (budget.remaining == 0) return false;
  blob.chain.push_back(v.codec);
  blob.truncated = v.truncated;
  const uint8_t alphabets = whole_run_alphabets(v.value, limits.min_run);
  if (!decode_steps(v.value, alphabets, 1, true, limits, budget, blob)) return false;
  // Marshal data only after a further step (a compressed or encoded literal):
  // a bare bytes literal that parses as a code object is more often test data
  // of a bytecode tool than a loader, and `marshal.loads(b'...')` is matched
  // by the rules on the source itself.
  if (blob.chain.size() == 1 && blob.payload == Payload::Marshal) return false;
  bool keep = blob.chain.size() > 1 || v.codec == Codec::Reversed ||
              (v.codec == Codec::CharCodes && printable_ascii(v.value)) || escaped_text(v);
  // Only a value that is kept draws on the budget: escaped newlines in
  // ordinary strings must not use up what a real blob needs.
  if (keep && blob.chain.size() == 1) budget.remaining -= std::min<uint64_t>(v.value.size(), budget.remaining);
  return keep;
}

}  // namespace

std::string_view to_string(Codec c) {
  switch (c) {
    case Codec::Base64: return "base64";
    case Codec::Base64Url: return "base64url";
    case Codec::Base32: return "base32";
    case Codec::Hex: return "hex";
    case Codec::Zlib: return "zlib";
    case Codec::Gzip: return "gzip";
    case Codec::Bz2: return "bz2";
    case Codec::Xz: return "xz";
    case Codec::Lzma: return "lzma";
    case Codec::Reversed: return "reversed";
    case Codec::Unescape: return "unescape";
    case Codec::Join: return "join";
    case Codec::CharCodes: return "charcodes";
  }
  return "unknown";
}

namespace {

// The encoded characters (cls != 0) among 16 bytes, one bit each. SSE2 is
// part of x86-64, so this needs no dispatch; elsewhere, the table.
#if defined(__SSE2__)
[[gnu::always_inline]] inline uint32_t encoded_mask16(const char* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i zero = _mm_setzero_si128();
  // c - lo <= span, unsigned: saturating subtract of span leaves zero.
  auto within = [&](__m128i v, char lo, char span) {
    return _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(v, _mm_set1_epi8(lo)), _mm_set1_epi8(span)), zero);
  };
  const __m128i letter = within(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z' - 'a');  // A-Z, a-z
  const __m128i digit_slash = within(x, '/', '9' - '/');                                 // / and 0-9
  const __m128i other = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('+')), _mm_cmpeq_epi8(x, _mm_set1_epi8('-'))),
                                     _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit_slash), other)));
}
#else
[[gnu::always_inline]] inline uint32_t encoded_mask16(const char* p) {
  uint32_t m = 0;
  for (int k = 0; k < 16; ++k) m |= uint32_t(cls(p[k]) != 0) << k;
  return m;
}
#endif

uint64_t encoded_mask64(const char* p) {
  return uint64_t(encoded_mask16(p)) | uint64_t(encoded_mask16(p + 16)) << 16 |
         uint64_t(encoded_mask16(p + 32)) << 32 | uint64_t(encoded_mask16(p + 48)) << 48;
}

// The first byte at or after `from` that is not an encoded character.
size_t encoded_end(std::string_view text, size_t from) {
  const size_t n = text.size();
  size_t i = from;
  for (; i + 64 <= n; i += 64) {
    const uint64_t m = encoded_mask64(text.data() + i);
    if (m != ~0ull) return i + static_cast<size_t>(__builtin_ctzll(~m));
  }
  while (i < n && cls(text[i]) != 0) ++i;
  return i;
}

}  // namespace

size_t next_window(std::string_view text, size_t from) {
  static_assert(kMinSegment == 16, "the bit steps below make 16-bit windows");
  const size_t n = text.size();
  size_t i = from;
  size_t carry = 0;  // encoded characters in a row just before i (since `from`)
  // 64 bytes at a time: bit k of `m` is byte i + k; a window starts at k
  // when bits k..k+15 are all set, which four shift-and steps find.
  for (; i + 64 <= n; i += 64) {
    const uint64_t m = encoded_mask64(text.data() + i);
    const size_t leading = m == ~0ull ? 64 : static_cast<size_t>(__builtin_ctzll(~m));
    if (carry > 0 && carry + leading >= kMinSegment) return i - carry;
    uint64_t w = m & (m >> 1);
    w &= w >> 2;
    w &= w >> 4;
    w &= w >> 8;
    w &= (1ull << (64 - kMinSegment + 1)) - 1;  // starts whose window ends in this block
    if (w != 0) return i + static_cast<size_t>(__builtin_ctzll(w));
    carry = m == ~0ull ? carry + 64 : static_cast<size_t>(__builtin_clzll(~m));
  }
  // The tail, byte by byte, continuing the count.
  for (; i < n; ++i) {
    if (cls(text[i]) == 0) {
      carry = 0;
      continue;
    }
    if (++carry == kMinSegment) return i + 1 - kMinSegment;
  }
  return n;
}


std::vector<Run> find_runs(std::string_view text, size_t min_run) {
  std::vector<Run> runs;
  const size_t n = text.size();
  // A run that is kept starts with kMinSegment encoded characters in a row:
  // a shorter first segment ends at a byte that is not whitespace followed
  // by more of its alphabet (which continues a run only after kMinSegment),
  // so it stays under min_run. Runs are therefore looked for only where
  // such a window starts (next_window, 64 bytes per step: this loop reads
  // every byte of every Python file scanned). A run that
  // starts inside a shorter stretch, or at an alphabet change inside one,
  // could not be kept either, so skipping the stretch changes no result.
  const bool skip_short = min_run >= kMinSegment;
  size_t i = 0;
  while (i < n) {
    if (skip_short) {
      i = next_window(text, i);
      if (i == n) break;
      // A stretch too short for a run, ended by a byte that is neither
      // encoded nor a blank (which could continue it): no run starting in
      // it can be kept. Most windows in code are long identifiers like this.
      const size_t e = encoded_end(text, i + kMinSegment);
      if (e - i < min_run && (e == n || !is_space(text[e]))) {
        i = e;
        continue;
      }
    } else if (cls(text[i]) == 0) {
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
      if (c == '=') {  // padding ends the run
        for (int pad = 0; i < n && text[i] == '=' && pad < 6; ++pad) end = ++i;
        break;
      }
      if (is_space(c) && segment >= kMinSegment) {
        size_t j = i;
        while (j < n && is_space(text[j])) ++j;
        if (j < n && (cls(text[j]) & mask) != 0) {
          i = j;
          segment = 0;
          continue;
        }
      }
      break;  // any other byte, or a character of an alphabet the run is not in
    }
    if (count >= min_run && (digit || (upper && lower)))
      runs.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), mask});
    // A run that stopped at a character of another alphabet starts again there.
    if (i == begin) ++i;
  }
  return runs;
}

bool decode_base64(std::string_view in, bool urlsafe, size_t max_out, std::string& out, bool& truncated) {
  // Leftover symbols modulo 4: 0, 2 or 3 are whole bytes; 1 cannot be.
  return decode_bits(in, 6, 4, 0b1101u, [urlsafe](char c) { return base64_value(c, urlsafe); }, max_out, out,
                     truncated);
}

bool decode_base32(std::string_view in, size_t max_out, std::string& out, bool& truncated) {
  // Leftover symbols modulo 8: 0, 2, 4, 5 or 7 end on a byte boundary.
  return decode_bits(in, 5, 8, 0b10110101u, base32_value, max_out, out, truncated);
}

bool decode_hex(std::string_view in, size_t max_out, std::string& out, bool& truncated) {
  return decode_bits(in, 4, 2, 0b01u, hex_value, max_out, out, truncated);
}

bool compression_magic(std::string_view d, Codec& out) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(d[i]); };
  if (d.size() >= 2 && at(0) == 0x78 && (at(1) == 0x01 || at(1) == 0x5e || at(1) == 0x9c || at(1) == 0xda)) {
    out = Codec::Zlib;
  } else if (d.size() >= 3 && at(0) == 0x1f && at(1) == 0x8b && at(2) == 0x08) {
    out = Codec::Gzip;
  } else if (d.size() >= 4 && d.substr(0, 3) == "BZh" && at(3) >= '1' && at(3) <= '9') {
    out = Codec::Bz2;
  } else if (d.size() >= 6 && d.substr(0, 6) == std::string_view("\xfd" "7zXZ\0", 6)) {
    out = Codec::Xz;
  } else if (d.size() >= 13 && at(0) == 0x5d && at(1) == 0 && at(2) == 0) {
    out = Codec::Lzma;
  } else {
    return false;
  }
  return true;
}

namespace {

// Grows `out` by one chunk (never past max_out) and returns where to write.
char* grow(std::string& out, size_t max_out, size_t& room) {
  size_t old = out.size();
  room = std::min(kChunk, max_out - old);
  out.resize(old + room);
  return out.data() + old;
}

bool inflate_zlib(std::string_view in, bool gzip, size_t max_out, std::string& out, bool& truncated) {
  z_stream s{};
  if (inflateInit2(&s, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) return false;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.size() >= max_out) {
      truncated = true;
      break;
    }
    size_t room;
    char* dst = grow(out, max_out, room);
    s.next_out = reinterpret_cast<Bytef*>(dst);
    s.avail_out = static_cast<uInt>(room);
    rc = inflate(&s, Z_NO_FLUSH);
    out.resize(out.size() - s.avail_out);
    if (rc == Z_BUF_ERROR && s.avail_in == 0) break;  // input ended early: keep what came out
  }
  inflateEnd(&s);
  return rc == Z_OK || rc == Z_STREAM_END || (!out.empty() && rc == Z_BUF_ERROR);
}

bool inflate_bz2(std::string_view in, size_t max_out, std::string& out, bool& truncated) {
  bz_stream s{};
  if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK) return false;
  s.next_in = const_cast<char*>(in.data());
  s.avail_in = static_cast<unsigned>(in.size());
  int rc = BZ_OK;
  while (rc == BZ_OK) {
    if (out.size() >= max_out) {
      truncated = true;
      break;
    }
    size_t room;
    s.next_out = grow(out, max_out, room);
    s.avail_out = static_cast<unsigned>(room);
    rc = BZ2_bzDecompress(&s);
    out.resize(out.size() - s.avail_out);
    if (rc == BZ_OK && s.avail_in == 0 && s.avail_out > 0) break;  // input ended early
  }
  BZ2_bzDecompressEnd(&s);
  return rc == BZ_OK || rc == BZ_STREAM_END;
}

bool inflate_lzma(std::string_view in, bool xz, size_t max_out, std::string& out, bool& truncated) {
  lzma_stream s = LZMA_STREAM_INIT;
  lzma_ret rc = xz ? lzma_stream_decoder(&s, kLzmaMemLimit, 0) : lzma_alone_decoder(&s, kLzmaMemLimit);
  if (rc != LZMA_OK) return false;
  s.next_in = reinterpret_cast<const uint8_t*>(in.data());
  s.avail_in = in.size();
  while (rc == LZMA_OK) {
    if (out.size() >= max_out) {
      truncated = true;
      break;
    }
    size_t room;
    s.next_out = reinterpret_cast<uint8_t*>(grow(out, max_out, room));
    s.avail_out = room;
    rc = lzma_code(&s, LZMA_FINISH);
    out.resize(out.size() - s.avail_out);
  }
  lzma_end(&s);
  // LZMA_BUF_ERROR: the input ended early; what came out is kept.
  return rc == LZMA_OK || rc == LZMA_STREAM_END || (!out.empty() && rc == LZMA_BUF_ERROR);
}

}  // namespace

bool decompress(Codec codec, std::string_view in, size_t max_out, std::string& out, bool& truncated) {
  out.clear();
  truncated = false;
  switch (codec) {
    case Codec::Zlib: return inflate_zlib(in, false, max_out, out, truncated);
    case Codec::Gzip: return inflate_zlib(in, true, max_out, out, truncated);
    case Codec::Bz2: return inflate_bz2(in, max_out, out, truncated);
    case Codec::Xz: return inflate_lzma(in, true, max_out, out, truncated);
    case Codec::Lzma: return inflate_lzma(in, false, max_out, out, truncated);
    default: return false;
  }
}

bool looks_like_text(std::string_view d) {
  if (d.size() < 8) return false;
  size_t bad = 0;
  const size_t n = d.size();
  for (size_t i = 0; i < n;) {
    auto c = static_cast<unsigned char>(d[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) ++bad;
      ++i;
      continue;
    }
    size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    size_t k = 1;
    while (len && k < len && i + k < n && is_continuation(static_cast<unsigned char>(d[i + k]))) ++k;
    if (len == 0 || (k < len && i + k < n)) {  // a sequence cut at the very end is fine (truncated data)
      ++bad;
      ++i;
      continue;
    }
    i += k;
  }
  return bad * 50 <= n;
}

bool looks_like_marshal(std::string_view d) {
  if (code_object_at(d, 0)) return true;
  // .pyc: a 2-byte version magic then "\r\n", then 4 (Python 2), 8 (3.3-3.6)
  // or 12 (3.7+) bytes of flags, date and size.
  if (d.size() >= 4 && d[2] == '\r' && d[3] == '\n')
    for (size_t header : {16, 12, 8})
      if (code_object_at(d, header)) return true;
  return false;
}

std::vector<Blob> find_blobs(std::string_view text, const Limits& limits, Budget& budget) {
  std::vector<Blob> blobs;
  if (limits.max_depth <= 0) return blobs;
  // Literal values first: a run inside one that decoded is part of it (a
  // base64 string split in pieces decodes whole, not piece by piece).
  std::vector<std::pair<uint32_t, uint32_t>> covered;
  for (LiteralValue& v : find_literal_values(text, limits.max_layer_bytes)) {
    if (budget.remaining == 0) break;
    Blob blob;
    if (!decode_literal(v, limits, budget, blob)) continue;
    blob.offset = v.begin;
    blob.length = v.end - v.begin;
    covered.emplace_back(v.begin, v.end);
    blobs.push_back(std::move(blob));
  }
  auto inside_literal = [&](const Run& r) {
    return std::any_of(covered.begin(), covered.end(),
                       [&](const auto& c) { return r.begin >= c.first && r.end <= c.second; });
  };
  for (const Run& run : find_runs(text, limits.min_run)) {
    if (budget.remaining == 0) break;
    if (!covered.empty() && inside_literal(run)) continue;
    Blob blob;
    if (!decode_run(text.substr(run.begin, run.end - run.begin), run.alphabets, limits, budget, blob)) continue;
    blob.offset = run.begin;
    blob.length = run.end - run.begin;
    blobs.push_back(std::move(blob));
  }
  std::stable_sort(blobs.begin(), blobs.end(), [](const Blob& a, const Blob& b) { return a.offset < b.offset; });
  return blobs;
}

}  // namespace canary::decode
