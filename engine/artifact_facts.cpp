#include "engine/artifact_facts.hpp"

#include <algorithm>
#include <cctype>

#include "engine/hs_util.hpp"
#include "engine/readers_internal.hpp"
#include "engine/sha256.hpp"

namespace canary {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

std::string collapse_separators(std::string_view s, char into) {
  std::string out;
  bool in_run = false;
  for (char c : s) {
    if (is_separator(c)) {
      if (!in_run) out.push_back(into);
      in_run = true;
    } else {
      out.push_back(lower(c));
      in_run = false;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// The directory of `path` when it is `X.dist-info/NAME` at the top level.
std::string_view dist_info_dir(std::string_view path, std::string_view name) {
  size_t slash = path.find('/');
  if (slash == std::string_view::npos || path.substr(slash + 1) != name) return {};
  std::string_view dir = path.substr(0, slash);
  return ends_with(dir, ".dist-info") ? dir : std::string_view();
}

// A distribution name as the dist-info directory spells it ("Foo_Bar-1.0").
std::string dist_info_project(std::string_view dir) {
  dir.remove_suffix(std::string_view(".dist-info").size());
  return normalize_project_name(dir.substr(0, dir.find('-')));
}

bool true_value(std::string_view v) {
  std::string s(trim(v));
  std::transform(s.begin(), s.end(), s.begin(), lower);
  return s == "true";
}

}  // namespace

std::string normalize_project_name(std::string_view name) { return collapse_separators(trim(name), '-'); }

std::string normalize_version_text(std::string_view version) {
  version = trim(version);
  if (!version.empty() && (version.front() == 'v' || version.front() == 'V')) version.remove_prefix(1);
  return collapse_separators(version, '.');
}

ArtifactName parse_artifact_name(std::string_view file_name, ArtifactKind kind) {
  ArtifactName out;
  std::string lowered(file_name);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower);
  if (kind == ArtifactKind::Wheel) {
    // NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl; '-' inside a part is written '_'.
    if (!ends_with(lowered, ".whl")) return out;
    std::vector<std::string_view> parts = split(file_name.substr(0, file_name.size() - 4), '-');
    if (parts.size() != 5 && parts.size() != 6) return out;
    out.name = normalize_project_name(parts[0]);
    out.version = normalize_version_text(parts[1]);
    for (std::string_view tag : split(parts.back(), '.')) out.platform_tags.emplace_back(tag);
    return out;
  }
  if (kind != ArtifactKind::Sdist && kind != ArtifactKind::Zip) return out;
  std::string_view stem;
  for (std::string_view ext : {".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar", ".zip"})
    if (ends_with(lowered, ext)) {
      stem = file_name.substr(0, file_name.size() - ext.size());
      break;
    }
  // NAME-VERSION, where NAME may hold '-' itself: the version starts after
  // the last '-' that is followed by a digit.
  for (size_t i = stem.size(); i-- > 0;) {
    if (stem[i] == '-' && i + 1 < stem.size() && std::isdigit(static_cast<unsigned char>(stem[i + 1]))) {
      out.name = normalize_project_name(stem.substr(0, i));
      out.version = normalize_version_text(stem.substr(i + 1));
      break;
    }
  }
  return out;
}

CoreMetadata parse_core_metadata(std::string_view text) {
  CoreMetadata out;
  // The header block ends at the first blank line; the description follows.
  for (std::string_view line : split(text, '\n')) {
    if (trim(line).empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || line[0] == ' ' || line[0] == '\t') continue;
    std::string key(trim(line.substr(0, colon)));
    std::transform(key.begin(), key.end(), key.begin(), lower);
    std::string_view value = trim(line.substr(colon + 1));
    if (key == "name" && out.name.empty()) out.name = std::string(value);
    if (key == "version" && out.version.empty()) out.version = std::string(value);
  }
  return out;
}

std::unordered_map<std::string, RecordRow> parse_record(std::string_view text) {
  std::unordered_map<std::string, RecordRow> rows;
  size_t i = 0;
  while (i < text.size()) {
    // One CSV row: fields separated by ',', a field may be "quoted" with "" inside.
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          fields.back().push_back('"');
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          fields.back().push_back(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        ++i;
        break;
      } else if (c != '\r') {
        fields.back().push_back(c);
      }
    }
    // RECORD has no comments, but no real file name starts with '#': such
    // rows are skipped so that annotated rule-test fixtures can be RECORDs.
    if (fields[0].empty() || fields[0][0] == '#') continue;
    RecordRow row;
    if (fields.size() > 1) {
      std::string_view hash = fields[1];
      size_t eq = hash.find('=');
      if (eq != std::string_view::npos) {
        row.algorithm = std::string(hash.substr(0, eq));
        row.digest = std::string(hash.substr(eq + 1));
      }
    }
    rows.emplace(detail::normalize_path(fields[0]).path, std::move(row));
  }
  return rows;
}

std::string record_digest_sha256(std::string_view content) {
  Sha256 h;
  h.update(content);
  std::array<uint8_t, 32> d = h.finish();
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= d.size(); i += 3) {
    uint32_t v = uint32_t(d[i]) << 16 | uint32_t(d[i + 1]) << 8 | d[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  }
  // 32 = 30 + 2: two bytes left, three characters, no padding.
  uint32_t v = uint32_t(d[30]) << 16 | uint32_t(d[31]) << 8;
  for (int s = 18; s >= 6; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  return out;
}

ArtifactFacts::ArtifactFacts(ArtifactKind kind, std::string_view file_name)
    : kind_(kind), name_(parse_artifact_name(file_name, kind)) {
  if (kind_ == ArtifactKind::Wheel && !name_.platform_tags.empty())
    pure_python_ = std::all_of(name_.platform_tags.begin(), name_.platform_tags.end(),
                               [](const std::string& t) { return t == "any"; });
}

bool ArtifactFacts::wants_preview(std::string_view path) const {
  return kind_ == ArtifactKind::Wheel && (!dist_info_dir(path, "RECORD").empty() || !dist_info_dir(path, "WHEEL").empty());
}

void ArtifactFacts::set_preview(const ArtifactPreview& preview) {
  preview_complete_ = preview.complete;
  if (!preview.complete) return;
  entry_count_ = preview.paths.size();
  declared_bytes_ = preview.declared_bytes;
  present_.insert(preview.paths.begin(), preview.paths.end());
  if (kind_ != ArtifactKind::Wheel) return;
  // The dist-info directory of the project the file name names, else the
  // first one: installers refuse wheels with several, scanners should not.
  std::string_view chosen_dir;
  for (const std::string& p : preview.paths) {
    std::string_view dir = dist_info_dir(p, "RECORD");
    if (dir.empty()) continue;
    if (chosen_dir.empty() || dist_info_project(dir) == name_.name) {
      bool better = chosen_dir.empty() || dist_info_project(chosen_dir) != name_.name;
      if (better) chosen_dir = dir;
    }
  }
  if (!chosen_dir.empty()) {
    record_path_ = std::string(chosen_dir) + "/RECORD";
    for (const auto& [path, content] : preview.contents)
      if (path == record_path_) {
        record_ = parse_record(content);
        break;
      }
  }
  if (name_.platform_tags.empty()) {
    // No parsable file name: the WHEEL file decides.
    for (const auto& [path, content] : preview.contents) {
      std::string_view dir = dist_info_dir(path, "WHEEL");
      if (dir.empty() || (!chosen_dir.empty() && dir != chosen_dir)) continue;
      for (std::string_view line : split(content, '\n')) {
        size_t colon = line.find(':');
        if (colon != std::string_view::npos && trim(line.substr(0, colon)) == "Root-Is-Purelib")
          pure_python_ = true_value(line.substr(colon + 1));
      }
    }
  }
}

void ArtifactFacts::set_known_bad(const KnownBad* feeds, std::string artifact_sha256) {
  known_bad_ = feeds;
  sha256_ = std::move(artifact_sha256);
  artifact_entry_ = feeds ? feeds->find(sha256_, KnownBadScope::Artifact) : nullptr;
  if (feeds && feeds->ioc_database()) ioc_scratch_ = std::make_unique<HsScratch>();
}

bool ArtifactFacts::note_entry(const Entry& entry) {
  return !seen_.insert(detail::normalize_path(entry.stored_path).path).second;
}

std::string_view ArtifactFacts::record_status(const std::string& path, std::string_view content, bool complete,
                                              std::string& detail) const {
  if (kind_ != ArtifactKind::Wheel || !preview_complete_) return "";
  if (record_path_.empty()) return "no_record";
  // RECORD does not list itself with a hash, nor its signatures.
  if (path == record_path_ || path == record_path_ + ".jws" || path == record_path_ + ".p7s") return "listed";
  if (!record_) {
    detail = "RECORD could not be read";
    return "unverified";
  }
  auto it = record_->find(path);
  if (it == record_->end()) return "unlisted";
  const RecordRow& row = it->second;
  if (row.algorithm.empty()) return "listed";
  if (row.algorithm != "sha256") {
    detail = "RECORD uses " + row.algorithm + ", which canary does not compute";
    return "unverified";
  }
  if (!complete) {
    detail = "only the head of the file was read";
    return "unverified";
  }
  std::string actual = record_digest_sha256(content);
  if (actual == row.digest) return "listed";
  detail = "RECORD says sha256=" + row.digest + ", content is sha256=" + actual;
  return "hash_mismatch";
}

int64_t ArtifactFacts::record_absent(const std::string& path, std::string& first_absent) const {
  if (!record_ || path != record_path_) return 0;
  int64_t n = 0;
  for (const auto& [listed, row] : *record_) {
    if (present_.count(listed)) continue;
    if (first_absent.empty() || listed < first_absent) first_absent = listed;
    ++n;
  }
  return n;
}

bool ArtifactFacts::is_core_metadata(std::string_view path) const {
  if (kind_ == ArtifactKind::Wheel) return !dist_info_dir(path, "METADATA").empty();
  return (kind_ == ArtifactKind::Sdist || kind_ == ArtifactKind::Zip) && path == "PKG-INFO";
}

const std::string& FileContext::sha256() {
  if (!sha256_) sha256_ = sha256_hex(content_);
  return *sha256_;
}

std::string_view FileContext::record_status() {
  if (!record_status_) {
    const bool complete = !entry_.truncated && !entry_.is_symlink && !entry_.is_hardlink;
    record_status_ = artifact_.record_status(entry_.path, content_, complete, record_detail_);
  }
  return *record_status_;
}

const std::string& FileContext::record_detail() {
  record_status();
  return record_detail_;
}

int64_t FileContext::record_absent() {
  if (!record_absent_) record_absent_ = artifact_.record_absent(entry_.path, first_absent_);
  return *record_absent_;
}

const std::string& FileContext::first_absent() {
  record_absent();
  return first_absent_;
}

void FileContext::load_metadata() {
  if (metadata_loaded_) return;
  metadata_loaded_ = true;
  if (!artifact_.is_core_metadata(entry_.path)) return;
  CoreMetadata m = parse_core_metadata(content_);
  metadata_name_ = normalize_project_name(m.name);
  metadata_version_ = normalize_version_text(m.version);
}

const std::string& FileContext::metadata_name() {
  load_metadata();
  return metadata_name_;
}

const std::string& FileContext::metadata_version() {
  load_metadata();
  return metadata_version_;
}

const KnownBadHash* FileContext::known_bad_entry() {
  if (!known_bad_) {
    const KnownBad* feeds = artifact_.known_bad();
    // No digest unless some entry could list content of this size: hashing
    // every file for nothing was a tenth of a scan (KnownBad::may_list_file).
    known_bad_ = feeds && feeds->may_list_file(content_.size()) ? feeds->find(sha256(), KnownBadScope::File) : nullptr;
  }
  return *known_bad_;
}

const KnownBad::IocHits& FileContext::ioc_hits() {
  if (!ioc_hits_) {
    const KnownBad* feeds = artifact_.known_bad();
    ioc_hits_ = feeds && feeds->ioc_database() ? feeds->scan(content_, artifact_.ioc_scratch()) : KnownBad::IocHits{};
  }
  return *ioc_hits_;
}

const TyposquatMatch* ArtifactFacts::typosquat() const {
  if (!typosquat_checked_) {
    typosquat_checked_ = true;
    if (!name_.name.empty()) typosquat_ = TyposquatIndex::builtin().check(name_.name);
  }
  return typosquat_ ? &*typosquat_ : nullptr;
}

}  // namespace canary
