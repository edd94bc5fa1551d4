#include "entry_points.hpp"

namespace canary {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

bool fail(EntryPointsError& error, uint32_t line, std::string message) {
  error.line = line;
  error.message = std::move(message);
  return false;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool parse_entry_points(std::string_view text, std::vector<EntryPoint>& out, EntryPointsError& error) {
  std::string group;
  bool in_group = false;
  uint32_t line_no = 0;
  // A UTF-8 byte order mark is what some writers put first; it is not a key.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty() || line_no == 0) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (raw.find('\0') != std::string_view::npos) return fail(error, line_no, "NUL byte in line");
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      if (text.empty()) break;
      continue;
    }
    if (is_blank(raw.front()))
      return fail(error, line_no, "indented line: continuation lines are not allowed in entry points");
    if (line.front() == '[') {
      if (line.back() != ']') return fail(error, line_no, "section header without closing ']'");
      std::string_view name = trim(line.substr(1, line.size() - 2));
      if (name.empty()) return fail(error, line_no, "empty section name");
      group = std::string(name);
      in_group = true;
    } else {
      size_t sep = line.find_first_of("=:");
      if (sep == std::string_view::npos) return fail(error, line_no, "expected 'name = value' or '[group]'");
      if (!in_group) return fail(error, line_no, "entry point before any [group] section");
      std::string_view name = trim(line.substr(0, sep));
      std::string_view value = trim(line.substr(sep + 1));
      if (name.empty()) return fail(error, line_no, "entry point without a name");
      if (value.empty()) return fail(error, line_no, "entry point '" + std::string(name) + "' without a value");
      out.push_back({group, std::string(name), std::string(value), line_no});
    }
    if (text.empty()) break;
  }
  return true;
}

bool is_entry_points_path(std::string_view path) {
  constexpr std::string_view kFile = "/entry_points.txt";
  if (!ends_with(path, kFile)) return false;
  std::string_view dir = path.substr(0, path.size() - kFile.size());
  size_t slash = dir.rfind('/');
  std::string_view last = slash == std::string_view::npos ? dir : dir.substr(slash + 1);
  return ends_with(last, ".dist-info") || ends_with(last, ".egg-info");
}

}  // namespace canary
