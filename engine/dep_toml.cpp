#include "dep_toml.hpp"

#include <cctype>

#include "artifact_facts.hpp"
#include "dep_pep508.hpp"

namespace canary::dep_toml {

toml::table parse(const std::string& path, const std::string& text) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw DependencyFileError({path, static_cast<uint32_t>(e.source().begin.line)},
                              "invalid TOML: " + std::string(e.description()));
  }
}

namespace {
std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date or time";
  }
}
}  // namespace

std::string string_at(const std::string& path, const toml::table& table, std::string_view key) {
  const toml::node* n = table.get(key);
  if (!n) return {};
  if (auto s = n->value<std::string>(); s && n->is_string()) return *s;
  throw DependencyFileError(at(path, *n), "'" + std::string(key) + "' must be a string, not " + type_name(*n));
}

const toml::array* array_at(const std::string& path, const toml::table& table, std::string_view key) {
  const toml::node* n = table.get(key);
  if (!n) return nullptr;
  if (const toml::array* a = n->as_array()) return a;
  throw DependencyFileError(at(path, *n), "'" + std::string(key) + "' must be an array, not " + type_name(*n));
}

const toml::table* table_at(const std::string& path, const toml::table& table, std::string_view key) {
  const toml::node* n = table.get(key);
  if (!n) return nullptr;
  if (const toml::table* t = n->as_table()) return t;
  throw DependencyFileError(at(path, *n), "'" + std::string(key) + "' must be a table, not " + type_name(*n));
}

std::string add_prefixed_hash(const std::string& path, const toml::node& node, std::string_view text,
                              std::vector<std::string>& hashes) {
  std::string why = check_hash_spec(text);
  if (!why.empty()) throw DependencyFileError(at(path, node), "hash: " + why);
  size_t colon = text.find(':');
  add_hash(hashes, text.substr(0, colon), text.substr(colon + 1));
  if (text.substr(0, colon) != "sha256") return {};
  std::string hex;
  for (char c : text.substr(colon + 1)) hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex;
}

std::string url_file_name(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  size_t slash = url.rfind('/');
  return std::string(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

const toml::table& package_entry(const std::string& path, const toml::node& node, Dependency& d) {
  const toml::table* p = node.as_table();
  if (!p) throw DependencyFileError(at(path, node), "package must be a table");
  d.origin = at(path, node);
  d.name = string_at(path, *p, "name");
  if (!is_project_name(d.name)) throw DependencyFileError(d.origin, "[[package]] without a valid name");
  d.normalized = normalize_project_name(d.name);
  return *p;
}

}  // namespace canary::dep_toml
