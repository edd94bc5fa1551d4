// tree-sitter queries over Python: compiled once per pack, with the predicates
// tree-sitter leaves to the caller (#eq?, #match?, #any-of? and negations)
// evaluated here, and the literal atoms that let the prefilter skip parsing.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

namespace canary {

class ByteReader;
class ByteWriter;
class HsDatabase;
class HsScratch;

const TSLanguage* python_language();

struct QueryProblem {
  std::string code;     // E006 (query syntax/structure) or E012 (predicate)
  std::string message;
  uint32_t offset = 0;  // byte offset inside the query text
};

// A query's prefilter (docs/architecture.md "Prefilters"): a place (a file,
// or one top-level statement) can hold a match only if, for some pattern of
// the query, each of the pattern's terms has one of its clues there. A term
// comes from one positive predicate on a capture that is always present:
//  - #eq?/#any-of? values are Name clues: a capture's whole text, so an
//    occurrence inside a longer name (`get` in `target`) does not count;
//  - a #match? regex is a Regex clue, the regex with its anchors and word
//    boundaries dropped (relaxed_regex), which matches wherever the regex
//    matches a capture's text; when that cannot be had, the Literal clues
//    every match of the regex contains (required_literals).
// A term whose shortest literal is under 3 bytes (`^[wa]`, `"-"`) is left
// out when its pattern has a longer one: it would fire all over every file.
// A pattern with no such predicate can match anywhere: then the prefilter is
// empty. Several terms are a conjunction: `#any-of? @f "get" "post"` and
// `#match? @url "^https?://"` need both a name and a URL in one statement.
struct PrefilterClue {
  enum class Kind : uint8_t { Literal, Name, Regex };
  Kind kind = Kind::Literal;
  std::string text;  // the literal, or the relaxed regex
  bool operator<(const PrefilterClue& o) const { return kind != o.kind ? kind < o.kind : text < o.text; }
  bool operator==(const PrefilterClue& o) const { return kind == o.kind && text == o.text; }
};

struct QueryPrefilter {
  std::vector<PrefilterClue> clues;  // sorted, unique
  // Per pattern (alternatives), its terms (all needed), each a list of clue
  // indices (any one will do).
  std::vector<std::vector<std::vector<uint32_t>>> patterns;
  bool empty() const { return patterns.empty(); }
  // Whether a place where clue i is present iff has(i) may hold a match.
  template <class Has>
  bool admits(const Has& has) const {
    for (const auto& terms : patterns) {
      bool all = true;
      for (const auto& term : terms) {
        bool any = false;
        for (uint32_t c : term)
          if (has(c)) {
            any = true;
            break;
          }
        if (!any) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return patterns.empty();
  }
  bool operator==(const QueryPrefilter& o) const { return clues == o.clues && patterns == o.patterns; }
};

// For people: patterns joined by " | ", terms by " & ", a term's clues by
// ", "; a Name clue as "get", a Literal as ~"exec", a Regex as /.../ with
// the blanks allowed between tokens (kPythonGap) shown as {gap}.
// "(none)" for an empty prefilter.
std::string describe(const QueryPrefilter& prefilter);

// The #match? regexes compiled so far, by regex text, so that compiling a
// pack compiles each once: the combined query repeats every member's
// predicates, and rules repeat regexes (this halves a pack's compile time).
using MatchRegexes = std::map<std::string, std::shared_ptr<const HsDatabase>>;

class CompiledQuery {
 public:
  // Compiles and validates `text`. On failure returns nullptr and appends problems.
  static std::unique_ptr<CompiledQuery> compile(const std::string& text, std::vector<QueryProblem>& problems,
                                                MatchRegexes* regexes = nullptr);
  ~CompiledQuery();
  CompiledQuery(const CompiledQuery&) = delete;
  CompiledQuery& operator=(const CompiledQuery&) = delete;

  // What a file, or one top-level statement, must hold for a match to be
  // there; empty when nothing could be derived (the query always runs).
  const QueryPrefilter& prefilter() const { return prefilter_; }
  // Whether every match lies inside one top-level statement
  // (query_scope.hpp), so that parsing only the statements holding a
  // prefilter literal finds every match.
  bool within_statement() const { return within_statement_; }
  // The top-level statement types a match can lie in (query_scope.hpp).
  uint32_t statement_types() const { return statement_types_; }
  bool within_member() const { return within_member_; }
  const std::string& text() const { return text_; }

  // Several queries joined into one, so a file's tree is walked once for all
  // of them (one cursor per query made scans ~N times slower). Member i is
  // texts[i]; texts must each have compiled on their own already.
  static std::unique_ptr<CompiledQuery> combine(const std::vector<std::string>& texts,
                                                MatchRegexes* regexes = nullptr);

  // When a run must stop (the artifact's --max-scan-time): checked every
  // kDeadlineStride matches, since tree-sitter's cursor has no timeout of its
  // own; `reached` is set when the run stopped for it.
  struct Deadline {
    std::chrono::steady_clock::time_point at;
    bool reached = false;
  };
  static constexpr uint32_t kDeadlineStride = 16;

  // Calls on_match(start_byte, end_byte) for every match whose predicates hold.
  // Returns false when the match limit was exceeded or the deadline reached
  // (results may be partial).
  bool run(TSNode root, std::string_view source, HsScratch& scratch,
           const std::function<void(uint32_t, uint32_t)>& on_match, uint32_t match_limit = kDefaultMatchLimit,
           Deadline* deadline = nullptr) const;
  // For a combined query: only members with wanted[i] set are reported, as
  // on_match(i, start_byte, end_byte).
  // match_limit bounds the matches tree-sitter keeps in progress at once
  // (ts_query_cursor_set_match_limit): deep nesting cannot blow it up.
  bool run_members(TSNode root, std::string_view source, HsScratch& scratch, const std::vector<char>& wanted,
                   const std::function<void(int, uint32_t, uint32_t)>& on_match,
                   uint32_t match_limit = kDefaultMatchLimit, Deadline* deadline = nullptr) const;
  static constexpr uint32_t kDefaultMatchLimit = 4096;

  // Every database `run` may use, so a scratch can be sized for all of them.
  std::vector<const HsDatabase*> databases() const;

  // For the compiled pack cache: everything but the TSQuery, which `read`
  // leaves to be rebuilt from the text on first use. Rebuilding it is cheap
  // next to the Hyperscan compiles of #match? regexes, which are stored, and
  // a pack's member queries are never run alone by the scanner.
  void write(ByteWriter& w) const;
  // nullptr when the record is malformed; `members` bounds the member index
  // of every pattern of a combined query.
  static std::unique_ptr<CompiledQuery> read(ByteReader& r, size_t members);
  // Builds the TSQuery now; false when the text does not compile to the
  // shape the stored predicates were made for (then the query matches nothing).
  bool ready() const { return tsquery() != nullptr; }

 private:
  CompiledQuery() = default;
  static std::unique_ptr<CompiledQuery> compile_impl(const std::string& text, std::vector<QueryProblem>& problems,
                                                     MatchRegexes* regexes, bool with_prefilter);
  struct Predicate;
  const TSQuery* tsquery() const;
  std::string text_;
  mutable TSQuery* query_ = nullptr;  // built by compile, or once by tsquery() after read
  mutable std::once_flag built_;
  std::vector<std::vector<Predicate>> predicates_;  // per query pattern
  int match_capture_ = -1;                          // id of @match, or -1
  std::vector<int> member_;                         // per query pattern: which joined text it came from
  QueryPrefilter prefilter_;
  bool within_statement_ = false;  // derived from text_, not stored
  uint32_t statement_types_ = ~0u;  // derived from text_, not stored
  bool within_member_ = false;      // derived from text_, not stored
};

}  // namespace canary
