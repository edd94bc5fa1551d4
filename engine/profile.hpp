// What `canary scan --profile` reports: where a scan spent its time, per
// stage and per rule. Filled by the scanner when ScanOptions::profile is set;
// accumulates over every artifact scanned with the same ScanProfile.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace canary {

struct RuleProfile {
  std::string rule;          // qualified id
  uint64_t candidates = 0;   // files where the rule was in scope and its condition was evaluated
  uint64_t matches = 0;      // files where it was true
  uint64_t condition_ns = 0; // time evaluating its condition
  // Parse and query time of the files parsed for this rule's AST patterns,
  // split evenly between the rules that needed the parse on each file.
  uint64_t ast_ns = 0;
  uint64_t total_ns() const { return condition_ns + ast_ns; }
};

struct ScanProfile {
  // Stages, in pipeline order.
  uint64_t read_ns = 0;       // reading and decompressing entries (everything outside per-file work)
  uint64_t classify_ns = 0;   // file kind, scope, .pth analysis
  uint64_t decode_ns = 0;     // finding and decoding encoded blobs (decode.cpp)
  uint64_t prefilter_ns = 0;  // the Hyperscan pass (literals, regexes, query prefilters)
  uint64_t parse_ns = 0;      // tree-sitter parsing
  uint64_t query_ns = 0;      // running the combined query
  uint64_t condition_ns = 0;  // evaluating conditions and building findings
  uint64_t artifacts = 0;
  uint64_t files = 0;
  uint64_t files_parsed = 0;
  uint64_t files_decoded = 0;
  uint64_t bytes = 0;
  // tree-sitter's share of the bytes (statement-scoped parsing,
  // docs/architecture.md): bytes of Python files and layers scanned, bytes
  // of the files that needed a parse (per pack that parsed them), bytes
  // tree-sitter actually parsed, and files parsed whole again because a
  // statement range had a syntax error.
  uint64_t python_bytes = 0;
  uint64_t parse_file_bytes = 0;
  uint64_t parsed_bytes = 0;
  uint64_t parse_fallbacks = 0;
  std::vector<RuleProfile> rules;
  std::map<std::string, size_t> rule_index;  // qualified id -> index into rules

  // Its index in `rules` (kept by callers that look a rule up per file:
  // a name lookup per rule and file was most of --profile's cost).
  size_t rule_slot(const std::string& id) {
    auto [it, inserted] = rule_index.try_emplace(id, rules.size());
    if (inserted) rules.push_back(RuleProfile{id});
    return it->second;
  }
  RuleProfile& rule(const std::string& id) { return rules[rule_slot(id)]; }

  // Adds another profile's times and counts (one per thread of `scan --jobs`).
  void add(const ScanProfile& o) {
    read_ns += o.read_ns;
    classify_ns += o.classify_ns;
    decode_ns += o.decode_ns;
    prefilter_ns += o.prefilter_ns;
    parse_ns += o.parse_ns;
    query_ns += o.query_ns;
    condition_ns += o.condition_ns;
    artifacts += o.artifacts;
    files += o.files;
    files_parsed += o.files_parsed;
    files_decoded += o.files_decoded;
    bytes += o.bytes;
    python_bytes += o.python_bytes;
    parse_file_bytes += o.parse_file_bytes;
    parsed_bytes += o.parsed_bytes;
    parse_fallbacks += o.parse_fallbacks;
    for (const RuleProfile& r : o.rules) {
      RuleProfile& mine = rule(r.rule);
      mine.candidates += r.candidates;
      mine.matches += r.matches;
      mine.condition_ns += r.condition_ns;
      mine.ast_ns += r.ast_ns;
    }
  }
};

}  // namespace canary
