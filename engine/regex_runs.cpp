// A reader for Hyperscan regexes that works out which runs of bytes every
// match must hold (regex_runs.hpp). It parses the regex into a small tree of
// byte sets, sequences, alternations and repeats, then, for a candidate set
// C, computes bottom-up what each node guarantees: its shortest match, whether
// every match is made of C bytes only, and the C runs every match starts with,
// ends with and holds somewhere. Every figure is a lower bound, so an
// approximation can only make a gate weaker, never wrong.
#include "regex_runs.hpp"

#include <hs.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <vector>

namespace canary {

unsigned ByteSet::count() const {
  unsigned n = 0;
  for (uint64_t w : bits) n += static_cast<unsigned>(__builtin_popcountll(w));
  return n;
}

namespace {

// Repeats above this are read as this many: a bound only ever lowers a
// guarantee, and keeps the sums below far from overflow.
constexpr uint32_t kMaxCount = 1u << 20;

struct Node {
  enum class Kind { Bytes, Seq, Alt } kind = Kind::Seq;
  ByteSet bytes;             // Bytes: a superset of what the one byte can be
  std::vector<Node> kids;    // Seq, Alt; an empty Seq matches the empty string
  uint32_t min_count = 1;    // the node repeated at least this often (0: optional)
};

// A class item as two sets: `lo` holds only bytes it surely matches, `hi`
// every byte it may match. A positive class is the union of the `hi`s; a
// negated one the complement of the union of the `lo`s. Both are therefore
// supersets of the truth, which is the safe side (see the file comment).
struct Item {
  ByteSet lo, hi;
};

Item exact(ByteSet s) { return {s, s}; }

ByteSet range(unsigned char lo, unsigned char hi) {
  ByteSet s;
  s.add_range(lo, hi);
  return s;
}

ByteSet of(std::initializer_list<unsigned char> bytes) {
  ByteSet s;
  for (unsigned char b : bytes) s.add(b);
  return s;
}

ByteSet word_bytes() {
  ByteSet s = range('a', 'z');
  s.add_range('A', 'Z');
  s.add_range('0', '9');
  s.add('_');
  return s;
}

ByteSet all_but_newline() {
  ByteSet s = range(0, 255);
  s.bits[0] &= ~(uint64_t{1} << '\n');
  return s;
}

// Adds the other case of every ASCII letter (HS_FLAG_CASELESS).
ByteSet fold(ByteSet s) {
  for (unsigned c = 'a'; c <= 'z'; ++c) {
    const auto lower = static_cast<unsigned char>(c), upper = static_cast<unsigned char>(c - 'a' + 'A');
    if (s.has(lower) || s.has(upper)) {
      s.add(lower);
      s.add(upper);
    }
  }
  return s;
}

class Parser {
 public:
  Parser(std::string_view re, unsigned flags) : re_(re), flags_(flags) {}

  std::optional<Node> parse() {
    if (flags_ & (HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_COMBINATION | HS_FLAG_PREFILTER)) return std::nullopt;
    // Hyperscan would read the text only up to a NUL (the checker refuses one).
    if (re_.find('\0') != std::string_view::npos) return std::nullopt;
    Node n = alternation();
    if (bad_ || pos_ != re_.size()) return std::nullopt;
    return n;
  }

 private:
  bool caseless() const { return flags_ & HS_FLAG_CASELESS; }
  bool at_end() const { return pos_ >= re_.size(); }
  Node fail() {
    bad_ = true;
    return {};
  }

  Node alternation() {
    Node alt;
    alt.kind = Node::Kind::Alt;
    alt.kids.push_back(sequence());
    while (!bad_ && !at_end() && re_[pos_] == '|') {
      ++pos_;
      alt.kids.push_back(sequence());
    }
    if (alt.kids.size() == 1) return std::move(alt.kids.front());
    return alt;
  }

  Node sequence() {
    Node seq;
    while (!bad_ && !at_end() && re_[pos_] != '|' && re_[pos_] != ')') {
      bool assertion = false;
      Node atom = primary(assertion);
      if (bad_) return {};
      if (assertion) continue;  // zero width: matches nothing, joins what is around it
      if (!quantifier(atom)) return fail();
      seq.kids.push_back(std::move(atom));
    }
    return seq;
  }

