// Deobfuscation: find encoded blobs in a file's bytes and decode them, so the
// scanner can scan what they hide (docs/architecture.md, "Decoded layers").
// Pure functions over bytes; nothing here executes or interprets code.
//
// A candidate is a run of base64 / base64url / base32 / hex characters (line
// breaks and spaces inside a run are allowed, as in a triple-quoted string).
// It is decoded step by step: a text codec while the data is wholly an
// encoded run, a decompressor while it starts with a compression magic
// (zlib, gzip, bz2, xz, lzma). The chain ends in text (scanned again as
// code), in Python marshal data (reported, not scanned) or in something else
// (binary noise: dropped). Every step's output is bounded, and so is the sum
// over a file; a bomb stops at the bound, it does not allocate past it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary::decode {

// Reversed: the run read backwards, as obfuscators store it (`b64decode(s[::-1])`);
// tried only when no codec reads it forwards, and it is one step of the chain.
// Unescape, Join, CharCodes (and Reversed for a `"..."[::-1]` literal): the
// first step of a chain that starts at a value the source builds from
// literals (find_literal_values), not at an encoded run.
enum class Codec : uint8_t {
  Base64, Base64Url, Base32, Hex, Zlib, Gzip, Bz2, Xz, Lzma, Reversed, Unescape, Join, CharCodes
};
// "base64", "base64url", "base32", "hex", "zlib", "gzip", "bz2", "xz", "lzma", "reversed",
// "unescape", "join", "charcodes"
std::string_view to_string(Codec c);

struct Limits {
  size_t min_run = 40;                 // encoded characters for a candidate in the file
  size_t min_inner_run = 16;           // ... for a decoded layer that is itself wholly encoded
  int max_depth = 4;                   // decode steps in one chain
  size_t max_layer_bytes = 1u << 20;   // output of one step; more is cut off (Blob::truncated)
};

// What every step of one file draws from: decoded bytes left. When it runs
// out, decoding stops for the file.
struct Budget {
  uint64_t remaining = 8ull << 20;
};

enum class Payload : uint8_t { Text, Marshal };

struct Blob {
  uint32_t offset = 0;  // where the encoded run starts in the input
  uint32_t length = 0;  // bytes of the run (whitespace inside included)
  std::vector<Codec> chain;
  Payload payload = Payload::Text;
  std::string data;       // the last layer: text to scan, or the marshal bytes
  bool truncated = false;  // a step stopped at max_layer_bytes or at the budget
};

// Every candidate of `text` that decodes, through at most max_depth steps, to
// text or marshal data, in order of offset. Candidates are encoded runs
// (find_runs) and values built from literals (find_literal_values); a run
// inside a literal value that decoded is not decoded again on its own.
std::vector<Blob> find_blobs(std::string_view text, const Limits& limits, Budget& budget);

// ---- The parts, exposed for tests ----

// A value Python source builds from literals, the way obfuscators hide a
// string: escapes (`"\x69\x6d\x70..."`, octal, `\u`), pieces glued by
// adjacency or `+` (`"aGVs" "bG8="`), `SEP.join([lit, lit, ...])`, a list or
// tuple of 16 or more integer character codes from 0 to 255 (`[104, 116,
// 116, 112, ...]`, as `bytes(...)` or `"".join(map(chr, ...))` read it) and a literal reversed
// with `[::-1]`. Only values of 16 bytes or more that differ from the literal
// text as written are returned; f-strings are skipped (their value is code).
struct LiteralValue {
  uint32_t begin = 0, end = 0;  // the source span of the expression
  Codec codec = Codec::Unescape;  // Unescape (one literal), Join, CharCodes or Reversed
  std::string value;              // at most max_value_bytes (then `truncated`)
  size_t escapes = 0;             // escape sequences resolved
  size_t plain_escapes = 0;       // ... of them numeric ones writing printable ASCII (`\x61` for `a`)
  bool truncated = false;
};
// One linear pass; comments and brackets are tracked so that `#` text and
// line breaks inside calls are read as Python reads them.
std::vector<LiteralValue> find_literal_values(std::string_view text, size_t max_value_bytes);
// The same, looking at every byte as the tokenizer was first written: the
// reference the tests hold the skipping version to.
std::vector<LiteralValue> find_literal_values_bytewise(std::string_view text, size_t max_value_bytes);

// Alphabets a run may belong to (bit set).
enum Alphabet : uint8_t { kBase64 = 1, kBase64Url = 2, kBase32 = 4, kHex = 8 };

struct Run {
  uint32_t begin = 0, end = 0;  // [begin, end) in the input, trailing '=' included
  uint8_t alphabets = 0;        // every alphabet all its characters belong to
};
// One linear pass: maximal runs of at least `min_run` encoded characters
// (whitespace not counted) that hold a digit or both letter cases, as every
// encoding of real data does and identifiers and words mostly do not.
// Whitespace continues a run only after 16 characters without a break.
std::vector<Run> find_runs(std::string_view text, size_t min_run);
// The first position at or after `from` where 16 characters of the four
// alphabets (any mix) follow in a row, as a run needs before a space may
// continue it; text.size() if none. What find_runs skips with.
size_t next_window(std::string_view text, size_t from);

// Text codecs skip whitespace and accept missing padding; false on any other
// invalid character or an impossible length. At most `max_out` bytes are
// produced (`truncated` then set).
bool decode_base64(std::string_view in, bool urlsafe, size_t max_out, std::string& out, bool& truncated);
bool decode_base32(std::string_view in, size_t max_out, std::string& out, bool& truncated);
bool decode_hex(std::string_view in, size_t max_out, std::string& out, bool& truncated);

// The compression whose magic `data` starts with; false if none.
bool compression_magic(std::string_view data, Codec& out);
// Decompresses at most `max_out` bytes (then sets `truncated` and stops);
// false when the data is not valid up to that point.
bool decompress(Codec codec, std::string_view in, size_t max_out, std::string& out, bool& truncated);

// Plausibly text: at least 8 bytes, valid UTF-8, and at most 2% control
// characters other than tab, line feed, carriage return and form feed.
bool looks_like_text(std::string_view data);
// A marshalled Python code object, bare (marshal.dumps) or after a .pyc header.
bool looks_like_marshal(std::string_view data);

}  // namespace canary::decode
