// engine/decode_literals: values built from literals (escapes, joined pieces,
// join calls, character codes, [::-1]) and the blobs find_blobs makes of
// them. Inputs are written here the way obfuscators write them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "engine/decode.hpp"
#include "support/artifact_builder.hpp"
#include "support/compressors.hpp"
#include "support/encoders.hpp"
#include "support/xorshift.hpp"

using namespace canary::decode;

namespace {

const std::string kCode = "import urllib.request\nurllib.request.urlopen(\"http://example.invalid/beacon\")\n";

std::string b64(std::string_view in) { return canary::test::base64_encode(in, false); }

// Every byte as \xHH, the way obfuscators spell a string.
std::string hex_escaped(std::string_view in) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) {
    out += "\\x";
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

// A bytes literal body as repr() writes it: printable characters raw, the rest escaped.
std::string bytes_repr(std::string_view in) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += d[c >> 4];
      out += d[c & 15];
    }
  }
  return out;
}

using canary::test::zlib_of;

std::string codes(std::string_view in) {
  std::string out;
  for (unsigned char c : in) out += (out.empty() ? "" : ", ") + std::to_string(c);
  return out;
}

std::vector<Blob> blobs_in(std::string_view text) {
  Budget budget;
  return find_blobs(text, Limits{}, budget);
}

std::string chain_of(const Blob& b) {
  std::string s;
  for (Codec c : b.chain) s += (s.empty() ? "" : ">") + std::string(to_string(c));
  return s;
}

const LiteralValue* only(const std::vector<LiteralValue>& v) { return v.size() == 1 ? &v[0] : nullptr; }

}  // namespace

TEST_CASE("literals: escapes are resolved as Python reads them") {
  auto v = find_literal_values("x = '" + hex_escaped("__import__('os').system") + "'\n", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "__import__('os').system");
  CHECK(v[0].codec == Codec::Unescape);
  CHECK(v[0].plain_escapes == 23);
  // Octal, \u, \U, named characters kept, simple escapes, a line continuation.
  v = find_literal_values(R"(s = "\151\155\160\157\162\164 \u0073\U00000079s\n\t\N{BULLET}x\
y")", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "import sys\n\t\\N{BULLET}xy");
  // bytes: \x80 is one byte; \u is not an escape there. str: \xe9 is U+00E9 in UTF-8.
  v = find_literal_values(R"(b = b'\x80\x81 \u0041 and more text')", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "\x80\x81 \\u0041 and more text");
  v = find_literal_values(R"(s = '\xe9t\xe9 is a season of the year')", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "\xc3\xa9t\xc3\xa9 is a season of the year");
}

TEST_CASE("literals: raw strings, f-strings, comments and plain literals give no value") {
  CHECK(find_literal_values(R"(r = r'\x69\x6d\x70\x6f\x72\x74\x20\x6f\x73\x0a\x0a\x0a')", 1 << 20).empty());
  CHECK(find_literal_values(R"(f = f'\x69\x6d\x70\x6f\x72\x74\x20{name}\x0a\x0a\x0a\x0a')", 1 << 20).empty());
  CHECK(find_literal_values("# '\\x69\\x6d\\x70\\x6f\\x72\\x74\\x20\\x6f\\x73\\x0a\\x0a\\x0a'\n", 1 << 20).empty());
  CHECK(find_literal_values("x = 'a plain string without any escapes in it'\n", 1 << 20).empty());
  // A quote inside another kind of quote, and a triple-quoted string, do not confuse the pass.
  auto v = find_literal_values("a = \"it's\"\nb = '''doc ' \" '''\nc = '" + hex_escaped("import os; os.getcwd()") + "'",
                               1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "import os; os.getcwd()");
}

