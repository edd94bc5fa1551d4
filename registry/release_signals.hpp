// Turns what an index says about a project into the `release.*` facts of one
// release (engine/release_facts.hpp): the arithmetic lives here, the
// weighting in rules/metadata/. docs/registry.md defines each fact.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/release_facts.hpp"
#include "index_types.hpp"

namespace canary::registry {

struct ReleaseEvidence {
  const ProjectPage* page = nullptr;
  std::string version;                 // the release under check, as the index spells it
  std::string previous_version;        // the highest lower version; "" if none
  std::optional<ReleaseInfo> info;     // JSON API, when the index has one
  std::optional<ReleaseInfo> previous_info;
  std::optional<Provenance> provenance;           // of this release's first file that lists one
  std::optional<Provenance> previous_provenance;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  int64_t cooldown_hours = 72;
};

ReleaseFacts compute_release_facts(const ReleaseEvidence& evidence);

// The release just below `version` in PEP 440 order; "" if none.
std::string previous_version(const ProjectPage& page, const std::string& version);
// The files of one release (versions compared as PEP 440, so "1.0" finds "1.0.0").
std::vector<const DistFile*> release_files(const ProjectPage& page, const std::string& version);
// A release is yanked when every one of its files is.
bool release_yanked(const ProjectPage& page, const std::string& version);

// Seconds since the Unix epoch of "2026-12-02T03:21:34[.ffffff][Z|+00:00]";
// nullopt if it does not parse. A time without a zone is UTC (PyPI's upload_time).
std::optional<int64_t> parse_iso8601(const std::string& text);

}  // namespace canary::registry
