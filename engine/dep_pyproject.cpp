// pyproject.toml: PEP 621 [project] tables, PEP 735 [dependency-groups],
// [build-system] requires, and Poetry's own dependency tables.
#include <cctype>

#include "artifact_facts.hpp"
#include "dep_pep508.hpp"
#include "dep_toml.hpp"
#include "dependency_files.hpp"

namespace canary {
namespace {

using dep_toml::at;

// A list of PEP 508 strings (dependencies, an extra, a group, build requires).
void read_pep508_array(const std::string& path, const toml::array& items, const std::string& group,
                       DependencyFile& out, bool tables_allowed) {
  for (const toml::node& item : items) {
    if (item.is_table() && tables_allowed) continue;  // PEP 735 {include-group = "x"}: its group is read on its own
    const auto* s = item.as_string();
    if (!s) throw DependencyFileError(at(path, item), "a dependency must be a PEP 508 string such as \"requests>=2\"");
    Dependency d;
    d.origin = at(path, item);
    d.group = group;
    try {
      parse_pep508(s->get(), d);
    } catch (const RequirementSyntaxError& e) {
      throw DependencyFileError(d.origin, std::string(e.what()));
    }
    out.dependencies.push_back(std::move(d));
  }
}

// Poetry's version constraints: "1.2.3" and "==1.2.3" are exact; "^1.2",
// "~1.2", ">=1,<2", "1.*", "*" are ranges.
void set_poetry_constraint(Dependency& d, const std::string& constraint) {
  std::string c = constraint;
  while (!c.empty() && std::isspace(static_cast<unsigned char>(c.back()))) c.pop_back();
  d.specifier = c;
  std::string_view v = c;
  if (v.substr(0, 2) == "==") v.remove_prefix(2);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  bool exact = !v.empty() && std::isdigit(static_cast<unsigned char>(v.front())) &&
               v.find_first_of("*,|<>=^~ ") == std::string_view::npos;
  d.pinned = exact;
  d.version = exact ? std::string(v) : std::string();
}

void read_poetry_entry(const std::string& path, const std::string& name, const toml::node& value,
                       const std::string& group, DependencyFile& out) {
  Dependency d;
  d.name = name;
  d.normalized = normalize_project_name(name);
  d.group = group;
  d.origin = at(path, value);
  if (!is_project_name(name)) throw DependencyFileError(d.origin, "invalid project name '" + name + "'");
  if (const auto* s = value.as_string()) {
    if (s->get().empty()) throw DependencyFileError(d.origin, "empty version constraint for '" + name + "' (use \"*\" for any)");
    set_poetry_constraint(d, s->get());
    out.dependencies.push_back(std::move(d));
    return;
  }
  if (const toml::array* alternatives = value.as_array()) {  // multiple constraints, one per marker
    for (const toml::node& alt : *alternatives) {
      if (!alt.is_table() && !alt.is_string())
        throw DependencyFileError(at(path, alt), "each constraint of '" + name + "' must be a table or a string");
      read_poetry_entry(path, name, alt, group, out);
    }
    return;
  }
  const toml::table* t = value.as_table();
  if (!t) throw DependencyFileError(d.origin, "'" + name + "' must be a version string or a table");
  std::string version = dep_toml::string_at(path, *t, "version");
  std::string git = dep_toml::string_at(path, *t, "git");
  std::string url = dep_toml::string_at(path, *t, "url");
  std::string local = dep_toml::string_at(path, *t, "path");
  if (!git.empty()) {
    d.source = SourceKind::Vcs;
    d.url = git.rfind("git+", 0) == 0 ? git : "git+" + git;
    for (const char* key : {"rev", "tag", "branch"}) {
      std::string ref = dep_toml::string_at(path, *t, key);
      if (!ref.empty()) d.vcs_ref = ref;
    }
  } else if (!url.empty()) {
    set_url_source(d, url);
  } else if (!local.empty()) {
    d.source = SourceKind::LocalPath;
    d.url = local;
    if (const toml::node* e = t->get("develop")) d.editable = e->value_or(false);
  } else if (version.empty()) {
    throw DependencyFileError(d.origin, "'" + name + "' has none of version, git, url or path");
  }
  if (!version.empty()) set_poetry_constraint(d, version);
  d.marker = dep_toml::string_at(path, *t, "markers");
  std::string python = dep_toml::string_at(path, *t, "python");
  if (!python.empty()) d.marker += (d.marker.empty() ? "" : " and ") + std::string("python ") + python;
  if (const toml::array* extras = dep_toml::array_at(path, *t, "extras"))
    for (const toml::node& e : *extras)
      if (const auto* s = e.as_string()) d.extras.push_back(normalize_project_name(s->get()));
  std::string source = dep_toml::string_at(path, *t, "source");
  if (!source.empty()) d.index_url = source;  // the name of a [[tool.poetry.source]]
  out.dependencies.push_back(std::move(d));
}

void read_poetry_table(const std::string& path, const toml::table& deps, const std::string& group, DependencyFile& out) {
  for (auto&& [key, value] : deps) {
    std::string name(key.str());
    if (name == "python") continue;  // the interpreter constraint, not a package
    read_poetry_entry(path, name, value, group, out);
  }
}

}  // namespace

DependencyFile parse_pyproject(const std::string& path, const std::string& text) {
  DependencyFile out;
  out.path = path;
  out.format = DependencyFormat::Pyproject;
  toml::table root = dep_toml::parse(path, text);
  if (const toml::table* build = dep_toml::table_at(path, root, "build-system"))
    if (const toml::array* requires_ = dep_toml::array_at(path, *build, "requires"))
      read_pep508_array(path, *requires_, "build-system", out, false);
  if (const toml::table* project = dep_toml::table_at(path, root, "project")) {
    if (const toml::array* deps = dep_toml::array_at(path, *project, "dependencies"))
      read_pep508_array(path, *deps, "", out, false);
    if (const toml::table* optional = dep_toml::table_at(path, *project, "optional-dependencies")) {
      for (auto&& [extra, list] : *optional) {
        const toml::array* items = list.as_array();
        if (!items) throw DependencyFileError(at(path, list), "optional-dependencies." + std::string(extra.str()) + " must be an array");
        read_pep508_array(path, *items, "extra:" + std::string(extra.str()), out, false);
      }
    }
  }
  if (const toml::table* groups = dep_toml::table_at(path, root, "dependency-groups")) {
    for (auto&& [group, list] : *groups) {
      const toml::array* items = list.as_array();
      if (!items) throw DependencyFileError(at(path, list), "dependency-groups." + std::string(group.str()) + " must be an array");
      read_pep508_array(path, *items, "group:" + std::string(group.str()), out, true);
    }
  }
  const toml::table* tool = dep_toml::table_at(path, root, "tool");
  const toml::table* poetry = tool ? dep_toml::table_at(path, *tool, "poetry") : nullptr;
  if (poetry) {
    if (const toml::table* deps = dep_toml::table_at(path, *poetry, "dependencies")) read_poetry_table(path, *deps, "", out);
    if (const toml::table* dev = dep_toml::table_at(path, *poetry, "dev-dependencies"))
      read_poetry_table(path, *dev, "group:dev", out);
    if (const toml::table* groups = dep_toml::table_at(path, *poetry, "group")) {
      for (auto&& [group, body] : *groups) {
        const toml::table* g = body.as_table();
        if (!g) throw DependencyFileError(at(path, body), "tool.poetry.group." + std::string(group.str()) + " must be a table");
        if (const toml::table* deps = dep_toml::table_at(path, *g, "dependencies"))
          read_poetry_table(path, *deps, "group:" + std::string(group.str()), out);
      }
    }
  }
  return out;
}

}  // namespace canary
