// scan_artifact: read each entry once, and for each file run only the work
// its rules can need. Per file, top to bottom:
//   classify -> per pack: rules in scope -> one Hyperscan pass (patterns +
//   query prefilter literals) -> parse with tree-sitter only if a query can
//   match -> run those queries -> evaluate conditions in dependency order ->
//   findings with every line that made each rule true.
#include "scanner.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include <tree_sitter/api.h>

#include "compiled_pack.hpp"
#include "decode.hpp"
#include "evaluate.hpp"
#include "excerpt.hpp"
#include "file_kind.hpp"
#include "artifact_facts.hpp"
#include "hs_util.hpp"
#include "profile.hpp"
#include "pth.hpp"
#include "python_statements.hpp"
#include "query.hpp"
#include "regex_runs.hpp"
#include "sha256.hpp"

namespace canary {
namespace {

constexpr size_t kMaxScanBytes = 0xffffffffu;

// Classes smaller than this are parsed whole: cutting them saves little.
constexpr uint32_t kMinSplitClassBytes = 4096;

// Up to this many wanted queries run one by one instead of the combined query.
constexpr long kMaxSeparateQueries = 3;

// Prefilter literal occurrences kept per file (12 bytes each); a file with
// more is parsed whole.
constexpr size_t kMaxPrefilterHits = 1u << 18;

// Hyperscan has no timeout: the match callback looks at the clock every this
// many matches (a clock read costs about as much as 50 callbacks) and stops
// the scan once the artifact's --max-scan-time is spent.
constexpr uint32_t kHsDeadlineStride = 1024;

using Clock = std::chrono::steady_clock;

uint64_t ns_since(Clock::time_point t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t).count());
}

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_byte(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// Whether the name-like text [begin, end) of `s` continues a name before it
// or goes on into one after it, so that no syntax node's text is exactly it.
// A digit before does not count: tree-sitter lexes `12sh` as 12 then sh.
// Bytes >= 0x80 do not count either (not every non-ASCII byte is a name's).
bool inside_longer_name(std::string_view s, uint32_t begin, uint32_t end) {
  if (begin > 0 && is_name_start(s[begin - 1])) return true;
  return end < s.size() && is_name_byte(s[end - 1]) && is_name_byte(s[end]);
}

// Where a decoded layer came from: the codecs applied since the real file,
// the real file, and the line there where the outermost blob starts.
struct DecodeOrigin {
  std::vector<std::string> chain;
  std::string chain_text;  // "base64>zlib"
  std::string real_file;   // escaped like Finding::file
  uint32_t real_line = 0;
};

// One file as every pack sees it: classified once, .pth analysed once.
struct FileView {
  const Entry& entry;
  std::string_view content;
  FileKind kind;
  const PthAnalysis* pth;  // .pth files only
  FileContext* context;    // facts that need the whole artifact (artifact_facts.hpp)
  int64_t index;           // the entry's position in the artifact
  int64_t archive_index;   // and in the archive that holds it (an inner archive's own count)
  const DecodeOrigin* origin = nullptr;  // decoded layers only
  int64_t decoded_blobs = 0, marshal_blobs = 0;
};

// Byte offset -> 1-based line, built on the first question for a file.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}
  uint32_t line_of(uint32_t offset) {
    if (!built_) {
      for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') newlines_.push_back(static_cast<uint32_t>(i));
      built_ = true;
    }
    return static_cast<uint32_t>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) - newlines_.begin()) + 1;
  }

 private:
  std::string_view text_;
  bool built_ = false;
  std::vector<uint32_t> newlines_;
};

// Where a true rule matched: its earliest offset (for the finding's position
// and excerpt) and every line.
struct RuleMatchLines {
  bool has_offset = false;
  uint32_t offset = 0;
  std::vector<uint32_t> lines;
  void add_offset(uint32_t off, LineIndex& index) {
    if (!has_offset || off < offset) offset = off;
    has_offset = true;
    if (lines.size() < kMaxFindingLines) lines.push_back(index.line_of(off));
  }
  void merge(const RuleMatchLines& other) {
    if (other.has_offset && (!has_offset || other.offset < offset)) offset = other.offset;
    has_offset = has_offset || other.has_offset;
    for (uint32_t l : other.lines)
      if (lines.size() < kMaxFindingLines) lines.push_back(l);
  }
  void finish() {
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  }
};

uint32_t match_offset(const MatchLoc& l) { return l.begin_known ? l.begin : (l.end > 0 ? l.end - 1 : 0); }

std::string qualified(const CompiledPack& pack, const std::string& id) {
  return pack.name.empty() ? id : pack.name + ":" + id;
}

// Syntax-tree depth beyond which no query runs (run_queries).
constexpr uint32_t kMaxQueryDepth = 2000;

bool tree_deeper_than(TSNode root, uint32_t limit) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  bool deep = false;
  for (;;) {
    if (depth > limit) {
      deep = true;
      break;
    }
    if (ts_tree_cursor_goto_first_child(&c)) {
      ++depth;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return false;
      }
      --depth;
    }
  }
  ts_tree_cursor_delete(&c);
  return deep;
}

// The next window of at most `max` bytes of `text` from `base` for
// tree-sitter: the whole rest if it fits, else up to the last line that
// starts a new top-level statement (not indented, not a comment, not a
// closing bracket or a clause such as else/except of the statement before).
// A single statement longer than `max` is cut at a line break, or at `max`.
size_t parse_window(std::string_view text, size_t base, uint64_t max) {
  const size_t left = text.size() - base;
  if (left <= max) return left;
  auto continues = [&](size_t at) {  // whether the line at `at` continues the statement before
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' || c == ')' || c == ']' || c == '}') return true;
    for (std::string_view kw : {"else", "elif", "except", "finally"})
      if (text.substr(at, kw.size()) == kw) return true;
    return false;
  };
  const size_t limit = base + static_cast<size_t>(max);
  size_t last_break = std::string_view::npos;
  for (size_t nl = text.rfind('\n', limit - 1); nl != std::string_view::npos && nl >= base; nl = text.rfind('\n', nl - 1)) {
    if (last_break == std::string_view::npos) last_break = nl;
    if (nl + 1 < limit && !continues(nl + 1)) return nl + 1 - base;
    if (nl == 0) break;
  }
  return last_break != std::string_view::npos ? last_break + 1 - base : static_cast<size_t>(max);
}

// tree-sitter's included ranges for `parts` (file offsets, ascending, not
// overlapping) of `window`, which starts at file offset `base`: offsets and
// points relative to the window.
std::vector<TSRange> included_ranges(std::string_view window, size_t base,
                                     const std::vector<std::pair<uint32_t, uint32_t>>& parts) {
  std::vector<TSRange> out;
  uint32_t row = 0;
  size_t line_start = 0, scanned = 0;
  auto point_at = [&](size_t off) {  // off never decreases
    for (; scanned < off; ++scanned)
      if (window[scanned] == '\n') {
        ++row;
        line_start = scanned + 1;
      }
    return TSPoint{row, static_cast<uint32_t>(off - line_start)};
  };
  for (const auto& [b, e] : parts) {
    TSRange r;
    r.start_byte = static_cast<uint32_t>(b - base);
    r.end_byte = static_cast<uint32_t>(e - base);
    r.start_point = point_at(r.start_byte);
    r.end_point = point_at(r.end_byte);
    out.push_back(r);
  }
  return out;
}

