// `canary test`: run rule fixtures and corpus expectations (docs/testing.md).
#pragma once
#include <string>
#include <vector>

#include "terminal.hpp"

namespace canary::cli {

struct TestArgs {
  // Rule files, rule directories (a pack, or a stdlib directory) and corpus
  // directories holding *.expect.toml. Empty: the default pack, the default
  // stdlib and corpus/replicas, whichever are found.
  std::vector<std::string> paths;
  std::vector<std::string> rule_paths;   // --rules: the packs corpus cases are scanned with
  std::vector<std::string> stdlib_dirs;  // --stdlib
  bool json = false;
  ColorMode color = ColorMode::Auto;
};

int run_test(const TestArgs& args);

}  // namespace canary::cli
