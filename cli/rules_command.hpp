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
  ColorMode color = ColorMode::Auto;
};

int run_rules_check(const RulesCheckArgs& args);

}  // namespace canary::cli
