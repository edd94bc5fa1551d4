#include "index_client.hpp"

#include <chrono>
#include <cstdlib>

#include "index_pages.hpp"
#include "pep440.hpp"

namespace canary::registry {
namespace fs = std::filesystem;

namespace {
// JSON first, HTML as the fallback every index has (PEP 691 content negotiation).
const char* kProjectAccept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::string resolve_index_url(const std::string& given) {
  std::string url = given;
  if (url.empty())
    if (const char* env = std::getenv("PIP_INDEX_URL"); env && *env) url = env;
  if (url.empty()) url = kPypiSimpleUrl;
  if (url.back() != '/') url += '/';
  return url;
}

std::string json_api_base(const std::string& index_url) {
  std::string u = index_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  if (!u.ends_with("/simple")) return "";
  return u.substr(0, u.size() - 6) + "pypi/";
}

IndexClient::IndexClient(IndexSettings settings)
    : settings_(std::move(settings)), cache_(settings_.cache_dir), http_(settings_.http) {
  settings_.index_url = resolve_index_url(settings_.index_url);
  http_.on_retry = [this](const std::string& url, const HttpResult& failed, long wait_ms) {
    if (on_note)
      on_note("retrying " + url + " in " + std::to_string(wait_ms) + " ms (attempt " + std::to_string(failed.attempts) +
              " failed: " + failed.describe() + ")");
  };
}

std::optional<IndexClient::Page> IndexClient::fetch_page(const std::string& url, const std::string& accept) {
  if (settings_.offline) {
    if (auto cached = cache_.load_page(url, accept)) return Page{200, cached->body, cached->content_type};
    missing_.push_back("index page " + url);
    return std::nullopt;
  }
  const std::string key = accept + " " + url;
  if (auto it = fetched_.find(key); it != fetched_.end()) return it->second;
  HttpResult r = http_.get(url, accept);
  if (r.failure == HttpFailure::Status && (r.status == 404 || r.status == 410)) return Page{r.status, "", ""};
  if (!r.ok()) {
    IndexErrorKind kind = r.failure == HttpFailure::Tls ? IndexErrorKind::Tls : IndexErrorKind::Network;
    std::string tries = r.attempts > 1 ? " after " + std::to_string(r.attempts) + " attempts" : "";
    throw IndexError(kind, "cannot fetch " + url + ": " + r.describe() + tries);
  }
  CachedPage page{url, r.content_type, r.body, unix_now()};
  std::string error;
  if (!cache_.store_page(url, accept, page, error) && on_note) on_note("warning: " + error);
  return fetched_[key] = Page{200, std::move(r.body), std::move(r.content_type)};
}

ProjectPage IndexClient::project(const std::string& name) {
  const std::string url = settings_.index_url + normalize_name(name) + "/";
  std::optional<Page> page = fetch_page(url, kProjectAccept);
  if (!page)
    throw IndexError(IndexErrorKind::Offline, "offline: the cache has no copy of " + url +
                                                  " (run once without --offline to fill it)");
  if (page->status != 200)
    throw IndexError(IndexErrorKind::NoProject, "no project " + name + " on " + settings_.index_url);
  try {
    return parse_project_page(page->body, page->content_type, url);
  } catch (const IndexPageError& e) {
    throw IndexError(IndexErrorKind::BadPage, e.what());
  }
}

std::optional<ReleaseInfo> IndexClient::release_info(const std::string& name, const std::string& version) {
  std::string base = json_api_base(settings_.index_url);
  if (base.empty()) return std::nullopt;
  const std::string url = base + normalize_name(name) + "/" + version + "/json";
  std::optional<Page> page;
  try {
    page = fetch_page(url, "application/json");
  } catch (const IndexError& e) {
    // Metadata is extra: without it the scan still runs, with fewer signals.
    if (on_note) on_note("warning: no release metadata: " + std::string(e.what()));
    return std::nullopt;
  }
  if (!page || page->status != 200) return std::nullopt;
  try {
    return parse_json_api_release(page->body, url);
  } catch (const IndexPageError& e) {
    if (on_note) on_note(std::string("warning: ") + e.what());
    return std::nullopt;
  }
}

std::optional<Provenance> IndexClient::provenance(const DistFile& file) {
  if (file.provenance_url.empty()) return std::nullopt;
  std::optional<Page> page;
  try {
    page = fetch_page(file.provenance_url, "application/json");
  } catch (const IndexError& e) {
    if (on_note) on_note("warning: no provenance: " + std::string(e.what()));
    return std::nullopt;
  }
  if (!page || page->status != 200) return std::nullopt;
  try {
    return parse_provenance(page->body, file.provenance_url);
  } catch (const IndexPageError& e) {
    if (on_note) on_note(std::string("warning: ") + e.what());
    return std::nullopt;
  }
}

Download IndexClient::download(const DistFile& file) {
  Download d;
  d.file = file;
  if (auto cached = cache_.artifact(file.sha256, file.filename)) {
    d.path = *cached;
    d.actual_sha256 = file.sha256;
    d.from_cache = true;
    return d;
  }
  if (settings_.offline) {
    missing_.push_back("file " + file.filename + " (sha256 " + (file.sha256.empty() ? "unknown" : file.sha256) + ")");
    d.error = "offline: " + file.filename + " is not in the cache";
    return d;
  }
  if (on_note) on_note("downloading " + file.url);
  fs::path tmp = cache_.temp_path();
  HttpResult r = http_.download(file.url, tmp, d.actual_sha256);
  std::error_code ec;
  if (!r.ok()) {
    fs::remove(tmp, ec);
    d.error = "cannot download " + file.url + ": " + r.describe();
    return d;
  }
  if (file.sha256.empty()) {
    // Nothing to verify against: keep it under the digest of what came.
    d.file.sha256 = d.actual_sha256;
  } else if (d.actual_sha256 != file.sha256) {
    // Never cached, never scanned as if it were the published file.
    fs::remove(tmp, ec);
    d.digest_mismatch = true;
    return d;
  }
  std::string error;
  if (!cache_.adopt(tmp, d.actual_sha256, file.filename, error)) {
    fs::remove(tmp, ec);
    d.error = error;
    return d;
  }
  d.path = cache_.artifact_path(d.actual_sha256, file.filename);
  return d;
}

}  // namespace canary::registry
