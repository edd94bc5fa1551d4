// Whether to colour output, the few ANSI styles we use, and making hostile
// strings (paths and excerpts from scanned artifacts) safe to print on a
// terminal.
#pragma once
#include <string>
#include <string_view>

namespace canary::cli {

enum class ColorMode { Auto, Always, Never };
bool parse_color_mode(std::string_view s, ColorMode& out);

// Always: yes. Never: no. Auto: only when `fd` is a terminal and NO_COLOR is
// unset or empty (https://no-color.org).
bool color_enabled(ColorMode mode, int fd);

enum class Style { Plain, Bold, Dim, Red, BoldRed, Green, Yellow, Cyan };

// `text` wrapped in the style's escape sequence, or unchanged when !enabled.
std::string paint(std::string_view text, Style style, bool enabled);

// Escapes what a terminal would interpret or what would hide text: C0 and C1
// control characters, DEL, bidirectional overrides (as \xHH or \u{HHHH}), and
// bytes that are not valid UTF-8 (as \xHH). Printable text, including valid
// non-ASCII UTF-8, is kept.
std::string escape_for_terminal(std::string_view s);

}  // namespace canary::cli
