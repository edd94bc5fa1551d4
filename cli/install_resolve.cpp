#include "install_resolve.hpp"

#include <optional>

#include "engine/dep_pep508.hpp"
#include "engine/dependency.hpp"
#include "registry/index_client.hpp"
#include "registry/pep440.hpp"
#include "registry/release_signals.hpp"
#include "index_options.hpp"
#include "registry/wheel_tags.hpp"
#include "release_check.hpp"

namespace canary::cli {

using namespace canary::registry;

bool parse_install_spec(const std::string& text, InstallSpec& out, std::string& error) {
  Dependency d;
  try {
    parse_pep508(text, d);
  } catch (const RequirementSyntaxError& e) {
    error = "'" + text + "' is not a requirement: " + e.what();
    return false;
  }
  if (d.source != SourceKind::Index) {
    error = "'" + text +
            "' is a URL or a path; canary install takes projects from the index (scan a file you "
            "have with `canary scan`)";
    return false;
  }
  if (!d.marker.empty()) {
    error = "'" + text + "' has an environment marker; give only NAME and a version specifier";
    return false;
  }
  out.text = text;
  out.name = d.name;
  out.normalized = d.normalized;
  out.specifier = d.specifier;
  out.extras = d.extras;
  if (!out.versions.parse(d.specifier, error)) {
    error = "'" + text + "': " + error;
    return false;
  }
  out.pinned = d.pinned ? d.version : "";
  return true;
}

std::string choose_install_version(const ProjectPage& page, const InstallSpec& spec, const std::string& index_url,
                                   std::string& yanked_note) {
  if (!spec.pinned.empty() && spec.specifier.rfind("===", 0) != 0) {
    std::string nearby;
    std::string version = find_version(page, spec.pinned, nearby);
    if (version.empty() || !spec.versions.contains(version))
      throw IndexError(IndexErrorKind::NoVersion, "no version " + spec.pinned + " of " + spec.name + " on " +
                                                      index_url +
                                                      (nearby.empty() ? "" : " (nearby versions: " + nearby + ")"));
    if (release_yanked(page, version)) {
      std::string reason;
      for (const DistFile* f : release_files(page, version))
        if (!f->yanked_reason.empty()) reason = f->yanked_reason;
      yanked_note = spec.name + " " + version + " is yanked" + (reason.empty() ? "" : " (\"" + reason + "\")") +
                    "; installing it because it is pinned exactly, as pip does";
    }
    return version;
  }
  // Newest first: the highest final release that matches and is not yanked,
  // else (or when the specifier names a pre-release) the highest such
  // pre-release.
  std::vector<std::string> matching, yanked;
  for (auto it = page.versions.rbegin(); it != page.versions.rend(); ++it) {
    if (!spec.versions.contains(*it)) continue;
    (release_yanked(page, *it) ? yanked : matching).push_back(*it);
  }
  for (const std::string& v : matching)
    if (spec.versions.allows_prereleases() || !parse_pep440(v).is_prerelease()) return v;
  if (!matching.empty()) return matching.front();
  std::string what = spec.specifier.empty() ? spec.name : spec.name + spec.specifier;
  if (!yanked.empty()) {
    std::string list;
    for (const std::string& v : yanked) {
      std::string reason;
      for (const DistFile* f : release_files(page, v))
        if (!f->yanked_reason.empty()) reason = f->yanked_reason;
      list += (list.empty() ? "" : ", ") + v + (reason.empty() ? "" : " (\"" + reason + "\")");
    }
    throw IndexError(IndexErrorKind::NoVersion, "every release of " + what + " on " + index_url + " is yanked: " +
                                                    list + "; pin one with ==VERSION to install it anyway");
  }
  std::string versions;
  for (size_t i = page.versions.size() > 6 ? page.versions.size() - 6 : 0; i < page.versions.size(); ++i)
    versions += (versions.empty() ? "" : ", ") + page.versions[i];
  throw IndexError(IndexErrorKind::NoVersion, "no release of " + spec.name + " on " + index_url + " matches " +
                                                  (spec.specifier.empty() ? "(it has none)" : spec.specifier) +
                                                  (versions.empty() ? "" : " (newest versions: " + versions + ")"));
}

const DistFile& choose_install_file(const ProjectPage& page, const std::string& version, const std::string& only,
                                    const SupportedTags& tags, std::vector<std::string>& notes) {
  const DistFile* best_wheel = nullptr;
  std::optional<size_t> best_rank;
  const DistFile* sdist = nullptr;
  std::vector<std::string> passed_over;
  for (const DistFile* f : release_files(page, version)) {
    if (!wanted_dist_kind(f->kind, only)) {
      if (f->kind != DistKind::Other) passed_over.push_back(f->filename + " (--only " + only + ")");
      continue;
    }
    if (f->kind == DistKind::Sdist) {
      if (!sdist) sdist = f;
      continue;
    }
    std::optional<size_t> rank;
    if (is_pure_python3_wheel(f->filename)) {
      // Any Python 3 takes it; it ranks below every wheel built for this interpreter.
      rank = static_cast<size_t>(-1) / 2;
    } else {
      std::string note;
      const std::vector<std::string>* supported = tags(note);
      if (!note.empty()) notes.push_back(note);
      if (supported) rank = wheel_rank(f->filename, *supported);
      if (!rank) {
        passed_over.push_back(f->filename + (supported ? " (does not fit the interpreter)" : " (fit unknown)"));
        continue;
      }
    }
    if (!best_rank || *rank < *best_rank) {
      best_wheel = f;
      best_rank = rank;
    }
  }
  if (best_wheel) return *best_wheel;
  if (sdist) {
    if (!passed_over.empty()) notes.push_back("no wheel fits; installing the sdist " + sdist->filename);
    return *sdist;
  }
  std::string list;
  for (const std::string& p : passed_over) list += (list.empty() ? "" : ", ") + p;
  throw IndexError(IndexErrorKind::NoFiles, page.name + " " + version + " has no " +
                                                (only.empty()      ? "wheel that fits the interpreter and no sdist"
                                                 : only == "wheel" ? "wheel that fits the interpreter"
                                                                   : "sdist") +
                                                (list.empty() ? "" : " (its files: " + list + ")"));
}

}  // namespace canary::cli
