// The version printed by --version and in JSON output; CMake passes the
// project version (cli/CMakeLists.txt).
#pragma once
#include <string_view>

#ifndef CANARY_VERSION
#error "CANARY_VERSION must be defined by the build (cli/CMakeLists.txt)"
#endif

namespace canary::cli {
inline constexpr std::string_view kCanaryVersion = CANARY_VERSION;
}
