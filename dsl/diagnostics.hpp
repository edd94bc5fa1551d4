// Diagnostics: values with a stable code, a message and a source span,
// rendered as `path:line:col: error[E005]: message` plus the source line and a
// caret line. See docs/language.md for the code table.
#pragma once
#include <string>
#include <vector>

#include "source.hpp"

namespace canary::dsl {

enum class Level { Error, Warning, Note };

struct Diagnostic {
  Level level = Level::Error;
  std::string code;     // "E005", "W001"
  std::string message;  // one line, no trailing period needed
  Span span;
  std::vector<std::pair<Span, std::string>> notes;  // secondary labelled spans
};

class Diagnostics {
 public:
  void error(std::string code, Span span, std::string message);
  void warning(std::string code, Span span, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  size_t error_count() const;
  size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  // Stable order: by file, then offset, then code.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

// `path:line:col: error[E005]: message`, then `  12 | source line` and a caret
// line underlining the span (at least one caret; a span past the end of its
// line is underlined to the line end).
std::string render_text(const Diagnostic& d, const SourceMap& sources, bool color = false);
std::string render_text(const Diagnostics& ds, const SourceMap& sources, bool color = false);
// {"level","code","message","file","line","column","end_line","end_column"}
// as a JSON array string (nlohmann is used in the .cpp only).
std::string render_json(const Diagnostics& ds, const SourceMap& sources);

}  // namespace canary::dsl
