// The on-disk cache of the index client, under <cache dir>/index/:
//   pages/<sha256 of "ACCEPT URL">.json   one index page: URL, content type, fetch time, body
//   files/<sha256[0:2]>/<sha256>/<file name>   one artifact, keyed by the digest of its
//                                         bytes (the name keeps its kind: .whl, .tar.gz)
// Writes go to a temporary file renamed into place, so a reader never sees
// half a file and two canary processes may share the cache.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace canary::registry {

struct CachedPage {
  std::string url;
  std::string content_type;
  std::string body;
  int64_t fetched_at = 0;  // Unix seconds
};

class IndexCache {
 public:
  // `root` is the canary cache directory (--cache-dir, else default_cache_dir()).
  explicit IndexCache(std::filesystem::path root);
  const std::filesystem::path& dir() const { return dir_; }

  std::optional<CachedPage> load_page(const std::string& url, const std::string& accept) const;
  // False (with a warning-worthy reason) if the page could not be written.
  bool store_page(const std::string& url, const std::string& accept, const CachedPage& page, std::string& error) const;

  // The cached artifact with this digest, if there is one whose bytes still
  // hash to it (a damaged entry is removed and reported as absent).
  std::optional<std::filesystem::path> artifact(const std::string& sha256, const std::string& filename) const;
  std::filesystem::path artifact_path(const std::string& sha256, const std::string& filename) const;
  // A fresh file name in the cache for a download in progress.
  std::filesystem::path temp_path() const;
  // Moves a verified download into place as the artifact `sha256`.
  bool adopt(const std::filesystem::path& temp, const std::string& sha256, const std::string& filename,
             std::string& error) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace canary::registry
