// Where the default rule pack and the default stdlib live when the user does
// not say: an environment variable, then an installed layout next to the
// binary, then the source tree the binary was built from.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace canary::cli {

struct DefaultDir {
  std::filesystem::path path;                   // empty when nothing was found
  std::vector<std::filesystem::path> searched;  // every candidate, in order, for messages
  std::string error;                            // set when the environment variable names no directory
};

// Looks for the directory `name` ("rules" or "stdlib-rules") in this order:
//  1. $env_var, when set and non-empty. It must then be a directory: a pack
//     the user asked for by name is never silently swapped for another.
//  2. <exe dir>/../share/canary/<name>   (installed: bin/canary + share/)
//  3. <exe dir>/<name>                   (unpacked next to the binary)
//  4. CANARY_SOURCE_DIR/<name>           (run from the build tree)
DefaultDir find_default_dir(std::string_view name, const char* env_var);

// Directory of the running executable (from /proc/self/exe); empty if unknown.
std::filesystem::path executable_dir();

}  // namespace canary::cli
