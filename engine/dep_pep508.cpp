#include "dep_pep508.hpp"

#include <array>
#include <cctype>

#include "artifact_facts.hpp"

namespace canary {
namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// Characters PEP 440 versions (and their wildcards and local parts) use.
bool is_version_char(char c) {
  return is_alnum(c) || c == '.' || c == '*' || c == '+' || c == '!' || c == '-' || c == '_';
}

std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 80)) out += (static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  if (s.size() > 80) out += "...";
  return out + "'";
}

}  // namespace

bool is_project_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  for (char c : name)
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

void set_pep440_specifier(Dependency& d, std::string_view spec) {
  spec = trim(spec);
  d.specifier = std::string(spec);
  d.pinned = false;
  d.version.clear();
  if (spec.empty()) return;
  static constexpr std::array<std::string_view, 8> kOps{"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
  size_t clauses = 0;
  std::string exact;
  bool exact_ok = false;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    std::string_view clause = trim(spec.substr(start, comma == std::string_view::npos ? spec.size() - start : comma - start));
    start = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
    if (clause.empty()) throw RequirementSyntaxError("empty version clause in " + quote(spec));
    std::string_view op;
    for (std::string_view o : kOps)
      if (clause.substr(0, o.size()) == o) { op = o; break; }
    if (op.empty())
      throw RequirementSyntaxError("expected a version operator (==, >=, <=, ~=, !=, <, >, ===) before " + quote(clause));
    std::string_view version = trim(clause.substr(op.size()));
    if (version.empty()) throw RequirementSyntaxError("no version after " + quote(op));
    for (char c : version)
      if (!is_version_char(c) && !(op == "===" && !is_space(c)))
        throw RequirementSyntaxError("invalid character " + quote(std::string_view(&c, 1)) + " in version " + quote(version));
    ++clauses;
    if ((op == "==" && version.find('*') == std::string_view::npos) || op == "===") {
      exact = std::string(version);
      exact_ok = true;
    }
  }
  // `==1.0, !=1.0` is not worth special-casing: one exact clause among others is
  // still one version at most; a range with it is unusual but still pinned.
  if (exact_ok && clauses >= 1) {
    d.pinned = true;
    d.version = exact;
  }
}

