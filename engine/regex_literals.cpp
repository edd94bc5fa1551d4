// A small reader for the regexes rule authors write in #match? predicates
// ("^(system|popen|run)$", "\\b(b64decode|unhexlify)\\s*[(]"). It follows
// literals, classes, groups, alternation, anchors and quantifiers, and gives
// up (returns no literals) on anything else, so a wrong prefilter can only
// come from a bug here, never from an unusual regex.
#include "regex_literals.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace canary {
namespace {

// One alternative's candidates: each is a set of literals of which every
// match contains one. The best candidate is the one whose shortest literal
// is longest (rarer in ordinary code).
using Candidate = std::vector<std::string>;

size_t shortest(const Candidate& c) {
  size_t n = SIZE_MAX;
  for (const std::string& s : c) n = std::min(n, s.size());
  return c.empty() ? 0 : n;
}

class Reader {
 public:
  explicit Reader(std::string_view re) : re_(re) {}

  // The whole regex; nullopt when it cannot be followed.
  std::optional<Candidate> whole() {
    std::optional<Candidate> c = alternation();
    if (!c || pos_ != re_.size()) return std::nullopt;
    return c;
  }

 private:
  // alt ('|' alt)*: a match contains a literal of whichever alternative it
  // took, so the union is required, and only if every alternative has one.
  std::optional<Candidate> alternation() {
    Candidate all;
    bool every = true;
    while (true) {
      std::optional<std::optional<Candidate>> one = sequence();
      if (!one) return std::nullopt;  // cannot follow
      if (*one) all.insert(all.end(), (*one)->begin(), (*one)->end());
      else every = false;
      if (pos_ < re_.size() && re_[pos_] == '|') {
        ++pos_;
        continue;
      }
      break;
    }
    if (!every) return Candidate{};
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }

  // Quantifier at pos_, consumed: its minimum count (0 for ?, *, {0,..}).
  // nullopt: none there. Sets bad_ on a '{' that is not a quantifier.
  std::optional<unsigned> quantifier() {
    if (pos_ >= re_.size()) return std::nullopt;
    char c = re_[pos_];
    unsigned min = 0;
    if (c == '?' || c == '*' || c == '+') {
      ++pos_;
      min = c == '+' ? 1 : 0;
    } else if (c == '{') {
      size_t p = pos_ + 1;
      size_t digits = p;
      while (p < re_.size() && std::isdigit(static_cast<unsigned char>(re_[p]))) ++p;
      if (p == digits) {
        bad_ = true;
        return std::nullopt;
      }
      min = static_cast<unsigned>(std::min<size_t>(std::stoul(std::string(re_.substr(digits, p - digits))), 1000));
      if (p < re_.size() && re_[p] == ',') {
        ++p;
        while (p < re_.size() && std::isdigit(static_cast<unsigned char>(re_[p]))) ++p;
      }
      if (p >= re_.size() || re_[p] != '}') {
        bad_ = true;
        return std::nullopt;
      }
      pos_ = p + 1;
    } else {
      return std::nullopt;
    }
    if (pos_ < re_.size() && (re_[pos_] == '?' || re_[pos_] == '+')) ++pos_;  // lazy / possessive
    return min;
  }

  // Skips a class [...] at pos_ (pos_ on '['). False if unterminated.
  bool skip_class() {
    size_t p = pos_ + 1;
    if (p < re_.size() && re_[p] == '^') ++p;
    if (p < re_.size() && re_[p] == ']') ++p;  // a leading ']' is literal
    while (p < re_.size() && re_[p] != ']') {
      if (re_[p] == '\\') ++p;
      else if (re_[p] == '[' && p + 1 < re_.size() && re_[p + 1] == ':') {
        size_t end = re_.find(":]", p + 2);
        if (end == std::string_view::npos) return false;
        p = end + 1;
      }
      ++p;
    }
    if (p >= re_.size()) return false;
    pos_ = p + 1;
    return true;
  }

