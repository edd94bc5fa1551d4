// Where `canary audit` gets the files of a pinned package: a local directory
// of downloaded files (`--from-dir`, what `pip download -d DIR` leaves), or a
// package index through the index client. Fetchers are called from several
// threads at once (--jobs).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/release_facts.hpp"
#include "registry/index_client.hpp"

namespace canary::cli {

struct FetchedFile {
  std::string path;       // local file to scan
  std::string file_name;  // as the index or directory names it
  std::string sha256;     // lowercase hex of the local file (verified against the index's digest when it gave one)
  // Set when the bytes received are not what the index published ("published
  // X, received Y"): path is then empty and the file is not scanned; the
  // package gets a critical finding instead.
  std::string digest_mismatch;
};

struct FetchResult {
  std::vector<FetchedFile> files;
  // Set when a file (or the whole package) could not be fetched: the package
  // is reported failed, after the files that did come are scanned.
  std::string error;
  std::vector<std::string> missing;  // --offline: what the cache lacked ("index page URL", "file NAME (sha256 HEX)")
  // The release's `release.*` facts (the index fetcher only: a directory
  // knows nothing of the release), for the rules `canary check` also runs.
  std::optional<ReleaseFacts> release;
};

class PackageFetcher {
 public:
  virtual ~PackageFetcher() = default;
  // The files (wheels and sdist) of NAME==VERSION; `normalized` is PEP 503.
  virtual FetchResult fetch(const std::string& normalized, const std::string& version) = 0;
};

// Files in `dir` whose name parses as NAME-VERSION (wheel or sdist) for the
// package; `only` is "", "wheel" or "sdist" (--only).
std::unique_ptr<PackageFetcher> make_directory_fetcher(const std::string& dir, const std::string& only);

// The release's files on a package index (audit_index_fetch.cpp): every
// wheel and sdist of NAME==VERSION that `only` lets through, downloaded
// through the cache and verified against the sha256 the index publishes.
// `note` gets progress and retry messages, from several threads at once.
// Each result also carries the release facts `canary check` computes
// (release_check.hpp; `cooldown_hours` is --cooldown).
std::unique_ptr<PackageFetcher> make_index_fetcher(const registry::IndexSettings& settings, const std::string& only,
                                                   int64_t cooldown_hours,
                                                   std::function<void(const std::string&)> note);

}  // namespace canary::cli
