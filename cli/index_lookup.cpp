#include "index_lookup.hpp"

#include <algorithm>

#include "exit_status.hpp"
#include "registry/pep440.hpp"

namespace canary::cli {

using namespace canary::registry;

std::string find_version(const ProjectPage& page, const std::string& wanted, std::string& nearby) {
  for (const std::string& v : page.versions)
    if (compare_versions(v, wanted) == 0) return v;
  // Up to three on each side of where it would sort.
  auto pos = std::lower_bound(page.versions.begin(), page.versions.end(), wanted,
                              [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
  size_t at = static_cast<size_t>(pos - page.versions.begin());
  size_t from = at >= 3 ? at - 3 : 0, to = std::min(page.versions.size(), at + 3);
  for (size_t i = from; i < to; ++i) nearby += (nearby.empty() ? "" : ", ") + page.versions[i];
  return "";
}

int index_error_status(const IndexError& e) {
  switch (e.kind) {
    case IndexErrorKind::NoProject:
    case IndexErrorKind::NoVersion:
    case IndexErrorKind::NoFiles: return kExitUsage;
    default: return kExitUnreadable;
  }
}

}  // namespace canary::cli
