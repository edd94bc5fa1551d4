#include "glob.hpp"

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

bool match_from(std::string_view pat, size_t p, std::string_view s, size_t i, int depth) {
  if (depth > 64) return false;  // pathological patterns: bounded recursion
  while (p < pat.size()) {
    char c = pat[p];
    if (c == '*') {
      bool globstar = p + 1 < pat.size() && pat[p + 1] == '*';
      if (globstar) {
        size_t q = p + 2;
        // "**/" also matches zero directories.
        if (q < pat.size() && pat[q] == '/') {
          if (match_from(pat, q + 1, s, i, depth + 1)) return true;
        }
        for (size_t k = i; k <= s.size(); ++k)
          if (match_from(pat, q, s, k, depth + 1)) return true;
        return false;
      }
      for (size_t k = i; k <= s.size(); ++k) {
        if (match_from(pat, p + 1, s, k, depth + 1)) return true;
        if (k < s.size() && s[k] == '/') break;
      }
      return false;
    }
    if (i >= s.size()) return false;
    if (c == '?') {
      if (s[i] == '/') return false;
      ++p, ++i;
    } else if (c == '[') {
      ++p;
      if (s[i] == '/' || !match_class(pat, p, s[i])) return false;
      ++i;
    } else {
      if (c == '\\' && p + 1 < pat.size()) c = pat[++p];
      if (c != s[i]) return false;
      ++p, ++i;
    }
  }
  return i == s.size();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view s) { return match_from(pattern, 0, s, 0, 0); }

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
  return true;
}

bool Glob::matches(std::string_view path) const {
  if (name_only_) {
    size_t slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return glob_match(body_, name);
  }
  return glob_match(body_, path);
}

}  // namespace canary
