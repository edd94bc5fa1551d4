// Values that Python source builds out of literals (decode.hpp, "Literal
// values"): escapes resolved, pieces joined, character-code lists turned into
// text, `[::-1]` applied. One linear pass over the bytes with a small
// tokenizer that knows strings, comments and brackets; it never evaluates
// anything but literals, and every value it builds is capped.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decode.hpp"

namespace canary::decode {
namespace {

constexpr size_t kMinValue = 16;        // shorter values hide too little to be worth a layer
constexpr size_t kMinCodes = 16;        // integers in a list before it may be character codes
constexpr uint32_t kMaxCodePoint = 0x10FFFF;

// What a byte can start, for the tokenizer's main loop: one table lookup
// per byte instead of a chain of comparisons (this loop reads every byte of
// every Python file scanned).
enum Class : unsigned char { kOther, kIdent, kDigit, kQuote, kHash, kOpen, kBrace, kClose };

constexpr std::array<unsigned char, 256> make_classes() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) t[c] = kIdent;
    else if (c >= '0' && c <= '9') t[c] = kDigit;
    else if (c == '"' || c == '\'') t[c] = kQuote;
    else if (c == '#') t[c] = kHash;
    else if (c == '[' || c == '(') t[c] = kOpen;
    else if (c == '{') t[c] = kBrace;
    else if (c == ']' || c == ')' || c == '}') t[c] = kClose;
  }
  return t;
}
constexpr std::array<unsigned char, 256> kClasses = make_classes();

unsigned char class_of(char c) { return kClasses[static_cast<unsigned char>(c)]; }
bool is_ident(char c) {
  const unsigned char k = class_of(c);
  return k == kIdent || k == kDigit;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// One string literal's value as Python reads it (up to `cap` bytes).
struct Piece {
  std::string value;
  size_t escapes = 0, plain_escapes = 0;
  bool fstring = false;
  bool truncated = false;
};

class Tokenizer {
 public:
  Tokenizer(std::string_view text, size_t cap) : t_(text), cap_(cap) {}

  // Jumps from one byte that can start something to the next (stop_at):
  // quotes, `#` and brackets. Identifiers, numbers, blanks and operators
  // start nothing; the prefix letters of a literal (`rb"..."`) are found by
  // looking back from its quote. Same values as run_bytewise, which looks at
  // every byte and is kept as the reference the tests compare this with.
  std::vector<LiteralValue> run() {
    const size_t n = t_.size();
    while ((i_ = stop_at(i_)) < n) {
      switch (class_of(t_[i_])) {
        case kHash: skip_comment(); break;
        case kQuote: {
          // An identifier of one or two letters just before the quote is its
          // prefix; looking back three bytes is enough, since a third letter
          // (or a digit: prefixes have none) makes it no prefix.
          size_t start = i_;
          while (start > 0 && i_ - start < 3 && is_ident(t_[start - 1])) --start;
          std::string_view word = t_.substr(start, i_ - start);
          if (is_prefix(word)) group(start, i_, word);
          else group(i_, i_, "");
          break;
        }
        default: bracket(); break;
      }
    }
    return std::move(out_);
  }

  // The tokenizer as first written, byte by byte through identifiers and
  // operators. For tests only (find_literal_values_bytewise).
  std::vector<LiteralValue> run_bytewise() {
    const size_t n = t_.size();
    while (i_ < n) {
      switch (class_of(t_[i_])) {
        case kHash: skip_comment(); break;
        case kQuote: group(i_, i_, ""); break;
        case kDigit: skip_ident(); break;
        case kIdent: {
          size_t start = i_;
          skip_ident();
          // Only r, u, b, f and their pairs prefix a literal.
          if (i_ - start <= 2 && i_ < n && class_of(t_[i_]) == kQuote) {
            std::string_view word = t_.substr(start, i_ - start);
            if (is_prefix(word)) group(start, i_, word);
          }
          break;
        }
        case kOpen:
        case kBrace:
        case kClose: bracket(); break;
        default:  // blanks, operators, line breaks: nothing starts there
          ++i_;
          while (i_ < n && class_of(t_[i_]) == kOther) ++i_;
      }
    }
    return std::move(out_);
  }

 private:
  std::string_view t_;
  size_t cap_;
  size_t i_ = 0;
  int depth_ = 0;  // open brackets: inside them a line break does not end an expression
  std::vector<LiteralValue> out_;

  // r, u, b, f and the two-letter combinations Python accepts, any case.
  static bool is_prefix(std::string_view w) {
    if (w.empty() || w.size() > 2) return false;
    std::string lower;
    for (char c : w) lower.push_back(static_cast<char>(c | 0x20));
    for (std::string_view ok : {"r", "u", "b", "f", "br", "rb", "fr", "rf"})
      if (lower == ok) return true;
    return false;
  }

  // The bracket at i_: depth, and a list or call that may hold character codes.
  void bracket() {
    const unsigned char k = class_of(t_[i_]);
    ++i_;
    if (k == kClose) {
      if (depth_ > 0) --depth_;
      return;
    }
    ++depth_;
    if (k == kOpen) char_codes(i_ - 1);
  }

  // The first byte at or after `from` that is a quote, `#` or a bracket;
  // the size of the text if none. 16 bytes per step with SSE2 (part of
  // x86-64): this loop reads every byte of every Python file scanned.
  size_t stop_at(size_t from) const {
    const size_t n = t_.size();
    size_t j = from;
#if defined(__SSE2__)
    for (; j + 16 <= n; j += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t_.data() + j));
      auto eq = [&](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
      const __m128i quote = _mm_or_si128(eq('"'), eq('\''));
      const __m128i open = _mm_or_si128(_mm_or_si128(eq('('), eq('[')), eq('{'));
      const __m128i close = _mm_or_si128(_mm_or_si128(eq(')'), eq(']')), eq('}'));
      const int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, eq('#')), _mm_or_si128(open, close)));
      if (m != 0) return j + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
