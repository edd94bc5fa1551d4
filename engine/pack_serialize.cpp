#include "pack_serialize.hpp"

#include <algorithm>

#include "byte_io.hpp"
#include "hs_util.hpp"
#include "query.hpp"

namespace canary {
namespace {

// Deeper than the checker ever builds (it stops at 512), shallow enough that
// reading a hostile tree cannot exhaust the stack.
constexpr int kMaxExprDepth = 600;
constexpr size_t kFileKinds = kFileKindCount;

// The byte length of a literal from its Hyperscan form (escape_literal:
// word bytes as is, every other byte as \xHH).
size_t escaped_literal_length(std::string_view expr) {
  size_t n = 0;
  for (size_t i = 0; i < expr.size(); ++n) i += expr[i] == '\\' ? 4 : 1;
  return n;
}

// ---- writing ---------------------------------------------------------------

void write_span(ByteWriter& w, const dsl::Span& s) {
  w.u32(s.file);
  w.u32(s.begin);
  w.u32(s.end);
}

void write_strings(ByteWriter& w, const std::vector<std::string>& v) {
  w.u64(v.size());
  for (const std::string& s : v) w.str(s);
}

void write_ints(ByteWriter& w, const std::vector<int>& v) {
  w.u64(v.size());
  for (int i : v) w.i32(i);
}

void write_globs(ByteWriter& w, const std::vector<Glob>& v) {
  w.u64(v.size());
  for (const Glob& g : v) w.str(g.text());
}

void write_database(ByteWriter& w, const HsDatabase* db) {
  w.str(db ? serialize_database(*db) : std::string());
}

void write_expr(ByteWriter& w, const CExpr& e) {
  w.u8(static_cast<uint8_t>(e.op));
  w.u8(static_cast<uint8_t>(e.type));
  w.boolean(e.boolean);
  w.i64(e.number);
  w.str(e.text);
  w.i32(e.pattern);
  w.i32(e.rule);
  w.u8(static_cast<uint8_t>(e.fact));
  w.i32(e.regex);
  w.u8(static_cast<uint8_t>(e.quant));
  w.i64(e.quantity);
  write_ints(w, e.of_patterns);
  write_ints(w, e.of_rules);
  w.u64(e.kids.size());
  for (const CExpr& k : e.kids) write_expr(w, k);
}

void write_atom(ByteWriter& w, const Atom& a) {
  w.u8(static_cast<uint8_t>(a.kind));
  w.str(a.source);
  write_span(w, a.text_span);
  w.u32(a.hs_id);
  w.str(a.hs_expr);
  w.u32(a.hs_flags);
  w.boolean(a.start_known);
  w.u32(a.literal_len);
  w.boolean(a.fullword);
  w.i32(a.start_db);
  w.i32(a.query);
  w.str(a.query_text);
  w.str(a.glob.text());
}

void write_rule(ByteWriter& w, const CompiledRule& r) {
  w.str(r.id);
  w.boolean(r.is_private);
  w.u8(static_cast<uint8_t>(r.severity));
  w.str(r.title);
  w.str(r.description);
  write_strings(w, r.references);
  write_strings(w, r.tags);
  w.u64(r.extra_meta.size());
  for (const auto& [k, v] : r.extra_meta) {
    w.str(k);
    w.str(v);
  }
  w.str(r.source_file);
  w.u32(r.source_line);
  w.str(r.condition_source);
  write_globs(w, r.include);
  write_globs(w, r.exclude);
  w.u32(r.kind_mask);
  w.u64(r.patterns.size());
  for (const CompiledRule::Pattern& p : r.patterns) {
    w.str(p.name);
    write_ints(w, p.atoms);
  }
  write_expr(w, r.condition);
  write_ints(w, r.depends_on);
}

void write_diagnostic(ByteWriter& w, const dsl::Diagnostic& d) {
  w.u8(static_cast<uint8_t>(d.level));
  w.str(d.code);
  w.str(d.message);
  write_span(w, d.span);
  w.u64(d.notes.size());
  for (const auto& [span, text] : d.notes) {
    write_span(w, span);
    w.str(text);
  }
}

// ---- reading ---------------------------------------------------------------

class PackReader {
 public:
  PackReader(std::string_view payload, const dsl::SourceMap& sources) : r_(payload), sources_(sources) {}
  std::unique_ptr<CompiledPack> read(std::vector<dsl::Diagnostic>& warnings, std::string& error);

