#include "pep440.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace canary::registry {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool read_number(const std::string& s, size_t& i, long& out) {
  size_t start = i;
  out = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 15) out = out * 10 + (s[i++] - '0');
  return i > start;
}

void skip_separator(const std::string& s, size_t& i) {
  if (i < s.size() && (s[i] == '.' || s[i] == '-' || s[i] == '_')) ++i;
}

bool consume(const std::string& s, size_t& i, const std::string& word) {
  if (s.compare(i, word.size(), word) != 0) return false;
  i += word.size();
  return true;
}

}  // namespace

Pep440Version parse_pep440(const std::string& text) {
  Pep440Version v;
  std::string s = lower(text);
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  if (!s.empty() && s[0] == 'v') s.erase(0, 1);
  if (size_t plus = s.find('+'); plus != std::string::npos) s.erase(plus);  // local versions sort with their public part
  size_t i = 0;
  long n = 0;
  if (!read_number(s, i, n)) return v;
  if (i < s.size() && s[i] == '!') {
    v.epoch = n;
    ++i;
    if (!read_number(s, i, n)) return v;
  }
  v.release.push_back(n);
  while (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
    read_number(s, i, n);
    v.release.push_back(n);
  }
  // Pre-release: a, alpha, b, beta, c, rc, pre, preview.
  {
    size_t j = i;
    skip_separator(s, j);
    int kind = -1;
    for (auto [word, k] : {std::pair{"alpha", 0}, {"beta", 1}, {"preview", 2}, {"pre", 2}, {"rc", 2}, {"a", 0}, {"b", 1}, {"c", 2}})
      if (kind < 0 && consume(s, j, word)) kind = k;
    if (kind >= 0) {
      v.pre_kind = kind;
      skip_separator(s, j);
      if (!read_number(s, j, v.pre)) v.pre = 0;
      i = j;
    }
  }
  {
    size_t j = i;
    skip_separator(s, j);
    if (consume(s, j, "post") || consume(s, j, "rev") || consume(s, j, "r")) {
      skip_separator(s, j);
      if (!read_number(s, j, v.post)) v.post = 0;
      i = j;
    } else if (i < s.size() && s[i] == '-' && read_number(s, j = i + 1, v.post)) {
      i = j;  // "1.0-1" is 1.0.post1
    }
  }
  {
    size_t j = i;
    skip_separator(s, j);
    if (consume(s, j, "dev")) {
      skip_separator(s, j);
      if (!read_number(s, j, v.dev)) v.dev = 0;
      i = j;
    }
  }
  v.valid = i == s.size();
  return v;
}

int compare_versions(const std::string& a, const std::string& b) {
  Pep440Version x = parse_pep440(a), y = parse_pep440(b);
  if (x.valid != y.valid) return x.valid ? 1 : -1;
  if (!x.valid) return a.compare(b);
  if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
  size_t n = std::max(x.release.size(), y.release.size());
  for (size_t k = 0; k < n; ++k) {
    long p = k < x.release.size() ? x.release[k] : 0, q = k < y.release.size() ? y.release[k] : 0;
    if (p != q) return p < q ? -1 : 1;
  }
  // A dev release of a final version (1.0.dev1) sorts before its pre-releases.
  auto pre_key = [](const Pep440Version& v) {
    if (v.pre_kind == 3 && v.post < 0 && v.dev >= 0) return std::pair<int, long>{-1, 0};
    return std::pair<int, long>{v.pre_kind, v.pre};
  };
  if (pre_key(x) != pre_key(y)) return pre_key(x) < pre_key(y) ? -1 : 1;
  if (x.post != y.post) return x.post < y.post ? -1 : 1;
  // No dev part sorts after any dev part.
  long dx = x.dev < 0 ? (1L << 62) : x.dev, dy = y.dev < 0 ? (1L << 62) : y.dev;
  if (dx != dy) return dx < dy ? -1 : 1;
  return 0;
}

void sort_versions(std::vector<std::string>& versions) {
  std::stable_sort(versions.begin(), versions.end(),
                   [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
}

DistName parse_dist_filename(const std::string& filename) {
  DistName d;
  auto ends = [&](const std::string& suffix) {
    return filename.size() > suffix.size() && filename.compare(filename.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".whl")) {
    // NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl; NAME has no "-" (it is escaped to "_").
    std::string stem = filename.substr(0, filename.size() - 4);
    size_t first = stem.find('-');
    if (first == std::string::npos) return d;
    size_t second = stem.find('-', first + 1);
    if (second == std::string::npos) return d;
    d.project = stem.substr(0, first);
    d.version = stem.substr(first + 1, second - first - 1);
    d.wheel = true;
    return d;
  }
  for (const char* ext : {".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"}) {
    if (!ends(ext)) continue;
    std::string stem = filename.substr(0, filename.size() - std::string(ext).size());
    size_t dash = stem.rfind('-');
    if (dash == std::string::npos) return d;
    d.project = stem.substr(0, dash);
    d.version = stem.substr(dash + 1);
    d.sdist = true;
    return d;
  }
  return d;
}

std::string normalize_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace canary::registry
