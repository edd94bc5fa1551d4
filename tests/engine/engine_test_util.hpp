// Helpers for the engine's end-to-end tests: write rule text into a temporary
// pack, load it through the public load_pack, scan real archives with
// scan_artifact, and look at diagnostics/findings in a form a test can state
// in one line ("E002@3:6").
#pragma once
#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "dsl/diagnostics.hpp"
#include "engine/scanner.hpp"
#include "support/artifact_builder.hpp"

namespace canary::enginetest {

namespace fs = std::filesystem;

// Writes `content` to dir/name, creating parent directories.
inline fs::path put(const fs::path& dir, const std::string& name, const std::string& content) {
  fs::path p = dir / name;
  fs::create_directories(p.parent_path());
  test::write_file(p, content);
  return p;
}

// A rule pack in its own temporary directory, plus an optional stdlib
// directory beside it for imports.
class TempPack {
 public:
  // file name (relative, may contain '/') -> rule text. Initializer lists,
  // not maps: a map can be built from two `const char*` as an iterator range,
  // which makes `TempPack({{"a", "x"}, {"b", "y"}})` ambiguous.
  using File = std::pair<const std::string, std::string>;
  explicit TempPack(std::initializer_list<File> files, std::initializer_list<File> stdlib = {}) {
    for (const auto& [name, text] : files) put(pack_dir(), name, text);
    for (const auto& [name, text] : stdlib) put(stdlib_dir(), name, text);
  }
  fs::path pack_dir() const { return root_.path() / "pack"; }
  fs::path stdlib_dir() const { return root_.path() / "stdlib"; }
  LoadedPack load(bool check_only = false) const {
    fs::create_directories(stdlib_dir());
    return load_pack(PackSource{{pack_dir()}, {stdlib_dir()}}, check_only);
  }

 private:
  test::TempDir root_;
};

inline std::string rendered(const LoadedPack& lp) { return dsl::render_text(lp.diagnostics, lp.sources); }

// "E002@3:6" for each diagnostic (line:col of the span start), in the
// diagnostics' stable order. Notes are not included.
inline std::vector<std::string> codes_at(const LoadedPack& lp) {
  std::vector<std::string> out;
  for (const dsl::Diagnostic& d : lp.diagnostics.items()) {
    dsl::LineCol lc = lp.sources.position(d.span.file, d.span.begin);
    out.push_back(d.code + "@" + std::to_string(lc.line) + ":" + std::to_string(lc.column));
  }
  return out;
}

inline std::vector<std::string> codes(const LoadedPack& lp) {
  std::vector<std::string> out;
  for (const dsl::Diagnostic& d : lp.diagnostics.items()) out.push_back(d.code);
  return out;
}

// The diagnostic with `code` (the only one expected); fails the test if absent.
inline const dsl::Diagnostic& only(const LoadedPack& lp, const std::string& code) {
  const dsl::Diagnostic* found = nullptr;
  int n = 0;
  for (const dsl::Diagnostic& d : lp.diagnostics.items())
    if (d.code == code) {
      found = found ? found : &d;
      ++n;
    }
  INFO(rendered(lp));
  REQUIRE(n == 1);
  return *found;
}

inline std::string file_of(const LoadedPack& lp, const dsl::Span& s) {
  return fs::path(lp.sources.file(s.file).path).filename().string();
}

inline std::string pos_of(const LoadedPack& lp, const dsl::Span& s) {
  dsl::LineCol lc = lp.sources.position(s.file, s.begin);
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// Loads a pack that must be free of errors (warnings allowed).
inline LoadedPack load_ok(const TempPack& tp) {
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  REQUIRE_FALSE(lp.diagnostics.has_errors());
  return lp;
}

inline ArtifactReport scan(const LoadedPack& lp, const fs::path& artifact, const ScanOptions& opts = {}) {
  REQUIRE(lp.pack);
  return scan_artifact(*lp.pack, artifact, opts);
}

// One line per finding: "RULE file:line:col excerpt", for failure messages
// and whole-report comparisons.
inline std::string describe(const Finding& f) {
  return f.rule + " " + f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.excerpt;
}

inline std::string describe(const ArtifactReport& r) {
  std::ostringstream s;
  s << "kind=" << r.kind << " files=" << r.files_scanned << " parsed=" << r.files_parsed
    << " unreadable=" << r.unreadable << " verdict=" << to_string(r.verdict) << "\n";
  for (const Finding& f : r.findings) s << "  finding " << describe(f) << "\n";
  for (const std::string& e : r.errors) s << "  error " << e << "\n";
  return s.str();
}

// Findings of `rule`, in report order.
inline std::vector<Finding> findings_of(const ArtifactReport& r, const std::string& rule) {
  std::vector<Finding> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

// Sorted "RULE file" pairs: which rules fired on which files.
inline std::vector<std::string> fired(const ArtifactReport& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.push_back(f.rule + " " + f.file);
  std::sort(out.begin(), out.end());
  return out;
}

// Files (as reported) on which `rule` fired, sorted.
inline std::vector<std::string> files_hit(const ArtifactReport& r, const std::string& rule) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule) out.push_back(f.file);
  std::sort(out.begin(), out.end());
  return out;
}

// A public rule with the required meta around a body (scope/patterns/condition).
inline std::string rule(const std::string& name, const std::string& body, const std::string& severity = "high") {
  return "rule " + name + " {\n  meta:\n    title = \"" + name + "\"\n    severity = " + severity + "\n" + body + "}\n";
}

// A minimal wheel holding `files` plus a dist-info directory (so it is a
// well-formed wheel with a RECORD).
inline void wheel(const fs::path& path, std::vector<test::FileSpec> files) {
  files.push_back({"demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"});
  files.push_back({"demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"});
  test::write_wheel(path, std::move(files));
}

}  // namespace canary::enginetest
