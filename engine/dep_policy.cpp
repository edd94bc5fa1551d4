#include "dep_policy.hpp"

#include <cctype>
#include <unordered_map>

#include "dep_pep508.hpp"
#include "typosquat.hpp"

namespace canary {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// URLs whose traffic anyone on the path can read and replace.
bool insecure_url(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 16)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view p : {"http://", "git+http://", "git://", "ftp://", "hg+http://", "svn+http://", "bzr+http://", "svn://"})
    if (starts_with(lower, p)) return true;
  return false;
}

std::string display_name(const Dependency& d) { return d.name.empty() ? d.url : d.name; }

class PolicyChecker {
 public:
  PolicyChecker(const DependencyFile& file, const PolicyOptions& options) : file_(file), options_(options) {}

  std::vector<PolicyFinding> run() {
    bool require_hashes = options_.require_hashes;
    for (const FileOption& o : file_.options) {
      if (o.name == "--require-hashes") require_hashes = true;
      check_option(o);
    }
    // pip's rule: once one requirement has a hash, all must (hash-checking mode).
    bool any_hash = false;
    std::unordered_map<std::string, const Dependency*> constraint_pins;
    for (const Dependency& d : file_.dependencies) {
      any_hash = any_hash || !d.hashes.empty();
      if (d.constraint && d.pinned) constraint_pins.emplace(d.normalized, &d);
    }
    for (const Dependency& d : file_.dependencies) {
      check_source(d);
      check_typosquat(d);
      if (d.constraint) continue;  // a constraint installs nothing; its pins serve the requirements
      check_version(d, constraint_pins);
      check_hashes(d, require_hashes, any_hash);
    }
    return std::move(out_);
  }

 private:
  void add(const char* id, Severity s, const char* title, const std::string& package, std::string detail,
           const SourcePosition& where) {
    out_.push_back({id, s, title, package, std::move(detail), where});
  }

  void check_option(const FileOption& o) {
    bool index_option = o.name == "--index-url" || o.name == "--extra-index-url" || o.name == "--find-links";
    if (index_option && insecure_url(o.value))
      add("DEP_INSECURE_URL", Severity::High, "Packages come over an unencrypted connection", "",
          o.name + " " + o.value + ": anyone on the network path can replace what is installed", o.origin);
    if (o.name == "--extra-index-url")
      add("DEP_EXTRA_INDEX_URL", Severity::Medium, "A second index is searched beside the main one", "",
          "--extra-index-url " + o.value +
              ": pip takes the highest version from any index, so a public upload can shadow an internal name "
              "(dependency confusion); prefer one index that proxies the other",
          o.origin);
    if (o.name == "--trusted-host")
      add("DEP_TRUSTED_HOST", Severity::Medium, "TLS certificate checks are turned off for a host", "",
          "--trusted-host " + o.value + ": pip accepts any certificate (or plain HTTP) from it", o.origin);
  }

  void check_source(const Dependency& d) {
    const std::string name = display_name(d);
    if ((d.source == SourceKind::Url || d.source == SourceKind::Vcs) && insecure_url(d.url))
      add("DEP_INSECURE_URL", Severity::High, "Packages come over an unencrypted connection", name,
          d.url + ": anyone on the network path can replace what is installed", d.origin);
    switch (d.source) {
      case SourceKind::Index:
        if (file_.is_lock && !d.index_url.empty() && d.index_url.find("pypi.org/") == std::string::npos &&
            d.index_url != "pypi")
          add("DEP_ALTERNATE_INDEX", Severity::Info, "Locked from an index other than PyPI", name,
              name + " comes from " + d.index_url, d.origin);
        break;
      case SourceKind::Url:
        add("DEP_DIRECT_URL", Severity::Medium, "Installed from a direct URL, not from the index", name,
            d.url + (d.hashes.empty() ? " (no hash: whatever the URL serves is installed)" : " (hash-checked)"),
            d.origin);
        break;
      case SourceKind::Vcs:
        if (is_commit_id(d.vcs_ref))
          add("DEP_VCS", Severity::Low, "Installed from a version-control repository", name,
              d.url + " at commit " + d.vcs_ref + ": built from source at install time, outside the index", d.origin);
        else
          add("DEP_VCS", Severity::Medium, "Installed from a version-control repository, not at a fixed commit", name,
              d.url + (d.vcs_ref.empty() ? " at its default branch" : " at '" + d.vcs_ref + "'") +
                  ": a branch or tag can move, so what is installed can change without this file changing",
              d.origin);
        break;
      case SourceKind::LocalPath:
        add("DEP_LOCAL_PATH", Severity::Info, "Installed from a local path", name,
            d.url + (d.editable ? " (editable)" : "") + ": not audited here; scan that directory with `canary scan`",
            d.origin);
        break;
    }
  }

  void check_typosquat(const Dependency& d) {
    if (!options_.typosquats || d.normalized.empty() || d.source == SourceKind::LocalPath) return;
    auto match = options_.typosquats->check(d.normalized);
    if (!match) return;
    add("DEP_TYPOSQUAT", Severity::High, "Name imitates a popular project", d.name,
        "'" + d.normalized + "' is a " + (match->kind == "edit" ? std::to_string(match->distance) + "-edit" : match->kind) +
            " variant of '" + match->target + "' (#" + std::to_string(match->rank) +
            " by downloads): check that this is the project you meant",
        d.origin);
  }

  void check_version(const Dependency& d, const std::unordered_map<std::string, const Dependency*>& constraint_pins) {
    if (d.pinned || d.source != SourceKind::Index || file_.is_lock) return;
    if (auto it = constraint_pins.find(d.normalized); it != constraint_pins.end()) return;  // -c pins it
    // Declared dependencies (pyproject.toml) are ranges by design; only locks
    // and requirements files are expected to pin.
    bool declared = file_.format == DependencyFormat::Pyproject;
    if (d.specifier.empty())
      add("DEP_UNPINNED", declared ? Severity::Info : Severity::Medium, "No version constraint", d.name,
          d.name + " takes whatever version is newest at install time, including a compromised release", d.origin);
    else
      add("DEP_RANGE_VERSION", declared ? Severity::Info : Severity::Low, "A version range, not one version", d.name,
          d.name + " " + d.specifier + " admits new releases without a change to this file", d.origin);
  }

  void check_hashes(const Dependency& d, bool require_hashes, bool any_hash) {
    if (!d.hashes.empty() || d.source == SourceKind::LocalPath || d.source == SourceKind::Vcs) return;
    if (file_.format == DependencyFormat::Pyproject) return;  // declarations carry no hashes
    std::string why;
    if (file_.is_lock) why = "the lock records no digest for it, so a replaced file would install unnoticed";
    else if (require_hashes) why = "--require-hashes is in effect and it has no --hash";
    else if (any_hash) why = "other requirements in this file have --hash; pip refuses a file that mixes both";
    else return;
    add("DEP_MISSING_HASH", Severity::Medium, "No hash to check the download against", display_name(d),
        display_name(d) + ": " + why, d.origin);
  }

  const DependencyFile& file_;
  const PolicyOptions& options_;
  std::vector<PolicyFinding> out_;
};

}  // namespace

std::vector<PolicyFinding> check_dependency_policy(const DependencyFile& file, const PolicyOptions& options) {
  return PolicyChecker(file, options).run();
}

}  // namespace canary
