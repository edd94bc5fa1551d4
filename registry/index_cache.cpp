#include "index_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/sha256.hpp"

namespace canary::registry {
namespace fs = std::filesystem;

namespace {
std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_hex_digest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// A file name from the index is untrusted: only its last segment is used,
// and names that could leave the directory are replaced.
std::string safe_filename(const std::string& filename) {
  std::string name = filename.substr(filename.find_last_of("/\\") == std::string::npos ? 0 : filename.find_last_of("/\\") + 1);
  if (name.empty() || name == "." || name == ".." || name.find('\0') != std::string::npos) return "artifact";
  return name;
}
}  // namespace

IndexCache::IndexCache(fs::path root) : dir_(std::move(root) / "index") {}

std::optional<CachedPage> IndexCache::load_page(const std::string& url, const std::string& accept) const {
  fs::path p = dir_ / "pages" / (sha256_hex(accept + " " + url) + ".json");
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(read_all(p));
    CachedPage page;
    page.url = j.at("url").get<std::string>();
    if (page.url != url) return std::nullopt;
    page.content_type = j.at("content_type").get<std::string>();
    page.body = j.at("body").get<std::string>();
    page.fetched_at = j.at("fetched_at").get<int64_t>();
    return page;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged entry is a miss
  }
}

bool IndexCache::store_page(const std::string& url, const std::string& accept, const CachedPage& page,
                            std::string& error) const {
  std::error_code ec;
  fs::create_directories(dir_ / "pages", ec);
  nlohmann::json j = {{"url", url}, {"accept", accept}, {"content_type", page.content_type},
                      {"fetched_at", page.fetched_at}, {"body", page.body}};
  fs::path tmp = temp_path();
  {
    std::ofstream out(tmp, std::ios::binary);
    // Index pages are text; a body that is not UTF-8 is stored with
    // replacement characters rather than failing the whole command.
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!out) {
      error = "cannot write the index cache in " + dir_.string();
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, dir_ / "pages" / (sha256_hex(accept + " " + url) + ".json"), ec);
  if (ec) {
    error = "cannot write the index cache in " + dir_.string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

fs::path IndexCache::artifact_path(const std::string& sha256, const std::string& filename) const {
  return dir_ / "files" / sha256.substr(0, 2) / sha256 / safe_filename(filename);
}

std::optional<fs::path> IndexCache::artifact(const std::string& sha256, const std::string& filename) const {
  if (!is_hex_digest(sha256)) return std::nullopt;
  fs::path p = artifact_path(sha256, filename);
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::string err;
  if (sha256_file_hex(p, err) != sha256) {
    fs::remove(p, ec);  // damaged or tampered with: fetch it again
    return std::nullopt;
  }
  return p;
}

fs::path IndexCache::temp_path() const {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  fs::create_directories(dir_ / "tmp", ec);
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return dir_ / "tmp" /
         ("part-" + std::to_string(::getpid()) + "-" + std::to_string(now) + "-" + std::to_string(counter++));
}

bool IndexCache::adopt(const fs::path& temp, const std::string& sha256, const std::string& filename,
                       std::string& error) const {
  std::error_code ec;
  fs::path dest = artifact_path(sha256, filename);
  fs::create_directories(dest.parent_path(), ec);
  fs::rename(temp, dest, ec);
  if (ec) {
    error = "cannot move the download into the cache at " + dest.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace canary::registry
