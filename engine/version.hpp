// The engine's version, for packs that declare `min-engine`: the same CMake
// project version as `canary --version` (cli/version.hpp).
#pragma once
#include <string_view>

namespace canary {

std::string_view engine_version();

}  // namespace canary
