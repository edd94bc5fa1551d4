// `canary-pack.toml`: what a rule pack is called, which files it holds and
// what it needs (docs/packs.md). Parsed with toml++; every problem is a
// diagnostic (E014) positioned in the manifest.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "../dsl/diagnostics.hpp"

namespace canary {

inline constexpr std::string_view kManifestName = "canary-pack.toml";

struct PackManifest {
  std::string name;         // the namespace of its rule ids: [a-z0-9][a-z0-9._-]*
  std::string version;
  std::string description;
  std::string license;
  std::vector<std::string> authors;
  std::string min_engine;   // "" when not given
  // Files or directories relative to the manifest; empty: every *.canary below it.
  std::vector<std::string> rules;
  std::vector<dsl::Span> rule_spans;
  std::vector<std::string> imports;  // stdlib file names, e.g. "python"
  std::vector<dsl::Span> import_spans;
  dsl::Span name_span;
};

// Parses the manifest held in `sources` as `file`. Returns false (with every
// problem in `diags`) when it is not a valid manifest, including when
// min-engine is newer than this engine.
bool parse_manifest(const dsl::SourceMap& sources, uint32_t file, PackManifest& out, dsl::Diagnostics& diags);

bool is_valid_pack_name(std::string_view name);

// A relative '/'-separated path without empty, "." or ".." segments, control
// characters or backslashes: the only paths a manifest or a bundle may name.
bool is_safe_relative_path(std::string_view path);

// Dotted numeric versions ("0.1.0"); false when `v` is not one.
bool parse_dotted_version(std::string_view v, std::vector<unsigned long>& parts);
// <0, 0, >0 like strcmp; missing trailing parts count as 0 (1.0 == 1.0.0).
int compare_versions(const std::vector<unsigned long>& a, const std::vector<unsigned long>& b);

}  // namespace canary
