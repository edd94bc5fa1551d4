// PEP 440 version specifiers ("==1.2", ">=1,<2", "~=1.4", "!=1.5.*") as a
// set of clauses a version matches or not: what `canary install NAME>=1`
// needs to pick a release the way pip would.
#pragma once
#include <string>
#include <vector>

namespace canary::registry {

class VersionSpecifier {
 public:
  // Parses "" (any version) or comma-separated clauses. False with `error`
  // when a clause has no operator or no version, or a wildcard where PEP 440
  // allows none.
  bool parse(const std::string& text, std::string& error);

  // Whether `version` satisfies every clause. Pre-releases are not treated
  // specially here (see allows_prereleases).
  bool contains(const std::string& version) const;
  // A clause names a pre-release ("~=2.0b1", ">=1.0rc1"): then pre-releases
  // are candidates like final releases (PEP 440, "Handling of pre-releases").
  bool allows_prereleases() const { return allows_prereleases_; }
  bool empty() const { return clauses_.empty(); }

 private:
  struct Clause {
    std::string op;       // "==", "!=", "<=", ">=", "<", ">", "~=", "==="
    std::string version;  // without a trailing ".*"
    bool wildcard = false;
  };
  static bool matches(const Clause& c, const std::string& version);
  std::vector<Clause> clauses_;
  bool allows_prereleases_ = false;
};

}  // namespace canary::registry
