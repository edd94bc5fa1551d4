// From what `canary install` was asked for to the one file it downloads:
// parsing a SPEC (NAME, NAME==VERSION, NAME>=1,<2 ...), choosing the release
// the way pip would (the highest matching one that is not yanked, final
// releases before pre-releases; a yanked release only when pinned exactly,
// PEP 592), and choosing the file of that release (the wheel that fits the
// interpreter best, else the sdist).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "registry/index_types.hpp"
#include "registry/version_specifier.hpp"

namespace canary::cli {

struct InstallSpec {
  std::string text;        // as given
  std::string name;        // as written
  std::string normalized;  // PEP 503
  std::string specifier;   // as written; "" = any version
  registry::VersionSpecifier versions;
  std::string pinned;               // the version of "==V" / "===V"; "" otherwise
  std::vector<std::string> extras;  // ignored: they name dependencies, which pip does not install here
};

// False with `error` for anything but a PEP 508 requirement on a name from
// the index: URLs, paths and environment markers are refused.
bool parse_install_spec(const std::string& text, InstallSpec& out, std::string& error);

// The release to install, as the index spells it. Throws registry::IndexError
// (NoVersion) when no release matches, or only yanked ones do. `yanked_note`
// is set when the exact pin names a yanked release (installed all the same,
// as pip does, with that warning).
std::string choose_install_version(const registry::ProjectPage& page, const InstallSpec& spec,
                                   const std::string& index_url, std::string& yanked_note);

// The interpreter's tags, best first, fetched only when a wheel that is not
// pure Python 3 has to be judged; nullptr when they cannot be had (such
// wheels are then passed over, with `note`).
using SupportedTags = std::function<const std::vector<std::string>*(std::string& note)>;

// The file of `version` to install: the wheel whose tag the interpreter ranks
// best (a pure-Python 3 wheel fits any Python 3), else the sdist; `only` is
// "", "wheel" or "sdist". Throws registry::IndexError (NoFiles) naming the
// files that were passed over and why.
const registry::DistFile& choose_install_file(const registry::ProjectPage& page, const std::string& version,
                                              const std::string& only, const SupportedTags& tags,
                                              std::vector<std::string>& notes);

}  // namespace canary::cli
