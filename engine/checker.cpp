#include "checker.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "hs_util.hpp"
#include "query.hpp"
#include "regex_literals.hpp"
#include "regex_runs.hpp"
#include "release_facts.hpp"

namespace canary {
namespace {

using dsl::Expr;
using dsl::ExprKind;
using dsl::Span;

struct FactInfo {
  const char* name;
  Fact fact;
  ValueType type;
};
constexpr FactInfo kFacts[] = {
    {"file.path", Fact::FilePath, ValueType::String},
    {"file.name", Fact::FileName, ValueType::String},
    {"file.size", Fact::FileSize, ValueType::Int},
    {"file.depth", Fact::FileDepth, ValueType::Int},
    {"file.kind", Fact::FileKind, ValueType::String},
    {"file.unsafe_path", Fact::FileUnsafePath, ValueType::Bool},
    {"file.is_symlink", Fact::FileIsSymlink, ValueType::Bool},
    {"file.truncated", Fact::FileTruncated, ValueType::Bool},
    {"artifact.kind", Fact::ArtifactKind, ValueType::String},
    {"pth.exec_lines", Fact::PthExecLines, ValueType::Int},
    {"pth.path_lines", Fact::PthPathLines, ValueType::Int},
    {"pth.comment_lines", Fact::PthCommentLines, ValueType::Int},
    {"pth.known_shim", Fact::PthKnownShim, ValueType::Bool},
    {"file.is_hardlink", Fact::FileIsHardlink, ValueType::Bool},
    {"file.is_special", Fact::FileIsSpecial, ValueType::Bool},
    {"file.duplicate", Fact::FileDuplicate, ValueType::Bool},
    {"file.index", Fact::FileIndex, ValueType::Int},
    {"file.declared_size", Fact::FileDeclaredSize, ValueType::Int},
    {"file.compressed_size", Fact::FileCompressedSize, ValueType::Int},
    {"file.compression_ratio", Fact::FileCompressionRatio, ValueType::Int},
    {"file.bomb", Fact::FileBomb, ValueType::Bool},
    {"file.size_mismatch", Fact::FileSizeMismatch, ValueType::Bool},
    {"file.crc_mismatch", Fact::FileCrcMismatch, ValueType::Bool},
    {"file.sha256", Fact::FileSha256, ValueType::String},
    {"file.record_status", Fact::FileRecordStatus, ValueType::String},
    {"file.record_absent", Fact::FileRecordAbsent, ValueType::Int},
    {"file.metadata_name", Fact::FileMetadataName, ValueType::String},
    {"file.metadata_version", Fact::FileMetadataVersion, ValueType::String},
    {"artifact.name", Fact::ArtifactName, ValueType::String},
    {"artifact.version", Fact::ArtifactVersion, ValueType::String},
    {"artifact.pure_python", Fact::ArtifactPurePython, ValueType::Bool},
    {"artifact.entry_count", Fact::ArtifactEntryCount, ValueType::Int},
    {"artifact.declared_bytes", Fact::ArtifactDeclaredBytes, ValueType::Int},
    {"file.decoded", Fact::FileDecoded, ValueType::Bool},
    {"file.decode_depth", Fact::FileDecodeDepth, ValueType::Int},
    {"file.decode_chain", Fact::FileDecodeChain, ValueType::String},
    {"file.decoded_blobs", Fact::FileDecodedBlobs, ValueType::Int},
    {"file.marshal_blobs", Fact::FileMarshalBlobs, ValueType::Int},
    {"file.known_bad", Fact::FileKnownBad, ValueType::Bool},
    {"file.ioc_hits", Fact::FileIocHits, ValueType::Int},
    {"artifact.sha256", Fact::ArtifactSha256, ValueType::String},
    {"artifact.known_bad", Fact::ArtifactKnownBad, ValueType::Bool},
    {"artifact.typosquat_of", Fact::ArtifactTyposquatOf, ValueType::String},
    {"artifact.typosquat_kind", Fact::ArtifactTyposquatKind, ValueType::String},
    {"file.archive_depth", Fact::FileArchiveDepth, ValueType::Int},
    {"file.archive_index", Fact::FileArchiveIndex, ValueType::Int},
    {"file.archive_not_opened", Fact::FileArchiveNotOpened, ValueType::String},
    {"file.longest_line", Fact::FileLongestLine, ValueType::Int},
};

bool is_fact_namespace(std::string_view ns) {
  return ns == "file" || ns == "artifact" || ns == "pth" || ns == "release";
}

// The type of a `release.X` fact, from its value in an empty ReleaseFacts.
std::optional<ValueType> release_fact_type(const std::string& name) {
  ReleaseFactValue v;
  if (!get_release_fact(ReleaseFacts{}, name, v)) return std::nullopt;
  switch (v.type) {
    case ReleaseFactValue::Type::Bool: return ValueType::Bool;
    case ReleaseFactValue::Type::Int: return ValueType::Int;
    case ReleaseFactValue::Type::String: return ValueType::String;
  }
  return std::nullopt;
}

// The condition as written, for tooling: everything after `condition:` up to
// the rule's closing brace (so parentheses and comments around the
// expression are kept), without leading blank lines or trailing space.
std::string condition_text(const std::string& file_text, const dsl::Rule& r) {
  const size_t begin = std::min<size_t>(r.condition.span.begin, file_text.size());
  const size_t end = std::min<size_t>(r.span.end, file_text.size());
  if (end <= begin) return {};
  size_t keyword = file_text.rfind("condition", begin);
  size_t start = begin;
  if (keyword != std::string::npos && keyword >= r.span.begin) {
    size_t colon = file_text.find(':', keyword);
    if (colon != std::string::npos && colon < begin) start = colon + 1;
  }
  size_t stop = file_text.rfind('}', end - 1);
  if (stop == std::string::npos || stop < begin) stop = end;
  std::string text = file_text.substr(start, stop - start);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  size_t line_start = text.rfind('\n', first);
  text.erase(0, line_start == std::string::npos ? first : line_start + 1);
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  return text;
}

// With its article, for messages: "a bool", "an integer".
const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::Bool: return "a bool";
    case ValueType::Int: return "an integer";
    default: return "a string";
  }
}