// The pack's scratch prototype (CompiledPack::scratch): grown once for every
// database of the pack, then cloned by each scan.
const HsScratch& pack_scratch(const CompiledPack& pack) {
  std::call_once(pack.scratch_once, [&] {
    auto s = std::make_unique<HsScratch>();
    if (pack.database) s->reserve_for(pack.database->get());
    for (auto& db : pack.string_regexes) s->reserve_for(db->get());
    for (auto& db : pack.start_databases) s->reserve_for(db->get());
    for (auto& db : pack.kind_databases) s->reserve_for(db->get());
    for (auto& d : pack.deferred) s->reserve_for(d.database->get());
    for (auto& q : pack.queries)
      for (const HsDatabase* db : q->databases()) s->reserve_for(db->get());
    if (pack.all_queries)
      for (const HsDatabase* db : pack.all_queries->databases()) s->reserve_for(db->get());
    pack.scratch = std::move(s);
  });
  return *pack.scratch;
}

// The per-pack half of the scan: state reused across the files of one artifact.
class PackScan {
 public:
  PackScan(const CompiledPack& pack, ArtifactKind kind, ArtifactReport& report, std::vector<Finding>& unscored,
           const ScanOptions& opts, const Clock::time_point* deadline)
      : pack_(pack), kind_(kind), report_(report), unscored_(unscored), opts_(opts), profile_(opts.profile),
        deadline_(deadline), hits_(pack.atoms.size()), rule_lines_(pack.rules.size()),
        clue_len_(pack.hs_id_owner.size(), 0), clue_name_(pack.hs_id_owner.size(), 0),
        clue_seen_(pack.hs_id_owner.size(), 0) {
    for (size_t q = 0; q < pack_.queries.size() && q < pack_.query_prefilter.size(); ++q) {
      const std::vector<PrefilterClue>& clues = pack_.queries[q]->prefilter().clues;
      for (size_t i = 0; i < pack_.query_prefilter[q].size() && i < clues.size(); ++i)
        if (unsigned id = pack_.query_prefilter[q][i]; id < clue_len_.size()) {
          const PrefilterClue& c = clues[i];
          if (c.kind != PrefilterClue::Kind::Regex) clue_len_[id] = static_cast<uint32_t>(c.text.size());
          clue_name_[id] = c.kind == PrefilterClue::Kind::Name && !c.text.empty() && is_name_start(c.text.front());
        }
    }
    scratch_.clone_from(pack_scratch(pack_));
    reads_longest_line_.resize(pack_.rules.size());
    for (size_t r = 0; r < pack_.rules.size(); ++r)
      reads_longest_line_[r] = condition_reads(pack_.rules[r].condition, Fact::FileLongestLine);
    if (profile_) {
      rule_profile_.resize(pack_.rules.size());
      for (size_t r = 0; r < pack_.rules.size(); ++r)
        rule_profile_[r] = profile_->rule_slot(qualified(pack_, pack_.rules[r].id));
    }
    parser_ = ts_parser_new();
    ts_parser_set_language(parser_, python_language());
  }
  ~PackScan() { ts_parser_delete(parser_); }
  PackScan(const PackScan&) = delete;
  PackScan& operator=(const PackScan&) = delete;

  // Returns whether the file was parsed by tree-sitter for this pack.
  bool scan_file(const FileView& file);

 private:
  // A problem with one file, reported with its (escaped) name; the scan goes on.
  void file_error(const Entry& entry, const std::string& message) {
    report_.errors.push_back(escape_for_display(entry.stored_path, 300) + message);
  }
  // What the errors of a stage stopped by --max-scan-time say after "STAGE stopped: ".
  std::string time_ran_out() const {
    return "the artifact's time ran out after " + std::to_string(opts_.limits.max_seconds) +
           " s (limit --max-scan-time)";
  }

  void select_rules(const FileView& file);
  // Whether it stopped at the artifact's deadline (its matches are then partial).
  bool run_hyperscan(std::string_view content, FileKind kind);
  std::vector<char> queries_needed(const FileView& file);
  void run_queries(const FileView& file, std::string_view text, const std::vector<char>& needed);
  struct Range {
    size_t begin, end;
    // Non-empty: only these byte ranges of [begin, end) are parsed, as one
    // document (a class's header and some of its members).
    std::vector<std::pair<uint32_t, uint32_t>> parts;
  };
  // What one pass of tree-sitter over a file found, kept apart from hits_
  // until it is known not to be thrown away.
  struct AstPass {
    struct Match {
      uint32_t query, begin, end;
    };
    std::vector<Match> matches;
    std::vector<std::string> errors;  // file_error messages, in order
    uint64_t parse_ns = 0, query_ns = 0, bytes = 0;
    bool complete = true;     // no query hit the match limit
    bool tree_error = false;  // a statement range's tree had a syntax error
    bool out_of_time = false;  // a query stopped at the artifact's --max-scan-time
  };
  // Whether it dropped a query.
  bool admit_statements(const FileView& file, std::string_view text, std::vector<char>& needed);
  bool statement_ranges(std::string_view text, const std::vector<char>& needed, std::vector<Range>& ranges);
  Range class_units(std::string_view text, size_t i, const std::vector<char>& needed) const;
  // A query statement-scoped parsing can serve: it has a prefilter and its
  // matches stay in one top-level statement.
  bool scopable(size_t q) const {
    return !pack_.queries[q]->prefilter().empty() && pack_.queries[q]->within_statement();
  }
  void parse_ranges(std::string_view text, const std::vector<char>& needed, const std::vector<Range>& ranges,
                    bool scoped, uint64_t spent_ns, AstPass& pass);
  FileFacts file_facts(const FileView& file) const;
  bool keep_relevant_queries(const FileView& file, std::vector<char>& needed);
  void evaluate(const FileView& file);
  void collect_lines(int r, LineIndex& index);
  Finding make_finding(const std::string& id, Severity severity, const FileView& file, const RuleMatchLines& where);

  const CompiledPack& pack_;
  ArtifactKind kind_;
  ArtifactReport& report_;
  std::vector<Finding>& unscored_;  // test-mode findings: private rules and sets
  const ScanOptions& opts_;
  ScanProfile* profile_;
  const Clock::time_point* deadline_;  // --max-scan-time of the artifact, or null
  HsScratch scratch_;
  TSParser* parser_ = nullptr;
  // Per-file state, reused across files to avoid reallocation.
  std::vector<AtomHits> hits_;
  std::vector<int> touched_;  // atoms whose hits_ may hold something: cleared for the next file
  AtomHits& hit(int atom) {
    AtomHits& h = hits_[atom];
    if (h.count == 0) touched_.push_back(atom);
    return h;
  }
  std::vector<int> rescan_;  // atoms with a start database that matched in this file
  std::vector<int> in_scope_;
  std::vector<RuleMatchLines> rule_lines_;
  std::vector<char> reads_longest_line_;  // per rule: its condition reads file.longest_line
  std::vector<size_t> rule_profile_;      // per rule: its slot in profile_->rules
  // Query prefilter clues (QueryPrefilter), by Hyperscan id.
  std::vector<uint32_t> clue_len_;  // a literal's length; 0 for a regex
  std::vector<char> clue_name_;     // a name-like literal that must be a capture's whole text
  std::vector<char> clue_seen_;     // seen in this file
  // Every occurrence of a clue in this file, for statement-scoped parsing;
  // past kMaxPrefilterHits the file is parsed whole.
  struct ClueHit {
    uint32_t id;
    uint32_t at;  // the last byte of the occurrence: inside any capture holding it
    bool operator<(const ClueHit& o) const { return at != o.at ? at < o.at : id < o.id; }
  };
  std::vector<ClueHit> clue_hits_;
  bool clue_hits_overflow_ = false;
  // The file's top-level statements, when statements_known_, and each
  // (statement, query) that the query's prefilter and statement types admit.
  std::vector<uint32_t> starts_;
  std::vector<LogicalLine> lines_;
  struct Admitted {
    uint32_t statement, query;
    uint32_t unit;  // kWholeStatement, or of a split class: 0 its header, k its member k - 1
  };
  static constexpr uint32_t kWholeStatement = ~0u;
  std::vector<Admitted> admitted_;
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> members_;  // split classes: statement, member starts
  bool statements_known_ = false;
  // Whether the query's prefilter admits a place whose clues are has(id).
  template <class Has>
  bool admits(size_t q, const Has& has) const {
    const std::vector<unsigned>& ids = pack_.query_prefilter[q];
    return pack_.queries[q]->prefilter().admits([&](uint32_t c) { return c < ids.size() && has(ids[c]); });
  }
};

