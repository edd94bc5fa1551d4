// PackageFetcher over a package index (registry/index_client.hpp): the files
// of NAME==VERSION from the Simple API, each downloaded through the on-disk
// cache and verified against the sha256 the index publishes. Bytes that do
// not match are handed back as a mismatch, never as a file to scan.
#include <algorithm>

#include "audit_fetch.hpp"
#include "index_options.hpp"
#include "registry/pep440.hpp"
#include "release_check.hpp"

namespace canary::cli {
namespace {

// "1.0, 1.1, 2.0": the last few versions the index has, for an error message.
std::string recent_versions(const std::vector<std::string>& versions) {
  std::string out;
  size_t from = versions.size() > 5 ? versions.size() - 5 : 0;
  for (size_t i = from; i < versions.size(); ++i) out += (out.empty() ? "" : ", ") + versions[i];
  return out;
}

class IndexFetcher : public PackageFetcher {
 public:
  IndexFetcher(registry::IndexSettings settings, std::string only, int64_t cooldown_hours,
               std::function<void(const std::string&)> note)
      : settings_(std::move(settings)), only_(std::move(only)), cooldown_hours_(cooldown_hours), note_(std::move(note)) {
    settings_.index_url = registry::resolve_index_url(settings_.index_url);
  }

  FetchResult fetch(const std::string& normalized, const std::string& version) override {
    FetchResult out;
    // One client per package: a client keeps its own list of what the cache
    // lacked and its HTTP state, and the --jobs threads share only the
    // on-disk cache (whose writes are atomic renames).
    registry::IndexClient client(settings_);
    client.on_note = note_;
    try {
      registry::ProjectPage page = client.project(normalized);
      std::vector<const registry::DistFile*> files;
      bool version_listed = false;
      for (const registry::DistFile& f : page.files) {
        if (registry::compare_versions(f.version, version) != 0) continue;
        version_listed = true;
        if (wanted_dist_kind(f.kind, only_)) files.push_back(&f);
      }
      if (!version_listed)
        out.error = "no version " + version + " of " + normalized + " on " + settings_.index_url +
                    (page.versions.empty() ? "" : " (its latest: " + recent_versions(page.versions) + ")");
      else if (files.empty())
        out.error = normalized + " " + version + " has no " + (only_.empty() ? "wheel or sdist" : only_) + " on " +
                    settings_.index_url;
      for (const registry::DistFile* f : files) fetch_file(client, *f, out);
      // Advisories are left out here: audit reports a listed pin itself, as
      // DEP_KNOWN_MALICIOUS at the line that pins it (audit_advisories.hpp).
      if (!out.files.empty()) out.release = release_facts(cooldown_hours_, client, page, version, nullptr);
    } catch (const registry::IndexError& e) {
      out.error = e.what();
    }
    out.missing = client.missing();
    std::sort(out.files.begin(), out.files.end(),
              [](const FetchedFile& a, const FetchedFile& b) { return a.file_name < b.file_name; });
    return out;
  }

 private:
  static void fetch_file(registry::IndexClient& client, const registry::DistFile& f, FetchResult& out) {
    registry::Download d = client.download(f);
    if (d.digest_mismatch) {
      out.files.push_back({"", f.filename, d.actual_sha256,
                           "the index publishes sha256 " + f.sha256 + ", the bytes received have sha256 " +
                               d.actual_sha256 + " (not scanned)"});
    } else if (d.ok()) {
      out.files.push_back({d.path.string(), f.filename, d.actual_sha256, ""});
    } else {
      out.error += (out.error.empty() ? "" : "; ") + f.filename + ": " + d.error;
    }
  }

  registry::IndexSettings settings_;
  std::string only_;
  int64_t cooldown_hours_;
  std::function<void(const std::string&)> note_;
};

}  // namespace

std::unique_ptr<PackageFetcher> make_index_fetcher(const registry::IndexSettings& settings, const std::string& only,
                                                   int64_t cooldown_hours,
                                                   std::function<void(const std::string&)> note) {
  return std::make_unique<IndexFetcher>(settings, only, cooldown_hours, std::move(note));
}

}  // namespace canary::cli
