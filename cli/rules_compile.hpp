// `canary rules compile`: compile a pack now and store it in the cache of
// compiled packs, so later commands start without compiling.
#pragma once
#include <string>
#include <vector>

namespace canary::cli {

struct RulesCompileArgs {
  std::vector<std::string> rule_paths;   // --rules; empty: the default pack
  std::vector<std::string> stdlib_dirs;  // --stdlib
};

int run_rules_compile(const RulesCompileArgs& args);

}  // namespace canary::cli
