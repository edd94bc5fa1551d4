#include "rules_explain.hpp"

#include <hs.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/compiled_pack.hpp"
#include "engine/rule_names.hpp"
#include "engine/rule_test.hpp"
#include "exit_status.hpp"
#include "pack_set.hpp"
#include "rules_list.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kCommand = "canary rules explain";

// The name after the last '.' or ':', i.e. without the import namespace or pack name.
std::string bare_name(const std::string& id) {
  size_t dot = id.find_last_of(".:");
  return dot == std::string::npos ? id : id.substr(dot + 1);
}

// Finds the rule for "NAME" or "ns.NAME". Several rules of different
// namespaces may share a NAME: then every one is returned and none is chosen.
std::vector<int> find_rule(const CompiledPack& pack, const std::string& wanted) {
  std::vector<int> found;
  for (size_t i = 0; i < pack.rules.size(); ++i)
    if (pack.rules[i].id == wanted) return {static_cast<int>(i)};
  if (wanted.find('.') != std::string::npos) return found;
  for (size_t i = 0; i < pack.rules.size(); ++i)
    if (bare_name(pack.rules[i].id) == wanted) found.push_back(static_cast<int>(i));
  return found;
}

std::vector<FileKind> rule_kinds(const CompiledRule& r) {
  std::vector<FileKind> kinds;
  for (unsigned k = 0; k < kFileKindCount; ++k)
    if (r.kind_mask & kind_bit(static_cast<FileKind>(k))) kinds.push_back(static_cast<FileKind>(k));
  return kinds;
}

const char* atom_kind_name(Atom::Kind k) {
  switch (k) {
    case Atom::Kind::Literal: return "literal";
    case Atom::Kind::Regex: return "regex";
    case Atom::Kind::Query: return "ast";
    case Atom::Kind::Path: return "path";
  }
  return "?";
}

// Atom::source, plus the literal modifiers it does not spell.
std::string atom_text(const Atom& a) {
  std::string s = a.source;
  if (a.kind == Atom::Kind::Literal) {
    if (a.hs_flags & HS_FLAG_CASELESS) s += " nocase";
    if (a.fullword) s += " fullword";
  }
  return s;
}

// The gate of the deferred database that holds the atom's expression, if
// one does (CompiledPack::deferred): the run a file must hold for it to be
// scanned with it.
const RunGate* deferred_gate(const CompiledPack& pack, const Atom& a) {
  if (a.kind != Atom::Kind::Literal && a.kind != Atom::Kind::Regex) return nullptr;
  for (const auto& d : pack.deferred)
    if (std::binary_search(d.ids.begin(), d.ids.end(), a.hs_id)) return &d.gate;
  return nullptr;
}

std::string atom_location(const Atom& a, const dsl::SourceMap& sources) {
  if (a.text_span.file >= sources.size()) return {};
  return sources.file(a.text_span.file).path + ":" +
         std::to_string(sources.position(a.text_span.file, a.text_span.begin).line);
}

// Removes the indentation common to every non-blank line.
std::vector<std::string> dedent(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  size_t common = std::string::npos;
  for (const std::string& l : lines) {
    size_t indent = l.find_first_not_of(" \t");
    if (indent != std::string::npos) common = std::min(common, indent);
  }
  if (common == std::string::npos) common = 0;
  for (std::string& l : lines) l.erase(0, std::min(common, l.size()));
  return lines;
}

// Multi-line text from a rule file, laid out on its own: common indentation
// removed. Text that started mid-line (an atom after `$a =`, a condition on
// the `condition:` line) has a first line without its indentation, so then
// the other lines are dedented together and hang two columns in.
std::vector<std::string> hanging(const std::string& text) {
  std::vector<std::string> lines = dedent(text);
  if (lines.size() < 2 || (!lines[0].empty() && (lines[0][0] == ' ' || lines[0][0] == '\t'))) return lines;
  std::string rest;
  for (size_t i = 1; i < lines.size(); ++i) rest += lines[i] + "\n";
  std::vector<std::string> out{lines[0]};
  for (const std::string& l : dedent(rest)) out.push_back(l.empty() ? l : "  " + l);
  return out;
}

