// Diagnostics storage and the two renderings: text for people (a header, the
// source line and a caret line, like compilers print) and JSON for tools.
#include "diagnostics.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

namespace canary::dsl {

void Diagnostics::error(std::string code, Span span, std::string message) {
  add(Diagnostic{Level::Error, std::move(code), std::move(message), span, {}});
}

void Diagnostics::warning(std::string code, Span span, std::string message) {
  add(Diagnostic{Level::Warning, std::move(code), std::move(message), span, {}});
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.level == Level::Error; }));
}

size_t Diagnostics::warning_count() const {
  return static_cast<size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.level == Level::Warning; }));
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.begin, a.code) < std::tie(b.span.file, b.span.begin, b.code);
  });
}

namespace {

const char* level_name(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "note";
  }
  return "error";
}

// ANSI escapes, or empty strings when colour is off.
struct Palette {
  explicit Palette(bool on) : enabled(on) {}
  bool enabled;
  std::string paint(std::string_view text, const char* code) const {
    if (!enabled) return std::string(text);
    return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
  }
  static const char* level_code(Level level) {
    switch (level) {
      case Level::Error: return "1;31";
      case Level::Warning: return "1;33";
      case Level::Note: return "1;36";
    }
    return "1";
  }
};

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool valid_span(const SourceMap& sources, const Span& span) {
  return span.file < sources.size() && span.begin <= sources.file(span.file).text.size();
}

// `path:line:col: level[code]: message`
void render_header(std::string& out, const SourceMap& sources, const Span& span, Level level,
                   const std::string& code, const std::string& message, const Palette& p) {
  std::string where = "<unknown>";
  if (valid_span(sources, span)) {
    LineCol lc = sources.position(span.file, span.begin);
    where = sources.file(span.file).path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }
  std::string label = level_name(level);
  if (!code.empty()) label += "[" + code + "]";
  out += p.paint(where + ":", "1");
  out += " ";
  out += p.paint(label, Palette::level_code(level));
  out += ": ";
  out += p.paint(message, "1");
  out += "\n";
}

// `   12 |     $a = /ab(c/` and `      |          ^`. The caret line copies the
// source's tabs into its padding so carets stay aligned in any tab width, and
// counts UTF-8 characters rather than bytes.
void render_snippet(std::string& out, const SourceMap& sources, const Span& span, Level level, const Palette& p) {
  if (!valid_span(sources, span)) return;
  const LineCol lc = sources.position(span.file, span.begin);
  const std::string_view line = sources.line_text(span.file, lc.line);
  const std::string number = std::to_string(lc.line);
  const std::string blank(number.size(), ' ');

  out += p.paint("   " + number + " |", "1;34");
  if (!line.empty()) {
    out += " ";
    out += line;
  }
  out += "\n";

  const uint32_t line_start = span.begin - (lc.column - 1);
  const size_t first = std::min<size_t>(lc.column - 1, line.size());
  size_t last = line.size();  // a span running past the line is underlined to its end
  if (span.end >= span.begin && span.end - line_start < line.size()) last = span.end - line_start;
  last = std::max(last, first);

  std::string pad;
  for (size_t i = 0; i < first; ++i) {
    if (line[i] == '\t') pad += '\t';
    else if (!is_utf8_continuation(line[i])) pad += ' ';
  }
  size_t carets = 0;
  for (size_t i = first; i < last; ++i)
    if (!is_utf8_continuation(line[i])) ++carets;
  carets = std::max<size_t>(carets, 1);

  out += p.paint("   " + blank + " |", "1;34");
  out += " ";
  out += pad;
  out += p.paint(std::string(carets, '^'), Palette::level_code(level));
  out += "\n";
}

nlohmann::json position_json(const SourceMap& sources, const Span& span) {
  nlohmann::json j;
  if (!valid_span(sources, span)) {
    j["file"] = "";
    j["line"] = j["column"] = j["end_line"] = j["end_column"] = 0;
    return j;
  }
  const uint32_t size = static_cast<uint32_t>(sources.file(span.file).text.size());
  LineCol b = sources.position(span.file, span.begin);
  LineCol e = sources.position(span.file, std::min(std::max(span.end, span.begin), size));
  j["file"] = sources.file(span.file).path;
  j["line"] = b.line;
  j["column"] = b.column;
  j["end_line"] = e.line;
  j["end_column"] = e.column;
  return j;
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources, bool color) {
  Palette p(color);
  std::string out;
  render_header(out, sources, d.span, d.level, d.code, d.message, p);
  render_snippet(out, sources, d.span, d.level, p);
  for (const auto& [span, message] : d.notes) {
    render_header(out, sources, span, Level::Note, "", message, p);
    render_snippet(out, sources, span, Level::Note, p);
  }
  return out;
}

std::string render_text(const Diagnostics& ds, const SourceMap& sources, bool color) {
  std::string out;
  for (const auto& d : ds.items()) out += render_text(d, sources, color);
  return out;
}

std::string render_json(const Diagnostics& ds, const SourceMap& sources) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& d : ds.items()) {
    nlohmann::json j = position_json(sources, d.span);
    j["level"] = level_name(d.level);
    j["code"] = d.code;
    j["message"] = d.message;
    if (!d.notes.empty()) {
      // Not in the header's key list; only present when there are notes.
      nlohmann::json notes = nlohmann::json::array();
      for (const auto& [span, message] : d.notes) {
        nlohmann::json n = position_json(sources, span);
        n["message"] = message;
        notes.push_back(std::move(n));
      }
      j["notes"] = std::move(notes);
    }
    all.push_back(std::move(j));
  }
  return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace canary::dsl
