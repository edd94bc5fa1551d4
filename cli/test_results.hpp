// What `canary test` found, independent of how it is printed, and the
// coverage question `rules check --strict` shares with it: which rules and
// pattern sets no fixture names.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "engine/rule_test.hpp"
#include "terminal.hpp"

namespace canary {
struct CompiledPack;
}

namespace canary::cli {

// A rule or pattern set of a pack, as tests see it.
struct Definition {
  std::string id;    // as findings name it: "pack:ID" for a named pack, else the bare id
  std::string kind;  // "rule", "private rule", "pattern set"
  std::string source_file;
  uint32_t source_line = 0;
};

// Every rule (public and private) and pattern set of the pack. With own_only,
// only those of the pack's own files (not of imported stdlib files).
std::vector<Definition> pack_definitions(const CompiledPack& pack, bool own_only);

// The definitions no fixture beside their source file names (in any
// annotation, todo included). Unparsable fixtures go to `errors`.
std::vector<Definition> untested_definitions(const std::vector<Definition>& defs,
                                             std::vector<ruletest::InputError>& errors);

struct DefinitionResult {
  Definition def;
  int passed = 0, failed = 0, todo = 0;
  std::vector<ruletest::Check> failures;
  std::vector<ruletest::Check> todos;
  bool tested() const { return passed + failed + todo > 0; }
};

struct CorpusResult {
  std::string artifact;  // the artifact's file name
  std::string expect_file;
  std::string verdict;   // "" when not scanned
  double score = 0;
  std::vector<ruletest::Check> checks;
  std::vector<std::string> errors;  // the scan's per-file errors, for context
  bool passed() const;
};

// One rule file, pack or stdlib directory under test.
struct SuiteResult {
  std::string name;  // what was given: a rule file, directory, or corpus directory
  bool is_corpus = false;
  size_t fixtures = 0;
  std::vector<DefinitionResult> definitions;
  std::vector<CorpusResult> corpus;
};

struct TestReport {
  std::vector<SuiteResult> suites;
  std::vector<ruletest::InputError> input_errors;  // bad fixtures, expectations, unknown ids
  bool rules_error = false;  // a pack did not load (its diagnostics went to stderr)
  struct Totals {
    int passed = 0, failed = 0, todo = 0, untested = 0, corpus_passed = 0, corpus_failed = 0;
  };
  Totals totals() const;
};

void print_text(const TestReport& report, std::ostream& out, bool color);
void print_json(const TestReport& report, std::ostream& out);

}  // namespace canary::cli
