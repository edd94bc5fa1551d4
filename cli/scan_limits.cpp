#include "scan_limits.hpp"

#include <cctype>
#include <limits>

namespace canary::cli {

namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

std::string unit_word(LimitUnit u) {
  switch (u) {
    case LimitUnit::Bytes: return " bytes";
    case LimitUnit::Milliseconds: return " ms";
    case LimitUnit::Seconds: return " s";
    case LimitUnit::Count: break;
  }
  return "";
}

}  // namespace

const std::vector<LimitSpec>& limit_specs() {
  // Defaults live in ReadLimits/ScanOptions; get() reads them from there.
  static const std::vector<LimitSpec> specs = {
      {"max-file-size", LimitUnit::Bytes, 1, 0xffffffffull,
       "Bytes read from each file inside an artifact; the rest is not scanned", true,
       [](const ScanOptions& o) { return o.limits.max_entry_bytes; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_entry_bytes = v; }},
      {"max-total-bytes", LimitUnit::Bytes, 1, kMax,
       "Inflated bytes read from one artifact, all entries together; then reading stops (default 2G; suffixes K, M, G "
       "are x1024)",
       false, [](const ScanOptions& o) { return o.limits.max_total_bytes; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_total_bytes = v; }},
      {"max-entries", LimitUnit::Count, 1, kMax, "Entries read from one artifact; then reading stops (default 200000)",
       false, [](const ScanOptions& o) { return o.limits.max_entries; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_entries = v; }},
      {"max-ratio", LimitUnit::Count, 2, kMax,
       "Inflated bytes per compressed byte beyond which an entry is a decompression bomb (default 1000)", false,
       [](const ScanOptions& o) { return o.limits.max_ratio; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_ratio = v; }},
      {"max-scan-time", LimitUnit::Seconds, 0, 7 * 86400,
       "Wall-clock seconds per artifact; entries after it are not read; 0 for no limit (default 600)", false,
       [](const ScanOptions& o) { return o.limits.max_seconds; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_seconds = v; }},
      {"max-archive-depth", LimitUnit::Count, 1, 16,
       "Archive levels opened, the artifact being level 1: a zip or tar inside it is scanned too at level 2 (default "
       "2; 1 opens none)",
       false, [](const ScanOptions& o) { return o.limits.max_archive_depth; },
       [](ScanOptions& o, uint64_t v) { o.limits.max_archive_depth = v; }},
      {"max-decode-depth", LimitUnit::Count, 0, 16, "Decode steps followed from a file into encoded blobs", true,
       [](const ScanOptions& o) { return uint64_t(o.max_decode_depth); },
       [](ScanOptions& o, uint64_t v) { o.max_decode_depth = int(v); }},
      {"max-decoded-bytes", LimitUnit::Bytes, 0, kMax, "Bytes decoded from the blobs of one file", true,
       [](const ScanOptions& o) { return o.max_decoded_bytes; },
       [](ScanOptions& o, uint64_t v) { o.max_decoded_bytes = v; }},
      {"parse-timeout", LimitUnit::Milliseconds, 1, 3'600'000,
       "Milliseconds tree-sitter may spend parsing one file; then its AST rules are skipped (default 5000)", false,
       [](const ScanOptions& o) { return o.parse_timeout_ms; },
       [](ScanOptions& o, uint64_t v) { o.parse_timeout_ms = v; }},
      {"max-parse-bytes", LimitUnit::Bytes, 1, 0xffffffffull,
       "Bytes tree-sitter parses at once (bounds memory); longer files are parsed in windows cut at top-level statements (default 1M)",
       false,
       [](const ScanOptions& o) { return o.max_parse_bytes; },
       [](ScanOptions& o, uint64_t v) { o.max_parse_bytes = v; }},
      {"query-match-limit", LimitUnit::Count, 1, 65536,
       "In-progress matches one tree-sitter query may hold; beyond, its results are partial (default 4096)", false,
       [](const ScanOptions& o) { return uint64_t(o.query_match_limit); },
       [](ScanOptions& o, uint64_t v) { o.query_match_limit = uint32_t(v); }},
      {"excerpt-width", LimitUnit::Count, 16, 65536,
       "Display bytes of a finding's excerpt; longer lines are windowed around the match (default 120)", false,
       [](const ScanOptions& o) { return uint64_t(o.excerpt_width); },
       [](ScanOptions& o, uint64_t v) { o.excerpt_width = uint32_t(v); }},
  };
  return specs;
}

std::string check_limit(const LimitSpec& spec, uint64_t value, const std::string& what) {
  if (value >= spec.min && value <= spec.max) return {};
  std::string range = spec.max == kMax ? "at least " + std::to_string(spec.min)
                                       : "between " + std::to_string(spec.min) + " and " + std::to_string(spec.max);
  return what + " must be " + range + unit_word(spec.unit) + ", got " + std::to_string(value);
}

std::string parse_limit(const LimitSpec& spec, std::string_view text, const std::string& what, uint64_t& out) {
  std::string_view digits = text;
  size_t n = 0;
  while (n < digits.size() && std::isdigit(static_cast<unsigned char>(digits[n]))) ++n;
  std::string_view suffix = digits.substr(n);
  digits = digits.substr(0, n);
  const std::string expected = spec.unit == LimitUnit::Bytes ? "a number of bytes such as 1048576 or 1M"
                                                             : "a whole number" + unit_word(spec.unit);
  if (digits.empty() || digits.size() > 19) return what + ": expected " + expected + ", got '" + std::string(text) + "'";
  uint64_t value = std::stoull(std::string(digits));
  int shift = 0;
  if (!suffix.empty()) {
    std::string s;
    for (char c : suffix) s.push_back(char(std::toupper(static_cast<unsigned char>(c))));
    if (spec.unit != LimitUnit::Bytes) return what + ": expected " + expected + ", got '" + std::string(text) + "'";
    if (s == "K" || s == "KB" || s == "KIB") shift = 10;
    else if (s == "M" || s == "MB" || s == "MIB") shift = 20;
    else if (s == "G" || s == "GB" || s == "GIB") shift = 30;
    else return what + ": unknown size suffix '" + std::string(suffix) + "' (use K, M or G, x1024)";
  }
  if (shift > 0 && value > (kMax >> shift)) return what + ": " + std::string(text) + " is too large";
  out = value << shift;
  return check_limit(spec, out, what);
}

}  // namespace canary::cli
