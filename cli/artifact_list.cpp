#include "artifact_list.hpp"

#include <string_view>

namespace canary::cli {

void read_artifact_list(std::istream& in, std::vector<std::string>& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view view = line;
    size_t first = view.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;  // blank
    if (view[first] == '#') continue;               // comment
    out.push_back(line);
  }
}

}  // namespace canary::cli
