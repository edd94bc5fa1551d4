#include "python_statements.hpp"

#include <algorithm>
#include <array>

namespace canary {
namespace {

// Strings nested in f-string replacement fields, and fields in format specs,
// deeper than this are not followed (CPython stops far earlier).
constexpr int kMaxNesting = 200;

bool is_ident_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

bool is_quote(char c) { return c == '"' || c == '\''; }

struct Prefix {
  bool valid = false, raw = false, f = false;
};

// CPython 3.12's string prefixes: r u b f, rb/br, rf/fr, in any case.
Prefix string_prefix(std::string_view word) {
  Prefix p;
  if (word.empty() || word.size() > 2) return p;
  int r = 0, b = 0, u = 0, f = 0;
  for (char c : word) {
    switch (c) {
      case 'r': case 'R': ++r; break;
      case 'b': case 'B': ++b; break;
      case 'u': case 'U': ++u; break;
      case 'f': case 'F': ++f; break;
      default: return p;
    }
  }
  // Two letters pair up only as rb/br and rf/fr.
  if (word.size() == 2 && !(r == 1 && (b == 1 || f == 1))) return p;
  p.valid = true;
  p.raw = r > 0;
  p.f = f > 0;
  return p;
}

class StatementTokenizer {
 public:
  StatementTokenizer(std::string_view s, std::vector<LogicalLine>* lines) : s_(s), lines_(lines) {}

  std::vector<uint32_t> run() {
    std::vector<uint32_t> starts{0};
    const size_t n = s_.size();
    // A lone CR ends a line for CPython but not for the rest of this
    // tokenizer: such files stay whole.
    for (size_t cr = s_.find('\r'); cr != std::string_view::npos; cr = s_.find('\r', cr + 2))
      if (!at(cr + 1, '\n')) {
        failed_ = true;
        return {0};
      }
    size_t first = s_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    pos_ = first;
    int depth = 0;
    bool line_start = true, after_decorator = false;
    while (pos_ < n && !failed_) {
      if (line_start) {
        line_start = false;
        if (lines_) record_line();
        const char c = s_[pos_];
        // Indented, blank and comment lines, and a line that starts with a
        // form feed or a backslash, never start a statement.
        if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r' && c != '#' && c != '\\') {
          if (!continues_statement() && !after_decorator && pos_ != first) starts.push_back(static_cast<uint32_t>(pos_));
          after_decorator = c == '@';
        }
      }
      const char c = s_[pos_];
      switch (c) {
        case '\n':
          ++pos_;
          if (depth == 0) line_start = true;
          break;
        case '#':
          skip_comment();
          break;
        case '\\':
          line_continuation();
          break;
        case '(':
        case '[':
        case '{':
          ++depth;
          ++pos_;
          break;
        case ')':
        case ']':
        case '}':
          if (depth == 0) failed_ = true;
          --depth;
          ++pos_;
          break;
        case '"':
        case '\'':
          string_literal(Prefix{true, false, false});
          break;
        default:
          if (is_ident_byte(static_cast<unsigned char>(c))) word();
          else ++pos_;
      }
    }
    if (depth != 0) failed_ = true;
    if (failed_) return {0};
    return starts;
  }
  bool failed() const { return failed_; }

 private:
  // Whether the col-0 line at pos_ is a clause of the statement before.
  bool continues_statement() const {
    for (std::string_view kw : {"else", "elif", "except", "finally"}) {
      if (s_.compare(pos_, kw.size(), kw) != 0) continue;
      size_t after = pos_ + kw.size();
      if (after >= s_.size() || !is_ident_byte(static_cast<unsigned char>(s_[after]))) return true;
    }
    return false;
  }

  // A logical line that holds a token, indented or not (class members, below).
  void record_line() {
    size_t p = pos_;
    while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) ++p;
    if (p >= s_.size()) return;
    const char c = s_[p];
    if (c == '\n' || c == '\r' || c == '#' || c == '\\' || c == '\f') return;
    lines_->push_back({static_cast<uint32_t>(pos_), static_cast<uint32_t>(p - pos_)});
  }

  void skip_comment() {
    size_t nl = s_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? s_.size() : nl;
  }

  // A backslash outside a string must end its line (joining the next one).
  void line_continuation() {
    if (s_.compare(pos_, 2, "\\\n") == 0) pos_ += 2;
    else if (s_.compare(pos_, 3, "\\\r\n") == 0) pos_ += 3;
    else failed_ = true;
  }

