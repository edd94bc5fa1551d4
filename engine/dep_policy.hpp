// Findings about a dependency file itself, before anything is downloaded:
// versions that are not pinned, missing hashes, direct URL and VCS sources,
// insecure or extra indexes, names that imitate popular projects. Each has a
// stable id and a severity (docs/audit.md lists them).
#pragma once
#include <string>
#include <vector>

#include "dependency.hpp"
#include "report.hpp"

namespace canary {

class TyposquatIndex;

struct PolicyOptions {
  bool require_hashes = false;  // --require-hashes: every pinned index dependency needs a hash
  const TyposquatIndex* typosquats = nullptr;  // nullptr: no typosquatting check
};

struct PolicyFinding {
  std::string id;        // DEP_UNPINNED, DEP_MISSING_HASH, ...
  Severity severity = Severity::Info;
  std::string title;
  std::string package;   // the dependency's name as written; "" for a file-level option
  std::string detail;    // what exactly, in one sentence
  SourcePosition origin;
};

std::vector<PolicyFinding> check_dependency_policy(const DependencyFile& file, const PolicyOptions& options);

}  // namespace canary
