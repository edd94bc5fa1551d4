// Turns what an index says about a project into the `release.*` facts of one
// release (engine/release_facts.hpp): the arithmetic lives here, the
// weighting in rules/metadata/. docs/registry.md defines each fact.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/release_facts.hpp"
#include "index_types.hpp"

namespace canary::registry {

// How many releases before the checked one count as its recent history: an
// author or publisher seen in any of them is not new (a maintainer who
// skipped one release, a workflow renamed and renamed back).
inline constexpr size_t kReleaseHistory = 5;

// What the index says about one earlier release.
struct EarlierRelease {
  std::string version;
  std::optional<ReleaseInfo> info;
  std::optional<Provenance> provenance;
};

struct ReleaseEvidence {
  const ProjectPage* page = nullptr;
  std::string version;                 // the release under check, as the index spells it
  std::string previous_version;        // the highest lower version; "" if none
  std::optional<ReleaseInfo> info;     // JSON API, when the index has one
  std::optional<ReleaseInfo> previous_info;
  std::optional<Provenance> provenance;           // of this release's first file that lists one
  std::optional<Provenance> previous_provenance;
  // The releases before the previous one, newest first (at most
  // kReleaseHistory - 1): authors and publishers seen there are not new.
  std::vector<EarlierRelease> earlier;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  int64_t cooldown_hours = 72;
};

ReleaseFacts compute_release_facts(const ReleaseEvidence& evidence);

// The release just below `version` in PEP 440 order; "" if none.
std::string previous_version(const ProjectPage& page, const std::string& version);
// Up to `count` versions below `version`, newest first (yanked ones too).
std::vector<std::string> versions_before(const ProjectPage& page, const std::string& version, size_t count);
// The files of one release (versions compared as PEP 440, so "1.0" finds "1.0.0").
std::vector<const DistFile*> release_files(const ProjectPage& page, const std::string& version);
// A release is yanked when every one of its files is.
bool release_yanked(const ProjectPage& page, const std::string& version);

// Seconds since the Unix epoch of "2026-12-02T03:21:34[.ffffff][Z|+00:00]";
// nullopt if it does not parse. A time without a zone is UTC (PyPI's upload_time).
std::optional<int64_t> parse_iso8601(const std::string& text);

}  // namespace canary::registry
