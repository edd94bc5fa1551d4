// The compiled, immutable form of a rule pack: what the checker produces and
// the scanner consumes. Internal to the engine.
//
// Vocabulary:
//  - an *atom* is one primitive matcher: a literal, a regex, a query or a path
//    glob. Pattern sets are lists of atoms, shared by every rule that uses them.
//  - a rule *pattern* (`$a`) is a list of atoms; it matches where any does.
//  - every literal/regex atom has a Hyperscan id in the pack's one database;
//    each query atom may also have prefilter literals with Hyperscan ids: the
//    file is parsed for that query only if one of them occurs.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../dsl/source.hpp"
#include "file_kind.hpp"
#include "glob.hpp"
#include "regex_runs.hpp"
#include "report.hpp"

struct hs_database;
struct TSQuery;

namespace canary {

class HsDatabase;   // owning wrapper, hs_util.hpp
class HsScratch;    // hs_util.hpp
class CompiledQuery;  // query.hpp

struct Atom {
  enum class Kind { Literal, Regex, Query, Path } kind = Kind::Literal;
  std::string source;        // for messages and `rules explain`
  dsl::Span text_span;       // where its text is in the rule file (regex errors point inside it)
  // Literal/Regex
  unsigned hs_id = 0;
  std::string hs_expr;       // the expression given to Hyperscan (literals escaped)
  unsigned hs_flags = 0;
  bool start_known = false;  // Hyperscan reports start offsets (SOM) or literal length is fixed
  uint32_t literal_len = 0;  // Literal: byte length, start = end - len
  bool fullword = false;     // Literal: checked after the match
  // Regex with start_known: its own database, compiled with start-of-match
  // tracking (index into CompiledPack::start_databases). The pack's database
  // has the regex without it, which costs Hyperscan up to 15x on some
  // regexes; a file where the regex matched is scanned again with this one
  // to learn where each match starts. -1: none.
  int start_db = -1;
  // Query
  int query = -1;            // index into CompiledPack::queries
  std::string query_text;    // as written between the backticks
  // Path
  Glob glob;
};

enum class Fact {
  FilePath, FileName, FileSize, FileDepth, FileKind, FileUnsafePath, FileIsSymlink, FileTruncated,
  ArtifactKind, PthExecLines, PthPathLines, PthCommentLines, PthKnownShim,
  // Archive structure (engine/artifact_facts.hpp)
  FileIsHardlink, FileIsSpecial, FileDuplicate, FileIndex, FileDeclaredSize, FileCompressedSize,
  FileCompressionRatio, FileBomb, FileSizeMismatch, FileCrcMismatch, FileSha256, FileRecordStatus, FileRecordAbsent,
  FileMetadataName, FileMetadataVersion, ArtifactName, ArtifactVersion, ArtifactPurePython, ArtifactEntryCount,
  ArtifactDeclaredBytes,
  // Decoded layers (scanner.cpp, decode.cpp).
  FileDecoded, FileDecodeDepth, FileDecodeChain, FileDecodedBlobs, FileMarshalBlobs,
  // Known-bad feeds (engine/known_bad.hpp)
  FileKnownBad, FileIocHits, ArtifactSha256, ArtifactKnownBad,
  // Typosquatting of the artifact's name (engine/typosquat.hpp).
  ArtifactTyposquatOf, ArtifactTyposquatKind,
  // Archives inside the artifact (engine/nested_archives.cpp).
  FileArchiveDepth, FileArchiveNotOpened,
  // The longest line of the file (evaluate.hpp, longest_line).
  FileLongestLine,
  // The entry's position in the archive that holds it (scanner.cpp).
  FileArchiveIndex,
  // Every `release.X` fact (engine/release_facts.hpp): its name is CExpr::text.
  Release,
};
constexpr Fact kLastFact = Fact::Release;
// Error: the expression already produced a diagnostic; it type-checks as
// anything so one mistake is reported once, not again by every enclosing operator.
enum class ValueType { Bool, Int, String, Error };

struct CExpr {
  enum class Op {
    Bool, Int, String, PatternMatch, PatternCount, Of, RuleRef, Fact, Not, And, Or,
    Eq, Ne, Lt, Le, Gt, Ge, Contains, IContains, StartsWith, EndsWith, Matches, Add, Sub,
  } op = Op::Bool;
  ValueType type = ValueType::Bool;
  bool boolean = false;
  int64_t number = 0;
  std::string text;
  int pattern = -1;            // PatternMatch/PatternCount: index into Rule::patterns
  int rule = -1;               // RuleRef: index into CompiledPack::rules
  Fact fact = Fact::FilePath;
  int regex = -1;              // Matches: index into CompiledPack::string_regexes
  // Of: quantifier over patterns and rules
  enum class Quant { Any, All, None, AtLeast } quant = Quant::Any;
  int64_t quantity = 0;
  std::vector<int> of_patterns;
  std::vector<int> of_rules;
  std::vector<CExpr> kids;
};

struct CompiledRule {
  std::string id;        // "NAME" or "ns.NAME" for rules of imported files
  bool is_private = false;
  Severity severity = Severity::Info;
  std::string title;
  std::string description;
  std::vector<std::string> references;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, std::string>> extra_meta;
  std::string source_file;  // rule file path, for tooling
  uint32_t source_line = 0;
  std::string condition_source;  // the condition as written, for `rules explain`
  // scope
  std::vector<Glob> include;
  std::vector<Glob> exclude;
  uint32_t kind_mask = 0;  // bit per FileKind; all bits when unrestricted
  // patterns: name and the atoms it stands for
  struct Pattern {
    std::string name;
    std::vector<int> atoms;
  };
  std::vector<Pattern> patterns;
  CExpr condition;
  std::vector<int> depends_on;  // rule indices referenced by the condition
};

// A pattern set as rule tests and tooling see it (rules copy its atoms).
struct PatternSetInfo {
  std::string name;         // "NAME" or "ns.NAME" for sets of imported files
  std::vector<int> atoms;   // every atom, members of included sets too
  std::string source_file;
  uint32_t source_line = 0;
};

struct CompiledPack {
  CompiledPack();
  ~CompiledPack();
  CompiledPack(const CompiledPack&) = delete;
  CompiledPack& operator=(const CompiledPack&) = delete;