// Prints `label` in a fixed column, then `value`; lines after the first of a
// multi-line value are indented under it.
void field(std::ostream& out, const std::string& label, const std::string& value, size_t indent = 2) {
  const std::string pad(indent, ' ');
  std::string head = pad + label;
  head.resize(std::max<size_t>(head.size() + 1, indent + 13), ' ');
  std::vector<std::string> lines = dedent(value);
  if (lines.empty()) lines.push_back("");
  out << head << escape_for_terminal(lines[0]) << '\n';
  for (size_t i = 1; i < lines.size(); ++i) out << std::string(head.size(), ' ') << escape_for_terminal(lines[i]) << '\n';
}

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

std::string joined(const std::vector<std::string>& items, const char* sep) {
  std::string s;
  for (const std::string& item : items) s += (s.empty() ? "" : sep) + item;
  return s;
}

std::string qualified_id(const CompiledPack& pack, const std::string& id) {
  return pack.name.empty() ? id : pack.name + ":" + id;
}

// The annotations that name one rule in one fixture file.
struct FixtureUse {
  std::string file;           // the fixture on disk
  std::string artifact_path;  // the path it plays inside its test artifact
  std::string artifact_kind;  // "wheel", "sdist", ...
  std::vector<ruletest::Annotation> annotations;
  std::string error;  // the fixture could not be read or parsed
};

// The fixtures beside the rule's file (docs/testing.md) that name the rule.
// A rule loaded from a bundle has no file on disk, and so no fixtures.
std::vector<FixtureUse> rule_fixtures(const CompiledRule& r) {
  namespace fs = std::filesystem;
  std::vector<FixtureUse> uses;
  std::error_code ec;
  if (r.source_file.empty() || !fs::is_regular_file(r.source_file, ec)) return uses;
  ruletest::IdMatcher ids{fs::path(r.source_file).stem().string() + "."};
  const std::string wanted = ids.bare(r.id);
  for (const fs::path& f : ruletest::find_fixtures(r.source_file)) {
    ruletest::Fixture fixture;
    std::vector<ruletest::InputError> errors;
    FixtureUse use{f.string(), "", "", {}, ""};
    if (!ruletest::load_fixture(f, r.source_file, fixture, errors)) {
      use.error = errors.empty() ? "cannot read fixture" : errors.front().text();
      uses.push_back(std::move(use));
      continue;
    }
    for (const ruletest::Annotation& a : fixture.annotations)
      if (ids.bare(a.rule) == wanted) use.annotations.push_back(a);
    if (use.annotations.empty()) continue;
    use.artifact_path = fixture.artifact_path;
    use.artifact_kind = std::string(to_string(fixture.artifact));
    uses.push_back(std::move(use));
  }
  return uses;
}

// "ruleid 3, ok 2": how many annotations of each kind, in a fixed order.
std::string annotation_counts(const std::vector<ruletest::Annotation>& annotations) {
  std::map<ruletest::Expect, int> counts;
  for (const ruletest::Annotation& a : annotations) ++counts[a.kind];
  std::string s;
  for (ruletest::Expect e : {ruletest::Expect::RuleId, ruletest::Expect::Ok, ruletest::Expect::TodoRuleId,
                             ruletest::Expect::TodoOk})
    if (counts[e]) s += (s.empty() ? "" : ", ") + std::string(ruletest::to_string(e)) + " " + std::to_string(counts[e]);
  return s;
}

// "ruleid L4, ok L9, ruleid (whole file)".
std::string annotation_lines(const std::vector<ruletest::Annotation>& annotations) {
  std::string s;
  for (const ruletest::Annotation& a : annotations)
    s += (s.empty() ? "" : ", ") + std::string(ruletest::to_string(a.kind)) + " " +
         (a.line == 0 ? std::string("(whole file)") : "L" + std::to_string(a.line));
  return s;
}