void PackScan::select_rules(const FileView& file) {
  in_scope_.clear();
  for (int r : pack_.rules_by_kind[static_cast<unsigned>(file.kind)]) {
    const CompiledRule& rule = pack_.rules[r];
    bool ok = rule.include.empty();
    for (const Glob& g : rule.include)
      if (g.matches(file.entry.path)) ok = true;
    for (const Glob& g : rule.exclude)
      if (g.matches(file.entry.path)) ok = false;
    if (ok) in_scope_.push_back(r);
  }
}

bool PackScan::run_hyperscan(std::string_view content, FileKind kind) {
  // Test mode reports every pattern set on every file: the whole database.
  const auto k = static_cast<size_t>(kind);
  const int which = k < pack_.kind_database.size() ? pack_.kind_database[k] : CompiledPack::kNoDatabase;
  const HsDatabase* db = opts_.include_sets || which == CompiledPack::kWholeDatabase ? pack_.database.get()
                         : which >= 0 ? pack_.kind_databases[which].get()
                                      : nullptr;
  struct Ctx {
    PackScan* self;
    std::string_view content;
    uint32_t until_clock = kHsDeadlineStride;  // matches before the next look at the clock
    bool out_of_time = false;
    // Non-zero (Hyperscan stops the scan) once the deadline is reached.
    int past_deadline() {
      if (--until_clock != 0 || !self->deadline_) return 0;
      until_clock = kHsDeadlineStride;
      out_of_time = Clock::now() >= *self->deadline_;
      return out_of_time ? 1 : 0;
    }
  } ctx{this, content};
  auto on_match = [](unsigned id, unsigned long long from, unsigned long long to, unsigned, void* p) -> int {
    auto* c = static_cast<Ctx*>(p);
    if (c->past_deadline()) return 1;
    if (id >= c->self->pack_.hs_id_owner.size()) return 0;  // a database that is not this pack's
    int owner = c->self->pack_.hs_id_owner[id];
    if (owner < 0) {
      PackScan& self = *c->self;
      if (to == 0) return 0;
      const uint32_t len = self.clue_len_[id];
      const auto begin = static_cast<uint32_t>(to >= len ? to - len : 0);
      // `get` inside `target` cannot be an identifier whose text is `get`:
      // tree-sitter's tokens end where names end.
      if (self.clue_name_[id] && inside_longer_name(c->content, begin, static_cast<uint32_t>(to))) return 0;
      self.clue_seen_[id] = 1;
      if (self.clue_hits_.size() >= kMaxPrefilterHits)
        self.clue_hits_overflow_ = true;
      else
        self.clue_hits_.push_back({id, static_cast<uint32_t>(to - 1)});
      return 0;
    }
    const Atom& atom = c->self->pack_.atoms[owner];
    if (atom.start_db >= 0) {
      // Scanned again with its start database once this pass is over.
      AtomHits& h = c->self->hit(owner);
      if (h.count == 0) c->self->rescan_.push_back(owner);
      h.count = 1;
      return 0;
    }
    MatchLoc loc{static_cast<uint32_t>(from), static_cast<uint32_t>(to), atom.start_known};
    if (atom.kind == Atom::Kind::Literal) loc.begin = static_cast<uint32_t>(to >= atom.literal_len ? to - atom.literal_len : 0);
    if (atom.fullword) {
      const std::string_view& s = c->content;
      if ((loc.begin > 0 && is_word_byte(s[loc.begin - 1])) || (to < s.size() && is_word_byte(s[to]))) return 0;
    }
    c->self->hit(owner).add(loc);
    return 0;
  };
  // Hyperscan takes an unsigned length; scan_entry bounds content to kMaxScanBytes.
  rescan_.clear();
  if (db)
    hs_scan(db->get(), content.data(), static_cast<unsigned>(content.size()), 0, scratch_.get(), on_match, &ctx);
  // The deferred expressions, where the file holds the run they need.
  size_t first_high = SIZE_MAX;  // first_non_ascii(content), once a gate needs it
  auto deferred = [&](int d) {
    if (ctx.out_of_time) return;
    const CompiledPack::DeferredDatabase& dd = pack_.deferred[static_cast<size_t>(d)];
    if (!dd.gate.bytes.any_ascii() && first_high == SIZE_MAX) first_high = first_non_ascii(content);
    if (has_run(content, dd.gate, dd.gate.bytes.any_ascii() ? 0 : first_high))
      hs_scan(dd.database->get(), content.data(), static_cast<unsigned>(content.size()), 0, scratch_.get(), on_match,
              &ctx);
  };
  if (opts_.include_sets)
    for (size_t d = 0; d < pack_.deferred.size(); ++d) deferred(static_cast<int>(d));
  else if (k < pack_.kind_deferred.size())
    for (int d : pack_.kind_deferred[k]) deferred(d);
  // The regexes that matched and report where: the same matches again, now
  // with their starts (the same ends, so the same count).
  // Out of time, the regexes keep the count of the first pass (no places).
  for (int a : rescan_) {
    if (ctx.out_of_time) break;
    AtomHits& h = hits_[a];
    h.clear();
    struct StartCtx {
      AtomHits* hits;
      Ctx* pass;
    } sc{&h, &ctx};
    auto on_start = [](unsigned, unsigned long long from, unsigned long long to, unsigned, void* p) -> int {
      auto* c = static_cast<StartCtx*>(p);
      if (c->pass->past_deadline()) return 1;
      c->hits->add({static_cast<uint32_t>(from), static_cast<uint32_t>(to), true});
      return 0;
    };
    hs_scan(pack_.start_databases[pack_.atoms[a].start_db]->get(), content.data(),
            static_cast<unsigned>(content.size()), 0, scratch_.get(), on_start, &sc);
    // Stopped before its first start was found: it still matched.
    if (ctx.out_of_time && h.count == 0) h.count = 1;
  }
  return ctx.out_of_time;
}

// A query runs only if a rule in scope uses it (or, in test mode, any set
// does) and its prefilter admits the file.
std::vector<char> PackScan::queries_needed(const FileView& file) {
  std::vector<char> needed(pack_.queries.size(), 0);
  if (!is_python_kind(file.kind)) return needed;
  // Many rules share a query: its prefilter is asked once per file.
  std::vector<char> asked(pack_.queries.size(), 0);
  auto want = [&](int a) {
    const Atom& atom = pack_.atoms[a];
    if (atom.kind != Atom::Kind::Query || asked[atom.query]) return;
    asked[atom.query] = 1;
    needed[atom.query] = admits(atom.query, [&](unsigned id) { return clue_seen_[id] != 0; });
  };
  for (int r : in_scope_)
    for (const CompiledRule::Pattern& p : pack_.rules[r].patterns)
      for (int a : p.atoms) want(a);
  if (opts_.include_sets)
    for (const PatternSetInfo& s : pack_.sets)
      for (int a : s.atoms) want(a);
  return needed;
}