TEST_CASE("literals: pieces glued by adjacency, + and join calls are one value") {
  std::string enc = b64(kCode);
  std::string a = enc.substr(0, 30), b = enc.substr(30, 30), c = enc.substr(60);
  auto v = find_literal_values("x = ('" + a + "'\n     \"" + b + "\"  # part two\n     '" + c + "')\n", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].codec == Codec::Join);
  CHECK(v[0].value == enc);
  v = find_literal_values("x = '" + a + "' + '" + b + "' + \\\n    '" + c + "'\n", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == enc);
  v = find_literal_values("x = ''.join([\n  '" + a + "',\n  '" + b + "',\n  '" + c + "',\n])\n", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].codec == Codec::Join);
  CHECK(v[0].value == enc);
  CHECK(v[0].end == v[0].begin + (std::string("''.join([\n  '") + a + "',\n  '" + b + "',\n  '" + c + "',\n])").size());
  // Two statements on two lines are not one value.
  CHECK(find_literal_values("x = '" + a + "'\ny = '" + b + "'\n", 1 << 20).empty());
  // A join over names is not a join of literals; the literals in it are read on their own.
  CHECK(find_literal_values("x = ''.join([prefix, '" + a + "'])\n", 1 << 20).empty());
}

TEST_CASE("literals: character-code lists and reversed literals") {
  auto v = find_literal_values("P1 = [" + codes("urllib.request.urlopen") + "]\n", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].codec == Codec::CharCodes);
  CHECK(v[0].value == "urllib.request.urlopen");
  v = find_literal_values("s = ''.join(map(chr, (0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 32, 115, 111, 99, 107, 101, 116, "
                          "0x3b, 0x20, 0x78)))",
                          1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].value == "import socket; x");
  // Codes above 255 make a table (chardet's frequency lists), not text.
  CHECK(find_literal_values("FREQ = [" + codes("urllib.request.urlopen") + ", 1000, 2000]\n", 1 << 20).empty());
  // Fewer than 16 codes, floats, or names in the list: not character codes.
  CHECK(find_literal_values("a = [1, 2, 3, 4]\nb = [1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n"
                            "c = [x, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n",
                            1 << 20)
            .empty());
  std::string code = "import os;os.system('id')";
  v = find_literal_values("exec(\"" + std::string(code.rbegin(), code.rend()) + "\"[::-1])", 1 << 20);
  REQUIRE(only(v));
  CHECK(v[0].codec == Codec::Reversed);
  CHECK(v[0].value == code);
}

TEST_CASE("literals: a value is capped at the limit") {
  std::string big = "x = '" + hex_escaped(std::string(5000, 'a')) + "'";
  auto v = find_literal_values(big, 1000);
  REQUIRE(only(v));
  CHECK(v[0].value.size() == 1000);
  CHECK(v[0].truncated);
}

TEST_CASE("literals: find_blobs decodes escaped, joined and coded values as layers") {
  // Code spelled in \x escapes is a text layer.
  std::vector<Blob> blobs = blobs_in("exec('" + hex_escaped(kCode) + "')\n");
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "unescape");
  CHECK(blobs[0].data == kCode);
  CHECK(blobs[0].offset == 5);
  // A bytes literal of zlib data, as repr() writes it, is decompressed.
  blobs = blobs_in("exec(zlib.decompress(b'" + bytes_repr(zlib_of(kCode)) + "'))\n");
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "unescape>zlib");
  CHECK(blobs[0].data == kCode);
  // base64 split in pieces decodes whole, once (not also piece by piece).
  std::string enc = b64(kCode);
  std::string text = "exec(b64decode('" + enc.substr(0, 60) + "' +\n '" + enc.substr(60) + "'))\n";
  blobs = blobs_in(text);
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "join>base64");
  CHECK(blobs[0].data == kCode);
  // Character codes of a URL are a text layer.
  blobs = blobs_in("P = [" + codes("https://example.invalid/raw/payload") + "]\n");
  REQUIRE(blobs.size() == 1);
  CHECK(chain_of(blobs[0]) == "charcodes");
  // Small numbers that are not printable text are no layer.
  CHECK(blobs_in("T = [" + codes(std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x01\x02\x03\x04\x05\x06\x07\x08"
                                             "http://x") ) + "]\n").empty());
}

