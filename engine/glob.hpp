// Path globs for rule scopes and `path` patterns (docs/language.md, "scope").
// `*` stays inside one segment, `**` spans segments, `?` one char, `[...]` a
// class. A glob without '/' is matched against the file name only; a leading
// '/' anchors the glob at the package root.
#pragma once
#include <string>
#include <string_view>

namespace canary {

class Glob {
 public:
  // Returns false and sets `error` for a malformed glob (unclosed class, empty).
  static bool compile(std::string_view text, Glob& out, std::string& error);
  bool matches(std::string_view path) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string body_;   // without the anchoring '/'
  bool name_only_ = false;
  bool literal_ = false;  // no wildcard: a match is equality
  std::string prefix_, suffix_;  // literal text every match starts / ends with
  std::string inner_;  // "/LIT/" for a glob `**/LIT/**` (LIT plain): the path holds it, or starts with "LIT/"
};

// Plain glob match of `pattern` against all of `s` ('/' is special for '*').
bool glob_match(std::string_view pattern, std::string_view s);

}  // namespace canary