// Statement-scoped parsing, first step: which top-level statements of
// `text` each needed query can match in. A match of a query that stays in
// one statement (query_scope.hpp) lies in a statement that holds the clues
// of one of its patterns' terms (each capture holds its term's clue,
// query.hpp), and, for a pattern rooted at `module`, in a statement of a
// type the pattern allows (`def`, `class`, `import`, ... are told by their
// first token). A needed query admitted in no statement cannot match in
// this file and is no longer needed: when it was the only reason to parse,
// nothing is parsed. Returns whether a query was dropped. Statements stay
// unknown (every query kept, the file parsed whole) for a .pth file (parsed
// from its Python view, whose offsets are not the Hyperscan pass's), too
// many clue occurrences, or a file the statement tokenizer does not cut.
bool PackScan::admit_statements(const FileView& file, std::string_view text, std::vector<char>& needed) {
  statements_known_ = false;
  admitted_.clear();
  members_.clear();
  if (file.pth || opts_.whole_file_parse || clue_hits_overflow_) return false;
  std::vector<size_t> queries;
  for (size_t q = 0; q < needed.size(); ++q)
    if (needed[q] && scopable(q)) queries.push_back(q);
  if (queries.empty()) return false;
  starts_ = python_statement_starts(text, &lines_);
  // One statement: cut only if it is a class (the tokenizer followed it).
  if (starts_.size() < 2 && lines_.empty()) return false;
  statements_known_ = true;
  std::sort(clue_hits_.begin(), clue_hits_.end());
  // Walk the statements that hold clues, each with the set of its clues.
  std::vector<unsigned> in_statement;
  std::vector<std::vector<unsigned>> in_unit;  // a split class's header and members
  auto sorted_set = [](std::vector<unsigned>& ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  };
  for (size_t h = 0; h < clue_hits_.size();) {
    if (clue_hits_[h].at >= text.size()) break;
    const size_t i =
        static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), clue_hits_[h].at) - starts_.begin()) - 1;
    const uint32_t end = i + 1 < starts_.size() ? starts_[i + 1] : static_cast<uint32_t>(text.size());
    const size_t first_hit = h;
    in_statement.clear();
    for (; h < clue_hits_.size() && clue_hits_[h].at < end; ++h) in_statement.push_back(clue_hits_[h].id);
    sorted_set(in_statement);
    auto has = [&](unsigned id) { return std::binary_search(in_statement.begin(), in_statement.end(), id); };
    // A statement longer than a parse window is parsed in windows, and a
    // window that starts inside it shows its inner lines as top-level
    // statements: neither its type nor its members say what matches there.
    const bool windowed = end - starts_[i] > opts_.max_parse_bytes;
    const uint32_t types = windowed ? 0 : python_statement_types(text, starts_[i]);
    // A big class is cut into its header and members for the queries whose
    // matches stay inside one member, found once per statement.
    const std::vector<uint32_t>* members = nullptr;
    bool members_read = false;
    auto split = [&]() -> const std::vector<uint32_t>* {
      if (members_read) return members;
      members_read = true;
      static const uint32_t class_types =
          python_statement_type_bit("class_definition") | python_statement_type_bit("decorated_definition");
      if (windowed || end - starts_[i] < kMinSplitClassBytes || (types & class_types) == 0) return nullptr;
      std::vector<uint32_t> m = python_class_members(text, lines_, starts_[i], end);
      if (m.empty()) return nullptr;
      members_.push_back({static_cast<uint32_t>(i), std::move(m)});
      members = &members_.back().second;
      // The clues of the header (unit 0) and of each member (unit k + 1).
      in_unit.assign(members->size() + 1, {});
      for (size_t k = first_hit; k < h; ++k) {
        const size_t u = static_cast<size_t>(std::upper_bound(members->begin(), members->end(), clue_hits_[k].at) -
                                             members->begin());
        in_unit[u].push_back(clue_hits_[k].id);
      }
      for (auto& ids : in_unit) sorted_set(ids);
      return members;
    };
    for (size_t q : queries) {
      // 0: a statement whose type the first token does not tell, which any query may match in.
      if (types != 0 && (types & pack_.queries[q]->statement_types()) == 0) continue;
      if (!admits(q, has)) continue;
      if (pack_.queries[q]->within_member() && split()) {
        for (size_t u = 0; u < in_unit.size(); ++u) {
          auto has_u = [&](unsigned id) { return std::binary_search(in_unit[u].begin(), in_unit[u].end(), id); };
          if (admits(q, has_u))
            admitted_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(q), static_cast<uint32_t>(u)});
        }
        continue;
      }
      admitted_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(q), kWholeStatement});
    }
  }
  bool dropped = false;
  for (size_t q : queries) {
    const bool admitted =
        std::any_of(admitted_.begin(), admitted_.end(), [&](const Admitted& a) { return a.query == q; });
    if (!admitted) needed[q] = 0;
    dropped = dropped || !admitted;
  }
  return dropped;
}

// Statement-scoped parsing, second step: the statements admitted for the
// queries still needed, merged into ranges; a split class (when no query
// needs it whole) as one range of its header and admitted members. False
// when the file must be parsed whole: statements unknown, a needed query
// without a prefilter or that can span statements, or ranges that cover
// the whole file anyway. No range at all when no statement is admitted.
bool PackScan::statement_ranges(std::string_view text, const std::vector<char>& needed,
                                std::vector<Range>& ranges) {
  if (!statements_known_) return false;
  for (size_t q = 0; q < needed.size(); ++q)
    if (needed[q] && !scopable(q)) return false;
  const size_t n = starts_.size();
  auto statement_end = [&](size_t i) { return i + 1 < n ? starts_[i + 1] : text.size(); };
  // 0: not admitted; 1: whole (when any needed query wants it whole); 2:
  // some units of a split class.
  std::vector<char> marked(n, 0);
  for (const Admitted& a : admitted_)
    if (needed[a.query]) marked[a.statement] = a.unit == kWholeStatement || marked[a.statement] == 1 ? 1 : 2;
  for (size_t i = 0; i < n;) {
    if (marked[i] == 2) {
      Range r = class_units(text, i, needed);
      if (r.parts.empty()) {
        marked[i] = 1;  // too big to parse at once: the statement whole, windowed
      } else {
        ranges.push_back(std::move(r));
        ++i;
        continue;
      }
    }
    if (marked[i] != 1) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < n && marked[j + 1] == 1) ++j;
    ranges.push_back({starts_[i], statement_end(j), {}});
    i = j + 1;
  }
  return !(ranges.size() == 1 && ranges[0].parts.empty() && ranges[0].begin == 0 && ranges[0].end == text.size());
}

// The range of split class statement `i` for the needed queries: its
// header, then each admitted member (the first one when only the header
// is: a class needs a body to parse). No parts when that is more than one
// parse window.
PackScan::Range PackScan::class_units(std::string_view text, size_t i, const std::vector<char>& needed) const {
  const std::vector<uint32_t>* members = nullptr;
  for (const auto& [statement, m] : members_)
    if (statement == i) members = &m;
  Range r{starts_[i], starts_[i], {}};
  if (!members) return r;
  const size_t end = i + 1 < starts_.size() ? starts_[i + 1] : text.size();
  std::vector<char> unit(members->size() + 1, 0);
  for (const Admitted& a : admitted_)
    if (a.statement == i && needed[a.query] && a.unit != kWholeStatement) unit[a.unit] = 1;
  unit[0] = 1;
  if (std::find(unit.begin() + 1, unit.end(), 1) == unit.end()) unit[1] = 1;
  uint64_t bytes = 0;
  for (size_t u = 0; u < unit.size(); ++u) {
    if (!unit[u]) continue;
    const size_t b = u == 0 ? starts_[i] : (*members)[u - 1];
    const size_t e = u < members->size() ? (*members)[u] : end;
    if (!r.parts.empty() && r.parts.back().second == b) r.parts.back().second = static_cast<uint32_t>(e);
    else r.parts.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    bytes += e - b;
    r.end = e;
  }
  if (bytes > opts_.max_parse_bytes) r.parts.clear();
  return r;
}

