// entry_points.txt (PyPA entry points specification): an INI file whose
// sections are groups ("console_scripts", "gui_scripts", plugin groups) and
// whose keys are entry point names. Read from hostile artifacts, so every
// malformed line is an error with its line number, never a guess.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

struct EntryPoint {
  std::string group;  // section name, e.g. "console_scripts"
  std::string name;   // key, e.g. "litellm"
  std::string value;  // object reference, e.g. "litellm.main:run [extra]"
  uint32_t line = 0;  // 1-based line of the key
};

struct EntryPointsError {
  uint32_t line = 0;  // 1-based
  std::string message;
};

// Parses the whole text. Comment lines start with '#' or ';'; blank lines are
// ignored; both '=' and ':' separate a key from its value (as configparser
// accepts). Indented continuation lines are refused: entry point values are
// one line. On the first malformed line returns false with `error` set;
// `out` then holds the entries before it.
bool parse_entry_points(std::string_view text, std::vector<EntryPoint>& out, EntryPointsError& error);

// True for paths of entry point files: "<X>.dist-info/entry_points.txt" or
// "<X>.egg-info/entry_points.txt" at any depth (sdists keep egg-info under src/).
bool is_entry_points_path(std::string_view path);

}  // namespace canary
