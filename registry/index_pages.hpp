// Parsers for what an index serves: a project's Simple API page (PEP 691
// JSON or PEP 503 HTML), a PyPI JSON API release document, a PEP 740
// provenance object. Each throws IndexPageError with a message that names
// the URL and what was wrong; none trusts the input's shape.
#pragma once
#include <stdexcept>
#include <string>

#include "index_types.hpp"

namespace canary::registry {

struct IndexPageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kSimpleJsonType = "application/vnd.pypi.simple.v1+json";

// Picks JSON or HTML by content type (or by the first character when the
// server's content type says neither). `url` resolves relative links.
ProjectPage parse_project_page(const std::string& body, const std::string& content_type, const std::string& url);
ProjectPage parse_simple_json(const std::string& body, const std::string& url);
ProjectPage parse_simple_html(const std::string& body, const std::string& url);

// /pypi/NAME/VERSION/json
ReleaseInfo parse_json_api_release(const std::string& body, const std::string& url);

// /integrity/NAME/VERSION/FILE/provenance
Provenance parse_provenance(const std::string& body, const std::string& url);

// `ref` relative to `base` (RFC 3986, the cases indexes use: absolute,
// scheme-relative, root-relative, relative with ./ and ../). The fragment of
// `ref` is kept.
std::string resolve_url(const std::string& base, const std::string& ref);

}  // namespace canary::registry
