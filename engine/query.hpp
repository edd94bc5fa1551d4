// tree-sitter queries over Python: compiled once per pack, with the predicates
// tree-sitter leaves to the caller (#eq?, #match?, #any-of? and negations)
// evaluated here, and the literal atoms that let the prefilter skip parsing.
#pragma once
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

  // Literals of which at least one must occur in a file for any match to be
  // possible; empty when no such set could be derived (the query always runs).
  const std::vector<std::string>& prefilter() const { return prefilter_; }
  // Per prefilter literal: whether it is the whole text of a capture in
  // every pattern it comes from (an #eq?/#any-of? value), so that an
  // occurrence inside a longer name cannot be where a match is.
  const std::vector<char>& prefilter_exact() const { return prefilter_exact_; }
  // Whether every match lies inside one top-level statement
  // (query_scope.hpp), so that parsing only the statements holding a
  // prefilter literal finds every match.
  bool within_statement() const { return within_statement_; }
  const std::string& text() const { return text_; }

  // Several queries joined into one, so a file's tree is walked once for all
  // of them (one cursor per query made scans ~N times slower). Member i is
  // texts[i]; texts must each have compiled on their own already.
  static std::unique_ptr<CompiledQuery> combine(const std::vector<std::string>& texts,
                                                MatchRegexes* regexes = nullptr);

  // Calls on_match(start_byte, end_byte) for every match whose predicates hold.
  // Returns false when the match limit was exceeded (results may be partial).
  bool run(TSNode root, std::string_view source, HsScratch& scratch,
           const std::function<void(uint32_t, uint32_t)>& on_match, uint32_t match_limit = kDefaultMatchLimit) const;
  // For a combined query: only members with wanted[i] set are reported, as
  // on_match(i, start_byte, end_byte).
  // match_limit bounds the matches tree-sitter keeps in progress at once
  // (ts_query_cursor_set_match_limit): deep nesting cannot blow it up.
  bool run_members(TSNode root, std::string_view source, HsScratch& scratch, const std::vector<char>& wanted,
                   const std::function<void(int, uint32_t, uint32_t)>& on_match,
                   uint32_t match_limit = kDefaultMatchLimit) const;
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
  struct Predicate;
  const TSQuery* tsquery() const;
  std::string text_;
  mutable TSQuery* query_ = nullptr;  // built by compile, or once by tsquery() after read
  mutable std::once_flag built_;
  std::vector<std::vector<Predicate>> predicates_;  // per query pattern
  int match_capture_ = -1;                          // id of @match, or -1
  std::vector<int> member_;                         // per query pattern: which joined text it came from
  std::vector<std::string> prefilter_;
  std::vector<char> prefilter_exact_;
  bool within_statement_ = false;  // derived from text_, not stored
};

}  // namespace canary
