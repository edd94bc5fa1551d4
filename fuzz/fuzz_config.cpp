// libFuzzer: the config file (canary.toml / pyproject.toml [tool.canary],
// cli/config.cpp) including its [limits] table.
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  canary::cli::ConfigRequest request{file.path(), false, "/nonexistent"};
  canary::cli::ConfigFile config;
  std::vector<std::string> errors;
  canary::cli::load_config(request, config, errors);
  return 0;
}
