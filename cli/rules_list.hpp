// `canary rules list`: one row per rule of a pack, for people and for tools.
// Also holds the pack loading shared with `rules explain`.
#pragma once
#include <string>
#include <vector>

#include "pack_set.hpp"

namespace canary::cli {

struct RulesListArgs {
  std::vector<std::string> rule_paths;   // --rules; empty = the default pack
  std::vector<std::string> stdlib_dirs;  // --stdlib
  bool json = false;                     // --format json
  bool all = false;                      // --all: private rules too
};

int run_rules_list(const RulesListArgs& args);

// Loads the packs the way `scan` finds them (default pack when rule_paths is
// empty). On a bad path or rule errors, prints to stderr (prefixed with
// `command`) and returns false; the caller exits 2. On success every pack is set.
bool load_pack_for_tooling(const char* command, const std::vector<std::string>& rule_paths,
                           const std::vector<std::string>& stdlib_dirs, LoadedPackSet& out);

}  // namespace canary::cli
