// PEP 508 requirement strings ("name[extra]>=1,<2; python_version < '3.11'",
// "name @ https://…/x.whl ; marker") and the pieces every dependency parser
// shares: PEP 440 specifiers (is this one exact version?), URL sources (VCS,
// direct archive, local path) and hash syntax.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dependency.hpp"

namespace canary {

// A malformed requirement; the caller adds FILE:LINE.
class RequirementSyntaxError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses one PEP 508 requirement into `out` (name, normalized, extras,
// specifier, pinned/version, url/source, marker). Throws RequirementSyntaxError.
void parse_pep508(std::string_view text, Dependency& out);

// Whether `name` is a valid PEP 508 project name.
bool is_project_name(std::string_view name);

// Checks a PEP 440 specifier list ("==1.2", ">=1,<2", "~=1.4") and sets
// d.specifier, d.pinned and d.version: pinned is one `==V` clause without a
// wildcard, or `===V`. Throws RequirementSyntaxError when a clause has no
// operator or no version.
void set_pep440_specifier(Dependency& d, std::string_view spec);

// Sets d.source, d.url and d.vcs_ref from a URL or path as requirement files
// and lock files write it: `git+https://host/repo@REF#egg=x` is VCS, `http(s)`
// and `ftp` URLs are direct archives, `file:` URLs and paths are local. A
// missing name is taken from `#egg=`; `#sha256=HEX` adds a hash.
void set_url_source(Dependency& d, std::string_view url);

// "sha256:HEX" (pip's --hash) checked: a known algorithm and a digest of its
// length. Returns "" when valid, else why not.
std::string check_hash_spec(std::string_view spec);

// Lowercase hex of the right length for sha256.
bool is_sha256_hex(std::string_view hex);

// A VCS revision that names one commit (a full 40-hex git or 64-hex sha256 id).
bool is_commit_id(std::string_view ref);

}  // namespace canary