  Node bytes_node(const ByteSet& s) {
    Node n;
    n.kind = Node::Kind::Bytes;
    n.bytes = caseless() ? fold(s) : s;
    return n;
  }

  Node primary(bool& assertion) {
    const char c = re_[pos_];
    if (c == '^' || c == '$') {
      ++pos_;
      assertion = true;
      return {};
    }
    if (c == '(') {
      ++pos_;
      if (!at_end() && re_[pos_] == '?') {
        // Only (?:...): inline flags and lookarounds change what matches.
        if (pos_ + 1 < re_.size() && re_[pos_ + 1] == ':') pos_ += 2;
        else return fail();
      }
      // Nesting is followed only so deep: each level is a frame of this
      // parser's recursion (and of `runs`), and rule text may be hostile.
      if (++depth_ > kMaxNesting) return fail();
      Node inner = alternation();
      --depth_;
      if (bad_ || at_end() || re_[pos_] != ')') return fail();
      ++pos_;
      return inner;
    }
    if (c == '[') return bytes_node(bracket());
    if (c == '.') {
      ++pos_;
      return bytes_node((flags_ & HS_FLAG_DOTALL) ? range(0, 255) : all_but_newline());
    }
    if (c == '\\') {
      if (pos_ + 1 >= re_.size()) return fail();
      const char e = re_[pos_ + 1];
      if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
        pos_ += 2;
        assertion = true;
        return {};
      }
      std::optional<Item> item = escape();
      if (!item) return fail();
      return bytes_node(item->hi);
    }
    if (c == ')' || c == '*' || c == '+' || c == '?' || c == '{') return fail();
    ++pos_;
    return bytes_node(of({static_cast<unsigned char>(c)}));
  }

  // A quantifier after `atom`, if any, sets its minimum count. False on a
  // '{' that is not one (Hyperscan may read it as a literal; not followed).
  bool quantifier(Node& atom) {
    if (at_end()) return true;
    const char c = re_[pos_];
    uint32_t min = 1;
    if (c == '?' || c == '*') {
      min = 0;
      ++pos_;
    } else if (c == '+') {
      ++pos_;
    } else if (c == '{') {
      size_t p = pos_ + 1;
      const size_t digits = p;
      uint64_t n = 0;
      while (p < re_.size() && std::isdigit(static_cast<unsigned char>(re_[p]))) {
        n = std::min<uint64_t>(n * 10 + static_cast<unsigned>(re_[p] - '0'), kMaxCount);
        ++p;
      }
      if (p == digits) return false;
      if (p < re_.size() && re_[p] == ',') {
        ++p;
        while (p < re_.size() && std::isdigit(static_cast<unsigned char>(re_[p]))) ++p;
      }
      if (p >= re_.size() || re_[p] != '}') return false;
      pos_ = p + 1;
      min = static_cast<uint32_t>(n);
    } else {
      return true;
    }
    if (!at_end() && (re_[pos_] == '?' || re_[pos_] == '+')) ++pos_;  // lazy / possessive
    // A fresh atom: its count is still 1 (a group is a Seq or Alt of its
    // own, so (a{3}){2} nests; a second quantifier, a{3}{2}, is refused).
    atom.min_count = min;
    return true;
  }

