// Comparing two versions of a package, file by file: what was added, removed
// or changed, the changes that matter most for a compromised release (a new
// .pth file, a new entry point, a new native binary, a changed build hook),
// and the findings the new version has that the old did not. Pure: callers
// read the artifacts (snapshot_artifact) and scan them; this compares.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "artifact.hpp"
#include "entry_points.hpp"
#include "file_kind.hpp"
#include "report.hpp"

namespace canary {

struct SnapshotFile {
  std::string path;     // root-relative (root_path(Entry): sdists without NAME-VERSION/, inner entries "a.whl!/x.py")
  uint64_t size = 0;    // bytes read; the declared size when the entry was truncated
  std::string sha256;   // of the bytes read
  FileKind kind = FileKind::Text;
  bool truncated = false;  // only the first bytes were read (limits): sha256 covers those
};

// What one artifact holds, keyed for comparison (see comparison_key).
struct ArtifactSnapshot {
  ArtifactKind kind = ArtifactKind::Directory;
  std::map<std::string, SnapshotFile> files;     // by comparison key
  std::vector<EntryPoint> entry_points;          // from every entry_points.txt
  std::map<std::string, std::string> entry_point_files;  // "group\nname" -> the file that declared it
  std::vector<std::string> errors;               // read problems, duplicates, malformed entry_points.txt
};

// The key a path is compared by: the root-relative path with the version
// taken out of a top-level "NAME-VERSION.dist-info" / "NAME-VERSION.data"
// directory, since every release renames it.
std::string comparison_key(std::string_view root_relative_path);

// The root-relative path of a Finding::file (stored name; sdists keep their
// top directory, which is dropped here).
std::string finding_root_path(std::string_view stored_file, ArtifactKind kind);

// Reads every entry once (hash, size, kind; entry_points.txt parsed).
// Returns false when nothing could be read (errors says why).
bool snapshot_artifact(ArtifactReader& reader, ArtifactSnapshot& out);

struct ChangedFile {
  std::string path;  // in the new version
  std::string old_path;
  SnapshotFile before, after;
};

enum class BuildFileChange { Added, Removed, Changed };
std::string_view to_string(BuildFileChange c);  // "added", "removed", "changed"

struct BuildFileDiff {
  std::string path;
  BuildFileChange change = BuildFileChange::Changed;
};

struct EntryPointChange {
  EntryPoint entry;       // as in the new version
  std::string file;       // the entry_points.txt of the new version
  std::string old_value;  // "" when the entry point is new; else what it pointed at before
};

struct ArtifactDiff {
  std::vector<SnapshotFile> added, removed;  // sorted by path
  std::vector<ChangedFile> changed;          // sorted by path
  size_t unchanged = 0;
  // Highlights.
  std::vector<std::string> new_pth;            // added .pth files
  std::vector<std::string> changed_pth;        // .pth files whose bytes changed (code added to a known one)
  std::vector<std::string> new_native;         // added native binaries (ELF, PE, Mach-O)
  std::vector<std::string> changed_native;     // native binaries whose bytes changed
  std::vector<EntryPointChange> entry_points;  // added, or pointing somewhere else
  std::vector<BuildFileDiff> build_files;      // setup.py, pyproject.toml, setup.cfg added/removed/changed
};

ArtifactDiff diff_snapshots(const ArtifactSnapshot& before, const ArtifactSnapshot& after);

// The findings of `after` whose (rule, file) pair no finding of `before` has;
// lines are ignored, so code that only moved is not new. Files are compared
// by comparison_key of their root-relative path; a finding in a decoded layer
// by its real file and its decode chain. Keeps after's order.
std::vector<Finding> new_findings(const ArtifactReport& before, ArtifactKind before_kind, const ArtifactReport& after,
                                  ArtifactKind after_kind);

}  // namespace canary
