#include "terminal.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace canary::cli {

bool parse_color_mode(std::string_view s, ColorMode& out) {
  if (s == "auto") out = ColorMode::Auto;
  else if (s == "always") out = ColorMode::Always;
  else if (s == "never") out = ColorMode::Never;
  else return false;
  return true;
}

bool color_enabled(ColorMode mode, int fd) {
  if (mode == ColorMode::Always) return true;
  if (mode == ColorMode::Never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fd) == 1;
}

std::string paint(std::string_view text, Style style, bool enabled) {
  if (!enabled || style == Style::Plain) return std::string(text);
  std::string_view start;
  switch (style) {
    case Style::Plain: break;
    case Style::Bold: start = "\x1b[1m"; break;
    case Style::Dim: start = "\x1b[2m"; break;
    case Style::Red: start = "\x1b[31m"; break;
    case Style::BoldRed: start = "\x1b[1;31m"; break;
    case Style::Green: start = "\x1b[32m"; break;
    case Style::Yellow: start = "\x1b[33m"; break;
    case Style::Cyan: start = "\x1b[36m"; break;
  }
  std::string out;
  out.reserve(text.size() + start.size() + 4);
  out.append(start).append(text).append("\x1b[0m");
  return out;
}

namespace {

void append_hex_byte(std::string& out, unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", b);
  out += buf;
}

// Length of the valid UTF-8 sequence starting at s[i] and its code point, or
// 0 when the bytes there are not valid UTF-8 (overlong forms, surrogates and
// values past U+10FFFF are invalid).
size_t utf8_sequence(std::string_view s, size_t i, char32_t& cp) {
  auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; min = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; min = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Code points that reorder or hide the text around them (the "Trojan Source"
// characters) or that terminals treat as controls.
bool is_hidden_or_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x200E || cp == 0x200F ||    // LRM, RLM
         cp == 0x061C;                      // Arabic letter mark
}

}  // namespace

std::string escape_for_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7F) append_hex_byte(out, b);
      else out += static_cast<char>(b);
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t len = utf8_sequence(s, i, cp);
    if (len == 0) {
      append_hex_byte(out, b);
      ++i;
    } else if (is_hidden_or_control(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
      out += buf;
      i += len;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace canary::cli