  // The bytes of a class body (between '[' and ']') when it is a plain list
  // of at most 8 bytes and ranges; empty otherwise (negated, \s, [:alpha:]...).
  static Candidate small_class(std::string_view body) {
    std::vector<unsigned char> bytes;
    size_t p = 0;
    auto next = [&](unsigned char& out) {
      if (p >= body.size()) return false;
      char c = body[p];
      if (c == '\\') {
        if (p + 1 >= body.size()) return false;
        char e = body[p + 1];
        if (e == 'x' && p + 3 < body.size() && std::isxdigit(static_cast<unsigned char>(body[p + 2])) &&
            std::isxdigit(static_cast<unsigned char>(body[p + 3]))) {
          out = static_cast<unsigned char>(std::stoi(std::string(body.substr(p + 2, 2)), nullptr, 16));
          p += 4;
          return true;
        }
        if (std::isalnum(static_cast<unsigned char>(e))) return false;
        out = static_cast<unsigned char>(e);
        p += 2;
        return true;
      }
      if (c == '[' || (c == '^' && p == 0)) return false;
      out = static_cast<unsigned char>(c);
      ++p;
      return true;
    };
    while (p < body.size()) {
      unsigned char lo = 0, hi = 0;
      if (!next(lo)) return {};
      hi = lo;
      if (p + 1 < body.size() && body[p] == '-') {
        ++p;
        if (!next(hi) || hi < lo) return {};
      }
      for (unsigned v = lo; v <= hi; ++v) {
        bytes.push_back(static_cast<unsigned char>(v));
        if (bytes.size() > 8) return {};
      }
    }
    Candidate out;
    for (unsigned char b : bytes) out.emplace_back(1, static_cast<char>(b));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // A concatenation up to ')' or '|' or the end. Outer nullopt: cannot be
  // followed. Inner nullopt: followed, but no required literal.
  std::optional<std::optional<Candidate>> sequence() {
    std::optional<Candidate> best;
    std::string run;
    auto offer = [&](Candidate c) {
      if (c.empty() || shortest(c) == 0) return;
      if (!best || shortest(c) > shortest(*best)) best = std::move(c);
    };
    auto close_run = [&] {
      if (!run.empty()) offer(Candidate{run});
      run.clear();
    };
    while (pos_ < re_.size() && re_[pos_] != '|' && re_[pos_] != ')') {
      char c = re_[pos_];
      std::optional<char> literal;
      std::optional<Candidate> group;
      bool atom = true;  // something a quantifier may follow
      if (c == '^' || c == '$') {
        ++pos_;
        close_run();
        atom = false;
      } else if (c == '\\') {
        if (pos_ + 1 >= re_.size()) return std::nullopt;
        char e = re_[pos_ + 1];
        pos_ += 2;
        if (e == 'x' && pos_ + 2 <= re_.size() && std::isxdigit(static_cast<unsigned char>(re_[pos_])) &&
            std::isxdigit(static_cast<unsigned char>(re_[pos_ + 1]))) {
          literal = static_cast<char>(std::stoi(std::string(re_.substr(pos_, 2)), nullptr, 16));  // \xHH: one byte
          pos_ += 2;
        } else if (std::isalnum(static_cast<unsigned char>(e))) {
          // \b \B \A \z: zero-width; \s \w \d ...: classes; \x{..} \Q \p ...: not followed.
          if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z') atom = false;
          else if (e != 's' && e != 'S' && e != 'w' && e != 'W' && e != 'd' && e != 'D' && e != 'n' && e != 't' &&
                   e != 'r' && e != 'h' && e != 'v')
            return std::nullopt;
          close_run();
        } else {
          literal = e;
        }
      } else if (c == '[') {
        const size_t start = pos_;
        if (!skip_class()) return std::nullopt;
        close_run();
        // A class of a few bytes ([(], [\xD0-\xD3]) requires one of them.
        Candidate members = small_class(re_.substr(start + 1, pos_ - start - 2));
        if (!members.empty()) group = std::move(members);
      } else if (c == '.') {
        ++pos_;
        close_run();
      } else if (c == '(') {
        ++pos_;
        if (pos_ < re_.size() && re_[pos_] == '?') {
          // Only non-capturing groups: inline flags ((?i)) and lookarounds change what matches.
          if (pos_ + 1 < re_.size() && re_[pos_ + 1] == ':') pos_ += 2;
          else return std::nullopt;
        }
        // Nesting is followed only so deep: each level is a frame of this
        // reader's recursion, and rule text may be hostile.
        if (++depth_ > kMaxNesting) return std::nullopt;
        std::optional<Candidate> inner = alternation();
        --depth_;
        if (!inner || pos_ >= re_.size() || re_[pos_] != ')') return std::nullopt;
        ++pos_;
        close_run();
        if (!inner->empty()) group = std::move(*inner);
      } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        return std::nullopt;  // a quantifier with nothing before it
      } else {
        literal = c;
        ++pos_;
      }
      std::optional<unsigned> q = atom ? quantifier() : std::nullopt;
      if (bad_) return std::nullopt;
      if (literal) {
        if (!q) {
          run.push_back(*literal);
        } else if (*q >= 1) {
          run.push_back(*literal);  // present at least once, but what follows may be another copy
          close_run();
        } else {
          close_run();  // optional: the run breaks before it
        }
      } else if (group && (!q || *q >= 1)) {
        offer(std::move(*group));
      }
    }
    close_run();
    return best;
  }

  static constexpr int kMaxNesting = 200;
  std::string_view re_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool bad_ = false;
};

}  // namespace

std::vector<std::string> required_literals(std::string_view regex) {
  std::optional<Candidate> c = Reader(regex).whole();
  if (!c) return {};
  return *c;
}

std::string relaxed_regex(std::string_view regex) {
  // Only regexes the Reader follows: no inline flags, \Q..\E, comments or
  // lookarounds, so the assertions below are the only zero-width parts, and
  // no quantifier follows one (the Reader refuses that).
  if (required_literals(regex).empty()) return {};
  std::string out;
  out.reserve(regex.size());
  for (size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < regex.size()) {
      const char e = regex[i + 1];
      if (e != 'b' && e != 'B' && e != 'A' && e != 'z' && e != 'Z') out.append(regex.substr(i, 2));
      ++i;
    } else if (c == '[') {
      // A class is copied whole: inside it ^ $ and \b are not assertions.
      size_t p = i + 1;
      if (p < regex.size() && regex[p] == '^') ++p;
      if (p < regex.size() && regex[p] == ']') ++p;
      while (p < regex.size() && regex[p] != ']') {
        if (regex[p] == '\\') ++p;
        else if (regex[p] == '[' && p + 1 < regex.size() && regex[p + 1] == ':') {
          const size_t end = regex.find(":]", p + 2);
          if (end == std::string_view::npos) return {};
          p = end + 1;
        }
        ++p;
      }
      if (p >= regex.size()) return {};
      out.append(regex.substr(i, p + 1 - i));
      i = p;
    } else if (c != '^' && c != '$') {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace canary