 private:
  // Records what went wrong first; the reader stays failed from then on.
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what;
    r_.fail();
    return false;
  }
  bool check(bool ok, const char* what) { return ok || fail(what); }
  template <typename E>
  E read_enum(E last, const char* what) {
    uint8_t v = r_.u8();
    check(v <= static_cast<uint8_t>(last), what);
    return static_cast<E>(v);
  }
  dsl::Span read_span();
  std::vector<std::string> read_strings();
  std::vector<int> read_ints();
  std::vector<Glob> read_globs();
  std::unique_ptr<HsDatabase> read_database();
  void read_atom(Atom& a);
  void read_rule(CompiledRule& r);
  void read_expr(CExpr& e, int depth);
  void read_diagnostic(dsl::Diagnostic& d);
  bool in_range(int index, size_t size) const { return index >= 0 && static_cast<size_t>(index) < size; }
  void validate_expr(const CExpr& e, const CompiledRule& rule);
  void validate();

  ByteReader r_;
  const dsl::SourceMap& sources_;
  std::unique_ptr<CompiledPack> pack_ = std::make_unique<CompiledPack>();
  std::string error_;
};

dsl::Span PackReader::read_span() {
  dsl::Span s;
  s.file = r_.u32();
  s.begin = r_.u32();
  s.end = r_.u32();
  if (!r_.failed())
    check(s.file < sources_.size() && s.begin <= s.end && s.end <= sources_.file(s.file).text.size(),
          "a source position outside the rule files");
  return s;
}

std::vector<std::string> PackReader::read_strings() {
  std::vector<std::string> v(r_.count(8));
  for (std::string& s : v) s = r_.str();
  return v;
}

std::vector<int> PackReader::read_ints() {
  std::vector<int> v(r_.count(4));
  for (int& i : v) i = r_.i32();
  return v;
}

std::vector<Glob> PackReader::read_globs() {
  std::vector<Glob> v(r_.count(8));
  for (Glob& g : v) {
    std::string text = r_.str(), why;
    if (!r_.failed() && !Glob::compile(text, g, why)) fail("an invalid glob");
  }
  return v;
}

std::unique_ptr<HsDatabase> PackReader::read_database() {
  std::string_view bytes = r_.view(r_.u64());
  if (r_.failed() || bytes.empty()) return nullptr;
  hs_database_t* db = deserialize_database(bytes);
  if (!db) {
    fail("a Hyperscan database this build cannot load");
    return nullptr;
  }
  return std::make_unique<HsDatabase>(db);
}

void PackReader::read_expr(CExpr& e, int depth) {
  if (depth > kMaxExprDepth) {
    fail("a condition nested too deeply");
    return;
  }
  e.op = read_enum(CExpr::Op::Sub, "an unknown operator");
  e.type = read_enum(ValueType::Error, "an unknown value type");
  e.boolean = r_.boolean();
  e.number = r_.i64();
  e.text = r_.str();
  e.pattern = r_.i32();
  e.rule = r_.i32();
  e.fact = read_enum(kLastFact, "an unknown fact");
  e.regex = r_.i32();
  e.quant = read_enum(CExpr::Quant::AtLeast, "an unknown quantifier");
  e.quantity = r_.i64();
  e.of_patterns = read_ints();
  e.of_rules = read_ints();
  // Each kid takes well over 16 bytes, so a huge count fails here, not in resize.
  e.kids.resize(r_.count(16));
  for (CExpr& k : e.kids) {
    if (r_.failed()) return;
    read_expr(k, depth + 1);
  }
}

void PackReader::read_atom(Atom& a) {
  a.kind = read_enum(Atom::Kind::Path, "an unknown atom kind");
  a.source = r_.str();
  a.text_span = read_span();
  a.hs_id = r_.u32();
  a.hs_expr = r_.str();
  a.hs_flags = r_.u32();
  a.start_known = r_.boolean();
  a.literal_len = r_.u32();
  a.fullword = r_.boolean();
  a.start_db = r_.i32();
  a.query = r_.i32();
  a.query_text = r_.str();
  std::string glob = r_.str(), why;
  if (!r_.failed() && a.kind == Atom::Kind::Path && !Glob::compile(glob, a.glob, why)) fail("an invalid glob");
}

void PackReader::read_rule(CompiledRule& r) {
  r.id = r_.str();
  r.is_private = r_.boolean();
  r.severity = read_enum(Severity::Critical, "an unknown severity");
  r.title = r_.str();
  r.description = r_.str();
  r.references = read_strings();
  r.tags = read_strings();
  r.extra_meta.resize(r_.count(16));
  for (auto& [k, v] : r.extra_meta) {
    k = r_.str();
    v = r_.str();
  }
  r.source_file = r_.str();
  r.source_line = r_.u32();
  r.condition_source = r_.str();
  r.include = read_globs();
  r.exclude = read_globs();
  r.kind_mask = r_.u32();
  r.patterns.resize(r_.count(16));
  for (CompiledRule::Pattern& p : r.patterns) {
    p.name = r_.str();
    p.atoms = read_ints();
  }
  read_expr(r.condition, 0);
  r.depends_on = read_ints();
}

void PackReader::read_diagnostic(dsl::Diagnostic& d) {
  d.level = read_enum(dsl::Level::Note, "an unknown diagnostic level");
  d.code = r_.str();
  d.message = r_.str();
  d.span = read_span();
  d.notes.resize(r_.count(20));
  for (auto& [span, text] : d.notes) {
    span = read_span();
    text = r_.str();
  }
}

// What the scanner and the evaluator index without checking, per operator.
void PackReader::validate_expr(const CExpr& e, const CompiledRule& rule) {
  using Op = CExpr::Op;
  switch (e.op) {
    case Op::PatternMatch:
    case Op::PatternCount: check(in_range(e.pattern, rule.patterns.size()), "a pattern index out of range"); break;
    case Op::RuleRef: check(in_range(e.rule, pack_->rules.size()), "a rule index out of range"); break;
    case Op::Not: check(e.kids.size() == 1, "an operator with the wrong number of operands"); break;
    case Op::Matches:
      check(e.kids.size() == 1 && (e.regex == -1 || in_range(e.regex, pack_->string_regexes.size())),
            "a `matches` without its operand or regex");
      break;
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
    case Op::Contains: case Op::IContains: case Op::StartsWith: case Op::EndsWith:
    case Op::Add: case Op::Sub:
      check(e.kids.size() == 2, "an operator with the wrong number of operands");
      break;
    default: break;
  }
  for (int p : e.of_patterns) check(in_range(p, rule.patterns.size()), "a pattern index out of range");
  for (int r : e.of_rules) check(in_range(r, pack_->rules.size()), "a rule index out of range");
  for (const CExpr& k : e.kids) validate_expr(k, rule);
}

// Cross-references between the parts, once everything is read.
void PackReader::validate() {
  CompiledPack& p = *pack_;
  const size_t atoms = p.atoms.size(), rules = p.rules.size(), queries = p.queries.size(),
               ids = p.hs_id_owner.size();
  for (size_t i = 0; i < atoms; ++i) {
    const Atom& a = p.atoms[i];
    if (a.kind == Atom::Kind::Query)
      check(in_range(a.query, queries) && p.query_atom[a.query] == static_cast<int>(i), "a query atom out of place");
    if (a.kind == Atom::Kind::Literal || a.kind == Atom::Kind::Regex)
      check(a.hs_id < ids && p.hs_id_owner[a.hs_id] == static_cast<int>(i), "an atom without its Hyperscan id");
    // The scanner computes a literal's start as its end minus this length,
    // and looks at the bytes around a fullword match.
    if (a.kind == Atom::Kind::Literal)
      check(a.literal_len == escaped_literal_length(a.hs_expr) && a.literal_len > 0, "a literal of the wrong length");
    else
      check(!a.fullword, "a fullword modifier on something other than a literal");
    check(a.start_db == -1 || (a.kind == Atom::Kind::Regex && a.start_known && in_range(a.start_db, p.start_databases.size())),
          "a start-of-match database out of place");
  }
  for (size_t q = 0; q < queries; ++q)
    check(in_range(p.query_atom[q], atoms) && p.atoms[p.query_atom[q]].kind == Atom::Kind::Query,
          "a query without its atom");
  for (int owner : p.hs_id_owner)
    check(owner >= 0 ? in_range(owner, atoms) : in_range(-(owner + 1), queries), "a Hyperscan id owner out of range");
  check(p.query_prefilter.size() == queries, "prefilters that do not match the queries");
  // The ids of clues that are regexes (relaxed #match?), which may be deferred.
  std::vector<char> regex_clue(ids, 0);
  // A failed check does not stop validation: q stays within the queries.
  for (size_t q = 0; q < p.query_prefilter.size() && q < queries; ++q) {
    const std::vector<PrefilterClue>& clues = p.queries[q]->prefilter().clues;
    check(p.query_prefilter[q].size() == clues.size(), "prefilter ids that do not match the query's clues");
    for (size_t i = 0; i < p.query_prefilter[q].size(); ++i) {
      const unsigned id = p.query_prefilter[q][i];
      if (!check(id < ids && p.hs_id_owner[id] < 0, "a prefilter id out of range")) continue;
      if (i < clues.size() && clues[i].kind == PrefilterClue::Kind::Regex) regex_clue[id] = 1;
    }
  }
  check(!ids || p.database || !p.deferred.empty(), "Hyperscan ids without a database");
  std::vector<int> deferred_seen(ids, 0);
  for (const auto& d : p.deferred) {
    check(d.gate.length > 0, "a deferred database without its gate");
    check(!d.ids.empty() && std::is_sorted(d.ids.begin(), d.ids.end()), "a deferred database without its ids");
    for (unsigned id : d.ids) {
      check(id < ids, "a deferred Hyperscan id out of range");
      if (id >= ids) continue;
      // Only a regex is deferred (a pattern's, or a query's relaxed #match?
      // clue), each in one deferred database.
      const int owner = p.hs_id_owner[id];
      check(owner >= 0 ? in_range(owner, atoms) && p.atoms[owner].kind == Atom::Kind::Regex : regex_clue[id] != 0,
            "a deferred Hyperscan id that is not a regex");
      check(++deferred_seen[id] == 1, "a Hyperscan id deferred twice");
    }
  }
  check(p.kind_deferred.size() == kFileKinds, "deferred databases by kind for the wrong number of kinds");
  for (const auto& kind : p.kind_deferred)
    for (int d : kind) check(in_range(d, p.deferred.size()), "a deferred database out of range");
  check(p.kind_database.size() == kFileKinds, "databases by kind for the wrong number of kinds");
  for (int d : p.kind_database)
    check(d == CompiledPack::kNoDatabase || (d == CompiledPack::kWholeDatabase && p.database) ||
              in_range(d, p.kind_databases.size()),
          "a kind's database out of range");
  check(queries == 0 || p.all_queries, "queries without the combined query");
  check(p.rules_by_kind.size() == kFileKinds, "rules by kind for the wrong number of kinds");
  for (const auto& kind : p.rules_by_kind)
    for (int r : kind) check(in_range(r, rules), "a rule index out of range");
  std::vector<char> seen(rules, 0);
  check(p.eval_order.size() == rules, "an evaluation order that is not one of every rule");
  for (int r : p.eval_order) {
    if (!check(in_range(r, rules) && !seen[r], "an evaluation order that is not one of every rule")) break;
    seen[r] = 1;
  }
  for (const PatternSetInfo& s : p.sets)
    for (int a : s.atoms) check(in_range(a, atoms), "an atom index out of range");
  for (const CompiledRule& rule : p.rules) {
    check(rule.kind_mask <= kAllKinds, "an unknown file kind");
    for (const CompiledRule::Pattern& pat : rule.patterns)
      for (int a : pat.atoms) check(in_range(a, atoms), "an atom index out of range");
    for (int d : rule.depends_on) check(in_range(d, rules), "a rule index out of range");
    validate_expr(rule.condition, rule);
  }
  // The combined query's TSQuery is not built here but on first use: with
  // ~150 rules ts_query_new of it is ~70% of the instructions of a scan of a
  // small wheel from the cache (docs/performance.md), and a file that needs
  // few queries runs them alone. The key covers the build and the grammar
  // ABI, and the payload's SHA-256 is checked, so the text compiles as it did.
}

std::unique_ptr<CompiledPack> PackReader::read(std::vector<dsl::Diagnostic>& warnings, std::string& error) {
  CompiledPack& p = *pack_;
  check(r_.u32() == kPackFormatVersion, "another format version");
  p.name = r_.str();
  p.version = r_.str();
  p.atoms.resize(r_.count(32));
  for (Atom& a : p.atoms) read_atom(a);
  p.rules.resize(r_.count(32));
  for (CompiledRule& rule : p.rules) read_rule(rule);
  p.sets.resize(r_.count(24));
  for (PatternSetInfo& s : p.sets) {
    s.name = r_.str();
    s.atoms = read_ints();
    s.source_file = r_.str();
    s.source_line = r_.u32();
  }
  p.eval_order = read_ints();
  p.queries.resize(r_.count(32));
  for (auto& q : p.queries) {
    if (r_.failed()) break;
    if (!(q = CompiledQuery::read(r_, 0))) fail("a malformed query");
  }
  if (r_.boolean() && !r_.failed() && !(p.all_queries = CompiledQuery::read(r_, p.queries.size())))
    fail("a malformed combined query");
  p.query_atom = read_ints();
  check(p.query_atom.size() == p.queries.size(), "query atoms that do not match the queries");
  p.string_regexes.resize(r_.count(8));
  for (auto& db : p.string_regexes)
    if (!r_.failed() && !(db = read_database())) fail("a missing `matches` regex");
  p.start_databases.resize(r_.count(8));
  for (auto& db : p.start_databases)
    if (!r_.failed() && !(db = read_database())) fail("a missing start-of-match database");
  p.database = read_database();
  p.kind_database = read_ints();
  p.kind_databases.resize(r_.count(8));
  for (auto& db : p.kind_databases)
    if (!r_.failed() && !(db = read_database())) fail("a missing database of a file kind");
  p.deferred.resize(r_.count(44));
  for (auto& d : p.deferred) {
    for (uint64_t& bits : d.gate.bytes.bits) bits = r_.u64();
    d.gate.length = r_.u32();
    d.ids.resize(r_.count(4));
    for (unsigned& id : d.ids) id = r_.u32();
    if (!r_.failed() && !(d.database = read_database())) fail("a missing deferred database");
  }
  p.kind_deferred.resize(r_.count(8));
  for (auto& kind : p.kind_deferred) kind = read_ints();
  p.hs_id_owner = read_ints();
  p.query_prefilter.resize(r_.count(8));
  for (auto& ids : p.query_prefilter) {
    ids.resize(r_.count(4));
    for (unsigned& id : ids) id = r_.u32();
  }
  p.rules_by_kind.resize(r_.count(8));
  for (auto& kind : p.rules_by_kind) kind = read_ints();
  std::vector<dsl::Diagnostic> diags(r_.count(32));
  for (dsl::Diagnostic& d : diags) read_diagnostic(d);
  check(r_.at_end(), "bytes after the end of the pack");
  if (!r_.failed()) validate();
  if (r_.failed()) {
    error = error_.empty() ? "truncated" : error_;
    return nullptr;
  }
  warnings = std::move(diags);
  return std::move(pack_);
}

}  // namespace

