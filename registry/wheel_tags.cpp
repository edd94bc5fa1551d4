#include "wheel_tags.hpp"

#include <algorithm>
#include <cctype>

namespace canary::registry {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool python3_tag(const std::string& t) {
  if (t.rfind("py3", 0) != 0) return false;
  return std::all_of(t.begin() + 3, t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::vector<std::string> wheel_tags(const std::string& filename) {
  std::string name = lower(filename);
  if (name.size() < 5 || name.compare(name.size() - 4, 4, ".whl") != 0) return {};
  // NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl
  std::vector<std::string> parts = split(name.substr(0, name.size() - 4), '-');
  if (parts.size() != 5 && parts.size() != 6) return {};
  const size_t n = parts.size();
  std::vector<std::string> out;
  for (const std::string& py : split(parts[n - 3], '.'))
    for (const std::string& abi : split(parts[n - 2], '.'))
      for (const std::string& plat : split(parts[n - 1], '.'))
        if (!py.empty() && !abi.empty() && !plat.empty()) out.push_back(py + "-" + abi + "-" + plat);
  return out;
}

bool is_pure_python3_wheel(const std::string& filename) {
  for (const std::string& tag : wheel_tags(filename)) {
    std::vector<std::string> p = split(tag, '-');
    if (p[1] == "none" && p[2] == "any" && python3_tag(p[0])) return true;
  }
  return false;
}

std::optional<size_t> wheel_rank(const std::string& filename, const std::vector<std::string>& supported) {
  std::optional<size_t> best;
  for (const std::string& tag : wheel_tags(filename)) {
    auto it = std::find(supported.begin(), supported.end(), tag);
    if (it == supported.end()) continue;
    size_t rank = static_cast<size_t>(it - supported.begin());
    if (!best || rank < *best) best = rank;
  }
  return best;
}

}  // namespace canary::registry
