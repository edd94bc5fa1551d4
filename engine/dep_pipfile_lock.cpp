// Pipfile.lock (pipenv): JSON, "_meta" and one object per category
// ("default", "develop", or custom ones) mapping names to {version, hashes,
// markers, index} or to a VCS / path / file source.
#include <nlohmann/json.hpp>

#include <cctype>

#include "artifact_facts.hpp"
#include "dep_pep508.hpp"
#include "dependency_files.hpp"

namespace canary {
namespace {

using json = nlohmann::json;

uint32_t line_at(const std::string& text, size_t offset) {
  uint32_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// JSON has no positions in nlohmann's tree: find `"key"` followed by ':' at
// or after `from`, the way the file writes it. Good enough for a line number.
size_t find_key(const std::string& text, const std::string& key, size_t from) {
  std::string quoted = json(key).dump();
  for (size_t at = text.find(quoted, from); at != std::string::npos; at = text.find(quoted, at + 1)) {
    size_t k = at + quoted.size();
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    if (k < text.size() && text[k] == ':') return at;
  }
  return std::string::npos;
}

std::string string_field(const json& entry, const char* key, const SourcePosition& where) {
  auto it = entry.find(key);
  if (it == entry.end()) return {};
  if (!it->is_string()) throw DependencyFileError(where, std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

}  // namespace

DependencyFile parse_pipfile_lock(const std::string& path, const std::string& text) {
  DependencyFile out;
  out.path = path;
  out.format = DependencyFormat::PipfileLock;
  out.is_lock = true;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw DependencyFileError({path, line_at(text, e.byte == 0 ? 0 : e.byte - 1)}, "invalid JSON: " + what);
  } catch (const json::exception& e) {
    // Not only syntax: a number too large for a double (47e52617621) is
    // out_of_range, which escaped and ended the process. Found by
    // fuzz_dependency_files.
    std::string what = e.what();
    if (size_t colon = what.find("] "); colon != std::string::npos) what = what.substr(colon + 2);
    throw DependencyFileError({path, 1}, "invalid JSON: " + what);
  }
  if (!root.is_object()) throw DependencyFileError({path, 1}, "the top level must be a JSON object");
  if (!root.contains("_meta")) throw DependencyFileError({path, 1}, "no \"_meta\": not a Pipfile.lock");
  for (auto& [category, entries] : root.items()) {
    if (category.empty() || category[0] == '_') continue;
    size_t section_at = find_key(text, category, 0);
    SourcePosition section{path, section_at == std::string::npos ? 0 : line_at(text, section_at)};
    if (!entries.is_object()) throw DependencyFileError(section, "\"" + category + "\" must be an object of packages");
    for (auto& [name, entry] : entries.items()) {
      size_t key_at = find_key(text, name, section_at == std::string::npos ? 0 : section_at);
      Dependency d;
      d.origin = {path, key_at == std::string::npos ? section.line : line_at(text, key_at)};
      if (!entry.is_object()) throw DependencyFileError(d.origin, "\"" + name + "\" must be an object");
      if (!is_project_name(name)) throw DependencyFileError(d.origin, "invalid project name '" + name + "'");
      d.name = name;
      d.normalized = normalize_project_name(name);
      if (category != "default") d.group = "group:" + category;
      d.marker = string_field(entry, "markers", d.origin);
      std::string index = string_field(entry, "index", d.origin);
      if (index != "pypi") d.index_url = index;
      if (auto e = entry.find("extras"); e != entry.end() && e->is_array())
        for (const json& x : *e)
          if (x.is_string()) d.extras.push_back(normalize_project_name(x.get<std::string>()));
      if (auto h = entry.find("hashes"); h != entry.end()) {
        if (!h->is_array()) throw DependencyFileError(d.origin, "\"hashes\" must be an array");
        for (const json& x : *h) {
          if (!x.is_string()) throw DependencyFileError(d.origin, "each hash must be a string");
          std::string spec = x.get<std::string>();
          std::string why = check_hash_spec(spec);
          if (!why.empty()) throw DependencyFileError(d.origin, "hash: " + why);
          add_hash(d.hashes, spec.substr(0, spec.find(':')), spec.substr(spec.find(':') + 1));
        }
      }
      std::string git = string_field(entry, "git", d.origin);
      std::string file = string_field(entry, "file", d.origin);
      std::string local = string_field(entry, "path", d.origin);
      if (!git.empty()) {
        d.source = SourceKind::Vcs;
        d.url = git.rfind("git+", 0) == 0 ? git : "git+" + git;
        d.vcs_ref = string_field(entry, "ref", d.origin);
        d.pinned = is_commit_id(d.vcs_ref);
      } else if (!file.empty()) {
        set_url_source(d, file);
      } else if (!local.empty()) {
        d.source = SourceKind::LocalPath;
        d.url = local;
      }
      if (auto ed = entry.find("editable"); ed != entry.end() && ed->is_boolean()) d.editable = ed->get<bool>();
      std::string version = string_field(entry, "version", d.origin);
      if (!version.empty()) {
        try {
          set_pep440_specifier(d, version);
        } catch (const RequirementSyntaxError& e) {
          throw DependencyFileError(d.origin, std::string(e.what()));
        }
      } else if (d.source == SourceKind::Index) {
        throw DependencyFileError(d.origin, "\"" + name + "\" has no version and no git, file or path source");
      }
      out.dependencies.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace canary