const char* plural_name(ValueType t) {
  switch (t) {
    case ValueType::Bool: return "bools";
    case ValueType::Int: return "integers";
    default: return "strings";
  }
}

Span inner(Span s, uint32_t offset) {
  Span r = s;
  r.begin = s.begin + offset;
  r.end = r.begin + 1;
  return r;
}

// Everything the checker builds up while walking the units.
class Checker {
 public:
  Checker(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources, dsl::Diagnostics& diags)
      : units_(units), sources_(sources), diags_(diags), pack_(std::make_unique<CompiledPack>()) {}

  std::unique_ptr<CompiledPack> run(bool check_only);

 private:
  struct SetInfo {
    int unit;
    const dsl::PatternSet* ast;
    std::vector<int> atoms;
    int state = 0;  // 0 new, 1 resolving, 2 done
  };
  struct RuleInfo {
    int unit;
    const dsl::Rule* ast;
  };

  void declare();
  int compile_atom(const dsl::Pattern& p);  // -1 on error
  bool resolve_set(int set);
  int find_set(int unit, const std::string& dotted, Span where);
  int find_rule(int unit, const std::string& dotted) const;
  std::vector<int> rules_with_prefix(int unit, const std::string& dotted) const;
  void compile_rule(int index);
  void compile_meta(const dsl::Rule& r, CompiledRule& out);
  void compile_scope(const dsl::Rule& r, CompiledRule& out);
  CExpr resolve(const Expr& e, int unit, const dsl::Rule& ast, CompiledRule& rule, std::vector<bool>& used, int depth);
  CExpr expect(const Expr& e, ValueType want, int unit, const dsl::Rule& ast, CompiledRule& rule, std::vector<bool>& used,
               int depth);
  void order_rules();
  void build_database();
  void build_kind_databases();
  hs_database_t* compile_multi(const std::vector<std::string>& exprs, const std::vector<unsigned>& flags,
                               const std::vector<unsigned>& ids);
  std::string last_db_error_;
  bool database_failed_ = false;
  std::vector<char> deferred_;  // by Hyperscan id: left out of the pack's database
  // The pack's database as given to Hyperscan, by id, for the per-kind ones.
  std::vector<std::string> db_exprs_;
  std::vector<unsigned> db_flags_;
  MatchRegexes match_regexes_;  // #match? regexes, each compiled once per pack

  const std::vector<RuleUnit>& units_;
  const dsl::SourceMap& sources_;
  dsl::Diagnostics& diags_;
  std::unique_ptr<CompiledPack> pack_;

  std::vector<SetInfo> sets_;
  std::vector<RuleInfo> rule_infos_;
  std::vector<std::map<std::string, int>> unit_rules_;  // per unit: name -> rule index
  std::vector<std::map<std::string, int>> unit_sets_;   // per unit: name -> set index
  std::map<std::string, int> global_rules_;             // pack files' rules
  std::map<std::string, int> global_sets_;
};

// Claims `name` for declaration `index` in its file's table and, for a file of
// the pack, in the pack-wide table. Returns the earlier declaration's index on
// a clash (and leaves no entry behind), -1 when the name was free.
int claim(std::map<std::string, int>& local, std::map<std::string, int>* global, const std::string& name, int index) {
  auto [it, fresh] = local.emplace(name, index);
  if (!fresh) return it->second;
  if (global) {
    auto [git, gfresh] = global->emplace(name, index);
    if (!gfresh) {
      local.erase(it);
      return git->second;
    }
  }
  return -1;
}

void Checker::declare() {
  unit_rules_.resize(units_.size());
  unit_sets_.resize(units_.size());
  auto dup = [&](Span at, Span first, const std::string& what, const std::string& name) {
    dsl::Diagnostic d;
    d.code = "E002";
    d.span = at;
    d.message = "duplicate " + what + " `" + name + "`";
    d.notes.push_back({first, "first declared here"});
    diags_.add(std::move(d));
  };
  for (size_t u = 0; u < units_.size(); ++u) {
    const RuleUnit& unit = units_[u];
    for (const dsl::PatternSet& s : unit.ast.pattern_sets) {
      int earlier = claim(unit_sets_[u], unit.in_pack ? &global_sets_ : nullptr, s.name,
                          static_cast<int>(sets_.size()));
      if (earlier >= 0) {
        dup(s.name_span, sets_[earlier].ast->name_span, "pattern set", s.name);
        continue;
      }
      sets_.push_back({static_cast<int>(u), &s, {}, 0});
    }
    for (const dsl::Rule& r : unit.ast.rules) {
      int earlier = claim(unit_rules_[u], unit.in_pack ? &global_rules_ : nullptr, r.name,
                          static_cast<int>(rule_infos_.size()));
      if (earlier >= 0) {
        dup(r.name_span, rule_infos_[earlier].ast->name_span, "rule", r.name);
        continue;
      }
      rule_infos_.push_back({static_cast<int>(u), &r});
      CompiledRule cr;
      cr.id = unit.ns.empty() ? r.name : unit.ns + "." + r.name;
      cr.is_private = r.is_private;
      cr.tags = r.tags;
      cr.source_file = sources_.file(unit.ast.file).path;
      cr.source_line = sources_.position(unit.ast.file, r.name_span.begin).line;
      cr.condition_source = condition_text(sources_.file(unit.ast.file).text, r);
      pack_->rules.push_back(std::move(cr));
    }
  }
}