  // An escape at pos_ ('\\'), consumed.
  std::optional<Item> escape() {
    const char e = re_[pos_ + 1];
    pos_ += 2;
    const ByteSet space = of({'\t', '\n', '\v', '\f', '\r', ' '});
    switch (e) {
      case 'd': return exact(range('0', '9'));
      case 'D': return exact(range('0', '9').complement());
      case 'w': return exact(word_bytes());
      case 'W': return exact(word_bytes().complement());
      // \s may also take \x85 and \xA0 under some tables: `hi` has them.
      case 's': {
        ByteSet hi = space;
        hi.add(0x85);
        hi.add(0xA0);
        return Item{space, hi};
      }
      case 'S': {
        ByteSet lo = space;
        lo.add(0x85);
        lo.add(0xA0);
        return Item{lo.complement(), space.complement()};
      }
      case 'h': return Item{of({'\t', ' '}), of({'\t', ' ', 0xA0})};
      case 'H': return Item{of({'\t', ' ', 0xA0}).complement(), of({'\t', ' '}).complement()};
      case 'v': return Item{of({'\n', '\v', '\f', '\r'}), of({'\n', '\v', '\f', '\r', 0x85})};
      case 'V': return Item{of({'\n', '\v', '\f', '\r', 0x85}).complement(), of({'\n', '\v', '\f', '\r'}).complement()};
      case 'n': return exact(of({'\n'}));
      case 't': return exact(of({'\t'}));
      case 'r': return exact(of({'\r'}));
      case 'f': return exact(of({'\f'}));
      case 'e': return exact(of({0x1b}));
      case 'a': return exact(of({0x07}));
      case 'x': {
        if (pos_ + 2 > re_.size() || !std::isxdigit(static_cast<unsigned char>(re_[pos_])) ||
            !std::isxdigit(static_cast<unsigned char>(re_[pos_ + 1])))
          return std::nullopt;  // \x{...} and one-digit forms: not followed
        const auto v = static_cast<unsigned char>(std::stoi(std::string(re_.substr(pos_, 2)), nullptr, 16));
        pos_ += 2;
        return exact(of({v}));
      }
      default:
        // Any other letter or digit is a construct not followed (\p, \Q,
        // backreferences, octal, \b in a class: a backspace there); anything
        // else stands for itself.
        if (std::isalnum(static_cast<unsigned char>(e))) return std::nullopt;
        return exact(of({static_cast<unsigned char>(e)}));
    }
  }

  // One byte of a class ('\xHH', '\]', 'a') for a range's end, or nullopt.
  std::optional<unsigned char> class_byte() {
    if (at_end()) return std::nullopt;
    if (re_[pos_] != '\\') return static_cast<unsigned char>(re_[pos_++]);
    if (pos_ + 1 >= re_.size()) return std::nullopt;
    const size_t at = pos_;
    std::optional<Item> item = escape();
    if (!item || item->lo.count() != 1 || !(item->lo == item->hi)) {
      pos_ = at;
      return std::nullopt;
    }
    for (unsigned v = 0; v < 256; ++v)
      if (item->lo.has(static_cast<unsigned char>(v))) return static_cast<unsigned char>(v);
    return std::nullopt;
  }

  // [...] at pos_, consumed: a superset of the bytes it matches.
  ByteSet bracket() {
    ++pos_;
    bool negated = false;
    if (!at_end() && re_[pos_] == '^') {
      negated = true;
      ++pos_;
    }
    ByteSet lo, hi;
    bool first = true;
    while (!bad_) {
      if (at_end()) {
        bad_ = true;
        break;
      }
      const char c = re_[pos_];
      if (c == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (c == '[' && pos_ + 1 < re_.size() && (re_[pos_ + 1] == ':' || re_[pos_ + 1] == '=' || re_[pos_ + 1] == '.')) {
        bad_ = true;  // POSIX classes: not followed
        break;
      }
      if (c == '\\' && pos_ + 1 < re_.size() && std::string_view("dDwWsShHvV").find(re_[pos_ + 1]) != std::string_view::npos) {
        std::optional<Item> item = escape();
        if (!item) {
          bad_ = true;
          break;
        }
        lo.add(item->lo);
        hi.add(item->hi);
        continue;
      }
      std::optional<unsigned char> from = class_byte();
      if (!from) {
        bad_ = true;
        break;
      }
      unsigned char to = *from;
      if (pos_ + 1 < re_.size() && re_[pos_] == '-' && re_[pos_ + 1] != ']') {
        ++pos_;
        std::optional<unsigned char> end = class_byte();
        if (!end || *end < *from) {
          bad_ = true;
          break;
        }
        to = *end;
      }
      lo.add_range(*from, to);
      hi.add_range(*from, to);
    }
    if (caseless()) {
      lo = fold(lo);
      hi = fold(hi);
    }
    return negated ? lo.complement() : hi;
  }

  static constexpr int kMaxNesting = 200;
  std::string_view re_;
  unsigned flags_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool bad_ = false;
};

// What every match of a node guarantees about runs of a set C.
struct Runs {
  uint32_t min_len = 0;  // its shortest match
  bool all = true;       // every match is made of C bytes only
  uint32_t prefix = 0;   // every match starts with a C run this long
  uint32_t suffix = 0;   // ... ends with one
  uint32_t inner = 0;    // ... holds one somewhere
};

uint32_t add(uint32_t a, uint32_t b) { return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{a} + b, kMaxCount)); }
uint32_t mul(uint32_t a, uint32_t b) { return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{a} * b, kMaxCount)); }

