#include "artifact_diff.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "sha256.hpp"

namespace canary {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string entry_point_key(const EntryPoint& ep) { return ep.group + '\n' + ep.name; }

void read_entry_points(const std::string& path, std::string_view content, ArtifactSnapshot& out) {
  std::vector<EntryPoint> parsed;
  EntryPointsError error;
  if (!parse_entry_points(content, parsed, error))
    out.errors.push_back(path + ":" + std::to_string(error.line) + ": malformed entry points: " + error.message);
  for (EntryPoint& ep : parsed) {
    out.entry_point_files[entry_point_key(ep)] = path;
    out.entry_points.push_back(std::move(ep));
  }
}

}  // namespace

std::string_view to_string(BuildFileChange c) {
  switch (c) {
    case BuildFileChange::Added: return "added";
    case BuildFileChange::Removed: return "removed";
    case BuildFileChange::Changed: return "changed";
  }
  return "changed";
}

std::string comparison_key(std::string_view path) {
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return std::string(path);
  std::string_view top = path.substr(0, slash);
  for (std::string_view suffix : {std::string_view(".dist-info"), std::string_view(".data")}) {
    if (!ends_with(top, suffix)) continue;
    // Wheel names escape '-' in NAME to '_', so the first '-' ends NAME.
    size_t dash = top.find('-');
    if (dash == std::string_view::npos) break;
    return std::string(top.substr(0, dash)) + std::string(suffix) + std::string(path.substr(slash));
  }
  return std::string(path);
}

std::string finding_root_path(std::string_view stored_file, ArtifactKind kind) {
  bool unsafe = false;
  std::string path = normalize_entry_path(stored_file, unsafe);
  if (kind != ArtifactKind::Sdist) return path;
  size_t slash = path.find('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool snapshot_artifact(ArtifactReader& reader, ArtifactSnapshot& out) {
  out.kind = reader.kind();
  auto visit = [&out](const Entry& e, std::string_view content) {
    SnapshotFile f;
    // Entries of an archive inside the artifact are listed as "a.whl!/x.py"
    // (classified by their own path, as the scan does); only the artifact's
    // own entry_points.txt declare its entry points.
    f.path = root_path(e);
    f.truncated = e.truncated;
    f.size = e.truncated ? std::max<uint64_t>(e.declared_size, content.size()) : content.size();
    f.sha256 = sha256_hex(content);
    f.kind = classify_file(e.path, content);
    if (e.container.empty() && is_entry_points_path(e.path) && !e.truncated) read_entry_points(e.path, content, out);
    std::string key = comparison_key(f.path);
    // Two entries with one name: the later is what an installer ends up
    // with, and a duplicate is worth saying out loud.
    if (out.files.count(key)) out.errors.push_back(f.path + ": duplicate entry; the later one is compared");
    out.files[key] = std::move(f);
  };
  return reader.read(visit, out.errors);
}

ArtifactDiff diff_snapshots(const ArtifactSnapshot& before, const ArtifactSnapshot& after) {
  ArtifactDiff d;
  auto is_build_file = [](FileKind k) { return k == FileKind::SetupPy || k == FileKind::BuildConfig; };
  // std::map iterates by key, so every list comes out sorted.
  for (const auto& [key, f] : after.files) {
    auto old = before.files.find(key);
    if (old == before.files.end()) {
      d.added.push_back(f);
      if (f.kind == FileKind::Pth) d.new_pth.push_back(f.path);
      if (f.kind == FileKind::Native) d.new_native.push_back(f.path);
      if (is_build_file(f.kind)) d.build_files.push_back({f.path, BuildFileChange::Added});
    } else if (old->second.sha256 != f.sha256 || old->second.size != f.size) {
      d.changed.push_back({f.path, old->second.path, old->second, f});
      if (f.kind == FileKind::Pth) d.changed_pth.push_back(f.path);
      if (f.kind == FileKind::Native) d.changed_native.push_back(f.path);
      if (is_build_file(f.kind) || is_build_file(old->second.kind))
        d.build_files.push_back({f.path, BuildFileChange::Changed});
    } else {
      ++d.unchanged;
    }
  }
  for (const auto& [key, f] : before.files) {
    if (after.files.count(key)) continue;
    d.removed.push_back(f);
    if (is_build_file(f.kind)) d.build_files.push_back({f.path, BuildFileChange::Removed});
  }
  std::sort(d.build_files.begin(), d.build_files.end(),
            [](const BuildFileDiff& a, const BuildFileDiff& b) { return a.path < b.path; });

  std::map<std::string, std::string> old_values;
  for (const EntryPoint& ep : before.entry_points) old_values[entry_point_key(ep)] = ep.value;
  for (const EntryPoint& ep : after.entry_points) {
    std::string key = entry_point_key(ep);
    auto old = old_values.find(key);
    if (old != old_values.end() && old->second == ep.value) continue;
    auto file = after.entry_point_files.find(key);
    d.entry_points.push_back(
        {ep, file == after.entry_point_files.end() ? "" : file->second, old == old_values.end() ? "" : old->second});
  }
  return d;
}

namespace {

// The file part of a finding's identity. A finding in a decoded layer
// ("x.py#base64>zlib@L12") is keyed by its real file and the codecs, not by
// the line the blob starts on, so a blob that only moved is not new.
std::string finding_key(const Finding& f, ArtifactKind kind) {
  if (f.decoded_from.empty()) return comparison_key(finding_root_path(f.file, kind));
  std::string key = comparison_key(finding_root_path(f.decoded_from, kind)) + '#';
  for (size_t i = 0; i < f.decode_chain.size(); ++i) key += (i ? ">" : "") + f.decode_chain[i];
  return key;
}

}  // namespace

std::vector<Finding> new_findings(const ArtifactReport& before, ArtifactKind before_kind, const ArtifactReport& after,
                                  ArtifactKind after_kind) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const Finding& f : before.findings) seen.insert({f.rule, finding_key(f, before_kind)});
  std::vector<Finding> out;
  for (const Finding& f : after.findings)
    if (!seen.count({f.rule, finding_key(f, after_kind)})) out.push_back(f);
  return out;
}

}  // namespace canary
