// What the bench/ diagnostics share: the pack they measure, compiled from
// rule files with the source tree's stdlib-rules, and a name for each query.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "engine/compiled_pack.hpp"
#include "engine/scanner.hpp"

namespace canary::bench {

// The rules under `rules`, with this source tree's stdlib (CANARY_SOURCE_DIR).
inline LoadedPack load_source_pack(const std::filesystem::path& rules) {
  PackSource src;
  src.rule_paths = {rules};
  src.stdlib_dirs = {std::filesystem::path(CANARY_SOURCE_DIR) / "stdlib-rules"};
  return load_pack(src);
}

// Per query, "RULE $pattern" of the first rule pattern that uses it.
inline std::vector<std::string> query_users(const CompiledPack& pack) {
  std::vector<std::string> user(pack.queries.size());
  for (const CompiledRule& r : pack.rules)
    for (const auto& p : r.patterns)
      for (int a : p.atoms)
        if (pack.atoms[a].kind == Atom::Kind::Query && user[pack.atoms[a].query].empty())
          user[pack.atoms[a].query] = r.id + " " + p.name;
  return user;
}

}  // namespace canary::bench