void print_text(const CompiledPack& pack, const dsl::SourceMap& sources, const CompiledRule& r, std::ostream& out) {
  out << escape_for_terminal(qualified_id(pack, r.id)) << (r.is_private ? " (private)" : "") << '\n';
  field(out, "title", or_none(r.title));
  field(out, "severity", std::string(to_string(r.severity)));
  field(out, "tags", or_none(joined(r.tags, ", ")));
  field(out, "defined at", r.source_file + ":" + std::to_string(r.source_line));
  field(out, "description", or_none(r.description));
  if (r.references.empty()) field(out, "references", "(none)");
  for (size_t i = 0; i < r.references.size(); ++i) field(out, i == 0 ? "references" : "", r.references[i]);
  for (const auto& [key, value] : r.extra_meta) field(out, key, value);

  out << "\nscope\n";
  std::vector<std::string> include, exclude, kinds;
  for (const Glob& g : r.include) include.push_back(g.text());
  for (const Glob& g : r.exclude) exclude.push_back(g.text());
  for (FileKind k : rule_kinds(r)) kinds.emplace_back(to_string(k));
  field(out, "path", include.empty() ? "(any)" : joined(include, "  "));
  field(out, "exclude", or_none(joined(exclude, "  ")));
  field(out, "kind", r.kind_mask == kAllKinds ? "(any)" : joined(kinds, ", "));

  out << "\npatterns\n";
  if (r.patterns.empty()) out << "  (none)\n";
  for (const CompiledRule::Pattern& p : r.patterns) {
    out << "  $" << escape_for_terminal(p.name) << "  "
        << (p.atoms.size() == 1 ? std::string("1 atom") : std::to_string(p.atoms.size()) + " atoms") << '\n';
    for (int ai : p.atoms) {
      const Atom& a = pack.atoms.at(static_cast<size_t>(ai));
      out << "    " << atom_kind_name(a.kind) << "  at " << escape_for_terminal(atom_location(a, sources)) << '\n';
      for (const std::string& line : hanging(atom_text(a))) out << "      " << escape_for_terminal(line) << '\n';
      if (const RunGate* gate = deferred_gate(pack, a))
        out << "      deferred: scanned only in files that hold " << describe(*gate) << '\n';
    }
  }

  out << "\ncondition\n";
  for (const std::string& line : hanging(r.condition_source)) out << "  " << escape_for_terminal(line) << '\n';

  out << "\ndepends on\n";
  if (r.depends_on.empty()) out << "  (none)\n";
  for (int d : r.depends_on) {
    const CompiledRule& dep = pack.rules.at(static_cast<size_t>(d));
    out << "  " << escape_for_terminal(dep.id) << (dep.is_private ? " (private)" : "") << "  "
        << escape_for_terminal(dep.source_file) << ":" << dep.source_line << '\n';
  }

  out << "\nfixtures\n";
  std::vector<FixtureUse> fixtures = rule_fixtures(r);
  if (fixtures.empty()) out << "  (none: `canary rules check --strict` reports this rule as untested)\n";
  for (const FixtureUse& f : fixtures) {
    if (!f.error.empty()) {
      out << "  " << escape_for_terminal(f.file) << "  unreadable: " << escape_for_terminal(f.error) << '\n';
      continue;
    }
    out << "  " << escape_for_terminal(f.file) << "  " << annotation_counts(f.annotations) << '\n'
        << "    plays " << escape_for_terminal(f.artifact_path) << " (" << f.artifact_kind << "): "
        << annotation_lines(f.annotations) << '\n';
  }
}

