#include "profile_output.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "diagnostics_output.hpp"

namespace canary::cli {
namespace {

std::string ms(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1e3);
  return buf;
}

std::string ms_ns(uint64_t ns) { return ms(static_cast<double>(ns) / 1e9); }

std::string pad(const std::string& s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string percent(uint64_t part, uint64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

}  // namespace

PackLoadProfile pack_load_profile(const std::string& pack, const LoadedPack& lp) {
  PackLoadProfile p;
  p.pack = pack;
  p.seconds = lp.parse_seconds + lp.compile_seconds + lp.cache_seconds;
  if (lp.from_cache) {
    p.how = "from cache: parse " + ms(lp.parse_seconds) + ", cache read " + ms(lp.cache_seconds);
  } else {
    p.how = "compiled: parse " + ms(lp.parse_seconds) + ", check+compile " + ms(lp.compile_seconds);
    if (!lp.cache_file.empty()) p.how += ", cache " + ms(lp.cache_seconds);
    if (!lp.cache_rejected.empty()) p.how += " (cache entry ignored: " + lp.cache_rejected + ")";
  }
  if (!lp.cache_file.empty()) p.how += "; " + lp.cache_file.string();
  return p;
}

void print_profile(std::ostream& out, const std::vector<PackLoadProfile>& loads, const ScanProfile& p,
                   double scan_seconds, size_t max_rules) {
  out << "profile: " << count_noun(p.artifacts, "artifact", "artifacts") << ", "
      << count_noun(p.files, "file", "files") << ", " << p.bytes << " bytes, " << p.files_parsed
      << " parsed by tree-sitter, " << p.files_decoded << " decoded layers; tree-sitter parsed " << p.parsed_bytes
      << " of their " << p.parse_file_bytes << " bytes (" << p.python_bytes << " bytes of Python scanned"
      << (p.parse_fallbacks ? ", " + std::to_string(p.parse_fallbacks) + " parsed whole after a syntax error" : "")
      << ")\n";
  out << "\n" << pad("pack load", 34) << pad("time", 12, true) << "  how\n";
  for (const PackLoadProfile& l : loads)
    out << pad(l.pack, 34) << pad(ms(l.seconds), 12, true) << "  " << l.how << "\n";

  struct Stage {
    const char* name;
    uint64_t ns;
  };
  std::vector<Stage> stages{{"read/inflate", p.read_ns},       {"classify/scope", p.classify_ns},
                            {"decode (encoded blobs)", p.decode_ns},
                            {"prefilter (Hyperscan)", p.prefilter_ns}, {"parse (tree-sitter)", p.parse_ns},
                            {"query", p.query_ns},             {"conditions", p.condition_ns}};
  uint64_t total = 0;
  for (const Stage& s : stages) total += s.ns;
  std::stable_sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) { return a.ns > b.ns; });
  out << "\n" << pad("stage (slowest first)", 34) << pad("time", 12, true) << pad("share", 8, true) << "\n";
  for (const Stage& s : stages)
    out << pad(s.name, 34) << pad(ms_ns(s.ns), 12, true) << pad(percent(s.ns, total), 8, true) << "\n";
  out << pad("scan wall time", 34) << pad(ms(scan_seconds), 12, true) << "\n";

  std::vector<const RuleProfile*> rules;
  for (const RuleProfile& r : p.rules) rules.push_back(&r);
  std::stable_sort(rules.begin(), rules.end(),
                   [](const RuleProfile* a, const RuleProfile* b) { return a->total_ns() > b->total_ns(); });
  out << "\n" << pad("rule (slowest first)", 34) << pad("time", 12, true) << pad("ast", 12, true)
      << pad("candidates", 12, true) << pad("matches", 9, true) << "\n";
  size_t shown = 0;
  for (const RuleProfile* r : rules) {
    if (shown++ == max_rules) {
      out << "... " << (rules.size() - max_rules) << " more rules\n";
      break;
    }
    out << pad(r->rule, 34) << pad(ms_ns(r->total_ns()), 12, true) << pad(ms_ns(r->ast_ns), 12, true)
        << pad(std::to_string(r->candidates), 12, true) << pad(std::to_string(r->matches), 9, true) << "\n";
  }
  out << "(time = condition evaluation + an even share of the parse and query time of each file parsed for the rule)\n";
}

}  // namespace canary::cli