// Parses each range of `text` and runs the needed queries over its trees,
// into `pass`. tree-sitter's tree costs tens of bytes per source byte: a
// big range is parsed in windows of at most max_parse_bytes, cut where a
// top-level statement starts, each tree freed before the next, so memory
// stays bounded. The parse timeout is for the whole file (`spent_ns` was
// used by an earlier pass), and no parse runs past the artifact's
// --max-scan-time. With `scoped`, a tree with a syntax error stops the pass
// (tree_error): the caller parses the file whole instead.
void PackScan::parse_ranges(std::string_view text, const std::vector<char>& needed, const std::vector<Range>& ranges,
                            bool scoped, uint64_t spent_ns, AstPass& pass) {
  const uint64_t budget_us = opts_.parse_timeout_ms * 1000;
  const bool separate = std::count(needed.begin(), needed.end(), 1) <= kMaxSeparateQueries;
  auto gave_up = [&](bool by_scan_time, size_t base) {
    const std::string rest = "; AST rules saw only the first " + std::to_string(base) + " bytes of this file";
    if (by_scan_time)
      pass.errors.push_back(": Python parse stopped: " + time_ran_out() + rest);
    else
      pass.errors.push_back(": Python parse gave up after " + std::to_string(opts_.parse_timeout_ms) +
                            " ms (limit --parse-timeout)" + rest);
  };
  for (const Range& range : ranges) {
    const std::string_view upto = text.substr(0, range.end);
    size_t base = range.begin, len = 0;
    do {
      len = range.parts.empty() ? parse_window(upto, base, opts_.max_parse_bytes) : range.end - range.begin;
      const std::string_view window = text.substr(base, len);
      const uint64_t used_us = (spent_ns + pass.parse_ns) / 1000;
      uint64_t allow_us = used_us >= budget_us ? 0 : budget_us - used_us;
      bool by_scan_time = false;
      if (deadline_) {
        const Clock::time_point now = Clock::now();
        const uint64_t left_us =
            now >= *deadline_
                ? 0
                : static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(*deadline_ - now).count());
        if (left_us < allow_us || left_us == 0) {
          allow_us = left_us;
          by_scan_time = true;
        }
      }
      if (allow_us == 0) {
        gave_up(by_scan_time, base);
        return;
      }
      ts_parser_set_timeout_micros(parser_, allow_us);
      Clock::time_point t0 = Clock::now();
      uint64_t parsed = len;
      if (!range.parts.empty()) {
        const std::vector<TSRange> included = included_ranges(window, base, range.parts);
        parsed = 0;
        for (const TSRange& r : included) parsed += r.end_byte - r.start_byte;
        // Refused (it checks the order): the window whole, as before cutting.
        if (!ts_parser_set_included_ranges(parser_, included.data(), static_cast<uint32_t>(included.size())))
          parsed = len;
      }
      TSTree* tree = ts_parser_parse_string(parser_, nullptr, window.data(), static_cast<uint32_t>(window.size()));
      if (!range.parts.empty()) ts_parser_set_included_ranges(parser_, nullptr, 0);
      pass.parse_ns += ns_since(t0);
      pass.bytes += parsed;
      if (!tree) {
        ts_parser_reset(parser_);
        gave_up(by_scan_time, base);
        return;
      }
      Clock::time_point t1 = Clock::now();
      TSNode root = ts_tree_root_node(tree);
      // A syntax error in a statement range: the statement tokenizer may
      // have cut where Python would not.
      if (scoped && ts_node_has_error(root)) {
        ts_tree_delete(tree);
        pass.tree_error = true;
        return;
      }
      // tree-sitter's query cursor slows down with depth (100,000 nested
      // brackets: minutes) and has no timeout. CPython refuses such code (its
      // parser stops at 200 nested brackets, 100 indentation levels), so no
      // query is run on a window that deep: nothing in it could run.
      if (tree_deeper_than(root, kMaxQueryDepth)) {
        ts_tree_delete(tree);
        pass.errors.push_back(": nested deeper than " + std::to_string(kMaxQueryDepth) +
                              " levels, which Python cannot compile; AST rules skipped for bytes " +
                              std::to_string(base) + "-" + std::to_string(base + len));
        base += len;
        continue;
      }
      const auto offset = static_cast<uint32_t>(base);
      // Each walk of the tree costs about the same whatever the query: the
      // combined query costs ~5 walks of one member query (bench/query_cost.cpp),
      // so a file that needs only a few members runs them one by one.
      // The artifact's deadline also stops a query between matches.
      CompiledQuery::Deadline until;
      if (deadline_) until.at = *deadline_;
      CompiledQuery::Deadline* stop = deadline_ ? &until : nullptr;
      if (separate) {
        for (size_t q = 0; q < needed.size() && !until.reached; ++q)
          if (needed[q])
            pass.complete = pack_.queries[q]->run(
                                root, window, scratch_,
                                [&](uint32_t b, uint32_t e) {
                                  pass.matches.push_back({static_cast<uint32_t>(q), b + offset, e + offset});
                                },
                                opts_.query_match_limit, stop) &&
                            pass.complete;
      } else {
        pass.complete = pack_.all_queries->run_members(
                            root, window, scratch_, needed,
                            [&](int q, uint32_t b, uint32_t e) {
                              pass.matches.push_back({static_cast<uint32_t>(q), b + offset, e + offset});
                            },
                            opts_.query_match_limit, stop) &&
                        pass.complete;
      }
      ts_tree_delete(tree);
      pass.query_ns += ns_since(t1);
      if (until.reached) {
        pass.out_of_time = true;
        pass.errors.push_back(": AST queries stopped: " + time_ran_out() +
                              "; AST results for this file may be partial");
        return;
      }
      base += len;
    } while (len > 0 && base < range.end);
  }
}

void PackScan::run_queries(const FileView& file, std::string_view text, const std::vector<char>& needed) {
  // Statement-scoped parsing: only the top-level statements that hold a
  // needed query's prefilter literal. A .pth file is parsed from its
  // Python view, whose offsets are not the Hyperscan pass's: whole.
  std::vector<Range> ranges;
  const bool scoped = statement_ranges(text, needed, ranges);
  if (!scoped) ranges.assign(1, Range{0, text.size(), {}});
  AstPass pass;
  parse_ranges(text, needed, ranges, scoped, 0, pass);
  if (pass.tree_error) {
    AstPass whole;
    parse_ranges(text, needed, {Range{0, text.size(), {}}}, false, pass.parse_ns, whole);
    whole.parse_ns += pass.parse_ns;
    whole.query_ns += pass.query_ns;
    whole.bytes += pass.bytes;
    pass = std::move(whole);
    if (profile_) ++profile_->parse_fallbacks;
  }
  for (const AstPass::Match& m : pass.matches) hit(pack_.query_atom[m.query]).add({m.begin, m.end, true});
  for (const std::string& e : pass.errors) file_error(file.entry, e);
  if (!pass.complete && !pass.out_of_time)
    file_error(file.entry, ": query match limit " + std::to_string(opts_.query_match_limit) +
                               " reached (limit --query-match-limit); AST results for this file may be partial");
  const uint64_t parse_ns = pass.parse_ns, query_ns = pass.query_ns;
  if (!profile_) return;
  profile_->parse_ns += parse_ns;
  profile_->query_ns += query_ns;
  profile_->parse_file_bytes += text.size();
  profile_->parsed_bytes += pass.bytes;
  // Attribute the AST work evenly to the rules that asked for it.
  std::vector<int> askers;
  for (int r : in_scope_) {
    bool asks = false;
    for (const CompiledRule::Pattern& p : pack_.rules[r].patterns)
      for (int a : p.atoms)
        if (pack_.atoms[a].kind == Atom::Kind::Query && needed[pack_.atoms[a].query]) asks = true;
    if (asks) askers.push_back(r);
  }
  for (int r : askers)
    profile_->rules[rule_profile_[r]].ast_ns += (parse_ns + query_ns) / askers.size();
}

