// pip requirements files: one requirement per line, `\` continuations,
// `#` comments, `-r`/`-c` includes (relative to the including file, cycles
// refused), `-e`, per-requirement `--hash`, and the file-level options pip
// accepts (--index-url, --extra-index-url, --trusted-host, ...). Environment
// variables (`${VAR}`) are kept as written: canary does not expand them.
#pragma once
#include <functional>
#include <string>

#include "dependency.hpp"

namespace canary {

// Reads a file's text; throws DependencyFileError. The default reads the disk.
using DependencyReader = std::function<std::string(const std::string& path)>;

// Parses `path` and every file it includes. Throws DependencyFileError with
// the FILE:LINE of the offending line (for a missing include, of the `-r` line).
DependencyFile parse_requirements_file(const std::string& path, const DependencyReader& read = {});

// The same for text already read (`path` names it in errors and anchors
// relative includes, which are read with `read`).
DependencyFile parse_requirements_text(const std::string& path, const std::string& text,
                                       const DependencyReader& read = {});

}  // namespace canary
