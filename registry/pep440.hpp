// PEP 440 versions, enough to order a project's releases, tell pre-releases
// from final ones, and measure how far one release jumps above another.
#pragma once
#include <string>
#include <vector>

namespace canary::registry {

struct Pep440Version {
  bool valid = false;
  long epoch = 0;
  std::vector<long> release;  // 1.82.8 -> {1, 82, 8}
  int pre_kind = 3;           // 0 a, 1 b, 2 rc, 3 none (so a final release sorts after its pre-releases)
  long pre = 0;
  long post = -1;             // -1: none
  long dev = -1;              // -1: none
  bool is_prerelease() const { return pre_kind != 3 || dev >= 0; }
};

Pep440Version parse_pep440(const std::string& text);
// <0, 0, >0. Invalid versions sort before valid ones, then by text.
int compare_versions(const std::string& a, const std::string& b);
void sort_versions(std::vector<std::string>& versions);

// The version in a wheel or sdist file name ("", kind Other if neither).
struct DistName {
  std::string project;  // as written in the file name
  std::string version;
  bool wheel = false;
  bool sdist = false;
};
DistName parse_dist_filename(const std::string& filename);

// PEP 503: lower case, runs of "-", "_" and "." become one "-".
std::string normalize_name(const std::string& name);

}  // namespace canary::registry