// Keeps in `needed` only the queries of rules whose outcome can still change
// a finding: public rules in scope that are not already bounded False (true
// ones too: their findings list the AST matches' lines), and every rule they
// reference that is not bounded False. Returns whether any query is left.
bool PackScan::keep_relevant_queries(const FileView& file, std::vector<char>& needed) {
  FileFacts facts = file_facts(file);
  FileEvaluation bounds(pack_, facts, hits_, scratch_);
  for (int r : in_scope_) bounds.bound_rule(r, needed);
  std::vector<char> relevant(pack_.rules.size(), 0);
  // in_scope_ is in dependency order: walking it backwards reaches every
  // rule after the rules that reference it.
  for (auto it = in_scope_.rbegin(); it != in_scope_.rend(); ++it) {
    const CompiledRule& rule = pack_.rules[*it];
    if (bounds.bound(*it) == FileEvaluation::Bound::False) continue;
    if (!rule.is_private) relevant[*it] = 1;
    if (!relevant[*it]) continue;
    for (int d : rule.depends_on)
      if (bounds.bound(d) != FileEvaluation::Bound::False) relevant[d] = 1;
  }
  std::vector<char> keep(needed.size(), 0);
  bool any = false;
  for (int r : in_scope_) {
    if (!relevant[r]) continue;
    for (const CompiledRule::Pattern& p : pack_.rules[r].patterns)
      for (int a : p.atoms)
        if (pack_.atoms[a].kind == Atom::Kind::Query && needed[pack_.atoms[a].query]) {
          keep[pack_.atoms[a].query] = 1;
          any = true;
        }
  }
  needed = std::move(keep);
  return any;
}

// The lines of a true rule: its patterns' matches and its true dependencies'
// lines (dependencies come earlier in evaluation order).
void PackScan::collect_lines(int r, LineIndex& index) {
  RuleMatchLines& where = rule_lines_[r];
  const CompiledRule& rule = pack_.rules[r];
  for (const CompiledRule::Pattern& p : rule.patterns)
    for (int a : p.atoms)
      for (const MatchLoc& l : hits_[a].locs) where.add_offset(match_offset(l), index);
  for (int d : rule.depends_on) where.merge(rule_lines_[d]);
  where.finish();
}

Finding PackScan::make_finding(const std::string& id, Severity severity, const FileView& file,
                               const RuleMatchLines& where) {
  Finding f;
  f.rule = qualified(pack_, id);
  f.pack = pack_.name;
  f.severity = severity;
  f.file = escape_for_display(file.entry.stored_path, 1024);
  if (where.has_offset) {
    line_col_at(file.content, where.offset, f.line, f.column);
    f.excerpt = excerpt_at(file.content, where.offset, opts_.excerpt_width);
    f.lines = where.lines;
  }
  if (file.origin) {
    f.decode_chain = file.origin->chain;
    f.decoded_from = file.origin->real_file;
    f.decoded_line = file.origin->real_line;
  }
  return f;
}

FileFacts PackScan::file_facts(const FileView& file) const {
  FileFacts facts;
  const Entry& entry = file.entry;
  facts.path = entry.path;
  size_t slash = entry.path.rfind('/');
  facts.name = slash == std::string::npos ? std::string_view(entry.path) : std::string_view(entry.path).substr(slash + 1);
  facts.size = file.content.size();
  facts.depth = std::count(entry.path.begin(), entry.path.end(), '/');
  facts.kind = file.kind;
  facts.unsafe_path = entry.unsafe_path;
  facts.is_symlink = entry.is_symlink;
  facts.truncated = entry.truncated;
  // An inner archive's entries are judged as that archive's (docs/limits.md).
  facts.artifact_kind = entry.archive_depth > 1 ? entry.container_kind : kind_;
  facts.pth = file.pth;
  facts.entry = &entry;
  facts.index = file.index;
  facts.archive_index = file.archive_index;
  facts.context = file.context;
  facts.content = file.content;
  if (file.origin) {
    facts.decoded = true;
    facts.decode_depth = static_cast<int64_t>(file.origin->chain.size());
    facts.decode_chain = file.origin->chain_text;
  }
  facts.decoded_blobs = file.decoded_blobs;
  facts.marshal_blobs = file.marshal_blobs;
  facts.release = opts_.release;
  return facts;
}

void PackScan::evaluate(const FileView& file) {
  FileFacts facts = file_facts(file);
  const Entry& entry = file.entry;

  // Rules out of scope are not evaluated and are false for this file: no
  // line of an earlier file may leak into a rule that references them.
  for (RuleMatchLines& w : rule_lines_) {
    w.has_offset = false;
    w.lines.clear();
  }
  LineIndex index(file.content);
  FileEvaluation ev(pack_, facts, hits_, scratch_);
  for (int r : in_scope_) {
    const CompiledRule& rule = pack_.rules[r];
    Clock::time_point t0;
    if (profile_) t0 = Clock::now();
    bool matched = ev.evaluate_rule(r);
    if (profile_) {
      RuleProfile& rp = profile_->rules[rule_profile_[r]];
      rp.condition_ns += ns_since(t0);
      ++rp.candidates;
      if (matched) ++rp.matches;
    }
    if (!matched) continue;
    collect_lines(r, index);
    // A rule about the longest line and nothing else shows that line.
    if (!rule_lines_[r].has_offset && reads_longest_line_[r]) {
      longest_line_fact(facts);
      rule_lines_[r].add_offset(facts.longest_line_at, index);
      rule_lines_[r].finish();
    }
    if (rule.is_private && !opts_.include_private) continue;
    Finding f = make_finding(rule.id, rule.severity, file, rule_lines_[r]);
    // A rule of facts alone has no line to show: show the facts instead.
    if (!rule_lines_[r].has_offset) f.excerpt = escape_for_display(ev.describe_facts(r), 600);
    f.title = rule.title;
    f.tags = rule.tags;
    (rule.is_private ? unscored_ : report_.findings).push_back(std::move(f));
  }

  if (!opts_.include_sets) return;
  for (const PatternSetInfo& s : pack_.sets) {
    RuleMatchLines where;
    bool any = false;
    for (int a : s.atoms) {
      const Atom& atom = pack_.atoms[a];
      if (atom.kind == Atom::Kind::Path) {
        any = any || atom.glob.matches(entry.path);
        continue;
      }
      any = any || hits_[a].count > 0;
      for (const MatchLoc& l : hits_[a].locs) where.add_offset(match_offset(l), index);
    }
    if (!any) continue;
    where.finish();
    Finding f = make_finding(s.name, Severity::Info, file, where);
    f.title = "pattern set " + s.name;
    unscored_.push_back(std::move(f));
  }
}

