// A CompiledPack (and the warnings the checker gave for it) as bytes and back,
// for the on-disk cache (pack_cache). The Hyperscan databases are stored in
// Hyperscan's serialized form, so reading a pack compiles no regex; tree-sitter
// queries are stored as text and rebuilt (cheaply) with ts_query_new.
//
// The reader trusts nothing: every count, index and enum is checked against
// the rest of the pack, so a payload that decodes is one the scanner can run
// without reading out of bounds. The cache file's checksum (pack_cache) is what
// guards against payloads that are well formed but not the ones written.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../dsl/diagnostics.hpp"
#include "compiled_pack.hpp"

namespace canary {

// Bumped whenever the layout below or the meaning of a CompiledPack field changes.
// 4: the facts file.archive_depth and file.archive_not_opened (archives inside archives).
// 5: query prefilter literals report every occurrence (no HS_FLAG_SINGLEMATCH).
// 6: each query prefilter literal says whether it is a whole capture text.
// 7: regexes scanned without start-of-match tracking, with a start database each;
//    query prefilters are conjunctions of clues (literals, names, relaxed #match? regexes), one Hyperscan id per distinct clue.
// 8: a relaxed #match? clue is weighed by its narrowest match, so fewer terms are left out.
// 9: the fact file.longest_line.
// 10: prefilter clues carry what surrounds an assigned value (`=` before, no `(` after).
// 11: the fact file.archive_index.
// 12: deferred expressions, each set with its run gate (CompiledPack::deferred).
constexpr uint32_t kPackFormatVersion = 12;

std::string serialize_pack(const CompiledPack& pack, const std::vector<dsl::Diagnostic>& warnings);

// nullptr and `error` when the payload is malformed. Diagnostic spans must
// name files and offsets inside `sources` (the rule files re-read for this load).
std::unique_ptr<CompiledPack> deserialize_pack(std::string_view payload, const dsl::SourceMap& sources,
                                               std::vector<dsl::Diagnostic>& warnings, std::string& error);

}  // namespace canary
