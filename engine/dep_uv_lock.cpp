// uv.lock: [[package]] tables with an inline `source` (registry, git, url,
// path, directory, editable, virtual), an `sdist` and `wheels`. The project
// itself (editable or virtual ".") is not a dependency and is skipped.
#include "artifact_facts.hpp"
#include "dep_pep508.hpp"
#include "dep_toml.hpp"
#include "dependency_files.hpp"

namespace canary {
namespace {

using dep_toml::at;

void read_artifact(const std::string& path, const toml::node& node, Dependency& d) {
  const toml::table* t = node.as_table();
  if (!t) throw DependencyFileError(at(path, node), "sdist and wheels entries must be tables {url, hash, size}");
  LockedFile lf;
  lf.url = dep_toml::string_at(path, *t, "url");
  if (lf.url.empty()) lf.url = dep_toml::string_at(path, *t, "path");
  lf.name = dep_toml::url_file_name(lf.url);
  std::string hash = dep_toml::string_at(path, *t, "hash");
  if (!hash.empty()) lf.sha256 = dep_toml::add_prefixed_hash(path, node, hash, d.hashes);
  d.files.push_back(std::move(lf));
}

// Returns false for the project itself.
bool read_source(const std::string& path, const toml::table& source, Dependency& d) {
  if (std::string registry = dep_toml::string_at(path, source, "registry"); !registry.empty()) {
    d.index_url = registry;
    return true;
  }
  if (std::string git = dep_toml::string_at(path, source, "git"); !git.empty()) {
    // "https://github.com/o/r?rev=main#<commit>": the fragment is the locked commit.
    d.source = SourceKind::Vcs;
    size_t hash = git.find('#');
    std::string base = git.substr(0, hash);
    d.url = base.rfind("git+", 0) == 0 ? base : "git+" + base;
    if (hash != std::string::npos) d.vcs_ref = git.substr(hash + 1);
    return true;
  }
  if (std::string url = dep_toml::string_at(path, source, "url"); !url.empty()) {
    set_url_source(d, url);
    return true;
  }
  for (const char* key : {"editable", "virtual", "path", "directory"}) {
    std::string p = dep_toml::string_at(path, source, key);
    if (p.empty()) continue;
    if ((std::string_view(key) == "editable" || std::string_view(key) == "virtual") && (p == "." || p == "./"))
      return false;
    d.source = SourceKind::LocalPath;
    d.url = p;
    d.editable = std::string_view(key) == "editable";
    return true;
  }
  throw DependencyFileError(at(path, source), "source has none of registry, git, url, path, directory, editable, virtual");
}

}  // namespace

DependencyFile parse_uv_lock(const std::string& path, const std::string& text) {
  DependencyFile out;
  out.path = path;
  out.format = DependencyFormat::UvLock;
  out.is_lock = true;
  toml::table root = dep_toml::parse(path, text);
  const toml::node* version = root.get("version");
  if (!version || !version->is_integer())
    throw DependencyFileError({path, 1}, "no integer `version` at the top: not a uv.lock");
  const toml::array* packages = dep_toml::array_at(path, root, "package");
  if (!packages) return out;
  for (const toml::node& node : *packages) {
    Dependency d;
    const toml::table* p = &dep_toml::package_entry(path, node, d);
    d.version = dep_toml::string_at(path, *p, "version");
    const toml::table* source = dep_toml::table_at(path, *p, "source");
    if (!source) throw DependencyFileError(d.origin, "package '" + d.name + "' has no source");
    if (!read_source(path, *source, d)) continue;
    d.pinned = !d.version.empty();
    if (d.pinned) d.specifier = "==" + d.version;
    if (const toml::node* sdist = p->get("sdist")) read_artifact(path, *sdist, d);
    if (const toml::array* wheels = dep_toml::array_at(path, *p, "wheels"))
      for (const toml::node& w : *wheels) read_artifact(path, w, d);
    out.dependencies.push_back(std::move(d));
  }
  return out;
}

}  // namespace canary