Json to_json(const CompiledPack& pack, const dsl::SourceMap& sources, const CompiledRule& r) {
  Json meta = Json::object();
  for (const auto& [key, value] : r.extra_meta) meta[key] = value;
  Json include = Json::array(), exclude = Json::array(), kinds = Json::array();
  for (const Glob& g : r.include) include.push_back(g.text());
  for (const Glob& g : r.exclude) exclude.push_back(g.text());
  for (FileKind k : rule_kinds(r)) kinds.push_back(to_string(k));
  Json patterns = Json::array();
  for (const CompiledRule::Pattern& p : r.patterns) {
    Json atoms = Json::array();
    for (int ai : p.atoms) {
      const Atom& a = pack.atoms.at(static_cast<size_t>(ai));
      const bool located = a.text_span.file < sources.size();
      Json atom{{"kind", atom_kind_name(a.kind)},
                {"source", atom_text(a)},
                {"file", located ? sources.file(a.text_span.file).path : std::string()},
                {"line", located ? sources.position(a.text_span.file, a.text_span.begin).line : 0}};
      if (const RunGate* gate = deferred_gate(pack, a)) atom["deferred_until"] = describe(*gate);
      atoms.push_back(std::move(atom));
    }
    patterns.push_back({{"name", p.name}, {"atoms", atoms}});
  }
  Json deps = Json::array();
  for (int d : r.depends_on) deps.push_back(pack.rules.at(static_cast<size_t>(d)).id);
  Json fixtures = Json::array();
  for (const FixtureUse& f : rule_fixtures(r)) {
    Json annotations = Json::array();
    for (const ruletest::Annotation& a : f.annotations)
      annotations.push_back({{"kind", std::string(ruletest::to_string(a.kind))}, {"line", a.line}});
    Json item{{"file", f.file}, {"path", f.artifact_path}, {"artifact", f.artifact_kind},
              {"annotations", annotations}};
    if (!f.error.empty()) item["error"] = f.error;
    fixtures.push_back(item);
  }
  std::string condition;
  for (const std::string& line : hanging(r.condition_source)) condition += (condition.empty() ? "" : "\n") + line;
  return Json{{"id", qualified_id(pack, r.id)},
              {"pack", pack.name},
              {"title", r.title},
              {"severity", to_string(r.severity)},
              {"tags", r.tags},
              {"private", r.is_private},
              {"description", r.description},
              {"references", r.references},
              {"meta", meta},
              {"file", r.source_file},
              {"line", r.source_line},
              {"scope", {{"path", include}, {"exclude", exclude}, {"kinds", kinds}}},
              {"patterns", patterns},
              {"condition", condition},
              {"depends_on", deps},
              {"fixtures", fixtures}};
}

// A rule found in one of the loaded packs.
struct Found {
  const LoadedPack* lp;
  int rule;
};

// "pack:ID" looks in that pack only; a bare id or "ns.NAME" in every pack.
std::vector<Found> find_in_packs(const LoadedPackSet& set, const std::string& wanted) {
  std::vector<Found> found;
  size_t colon = wanted.find(':');
  std::string pack_name = colon == std::string::npos ? "" : wanted.substr(0, colon);
  std::string id = colon == std::string::npos ? wanted : wanted.substr(colon + 1);
  for (const LoadedPack& lp : set.packs) {
    if (colon != std::string::npos && lp.name != pack_name) continue;
    for (int i : find_rule(*lp.pack, id)) found.push_back({&lp, i});
  }
  return found;
}

void report_unknown(const std::string& wanted, const LoadedPackSet& set, const std::vector<Found>& ambiguous) {
  std::vector<std::string> ids;
  if (!ambiguous.empty()) {
    for (const Found& f : ambiguous)
      ids.push_back(qualified_id(*f.lp->pack, f.lp->pack->rules[static_cast<size_t>(f.rule)].id));
    std::cerr << kCommand << ": error: `" << escape_for_terminal(wanted) << "` names several rules; give one of: "
              << escape_for_terminal(joined(ids, ", ")) << '\n';
    return;
  }
  for (const LoadedPack& lp : set.packs)
    for (const CompiledRule& r : lp.pack->rules) ids.push_back(qualified_id(*lp.pack, r.id));
  std::vector<std::string> close = close_rule_ids(wanted, ids);
  std::cerr << kCommand << ": error: no rule `" << escape_for_terminal(wanted) << "` in the loaded packs\n";
  if (!close.empty())
    std::cerr << "  did you mean: " << escape_for_terminal(joined(close, ", ")) << "?\n";
  else
    std::cerr << "  `canary rules list --all` lists every rule\n";
}

}  // namespace

int run_rules_explain(const RulesExplainArgs& args) {
  LoadedPackSet set;
  if (!load_pack_for_tooling(kCommand, args.rule_paths, args.stdlib_dirs, set)) return kExitUsage;
  std::vector<Found> found = find_in_packs(set, args.rule);
  if (found.size() != 1) {
    report_unknown(args.rule, set, found);
    return kExitUsage;
  }
  const LoadedPack& lp = *found[0].lp;
  const CompiledRule& rule = lp.pack->rules[static_cast<size_t>(found[0].rule)];
  if (args.json)
    std::cout << to_json(*lp.pack, lp.sources, rule).dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  else
    print_text(*lp.pack, lp.sources, rule, std::cout);
  std::cout << std::flush;
  return kExitOk;
}

}  // namespace canary::cli
