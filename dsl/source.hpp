// Rule source text and positions. Spans are byte ranges; line:col is computed
// only when something is printed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary::dsl {

struct Span {
  uint32_t file = 0;   // index into SourceMap
  uint32_t begin = 0;  // byte offset, inclusive
  uint32_t end = 0;    // byte offset, exclusive
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, counted in bytes
};

struct SourceFile {
  std::string path;  // as given by the user, used in messages
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line start
};

class SourceMap {
 public:
  uint32_t add(std::string path, std::string text);
  const SourceFile& file(uint32_t id) const { return files_.at(id); }
  size_t size() const { return files_.size(); }
  LineCol position(uint32_t file, uint32_t offset) const;
  // The text of line `line` (1-based), without its line break.
  std::string_view line_text(uint32_t file, uint32_t line) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace canary::dsl
