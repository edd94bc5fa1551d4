// What a .pth file does. site.py reads every .pth in site-packages at every
// interpreter start: a line starting with "import" followed by a space or tab
// is exec()'d; "#" lines and blank lines are skipped; any other line is a
// directory appended to sys.path. (CPython Lib/site.py, addpackage().)
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace canary {

enum class PthLineKind { Blank, Comment, Path, Exec };

struct PthAnalysis {
  std::vector<PthLineKind> lines;  // one per line
  int exec_lines = 0;
  int path_lines = 0;
  int comment_lines = 0;  // blank + comment
  bool known_shim = false;  // setuptools' distutils-precedence.pth
  // Same length as the input: executable lines kept byte for byte, every other
  // byte except '\n' replaced by a space, so offsets and line numbers of a
  // parse of the view are those of the file.
  // Python also ends a line at a lone '\r' (universal newlines): such a
  // terminator shows as '\n' in the view so a parser sees Python's lines.
  std::string python_view;
};

PthAnalysis analyze_pth(std::string_view content);

}  // namespace canary
