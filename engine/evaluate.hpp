// Condition evaluation for one file: the atom results the prefilter, the
// regex scan and the queries produced, plus the file's facts.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "artifact.hpp"
#include "artifact_facts.hpp"
#include "compiled_pack.hpp"
#include "pth.hpp"
#include "release_facts.hpp"

namespace canary {

class HsScratch;

struct MatchLoc {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool begin_known = true;  // false for regexes Hyperscan could not track the start of
};

// How many locations are kept per atom; counts stay exact beyond it.
constexpr size_t kMaxLocsPerAtom = 32;

struct AtomHits {
  uint64_t count = 0;
  std::vector<MatchLoc> locs;
  uint32_t last_begin = UINT32_MAX;
  // Hyperscan reports every end of a match: /ab+/ on "abbb" ends three times
  // at one start. Where the start is known, one start is one match (extended
  // to its longest end), as a person would count them.
  void add(MatchLoc l) {
    if (l.begin_known && count > 0 && l.begin == last_begin) {
      if (!locs.empty() && locs.back().begin == l.begin) locs.back().end = std::max(locs.back().end, l.end);
      return;
    }
    last_begin = l.begin_known ? l.begin : UINT32_MAX;
    ++count;
    if (locs.size() < kMaxLocsPerAtom) locs.push_back(l);
  }
  void clear() {
    count = 0;
    locs.clear();
    last_begin = UINT32_MAX;
  }
};

struct FileFacts {
  std::string_view path;  // root-relative
  std::string_view name;
  uint64_t size = 0;
  int64_t depth = 0;
  FileKind kind = FileKind::Text;
  bool unsafe_path = false;
  bool is_symlink = false;
  bool truncated = false;
  ArtifactKind artifact_kind = ArtifactKind::Directory;
  const PthAnalysis* pth = nullptr;  // set for .pth files
  const Entry* entry = nullptr;      // archive-structure facts (sizes, links, bomb)
  int64_t index = 0;                 // position of the entry in the artifact
  int64_t archive_index = 0;         // its position among the entries of the archive that holds it
  // Facts that need the whole artifact, computed on first use; null only in
  // evaluations without an artifact (then they are "", 0, false).
  FileContext* context = nullptr;
  // Decoded layers: set on a layer scanned as a file ...
  bool decoded = false;
  int64_t decode_depth = 0;
  std::string_view decode_chain;  // "base64>zlib"
  // ... and on any file, for the blobs found in it.
  int64_t decoded_blobs = 0;  // blobs decoded to text, scanned as layers
  int64_t marshal_blobs = 0;  // blobs decoded to marshalled Python code
  // What the index says about the artifact's release (`canary check`); null
  // in plain scans, where every release fact has its unknown value.
  const ReleaseFacts* release = nullptr;
  // The file's bytes, for facts computed from them on first use.
  std::string_view content;
  mutable int64_t longest_line = -1;  // file.longest_line, once computed
  mutable uint32_t longest_line_at = 0;
};

// The longest line of `text`: its length in bytes without the line feed
// (a `\r` counts, as `[^\n]` does) and the offset where it starts; the
// first of several as long.
struct LongestLine {
  size_t length = 0;
  size_t offset = 0;
};
LongestLine longest_line(std::string_view text);
// file.longest_line, computed once per file.
int64_t longest_line_fact(const FileFacts& facts);
// Whether a condition reads `fact`.
bool condition_reads(const CExpr& e, Fact fact);

// Sizes from hostile headers, as the language's signed integers.
int64_t saturated(uint64_t v);
// file.compression_ratio: the larger of the declared and the inflated size
// over the compressed size (0 when nothing was compressed: a stored entry of
// 0 bytes, a tar member, a file on disk).
int64_t compression_ratio(const Entry& e);

class FileEvaluation {
 public:
  FileEvaluation(const CompiledPack& pack, const FileFacts& facts, const std::vector<AtomHits>& hits,
                 HsScratch& scratch)
      : pack_(pack), facts_(facts), hits_(hits), scratch_(scratch), result_(pack.rules.size(), 0) {}

  // Evaluates rule `r` (its dependencies must have been evaluated first).
  bool evaluate_rule(int r);
  // "file.record_status = hash_mismatch (RECORD says ...)": the values of the
  // engine facts rule `r`'s own condition reads that a reader cannot see in
  // the file's text (archive structure, RECORD, METADATA, feeds), for the
  // excerpt of a finding that has no matched line. "" when there are none.
  std::string describe_facts(int r);
  bool matched(int r) const { return result_[r] != 0; }
  uint64_t pattern_count(const CompiledRule& rule, int pattern) const;

  // Before a file is parsed (evaluate_bound.cpp): what rule `r` can still
  // be, given the matches found so far, when only the queries with
  // open_query[q] set may add matches. False: false whatever they find; True:
  // true whatever they find. Rules in dependency order, as evaluate_rule; use
  // one FileEvaluation for bounds and another for the real evaluation.
  enum class Bound : uint8_t { False, True, Unknown };
  Bound bound_rule(int r, const std::vector<char>& open_query);
  Bound bound(int r) const { return bound_.empty() ? Bound::False : bound_[r]; }

 private:
  Bound bound_expr(const CExpr& e, const CompiledRule& rule, const std::vector<char>& open_query);
  bool pattern_open(const CompiledRule& rule, int pattern, const std::vector<char>& open_query) const;
  bool depends_on_open(const CExpr& e, const CompiledRule& rule, const std::vector<char>& open_query) const;

  bool eval_bool(const CExpr& e, const CompiledRule& rule);
  int64_t eval_int(const CExpr& e, const CompiledRule& rule);
  std::string_view eval_string(const CExpr& e, const CompiledRule& rule, std::string& storage);
  // A `release.X` fact of this file's release (unknown values when there is none).
  ReleaseFactValue release_value(const std::string& name) const;

  const CompiledPack& pack_;
  const FileFacts& facts_;
  const std::vector<AtomHits>& hits_;
  HsScratch& scratch_;
  std::vector<char> result_;
  std::vector<Bound> bound_;  // per rule; empty until bound_rule is called
};

}  // namespace canary
