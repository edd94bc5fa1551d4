// .pth analysis that follows CPython's site.addpackage() line for line:
//   for line in TextIOWrapper(file):          # universal newlines: \n, \r\n, \r
//       if line.startswith("#"): continue
//       if line.strip() == "": continue
//       if line.startswith(("import ", "import\t")): exec(line); continue
//       sys.path.append(makepath(sitedir, line.rstrip()))
#include "engine/pth.hpp"

namespace canary {
namespace {

// setuptools' distutils-precedence.pth, whitespace-collapsed. The 'local'
// default is setuptools >= 60; 49.x-59.x shipped the same line with 'stdlib'.
constexpr std::string_view kKnownShims[] = {
    "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and "
    "__import__('_distutils_hack').add_shim();",
    "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'stdlib') == 'local'; enabled and "
    "__import__('_distutils_hack').add_shim();",
};

constexpr std::string_view kBom = "\xef\xbb\xbf";

// Length of the Python whitespace character (str.isspace) at s[i], 0 if none.
size_t python_space_at(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)) return 1;
  auto tail = [&](size_t n) { return i + n <= s.size() ? s.substr(i, n) : std::string_view(); };
  if (tail(2) == "\xc2\x85" || tail(2) == "\xc2\xa0") return 2;
  std::string_view t = tail(3);
  if (t.size() == 3) {
    const auto b1 = static_cast<unsigned char>(t[1]), b2 = static_cast<unsigned char>(t[2]);
    if (t == "\xe1\x9a\x80" || t == "\xe3\x80\x80") return 3;                // U+1680, U+3000
    if (c == 0xe2 && b1 == 0x80 && (b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf)) return 3;  // U+2000-200A, 2028, 2029, 202F
    if (c == 0xe2 && b1 == 0x81 && b2 == 0x9f) return 3;                      // U+205F
  }
  return 0;
}

bool is_python_blank(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = python_space_at(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    if (size_t n = python_space_at(s, i)) {
      pending_space = !out.empty();
      i += n;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(s[i++]);
  }
  return out;
}

PthLineKind classify_line(std::string_view line) {
  if (!line.empty() && line[0] == '#') return PthLineKind::Comment;
  if (is_python_blank(line)) return PthLineKind::Blank;
  if (line.substr(0, 7) == "import " || line.substr(0, 7) == "import\t") return PthLineKind::Exec;
  return PthLineKind::Path;
}

}  // namespace

PthAnalysis analyze_pth(std::string_view content) {
  PthAnalysis out;
  out.python_view.assign(content.size(), ' ');
  // A UTF-8 BOM is dropped by Python >= 3.13 before the checks above (older
  // versions keep it and never exec that line); the stricter reading wins.
  size_t pos = content.substr(0, 3) == kBom ? 3 : 0;
  std::string_view exec_line;
  while (pos < content.size()) {
    size_t end = content.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = content.size();
    size_t next = end;
    // Text mode folds "\r\n" and a lone "\r" into "\n".
    if (next < content.size()) next += (content[next] == '\r' && next + 1 < content.size() && content[next + 1] == '\n') ? 2 : 1;
    const std::string_view line = content.substr(pos, end - pos);
    const PthLineKind kind = classify_line(line);
    out.lines.push_back(kind);
    switch (kind) {
      case PthLineKind::Blank: ++out.comment_lines; break;
      case PthLineKind::Comment: ++out.comment_lines; break;
      case PthLineKind::Path: ++out.path_lines; break;
      case PthLineKind::Exec:
        ++out.exec_lines;
        exec_line = line;
        break;
    }
    if (kind == PthLineKind::Exec) out.python_view.replace(pos, next - pos, content.substr(pos, next - pos));
    // Every terminator shows as a line break in the view; a lone '\r' becomes
    // '\n' so a parser of the view sees the same lines Python did.
    for (size_t i = end; i < next; ++i)
      if (content[i] == '\n' || i + 1 == next) out.python_view[i] = '\n';
    pos = next;
  }
  // Blank and comment lines are skipped by site.py, so only the one executable
  // line decides (a rule-test fixture annotates the shim with a comment line).
  if (out.exec_lines == 1 && out.path_lines == 0) {
    const std::string collapsed = collapse_whitespace(exec_line);
    for (std::string_view shim : kKnownShims)
      if (collapsed == shim) out.known_shim = true;
  }
  return out;
}

}  // namespace canary