bool PackScan::scan_file(const FileView& file) {
  Clock::time_point t0;
  if (profile_) t0 = Clock::now();
  select_rules(file);
  if (profile_) profile_->classify_ns += ns_since(t0);
  if (in_scope_.empty() && !opts_.include_sets) return false;

  for (int a : touched_) hits_[a].clear();
  touched_.clear();
  std::fill(clue_seen_.begin(), clue_seen_.end(), 0);
  clue_hits_.clear();
  clue_hits_overflow_ = false;
  statements_known_ = false;
  if (profile_) t0 = Clock::now();
  const bool out_of_time = run_hyperscan(file.content, file.kind);
  if (profile_) profile_->prefilter_ns += ns_since(t0);
  // Past the deadline nothing would be parsed either: one error says both.
  if (out_of_time)
    file_error(file.entry, ": pattern matching stopped: " + time_ran_out() +
                               "; pattern and AST results for this file may be partial");

  std::vector<char> needed = out_of_time ? std::vector<char>(pack_.queries.size(), 0) : queries_needed(file);
  bool parse = std::find(needed.begin(), needed.end(), 1) != needed.end();
  // Rule tests report private rules and sets, which read every query.
  const bool prune = !opts_.include_private && !opts_.include_sets;
  if (parse && prune) parse = keep_relevant_queries(file, needed);
  // Then statement by statement (the tokenizer runs only where a query is
  // still wanted); a query dropped there can make others irrelevant.
  if (parse && admit_statements(file, file.pth ? std::string_view(file.pth->python_view) : file.content, needed)) {
    parse = std::find(needed.begin(), needed.end(), 1) != needed.end();
    if (parse && prune) parse = keep_relevant_queries(file, needed);
  }
  if (parse) run_queries(file, file.pth ? std::string_view(file.pth->python_view) : file.content, needed);

  if (profile_) t0 = Clock::now();
  evaluate(file);
  if (profile_) profile_->condition_ns += ns_since(t0);
  return parse;
}

// Every pack's scan of one artifact, fed one entry at a time.
class ArtifactScan {
 public:
  ArtifactScan(const std::vector<const CompiledPack*>& packs, ArtifactKind kind, std::string_view file_name,
               ArtifactReport& report, const ScanOptions& opts)
      : report_(report), opts_(opts), profile_(opts.profile), artifact_(kind, file_name),
        deadline_(Clock::now() + std::chrono::seconds(opts.limits.max_seconds)) {
    const Clock::time_point* deadline = opts.limits.max_seconds > 0 ? &deadline_ : nullptr;
    for (const CompiledPack* p : packs)
      scans_.push_back(std::make_unique<PackScan>(*p, kind, report, unscored_, opts, deadline));
  }

  // Where an entry is: its position in the artifact and in its own archive.
  struct Position {
    int64_t index, archive_index;
  };

  void scan_entry(const Entry& entry, std::string_view content) {
    Clock::time_point t0;
    if (profile_) t0 = Clock::now();
    // Hyperscan and tree-sitter take 32-bit lengths: never let a larger read
    // limit wrap a length and silently scan less than it says.
    if (content.size() > kMaxScanBytes) {
      report_.errors.push_back(escape_for_display(entry.stored_path, 300) + ": only the first " +
                               std::to_string(kMaxScanBytes) + " bytes were scanned (engine limit)");
      content = content.substr(0, kMaxScanBytes);
    }
    ++report_.files_scanned;
    report_.bytes_scanned += content.size();
    FileKind kind = classify_file(entry.path, content);
    PthAnalysis pth;
    if (kind == FileKind::Pth) pth = analyze_pth(content);
    if (profile_) profile_->classify_ns += ns_since(t0);
    // Duplicates are noted in the artifact's facts: an inner entry's stored
    // name carries its archive's ("a.whl!/x.py"), so only true repeats collide.
    ArtifactFacts& facts = facts_for(entry);
    FileContext context(facts, entry, content, artifact_.note_entry(entry));
    decode::Budget budget{opts_.max_decoded_bytes};
    scan_layer(entry, content, kind, kind == FileKind::Pth ? &pth : nullptr, &context, {index_++, facts.next_index()},
               nullptr, budget);
    // An archive's entries, if the reader opens it, come right after it: its
    // digest becomes their artifact.sha256 (facts_for), so a known-bad wheel
    // vendored in an sdist is KNOWN_BAD_ARTIFACT as it would be alone.
    if (kind == FileKind::Archive && !entry.truncated) {
      last_archive_ = entry.container.empty() ? entry.path : entry.container + "!/" + entry.path;
      last_archive_sha256_ = context.sha256();
      preview_inner_wheel(entry, content);
    }
    if (profile_) per_file_ns_ += ns_since(t0);
  }

  // Scans one file or decoded layer with every pack, then each text blob
  // decoded from it as a layer of its own (docs/architecture.md). A layer is
  // no archive entry: it gets no FileContext (entry and artifact facts are
  // empty there); it is at its file's Position.
  void scan_layer(const Entry& entry, std::string_view content, FileKind kind, const PthAnalysis* pth,
                  FileContext* context, Position at, const DecodeOrigin* origin, decode::Budget& budget) {
    std::vector<decode::Blob> blobs = decode_blobs(content, kind, origin, budget);
    FileView file{entry, content, kind, pth, context, at.index, at.archive_index, origin};
    if (profile_ && is_python_kind(kind)) profile_->python_bytes += content.size();
    for (const decode::Blob& b : blobs) ++(b.payload == decode::Payload::Text ? file.decoded_blobs : file.marshal_blobs);
    bool parsed = false;
    for (auto& s : scans_) parsed = s->scan_file(file) || parsed;
    if (parsed) ++report_.files_parsed;
    if (blobs.empty()) return;
    LineIndex lines(content);
    for (decode::Blob& b : blobs) {
      if (b.payload != decode::Payload::Text) continue;
      DecodeOrigin layer = origin ? *origin : DecodeOrigin{{}, "", escape_for_display(entry.stored_path, 1024), 0};
      if (!origin) layer.real_line = lines.line_of(b.offset);
      for (decode::Codec c : b.chain) {
        layer.chain.emplace_back(decode::to_string(c));
        layer.chain_text += (layer.chain_text.empty() ? "" : ">") + layer.chain.back();
      }
      // The path, and so scope and file.path/name, stay the real file's; facts
      // about the archive entry (unsafe name, link) belong to the entry, not to its layers.
      Entry virtual_entry;
      virtual_entry.path = entry.path;
      virtual_entry.archive_depth = entry.archive_depth;
      virtual_entry.container = entry.container;
      virtual_entry.container_kind = entry.container_kind;
      virtual_entry.stored_path = entry.stored_path + "#" + join_chain(b.chain) + "@L" +
                                  std::to_string(lines.line_of(b.offset));
      virtual_entry.truncated = entry.truncated || b.truncated;
      ++report_.files_decoded;
      // Decoded code from setup.py runs at install time like setup.py itself.
      FileKind layer_kind = kind == FileKind::SetupPy ? FileKind::SetupPy : FileKind::Python;
      scan_layer(virtual_entry, b.data, layer_kind, nullptr, nullptr, at, &layer, budget);
      b.data = std::string();  // scanned: free it before the next blob
    }
  }

  // Blobs in Python code only, while decode steps and bytes are left.
  std::vector<decode::Blob> decode_blobs(std::string_view content, FileKind kind, const DecodeOrigin* origin,
                                         decode::Budget& budget) {
    int used = origin ? static_cast<int>(origin->chain.size()) : 0;
    if (!is_python_kind(kind) || used >= opts_.max_decode_depth || budget.remaining == 0) return {};
    Clock::time_point t0;
    if (profile_) t0 = Clock::now();
    decode::Limits limits;
    limits.max_depth = opts_.max_decode_depth - used;
    std::vector<decode::Blob> blobs = decode::find_blobs(content, limits, budget);
    if (profile_) profile_->decode_ns += ns_since(t0);
    return blobs;
  }

  static std::string join_chain(const std::vector<decode::Codec>& chain) {
    std::string s;
    for (decode::Codec c : chain) s += (s.empty() ? "" : ">") + std::string(decode::to_string(c));
    return s;
  }

  void set_known_bad(const KnownBad* feeds, const std::string& sha256) { artifact_.set_known_bad(feeds, sha256); }

