#include "pack_manifest.hpp"

#include <algorithm>
#include <charconv>
#include <toml++/toml.h>

#include "version.hpp"

namespace canary {
namespace {

constexpr const char* kCode = "E014";

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'; }

// toml++ positions are 1-based line and column; diagnostics want byte offsets.
uint32_t offset_of(const dsl::SourceFile& f, toml::source_position pos) {
  if (pos.line == 0 || pos.line > f.line_starts.size()) return static_cast<uint32_t>(f.text.size());
  uint32_t start = f.line_starts[pos.line - 1];
  uint32_t off = start + (pos.column > 0 ? pos.column - 1 : 0);
  return std::min(off, static_cast<uint32_t>(f.text.size()));
}

class ManifestParser {
 public:
  ManifestParser(const dsl::SourceMap& sources, uint32_t file, PackManifest& out, dsl::Diagnostics& diags)
      : file_(file), src_(sources.file(file)), out_(out), diags_(diags) {}

  bool run() {
    size_t errors_before = diags_.error_count();
    toml::table root;
    try {
      root = toml::parse(src_.text, src_.path);
    } catch (const toml::parse_error& e) {
      uint32_t at = offset_of(src_, e.source().begin);
      error(dsl::Span{file_, at, at}, "invalid TOML: " + std::string(e.description()));
      return false;
    }
    const toml::table* pack = nullptr;
    for (auto&& [key, node] : root) {
      if (key.str() == "pack" && node.is_table()) pack = node.as_table();
      else if (key.str() == "pack") error(span(node), "`pack` must be a table: [pack]");
      else error(span(key), "unknown key `" + std::string(key.str()) + "` (a manifest holds only the [pack] table)");
    }
    if (pack == nullptr) {
      if (diags_.error_count() == errors_before) error(dsl::Span{file_, 0, 0}, "missing [pack] table");
      return false;
    }
    bool has_name = false, has_version = false;
    for (auto&& [key, node] : *pack) {
      std::string_view k = key.str();
      if (k == "name") has_name = read_name(node);
      else if (k == "version") has_version = read_string(k, node, out_.version) && check_version(node);
      else if (k == "description") read_string(k, node, out_.description);
      else if (k == "license") read_string(k, node, out_.license);
      else if (k == "authors") read_list(k, node, out_.authors, nullptr);
      else if (k == "min-engine") read_min_engine(node);
      else if (k == "rules") read_paths(node);
      else if (k == "imports") read_imports(node);
      else
        error(span(key), "unknown key `" + std::string(k) +
                             "` in [pack] (expected name, version, description, license, authors, min-engine, "
                             "rules, imports)");
    }
    dsl::Span table_span = span(*pack);
    if (!has_name && !pack->contains("name")) error(table_span, "[pack] has no `name`");
    if (!has_version && !pack->contains("version")) error(table_span, "[pack] has no `version`");
    return diags_.error_count() == errors_before;
  }

 private:
  void error(dsl::Span s, std::string message) { diags_.error(kCode, s, std::move(message)); }

  dsl::Span span(const toml::source_region& r) {
    uint32_t b = offset_of(src_, r.begin);
    uint32_t e = std::max(b, offset_of(src_, r.end));
    return dsl::Span{file_, b, e};
  }
  dsl::Span span(const toml::node& n) { return span(n.source()); }
  dsl::Span span(const toml::key& k) { return span(k.source()); }

  bool read_string(std::string_view key, const toml::node& node, std::string& out) {
    if (!node.is_string()) {
      error(span(node), "`" + std::string(key) + "` must be a string");
      return false;
    }
    out = node.as_string()->get();
    return true;
  }

  bool read_list(std::string_view key, const toml::node& node, std::vector<std::string>& out,
                 std::vector<dsl::Span>* spans) {
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
      error(span(node), "`" + std::string(key) + "` must be an array of strings");
      return false;
    }
    bool ok = true;
    for (const toml::node& item : *arr) {
      if (!item.is_string()) {
        error(span(item), "`" + std::string(key) + "` must be an array of strings");
        ok = false;
        continue;
      }
      out.push_back(item.as_string()->get());
      if (spans != nullptr) spans->push_back(span(item));
    }
    return ok;
  }

  bool read_name(const toml::node& node) {
    if (!read_string("name", node, out_.name)) return false;
    out_.name_span = span(node);
    if (!is_valid_pack_name(out_.name)) {
      error(span(node), "invalid pack name \"" + out_.name +
                            "\": use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
      return false;
    }
    return true;
  }

  bool check_version(const toml::node& node) {
    const std::string& v = out_.version;
    bool printable = !v.empty() && v.size() <= 64 &&
                     std::all_of(v.begin(), v.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (!printable) error(span(node), "`version` must be 1 to 64 printable characters without spaces, e.g. \"0.1.0\"");
    return printable;
  }

  void read_min_engine(const toml::node& node) {
    if (!read_string("min-engine", node, out_.min_engine)) return;
    std::vector<unsigned long> wanted, have;
    if (!parse_dotted_version(out_.min_engine, wanted)) {
      error(span(node), "`min-engine` must be a version like \"0.1.0\"");
      return;
    }
    parse_dotted_version(engine_version(), have);
    if (compare_versions(have, wanted) < 0)
      error(span(node), "this pack needs canary " + out_.min_engine + " or newer; this is canary " +
                            std::string(engine_version()));
  }

  void read_paths(const toml::node& node) {
    size_t first = out_.rules.size();
    if (!read_list("rules", node, out_.rules, &out_.rule_spans)) return;
    for (size_t i = first; i < out_.rules.size(); ++i) {
      std::string p = out_.rules[i];
      while (p.size() > 1 && p.back() == '/') p.pop_back();  // "pth/" names the directory too
      if (!is_safe_relative_path(p))
        error(out_.rule_spans[i], "rule path \"" + out_.rules[i] +
                                      "\" must be relative to the manifest, '/'-separated, without '.' or '..'");
      out_.rules[i] = p;
    }
  }

  void read_imports(const toml::node& node) {
    size_t first = out_.imports.size();
    if (!read_list("imports", node, out_.imports, &out_.import_spans)) return;
    for (size_t i = first; i < out_.imports.size(); ++i) {
      const std::string& n = out_.imports[i];
      bool ident = !n.empty() && (std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_') &&
                   std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      if (!ident) error(out_.import_spans[i], "import names are identifiers, e.g. \"python\"");
    }
  }

  uint32_t file_;
  const dsl::SourceFile& src_;
  PackManifest& out_;
  dsl::Diagnostics& diags_;
};

}  // namespace

bool parse_manifest(const dsl::SourceMap& sources, uint32_t file, PackManifest& out, dsl::Diagnostics& diags) {
  out = PackManifest{};
  return ManifestParser(sources, file, out, diags).run();
}

bool is_valid_pack_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  char c = name[0];
  if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.size() > 4096 || path.front() == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char ch : seg) {
      auto u = static_cast<unsigned char>(ch);
      if (u < 0x20 || u == 0x7f || ch == '\\') return false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

bool parse_dotted_version(std::string_view v, std::vector<unsigned long>& parts) {
  parts.clear();
  if (v.empty() || v.size() > 64) return false;
  size_t start = 0;
  while (true) {
    size_t dot = v.find('.', start);
    std::string_view seg = v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    unsigned long n = 0;
    auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), n);
    if (seg.empty() || ec != std::errc() || ptr != seg.data() + seg.size()) return false;
    parts.push_back(n);
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

int compare_versions(const std::vector<unsigned long>& a, const std::vector<unsigned long>& b) {
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    unsigned long x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace canary