TEST_CASE("literals: ordinary escaped strings in benign code are not layers") {
  std::string text =
      "USAGE = 'usage: tool [options]\\n  -h  help\\n  -v  verbose\\n'\n"
      "RED = '\\x1b[31m' + 'error: something went wrong' + '\\x1b[0m'\n"
      "MSG = ('a long message that is split '\n       'over two lines for the reader')\n"
      "SEP = '\\t'.join(['column one', 'column two', 'column three'])\n"
      "PNG = b'\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR\\x00\\x00\\x00\\x10'\n"
      "TABLE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n"
      "WIN = 'C:\\\\Users\\\\name\\\\AppData\\\\Local\\\\Temp'\n";
  CHECK(blobs_in(text).empty());
}

namespace {

// Same values, field by field, from the skipping tokenizer and the one that
// looks at every byte.
void same_as_bytewise(std::string_view text, size_t cap, size_t& values) {
  const std::vector<LiteralValue> got = find_literal_values(text, cap);
  const std::vector<LiteralValue> want = find_literal_values_bytewise(text, cap);
  REQUIRE(got.size() == want.size());
  for (size_t k = 0; k < got.size(); ++k) {
    INFO("value " << k << " at byte " << want[k].begin);
    CHECK(got[k].begin == want[k].begin);
    CHECK(got[k].end == want[k].end);
    CHECK(got[k].codec == want[k].codec);
    CHECK(got[k].value == want[k].value);
    CHECK(got[k].escapes == want[k].escapes);
    CHECK(got[k].plain_escapes == want[k].plain_escapes);
    CHECK(got[k].truncated == want[k].truncated);
  }
  values += want.size();
}

}  // namespace

TEST_CASE("literals: the skipping tokenizer finds what the byte-by-byte one finds, on token soup") {
  // Pieces that start, end, prefix or escape literals, brackets and comments,
  // identifiers that end in prefix letters, numbers glued to letters and
  // quotes, and any byte, in random order: every way the look-back for a
  // prefix could differ from reading the identifier forwards.
  const std::vector<std::string> pieces = {
      "'", "\"", "'''", "\"\"\"", "r", "b", "rb", "Rb", "f", "u", "br", "xr", "abc", "ab", "1b", "0x1b", "_r", "\xc3\xa9r",
      "\\x41", "\\x4", "\\n", "\\\\", "\\'", "\\\"", "\\\n", "\\\r\n", "\\101", "\\u0041", "\\N{DASH}", "#", "# c\n", "\n",
      "\r", " ", "\t", "(", ")", "[", "]", "{", "}", "+", ",", ".join(", "[::-1]", "'-'", "104, ", "116,", "0x41, ",
      "aGVsbG8gd29ybGQh", "=", ":", ".", "1", "300", "import os", "\x00", "\xff", "\x80"};
  canary::test::Xorshift rng(0x2545F4914F6CDD1Dull);
  auto next = [&rng](uint64_t bound) { return rng.below(bound); };
  size_t values = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const size_t n = 1 + next(120);
    for (size_t p = 0; p < n; ++p) {
      // Long stretches of one piece too: lists of codes, long literals.
      const std::string& piece = pieces[next(pieces.size())];
      const size_t repeat = next(8) == 0 ? 1 + next(40) : 1;
      for (size_t r = 0; r < repeat; ++r) text += piece;
    }
    INFO("text: " << text);
    same_as_bytewise(text, round % 5 == 0 ? 24 : 1u << 20, values);
  }
  CHECK(values > 2000);  // the soup does hold values of every kind
}

TEST_CASE("literals: the skipping tokenizer finds what the byte-by-byte one finds, on Debian's wheels") {
  namespace fs = std::filesystem;
  size_t files = 0, values = 0;
  for (auto& e : fs::directory_iterator("/usr/share/python-wheels")) {
    if (e.path().extension() != ".whl") continue;
    const canary::test::ReadResult read = canary::test::read_artifact(e.path());
    REQUIRE(read.ok);
    for (const auto& [entry, src] : read.entries) {
      if (entry.path.size() < 3 || entry.path.substr(entry.path.size() - 3) != ".py") continue;
      INFO(e.path().filename().string() << " " << entry.path);
      same_as_bytewise(src, 1u << 20, values);
      ++files;
    }
  }
  CHECK(files > 500);
  CHECK(values > 100);
}
