// Known-malicious releases from OSV advisories in the format of
// ossf/malicious-packages (one JSON advisory per file, ids "MAL-YYYY-N"):
// `canary check` loads every *.json below hashfeeds/osv/ (and each --osv
// PATH) and sets release.known_malicious / release.advisory when one names
// the release's project and version. docs/hashfeeds.md, "OSV advisories".
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace canary::registry {

// One event of an OSV range. Versions are PEP 440 text; introduced "0" is
// "before the first release".
struct OsvEvent {
  enum class Kind { Introduced, Fixed, LastAffected, Limit } kind = Kind::Introduced;
  std::string version;
};

struct OsvRange {
  std::string type;  // ECOSYSTEM or SEMVER (compared as PEP 440); GIT ranges are not kept
  std::vector<OsvEvent> events;
};

// One affected PyPI package (entries of other ecosystems are not kept).
struct OsvAffected {
  std::string name;                   // PEP 503-normalised
  std::vector<std::string> versions;  // listed one by one
  std::vector<OsvRange> ranges;
};

struct OsvAdvisory {
  std::string id;        // "MAL-2026-1234"
  std::string summary;
  std::string withdrawn; // the "withdrawn" timestamp; a withdrawn advisory names nothing
  std::string file;      // where it was read from, for messages
  std::vector<OsvAffected> affected;
};

// Parses one advisory. nullopt with "FILE:LINE: what is wrong" appended to
// `errors` for text that is not an OSV advisory canary can use; nullopt and
// no error for a well-formed advisory that is not a MAL- one (`not_mal`
// set), which canary does not read: a vulnerability is not malice.
std::optional<OsvAdvisory> parse_osv_advisory(const std::string& text, const std::string& file,
                                              std::vector<std::string>& errors, bool* not_mal = nullptr);

// Whether `version` is inside the range (the OSV schema's evaluation: walk
// the events in version order; introduced opens, fixed and limit close at
// their version, last_affected closes after it).
bool osv_range_affects(const OsvRange& range, const std::string& version);

class OsvAdvisories {
 public:
  // A file, or every *.json below a directory (recursively, sorted by path,
  // as ossf/malicious-packages lays them out: osv/malicious/pypi/NAME/ID.json).
  // Problems are appended to `errors`, one line each; returns false if any.
  bool load(const std::filesystem::path& path, std::vector<std::string>& errors);
  // The first advisory that names `name` (any spelling) at `version`; null if none.
  const OsvAdvisory* find(const std::string& name, const std::string& version) const;

  size_t size() const { return advisories_.size(); }
  size_t skipped_not_mal() const { return skipped_not_mal_; }  // files with another kind of advisory

 private:
  bool load_file(const std::filesystem::path& file, std::vector<std::string>& errors);
  std::vector<OsvAdvisory> advisories_;
  size_t skipped_not_mal_ = 0;
};

}  // namespace canary::registry
