// Longest common subsequence over lines, after trimming the common head and
// tail. Rule files are small; for very large middles the table would be too
// big, and the whole middle is shown as replaced instead (still a correct diff).
#include "unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace canary::cli {

namespace {

constexpr size_t kContext = 3;
constexpr size_t kMaxTableCells = size_t{1} << 24;

struct Line {
  std::string_view text;  // without the line break
  bool newline = true;    // followed by a line break
  bool operator==(const Line& o) const { return text == o.text && newline == o.newline; }
};

std::vector<Line> split(std::string_view s) {
  std::vector<Line> lines;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    if (nl == std::string_view::npos) {
      lines.push_back({s, false});
      break;
    }
    lines.push_back({s.substr(0, nl), true});
    s.remove_prefix(nl + 1);
  }
  return lines;
}

enum class Op { Equal, Delete, Insert };

struct Edit {
  Op op;
  size_t a = 0, b = 0;  // line index in before / after
};

std::vector<Edit> edit_script(const std::vector<Line>& a, const std::vector<Line>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;

  std::vector<Edit> edits;
  for (size_t i = 0; i < head; ++i) edits.push_back({Op::Equal, i, i});
  if ((n + 1) * (m + 1) <= kMaxTableCells) {
    // lcs[i][j]: LCS length of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        edits.push_back({Op::Equal, head + i++, head + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({Op::Delete, head + i++, head + j});  // deletions first, as diff(1) prints them
      } else {
        edits.push_back({Op::Insert, head + i, head + j++});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) edits.push_back({Op::Delete, head + i, head});
    for (size_t j = 0; j < m; ++j) edits.push_back({Op::Insert, head + n, head + j});
  }
  for (size_t k = 0; k < tail; ++k) edits.push_back({Op::Equal, head + n + k, head + m + k});
  return edits;
}

// "start,count" of a hunk side; an empty side names the line before it.
std::string range(size_t first, size_t count) {
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

void append_line(std::string& out, char mark, const Line& line) {
  out += mark;
  out += line.text;
  out += '\n';
  if (!line.newline) out += "\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view old_name,
                         std::string_view new_name) {
  if (before == after) return {};
  const std::vector<Line> a = split(before), b = split(after);
  const std::vector<Edit> edits = edit_script(a, b);

  std::string out = "--- " + std::string(old_name) + "\n+++ " + std::string(new_name) + "\n";
  size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == Op::Equal) ++k;
    if (k == edits.size()) break;
    // A hunk: from kContext lines before this change to kContext lines after
    // the last change that is at most 2*kContext equal lines from the next.
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    for (;;) {
      while (end < edits.size() && edits[end].op != Op::Equal) ++end;
      size_t equal = end;
      while (equal < edits.size() && edits[equal].op == Op::Equal) ++equal;
      if (equal < edits.size() && equal - end <= 2 * kContext) {
        end = equal;
        continue;
      }
      end = std::min(end + kContext, equal);
      break;
    }
    size_t old_count = 0, new_count = 0;
    for (size_t i = start; i < end; ++i) {
      if (edits[i].op != Op::Insert) ++old_count;
      if (edits[i].op != Op::Delete) ++new_count;
    }
    out += "@@ -" + range(edits[start].a, old_count) + " +" + range(edits[start].b, new_count) + " @@\n";
    for (size_t i = start; i < end; ++i) {
      const Edit& e = edits[i];
      if (e.op == Op::Equal) append_line(out, ' ', a[e.a]);
      else if (e.op == Op::Delete) append_line(out, '-', a[e.a]);
      else append_line(out, '+', b[e.b]);
    }
    k = end;
  }
  return out;
}

}  // namespace canary::cli
