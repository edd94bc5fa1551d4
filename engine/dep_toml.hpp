// toml++ helpers the TOML dependency formats share: parse errors as
// DependencyFileError with the line, source lines of nodes, typed reads that
// name the offending key and line.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include <toml++/toml.h>

#include "dependency.hpp"

namespace canary::dep_toml {

toml::table parse(const std::string& path, const std::string& text);

inline SourcePosition at(const std::string& path, const toml::node& node) {
  return {path, static_cast<uint32_t>(node.source().begin.line)};
}

// `table[key]` as a string: "" when absent; an error when present and not a string.
std::string string_at(const std::string& path, const toml::table& table, std::string_view key);
// `table[key]` as an array / table: nullptr when absent; an error when of another type.
const toml::array* array_at(const std::string& path, const toml::table& table, std::string_view key);
const toml::table* table_at(const std::string& path, const toml::table& table, std::string_view key);

// A hash as lock files write it: "sha256:HEX" (poetry, uv) — added to `hashes`
// and returned as its hex; other algorithms are kept in `hashes` only.
std::string add_prefixed_hash(const std::string& path, const toml::node& node, std::string_view text,
                              std::vector<std::string>& hashes);

// One entry of a poetry.lock / uv.lock `[[package]]` array: the entry as a
// table, with d.origin, d.name (checked) and d.normalized filled in.
const toml::table& package_entry(const std::string& path, const toml::node& node, Dependency& d);

// The last path segment of a URL, without query or fragment.
std::string url_file_name(std::string_view url);

}  // namespace canary::dep_toml
