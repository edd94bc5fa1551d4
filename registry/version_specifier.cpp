#include "version_specifier.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "pep440.hpp"

namespace canary::registry {
namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Release segment k of v, 0 past its end (1.2 == 1.2.0).
long segment(const Pep440Version& v, size_t k) {
  return k < v.release.size() ? v.release[k] : 0;
}

// `version` starts with `prefix`'s release segments (same epoch): "==1.2.*".
bool prefix_match(const Pep440Version& v, const Pep440Version& prefix) {
  if (v.epoch != prefix.epoch) return false;
  for (size_t k = 0; k < prefix.release.size(); ++k)
    if (segment(v, k) != prefix.release[k]) return false;
  return true;
}

bool same_release(const Pep440Version& a, const Pep440Version& b) {
  if (a.epoch != b.epoch) return false;
  for (size_t k = 0; k < std::max(a.release.size(), b.release.size()); ++k)
    if (segment(a, k) != segment(b, k)) return false;
  return true;
}

}  // namespace

bool VersionSpecifier::parse(const std::string& text, std::string& error) {
  clauses_.clear();
  allows_prereleases_ = false;
  if (trim(text).empty()) return true;
  static constexpr std::array<const char*, 8> kOps{"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string clause = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    Clause c;
    for (const char* op : kOps)
      if (clause.rfind(op, 0) == 0) {
        c.op = op;
        break;
      }
    if (c.op.empty()) {
      error = "'" + clause + "' has no version operator (==, !=, <=, >=, <, >, ~=, ===)";
      return false;
    }
    c.version = trim(clause.substr(c.op.size()));
    if (c.op != "===" && c.version.size() > 2 && c.version.compare(c.version.size() - 2, 2, ".*") == 0) {
      if (c.op != "==" && c.op != "!=") {
        error = "'" + clause + "': a .* wildcard goes only with == and !=";
        return false;
      }
      c.wildcard = true;
      c.version.resize(c.version.size() - 2);
    }
    if (c.version.empty()) {
      error = "'" + clause + "' has no version";
      return false;
    }
    if (c.op != "===") {
      Pep440Version v = parse_pep440(c.version);
      if (!v.valid) {
        error = "'" + c.version + "' in '" + clause + "' is not a PEP 440 version";
        return false;
      }
      if (c.op == "~=" && v.release.size() < 2) {
        error = "'" + clause + "': ~= needs a version with at least two numbers (~=1.4, not ~=1)";
        return false;
      }
      if (v.is_prerelease() && c.op != "!=") allows_prereleases_ = true;
    }
    clauses_.push_back(std::move(c));
  }
  return true;
}

bool VersionSpecifier::contains(const std::string& version) const {
  return std::all_of(clauses_.begin(), clauses_.end(), [&](const Clause& c) { return matches(c, version); });
}

bool VersionSpecifier::matches(const Clause& c, const std::string& version) {
  if (c.op == "===") return lower(trim(version)) == lower(c.version);
  Pep440Version v = parse_pep440(version), spec = parse_pep440(c.version);
  if (!v.valid) return false;
  if (c.wildcard) return (c.op == "==") == prefix_match(v, spec);
  int cmp = compare_versions(version, c.version);
  if (c.op == "==") return cmp == 0;
  if (c.op == "!=") return cmp != 0;
  if (c.op == "<=") return cmp <= 0;
  if (c.op == ">=") return cmp >= 0;
  if (c.op == "<")  // "<1.0" excludes 1.0's own pre-releases unless it is one itself
    return cmp < 0 && (spec.is_prerelease() || !v.is_prerelease() || !same_release(v, spec));
  if (c.op == ">")  // ">1.0" excludes 1.0's post-releases unless it is one itself
    return cmp > 0 && (spec.post >= 0 || v.post < 0 || !same_release(v, spec));
  // "~=1.4.5" is ">=1.4.5, ==1.4.*".
  Pep440Version prefix = spec;
  prefix.release.pop_back();
  return cmp >= 0 && prefix_match(v, prefix);
}

}  // namespace canary::registry
