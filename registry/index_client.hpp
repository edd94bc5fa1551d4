// The package index client: a project's files from the Simple API (PEP 691
// JSON preferred, PEP 503 HTML accepted) of any index, release metadata from
// PyPI's JSON API where the index has one, PEP 740 provenance, and verified
// downloads, all through the on-disk cache. docs/registry.md.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "index_cache.hpp"
#include "index_types.hpp"

namespace canary::registry {

inline constexpr const char* kPypiSimpleUrl = "https://pypi.org/simple/";

// --index-url if given, else $PIP_INDEX_URL, else PyPI. Always ends in "/".
std::string resolve_index_url(const std::string& given);
// Where the JSON API of an index lives: ".../simple/" -> ".../pypi/"; ""
// when the index URL does not end in /simple (no JSON API assumed).
std::string json_api_base(const std::string& index_url);

struct IndexSettings {
  std::string index_url = kPypiSimpleUrl;
  std::filesystem::path cache_dir;  // the canary cache root; the index cache is its index/ directory
  bool offline = false;             // read only the cache; never touch the network
  HttpOptions http;
};

enum class IndexErrorKind {
  NoProject,   // 404 for the project page
  NoVersion,   // the project has no such release
  NoFiles,     // the release has no file of the wanted kind
  Network,     // timeouts, refused connections, 5xx after the retries
  Tls,
  Offline,     // --offline and the cache lacks what is needed
  BadPage,     // the index answered something unparseable
};

struct IndexError : std::runtime_error {
  IndexError(IndexErrorKind k, const std::string& message) : std::runtime_error(message), kind(k) {}
  IndexErrorKind kind;
};

struct Download {
  DistFile file;
  std::filesystem::path path;   // the verified bytes (in the cache); empty unless ok()
  std::string actual_sha256;    // of the bytes received
  bool digest_mismatch = false; // received bytes do not hash to file.sha256: never scanned
  bool from_cache = false;
  std::string error;            // could not get the bytes at all
  bool ok() const { return error.empty() && !digest_mismatch && !path.empty(); }
};

class IndexClient {
 public:
  explicit IndexClient(IndexSettings settings);
  const IndexSettings& settings() const { return settings_; }

  // The project's Simple API page. Throws IndexError (NoProject for a 404:
  // "no project NAME on INDEX").
  ProjectPage project(const std::string& name);
  // The JSON API's view of one release; nullopt when the index has no JSON
  // API or it does not know the release (metadata signals are then fewer).
  std::optional<ReleaseInfo> release_info(const std::string& name, const std::string& version);
  // The PEP 740 provenance of a file; nullopt when the index lists none for
  // it or it cannot be fetched.
  std::optional<Provenance> provenance(const DistFile& file);
  // The file's bytes, verified against the published sha256, from the cache
  // or downloaded into it.
  Download download(const DistFile& file);

  // With --offline: every page or file the cache did not have, as
  // "index page URL" / "file NAME (sha256 HEX)", in the order asked.
  const std::vector<std::string>& missing() const { return missing_; }

  // Progress and retry notes, for stderr.
  std::function<void(const std::string&)> on_note;

 private:
  struct Page {
    int status = 0;  // 200, or 404 when the index said there is no such page
    std::string body, content_type;
  };
  // Throws IndexError for failures other than 404.
  std::optional<Page> fetch_page(const std::string& url, const std::string& accept);

  IndexSettings settings_;
  IndexCache cache_;
  HttpClient http_;
  std::vector<std::string> missing_;
  // Pages this client already fetched online, by "ACCEPT URL": `check`
  // computes release facts for the release and for every rollback candidate,
  // each over the same window of recent releases, and would otherwise ask
  // the index for the same JSON documents several times in one run.
  std::map<std::string, Page> fetched_;
};

}  // namespace canary::registry
