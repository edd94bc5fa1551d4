// Known-bad feeds (docs/hashfeeds.md): SHA-256 digests of whole artifacts
// and of single files, and indicator domains and URLs, read from versioned
// TOML files. The engine asks two questions of them per file: is this digest
// listed, and which indicators occur in this content (one Hyperscan pass over
// a literal database compiled once).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace canary {

class HsDatabase;
class HsScratch;

// The feed format this build reads ("format-version" in the file).
constexpr int64_t kHashFeedFormatVersion = 1;

enum class KnownBadScope { File, Artifact };

struct KnownBadHash {
  std::string sha256;  // 64 lowercase hex digits
  KnownBadScope scope = KnownBadScope::File;
  // Bytes of the listed content, -1 when the entry does not say. When every
  // file entry says, a file of another size is not hashed at all (as
  // ClamAV's hash:size signatures do): SHA-256 of every file was a tenth of
  // a scan of an installed environment.
  int64_t size = -1;
  std::string name;    // what it is: "litellm 1.82.8 litellm_init.pth"
  std::string reason;  // why it is bad
  std::vector<std::string> references;
  std::string source;  // "hashfeeds/known-bad.toml:12", where the entry was read
};

struct KnownBadIoc {
  enum class Kind { Domain, Url } kind = Kind::Domain;
  std::string value;  // lowercase domain, or URL as written
  std::string name;
  std::string reason;
  std::vector<std::string> references;
  std::string source;
};

// "NAME: REASON (REFERENCE; SOURCE)": what a finding shows of an entry.
std::string describe(const KnownBadHash& h);
std::string describe(const KnownBadIoc& i);

class KnownBad {
 public:
  KnownBad();
  ~KnownBad();
  KnownBad(const KnownBad&) = delete;
  KnownBad& operator=(const KnownBad&) = delete;

  // Reads one feed; every problem is one message "FILE:LINE:COL: ..." (or
  // "FILE: ..." when no position applies). Entries of a feed with errors are
  // not kept. `label` names the feed in messages and entry sources.
  bool add_feed_text(std::string_view text, const std::string& label, std::vector<std::string>& errors);
  bool add_feed_file(const std::filesystem::path& path, std::vector<std::string>& errors);
  // Compiles the indicator database. Call once, after the last feed.
  bool finish(std::string& error);

  const KnownBadHash* find(std::string_view sha256_hex, KnownBadScope scope) const;
  // False when no file entry of any loaded feed could list content of `size`
  // bytes (no file entries, or all have a size and none is this one): then
  // the file need not be hashed to know it is not listed.
  bool may_list_file(uint64_t size) const;

  struct IocHits {
    int64_t count = 0;
    const KnownBadIoc* first = nullptr;  // the earliest hit in the content
    uint32_t first_offset = 0;
  };
  // Counts indicator occurrences in `content`. A domain counts only as a
  // whole host name (not inside a longer label: `xmodels.example` is not
  // `models.example`, but `a.models.example` is); a URL anywhere, without case.
  IocHits scan(std::string_view content, HsScratch& scratch) const;
  const HsDatabase* ioc_database() const { return database_.get(); }

  size_t hash_count() const { return hashes_.size(); }
  size_t ioc_count() const { return iocs_.size(); }
  const std::vector<std::string>& feeds() const { return feeds_; }  // "label (name, N hashes, M indicators)"

 private:
  std::unordered_map<std::string, KnownBadHash> hashes_;  // key: scope letter + digest
  std::vector<KnownBadIoc> iocs_;
  std::vector<std::string> feeds_;
  size_t file_entries_ = 0;             // file-scope entries read, duplicates included
  bool unsized_file_entries_ = false;   // ... some without `size`: every file is hashed
  std::unordered_set<uint64_t> file_sizes_;
  std::unique_ptr<HsDatabase> database_;
};

}  // namespace canary
