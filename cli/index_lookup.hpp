// Finding a release on an index page and the exit status of a failed index
// request: what `canary check` and `canary diff NAME V1 V2` share.
#pragma once
#include <string>

#include "registry/index_client.hpp"
#include "registry/index_types.hpp"

namespace canary::cli {

// The index's spelling of `wanted` (compared as PEP 440), or "" with up to
// three versions on each side of where it would sort in `nearby`.
std::string find_version(const registry::ProjectPage& page, const std::string& wanted, std::string& nearby);

// The exit status of a failed index request: 2 when the project, version or
// file kind does not exist, 3 when the index could not be read.
int index_error_status(const registry::IndexError& e);

}  // namespace canary::cli
