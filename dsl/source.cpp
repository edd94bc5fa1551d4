#include "source.hpp"

#include <algorithm>

namespace canary::dsl {

uint32_t SourceMap::add(std::string path, std::string text) {
  SourceFile f;
  f.path = std::move(path);
  f.text = std::move(text);
  f.line_starts.push_back(0);
  for (uint32_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

LineCol SourceMap::position(uint32_t file, uint32_t offset) const {
  const auto& starts = files_.at(file).line_starts;
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts.begin());  // >= 1 since starts[0] == 0
  return {line, offset - starts[line - 1] + 1};
}

std::string_view SourceMap::line_text(uint32_t file, uint32_t line) const {
  const auto& f = files_.at(file);
  if (line == 0 || line > f.line_starts.size()) return {};
  uint32_t b = f.line_starts[line - 1];
  uint32_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : static_cast<uint32_t>(f.text.size());
  std::string_view v(f.text.data() + b, e - b);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

}  // namespace canary::dsl