int Checker::compile_atom(const dsl::Pattern& p) {
  Atom a;
  a.text_span = p.text_span;
  switch (p.kind) {
    case dsl::PatternKind::Literal:
      if (p.text.empty()) {
        diags_.error("E005", p.text_span, "empty literal");
        return -1;
      }
      a.kind = Atom::Kind::Literal;
      a.source = "\"" + p.text + "\"";
      a.literal_len = static_cast<uint32_t>(p.text.size());
      a.hs_expr = escape_literal(p.text);
      a.hs_flags = p.nocase ? HS_FLAG_CASELESS : 0;
      a.start_known = true;
      a.fullword = p.fullword;
      break;
    case dsl::PatternKind::Regex: {
      unsigned flags = 0;
      char bad = 0;
      if (!regex_flags_to_hs(p.flags, flags, bad)) {
        diags_.error("E005", p.span, std::string("unknown regex flag `") + bad + "` (known: i, s, m)");
        return -1;
      }
      // Hyperscan reads a C string: it would compile only the text before a
      // NUL, while the rest of the engine (run gates) reads all of it.
      if (const size_t nul = p.text.find('\0'); nul != std::string::npos) {
        diags_.error("E005", inner(p.text_span, static_cast<uint32_t>(nul)),
                     "invalid regex: a regex cannot hold a NUL byte (write \\x00)");
        return -1;
      }
      // Validated when the pack's database is built (build_database), which
      // compiles every regex once; start-of-match tracking is skipped for
      // large bounded repeats, whose compile time it makes explode.
      a.kind = Atom::Kind::Regex;
      a.source = "/" + p.text + "/" + p.flags;
      a.start_known = !has_large_repeat(p.text);
      a.hs_expr = p.text;
      a.hs_flags = flags | (a.start_known ? HS_FLAG_SOM_LEFTMOST : 0);
      break;
    }
    case dsl::PatternKind::Query: {
      std::vector<QueryProblem> problems;
      auto q = CompiledQuery::compile(p.text, problems, &match_regexes_);
      for (const QueryProblem& qp : problems) diags_.error(qp.code, inner(p.text_span, qp.offset), qp.message);
      if (!q) return -1;
      a.kind = Atom::Kind::Query;
      a.source = "ast `" + p.text + "`";
      a.query_text = p.text;
      a.query = static_cast<int>(pack_->queries.size());
      pack_->queries.push_back(std::move(q));
      break;
    }
    case dsl::PatternKind::Path: {
      std::string error;
      if (!Glob::compile(p.text, a.glob, error)) {
        diags_.error("E011", p.text_span, "invalid glob: " + error);
        return -1;
      }
      a.kind = Atom::Kind::Path;
      a.source = "path \"" + p.text + "\"";
      break;
    }
    case dsl::PatternKind::SetRef:
      return -1;  // handled by the caller
  }
  pack_->atoms.push_back(std::move(a));
  return static_cast<int>(pack_->atoms.size() - 1);
}

int Checker::find_set(int unit, const std::string& dotted, Span where) {
  size_t dot = dotted.find('.');
  if (dot == std::string::npos) {
    auto& local = unit_sets_[unit];
    if (auto it = local.find(dotted); it != local.end()) return it->second;
    if (units_[unit].in_pack)
      if (auto it = global_sets_.find(dotted); it != global_sets_.end()) return it->second;
    diags_.error("E004", where, "unknown pattern set `" + dotted + "`");
    return -1;
  }
  std::string ns = dotted.substr(0, dot), name = dotted.substr(dot + 1);
  auto imp = units_[unit].imports.find(ns);
  if (imp == units_[unit].imports.end()) {
    diags_.error("E004", where, "unknown namespace `" + ns + "`: add `import \"" + ns + "\"`");
    return -1;
  }
  auto& sets = unit_sets_[imp->second];
  if (auto it = sets.find(name); it != sets.end()) return it->second;
  diags_.error("E004", where, "`" + ns + "` has no pattern set `" + name + "`");
  return -1;
}

bool Checker::resolve_set(int s) {
  SetInfo& info = sets_[s];
  if (info.state == 2) return true;
  if (info.state == 1) {
    diags_.error("E004", info.ast->name_span, "pattern set `" + info.ast->name + "` includes itself");
    return false;
  }
  info.state = 1;
  bool ok = true;
  std::vector<int> atoms;
  for (const dsl::Pattern& p : info.ast->patterns) {
    if (p.kind == dsl::PatternKind::SetRef) {
      int other = find_set(info.unit, p.text, p.text_span);
      if (other < 0 || !resolve_set(other)) {
        ok = false;
        continue;
      }
      atoms.insert(atoms.end(), sets_[other].atoms.begin(), sets_[other].atoms.end());
    } else {
      int a = compile_atom(p);
      if (a < 0) ok = false;
      else atoms.push_back(a);
    }
  }
  sets_[s].atoms = std::move(atoms);
  sets_[s].state = 2;
  return ok;
}

int Checker::find_rule(int unit, const std::string& dotted) const {
  size_t dot = dotted.find('.');
  if (dot == std::string::npos) {
    auto& local = unit_rules_[unit];
    if (auto it = local.find(dotted); it != local.end()) return it->second;
    if (units_[unit].in_pack)
      if (auto it = global_rules_.find(dotted); it != global_rules_.end()) return it->second;
    return -1;
  }
  auto imp = units_[unit].imports.find(dotted.substr(0, dot));
  if (imp == units_[unit].imports.end()) return -1;
  auto& rules = unit_rules_[imp->second];
  auto it = rules.find(dotted.substr(dot + 1));
  return it == rules.end() ? -1 : it->second;
}

