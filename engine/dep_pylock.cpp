// pylock.toml (PEP 751): lock-version, then [[packages]] each with exactly one
// source: vcs, directory, archive, or an index's sdist and/or wheels.
#include "artifact_facts.hpp"

#include <cctype>
#include "dep_pep508.hpp"
#include "dep_toml.hpp"
#include "dependency_files.hpp"

namespace canary {
namespace {

using dep_toml::at;

// hashes = {sha256 = "HEX", ...}
std::string read_hashes(const std::string& path, const toml::table& file, Dependency& d) {
  const toml::table* hashes = dep_toml::table_at(path, file, "hashes");
  if (!hashes) return {};
  std::string sha256;
  for (auto&& [algo, value] : *hashes) {
    const auto* hex = value.as_string();
    if (!hex) throw DependencyFileError(at(path, value), "hashes." + std::string(algo.str()) + " must be a string");
    std::string spec = std::string(algo.str()) + ":" + hex->get();
    if (algo.str() != "sha256" && algo.str() != "sha384" && algo.str() != "sha512") continue;  // PEP 751 allows others
    sha256 = dep_toml::add_prefixed_hash(path, value, spec, d.hashes);
    if (algo.str() == "sha256") break;
  }
  if (const toml::node* s = hashes->get("sha256"); s && s->is_string()) {
    std::string hex(s->as_string()->get());
    for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return hex;
  }
  return sha256;
}

void read_file(const std::string& path, const toml::node& node, Dependency& d) {
  const toml::table* t = node.as_table();
  if (!t) throw DependencyFileError(at(path, node), "sdist, wheels and archive entries must be tables");
  LockedFile lf;
  lf.url = dep_toml::string_at(path, *t, "url");
  if (lf.url.empty()) lf.url = dep_toml::string_at(path, *t, "path");
  lf.name = dep_toml::string_at(path, *t, "name");
  if (lf.name.empty()) lf.name = dep_toml::url_file_name(lf.url);
  lf.sha256 = read_hashes(path, *t, d);
  d.files.push_back(std::move(lf));
}

}  // namespace

DependencyFile parse_pylock(const std::string& path, const std::string& text) {
  DependencyFile out;
  out.path = path;
  out.format = DependencyFormat::Pylock;
  out.is_lock = true;
  toml::table root = dep_toml::parse(path, text);
  std::string lock_version = dep_toml::string_at(path, root, "lock-version");
  if (lock_version.empty()) throw DependencyFileError({path, 1}, "no `lock-version`: not a pylock.toml (PEP 751)");
  if (lock_version.substr(0, 2) != "1.")
    throw DependencyFileError(at(path, *root.get("lock-version")),
                              "lock-version " + lock_version + " is not 1.x, the version canary reads");
  const toml::array* packages = dep_toml::array_at(path, root, "packages");
  if (!packages) return out;
  for (const toml::node& node : *packages) {
    const toml::table* p = node.as_table();
    if (!p) throw DependencyFileError(at(path, node), "packages entries must be tables");
    Dependency d;
    d.origin = at(path, node);
    d.name = dep_toml::string_at(path, *p, "name");
    if (!is_project_name(d.name)) throw DependencyFileError(d.origin, "[[packages]] without a valid name");
    d.normalized = normalize_project_name(d.name);
    d.version = dep_toml::string_at(path, *p, "version");
    d.marker = dep_toml::string_at(path, *p, "marker");
    d.index_url = dep_toml::string_at(path, *p, "index");
    if (const toml::table* vcs = dep_toml::table_at(path, *p, "vcs")) {
      std::string type = dep_toml::string_at(path, *vcs, "type");
      std::string url = dep_toml::string_at(path, *vcs, "url");
      if (url.empty()) url = dep_toml::string_at(path, *vcs, "path");
      d.source = SourceKind::Vcs;
      d.url = (type.empty() ? "git" : type) + "+" + url;
      d.vcs_ref = dep_toml::string_at(path, *vcs, "commit-id");
      if (d.vcs_ref.empty()) throw DependencyFileError(at(path, *vcs), "vcs of '" + d.name + "' has no commit-id (PEP 751 requires one)");
    } else if (const toml::table* dir = dep_toml::table_at(path, *p, "directory")) {
      d.source = SourceKind::LocalPath;
      d.url = dep_toml::string_at(path, *dir, "path");
      if (const toml::node* e = dir->get("editable")) d.editable = e->value_or(false);
    } else if (const toml::node* archive = p->get("archive")) {
      read_file(path, *archive, d);
      set_url_source(d, d.files.back().url);
    } else {
      if (const toml::node* sdist = p->get("sdist")) read_file(path, *sdist, d);
      if (const toml::array* wheels = dep_toml::array_at(path, *p, "wheels"))
        for (const toml::node& w : *wheels) read_file(path, w, d);
      if (d.files.empty())
        throw DependencyFileError(d.origin, "package '" + d.name + "' has no vcs, directory, archive, sdist or wheels");
    }
    d.pinned = !d.version.empty() || (d.source == SourceKind::Vcs && is_commit_id(d.vcs_ref));
    if (!d.version.empty()) d.specifier = "==" + d.version;
    out.dependencies.push_back(std::move(d));
  }
  return out;
}

}  // namespace canary
