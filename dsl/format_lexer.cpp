#include "format_lexer.hpp"

#include "grammar.hpp"

namespace canary::dsl {

namespace {

namespace pegtl = tao::pegtl;

// Length of the text `Rule` matches at the start of `rest`, 0 when it does not.
template <typename Rule>
size_t match_length(std::string_view rest) {
  pegtl::memory_input<> in(rest.data(), rest.data() + rest.size(), "");
  try {
    if (pegtl::parse<Rule>(in)) return static_cast<size_t>(in.current() - rest.data());
  } catch (const pegtl::parse_error&) {
  }
  return 0;
}

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t identifier_end(std::string_view text, size_t pos) {
  while (pos < text.size() && is_ident_char(text[pos])) ++pos;
  return pos;
}

}  // namespace

LexedText lex_rule_text(std::string_view text) {
  LexedText out;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    out.bom = true;
    pos = 3;
  }
  if (size_t lf = text.find('\n'); lf != std::string_view::npos) out.crlf = lf > 0 && text[lf - 1] == '\r';

  uint32_t newlines = 0;
  auto push = [&](TokenKind kind, size_t end) {
    out.tokens.push_back(Token{kind, text.substr(pos, end - pos), newlines});
    newlines = 0;
    pos = end;
  };

  while (pos < text.size()) {
    const char c = text[pos];
    const std::string_view rest = text.substr(pos);
    if (c == '\n') {
      ++newlines;
      ++pos;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;  // the grammar's ascii::space
    } else if (rest.substr(0, 2) == "//") {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      size_t trimmed = end;
      while (trimmed > pos && (text[trimmed - 1] == ' ' || text[trimmed - 1] == '\t' || text[trimmed - 1] == '\r'))
        --trimmed;
      push(TokenKind::LineComment, trimmed);
      pos = end;
    } else if (rest.substr(0, 2) == "/*") {
      size_t n = match_length<grammar::block_comment>(rest);
      if (n == 0) break;
      push(TokenKind::BlockComment, pos + n);
    } else if (c == '/') {
      size_t n = match_length<grammar::regex_literal>(rest);
      if (n == 0) break;
      push(TokenKind::Regex, pos + n);
    } else if (c == '"') {
      size_t n = match_length<grammar::string_literal>(rest);
      if (n == 0) break;
      push(TokenKind::String, pos + n);
    } else if (c == '`') {
      size_t n = match_length<grammar::query_literal>(rest);
      if (n == 0) break;
      push(TokenKind::Query, pos + n);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t n = match_length<grammar::int_token>(rest);
      if (n == 0) break;
      push(TokenKind::Int, pos + n);
    } else if (is_ident_start(c)) {
      // The grammar allows no space inside `a.b.c` or `NAME*`, so they are one token.
      size_t end = identifier_end(text, pos);
      while (end + 1 < text.size() && text[end] == '.' && is_ident_start(text[end + 1]))
        end = identifier_end(text, end + 1);
      if (end < text.size() && text[end] == '*') ++end;
      push(TokenKind::Word, end);
    } else if ((c == '$' || c == '#') && pos + 1 < text.size() && is_ident_start(text[pos + 1])) {
      size_t end = identifier_end(text, pos + 1);
      if (c == '$' && end < text.size() && text[end] == '*') ++end;
      push(c == '$' ? TokenKind::PatternRef : TokenKind::PatternCount, end);
    } else if (rest.size() >= 2 && (c == '=' || c == '!' || c == '<' || c == '>') && rest[1] == '=') {
      push(TokenKind::Punct, pos + 2);
    } else if (std::string_view("=:,{}[]()<>+-").find(c) != std::string_view::npos) {
      push(TokenKind::Punct, pos + 1);
    } else {
      break;
    }
  }
  if (pos < text.size()) {
    out.error = "unexpected text at byte " + std::to_string(pos);
    return out;
  }
  out.newlines_at_end = newlines;
  return out;
}

}  // namespace canary::dsl
