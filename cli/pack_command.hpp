// `canary pack build DIR -o FILE` and `canary pack digest PATH`: bundling a
// pack directory into one deterministic file, and the sha256 to pin it by.
#pragma once
#include <string>
#include <vector>

namespace canary::cli {

struct PackArgs {
  std::string path;                      // build: the pack directory; digest: a pack directory or bundle
  std::string output;                    // build: -o FILE
  std::vector<std::string> stdlib_dirs;  // --stdlib: where the pack's imports are found
};

int run_pack_build(const PackArgs& args);
int run_pack_digest(const PackArgs& args);

}  // namespace canary::cli