#endif
    for (; j < n; ++j) {
      const unsigned char k = class_of(t_[j]);
      if (k != kOther && k != kIdent && k != kDigit) return j;
    }
    return n;
  }

  void skip_comment() {
    const void* nl = std::memchr(t_.data() + i_, '\n', t_.size() - i_);
    i_ = nl ? static_cast<size_t>(static_cast<const char*>(nl) - t_.data()) : t_.size();
  }
  void skip_ident() {
    while (i_ < t_.size() && is_ident(t_[i_])) ++i_;
  }

  // Spaces, and inside brackets line breaks and comments; a backslash line
  // continuation anywhere. Returns the position after them.
  size_t skip_blank(size_t j) const {
    while (j < t_.size()) {
      char c = t_[j];
      if (c == ' ' || c == '\t' || c == '\f') {
        ++j;
      } else if (c == '\\' && j + 1 < t_.size() && (t_[j + 1] == '\n' || t_[j + 1] == '\r')) {
        j += 2;
        if (j < t_.size() && t_[j - 1] == '\r' && t_[j] == '\n') ++j;
      } else if (depth_ > 0 && (c == '\n' || c == '\r')) {
        ++j;
      } else if (depth_ > 0 && c == '#') {
        while (j < t_.size() && t_[j] != '\n') ++j;
      } else {
        break;
      }
    }
    return j;
  }

  // The literal whose prefix starts at `j` (a quote or prefix letters); npos if none.
  size_t literal_quote(size_t j) const {
    size_t k = j;
    while (k < t_.size() && k - j <= 2 && is_ident(t_[k])) ++k;
    if (k >= t_.size() || (t_[k] != '"' && t_[k] != '\'')) return std::string_view::npos;
    if (k > j && !is_prefix(t_.substr(j, k - j))) return std::string_view::npos;
    return k;
  }

  // The first quote `q`, backslash or line end at or after `from` (16 bytes
  // per step with SSE2): docstrings are a good part of the bytes scanned.
  size_t plain_end(size_t from, char q) const {
    const size_t n = t_.size();
    size_t j = from;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8(q), backslash = _mm_set1_epi8('\\'), lf = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r');
    for (; j + 16 <= n; j += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t_.data() + j));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
      const int m = _mm_movemask_epi8(hit);
      if (m != 0) return j + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
