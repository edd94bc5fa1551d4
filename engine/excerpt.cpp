#include "excerpt.hpp"

#include <algorithm>
#include <cstdio>

namespace canary {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t utf8_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  if (n == 2 && c < 0xc2) return 0;  // overlong
  return n;
}

}  // namespace

std::string escape_for_display(std::string_view s, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < s.size() && out.size() < max_bytes;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = utf8_len(s, i);
    if (n == 1 && (c < 0x20 || c == 0x7f) ) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += c == '\t' ? std::string(" ") : std::string(buf);
      ++i;
    } else if (n == 0) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
    } else if (n == 3 && c == 0xe2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               ((static_cast<unsigned char>(s[i + 2]) >= 0xaa && static_cast<unsigned char>(s[i + 2]) <= 0xae))) {
      // Bidi embedding/override controls (U+202A..U+202E) reorder what a reader sees.
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04x", 0x2000 + (static_cast<unsigned char>(s[i + 2]) - 0x80));
      out += buf;
      i += 3;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void line_col_at(std::string_view content, uint32_t offset, uint32_t& line, uint32_t& column) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(content.size()));
  line = 1 + static_cast<uint32_t>(std::count(content.begin(), content.begin() + offset, '\n'));
  size_t nl = content.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  size_t start = (offset == 0 || nl == std::string_view::npos) ? 0 : nl + 1;
  column = offset - static_cast<uint32_t>(start) + 1;
}

std::string excerpt_at(std::string_view content, uint32_t offset, size_t width) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(content.size()));
  size_t nl = offset == 0 ? std::string_view::npos : content.rfind('\n', offset - 1);
  size_t b = nl == std::string_view::npos ? 0 : nl + 1;
  size_t e = content.find('\n', offset);
  if (e == std::string_view::npos) e = content.size();
  std::string_view line = content.substr(b, e - b);
  size_t at = offset - b;
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    line.remove_prefix(1);
    at = at ? at - 1 : 0;
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() <= width) return escape_for_display(line);
  size_t start = at > width / 4 ? at - width / 4 : 0;
  start = std::min(start, line.size() - width);
  std::string out = start ? "…" : "";
  out += escape_for_display(line.substr(start, width));
  if (start + width < line.size()) out += "…";
  return out;
}

}  // namespace canary
