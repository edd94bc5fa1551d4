// The formatter walks the token stream of a file that has already parsed, so
// it can follow the declaration structure with a few loops instead of a
// second parser; anything unexpected is an internal error, never a guess.
// Layout is decided token by token: each significant token gets a Layout
// (own line at an indent, or a number of spaces, and whether a line break the
// author put before it is kept), and the comments before it are placed by
// the same rules, so comments never move to another token.
#include "formatter.hpp"

#include <algorithm>
#include <stdexcept>

#include "format_lexer.hpp"
#include "parser.hpp"

namespace canary::dsl {

namespace {

constexpr int kSectionIndent = 2;   // `meta:`, `scope:`, `patterns:`, `condition:`
constexpr int kEntryIndent = 4;     // section entries and the condition
constexpr int kSetEntryIndent = 2;  // members of a pattern set
constexpr int kContinuation = 2;    // added for a line that continues the one above

// Where a significant token goes, and how the comments just before it are placed.
struct Layout {
  bool own_line = false;    // the token always starts a line, at `indent`
  int indent = 0;           // own_line: its indent; otherwise: the indent of a continuation line
  int comment_indent = -1;  // own-line comments before the token (-1: as `indent`)
  int spaces = 1;           // before the token when it stays on the current line
  bool keep_break = false;  // a line break before the token in the input is kept
  int min_blank_first = 0;  // blank lines at the first line break before the token...
  int max_blank_first = 0;  // ...at most
  int max_blank = 0;        // between comments before the token
  int max_blank_last = 0;   // directly before the token
};

Layout own_line(int indent, int max_blank_first, int max_blank, int max_blank_last) {
  Layout l;
  l.own_line = true;
  l.indent = indent;
  l.max_blank_first = max_blank_first;
  l.max_blank = max_blank;
  l.max_blank_last = max_blank_last;
  return l;
}

Layout same_line(int spaces, int continuation_indent) {
  Layout l;
  l.spaces = spaces;
  l.indent = continuation_indent;
  return l;
}

// Width on screen, near enough: UTF-8 continuation bytes do not count.
int code_points(std::string_view s) {
  int n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// The text being built, with the column bookkeeping alignment needs (kept
// up to date as text is added, so a long line costs nothing extra).
class Output {
 public:
  explicit Output(std::string newline) : newline_(std::move(newline)) {}

  bool empty() const { return text_.empty(); }
  std::string& text() { return text_; }

  void line_break(int blank_lines, int indent) {
    for (int i = 0; i <= blank_lines; ++i) text_ += newline_;
    text_.append(static_cast<size_t>(indent), ' ');
    column_ = line_indent_ = indent;
    fresh_line_ = true;
  }

  void put(std::string_view token, int spaces) {
    if (!fresh_line_) {
      text_.append(static_cast<size_t>(spaces), ' ');
      column_ += spaces;
    }
    text_ += token;
    fresh_line_ = false;
    const size_t nl = token.rfind('\n');
    if (nl == std::string_view::npos) {
      column_ += code_points(token);
      return;
    }
    // A query or block comment that spans lines: the current line is its last.
    const std::string_view last = token.substr(nl + 1);
    column_ = code_points(last);
    line_indent_ = static_cast<int>(std::min(last.size(), last.find_first_not_of(' ')));
  }

  int column() const { return column_; }            // after the last character, from 0, in code points
  int line_indent() const { return line_indent_; }  // spaces at the start of the current line

 private:
  std::string newline_;
  std::string text_;
  bool fresh_line_ = true;
  int column_ = 0;
  int line_indent_ = 0;
};

bool is_section_keyword(const Token& t) {
  return t.is("meta") || t.is("scope") || t.is("patterns") || t.is("condition");
}

bool is_binary_operator(const Token& t) {
  for (std::string_view op : {"and", "or", "of", "==", "!=", "<", "<=", ">", ">=", "+", "-", "contains", "icontains",
                              "startswith", "endswith", "matches"})
    if (t.is(op)) return true;
  return false;
}

// Spaces between two tokens of a list or an expression on one line.
int spaces_between(const Token& prev, const Token& t) {
  if (t.is(")") || t.is("]") || t.is(",")) return 0;
  if (prev.is("(") || prev.is("[")) return 0;
  return 1;
}

// An open `(` or `[`. Lists (`[...]`, `of (...)`) align their continuation
// lines after the bracket, or indent them one step when the bracket ends its
// line; expression parentheses always indent one step.
struct Bracket {
  bool is_list = false;
  int column = 0;       // of the bracket itself
  int line_indent = 0;  // of the line holding it
  bool hanging = false; // nothing follows it on its line
};

int list_continuation(const Bracket& b, bool closer) {
  if (b.hanging) return b.line_indent + (closer ? 0 : kContinuation);
  return b.column + (closer ? 0 : 1);
}

class Formatter {
 public:
  explicit Formatter(const LexedText& lexed)
      : toks_(lexed.tokens), newline_(lexed.crlf ? "\r\n" : "\n"), out_(newline_) {
    for (size_t i = 0; i < toks_.size(); ++i)
      if (!toks_[i].is_comment()) sig_.push_back(i);
  }

  std::string run() {
    enum class Decl { None, Import, Block } prev = Decl::None;
    while (next_ < sig_.size()) {
      const Token& t = peek();
      const bool block = !t.is("import");
      Layout l = own_line(0, 1, 1, 1);
      if (prev == Decl::Block || (prev == Decl::Import && block)) l.min_blank_first = 1;
      if (t.is("import")) {
        emit(l);
        emit(same_line(1, 2 * kContinuation));
      } else if (t.is("patternset")) {
        pattern_set(l);
      } else if (t.is("rule") || t.is("private")) {
        rule(l);
      } else {
        unexpected("a declaration");
      }
      prev = block ? Decl::Block : Decl::Import;
    }
    // Comments after the last declaration.
    Layout end = own_line(0, 1, 1, 1);
    if (prev == Decl::Block) end.min_blank_first = 1;
    emit_comments(end, toks_.size());
    if (!out_.empty()) out_.text() += newline_;
    return std::move(out_.text());
  }

 private:
  [[noreturn]] void unexpected(const char* what) const {
    std::string got = next_ < sig_.size() ? "`" + std::string(peek().text) + "`" : "the end of the file";
    throw std::logic_error("expected " + std::string(what) + ", found " + got);
  }

  const Token& peek(size_t ahead = 0) const {
    if (next_ + ahead >= sig_.size()) throw std::logic_error("unexpected end of the token stream");
    return toks_[sig_[next_ + ahead]];
  }
  bool peek_is(std::string_view s, size_t ahead = 0) const {
    return next_ + ahead < sig_.size() && toks_[sig_[next_ + ahead]].is(s);
  }

  // Does the input break the line between the last emitted token and the next
  // significant one (comments included)?
  bool input_breaks_before_next() const {
    const size_t target = next_ < sig_.size() ? sig_[next_] : toks_.size();
    for (size_t k = emitted_; k <= target && k < toks_.size(); ++k)
      if (toks_[k].newlines_before > 0) return true;
    return false;
  }

  // Line break before a comment or token: blank lines as the input has them,
  // within the layout's limits.
  void line_break(const Layout& l, uint32_t newlines, int indent, bool last, bool& first) {
    int blank = newlines > 1 ? static_cast<int>(newlines) - 1 : 0;
    int cap = first ? l.max_blank_first : l.max_blank;
    if (last) cap = first ? std::min(cap, l.max_blank_last) : l.max_blank_last;
    blank = std::min(blank, cap);
    if (first) blank = std::max(blank, l.min_blank_first);
    first = false;
    out_.line_break(blank, indent);
  }

  // The comments from the last emitted token up to toks_[target].
  void emit_comments(const Layout& l, size_t target, bool* first_break = nullptr) {
    bool local_first = true;
    bool& first = first_break ? *first_break : local_first;
    const int comment_indent = l.comment_indent >= 0 ? l.comment_indent : l.indent;
    for (; emitted_ < target; ++emitted_) {
      const Token& c = toks_[emitted_];
      if (!c.is_comment()) throw std::logic_error("token skipped by the formatter");
      if (out_.empty()) {
        out_.put(c.text, 0);
      } else if (c.newlines_before > 0 || after_line_comment_) {
        line_break(l, c.newlines_before, comment_indent, false, first);
        out_.put(c.text, 0);
      } else {
        out_.put(c.text, 1);  // a comment after code on the same line
      }
      after_line_comment_ = c.kind == TokenKind::LineComment;
      after_block_comment_ = c.kind == TokenKind::BlockComment;
    }
  }

  // Emits the comments before the next significant token, then the token.
  void emit(const Layout& l) {
    const size_t target = sig_.at(next_);
    bool first = true;
    emit_comments(l, target, &first);
    const Token& t = toks_[target];
    if (out_.empty()) {
      out_.put(t.text, 0);
    } else if (l.own_line || after_line_comment_ || (l.keep_break && t.newlines_before > 0)) {
      line_break(l, t.newlines_before, l.indent, true, first);
      out_.put(t.text, 0);
    } else {
      out_.put(t.text, after_block_comment_ ? std::max(1, l.spaces) : l.spaces);
    }
    after_line_comment_ = after_block_comment_ = false;
    emitted_ = target + 1;
    ++next_;
  }

  void expect(std::string_view s) const {
    if (!peek_is(s)) unexpected(("`" + std::string(s) + "`").c_str());
  }

  void pattern_set(const Layout& head) {
    emit(head);                             // patternset
    emit(same_line(1, 2 * kContinuation));  // name
    expect("{");
    emit(same_line(1, 2 * kContinuation));
    pattern_entries(kSetEntryIndent);
    expect("}");
    Layout close = own_line(0, 1, 1, 0);
    close.comment_indent = kSetEntryIndent;
    emit(close);
  }

  void rule(const Layout& head) {
    emit(head);
    if (peek_is("rule")) emit(same_line(1, 2 * kContinuation));  // after `private`
    emit(same_line(1, 2 * kContinuation));                       // name
    while (!peek_is("{")) emit(same_line(1, 2 * kContinuation));  // `:` and tags
    emit(same_line(1, 2 * kContinuation));
    bool first = true;
    for (;;) {
      const Token& kw = peek();
      if (!is_section_keyword(kw)) unexpected("a section");
      const bool is_condition = kw.is("condition");
      const bool is_meta = kw.is("meta");
      const bool is_patterns = kw.is("patterns");
      emit(own_line(kSectionIndent, first ? 0 : 1, 1, 1));
      first = false;
      expect(":");
      emit(same_line(0, kSectionIndent + kContinuation));
      if (is_condition) {
        condition();
        break;
      }
      if (is_patterns) pattern_entries(kEntryIndent);
      else key_value_entries(/*align=*/is_meta);
    }
    expect("}");
    Layout close = own_line(0, 1, 1, 0);
    close.comment_indent = kEntryIndent;
    emit(close);
  }

  // One `key = value` or `$name = pattern` entry.
  struct Entry {
    size_t first = 0, last = 0;  // indices into sig_
    bool multi_line = false;     // holds a line break the formatter keeps
    int width = 0;               // of the key; after align(): of the widest key of its run
  };

  // Entries that follow each other directly: no blank line, no comment on a
  // line of its own between them.
  bool adjacent(const Entry& a, const Entry& b) const {
    for (size_t k = sig_[a.last] + 1; k < sig_[b.first]; ++k)
      if (toks_[k].newlines_before > 0) return false;
    return toks_[sig_[b.first]].newlines_before <= 1;
  }

  // Sets each entry's alignment width: the widest key of its run. Entries
  // that span lines stand alone when `multi_line_breaks_runs`.
  void align(std::vector<Entry>& entries, bool multi_line_breaks_runs) const {
    size_t run_start = 0;
    auto close_run = [&](size_t end) {
      int width = 0;
      for (size_t i = run_start; i < end; ++i) width = std::max(width, entries[i].width);
      for (size_t i = run_start; i < end; ++i) entries[i].width = width;
      run_start = end;
    };
    for (size_t i = 0; i < entries.size(); ++i) {
      const bool alone = multi_line_breaks_runs && entries[i].multi_line;
      if (i > 0 && (alone || (multi_line_breaks_runs && entries[i - 1].multi_line) ||
                    !adjacent(entries[i - 1], entries[i])))
        close_run(i);
      if (alone) {
        entries[i].width = 0;
        close_run(i + 1);
      }
    }
    close_run(entries.size());
  }

  // Does anything between sig_[first] and sig_[last] keep a line break?
  bool spans_lines(size_t first, size_t last) const {
    for (size_t k = sig_[first]; k <= sig_[last]; ++k) {
      const Token& t = toks_[k];
      if (t.text.find('\n') != std::string_view::npos) return true;
      if (k > sig_[first] && t.is_comment() && (t.newlines_before > 0 || t.kind == TokenKind::LineComment))
        return true;
    }
    return false;
  }

  // meta: and scope: entries, `key = value` where value is one token or a [list].
  void key_value_entries(bool align_equals) {
    std::vector<Entry> entries;
    for (size_t i = next_; i < sig_.size();) {
      const Token& key = toks_[sig_[i]];
      if (is_section_keyword(key) || key.is("}")) break;
      Entry e;
      e.first = i;
      e.width = code_points(key.text);
      size_t j = i + 2;
      if (j < sig_.size() && toks_[sig_[j]].is("[")) {
        while (j < sig_.size() && !toks_[sig_[j]].is("]")) ++j;
      }
      if (j >= sig_.size()) throw std::logic_error("unterminated entry");
      e.last = j;
      entries.push_back(e);
      i = j + 1;
    }
    if (align_equals) align(entries, /*multi_line_breaks_runs=*/false);
    for (size_t n = 0; n < entries.size(); ++n) {
      const Entry& e = entries[n];
      const int key_width = code_points(peek().text);
      emit(own_line(kEntryIndent, n == 0 ? 0 : 1, 1, 1));  // key
      expect("=");
      emit(same_line(align_equals ? e.width - key_width + 1 : 1, kEntryIndent + kContinuation));
      if (peek_is("[")) list_value();
      else emit(same_line(1, kEntryIndent + kContinuation));
    }
  }

  // A `[...]` list: the author's line breaks between items are kept.
  void list_value() {
    emit(same_line(1, kEntryIndent + kContinuation));
    const Bracket b{true, out_.column() - 1, out_.line_indent(), input_breaks_before_next()};
    const Token* prev = &toks_[sig_[next_ - 1]];
    for (;;) {
      const Token& t = peek();
      Layout l = same_line(spaces_between(*prev, t), list_continuation(b, t.is("]")));
      l.keep_break = true;
      const bool done = t.is("]");
      emit(l);
      prev = &t;
      if (done) break;
    }
  }

  // `$name = value...` entries of a patterns section or a pattern set.
  void pattern_entries(int indent) {
    std::vector<Entry> entries;
    for (size_t i = next_; i < sig_.size();) {
      if (toks_[sig_[i]].kind != TokenKind::PatternRef) break;
      Entry e;
      e.first = i;
      e.width = code_points(toks_[sig_[i]].text);
      size_t j = i + 1;
      while (j + 1 < sig_.size()) {
        const Token& t = toks_[sig_[j + 1]];
        if (t.kind == TokenKind::PatternRef || t.is("}") || t.is("condition")) break;
        ++j;
      }
      e.last = j;
      e.multi_line = spans_lines(e.first, e.last);
      entries.push_back(e);
      i = j + 1;
    }
    align(entries, /*multi_line_breaks_runs=*/true);
    for (size_t n = 0; n < entries.size(); ++n) {
      const Entry& e = entries[n];
      const int name_width = code_points(peek().text);
      emit(own_line(indent, n == 0 ? 0 : 1, 1, 1));  // $name
      expect("=");
      emit(same_line(e.width > 0 ? e.width - name_width + 1 : 1, indent + kContinuation));
      while (next_ <= e.last) emit(same_line(1, indent + kContinuation));
    }
  }

  // The condition: from the line after `condition:` to the rule's `}`.
  void condition() {
    std::vector<Bracket> open;
    const Token* prev = nullptr;
    while (!(peek_is("}") && open.empty())) {
      const Token& t = peek();
      Layout l;
      if (!prev) {
        l = own_line(kEntryIndent, 0, 1, 1);
      } else {
        l = same_line(spaces_between(*prev, t), continuation_indent(open, t));
        l.keep_break = true;
      }
      emit(l);
      if (t.is("(")) {
        const bool is_list = prev && prev->is("of");
        open.push_back(Bracket{is_list, out_.column() - 1, out_.line_indent(), input_breaks_before_next()});
      } else if (t.is(")")) {
        if (open.empty()) throw std::logic_error("unbalanced `)` in a condition");
        open.pop_back();
      }
      prev = &t;
    }
  }

  // Inside parentheses: one step in from the line that opened them. Outside:
  // a line that starts with an operator continues the one above.
  static int continuation_indent(const std::vector<Bracket>& open, const Token& t) {
    const bool closer = t.is(")");
    if (open.empty()) return kEntryIndent + (is_binary_operator(t) ? kContinuation : 0);
    const Bracket& b = open.back();
    if (b.is_list) return list_continuation(b, closer);
    return b.line_indent + (closer ? 0 : kContinuation);
  }

  const std::vector<Token>& toks_;
  std::string newline_;      // the input's: CRLF files stay CRLF
  std::vector<size_t> sig_;  // indices of the tokens that are not comments
  size_t next_ = 0;          // next significant token, index into sig_
  size_t emitted_ = 0;       // next token to emit, index into toks_
  Output out_;
  bool after_line_comment_ = false;
  bool after_block_comment_ = false;
};

// Fingerprint pieces are length-prefixed, so no text can imitate structure.
void field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += '=';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

void field(std::string& out, std::string_view name, int64_t value) { field(out, name, std::to_string(value)); }

void fingerprint_pattern(std::string& out, const Pattern& p) {
  field(out, "pattern", p.name);
  field(out, "kind", static_cast<int64_t>(p.kind));
  field(out, "text", p.text);
  field(out, "flags", p.flags);
  field(out, "nocase", p.nocase);
  field(out, "fullword", p.fullword);
}

void fingerprint_expr(std::string& out, const Expr& e) {
  field(out, "expr", static_cast<int64_t>(e.kind));
  field(out, "bool", e.boolean);
  field(out, "number", e.number);
  field(out, "text", e.text);
  field(out, "flags", e.flags);
  field(out, "op", e.op);
  field(out, "quantifier", static_cast<int64_t>(e.quantifier));
  field(out, "quantity", e.quantity);
  field(out, "them", e.of_them);
  for (const OfItem& i : e.of_items) {
    field(out, "item", i.name);
    field(out, "is_pattern", i.is_pattern);
    field(out, "wildcard", i.wildcard);
  }
  out += '(';
  for (const Expr& c : e.children) fingerprint_expr(out, c);
  out += ')';
}

// The tokens of a text without the whitespace between them.
std::string token_sequence(const LexedText& lexed) {
  std::string out;
  for (const Token& t : lexed.tokens) field(out, std::to_string(static_cast<int>(t.kind)), t.text);
  return out;
}

// The formatted text, or an exception when the formatter cannot follow the tokens.
std::string layout(const LexedText& lexed) {
  std::string text = Formatter(lexed).run();
  return lexed.bom ? "\xEF\xBB\xBF" + text : text;
}

}  // namespace

std::string ast_fingerprint(const RuleFile& file) {
  std::string out;
  for (const Import& i : file.imports) field(out, "import", i.name);
  for (const PatternSet& s : file.pattern_sets) {
    field(out, "patternset", s.name);
    for (const Pattern& p : s.patterns) fingerprint_pattern(out, p);
  }
  for (const Rule& r : file.rules) {
    field(out, "rule", r.name);
    field(out, "private", r.is_private);
    for (const std::string& t : r.tags) field(out, "tag", t);
    for (const MetaEntry& m : r.meta) {
      field(out, "meta", m.key);
      field(out, "kind", static_cast<int64_t>(m.value.kind));
      field(out, "text", m.value.text);
      field(out, "number", m.value.number);
      field(out, "bool", m.value.boolean);
      for (const std::string& item : m.value.items) field(out, "item", item);
    }
    for (const ScopeEntry& s : r.scope) {
      field(out, "scope", s.key);
      field(out, "identifiers", s.values_are_identifiers);
      for (const std::string& v : s.values) field(out, "value", v);
    }
    for (const Pattern& p : r.patterns) fingerprint_pattern(out, p);
    fingerprint_expr(out, r.condition);
  }
  return out;
}

FormatResult format_rule_file(const SourceMap& sources, uint32_t file, Diagnostics& diags) {
  FormatResult result;
  RuleFile before;
  if (!parse_rule_file(sources, file, before, diags)) {
    result.status = FormatResult::Status::SyntaxErrors;
    return result;
  }
  auto fail = [&](std::string why) {
    result.status = FormatResult::Status::InternalError;
    result.error = std::move(why);
    result.text.clear();
    return result;
  };

  const SourceFile& src = sources.file(file);
  const LexedText lexed = lex_rule_text(src.text);
  if (!lexed.error.empty()) return fail("cannot split the file into tokens: " + lexed.error);
  try {
    result.text = layout(lexed);
  } catch (const std::logic_error& e) {
    return fail(std::string("lost track of the file's structure: ") + e.what());
  }

  // The safety checks: same tokens and comments, same tree, stable.
  const LexedText relexed = lex_rule_text(result.text);
  if (!relexed.error.empty() || token_sequence(relexed) != token_sequence(lexed))
    return fail("the formatted text has different tokens or comments");
  SourceMap check_sources;
  const uint32_t id = check_sources.add(src.path, result.text);
  RuleFile after;
  Diagnostics after_diags;
  if (!parse_rule_file(check_sources, id, after, after_diags))
    return fail("the formatted text does not parse: " +
                (after_diags.items().empty() ? std::string("?") : after_diags.items().front().message));
  if (ast_fingerprint(after) != ast_fingerprint(before)) return fail("the formatted text has a different syntax tree");
  try {
    if (layout(relexed) != result.text) return fail("formatting the formatted text changes it again");
  } catch (const std::logic_error& e) {
    return fail(std::string("formatting the formatted text fails: ") + e.what());
  }
  return result;
}

}  // namespace canary::dsl
