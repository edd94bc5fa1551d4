// What an index says about a project and its releases, whichever API said it.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace canary::registry {

enum class DistKind { Wheel, Sdist, Other };

// One file of a release (Simple API entry, or a JSON API "urls" item).
struct DistFile {
  std::string filename;
  std::string url;            // absolute
  std::string sha256;         // lower-case hex as the index publishes it; empty if it gives none
  std::string version;        // from the file name
  DistKind kind = DistKind::Other;
  std::optional<uint64_t> size;
  std::string upload_time;    // ISO 8601 as given; empty if unknown
  bool yanked = false;
  std::string yanked_reason;
  std::string provenance_url; // PEP 740; empty: the index says there is none (or does not say)
  std::string requires_python;
};

// A project's Simple API page (PEP 691 JSON or PEP 503 HTML).
struct ProjectPage {
  std::string name;                   // normalised
  std::vector<DistFile> files;
  std::vector<std::string> versions;  // PEP 700 "versions", else those of the files; sorted oldest first
  bool has_upload_times = false;
};

// PyPI's JSON API for one release (/pypi/NAME/VERSION/json, "info").
struct ReleaseInfo {
  std::string version;
  std::string author, author_email, maintainer, maintainer_email;
  std::string home_page;
  std::map<std::string, std::string> project_urls;
  std::string summary;
  bool yanked = false;
  std::string yanked_reason;
  std::vector<DistFile> files;  // "urls"
};

// PEP 740 provenance of one file: who published it.
struct Provenance {
  bool present = false;
  std::vector<std::string> publishers;  // "GitHub owner/repo (workflow)", one per attestation bundle
};

}  // namespace canary::registry
