// Drives the grammar one top-level declaration at a time. A syntax error
// becomes an E001 diagnostic; parsing then restarts at the next line that
// begins with a declaration keyword, so one run reports every broken
// declaration and keeps every good one.
#include "parser.hpp"

#include <algorithm>
#include <optional>

#include "ast_actions.hpp"
#include "grammar.hpp"

namespace canary::dsl {

namespace {

namespace pegtl = tao::pegtl;

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// True when `text` at `at` is one of the words a declaration starts with.
bool declaration_keyword_at(std::string_view text, size_t at) {
  for (std::string_view kw : {"rule", "private", "import", "patternset"}) {
    if (text.compare(at, kw.size(), kw) == 0 && (at + kw.size() == text.size() || !is_word_char(text[at + kw.size()])))
      return true;
  }
  return false;
}

// Where to restart after an error: the first line at or after the error whose
// first token is a declaration keyword at or after `error_at`, and strictly
// after `step_start` (so every restart makes progress).
std::optional<size_t> recovery_point(const SourceFile& src, size_t step_start, size_t error_at) {
  const auto& starts = src.line_starts;
  size_t line = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), error_at) - starts.begin()) - 1;
  for (; line < starts.size(); ++line) {
    size_t k = starts[line];
    while (k < src.text.size() && (src.text[k] == ' ' || src.text[k] == '\t')) ++k;
    if (k >= error_at && k > step_start && declaration_keyword_at(src.text, k)) return k;
  }
  return std::nullopt;
}

// Length of the token at `p` to underline: a word, or one byte.
uint32_t token_length(const char* p, const char* end) {
  if (p >= end || *p == '\n' || *p == '\r') return 0;
  const char* q = p;
  while (q < end && is_word_char(*q)) ++q;
  return q == p ? 1 : static_cast<uint32_t>(q - p);
}

}  // namespace

bool parse_rule_file(const SourceMap& sources, uint32_t file, RuleFile& out, Diagnostics& diags) {
  const SourceFile& src = sources.file(file);
  const char* base = src.text.data();
  const char* end = base + src.text.size();
  out.file = file;

  size_t pos = 0;
  if (src.text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // UTF-8 byte order mark
  bool ok = true;
  while (pos < src.text.size()) {
    actions::BuildState state(base, file, out);
    const LineCol lc = sources.position(file, static_cast<uint32_t>(pos));
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(base + pos, end, src.path, pos, lc.line,
                                                                           lc.column);
    try {
      (void)pegtl::parse<grammar::declaration_step, actions::action, grammar::control>(in, state);
      pos = static_cast<size_t>(in.current() - base);
      if (in.empty()) break;
    } catch (const grammar::syntax_error& e) {
      ok = false;
      const uint32_t b = static_cast<uint32_t>(e.begin - base);
      const uint32_t en = e.end ? static_cast<uint32_t>(e.end - base) : b + token_length(e.begin, end);
      diags.error("E001", Span{file, b, en}, e.what());
      auto next = recovery_point(src, pos, static_cast<size_t>(e.resume - base));
      if (!next) break;
      pos = *next;
    }
  }
  return ok;
}

}  // namespace canary::dsl
