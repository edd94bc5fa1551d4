// scan_artifact: read each entry once, and for each file run only the work
// its rules can need. Per file, top to bottom:
//   classify -> rules in scope -> one Hyperscan pass (patterns + query
//   prefilter literals) -> parse with tree-sitter only if a query can match
//   -> run those queries -> evaluate conditions in dependency order -> findings.
#include "scanner.hpp"

#include <algorithm>

#include <tree_sitter/api.h>

#include "compiled_pack.hpp"
#include "evaluate.hpp"
#include "excerpt.hpp"
#include "file_kind.hpp"
#include "hs_util.hpp"
#include "pth.hpp"
#include "query.hpp"
#include "sha256.hpp"

namespace canary {
namespace {

// A pathological file must not stall the batch: tree-sitter gives up after this.
constexpr uint64_t kParseTimeoutMicros = 5'000'000;

constexpr size_t kMaxScanBytes = 0xffffffffu;

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class ArtifactScan {
 public:
  ArtifactScan(const CompiledPack& pack, ArtifactKind kind, ArtifactReport& report)
      : pack_(pack), kind_(kind), report_(report), hits_(pack.atoms.size()), query_wanted_(pack.queries.size()) {
    if (pack_.database) scratch_.reserve_for(pack_.database->get());
    for (auto& db : pack_.string_regexes) scratch_.reserve_for(db->get());
    for (auto& q : pack_.queries)
      for (const HsDatabase* db : q->databases()) scratch_.reserve_for(db->get());
    if (pack_.all_queries)
      for (const HsDatabase* db : pack_.all_queries->databases()) scratch_.reserve_for(db->get());
    parser_ = ts_parser_new();
    ts_parser_set_language(parser_, python_language());
    ts_parser_set_timeout_micros(parser_, kParseTimeoutMicros);
  }
  ~ArtifactScan() { ts_parser_delete(parser_); }

  void scan_file(const Entry& entry, std::string_view content);

 private:
  // A problem with one file, reported with its (escaped) name; the scan goes on.
  void file_error(const Entry& entry, const std::string& message) {
    report_.errors.push_back(escape_for_display(entry.stored_path, 300) + message);
  }

  void run_hyperscan(std::string_view content);
  void run_queries(const Entry& entry, std::string_view text, const std::vector<char>& needed);
  void report_finding(const CompiledRule& rule, const FileEvaluation& ev, const Entry& entry,
                      std::string_view content);

  const CompiledPack& pack_;
  ArtifactKind kind_;
  ArtifactReport& report_;
  HsScratch scratch_;
  TSParser* parser_ = nullptr;
  // Per-file state, reused across files to avoid reallocation.
  std::vector<AtomHits> hits_;
  std::vector<char> query_wanted_;  // prefilter literal of the query seen in this file
  std::vector<int> in_scope_;
  std::string_view current_;
};

void ArtifactScan::run_hyperscan(std::string_view content) {
  if (!pack_.database) return;
  struct Ctx {
    ArtifactScan* self;
    std::string_view content;
  } ctx{this, content};
  auto on_match = [](unsigned id, unsigned long long from, unsigned long long to, unsigned, void* p) -> int {
    auto* c = static_cast<Ctx*>(p);
    int owner = c->self->pack_.hs_id_owner[id];
    if (owner < 0) {
      c->self->query_wanted_[-owner - 1] = 1;
      return 0;
    }
    const Atom& atom = c->self->pack_.atoms[owner];
    MatchLoc loc{static_cast<uint32_t>(from), static_cast<uint32_t>(to), atom.start_known};
    if (atom.kind == Atom::Kind::Literal) loc.begin = static_cast<uint32_t>(to - atom.literal_len);
    if (atom.fullword) {
      const std::string_view& s = c->content;
      if ((loc.begin > 0 && is_word_byte(s[loc.begin - 1])) || (to < s.size() && is_word_byte(s[to]))) return 0;
    }
    c->self->hits_[owner].add(loc);
    return 0;
  };
  // Hyperscan takes an unsigned length; scan_file bounds content to kMaxScanBytes.
  hs_scan(pack_.database->get(), content.data(), static_cast<unsigned>(content.size()), 0, scratch_.get(), on_match,
          &ctx);
}

void ArtifactScan::run_queries(const Entry& entry, std::string_view text, const std::vector<char>& needed) {
  TSTree* tree = ts_parser_parse_string(parser_, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  if (!tree) {
    ts_parser_reset(parser_);
    file_error(entry, ": Python parse gave up after the time limit; AST rules skipped for this file");
    return;
  }
  TSNode root = ts_tree_root_node(tree);
  bool complete = pack_.all_queries->run_members(root, text, scratch_, needed, [&](int q, uint32_t b, uint32_t e) {
    hits_[pack_.query_atom[q]].add({b, e, true});
  });
  if (!complete)
    file_error(entry, ": query match limit reached; AST results for this file may be partial");
  ts_tree_delete(tree);
}

void ArtifactScan::report_finding(const CompiledRule& rule, const FileEvaluation&, const Entry& entry,
                                  std::string_view content) {
  // Position: the earliest match of any of the rule's patterns, if any.
  const MatchLoc* best = nullptr;
  for (const CompiledRule::Pattern& p : rule.patterns)
    for (int a : p.atoms)
      for (const MatchLoc& l : hits_[a].locs) {
        uint32_t off = l.begin_known ? l.begin : l.end;
        if (!best || off < (best->begin_known ? best->begin : best->end)) best = &l;
      }
  Finding f;
  f.rule = rule.id;
  f.severity = rule.severity;
  f.title = rule.title;
  f.tags = rule.tags;
  f.file = escape_for_display(entry.stored_path, 1024);
  if (best) {
    uint32_t off = best->begin_known ? best->begin : (best->end > 0 ? best->end - 1 : 0);
    line_col_at(content, off, f.line, f.column);
    f.excerpt = excerpt_at(content, off);
  }
  report_.findings.push_back(std::move(f));
}

void ArtifactScan::scan_file(const Entry& entry, std::string_view content) {
  // Hyperscan and tree-sitter take 32-bit lengths: never let a larger read
  // limit wrap a length and silently scan less than it says.
  if (content.size() > kMaxScanBytes) {
    file_error(entry, ": only the first " +
             std::to_string(kMaxScanBytes) + " bytes were scanned (engine limit)");
    content = content.substr(0, kMaxScanBytes);
  }
  ++report_.files_scanned;
  report_.bytes_scanned += content.size();
  FileKind kind = classify_file(entry.path, content);

  in_scope_.clear();
  for (int r : pack_.rules_by_kind[static_cast<unsigned>(kind)]) {
    const CompiledRule& rule = pack_.rules[r];
    bool ok = rule.include.empty();
    for (const Glob& g : rule.include)
      if (g.matches(entry.path)) ok = true;
    for (const Glob& g : rule.exclude)
      if (g.matches(entry.path)) ok = false;
    if (ok) in_scope_.push_back(r);
  }
  if (in_scope_.empty()) return;

  for (auto& h : hits_) h.clear();
  std::fill(query_wanted_.begin(), query_wanted_.end(), 0);
  run_hyperscan(content);

  // A query runs only if a rule in scope uses it and its prefilter fired.
  PthAnalysis pth;
  bool is_pth = kind == FileKind::Pth;
  if (is_pth) pth = analyze_pth(content);
  std::vector<char> needed(pack_.queries.size(), 0);
  bool parse = false;
  if (is_python_kind(kind)) {
    for (int r : in_scope_)
      for (const CompiledRule::Pattern& p : pack_.rules[r].patterns)
        for (int a : p.atoms) {
          const Atom& atom = pack_.atoms[a];
          if (atom.kind != Atom::Kind::Query) continue;
          if (pack_.query_prefilter[atom.query].empty() || query_wanted_[atom.query]) {
            needed[atom.query] = 1;
            parse = true;
          }
        }
  }
  if (parse) ++report_.files_parsed;
  if (parse) run_queries(entry, is_pth ? std::string_view(pth.python_view) : content, needed);

  FileFacts facts;
  facts.path = entry.path;
  size_t slash = entry.path.rfind('/');
  facts.name = slash == std::string::npos ? std::string_view(entry.path) : std::string_view(entry.path).substr(slash + 1);
  facts.size = content.size();
  facts.depth = std::count(entry.path.begin(), entry.path.end(), '/');
  facts.kind = kind;
  facts.unsafe_path = entry.unsafe_path;
  facts.is_symlink = entry.is_symlink;
  facts.truncated = entry.truncated;
  facts.artifact_kind = kind_;
  facts.pth = is_pth ? &pth : nullptr;

  FileEvaluation ev(pack_, facts, hits_, scratch_);
  for (int r : in_scope_) {
    if (ev.evaluate_rule(r) && !pack_.rules[r].is_private) report_finding(pack_.rules[r], ev, entry, content);
  }
}

int severity_rank(Severity s) { return static_cast<int>(s); }

}  // namespace

ArtifactReport scan_artifact(const CompiledPack& pack, const std::filesystem::path& artifact, const ScanOptions& opts) {
  ArtifactReport report;
  report.path = artifact.string();
  std::string error;
  auto reader = open_artifact(artifact, opts.limits, error);
  if (!reader) {
    report.unreadable = true;
    report.errors.push_back(error);
    report.verdict = verdict_for(0, opts.thresholds);
    return report;
  }
  report.kind = std::string(to_string(reader->kind()));
  if (reader->kind() != ArtifactKind::Directory) {
    std::string herr;
    report.sha256 = sha256_file_hex(artifact, herr);
    if (!herr.empty()) report.errors.push_back("sha256: " + herr);
  }
  ArtifactScan scan(pack, reader->kind(), report);
  bool ok = reader->read([&](const Entry& e, std::string_view content) { scan.scan_file(e, content); }, report.errors);
  if (!ok) report.unreadable = true;

  std::sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return severity_rank(a.severity) > severity_rank(b.severity);
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.rule < b.rule;
  });
  report.score = compute_score(report.findings);
  report.verdict = verdict_for(report.score, opts.thresholds);
  return report;
}

}  // namespace canary
