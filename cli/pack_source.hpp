// Turning --rules/--stdlib (or their defaults) into the engine's PackSource,
// shared by `scan` and `rules check`.
#pragma once
#include <string>
#include <vector>

#include "engine/scanner.hpp"

namespace canary::cli {

// rule_paths empty means the default pack. On failure returns false and sets
// `error` to a message for the user (the caller exits with status 2).
bool resolve_pack_source(const std::vector<std::string>& rule_paths, const std::vector<std::string>& stdlib_dirs,
                         PackSource& out, std::string& error);

// --no-cache of the command being run. A process runs one command, so
// main.cpp binds the flag of every rule-loading command to this one value.
bool& no_cache_requested();

// How commands load packs: through the on-disk cache of compiled packs
// unless --no-cache was given.
LoadOptions pack_load_options(bool check_only = false);

// "a, b" for the header and messages.
std::string describe_rule_paths(const PackSource& src);

}  // namespace canary::cli
