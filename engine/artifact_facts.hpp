// Facts that need more than one file: the artifact's file name, a wheel's
// RECORD and WHEEL (read ahead through ArtifactReader::preview), every entry
// name seen so far. Per file they answer: is this a duplicate, is it listed in
// RECORD with the right hash, does METADATA name the same project and version
// as the file name. docs/language.md ("Facts") describes the values.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "artifact.hpp"
#include "known_bad.hpp"
#include "typosquat.hpp"

namespace canary {

// PEP 503: lowercase, every run of '-', '_' and '.' becomes one '-'.
std::string normalize_project_name(std::string_view name);
// A version as file names spell it, made comparable the same way: lowercase,
// a leading 'v' dropped, every run of '-', '_' and '.' becomes one '.'
// (wheel file names write '-' as '_'). Not full PEP 440 normalisation.
std::string normalize_version_text(std::string_view version);

// What an artifact's file name says (PEP 427 wheels; sdists
// NAME-VERSION.tar.gz/.zip). Empty name when the name does not parse.
struct ArtifactName {
  std::string name;     // normalize_project_name
  std::string version;  // normalize_version_text
  std::vector<std::string> platform_tags;  // wheels: "any", "manylinux_2_17_x86_64", ...
};
ArtifactName parse_artifact_name(std::string_view file_name, ArtifactKind kind);

// "Name" and "Version" from the RFC 822 header block of METADATA / PKG-INFO.
struct CoreMetadata {
  std::string name;     // as written
  std::string version;  // as written
};
CoreMetadata parse_core_metadata(std::string_view text);

// One row of a wheel's RECORD (PEP 376 / the binary distribution format).
struct RecordRow {
  std::string algorithm;  // "sha256", ... ("" when the row has no hash)
  std::string digest;     // urlsafe base64 without padding, as written
};
// Parses RECORD's CSV ("path,algo=digest,size", quoted fields allowed);
// keys are normalised paths.
std::unordered_map<std::string, RecordRow> parse_record(std::string_view text);

// "sha256=" digest as RECORD writes it: urlsafe base64 of the raw hash, no padding.
std::string record_digest_sha256(std::string_view content);

class ArtifactFacts {
 public:
  ArtifactFacts(ArtifactKind kind, std::string_view file_name);

  // Which entries the reader should read ahead: a wheel's
  // `*.dist-info/RECORD` and `*.dist-info/WHEEL`.
  bool wants_preview(std::string_view path) const;
  // Takes what the reader saw ahead (nothing, for readers that cannot).
  void set_preview(const ArtifactPreview& preview);

  // The feeds to look digests and indicators up in (may be null), and the
  // artifact file's own SHA-256 ("" for directories and in-memory artifacts).
  void set_known_bad(const KnownBad* feeds, std::string artifact_sha256);
  const KnownBad* known_bad() const { return known_bad_; }
  const std::string& sha256() const { return sha256_; }
  // The feed entry listing the artifact's digest, or null.
  const KnownBadHash* artifact_entry() const { return artifact_entry_; }
  HsScratch& ioc_scratch() const { return *ioc_scratch_; }

  // Counts one more entry; returns whether an earlier entry had the same
  // name. Names are compared as stored (normalised, before an sdist's top
  // directory is removed): what an extractor would write to the same file.
  bool note_entry(const Entry& entry);
  // The next entry's position among this archive's entries, from 0.
  int64_t next_index() { return next_index_++; }

  ArtifactKind kind() const { return kind_; }
  const ArtifactName& name() const { return name_; }
  // A wheel whose file name claims every platform ("any"), or failing a
  // parsable name, whose WHEEL says Root-Is-Purelib: true.
  bool pure_python() const { return pure_python_; }
  bool has_preview() const { return preview_complete_; }
  uint64_t entry_count() const { return entry_count_; }
  uint64_t declared_bytes() const { return declared_bytes_; }
  bool has_record() const { return record_.has_value(); }
  // The popular project the file name's project imitates (artifact.typosquat_of),
  // checked on first use against the shipped list; nullptr when none.
  const TyposquatMatch* typosquat() const;
  const std::string& record_path() const { return record_path_; }

  // file.record_status for the entry at `path` with `content` (see language.md).
  std::string_view record_status(const std::string& path, std::string_view content, bool complete,
                                 std::string& detail) const;
  // RECORD rows that name no entry of the archive (0 unless `path` is the RECORD).
  int64_t record_absent(const std::string& path, std::string& first_absent) const;
  // Whether `path` is the artifact's core metadata: a wheel's
  // `NAME.dist-info/METADATA`, an sdist's root `PKG-INFO`.
  bool is_core_metadata(std::string_view path) const;

 private:
  ArtifactKind kind_;
  ArtifactName name_;
  bool pure_python_ = false;
  bool preview_complete_ = false;
  uint64_t entry_count_ = 0;
  int64_t next_index_ = 0;
  uint64_t declared_bytes_ = 0;
  std::vector<std::string> preview_paths_;
  std::unordered_set<std::string> seen_;
  std::unordered_set<std::string> present_;  // every file path the preview listed
  std::string record_path_;  // "NAME.dist-info/RECORD" when the wheel has one
  std::optional<std::unordered_map<std::string, RecordRow>> record_;
  const KnownBad* known_bad_ = nullptr;
  std::string sha256_;
  const KnownBadHash* artifact_entry_ = nullptr;
  std::unique_ptr<HsScratch> ioc_scratch_;  // scratch for the feeds' indicator database
  mutable bool typosquat_checked_ = false;
  mutable std::optional<TyposquatMatch> typosquat_;
};

// The facts of one file that need its artifact, computed on first use: a
// wheel's RECORD check hashes the file only when a rule asks for it.
class FileContext {
 public:
  FileContext(const ArtifactFacts& artifact, const Entry& entry, std::string_view content, bool duplicate)
      : artifact_(artifact), entry_(entry), content_(content), duplicate_(duplicate) {}

  const ArtifactFacts& artifact() const { return artifact_; }
  bool duplicate() const { return duplicate_; }
  // Hex SHA-256 of the content as read (of its head when truncated).
  const std::string& sha256();
  std::string_view record_status();
  const std::string& record_detail();  // why: the two digests, or why unverified
  int64_t record_absent();
  const std::string& first_absent();   // the first absent RECORD row, by name
  // Normalised Name / Version of the artifact's core metadata file; "" elsewhere.
  const std::string& metadata_name();
  const std::string& metadata_version();
  // The feed entry listing this file's digest, or null (hashes the file).
  const KnownBadHash* known_bad_entry();
  const KnownBad::IocHits& ioc_hits();
  // 1-based line of a byte offset in the content.
  uint32_t line_of(uint32_t offset) const {
    std::string_view head = content_.substr(0, offset);
    return static_cast<uint32_t>(std::count(head.begin(), head.end(), '\n')) + 1;
  }

 private:
  void load_metadata();

  const ArtifactFacts& artifact_;
  const Entry& entry_;
  std::string_view content_;
  bool duplicate_;
  std::optional<std::string> sha256_;
  std::optional<std::string_view> record_status_;
  std::string record_detail_;
  std::optional<int64_t> record_absent_;
  std::string first_absent_;
  bool metadata_loaded_ = false;
  std::string metadata_name_, metadata_version_;
  std::optional<const KnownBadHash*> known_bad_;
  std::optional<KnownBad::IocHits> ioc_hits_;
};

}  // namespace canary