std::vector<int> Checker::rules_with_prefix(int unit, const std::string& dotted) const {
  std::vector<int> out;
  auto collect = [&](const std::map<std::string, int>& table, const std::string& prefix) {
    for (auto it = table.lower_bound(prefix); it != table.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
      if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  };
  size_t dot = dotted.find('.');
  if (dot == std::string::npos) {
    collect(unit_rules_[unit], dotted);
    if (units_[unit].in_pack) collect(global_rules_, dotted);
  } else if (auto imp = units_[unit].imports.find(dotted.substr(0, dot)); imp != units_[unit].imports.end()) {
    collect(unit_rules_[imp->second], dotted.substr(dot + 1));
  }
  return out;
}

void Checker::compile_meta(const dsl::Rule& r, CompiledRule& out) {
  bool has_title = false, has_severity = false;
  for (const dsl::MetaEntry& m : r.meta) {
    const dsl::MetaValue& v = m.value;
    auto want_string = [&](std::string& dst) {
      if (v.kind != dsl::MetaValue::Kind::String) {
        diags_.error("E007", v.span, "meta `" + m.key + "` must be a string");
        return false;
      }
      dst = v.text;
      return true;
    };
    if (m.key == "title") {
      has_title = true;  // present; a wrong type is reported by want_string
      if (want_string(out.title) && out.title.find('\n') != std::string::npos)
        diags_.error("E007", v.span, "meta `title` must be one line");
    } else if (m.key == "description") {
      want_string(out.description);
    } else if (m.key == "severity") {
      has_severity = true;
      if (v.kind != dsl::MetaValue::Kind::Ident && v.kind != dsl::MetaValue::Kind::String) {
        diags_.error("E008", v.span, "severity must be one of info, low, medium, high, critical");
      } else if (!parse_severity(v.text, out.severity)) {
        diags_.error("E008", v.span, "unknown severity `" + v.text + "` (expected info, low, medium, high or critical)");
      }
    } else if (m.key == "references") {
      if (v.kind == dsl::MetaValue::Kind::List) out.references = v.items;
      else if (v.kind == dsl::MetaValue::Kind::String) out.references = {v.text};
      else diags_.error("E007", v.span, "meta `references` must be a string or a list of strings");
    } else {
      std::string text;
      switch (v.kind) {
        case dsl::MetaValue::Kind::Int: text = std::to_string(v.number); break;
        case dsl::MetaValue::Kind::Bool: text = v.boolean ? "true" : "false"; break;
        case dsl::MetaValue::Kind::List:
          for (size_t i = 0; i < v.items.size(); ++i) text += (i ? ", " : "") + v.items[i];
          break;
        default: text = v.text;
      }
      out.extra_meta.emplace_back(m.key, text);
    }
  }
  if (!r.is_private) {
    if (!has_title) diags_.error("E007", r.name_span, "rule `" + r.name + "` has no meta `title` (required for public rules)");
    if (!has_severity)
      diags_.error("E007", r.name_span, "rule `" + r.name + "` has no meta `severity` (required for public rules)");
  }
}

void Checker::compile_scope(const dsl::Rule& r, CompiledRule& out) {
  out.kind_mask = kAllKinds;
  bool kind_seen = false;
  for (const dsl::ScopeEntry& s : r.scope) {
    if (s.key == "path" || s.key == "exclude") {
      if (s.values_are_identifiers) {
        diags_.error("E011", s.key_span, "`" + s.key + "` takes glob strings, e.g. \"*.pth\"");
        continue;
      }
      for (size_t i = 0; i < s.values.size(); ++i) {
        Glob g;
        std::string error;
        if (!Glob::compile(s.values[i], g, error)) {
          diags_.error("E011", s.value_spans[i], "invalid glob: " + error);
          continue;
        }
        (s.key == "path" ? out.include : out.exclude).push_back(std::move(g));
      }
    } else if (s.key == "kind") {
      if (!kind_seen) out.kind_mask = 0;
      kind_seen = true;
      for (size_t i = 0; i < s.values.size(); ++i) {
        FileKind k;
        if (!parse_file_kind(s.values[i], k)) {
          diags_.error("E011", s.value_spans[i],
                       "unknown file kind `" + s.values[i] +
                           "` (known: python, setup_py, pth, build_config, native, metadata, text, binary)");
          continue;
        }
        out.kind_mask |= kind_bit(k);
      }
    } else {
      diags_.error("E011", s.key_span, "unknown scope key `" + s.key + "` (known: path, exclude, kind)");
    }
  }
}

CExpr Checker::expect(const Expr& e, ValueType want, int unit, const dsl::Rule& ast, CompiledRule& rule,
                      std::vector<bool>& used, int depth) {
  CExpr c = resolve(e, unit, ast, rule, used, depth);
  if (c.type != want) {
    if (c.type != ValueType::Error)
      diags_.error("E010", e.span, std::string("expected ") + type_name(want) + ", found " + type_name(c.type));
    c = CExpr{};
    c.type = want;
    c.op = want == ValueType::Int ? CExpr::Op::Int : want == ValueType::String ? CExpr::Op::String : CExpr::Op::Bool;
  }
  return c;
}

CExpr Checker::resolve(const Expr& e, int unit, const dsl::Rule& ast, CompiledRule& rule, std::vector<bool>& used,
                       int depth) {
  CExpr c;
  if (depth > 512) {
    diags_.error("E010", e.span, "condition nested too deeply");
    return c;
  }
  auto pattern_index = [&](const std::string& name, Span where) {
    for (size_t i = 0; i < ast.patterns.size(); ++i)
      if (ast.patterns[i].name == name) {
        used[i] = true;
        return static_cast<int>(i);
      }
    diags_.error("E003", where, "unknown pattern `$" + name + "` in the condition of `" + ast.name + "`");
    return -1;
  };
  switch (e.kind) {
    case ExprKind::Bool:
      c.op = CExpr::Op::Bool;
      c.boolean = e.boolean;
      return c;
    case ExprKind::Int:
      c.op = CExpr::Op::Int;
      c.type = ValueType::Int;
      c.number = e.number;
      return c;
    case ExprKind::String:
      c.op = CExpr::Op::String;
      c.type = ValueType::String;
      c.text = e.text;
      return c;
    case ExprKind::Regex:
      diags_.error("E010", e.span, "a regex can only stand on the right of `matches`");
      c.type = ValueType::Error;
      return c;
    case ExprKind::PatternMatch:
    case ExprKind::PatternCount:
      c.op = e.kind == ExprKind::PatternMatch ? CExpr::Op::PatternMatch : CExpr::Op::PatternCount;
      c.type = e.kind == ExprKind::PatternMatch ? ValueType::Bool : ValueType::Int;
      c.pattern = pattern_index(e.text, e.span);
      if (c.pattern < 0) c.op = c.type == ValueType::Bool ? CExpr::Op::Bool : CExpr::Op::Int;
      return c;
    case ExprKind::Of: {
      c.op = CExpr::Op::Of;
      c.quant = static_cast<CExpr::Quant>(e.quantifier);
      c.quantity = e.quantity;
      if (e.of_them) {
        for (size_t i = 0; i < ast.patterns.size(); ++i) {
          c.of_patterns.push_back(static_cast<int>(i));
          used[i] = true;
        }
        if (ast.patterns.empty()) diags_.error("E003", e.span, "`them` but rule `" + ast.name + "` has no patterns");
      }
      for (const dsl::OfItem& item : e.of_items) {
        if (item.is_pattern) {
          if (!item.wildcard) {
            int p = pattern_index(item.name, item.span);
            if (p >= 0) c.of_patterns.push_back(p);
            continue;
          }
          bool any = false;
          for (size_t i = 0; i < ast.patterns.size(); ++i)
            if (ast.patterns[i].name.compare(0, item.name.size(), item.name) == 0) {
              c.of_patterns.push_back(static_cast<int>(i));
              used[i] = true;
              any = true;
            }
          if (!any) diags_.error("E003", item.span, "no pattern of `" + ast.name + "` starts with `$" + item.name + "`");
        } else {
          std::vector<int> found;
          if (item.wildcard) found = rules_with_prefix(unit, item.name);
          else if (int r = find_rule(unit, item.name); r >= 0) found.push_back(r);
          if (found.empty())
            diags_.error("E004", item.span, item.wildcard ? "no rule starts with `" + item.name + "`"
                                                          : "unknown rule `" + item.name + "`");
          for (int r : found) {
            c.of_rules.push_back(r);
            rule.depends_on.push_back(r);
          }
        }
      }
      int64_t n = static_cast<int64_t>(c.of_patterns.size() + c.of_rules.size());
      if (c.quant == CExpr::Quant::AtLeast && (c.quantity < 0 || c.quantity > n) && n > 0)
        diags_.error("E010", e.span,
                     std::to_string(c.quantity) + " of " + std::to_string(n) + " items can never be true");
      return c;
    }
    case ExprKind::Name: {
      size_t dot = e.text.find('.');
      if (dot != std::string::npos && is_fact_namespace(std::string_view(e.text).substr(0, dot))) {
        if (e.text.starts_with("release.")) {
          if (auto type = release_fact_type(e.text)) {
            c.op = CExpr::Op::Fact;
            c.fact = Fact::Release;
            c.text = e.text;
            c.type = *type;
            return c;
          }
          std::string known;
          for (std::string_view n : release_fact_names()) known += std::string(known.empty() ? "" : ", ") + std::string(n);
          diags_.error("E004", e.span, "unknown fact `" + e.text + "` (known: " + known + ")");
          c.type = ValueType::Error;
          return c;
        }
        for (const FactInfo& f : kFacts)
          if (e.text == f.name) {
            c.op = CExpr::Op::Fact;
            c.fact = f.fact;
            c.type = f.type;
            return c;
          }
        std::string known;
        for (const FactInfo& f : kFacts)
          if (std::string_view(f.name).substr(0, dot + 1) == std::string_view(e.text).substr(0, dot + 1))
            known += std::string(known.empty() ? "" : ", ") + f.name;
        diags_.error("E004", e.span, "unknown fact `" + e.text + "` (known: " + known + ")");
        c.type = ValueType::Error;
        return c;
      }
      int r = find_rule(unit, e.text);
      if (r < 0) {
        diags_.error("E004", e.span, "unknown identifier `" + e.text + "` (not a rule or a fact)");
        c.type = ValueType::Error;
        return c;
      }
      c.op = CExpr::Op::RuleRef;
      c.rule = r;
      rule.depends_on.push_back(r);
      return c;
    }
    case ExprKind::Not:
      c.op = CExpr::Op::Not;
      c.kids.push_back(expect(e.children.at(0), ValueType::Bool, unit, ast, rule, used, depth + 1));
      return c;
    case ExprKind::And:
    case ExprKind::Or:
      c.op = e.kind == ExprKind::And ? CExpr::Op::And : CExpr::Op::Or;
      for (const Expr& k : e.children) c.kids.push_back(expect(k, ValueType::Bool, unit, ast, rule, used, depth + 1));
      return c;
    case ExprKind::Add:
      c.op = e.op == "-" ? CExpr::Op::Sub : CExpr::Op::Add;
      c.type = ValueType::Int;
      for (const Expr& k : e.children) c.kids.push_back(expect(k, ValueType::Int, unit, ast, rule, used, depth + 1));
      return c;
    case ExprKind::Compare: {
      const std::string& op = e.op;
      if (op == "matches") {
        c.op = CExpr::Op::Matches;
        c.kids.push_back(expect(e.children.at(0), ValueType::String, unit, ast, rule, used, depth + 1));
        const Expr& re = e.children.at(1);
        if (re.kind != ExprKind::Regex) {
          diags_.error("E010", re.span, "`matches` needs a regex on its right, e.g. /\\.pth$/");
          return c;
        }
        unsigned flags = 0;
        char bad = 0;
        if (!regex_flags_to_hs(re.flags, flags, bad)) {
          diags_.error("E005", re.span, std::string("unknown regex flag `") + bad + "` (known: i, s, m)");
          return c;
        }
        std::string error;
        int error_offset = -1;
        hs_database_t* db = compile_single(re.text, flags, error, error_offset);
        if (!db) {
          Span at = error_offset >= 0 ? inner(re.span, static_cast<uint32_t>(error_offset)) : re.span;
          diags_.error("E005", at, "invalid regex: " + error);
          return c;
        }
        c.regex = static_cast<int>(pack_->string_regexes.size());
        pack_->string_regexes.push_back(std::make_unique<HsDatabase>(db));
        return c;
      }
      if (op == "contains" || op == "icontains" || op == "startswith" || op == "endswith") {
        c.op = op == "contains"     ? CExpr::Op::Contains
               : op == "icontains"  ? CExpr::Op::IContains
               : op == "startswith" ? CExpr::Op::StartsWith
                                    : CExpr::Op::EndsWith;
        for (const Expr& k : e.children)
          c.kids.push_back(expect(k, ValueType::String, unit, ast, rule, used, depth + 1));
        return c;
      }
      static const std::map<std::string, CExpr::Op> ops = {{"==", CExpr::Op::Eq}, {"!=", CExpr::Op::Ne},
                                                           {"<", CExpr::Op::Lt},  {"<=", CExpr::Op::Le},
                                                           {">", CExpr::Op::Gt},  {">=", CExpr::Op::Ge}};
      auto it = ops.find(op);
      if (it == ops.end()) {
        diags_.error("E010", e.span, "unknown operator `" + op + "`");
        return c;
      }
      c.op = it->second;
      CExpr l = resolve(e.children.at(0), unit, ast, rule, used, depth + 1);
      CExpr r = resolve(e.children.at(1), unit, ast, rule, used, depth + 1);
      bool ordering = c.op != CExpr::Op::Eq && c.op != CExpr::Op::Ne;
      if (l.type == ValueType::Error || r.type == ValueType::Error) {
        // already reported
      } else if (l.type != r.type) {
        diags_.error("E010", e.span,
                     std::string("cannot compare ") + type_name(l.type) + " with " + type_name(r.type));
      } else if (ordering && l.type != ValueType::Int) {
        diags_.error("E010", e.span, "`" + op + "` compares integers, not " + plural_name(l.type));
      }
      c.kids.push_back(std::move(l));
      c.kids.push_back(std::move(r));
      return c;
    }
  }
  return c;
}

void Checker::compile_rule(int index) {
  const RuleInfo& info = rule_infos_[index];
  const dsl::Rule& ast = *info.ast;
  CompiledRule& rule = pack_->rules[index];
  std::vector<size_t> duplicate_patterns;
  compile_meta(ast, rule);
  compile_scope(ast, rule);
  for (size_t i = 0; i < ast.patterns.size(); ++i) {
    const dsl::Pattern& p = ast.patterns[i];
    for (size_t j = 0; j < i; ++j)
      if (ast.patterns[j].name == p.name) {
        dsl::Diagnostic d;
        d.code = "E003";
        d.span = p.name_span;
        d.message = "duplicate pattern `$" + p.name + "` in rule `" + ast.name + "`";
        d.notes.push_back({ast.patterns[j].name_span, "first declared here"});
        diags_.add(std::move(d));
        duplicate_patterns.push_back(i);  // one error is enough: not also "unused"
        break;
      }
    CompiledRule::Pattern cp;
    cp.name = p.name;
    if (p.kind == dsl::PatternKind::SetRef) {
      int s = find_set(info.unit, p.text, p.text_span);
      if (s >= 0 && resolve_set(s)) cp.atoms = sets_[s].atoms;
    } else if (int a = compile_atom(p); a >= 0) {
      cp.atoms.push_back(a);
    }
    rule.patterns.push_back(std::move(cp));
  }
  std::vector<bool> used(ast.patterns.size(), false);
  for (size_t i : duplicate_patterns) used[i] = true;
  rule.condition = expect(ast.condition, ValueType::Bool, info.unit, ast, rule, used, 0);
  for (size_t i = 0; i < used.size(); ++i)
    if (!used[i])
      diags_.warning("W001", ast.patterns[i].name_span,
                     "pattern `$" + ast.patterns[i].name + "` is not used in the condition");
  std::sort(rule.depends_on.begin(), rule.depends_on.end());
  rule.depends_on.erase(std::unique(rule.depends_on.begin(), rule.depends_on.end()), rule.depends_on.end());
}

void Checker::order_rules() {
  // Depth-first topological order; a back edge is a cycle of references.
  size_t n = pack_->rules.size();
  std::vector<int> state(n, 0);
  std::function<void(int)> visit = [&](int r) {
    if (state[r] == 2) return;
    if (state[r] == 1) {
      diags_.error("E013", rule_infos_[r].ast->name_span,
                   "rule `" + pack_->rules[r].id + "` depends on itself through its condition");
      state[r] = 2;
      return;
    }
    state[r] = 1;
    for (int d : pack_->rules[r].depends_on) visit(d);
    state[r] = 2;
    pack_->eval_order.push_back(r);
  };
  for (size_t r = 0; r < n; ++r) visit(static_cast<int>(r));
}

void Checker::build_database() {
  // Indexed by Hyperscan id: ids are given in order, from 0.
  std::vector<std::string>& exprs = db_exprs_;
  std::vector<unsigned>& flags = db_flags_;
  std::vector<char> is_regex;
  for (size_t i = 0; i < pack_->atoms.size(); ++i) {
    Atom& a = pack_->atoms[i];
    if (a.kind != Atom::Kind::Literal && a.kind != Atom::Kind::Regex) continue;
    a.hs_id = static_cast<unsigned>(pack_->hs_id_owner.size());
    pack_->hs_id_owner.push_back(static_cast<int>(i));
    exprs.push_back(a.hs_expr);
    // Start-of-match tracking only in the regex's own database (Atom::start_db).
    flags.push_back(a.hs_flags & ~HS_FLAG_SOM_LEFTMOST);
    is_regex.push_back(a.kind == Atom::Kind::Regex);
  }
  // One Hyperscan id per distinct prefilter clue of the pack, reported at
  // every occurrence, not just the first: the scanner parses only the
  // statements that hold the clues (statement-scoped parsing). The owner
  // names the first query that uses it.
  pack_->query_prefilter.resize(pack_->queries.size());
  std::map<PrefilterClue, unsigned> clue_ids;
  for (size_t q = 0; q < pack_->queries.size(); ++q) {
    for (const PrefilterClue& clue : pack_->queries[q]->prefilter().clues) {
      auto [it, added] = clue_ids.try_emplace(clue, static_cast<unsigned>(pack_->hs_id_owner.size()));
      pack_->query_prefilter[q].push_back(it->second);
      if (!added) continue;
      pack_->hs_id_owner.push_back(-static_cast<int>(q) - 1);
      exprs.push_back(clue.kind == PrefilterClue::Kind::Regex ? clue.text : escape_literal(clue.text));
      flags.push_back(0);
      is_regex.push_back(clue.kind == PrefilterClue::Kind::Regex);
    }
  }
  if (exprs.empty()) return;
  // Deferred expressions (CompiledPack::deferred): a regex Hyperscan has no
  // literal of three bytes or more to look for first, with a rare run.
  std::map<RunGate, std::vector<unsigned>> gated;
  deferred_.assign(exprs.size(), 0);
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (!is_regex[i]) continue;
    const std::vector<std::string> literals = required_literals(exprs[i]);
    const bool literal_first = !literals.empty() && std::all_of(literals.begin(), literals.end(), [](const std::string& l) {
      return l.size() >= 3;
    });
    if (literal_first) continue;
    if (std::optional<RunGate> gate = run_gate(exprs[i], flags[i])) {
      gated[*gate].push_back(static_cast<unsigned>(i));
      deferred_[i] = 1;
    }
  }
  auto compile_ids = [&](const std::vector<unsigned>& ids) {
    std::vector<std::string> e;
    std::vector<unsigned> f;
    for (unsigned id : ids) {
      e.push_back(exprs[id]);
      f.push_back(flags[id]);
    }
    return compile_multi(e, f, ids);
  };
  std::vector<unsigned> main_ids;
  for (unsigned i = 0; i < exprs.size(); ++i)
    if (!deferred_[i]) main_ids.push_back(i);
  bool failed = false;
  if (!main_ids.empty()) {
    if (hs_database_t* db = compile_ids(main_ids)) pack_->database = std::make_unique<HsDatabase>(db);
    else failed = true;
  }
  for (const auto& [gate, ids] : gated) {
    if (hs_database_t* db = compile_ids(ids)) {
      pack_->deferred.push_back({gate, ids, std::make_unique<HsDatabase>(db)});
    } else
      failed = true;
  }
  if (failed) {
    database_failed_ = true;
    // Find the culprits one by one so each error points into its rule file
    // (with none found, run() reports Hyperscan's message for the whole).
    for (size_t i = 0; i < exprs.size(); ++i) {
      int owner = pack_->hs_id_owner[i];
      if (owner < 0) continue;
      const Atom& a = pack_->atoms[owner];
      if (a.kind != Atom::Kind::Regex) continue;
      RegexCheck rc = check_regex(exprs[i], flags[i]);
      if (!rc.ok) {
        Span at = a.text_span;
        if (rc.error_offset >= 0) at = inner(a.text_span, static_cast<uint32_t>(rc.error_offset));
        else at.end = at.begin + static_cast<uint32_t>(a.hs_expr.size());
        diags_.error("E005", at, "invalid regex: " + rc.message);
      }
    }
    return;
  }
  // Each regex that reports where its matches start gets its own database
  // with start-of-match tracking, run only over files where the pack's
  // database found it; one Hyperscan cannot track loses its start.
  for (Atom& a : pack_->atoms) {
    if (a.kind != Atom::Kind::Regex || !(a.hs_flags & HS_FLAG_SOM_LEFTMOST)) continue;
    std::vector<std::string> one{a.hs_expr};
    std::vector<unsigned> one_flags{a.hs_flags}, one_id{a.hs_id};
    if (hs_database_t* som = compile_multi(one, one_flags, one_id)) {
      a.start_db = static_cast<int>(pack_->start_databases.size());
      pack_->start_databases.push_back(std::make_unique<HsDatabase>(som));
    } else {
      a.start_known = false;
      a.hs_flags &= ~HS_FLAG_SOM_LEFTMOST;
    }
  }
}

