// One entry point per dependency file format, and dispatch by file name.
// Each parser lives in its own file: dep_requirements.cpp, dep_pyproject.cpp,
// dep_poetry_lock.cpp, dep_uv_lock.cpp, dep_pipfile_lock.cpp, dep_pylock.cpp.
// All throw DependencyFileError ("FILE:LINE: message") on malformed input.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "dep_requirements.hpp"
#include "dependency.hpp"

namespace canary {

// PEP 621 [project] dependencies and optional-dependencies, PEP 735
// [dependency-groups], Poetry's [tool.poetry.*dependencies] tables and
// [build-system] requires.
DependencyFile parse_pyproject(const std::string& path, const std::string& text);
// poetry.lock: [[package]] with files = [{file, hash}] (Poetry >= 1.2) or the
// older [metadata.files] table.
DependencyFile parse_poetry_lock(const std::string& path, const std::string& text);
// uv.lock: [[package]] with source, sdist and wheels.
DependencyFile parse_uv_lock(const std::string& path, const std::string& text);
// Pipfile.lock (JSON): "default", "develop" and other category objects.
DependencyFile parse_pipfile_lock(const std::string& path, const std::string& text);
// pylock.toml (PEP 751): [[packages]] with vcs / directory / archive / sdist / wheels.
DependencyFile parse_pylock(const std::string& path, const std::string& text);

// The format a file name implies: requirements*.txt / *.in / constraints*.txt,
// pyproject.toml, poetry.lock, uv.lock, Pipfile.lock, pylock.toml and
// pylock.NAME.toml. nullopt when the name says nothing.
std::optional<DependencyFormat> format_from_file_name(std::string_view path);
// "requirements", "pyproject", "poetry-lock", "uv-lock", "pipfile-lock", "pylock".
std::optional<DependencyFormat> parse_format_name(std::string_view name);

// Reads and parses `path` in `format` (by file name when nullopt; a name that
// says nothing is read as a requirements file if it ends in .txt/.in, else refused).
DependencyFile parse_dependency_file(const std::string& path, std::optional<DependencyFormat> format = std::nullopt);

// The same for text in memory (no includes are read for requirements files
// unless `read` is given). Used by tests and fuzzers.
DependencyFile parse_dependency_text(const std::string& path, const std::string& text, DependencyFormat format,
                                     const DependencyReader& read = {});

}  // namespace canary
