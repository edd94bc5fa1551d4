// Rule tests (`canary test`, docs/testing.md): fixtures beside rule files,
// annotated semgrep-style, and whole-artifact expectations for the corpus.
// Everything here is pure (parse text, compare expectations with findings)
// but load_fixture, which reads one fixture file. Loading packs and scanning
// are the caller's job.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "artifact.hpp"
#include "release_facts.hpp"
#include "report.hpp"

namespace canary::ruletest {

// A problem in a test input (fixture or expectations file):
// "file:line[:col]: message".
struct InputError {
  std::string file;
  uint32_t line = 0;  // 0 = the whole file
  std::string message;
  uint32_t column = 0;  // 0 = not known
  std::string text() const;
};

enum class Expect { RuleId, Ok, TodoRuleId, TodoOk };
std::string_view to_string(Expect e);  // "ruleid", "ok", "todoruleid", "todook"

struct Annotation {
  Expect kind = Expect::RuleId;
  std::string rule;         // as written: "ID", "ns.ID" or "pack:ID"
  uint32_t line = 0;        // the line it applies to (1-based); 0 = the whole file (nothing follows it)
  uint32_t written_at = 0;  // the annotation's own line
};

// What the test artifact's RECORD says about the fixture (wheels only):
// nothing (no RECORD at all), its true hash, no row for it, a wrong hash.
enum class FixtureRecord { None, Listed, Unlisted, Mismatch };

struct Fixture {
  std::string file;           // on disk, for messages
  std::string artifact_path;  // the file's path inside the test artifact
  ArtifactKind artifact = ArtifactKind::Wheel;
  std::string artifact_name;  // the test artifact's file name; "" = fixture_artifact_name()
  FixtureRecord record = FixtureRecord::None;
  unsigned copies = 1;        // the entry stored this many times (duplicate names)
  std::string feed;           // a hash feed to scan with, relative to the fixture's directory
  // `release.X=VALUE` keys: the release facts the fixture is scanned with
  // (release.known is set by any of them); unknown values otherwise.
  ReleaseFacts release;
  std::string content;
  std::vector<Annotation> annotations;
};

// The default file name of a fixture's artifact: fixture-0.0.0-py3-none-any.whl,
// fixture-0.0.0.tar.gz, or fixture-0.0.0 for a directory.
std::string fixture_artifact_name(ArtifactKind kind);
// The in-memory artifact of a fixture: its entry (copies times), and for
// `record` a `fixture-0.0.0.dist-info/RECORD` after it.
std::vector<MemoryEntry> fixture_entries(const Fixture& fixture);

// Parses a fixture's header and annotations. `default_path` is the artifact
// path when the header does not give one. Problems are appended to `errors`
// (the fixture is then not usable); returns whether there were none.
bool parse_fixture(const std::string& file, const std::string& default_path, std::string content, Fixture& out,
                   std::vector<InputError>& errors);

// Reads fixture `path` of `rule_file` from disk and parses it (the default
// artifact path from the file names). An unreadable file is one error
// "cannot read fixture"; returns whether there were no errors.
bool load_fixture(const std::filesystem::path& path, const std::filesystem::path& rule_file, Fixture& out,
                  std::vector<InputError>& errors);

// The fixtures of rule file `<dir>/<stem>.canary`: regular files in <dir>
// named `<stem>.*`, not `*.canary`, `*.md` or hidden, and not claimed by a
// rule file with a longer stem (`a.b.canary` owns `a.b.x.py`, not `a.canary`).
// Sorted by name.
std::vector<std::filesystem::path> find_fixtures(const std::filesystem::path& rule_file);
// The artifact path a fixture plays by default: its name without `<stem>.`.
std::string default_fixture_path(const std::filesystem::path& fixture, const std::filesystem::path& rule_file);

// How ids in tests are compared with ids in findings. "pack:ID" and bare "ID"
// are the same rule unless both carry different packs. `alias_prefix` (e.g.
// "python.") is removed from annotated ids: stdlib definitions may be named
// as their importers see them (`python.network_calls`) or bare.
struct IdMatcher {
  std::string alias_prefix;
  std::string bare(std::string_view id) const;  // without pack and alias prefix
  bool same(std::string_view annotated, std::string_view finding_rule) const;
};

// One evaluated expectation.
struct Check {
  // Corpus cases use RuleId for must-fire, Ok for must-not-fire and Verdict.
  enum class Kind { RuleId, Ok, TodoRuleId, TodoOk, Unexpected, Verdict } kind = Kind::RuleId;
  std::string rule;  // as annotated (for Unexpected: the id named elsewhere in the fixture)
  std::string file;
  uint32_t line = 0;
  bool held = false;  // the expectation is met (for todos: the rule already behaves)
  std::string expected, got;  // for messages: "PTH_NETWORK" / "nothing on this line"
  bool is_todo() const { return kind == Kind::TodoRuleId || kind == Kind::TodoOk; }
  bool failed() const { return !held && !is_todo(); }
  std::string message() const;  // "file:line: expected X / got Y"
};

// Compares a fixture's annotations with the findings of scanning it (test
// mode). Only rules the fixture names are looked at:
//  - ruleid L holds if L is in the rule's lines, ok L if it is not;
//  - a line in the rule's lines with no annotation for it is Unexpected;
//  - a finding without lines (file-level) satisfies every ruleid and
//    violates every ok of its rule;
//  - a finding in a decoded layer is on the line where its outermost blob
//    starts (Finding::decoded_line), whatever its lines inside the layer;
//  - an annotation with no line after it (line 0) is about the whole file:
//    ruleid holds if the rule fires anywhere (and then no line of it is
//    unexpected), ok if it fires nowhere;
//  - todoruleid/todook are evaluated the same way but never fail.
// Checks come sorted by rule, then line.
std::vector<Check> check_fixture(const Fixture& fixture, const std::vector<Finding>& findings,
                                 const IdMatcher& ids);

// Whole-artifact expectations: `<artifact>.expect.toml`.
struct NamedId {
  std::string id;
  uint32_t line = 0;  // in the expectations file
};
struct CorpusExpect {
  std::string file;  // the .expect.toml, for messages
  std::vector<NamedId> must_fire;
  std::vector<NamedId> must_not_fire;
  std::optional<Verdict> min_verdict, max_verdict;
  uint32_t min_line = 0, max_line = 0;
  std::string artifact;  // "artifact = ..." as written (relative to the file's directory); empty = build the replica
};
// Unknown keys, wrong types, bad verdicts or ids, min above max: errors with
// file:line:col.
bool parse_corpus_expect(const std::string& file, std::string_view text, CorpusExpect& out,
                         std::vector<InputError>& errors);
// must-fire: some finding of the rule; must-not-fire: none; verdict in range.
std::vector<Check> check_corpus(const CorpusExpect& expect, const ArtifactReport& report, const IdMatcher& ids);

// Whether an id is written like a rule or set id: `[pack:]NAME[.NAME...]`.
bool is_valid_id(std::string_view id);

}  // namespace canary::ruletest
