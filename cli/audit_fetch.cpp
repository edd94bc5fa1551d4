#include "audit_fetch.hpp"

#include <filesystem>
#include <algorithm>
#include <optional>

#include "engine/artifact_facts.hpp"
#include "engine/sha256.hpp"

namespace canary::cli {
namespace {

namespace fs = std::filesystem;

std::optional<ArtifactKind> kind_from_name(const std::string& name) {
  auto ends = [&](std::string_view s) { return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0; };
  if (ends(".whl")) return ArtifactKind::Wheel;
  for (std::string_view s : {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip"})
    if (ends(s)) return ArtifactKind::Sdist;
  return std::nullopt;
}

class DirectoryFetcher : public PackageFetcher {
 public:
  DirectoryFetcher(std::string dir, std::string only) : dir_(std::move(dir)), only_(std::move(only)) {}

  FetchResult fetch(const std::string& normalized, const std::string& version) override {
    FetchResult out;
    std::error_code ec;
    const std::string want_version = normalize_version_text(version);
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string name = it->path().filename().string();
      auto kind = kind_from_name(name);
      if (!kind || (only_ == "wheel" && *kind != ArtifactKind::Wheel) || (only_ == "sdist" && *kind != ArtifactKind::Sdist))
        continue;
      ArtifactName parsed = parse_artifact_name(name, *kind);
      if (parsed.name != normalized || parsed.version != want_version) continue;
      out.files.push_back({it->path().string(), name, file_sha256(it->path().string()), ""});
    }
    if (ec) out.error = "cannot list --from-dir " + dir_ + ": " + ec.message();
    else if (out.files.empty())
      out.error = "no file for " + normalized + " " + version + " in " + dir_ + " (expected NAME-VERSION*.whl or .tar.gz)";
    std::sort(out.files.begin(), out.files.end(), [](const FetchedFile& a, const FetchedFile& b) { return a.file_name < b.file_name; });
    return out;
  }

 private:
  static std::string file_sha256(const std::string& path) {
    std::string error;
    return sha256_file_hex(path, error);  // "" when unreadable: the scan then reports why
  }

  std::string dir_;
  std::string only_;
};

}  // namespace

std::unique_ptr<PackageFetcher> make_directory_fetcher(const std::string& dir, const std::string& only) {
  return std::make_unique<DirectoryFetcher>(dir, only);
}

}  // namespace canary::cli
