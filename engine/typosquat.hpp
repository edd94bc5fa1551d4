// Typosquatting: is a project name a near miss of a popular one? The popular
// names are data/top-pypi-packages.txt (compiled in; its header cites the
// source and date), the known-legitimate near pairs data/typosquat-allow.txt.
// docs/audit.md describes the method.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace canary {

struct TyposquatMatch {
  std::string target;  // the popular project the name imitates (normalised)
  // How: "separator" (only '-', '_', '.' differ: pythondateutil), "affix"
  // (a python-/py- prefix or -python/-py/py suffix added or dropped),
  // "homoglyph" (0/o, 1/l/i, rn/m, vv/w look-alikes), "swap" (two adjacent
  // letters exchanged), "edit" (one or two letters inserted, deleted or changed).
  std::string kind;
  int distance = 0;     // Damerau-Levenshtein (adjacent transpositions) distance
  uint32_t rank = 0;    // the target's place in the popularity list, from 1
};

class TyposquatIndex {
 public:
  // `popular`: names in popularity order (normalised here). `allowed`:
  // (name, target) pairs never reported.
  TyposquatIndex(const std::vector<std::string>& popular,
                 const std::vector<std::pair<std::string, std::string>>& allowed);

  // The index over the shipped data, built on first use.
  static const TyposquatIndex& builtin();

  // The best match for `name` (any spelling; it is normalised), or nullopt
  // when the name is itself popular, matches nothing, or the pair is allowed.
  std::optional<TyposquatMatch> check(std::string_view name) const;

  bool is_popular(std::string_view normalized_name) const { return rank_.count(std::string(normalized_name)) != 0; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;                       // by rank
  std::unordered_map<std::string, uint32_t> rank_;       // name -> rank (from 1)
  std::unordered_map<std::string, uint32_t> collapsed_;  // name without separators -> best rank
  std::unordered_map<std::string, uint32_t> skeleton_;   // homoglyph skeleton -> best rank
  std::unordered_map<std::string, uint32_t> core_;       // name without python/py affixes -> best rank
  std::vector<std::vector<uint32_t>> by_length_;         // length -> ranks of names that long
  std::unordered_set<std::string> allowed_;              // "name\ttarget"
};

// Optimal string alignment distance (Damerau-Levenshtein with adjacent
// transpositions), or max + 1 when it exceeds `max` (stops early).
int bounded_damerau_levenshtein(std::string_view a, std::string_view b, int max);

// Parses the data files' format: one name (or "name target") per line, '#'
// comments, blank lines ignored.
std::vector<std::string> parse_name_list(std::string_view text);

}  // namespace canary
