// `canary rules check`: parse and check rule files, print every problem.
#pragma once
#include <string>
#include <vector>

#include "terminal.hpp"

namespace canary::cli {

struct RulesCheckArgs {
  std::vector<std::string> paths;        // files or directories
  std::vector<std::string> stdlib_dirs;  // --stdlib
  bool json = false;                     // --format json
  // --strict: warnings fail too, and so does every rule, private rule and
  // pattern set that no fixture annotation names (docs/testing.md).
  bool strict = false;
  ColorMode color = ColorMode::Auto;
};

int run_rules_check(const RulesCheckArgs& args);

}  // namespace canary::cli
