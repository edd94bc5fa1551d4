#include "glob.hpp"

#include <algorithm>
#include <vector>

namespace canary {
namespace {

// Matches a [...] class at p (p points after '['); advances p past ']'.
bool match_class(std::string_view pat, size_t& p, char c) {
  bool negate = p < pat.size() && (pat[p] == '!' || pat[p] == '^');
  if (negate) ++p;
  bool hit = false;
  bool first = true;
  while (p < pat.size() && (first || pat[p] != ']')) {
    first = false;
    char lo = pat[p];
    if (p + 2 < pat.size() && pat[p + 1] == '-' && pat[p + 2] != ']') {
      if (c >= lo && c <= pat[p + 2]) hit = true;
      p += 3;
    } else {
      if (c == lo) hit = true;
      ++p;
    }
  }
  ++p;  // ']'
  return hit != negate;
}

// Bottom-up dynamic programme over (pattern position, path position): no
// recursion and O(|pattern| * |path|) whatever the input, so neither a hostile
// path nor a pathological glob can stall a scan, and no path is too long to match.
bool match_dp(std::string_view pat, std::string_view s) {
  const size_t n = s.size() + 1;
  // Every row is kept: `**`, `[...]` and `\\x` jump ahead by more than one
  // position. One allocation for the table: this runs for every rule scope
  // and path pattern on every file.
  std::vector<char> table((pat.size() + 1) * n, 0);
  auto dp = [&](size_t p) { return table.data() + p * n; };
  dp(pat.size())[s.size()] = 1;
  for (size_t p = pat.size(); p-- > 0;) {
    char c = pat[p];
    for (size_t i = s.size() + 1; i-- > 0;) {
      bool m = false;
      if (c == '*') {
        if (p + 1 < pat.size() && pat[p + 1] == '*') {
          size_t q = p + 2;
          // "**/" also matches zero directories, where a segment starts: not
          // inside a name, or `**/tests/**` would hold for "pkg/contests/x.py".
          m = (q < pat.size() && pat[q] == '/' && (i == 0 || s[i - 1] == '/') && dp(q + 1)[i]) || dp(q)[i] ||
              (i < s.size() && dp(p)[i + 1]);
        } else {
          m = dp(p + 1)[i] || (i < s.size() && s[i] != '/' && dp(p)[i + 1]);
        }
      } else if (i < s.size()) {
        if (c == '?') {
          m = s[i] != '/' && dp(p + 1)[i + 1];
        } else if (c == '[') {
          size_t q = p + 1;
          m = s[i] != '/' && match_class(pat, q, s[i]) && dp(q)[i + 1];
        } else if (c == '\\' && p + 1 < pat.size()) {
          m = pat[p + 1] == s[i] && dp(p + 2)[i + 1];
        } else {
          m = c == s[i] && dp(p + 1)[i + 1];
        }
      }
      dp(p)[i] = m;
    }
  }
  return dp(0)[0];
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view s) {
  return match_dp(pattern, s);
}

bool Glob::compile(std::string_view text, Glob& out, std::string& error) {
  if (text.empty()) {
    error = "empty glob";
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') {
      size_t j = i + 1;
      if (j < text.size() && (text[j] == '!' || text[j] == '^')) ++j;
      if (j < text.size() && text[j] == ']') ++j;
      while (j < text.size() && text[j] != ']') ++j;
      if (j >= text.size()) {
        error = "unclosed '[' in glob";
        return false;
      }
      i = j;
    }
  }
  out.text_ = std::string(text);
  std::string_view body = text;
  if (body.front() == '/') body.remove_prefix(1);
  out.name_only_ = text.find('/') == std::string_view::npos;
  out.body_ = std::string(body);
  // The literal text before the first and after the last wildcard, which
  // every match starts and ends with. Stopping at any of * ? [ ] \ is
  // conservative (an escape or a class only shortens them); a '/' right
  // after `**` is not required ("**/x" matches "x").
  const std::string_view b = out.body_;
  auto special = [](char c) { return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\'; };
  size_t head = 0;
  while (head < b.size() && !special(b[head])) ++head;
  out.literal_ = head == b.size();
  size_t tail = b.size();
  while (tail > head && !special(b[tail - 1])) --tail;
  if (tail >= 2 && tail < b.size() && b[tail] == '/' && b[tail - 1] == '*' && b[tail - 2] == '*') ++tail;
  // `**/tests/**`, the usual exclusion of a directory anywhere: `**/`
  // matches nothing or anything ending in '/', `/**` anything after the
  // slash, so the glob holds exactly for paths that start with "tests/" or
  // contain "/tests/".
  if (b.size() > 6 && b.substr(0, 3) == "**/" && b.substr(b.size() - 3) == "/**") {
    const std::string_view lit = b.substr(3, b.size() - 6);
    if (std::none_of(lit.begin(), lit.end(), [&](char c) { return special(c) || c == '/'; }))
      out.inner_ = "/" + std::string(lit) + "/";
  }
  out.prefix_ = std::string(b.substr(0, head));
  out.suffix_ = out.literal_ ? std::string() : std::string(b.substr(tail));
  return true;
}

bool Glob::matches(std::string_view path) const {
  std::string_view s = path;
  if (name_only_) {
    size_t slash = path.rfind('/');
    s = slash == std::string_view::npos ? path : path.substr(slash + 1);
  }
  // Most (glob, path) pairs of a scan differ in their literal ends: decided
  // without the table.
  if (literal_) return s == body_;
  if (!inner_.empty())
    return s.find(inner_) != std::string_view::npos ||
           s.substr(0, inner_.size() - 1) == std::string_view(inner_).substr(1);
  if (s.size() < prefix_.size() + suffix_.size() || s.substr(0, prefix_.size()) != prefix_ ||
      s.substr(s.size() - suffix_.size()) != suffix_)
    return false;
  return glob_match(body_, s);
}

}  // namespace canary