hs_database_t* Checker::compile_multi(const std::vector<std::string>& exprs, const std::vector<unsigned>& flags,
                                      const std::vector<unsigned>& ids) {
  std::vector<const char*> ptrs;
  for (auto& e : exprs) ptrs.push_back(e.c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK,
                       nullptr, &db, &err) == HS_SUCCESS)
    return db;
  last_db_error_ = err && err->message ? err->message : "unknown error";
  hs_free_compile_error(err);
  return nullptr;
}

std::unique_ptr<CompiledPack> Checker::run(bool check_only) {
  declare();
  for (size_t s = 0; s < sets_.size(); ++s) {
    resolve_set(static_cast<int>(s));
    const RuleUnit& unit = units_[sets_[s].unit];
    PatternSetInfo info;
    info.name = unit.ns.empty() ? sets_[s].ast->name : unit.ns + "." + sets_[s].ast->name;
    info.atoms = sets_[s].atoms;
    info.source_file = sources_.file(unit.ast.file).path;
    info.source_line = sources_.position(unit.ast.file, sets_[s].ast->name_span.begin).line;
    pack_->sets.push_back(std::move(info));
  }
  for (size_t r = 0; r < rule_infos_.size(); ++r) compile_rule(static_cast<int>(r));
  order_rules();
  // Built even for a check, and even after other errors: compiling it is what
  // validates the regexes, and every error of a file is reported at once.
  bool had_errors = diags_.has_errors();
  build_database();
  if (!had_errors && !diags_.has_errors() && database_failed_)
    diags_.error("E005", rule_infos_.empty() ? Span{} : rule_infos_.front().ast->name_span,
                 "could not build the pack's regex database: " + last_db_error_);
  if (diags_.has_errors()) return nullptr;
  // check_only changes nothing here any more: building the database and the
  // combined query is itself the check, and a pack that is returned must scan.
  (void)check_only;
  if (!pack_->queries.empty()) {
    std::vector<std::string> texts(pack_->queries.size());
    pack_->query_atom.assign(pack_->queries.size(), -1);
    for (size_t a = 0; a < pack_->atoms.size(); ++a) {
      const Atom& atom = pack_->atoms[a];
      if (atom.kind != Atom::Kind::Query) continue;
      texts[atom.query] = atom.query_text;
      pack_->query_atom[atom.query] = static_cast<int>(a);
    }
    pack_->all_queries = CompiledQuery::combine(texts, &match_regexes_);
    if (!pack_->all_queries) {
      diags_.error("E006", rule_infos_.empty() ? Span{} : rule_infos_.front().ast->name_span,
                   "the pack's queries compile one by one but not together; please report this");
      return nullptr;
    }
  }
  pack_->rules_by_kind.resize(kFileKindCount);
  for (int r : pack_->eval_order)
    for (unsigned k = 0; k < kFileKindCount; ++k)
      if (pack_->rules[r].kind_mask & (1u << k)) pack_->rules_by_kind[k].push_back(r);
  build_kind_databases();
  if (diags_.has_errors()) return nullptr;
  return std::move(pack_);
}

