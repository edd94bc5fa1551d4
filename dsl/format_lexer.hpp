// The tokens of a rule file as the formatter sees them: every token the
// grammar knows, plus comments, each with the number of line breaks in the
// whitespace before it. Literal tokens (strings, regexes, queries, block
// comments) are matched with the grammar's own rules, so the formatter and
// the parser always agree on where a token ends; their text is never changed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary::dsl {

enum class TokenKind {
  Word,          // identifier or keyword, dotted (`python.network_calls`), maybe with `*` (`NAME*`)
  PatternRef,    // `$name`, `$name*`
  PatternCount,  // `#name`
  String,        // "..." with its quotes
  Regex,         // /.../flags
  Query,         // `...` with its backticks (may span lines)
  Int,           // 10, 0x1F, 64KB
  Punct,         // = : , { } [ ] ( ) == != < <= > >= + -
  LineComment,   // `// ...` without its line break and trailing whitespace
  BlockComment,  // `/* ... */` (may span lines)
};

struct Token {
  TokenKind kind = TokenKind::Punct;
  std::string_view text;         // points into the lexed text
  uint32_t newlines_before = 0;  // line breaks between the previous token and this one
  bool is_comment() const { return kind == TokenKind::LineComment || kind == TokenKind::BlockComment; }
  bool is(std::string_view s) const { return (kind == TokenKind::Word || kind == TokenKind::Punct) && text == s; }
};

struct LexedText {
  std::vector<Token> tokens;
  uint32_t newlines_at_end = 0;  // line breaks after the last token
  bool bom = false;              // the text starts with a UTF-8 byte order mark
  bool crlf = false;             // its first line break is CRLF
  std::string error;             // non-empty: text the lexer could not split (never for text that parses)
};

// Splits `text`, which must stay alive as long as the result.
LexedText lex_rule_text(std::string_view text);

}  // namespace canary::dsl