bool is_sha256_hex(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_commit_id(std::string_view ref) {
  if (ref.size() != 40 && ref.size() != 64) return false;
  for (char c : ref)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string check_hash_spec(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return "expected ALGORITHM:HEX (sha256:...), got " + quote(spec);
  std::string_view algo = spec.substr(0, colon), hex = spec.substr(colon + 1);
  size_t want = algo == "sha256" ? 64 : algo == "sha384" ? 96 : algo == "sha512" ? 128 : 0;
  if (want == 0) return "unsupported hash algorithm " + quote(algo) + " (pip accepts sha256, sha384, sha512)";
  if (hex.size() != want) return algo == "sha256" ? "a sha256 digest has 64 hex digits, got " + std::to_string(hex.size())
                                                  : std::string(algo) + " digest of the wrong length";
  for (char c : hex)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "non-hex character in digest " + quote(hex);
  return {};
}

void set_url_source(Dependency& d, std::string_view url) {
  url = trim(url);
  d.url = std::string(url);
  std::string_view fragment;
  std::string_view body = url;
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    fragment = url.substr(hash + 1);
    body = url.substr(0, hash);
  }
  // Fragment parameters: egg=NAME, subdirectory=..., sha256=HEX (pip's URL hash).
  while (!fragment.empty()) {
    size_t amp = fragment.find('&');
    std::string_view kv = fragment.substr(0, amp);
    fragment = amp == std::string_view::npos ? std::string_view{} : fragment.substr(amp + 1);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = kv.substr(0, eq), value = kv.substr(eq + 1);
    if (key == "egg" && d.name.empty() && is_project_name(value)) {
      d.name = std::string(value);
      d.normalized = normalize_project_name(value);
    } else if (key == "sha256" && is_sha256_hex(value)) {
      add_hash(d.hashes, "sha256", value);
    }
  }
  static constexpr std::array<std::string_view, 4> kVcs{"git+", "hg+", "svn+", "bzr+"};
  for (std::string_view prefix : kVcs) {
    if (starts_with_ci(body, prefix)) {
      d.source = SourceKind::Vcs;
      // The revision follows the last '@' of the path (an '@' before the first
      // '/' after "://" is the user part of the authority: git+ssh://git@host/...).
      size_t scheme_end = body.find("://");
      size_t path_start = scheme_end == std::string_view::npos ? prefix.size() : body.find('/', scheme_end + 3);
      if (path_start != std::string_view::npos) {
        size_t at = body.rfind('@');
        if (at != std::string_view::npos && at > path_start) d.vcs_ref = std::string(body.substr(at + 1));
      }
      return;
    }
  }
  if (starts_with_ci(body, "git://")) {  // plain git protocol: VCS, and unauthenticated
    d.source = SourceKind::Vcs;
    return;
  }
  if (starts_with_ci(body, "http://") || starts_with_ci(body, "https://") || starts_with_ci(body, "ftp://")) {
    d.source = SourceKind::Url;
    return;
  }
  d.source = SourceKind::LocalPath;  // file: URLs, ./dir, /abs/x.whl, ../pkg
}

void parse_pep508(std::string_view text, Dependency& out) {
  std::string_view s = trim(text);
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && is_space(s[i])) ++i;
  };
  size_t name_end = 0;
  while (name_end < s.size() && (is_alnum(s[name_end]) || s[name_end] == '-' || s[name_end] == '_' || s[name_end] == '.'))
    ++name_end;
  std::string_view name = s.substr(0, name_end);
  if (name.empty()) throw RequirementSyntaxError("expected a project name at " + quote(s));
  if (!is_project_name(name))
    throw RequirementSyntaxError("invalid project name " + quote(name) + " (letters, digits, '-', '_', '.'; starting and ending with a letter or digit)");
  out.name = std::string(name);
  out.normalized = normalize_project_name(name);
  i = name_end;
  skip_ws();
  if (i < s.size() && s[i] == '[') {
    size_t close = s.find(']', i);
    if (close == std::string_view::npos) throw RequirementSyntaxError("unclosed '[' in the extras of " + quote(name));
    std::string_view list = s.substr(i + 1, close - i - 1);
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      std::string_view extra = trim(list.substr(start, comma == std::string_view::npos ? list.size() - start : comma - start));
      start = comma == std::string_view::npos ? list.size() + 1 : comma + 1;
      if (extra.empty() && comma == std::string_view::npos && out.extras.empty()) break;  // "name[]"
      if (!is_project_name(extra)) throw RequirementSyntaxError("invalid extra name " + quote(extra));
      out.extras.push_back(normalize_project_name(extra));
    }
    i = close + 1;
    skip_ws();
  }
  std::string_view marker_part;
  if (i < s.size() && s[i] == '@') {
    ++i;
    skip_ws();
    size_t url_end = i;
    while (url_end < s.size() && !std::isspace(static_cast<unsigned char>(s[url_end]))) ++url_end;
    std::string_view url = s.substr(i, url_end - i);
    if (url.empty()) throw RequirementSyntaxError("expected a URL after '@' in " + quote(s));
    set_url_source(out, url);
    i = url_end;
    skip_ws();
    if (i < s.size()) {
      if (s[i] != ';') throw RequirementSyntaxError("unexpected " + quote(s.substr(i)) + " after the URL (a marker starts with ';')");
      marker_part = s.substr(i + 1);
    }
  } else {
    size_t semi = s.find(';', i);
    std::string_view spec = s.substr(i, semi == std::string_view::npos ? s.size() - i : semi - i);
    spec = trim(spec);
    if (!spec.empty() && spec.front() == '(') {
      if (spec.back() != ')') throw RequirementSyntaxError("unclosed '(' in the version of " + quote(name));
      spec = trim(spec.substr(1, spec.size() - 2));
    }
    set_pep440_specifier(out, spec);
    if (semi != std::string_view::npos) marker_part = s.substr(semi + 1);
    else if (semi == std::string_view::npos && i < s.size() && spec.empty() && !trim(s.substr(i)).empty())
      throw RequirementSyntaxError("unexpected " + quote(s.substr(i)));
  }
  if (marker_part.data() != nullptr) {
    std::string_view marker = trim(marker_part);
    if (marker.empty()) throw RequirementSyntaxError("empty environment marker after ';'");
    out.marker = std::string(marker);
  }
}

}  // namespace canary