std::string serialize_pack(const CompiledPack& p, const std::vector<dsl::Diagnostic>& warnings) {
  ByteWriter w;
  w.u32(kPackFormatVersion);
  w.str(p.name);
  w.str(p.version);
  w.u64(p.atoms.size());
  for (const Atom& a : p.atoms) write_atom(w, a);
  w.u64(p.rules.size());
  for (const CompiledRule& r : p.rules) write_rule(w, r);
  w.u64(p.sets.size());
  for (const PatternSetInfo& s : p.sets) {
    w.str(s.name);
    write_ints(w, s.atoms);
    w.str(s.source_file);
    w.u32(s.source_line);
  }
  write_ints(w, p.eval_order);
  w.u64(p.queries.size());
  for (const auto& q : p.queries) q->write(w);
  w.boolean(p.all_queries != nullptr);
  if (p.all_queries) p.all_queries->write(w);
  write_ints(w, p.query_atom);
  w.u64(p.string_regexes.size());
  for (const auto& db : p.string_regexes) write_database(w, db.get());
  w.u64(p.start_databases.size());
  for (const auto& db : p.start_databases) write_database(w, db.get());
  write_database(w, p.database.get());
  write_ints(w, p.kind_database);
  w.u64(p.kind_databases.size());
  for (const auto& db : p.kind_databases) write_database(w, db.get());
  w.u64(p.deferred.size());
  for (const auto& d : p.deferred) {
    for (uint64_t bits : d.gate.bytes.bits) w.u64(bits);
    w.u32(d.gate.length);
    w.u64(d.ids.size());
    for (unsigned id : d.ids) w.u32(id);
    write_database(w, d.database.get());
  }
  w.u64(p.kind_deferred.size());
  for (const auto& kind : p.kind_deferred) write_ints(w, kind);
  write_ints(w, p.hs_id_owner);
  w.u64(p.query_prefilter.size());
  for (const auto& ids : p.query_prefilter) {
    w.u64(ids.size());
    for (unsigned id : ids) w.u32(id);
  }
  w.u64(p.rules_by_kind.size());
  for (const auto& kind : p.rules_by_kind) write_ints(w, kind);
  w.u64(warnings.size());
  for (const dsl::Diagnostic& d : warnings) write_diagnostic(w, d);
  return w.take();
}

std::unique_ptr<CompiledPack> deserialize_pack(std::string_view payload, const dsl::SourceMap& sources,
                                               std::vector<dsl::Diagnostic>& warnings, std::string& error) {
  return PackReader(payload, sources).read(warnings, error);
}

}  // namespace canary
