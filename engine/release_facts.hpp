// What the package index says about the release an artifact belongs to, as
// rule-visible facts (`release.*`, docs/language.md): upload age, cadence,
// author and publisher changes, provenance, yanking, version jumps, project
// age, known-malicious advisories. The registry client fills it
// (registry/release_signals.cpp); rules weigh it, so the weighting stays in
// the DSL. A plain `canary scan` has none: every fact is then its "unknown"
// value (false, -1 or "", `release.known` false).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

struct ReleaseFacts {
  bool known = false;               // release.known: the facts below come from an index
  std::string name, version;        // release.name (normalised), release.version
  int64_t age_hours = -1;           // release.age_hours: since the newest file's upload; -1 unknown
  int64_t cooldown_hours = 72;      // release.cooldown_hours: --cooldown
  int64_t interval_hours = -1;      // release.interval_hours: since the previous release; -1 none
  int64_t usual_interval_hours = -1;  // release.usual_interval_hours: median of the earlier intervals (needs 2)
  bool off_cadence = false;         // release.off_cadence: interval < usual/10 or > usual*10 (both known)
  bool author_changed = false;      // release.author_changed: nobody of the author/maintainer names or e-mails is in the previous release or the 4 before it
  std::string author;               // release.author: "NAME <EMAIL>" as the index gives them
  std::string previous_author;      // release.previous_author
  bool provenance = false;          // release.provenance: a PEP 740 attestation for this release's files
  bool previous_provenance = false; // release.previous_provenance
  std::string publisher;            // release.publisher: "GitHub owner/repo (workflow.yml)"; "" none
  std::string previous_publisher;   // release.previous_publisher
  bool publisher_seen = false;      // release.publisher_seen: the publisher also published the previous release or one of the 4 before it
  bool has_project_url = false;     // release.has_project_url: a home page or any project URL
  bool yanked = false;              // release.yanked
  std::string yanked_reason;        // release.yanked_reason
  int64_t version_jump = 0;         // release.version_jump: first release number above the highest earlier one's
  int64_t release_count = 0;        // release.release_count: releases of the project (yanked included)
  int64_t project_age_hours = -1;   // release.project_age_hours: since the first upload of the project
  bool known_malicious = false;     // release.known_malicious: an OSV MAL- advisory names this name and version
  std::string advisory;             // release.advisory: its id ("MAL-2026-1234")
};

// Sets one fact by its DSL name ("release.age_hours") from text, for the
// `release.X=VALUE` keys of rule fixture headers. False with `error` for an
// unknown name or a value of the wrong type. Setting any fact sets `known`.
bool set_release_fact(ReleaseFacts& facts, std::string_view name, std::string_view value, std::string& error);

// One fact's value by its DSL name; the evaluator and the excerpt of a
// finding read facts through this.
struct ReleaseFactValue {
  enum class Type { Bool, Int, String } type = Type::Bool;
  bool boolean = false;
  int64_t number = 0;
  std::string_view text;
};
bool get_release_fact(const ReleaseFacts& facts, std::string_view name, ReleaseFactValue& out);
// Every release fact's DSL name, in declaration order.
const std::vector<std::string_view>& release_fact_names();

}  // namespace canary
