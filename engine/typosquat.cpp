#include "typosquat.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>

#include "artifact_facts.hpp"

namespace canary {

// Generated at configure time from data/*.txt (engine/CMakeLists.txt).
extern const char* const kTopPypiPackagesText;
extern const char* const kTyposquatAllowText;

namespace {

// Only names at least this long are compared by edit distance: short names
// sit one edit from many unrelated projects (six/sic, idna/idea).
constexpr size_t kMinLengthEdit1 = 5;
constexpr size_t kMinLengthEdit2 = 9;
constexpr size_t kMinCoreLength = 4;  // "py" + a core shorter than this is a different word

std::string collapse(std::string_view normalized) {
  std::string out;
  for (char c : normalized)
    if (c != '-') out += c;
  return out;
}

// Characters and pairs that look alike in common fonts, mapped to one form.
std::string skeleton(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == 'r' && i + 1 < s.size() && s[i + 1] == 'n') { out += 'm'; ++i; continue; }
    if (c == 'v' && i + 1 < s.size() && s[i + 1] == 'v') { out += 'w'; ++i; continue; }
    if (c == 'c' && i + 1 < s.size() && s[i + 1] == 'l') { out += 'd'; ++i; continue; }
    if (c == '0') c = 'o';
    else if (c == '1' || c == 'i' || c == 'l') c = 'l';
    else if (c == '5') c = 's';
    out += c;
  }
  return out;
}

// The name without python/py affixes: python-dateutil -> dateutil,
// pyyaml -> yaml, requests-py -> requests. Empty when there is none.
std::string core(std::string_view n) {
  static constexpr std::array<std::string_view, 3> kPrefixes{"python-", "py-", "py"};
  static constexpr std::array<std::string_view, 4> kSuffixes{"-python", "-py", "py", "-python3"};
  for (std::string_view p : kPrefixes)
    if (n.size() > p.size() + kMinCoreLength - 1 && n.substr(0, p.size()) == p) return collapse(n.substr(p.size()));
  for (std::string_view s : kSuffixes)
    if (n.size() > s.size() + kMinCoreLength - 1 && n.substr(n.size() - s.size()) == s)
      return collapse(n.substr(0, n.size() - s.size()));
  return {};
}

void keep_best(std::unordered_map<std::string, uint32_t>& map, const std::string& key, uint32_t rank) {
  if (key.empty()) return;
  auto [it, inserted] = map.emplace(key, rank);
  if (!inserted && rank < it->second) it->second = rank;
}

bool is_single_swap(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

std::vector<std::string> parse_name_list(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

int bounded_damerau_levenshtein(std::string_view a, std::string_view b, int max) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;  // every later row is at least this
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

TyposquatIndex::TyposquatIndex(const std::vector<std::string>& popular,
                               const std::vector<std::pair<std::string, std::string>>& allowed) {
  for (const std::string& raw : popular) {
    std::string n = normalize_project_name(raw);
    if (n.empty() || rank_.count(n)) continue;
    uint32_t rank = static_cast<uint32_t>(names_.size() + 1);
    names_.push_back(n);
    rank_[n] = rank;
    keep_best(collapsed_, collapse(n), rank);
    keep_best(skeleton_, skeleton(collapse(n)), rank);
    keep_best(core_, core(n), rank);
    if (by_length_.size() <= n.size()) by_length_.resize(n.size() + 1);
    by_length_[n.size()].push_back(rank);
  }
  for (const auto& [name, target] : allowed)
    allowed_.insert(normalize_project_name(name) + "\t" + normalize_project_name(target));
}

const TyposquatIndex& TyposquatIndex::builtin() {
  static const TyposquatIndex index = [] {
    std::vector<std::pair<std::string, std::string>> allowed;
    for (const std::string& line : parse_name_list(kTyposquatAllowText)) {
      size_t space = line.find_first_of(" \t");
      if (space == std::string::npos) continue;
      size_t target = line.find_first_not_of(" \t", space);
      allowed.emplace_back(line.substr(0, space), line.substr(target, line.find_first_of(" \t", target) - target));
    }
    return TyposquatIndex(parse_name_list(kTopPypiPackagesText), allowed);
  }();
  return index;
}

std::optional<TyposquatMatch> TyposquatIndex::check(std::string_view name) const {
  const std::string n = normalize_project_name(name);
  if (n.empty() || rank_.count(n)) return std::nullopt;
  std::optional<TyposquatMatch> best;
  auto offer = [&](uint32_t rank, const char* kind, int distance) {
    const std::string& target = names_[rank - 1];
    if (target == n || allowed_.count(n + "\t" + target)) return;
    if (!best || distance < best->distance || (distance == best->distance && rank < best->rank))
      best = TyposquatMatch{target, kind, distance, rank};
  };
  const std::string flat = collapse(n);
  if (auto it = collapsed_.find(flat); it != collapsed_.end()) offer(it->second, "separator", 0);
  if (best) return best;
  if (auto it = skeleton_.find(skeleton(flat)); it != skeleton_.end()) offer(it->second, "homoglyph", 0);
  if (best) return best;
  // An affix added to a popular name (requests-python), or dropped from one (dateutil).
  if (std::string c = core(n); !c.empty()) {
    if (auto it = collapsed_.find(c); it != collapsed_.end()) offer(it->second, "affix", 0);
    if (auto it = core_.find(c); it != core_.end()) offer(it->second, "affix", 0);
  }
  if (flat.size() >= kMinCoreLength)
    if (auto it = core_.find(flat); it != core_.end()) offer(it->second, "affix", 0);
  if (best) return best;
  // One or two edits, compared only with names of a length that can be that close.
  const int max = n.size() >= kMinLengthEdit2 ? 2 : n.size() >= kMinLengthEdit1 ? 1 : 0;
  for (int len = static_cast<int>(n.size()) - max; max > 0 && len <= static_cast<int>(n.size()) + max; ++len) {
    if (len < 0 || static_cast<size_t>(len) >= by_length_.size()) continue;
    for (uint32_t rank : by_length_[len]) {
      const std::string& target = names_[rank - 1];
      int allowed = target.size() >= kMinLengthEdit2 ? max : std::min(max, 1);
      if (target.size() < kMinLengthEdit1) continue;
      int d = bounded_damerau_levenshtein(n, target, allowed);
      if (d > allowed) continue;
      offer(rank, is_single_swap(n, target) ? "swap" : "edit", d);
    }
  }
  return best;
}

}  // namespace canary
