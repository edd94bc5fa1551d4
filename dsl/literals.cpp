#include "literals.hpp"

namespace canary::dsl {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string unescape_string(std::string_view quoted) {
  if (quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"')
    quoted = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(quoted.size());
  for (size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (c != '\\' || i + 1 >= quoted.size()) {
      out += c;
      continue;
    }
    char e = quoted[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case 'x':
        if (i + 2 < quoted.size() && hex_value(quoted[i + 1]) >= 0 && hex_value(quoted[i + 2]) >= 0) {
          out += static_cast<char>(hex_value(quoted[i + 1]) * 16 + hex_value(quoted[i + 2]));
          i += 2;
        } else {
          out += "\\x";  // not produced by the grammar; keep the text rather than guess
        }
        break;
      default: out += e; break;  // \" and \\ (and anything else verbatim)
    }
  }
  return out;
}

std::optional<int64_t> integer_value(std::string_view text) {
  int64_t multiplier = 1;
  if (text.size() >= 2 && (text.substr(text.size() - 2) == "KB" || text.substr(text.size() - 2) == "MB")) {
    multiplier = text[text.size() - 2] == 'K' ? 1024 : 1024 * 1024;
    text.remove_suffix(2);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  constexpr int64_t max = INT64_MAX;
  int64_t value = 0;
  for (char c : text) {
    int d = hex_value(c);
    if (d < 0 || d >= base) return std::nullopt;
    if (value > (max - d) / base) return std::nullopt;
    value = value * base + d;
  }
  if (value > max / multiplier) return std::nullopt;
  return value * multiplier;
}

}  // namespace canary::dsl