Runs concat(const Runs& a, const Runs& b) {
  Runs r;
  r.min_len = add(a.min_len, b.min_len);
  r.all = a.all && b.all;
  r.prefix = a.all ? add(a.min_len, b.prefix) : a.prefix;
  r.suffix = b.all ? add(b.min_len, a.suffix) : b.suffix;
  r.inner = std::max({a.inner, b.inner, add(a.suffix, b.prefix), r.prefix, r.suffix});
  return r;
}

Runs runs(const Node& n, const ByteSet& c) {
  Runs one;
  switch (n.kind) {
    case Node::Kind::Bytes:
      one.min_len = 1;
      one.all = n.bytes.subset_of(c);
      one.prefix = one.suffix = one.inner = one.all ? 1 : 0;
      break;
    case Node::Kind::Seq:
      for (const Node& k : n.kids) one = concat(one, runs(k, c));
      break;
    case Node::Kind::Alt: {
      bool first = true;
      for (const Node& k : n.kids) {
        const Runs r = runs(k, c);
        if (first) one = r;
        one.min_len = std::min(one.min_len, r.min_len);
        one.all = one.all && r.all;
        one.prefix = std::min(one.prefix, r.prefix);
        one.suffix = std::min(one.suffix, r.suffix);
        one.inner = std::min(one.inner, r.inner);
        first = false;
      }
      break;
    }
  }
  if (n.min_count == 1) return one;
  Runs r;
  r.all = one.all;  // any number of copies of an all-C node is all C
  if (n.min_count == 0) return r;  // may match nothing: no guarantee but `all`
  if (one.all) {
    r.min_len = r.prefix = r.suffix = r.inner = mul(one.min_len, n.min_count);
    return r;
  }
  // Two or more copies: the first starts it, the last ends it, and a copy's
  // end meets the next one's start.
  r.min_len = mul(one.min_len, n.min_count);
  r.prefix = one.prefix;
  r.suffix = one.suffix;
  r.inner = std::max(one.inner, add(one.suffix, one.prefix));
  return r;
}

void collect_sets(const Node& n, std::vector<ByteSet>& out) {
  if (n.kind == Node::Kind::Bytes) out.push_back(n.bytes);
  for (const Node& k : n.kids) collect_sets(k, out);
}

// Whether files rarely hold such a run: non-ASCII bytes are rare in most
// source, and long runs of a set without the newline are long lines (or
// longer runs of a narrower set).
bool rare(const RunGate& g) {
  if (g.length == 0) return false;
  if (!g.bytes.any_ascii()) return true;
  return !g.bytes.has('\n') && g.length >= kMinGateRun;
}

// Which of two rare gates to keep: a non-ASCII set (tested on few bytes),
// else the narrower set, else the longer run.
bool better(const RunGate& a, const RunGate& b) {
  const bool a_high = !a.bytes.any_ascii(), b_high = !b.bytes.any_ascii();
  if (a_high != b_high) return a_high;
  if (a.bytes.count() != b.bytes.count()) return a.bytes.count() < b.bytes.count();
  return a.length > b.length;
}

}  // namespace

uint32_t required_run(std::string_view regex, unsigned hs_flags, const ByteSet& bytes) {
  std::optional<Node> tree = Parser(regex, hs_flags).parse();
  if (!tree) return 0;
  return runs(*tree, bytes).inner;
}

