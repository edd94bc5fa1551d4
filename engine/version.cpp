#include "version.hpp"

#ifndef CANARY_VERSION
#error "CANARY_VERSION must be defined by the build (engine/CMakeLists.txt)"
#endif

namespace canary {

std::string_view engine_version() { return CANARY_VERSION; }

}  // namespace canary