  // A name, keyword or number; a string when it is a prefix right before a quote.
  void word() {
    size_t b = pos_;
    while (pos_ < s_.size() && is_ident_byte(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ >= s_.size() || !is_quote(s_[pos_])) return;
    Prefix p = string_prefix(s_.substr(b, pos_ - b));
    if (p.valid) string_literal(p);
  }

  bool at(size_t i, char c) const { return i < s_.size() && s_[i] == c; }

  // pos_ at a backslash inside a string or a format spec.
  void string_escape(const Prefix& p) {
    const size_t n = s_.size();
    // In an f-string a backslash before a brace leaves the brace its meaning.
    if (p.f && (at(pos_ + 1, '{') || at(pos_ + 1, '}'))) {
      ++pos_;
      return;
    }
    // \N{NAME} in a non-raw f-string: the braces are the escape's, not a field.
    if (p.f && !p.raw && at(pos_ + 1, 'N') && at(pos_ + 2, '{')) {
      size_t close = s_.find_first_of("}\n\"'", pos_ + 3);
      if (close == std::string_view::npos || s_[close] != '}') {
        failed_ = true;
        return;
      }
      pos_ = close + 1;
      return;
    }
    // Any other byte is escaped: a quote, a backslash, a newline (raw strings too).
    pos_ += at(pos_ + 1, '\r') && at(pos_ + 2, '\n') ? 3 : 2;
    if (pos_ > n) failed_ = true;
  }

  // pos_ at the opening quote; ends after the closing one.
  void string_literal(const Prefix& p) {
    const size_t n = s_.size();
    const char q = s_[pos_];
    const bool triple = at(pos_ + 1, q) && at(pos_ + 2, q);
    pos_ += triple ? 3 : 1;
    if (++nesting_ > kMaxNesting) failed_ = true;
    while (!failed_) {
      if (pos_ >= n) {
        failed_ = true;  // unterminated
        break;
      }
      const char c = s_[pos_];
      if (c == '\\') {
        string_escape(p);
      } else if (c == q) {
        if (!triple) {
          ++pos_;
          break;
        }
        if (at(pos_ + 1, q) && at(pos_ + 2, q)) {
          pos_ += 3;
          break;
        }
        ++pos_;
      } else if (c == '\n' && !triple) {
        failed_ = true;  // a single-quoted string ends at its line (an error)
      } else if (p.f && c == '{') {
        if (at(pos_ + 1, '{')) {
          pos_ += 2;
        } else {
          ++pos_;
          replacement_field(q, triple);
        }
      } else if (p.f && c == '}') {
        if (at(pos_ + 1, '}')) pos_ += 2;
        else failed_ = true;
      } else {
        ++pos_;
      }
    }
    --nesting_;
  }

  // pos_ after the `{` of an f-string field: an expression (PEP 701: any
  // tokens, strings with any quotes, newlines, comments), then `!conv`,
  // `:spec`; ends after the field's `}`.
  void replacement_field(char q, bool triple) {
    const size_t n = s_.size();
    if (++nesting_ > kMaxNesting) failed_ = true;
    int depth = 0;
    while (!failed_) {
      if (pos_ >= n) {
        failed_ = true;
        break;
      }
      const char c = s_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '\\') {
        line_continuation();
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
        ++pos_;
      } else if (c == ')' || c == ']') {
        if (depth == 0) failed_ = true;
        --depth;
        ++pos_;
      } else if (c == '}') {
        ++pos_;
        if (depth == 0) break;
        --depth;
      } else if (c == ':' && depth == 0) {
        ++pos_;
        format_spec(q, triple);
        break;
      } else if (is_quote(c)) {
        string_literal(Prefix{true, false, false});
      } else if (is_ident_byte(static_cast<unsigned char>(c))) {
        word();
      } else {
        ++pos_;
      }
    }
    --nesting_;
  }

