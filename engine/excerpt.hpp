// Text that came out of an artifact, made safe to print: control characters
// and bytes that are not valid UTF-8 become \xHH, and length is bounded.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace canary {

std::string escape_for_display(std::string_view bytes, size_t max_bytes = SIZE_MAX);

// The line holding `offset`, trimmed, at most `width` display bytes, windowed
// around the offset when the line is longer (with "…" marks).
std::string excerpt_at(std::string_view content, uint32_t offset, size_t width = 120);

// 1-based line and byte column of `offset`.
void line_col_at(std::string_view content, uint32_t offset, uint32_t& line, uint32_t& column);

}  // namespace canary
