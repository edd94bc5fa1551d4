// Which definitions of a pack the fixtures name: `canary test` lists the rest
// as untested, `rules check --strict` refuses them.
#include <map>
#include <set>

#include "engine/compiled_pack.hpp"
#include "test_results.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

std::string qualified(const CompiledPack& pack, const std::string& id) {
  return pack.name.empty() ? id : pack.name + ":" + id;
}

// Imported definitions are "ns.NAME"; the pack's own have no dot.
bool is_own(const std::string& id) { return id.find('.') == std::string::npos; }

}  // namespace

std::vector<Definition> pack_definitions(const CompiledPack& pack, bool own_only) {
  std::vector<Definition> defs;
  for (const CompiledRule& r : pack.rules)
    if (!own_only || is_own(r.id))
      defs.push_back({qualified(pack, r.id), r.is_private ? "private rule" : "rule", r.source_file, r.source_line});
  for (const PatternSetInfo& s : pack.sets)
    if (!own_only || is_own(s.name))
      defs.push_back({qualified(pack, s.name), "pattern set", s.source_file, s.source_line});
  std::stable_sort(defs.begin(), defs.end(), [](const Definition& a, const Definition& b) {
    return a.source_file != b.source_file ? a.source_file < b.source_file : a.source_line < b.source_line;
  });
  return defs;
}

std::vector<Definition> untested_definitions(const std::vector<Definition>& defs,
                                             std::vector<ruletest::InputError>& errors) {
  // Per rule file: the bare ids its fixtures name. A definition of an imported
  // file ("python.network_calls") is named in python.*.py fixtures either way.
  std::map<std::string, std::set<std::string>> named_by_file;
  auto named_in = [&](const std::string& rule_file) -> const std::set<std::string>& {
    auto it = named_by_file.find(rule_file);
    if (it != named_by_file.end()) return it->second;
    std::set<std::string>& names = named_by_file[rule_file];
    ruletest::IdMatcher ids{fs::path(rule_file).stem().string() + "."};
    for (const fs::path& f : ruletest::find_fixtures(rule_file)) {
      ruletest::Fixture fixture;
      ruletest::load_fixture(f, rule_file, fixture, errors);
      for (const ruletest::Annotation& a : fixture.annotations) names.insert(ids.bare(a.rule));
    }
    return names;
  };
  std::vector<Definition> untested;
  for (const Definition& d : defs) {
    ruletest::IdMatcher ids{fs::path(d.source_file).stem().string() + "."};
    if (!named_in(d.source_file).count(ids.bare(d.id))) untested.push_back(d);
  }
  return untested;
}

}  // namespace canary::cli
