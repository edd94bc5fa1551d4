#include "rule_names.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace canary {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The name after the last ':' or '.', i.e. without pack and import namespace.
std::string bare_name(const std::string& id) {
  size_t sep = id.find_last_of(":.");
  return sep == std::string::npos ? id : id.substr(sep + 1);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool one_prefixes_other(const std::string& a, const std::string& b) {
  // Very short names would "prefix" half the pack.
  if (std::min(a.size(), b.size()) < 3) return false;
  return a.compare(0, b.size(), b) == 0 || b.compare(0, a.size(), a) == 0;
}

}  // namespace

std::vector<std::string> close_rule_ids(const std::string& wanted, const std::vector<std::string>& ids) {
  const std::string w = lower(wanted), w_bare = lower(bare_name(wanted));
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& id : ids) {
    const std::string l = lower(id), l_bare = lower(bare_name(id));
    size_t d = std::min(edit_distance(w, l), edit_distance(w_bare, l_bare));
    if (d <= 2 || one_prefixes_other(w, l) || one_prefixes_other(w_bare, l_bare)) scored.emplace_back(d, id);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, id] : scored) {
    if (out.size() == 10) break;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace canary