  // pos_ after the `:` of a field: literal text with nested `{fields}`; ends
  // after the field's `}`. `{{` is no escape here, and the string's own
  // quote would end the string inside the field (an error).
  void format_spec(char q, bool triple) {
    const size_t n = s_.size();
    const Prefix spec{true, false, true};
    while (!failed_) {
      if (pos_ >= n) {
        failed_ = true;
        break;
      }
      const char c = s_[pos_];
      if (c == '{') {
        ++pos_;
        replacement_field(q, triple);
      } else if (c == '}') {
        ++pos_;
        break;
      } else if (c == q || (c == '\n' && !triple)) {
        failed_ = true;
      } else if (c == '\\') {
        string_escape(spec);
      } else {
        ++pos_;
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  int nesting_ = 0;
  bool failed_ = false;
  std::vector<LogicalLine>* lines_;
};

}  // namespace

std::vector<uint32_t> python_statement_starts(std::string_view source, std::vector<LogicalLine>* lines) {
  if (lines) lines->clear();
  // Offsets are 32-bit, as everywhere tree-sitter is involved.
  if (source.size() > 0xffffffffu) return {0};
  StatementTokenizer tokenizer(source, lines);
  std::vector<uint32_t> starts = tokenizer.run();
  if (lines && tokenizer.failed()) lines->clear();
  return starts;
}

std::vector<uint32_t> python_class_members(std::string_view s, const std::vector<LogicalLine>& lines, uint32_t begin,
                                           uint32_t end) {
  auto keyword_at = [&](size_t at, std::string_view kw) {
    return s.compare(at, kw.size(), kw) == 0 &&
           (at + kw.size() >= s.size() || !is_ident_byte(static_cast<unsigned char>(s[at + kw.size()])));
  };
  auto first = std::lower_bound(lines.begin(), lines.end(), begin,
                                [](const LogicalLine& l, uint32_t at) { return l.at < at; });
  // Decorator lines, then the `class` line, in column 0.
  while (first != lines.end() && first->at < end && first->indent == 0 && s[first->at] == '@') ++first;
  if (first == lines.end() || first->at >= end || first->indent != 0 || !keyword_at(first->at, "class")) return {};
  auto it = first + 1;
  // The body: indented lines, the first one's indentation for every member
  // (the same bytes: tabs and spaces are not mixed up). A body on the class
  // line itself (`class A: pass`) has no member line.
  if (it == lines.end() || it->at >= end || it->indent == 0) return {};
  const std::string_view indent = s.substr(it->at, it->indent);
  std::vector<uint32_t> members;
  bool after_decorator = false;
  for (; it != lines.end() && it->at < end; ++it) {
    if (s.compare(it->at, indent.size(), indent) != 0) return {};  // shallower, or other whitespace
    if (it->indent > indent.size()) continue;                       // inside a member
    const size_t token = it->at + it->indent;
    const bool clause = keyword_at(token, "else") || keyword_at(token, "elif") || keyword_at(token, "except") ||
                        keyword_at(token, "finally");
    if (!clause && !after_decorator) members.push_back(it->at);
    after_decorator = s[token] == '@';
  }
  return members;
}

}  // namespace canary

namespace canary {
namespace {

// The statement node types of tree-sitter-python (0.23) that a compound
// statement's first keyword decides; a type's bit is 1 << its index.
constexpr std::array<std::string_view, 8> kStatementTypes = {
    "function_definition", "class_definition", "decorated_definition", "if_statement",
    "for_statement",       "while_statement",  "try_statement",        "with_statement"};

uint32_t bit(std::string_view type) {
  for (size_t i = 0; i < kStatementTypes.size(); ++i)
    if (kStatementTypes[i] == type) return 1u << i;
  return 0;
}

struct KeywordTypes {
  std::string_view keyword;
  uint32_t types;
};

// What each keyword that opens a compound statement starts at the top
// level. Everything after the header's colon on its line is the body, so a
// `;` there does not start a statement of its own. Simple statements are
// left out: `import os; exec(code)` is an import statement and an
// expression statement on one line. `async` starts `async def` (and, in a
// function only, `async for`/`async with`, kept for safety).
const std::array<KeywordTypes, 9>& keyword_types() {
  static const std::array<KeywordTypes, 9> table = {{
      {"def", bit("function_definition")},
      {"class", bit("class_definition")},
      {"if", bit("if_statement")},
      {"for", bit("for_statement")},
      {"while", bit("while_statement")},
      {"try", bit("try_statement")},
      {"with", bit("with_statement")},
      {"async", bit("function_definition") | bit("for_statement") | bit("with_statement")},
      {"@", bit("decorated_definition")},
  }};
  return table;
}

// Where the first token of the statement at `start` is: `start` itself
// (the tokenizer puts later statements at their first token), and for the
// first statement past a BOM, blank lines and comment lines. npos when the
// token is not in column 0 (an indented first line is an error anyway).
size_t first_token(std::string_view s, uint32_t start) {
  if (start != 0) return start;
  size_t p = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (p < s.size()) {
    size_t q = p;
    while (q < s.size() && (s[q] == ' ' || s[q] == '\t' || s[q] == '\f')) ++q;
    if (q < s.size() && s[q] == '#') {
      q = s.find('\n', q);
      if (q == std::string_view::npos) return std::string_view::npos;
    } else if (q < s.size() && s[q] == '\r' && q + 1 < s.size() && s[q + 1] == '\n') {
      ++q;
    } else if (q >= s.size() || s[q] != '\n') {
      return q == p ? p : std::string_view::npos;
    }
    p = q + 1;
  }
  return std::string_view::npos;
}

}  // namespace

uint32_t python_statement_type_bit(std::string_view node_type) { return bit(node_type); }

uint32_t python_statement_types(std::string_view s, uint32_t start) {
  const size_t at = first_token(s, start);
  if (at >= s.size()) return 0;
  for (const KeywordTypes& k : keyword_types()) {
    if (s.compare(at, k.keyword.size(), k.keyword) != 0) continue;
    const size_t after = at + k.keyword.size();
    // `@` needs nothing after it; a keyword must not run on into a name (`define`).
    if (k.keyword == "@" || after >= s.size() || !is_ident_byte(static_cast<unsigned char>(s[after]))) return k.types;
  }
  return 0;
}

}  // namespace canary