void Checker::build_kind_databases() {
  std::map<std::vector<unsigned>, int> made;  // kinds with the same needs share a database
  pack_->kind_database.assign(kFileKindCount, CompiledPack::kNoDatabase);
  pack_->kind_deferred.assign(kFileKindCount, {});
  for (unsigned k = 0; k < kFileKindCount; ++k) {
    if (is_python_kind(static_cast<FileKind>(k))) {
      if (pack_->database) pack_->kind_database[k] = CompiledPack::kWholeDatabase;
      for (size_t g = 0; g < pack_->deferred.size(); ++g) pack_->kind_deferred[k].push_back(static_cast<int>(g));
      continue;
    }
    std::vector<unsigned> ids;
    for (int r : pack_->rules_by_kind[k])
      for (const CompiledRule::Pattern& p : pack_->rules[r].patterns)
        for (int a : p.atoms)
          if (pack_->atoms[a].kind == Atom::Kind::Literal || pack_->atoms[a].kind == Atom::Kind::Regex)
            ids.push_back(pack_->atoms[a].hs_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (size_t g = 0; g < pack_->deferred.size(); ++g)
      if (std::any_of(pack_->deferred[g].ids.begin(), pack_->deferred[g].ids.end(),
                      [&](unsigned id) { return std::binary_search(ids.begin(), ids.end(), id); }))
        pack_->kind_deferred[k].push_back(static_cast<int>(g));
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](unsigned id) { return deferred_[id] != 0; }), ids.end());
    if (ids.empty()) continue;
    auto [it, added] = made.try_emplace(ids, static_cast<int>(pack_->kind_databases.size()));
    pack_->kind_database[k] = it->second;
    if (!added) continue;
    std::vector<std::string> exprs;
    std::vector<unsigned> flags;
    for (unsigned id : ids) {
      exprs.push_back(db_exprs_[id]);
      flags.push_back(db_flags_[id]);
    }
    hs_database_t* db = compile_multi(exprs, flags, ids);
    if (!db) {
      // Every expression compiled together in the whole database already.
      diags_.error("E005", rule_infos_.empty() ? Span{} : rule_infos_.front().ast->name_span,
                   "could not build the regex database of the `" + std::string(to_string(static_cast<FileKind>(k))) +
                       "` files: " + last_db_error_ + "; please report this");
      return;
    }
    pack_->kind_databases.push_back(std::make_unique<HsDatabase>(db));
  }
}

}  // namespace

std::unique_ptr<CompiledPack> check_and_compile(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources,
                                                dsl::Diagnostics& diags, bool check_only) {
  Checker c(units, sources, diags);
  return c.run(check_only);
}

CompiledPack::CompiledPack() = default;
CompiledPack::~CompiledPack() = default;

}  // namespace canary
