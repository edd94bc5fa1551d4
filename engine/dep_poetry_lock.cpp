// poetry.lock: one [[package]] per locked distribution. Poetry >= 1.2 lists
// its files in the package (files = [{file, hash}]); older locks keep them in
// [metadata.files], keyed by name.
#include <algorithm>

#include "artifact_facts.hpp"
#include "dep_pep508.hpp"
#include "dep_toml.hpp"
#include "dependency_files.hpp"

namespace canary {
namespace {

using dep_toml::at;

void read_files(const std::string& path, const toml::array& files, Dependency& d) {
  for (const toml::node& f : files) {
    const toml::table* t = f.as_table();
    if (!t) throw DependencyFileError(at(path, f), "each entry of files must be a table {file = ..., hash = ...}");
    LockedFile lf;
    lf.name = dep_toml::string_at(path, *t, "file");
    lf.url = dep_toml::string_at(path, *t, "url");
    std::string hash = dep_toml::string_at(path, *t, "hash");
    if (!hash.empty()) lf.sha256 = dep_toml::add_prefixed_hash(path, f, hash, d.hashes);
    d.files.push_back(std::move(lf));
  }
}

void read_source(const std::string& path, const toml::table& source, Dependency& d) {
  std::string type = dep_toml::string_at(path, source, "type");
  std::string url = dep_toml::string_at(path, source, "url");
  if (type == "git") {
    d.source = SourceKind::Vcs;
    d.url = url.rfind("git+", 0) == 0 ? url : "git+" + url;
    d.vcs_ref = dep_toml::string_at(path, source, "resolved_reference");
    if (d.vcs_ref.empty()) d.vcs_ref = dep_toml::string_at(path, source, "reference");
  } else if (type == "url") {
    set_url_source(d, url);
  } else if (type == "file" || type == "directory") {
    d.source = SourceKind::LocalPath;
    d.url = url;
  } else if (type == "legacy") {  // a secondary index ([[tool.poetry.source]])
    d.index_url = url;
  } else if (!type.empty()) {
    throw DependencyFileError(at(path, source), "unknown package source type '" + type + "'");
  }
}

}  // namespace

DependencyFile parse_poetry_lock(const std::string& path, const std::string& text) {
  DependencyFile out;
  out.path = path;
  out.format = DependencyFormat::PoetryLock;
  out.is_lock = true;
  toml::table root = dep_toml::parse(path, text);
  const toml::array* packages = dep_toml::array_at(path, root, "package");
  if (!packages && !root.contains("metadata"))
    throw DependencyFileError({path, 1}, "no [[package]] and no [metadata]: not a poetry.lock");
  if (packages) {
    for (const toml::node& node : *packages) {
      Dependency d;
      const toml::table* p = &dep_toml::package_entry(path, node, d);
      d.version = dep_toml::string_at(path, *p, "version");
      if (d.version.empty()) throw DependencyFileError(d.origin, "package '" + d.name + "' has no version");
      d.pinned = true;
      d.specifier = "==" + d.version;
      std::string category = dep_toml::string_at(path, *p, "category");
      if (!category.empty() && category != "main") d.group = "group:" + category;
      if (const toml::node* opt = p->get("optional"); opt && opt->value_or(false) && d.group.empty()) d.group = "optional";
      if (const toml::array* files = dep_toml::array_at(path, *p, "files")) read_files(path, *files, d);
      if (const toml::table* source = dep_toml::table_at(path, *p, "source")) read_source(path, *source, d);
      out.dependencies.push_back(std::move(d));
    }
  }
  // Poetry < 1.2: [metadata.files] NAME = [{file, hash}]
  if (const toml::table* metadata = dep_toml::table_at(path, root, "metadata")) {
    if (const toml::table* files = dep_toml::table_at(path, *metadata, "files")) {
      for (auto&& [key, list] : *files) {
        const toml::array* items = list.as_array();
        if (!items) throw DependencyFileError(at(path, list), "metadata.files." + std::string(key.str()) + " must be an array");
        std::string normalized = normalize_project_name(key.str());
        for (Dependency& d : out.dependencies)
          if (d.normalized == normalized && d.files.empty()) read_files(path, *items, d);
      }
    }
  }
  return out;
}

}  // namespace canary