  // From canary-pack.toml; name is "" for rules loaded without a manifest,
  // whose ids are then reported bare instead of as "name:ID".
  std::string name;
  std::string version;
  std::vector<Atom> atoms;
  std::vector<CompiledRule> rules;
  std::vector<PatternSetInfo> sets;
  std::vector<int> eval_order;  // rule indices, dependencies first
  std::vector<std::unique_ptr<CompiledQuery>> queries;
  // Every query joined into one, run in a single walk of a file's tree.
  std::unique_ptr<CompiledQuery> all_queries;
  std::vector<int> query_atom;  // query index -> its atom
  std::vector<std::unique_ptr<HsDatabase>> string_regexes;  // for `matches` on strings
  std::vector<std::unique_ptr<HsDatabase>> start_databases;  // Atom::start_db
  // One database for every literal/regex atom and query prefilter clue, but
  // the deferred ones (below).
  std::unique_ptr<HsDatabase> database;
  // Per file kind, the database to scan it with: most rules are Python-only,
  // and a shared library or a data file need not be run through their
  // regexes. The Python kinds use the whole database (nearly all of it is
  // theirs, and compiling it again would double a pack's compile time);
  // any other kind the expressions of the rules whose scope admits it, an
  // index into kind_databases, or none at all. Test mode, which reports
  // every pattern set on every file, always uses the whole database.
  static constexpr int kNoDatabase = -1, kWholeDatabase = -2;
  std::vector<int> kind_database;
  std::vector<std::unique_ptr<HsDatabase>> kind_databases;
  // Deferred expressions: regexes without a literal Hyperscan could look for
  // first, whose every match holds a run most files lack (`\S[ \t]{120,}`
  // holds 120 blanks in a row; regex_runs.hpp). They are left out of the
  // databases above; those that share a gate get a database of their own,
  // scanned only over a file that holds the gate's run. Per file kind, the
  // deferred databases its rules need (every one for the Python kinds and
  // in test mode). `database` is null when every expression is deferred.
  struct DeferredDatabase {
    RunGate gate;
    std::vector<unsigned> ids;  // its Hyperscan ids, ascending
    std::unique_ptr<HsDatabase> database;
  };
  std::vector<DeferredDatabase> deferred;
  std::vector<std::vector<int>> kind_deferred;
  // Hyperscan id -> atom index (>= 0), or -(query index + 1) for a prefilter literal.
  std::vector<int> hs_id_owner;
  // For each query: the prefilter ids; empty = the query must always run.
  std::vector<std::vector<unsigned>> query_prefilter;
  // For each file kind: the rules whose scope admits it.
  std::vector<std::vector<int>> rules_by_kind;

  // A Hyperscan scratch big enough for every database above, made on first
  // use (scanner.cpp, pack_scratch) and cloned by each scan: growing a fresh
  // one database by database cost more than a tenth of a millisecond per
  // artifact, 3 % of a scan of dist-packages.
  mutable std::once_flag scratch_once;
  mutable std::unique_ptr<HsScratch> scratch;
};

inline uint32_t kind_bit(FileKind k) { return 1u << static_cast<unsigned>(k); }
constexpr uint32_t kAllKinds = (1u << kFileKindCount) - 1;

}  // namespace canary
