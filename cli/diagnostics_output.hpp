// Printing rule diagnostics and the one-line summary of a rule load.
#pragma once
#include <ostream>
#include <string>

#include "engine/scanner.hpp"

namespace canary::cli {

// "checked 12 rules in 4 files: 0 errors, 1 warning"
std::string check_summary(const LoadedPack& lp);

// "3 errors" / "1 warning": a count with its noun, plural when needed.
std::string count_noun(size_t n, const char* singular, const char* plural);

}  // namespace canary::cli