std::optional<RunGate> run_gate(std::string_view regex, unsigned hs_flags) {
  std::optional<Node> tree = Parser(regex, hs_flags).parse();
  if (!tree) return std::nullopt;
  // Candidate sets: each byte set of the regex, and the unions that runs of
  // mixed sets need (any byte but the newline; any non-ASCII byte).
  std::vector<ByteSet> sets;
  collect_sets(*tree, sets);
  sets.push_back(all_but_newline());
  sets.push_back(range(0x80, 0xff));
  std::sort(sets.begin(), sets.end());
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::optional<RunGate> best;
  for (const ByteSet& s : sets) {
    const RunGate g{s, runs(*tree, s).inner};
    if (rare(g) && (!best || better(g, *best))) best = g;
  }
  return best;
}

namespace {

// The next byte >= 0x80 at or after `from`, eight bytes at a time.
size_t next_high(std::string_view text, size_t from) {
  const size_t n = text.size();
  size_t i = from;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  for (; i < n; ++i)
    if (static_cast<unsigned char>(text[i]) >= 0x80) return i;
  return n;
}

}  // namespace

size_t first_non_ascii(std::string_view text) { return next_high(text, 0); }

bool has_run(std::string_view text, const RunGate& gate) {
  return has_run(text, gate, gate.bytes.any_ascii() ? 0 : first_non_ascii(text));
}

bool has_run(std::string_view text, const RunGate& gate, size_t first_high) {
  const size_t n = text.size(), len = gate.length;
  if (len == 0) return true;
  if (len > n) return false;
  const ByteSet& set = gate.bytes;
  auto in = [&](size_t i) { return set.has(static_cast<unsigned char>(text[i])); };
  if (!set.any_ascii()) {
    // Only non-ASCII bytes can start the run: jump from one to the next.
    for (size_t i = first_high; i < n; i = next_high(text, i + 1)) {
      size_t j = i;
      while (j < n && in(j)) ++j;
      if (j - i >= len) return true;
      i = j > i ? j - 1 : i;
    }
    return false;
  }
  // [start, known) are set bytes; the run starting at `start` needs
  // [start, start + len). Check its end backwards down to `known`: the first
  // byte outside the set moves the start past it, so no byte is looked at
  // twice and a byte outside the set skips up to len bytes.
  size_t start = 0, known = 0;
  // Every byte but one ([^\n]{160}: a line that long): memrchr finds that
  // byte 32 or 64 at a time instead of testing each against the set.
  const ByteSet outside = set.complement();
  if (outside.count() == 1) {
    unsigned char stop = 0;
    while (!outside.has(stop)) ++stop;
    while (start + len <= n) {
      const void* last = memrchr(text.data() + known, stop, start + len - known);
      if (!last) return true;
      known = start + len;
      start = static_cast<size_t>(static_cast<const char*>(last) - text.data()) + 1;
    }
    return false;
  }
  while (start + len <= n) {
    size_t i = start + len;
    while (i > known && in(i - 1)) --i;
    if (i == known) return true;
    known = start + len;
    start = i;
  }
  return false;
}

std::string describe(const RunGate& gate) {
  std::string cls;
  auto put = [&](unsigned v) {
    char buf[8];
    if (v >= 0x21 && v < 0x7f && !std::strchr("\\]^-[", static_cast<int>(v))) cls.push_back(static_cast<char>(v));
    else if (v == '\t') cls += "\\t";
    else if (v == ' ') cls += ' ';
    else {
      std::snprintf(buf, sizeof buf, "\\x%02X", v);
      cls += buf;
    }
  };
  const bool negate = gate.bytes.count() > 128;
  const ByteSet shown = negate ? gate.bytes.complement() : gate.bytes;
  for (unsigned v = 0; v < 256;) {
    if (!shown.has(static_cast<unsigned char>(v))) {
      ++v;
      continue;
    }
    unsigned w = v;
    while (w + 1 < 256 && shown.has(static_cast<unsigned char>(w + 1))) ++w;
    put(v);
    if (w > v + 1) cls.push_back('-');
    if (w > v) put(w);
    v = w + 1;
  }
  return std::to_string(gate.length) + (gate.length == 1 ? " byte of [" : " bytes of [") + (negate ? "^" : "") +
         cls + "]" + (gate.length == 1 ? "" : " in a row");
}

}  // namespace canary