  // The facts of the archive an entry belongs to: the artifact's, or for an
  // entry of an archive inside it, that archive's own (its kind and file
  // name; no read-ahead, so no RECORD check), so that an inner wheel's
  // METADATA is held against the inner wheel's name, not the artifact's.
  ArtifactFacts& facts_for(const Entry& entry) {
    // Entries come depth first: only the archives around this one can still
    // have entries to come, so the facts of the others are dropped. For an
    // entry of the artifact itself that is all of them, so a repeated
    // archive entry (`x.whl` twice, or a top-level name spelling an inner
    // path) never inherits an earlier archive's digest and entry count.
    const std::string& c = entry.container;
    for (auto it = nested_facts_.begin(); it != nested_facts_.end();) {
      const std::string& k = it->first;
      const bool around = k == c || (c.size() > k.size() + 2 && c.compare(0, k.size(), k) == 0 && c.compare(k.size(), 2, "!/") == 0);
      it = around ? std::next(it) : nested_facts_.erase(it);
    }
    if (c.empty()) return artifact_;
    auto& slot = nested_facts_[c];
    if (!slot) {
      const size_t cut = entry.container.rfind('/');
      const std::string name = cut == std::string::npos ? entry.container : entry.container.substr(cut + 1);
      slot = std::make_unique<ArtifactFacts>(entry.container_kind, name);
      // The archive's own digest when it was the file just before (it always
      // is: entries come depth first), so artifact.known_bad holds for it.
      slot->set_known_bad(artifact_.known_bad(), c == last_archive_ ? last_archive_sha256_ : "");
      if (c == last_archive_ && last_archive_preview_) {
        slot->set_preview(*last_archive_preview_);
        last_archive_preview_.reset();  // the facts keep what they need; free the read-ahead contents
      }
    }
    return *slot;
  }

  // A wheel the reader is about to open (an archive entry named *.whl at a
  // level it opens) gets its RECORD and WHEEL read ahead from the bytes in
  // hand, as the artifact's own are (preview()), so that its entries' RECORD
  // facts are those the wheel would have alone. Bounded like the artifact's
  // preview (16 entries and 16 MB, held until the wheel's first entry) and
  // in all by kInnerPreviewBytes per artifact: this reading is not counted
  // by the reader's --max-total-bytes, and an sdist may hold many wheels.
  void preview_inner_wheel(const Entry& entry, std::string_view content) {
    last_archive_preview_.reset();
    if (!opens_as_inner_wheel(entry, content)) return;
    // A wheel gets the whole allowance of one preview or none: a RECORD read
    // in part would call the files of its missing rows unlisted.
    if (inner_preview_left_ < kPreviewBytes) {
      if (!inner_preview_spent_)
        report_.errors.push_back(escape_for_display(entry.stored_path, 300) +
                                 ": RECORD not read ahead: less than " + std::to_string(kPreviewBytes >> 20) +
                                 " MB is left of the " + std::to_string(kInnerPreviewBytes >> 20) +
                                 " MB of read-ahead the artifact's inner wheels share; its files and those of later "
                                 "inner wheels get no RECORD checks");
      inner_preview_spent_ = true;
      return;
    }
    const ArtifactFacts wheel(ArtifactKind::Wheel, "");
    ArtifactPreview preview;
    if (!preview_wheel_bytes(content, opts_.limits, [&](std::string_view path) { return wheel.wants_preview(path); },
                             preview))
      return;
    uint64_t read = 0;
    for (const auto& [path, bytes] : preview.contents) read += bytes.size();
    inner_preview_left_ -= std::min(inner_preview_left_, std::max<uint64_t>(read, 1));
    last_archive_preview_ = std::move(preview);
  }

  // What the reader could see ahead (a zip's central directory), before any entry.
  void preview(ArtifactReader& reader) {
    ArtifactPreview preview;
    reader.preview([&](std::string_view path) { return artifact_.wants_preview(path); }, preview, report_.errors);
    artifact_.set_preview(preview);
  }

  // Private-rule and set findings (test mode), kept out of the score.
  std::vector<Finding> take_unscored() { return std::move(unscored_); }
  uint64_t per_file_ns() const { return per_file_ns_; }

 private:
  ArtifactReport& report_;
  const ScanOptions& opts_;
  ScanProfile* profile_;
  std::vector<Finding> unscored_;
  std::vector<std::unique_ptr<PackScan>> scans_;
  uint64_t per_file_ns_ = 0;
  ArtifactFacts artifact_;
  std::map<std::string, std::unique_ptr<ArtifactFacts>> nested_facts_;  // by Entry::container
  std::string last_archive_, last_archive_sha256_;  // the last archive entry scanned (its Entry::container name)
  std::optional<ArtifactPreview> last_archive_preview_;  // its read-ahead, when it is a wheel about to be opened
  static constexpr uint64_t kInnerPreviewBytes = 64ull << 20;
  uint64_t inner_preview_left_ = kInnerPreviewBytes;  // read-ahead the inner wheels may still use
  bool inner_preview_spent_ = false;
  int64_t index_ = 0;
  // --max-scan-time also bounds parsing inside one file (the reader checks
  // it only between entries).
  Clock::time_point deadline_;
};

}  // namespace

ArtifactReport scan_reader(const std::vector<const CompiledPack*>& packs, ArtifactReader& reader,
                           const std::string& display_path, const ScanOptions& opts) {
  ArtifactReport report;
  report.path = display_path;
  report.kind = std::string(to_string(reader.kind()));
  Clock::time_point t0 = Clock::now();
  const std::string file_name =
      opts.artifact_name.empty() ? std::filesystem::path(display_path).filename().string() : opts.artifact_name;
  ArtifactScan scan(packs, reader.kind(), file_name, report, opts);
  scan.set_known_bad(opts.known_bad, opts.artifact_sha256);
  scan.preview(reader);
  bool ok = reader.read([&](const Entry& e, std::string_view content) { scan.scan_entry(e, content); }, report.errors);
  if (!ok) report.unreadable = true;
  if (ScanProfile* p = opts.profile) {
    uint64_t total = ns_since(t0);
    p->read_ns += total > scan.per_file_ns() ? total - scan.per_file_ns() : 0;
    ++p->artifacts;
    p->files += report.files_scanned;
    p->files_parsed += report.files_parsed;
    p->files_decoded += report.files_decoded;
    p->bytes += report.bytes_scanned;
  }
  report.score = compute_score(report.findings);
  report.verdict = verdict_for(report.score, opts.thresholds);
  std::vector<Finding> extra = scan.take_unscored();
  report.findings.insert(report.findings.end(), std::make_move_iterator(extra.begin()),
                         std::make_move_iterator(extra.end()));
  sort_findings(report.findings);
  return report;
}

ArtifactReport scan_artifact(const std::vector<const CompiledPack*>& packs, const std::filesystem::path& artifact,
                             const ScanOptions& opts) {
  std::string error;
  auto reader = open_artifact(artifact, opts.limits, error);
  if (!reader) {
    ArtifactReport report;
    report.path = artifact.string();
    report.unreadable = true;
    report.errors.push_back(error);
    report.verdict = verdict_for(0, opts.thresholds);
    return report;
  }
  std::string sha, herr;
  if (reader->kind() != ArtifactKind::Directory) sha = sha256_file_hex(artifact, herr);
  ScanOptions with_sha = opts;
  with_sha.artifact_sha256 = sha;
  ArtifactReport report = scan_reader(packs, *reader, artifact.string(), with_sha);
  report.sha256 = sha;
  if (!herr.empty()) report.errors.insert(report.errors.begin(), "sha256: " + herr);
  return report;
}

ArtifactReport scan_artifact(const CompiledPack& pack, const std::filesystem::path& artifact, const ScanOptions& opts) {
  return scan_artifact(std::vector<const CompiledPack*>{&pack}, artifact, opts);
}

}  // namespace canary
