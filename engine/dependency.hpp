// What a dependency file says about one dependency, whatever its format
// (requirements.txt, pyproject.toml, poetry.lock, uv.lock, Pipfile.lock,
// pylock.toml). Each format has its own parser (engine/dep_*.cpp); they all
// produce a DependencyFile so that policy checks, typosquatting and
// `canary audit` see one shape. docs/audit.md describes the formats.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

// Where a dependency was declared: the file as opened (includes are joined to
// the including file's directory) and its 1-based line (0: unknown).
struct SourcePosition {
  std::string file;
  uint32_t line = 0;
  std::string str() const;  // "FILE:LINE" or "FILE"
};

// One file a lock file names for a package (a wheel or an sdist).
struct LockedFile {
  std::string name;    // file name ("foo-1.0-py3-none-any.whl"); may be "" when only a URL is known
  std::string url;     // download URL as written; "" when the lock gives none
  std::string sha256;  // lowercase hex; "" when the lock gives none
};

enum class SourceKind {
  Index,      // a name resolved through a package index (the default)
  Url,        // a direct URL to an archive (`name @ https://…/x.whl`, bare URLs)
  Vcs,        // git+, hg+, svn+, bzr+ references
  LocalPath,  // a path on disk, editable installs of one, the project itself
};
std::string_view to_string(SourceKind k);  // "index", "url", "vcs", "path"

struct Dependency {
  std::string name;        // as written ("" for a bare URL or path with no #egg=)
  std::string normalized;  // PEP 503 (lowercase, runs of -_. as one '-')
  std::vector<std::string> extras;
  std::string specifier;   // version specifier as written ("==1.2", ">=1,<2", "^1.2"); "" = any
  std::string version;     // the exact version when pinned, else ""
  bool pinned = false;     // exactly one version (`==V` without `*`, `===V`, a lock entry)
  std::vector<std::string> hashes;  // "sha256:HEX" (pip's --hash, lock file digests), unique
  std::vector<LockedFile> files;    // lock files: each wheel/sdist the lock lists
  SourceKind source = SourceKind::Index;
  std::string url;         // the URL or path of a non-index source; VCS URLs keep their scheme
  std::string vcs_ref;     // VCS: the revision asked for or locked ("" when none)
  bool editable = false;   // -e / editable = true
  bool constraint = false; // from a -c constraints file: limits versions, installs nothing
  std::string marker;      // PEP 508 environment marker, as written ("" = always)
  std::string group;       // "" for main dependencies; the extra / group / dev section otherwise
  std::string index_url;   // the index a lock file says the package comes from ("" = default)
  SourcePosition origin;
};

// A file-level option that matters to policy (requirements files: --index-url,
// --extra-index-url, --trusted-host, --find-links, --require-hashes).
struct FileOption {
  std::string name;   // "--extra-index-url", ...
  std::string value;  // "" for flags
  SourcePosition origin;
};

enum class DependencyFormat { Requirements, Pyproject, PoetryLock, UvLock, PipfileLock, Pylock };
std::string_view to_string(DependencyFormat f);  // "requirements", "pyproject", "poetry.lock", ...

struct DependencyFile {
  std::string path;
  DependencyFormat format = DependencyFormat::Requirements;
  bool is_lock = false;  // a lock file: every entry is an exact resolution
  std::vector<Dependency> dependencies;  // in file order (includes inline where they appear)
  std::vector<FileOption> options;
  std::vector<std::string> included;     // requirements: every file read, the top one first
};

// A dependency file that cannot be read or parsed. what() is
// "FILE:LINE: message" (or "FILE: message" without a line), ready to print.
class DependencyFileError : public std::runtime_error {
 public:
  DependencyFileError(SourcePosition where, const std::string& message);
  const SourcePosition& where() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourcePosition where_;
  std::string message_;
};

// Reads a whole file (at most `limit` bytes; a larger one is an error: a
// dependency file is small, a huge one is an attack or a mistake).
std::string read_dependency_text(const std::string& path, uint64_t limit = 64ull << 20);

// Adds "sha256:HEX" to `hashes` unless it is already there.
void add_hash(std::vector<std::string>& hashes, std::string_view algorithm, std::string_view hex);

}  // namespace canary