#endif
    while (j < n && t_[j] != q && t_[j] != '\\' && t_[j] != '\n' && t_[j] != '\r') ++j;
    return j;
  }

  // Reads the literal whose quote is at i_ (prefix `prefix`); leaves i_ after it.
  Piece literal(std::string_view prefix) {
    Piece p;
    bool raw = false, bytes = false;
    for (char c : prefix) {
      raw = raw || (c | 0x20) == 'r';
      bytes = bytes || (c | 0x20) == 'b';
      p.fstring = p.fstring || (c | 0x20) == 'f';
    }
    const char q = t_[i_];
    const bool triple = i_ + 2 < t_.size() && t_[i_ + 1] == q && t_[i_ + 2] == q;
    i_ += triple ? 3 : 1;
    auto put = [&](char c) {
      if (p.value.size() < cap_) p.value.push_back(c);
      else p.truncated = true;
    };
    while (i_ < t_.size()) {
      // Plain characters up to the next quote, backslash or line end, copied
      // in one piece: most literals (docstrings) hold nothing else.
      const size_t plain = plain_end(i_, q);
      if (plain > i_) {
        const size_t room = p.value.size() < cap_ ? cap_ - p.value.size() : 0;
        p.value.append(t_.data() + i_, std::min(room, plain - i_));
        if (plain - i_ > room) p.truncated = true;
        i_ = plain;
        if (i_ >= t_.size()) break;
      }
      char c = t_[i_];
      if (c == q && (!triple || (i_ + 2 < t_.size() && t_[i_ + 1] == q && t_[i_ + 2] == q))) {
        i_ += triple ? 3 : 1;
        return p;
      }
      if (!triple && (c == '\n' || c == '\r')) return p;  // unterminated: stop at the line end
      if (c != '\\') {
        put(c);
        ++i_;
        continue;
      }
      if (i_ + 1 >= t_.size()) {
        ++i_;
        break;
      }
      char e = t_[i_ + 1];
      if (raw) {  // a backslash keeps the next character, quote included
        put(c);
        put(e);
        i_ += 2;
        continue;
      }
      i_ += 2;
      ++p.escapes;
      uint32_t cp = 0;
      bool numeric = false;
      switch (e) {
        case '\n': --p.escapes; break;
        case '\r':
          --p.escapes;
          if (i_ < t_.size() && t_[i_] == '\n') ++i_;
          break;
        case 'n': put('\n'); break;
        case 't': put('\t'); break;
        case 'r': put('\r'); break;
        case 'a': put('\a'); break;
        case 'b': put('\b'); break;
        case 'f': put('\f'); break;
        case 'v': put('\v'); break;
        case '\\': case '\'': case '"': put(e); break;
        case 'x': {
          int h1 = i_ < t_.size() ? hex_digit(t_[i_]) : -1;
          int h2 = i_ + 1 < t_.size() ? hex_digit(t_[i_ + 1]) : -1;
          if (h1 < 0 || h2 < 0) {
            put('\\');
            put('x');
            break;
          }
          cp = static_cast<uint32_t>(h1 * 16 + h2);
          i_ += 2;
          numeric = true;
          break;
        }
        case 'u': case 'U': {
          if (bytes) {
            put('\\');
            put(e);
            break;
          }
          size_t n = e == 'u' ? 4 : 8;
          uint32_t v = 0;
          size_t k = 0;
          for (; k < n && i_ + k < t_.size() && hex_digit(t_[i_ + k]) >= 0; ++k)
            v = v * 16 + static_cast<uint32_t>(hex_digit(t_[i_ + k]));
          if (k < n || v > kMaxCodePoint) {
            put('\\');
            put(e);
            break;
          }
          cp = v;
          i_ += n;
          numeric = true;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            uint32_t v = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '7'; ++k, ++i_)
              v = v * 8 + static_cast<uint32_t>(t_[i_] - '0');
            cp = v & (bytes ? 0xffu : 0x1ffu);
            numeric = true;
          } else {  // unknown escapes (\N{...} too) stay as written
            --p.escapes;
            put('\\');
            put(e);
          }
      }
      if (!numeric) continue;
      if (cp >= 0x20 && cp < 0x7f) ++p.plain_escapes;
      if (bytes || cp < 0x80) {
        put(static_cast<char>(cp & 0xff));
      } else {
        std::string u;
        append_utf8(u, cp);
        for (char b : u) put(b);
      }
    }
    return p;  // unterminated at the end of the text
  }

  // A literal at `begin` (quote at `quote`), the literals joined to it by
  // adjacency or `+`, then `[::-1]` or `.join([...])` after it.
  void group(size_t begin, size_t quote, std::string_view prefix) {
    i_ = quote;
    LiteralValue v;
    v.begin = static_cast<uint32_t>(begin);
    size_t pieces = 0;
    bool fstring = false;
    for (;;) {
      Piece p = literal(prefix);
      ++pieces;
      fstring = fstring || p.fstring;
      v.escapes += p.escapes;
      v.plain_escapes += p.plain_escapes;
      v.truncated = v.truncated || p.truncated;
      if (pieces == 1) v.value = std::move(p.value);  // literal() keeps a piece within cap_
      else if (v.value.size() < cap_) v.value.append(p.value, 0, cap_ - v.value.size());
      size_t j = skip_blank(i_);
      if (j < t_.size() && t_[j] == '+') j = skip_blank(j + 1);
      size_t q = j < t_.size() ? literal_quote(j) : std::string_view::npos;
      if (q == std::string_view::npos) break;
      prefix = t_.substr(j, q - j);
      i_ = q;
    }
    v.end = static_cast<uint32_t>(i_);
    if (fstring) return;  // the {} parts are code: the value is unknown
    v.codec = pieces > 1 ? Codec::Join : Codec::Unescape;
    if (t_.substr(i_, 6) == "[::-1]") {
      std::reverse(v.value.begin(), v.value.end());
      v.codec = Codec::Reversed;
      i_ += 6;
      v.end = static_cast<uint32_t>(i_);
    } else if (pieces == 1 && join_call(v)) {
      return;
    }
    if (v.codec == Codec::Unescape && v.escapes == 0) return;  // nothing hidden: the text is in the source
    keep(std::move(v));
  }

  // `SEP.join([lit, lit, ...])` or with a tuple: the joined value. i_ is
  // after SEP; on anything but literals it stays there.
  bool join_call(const LiteralValue& sep) {
    size_t j = skip_blank(i_);
    if (t_.substr(j, 6) != ".join(") return false;
    const int saved_depth = depth_;
    depth_ += 2;  // inside the call and the list: line breaks continue
    j = skip_blank(j + 6);
    if (j >= t_.size() || (t_[j] != '[' && t_[j] != '(')) {
      depth_ = saved_depth;
      return false;
    }
    const char close = t_[j] == '[' ? ']' : ')';
    LiteralValue v;
    v.begin = sep.begin;
    v.codec = Codec::Join;
    size_t elements = 0;
    const size_t resume = i_;
    j = skip_blank(j + 1);
    while (j < t_.size() && t_[j] != close) {
      size_t q = literal_quote(j);
      if (q == std::string_view::npos) break;
      std::string_view prefix = t_.substr(j, q - j);
      i_ = q;
      Piece p = literal(prefix);
      if (p.fstring) break;
      if (elements++ > 0) v.value += sep.value;
      v.value += p.value;
      v.escapes += p.escapes;
      v.plain_escapes += p.plain_escapes;
      if (v.value.size() > cap_) {
        v.value.resize(cap_);
        v.truncated = true;
      }
      j = skip_blank(i_);
      if (j < t_.size() && t_[j] == ',') j = skip_blank(j + 1);
    }
    depth_ = saved_depth;
    if (j >= t_.size() || t_[j] != close || elements < 2) {
      i_ = resume;  // not a join of literals: tokenize what follows normally
      return false;
    }
    j = skip_blank(j + 1);
    if (j < t_.size() && t_[j] == ')') ++j;
    i_ = j;
    v.end = static_cast<uint32_t>(j);
    keep(std::move(v));
    return true;
  }

  // A list or tuple, opened at `open`, of at least kMinCodes integers that
  // could be character codes (`[104, 116, 116, 112, ...]`). i_ is after the
  // bracket; it moves past the list only when it is one.
  void char_codes(size_t open) {
    const char close = t_[open] == '[' ? ']' : ')';
    size_t j = i_;
    ++depth_;  // for skip_blank: line breaks continue inside the list
    j = skip_blank(j);
    std::string value;
    size_t count = 0;
    std::vector<uint32_t> codes;
    while (j < t_.size() && is_digit(t_[j])) {
      uint64_t n = 0;
      if (t_[j] == '0' && j + 1 < t_.size() && (t_[j + 1] | 0x20) == 'x') {
        j += 2;
        size_t k = j;
        while (j < t_.size() && hex_digit(t_[j]) >= 0 && n <= kMaxCodePoint) n = n * 16 + static_cast<uint64_t>(hex_digit(t_[j++]));
        if (j == k) break;
      } else {
        while (j < t_.size() && is_digit(t_[j]) && n <= kMaxCodePoint) n = n * 10 + static_cast<uint64_t>(t_[j++] - '0');
      }
      // Codes above 255 are tables (character frequencies, Unicode ranges),
      // not hidden ASCII text or bytes.
      if (n > 0xff || (j < t_.size() && (is_ident(t_[j]) || t_[j] == '.'))) {
        count = 0;
        break;
      }
      if (codes.size() < cap_) codes.push_back(static_cast<uint32_t>(n));
      ++count;
      j = skip_blank(j);
      if (j < t_.size() && t_[j] == ',') j = skip_blank(j + 1);
    }
    --depth_;
    if (count < kMinCodes || j >= t_.size() || t_[j] != close) return;
    LiteralValue v;
    v.begin = static_cast<uint32_t>(open);
    v.codec = Codec::CharCodes;
    // Bytes as bytes() makes them (chr() gives the same text for ASCII).
    for (uint32_t cp : codes) v.value.push_back(static_cast<char>(cp));
    v.truncated = count > codes.size();
    i_ = j + 1;
    --depth_;  // the list's own bracket, counted when it was opened
    v.end = static_cast<uint32_t>(i_);
    keep(std::move(v));
  }

  void keep(LiteralValue v) {
    if (v.value.size() < kMinValue) return;
    out_.push_back(std::move(v));
  }
};

}  // namespace

std::vector<LiteralValue> find_literal_values(std::string_view text, size_t max_value_bytes) {
  return Tokenizer(text, max_value_bytes).run();
}

std::vector<LiteralValue> find_literal_values_bytewise(std::string_view text, size_t max_value_bytes) {
  return Tokenizer(text, max_value_bytes).run_bytewise();
}

}  // namespace canary::decode
