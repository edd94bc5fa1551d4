// A path as an RFC 3986 URI path: what SARIF logs name artifacts by, and
// what a file:// URL that pip reads is made of.
#pragma once
#include <string>
#include <string_view>

namespace canary::cli {

// Unreserved characters and '/' stay, every other byte is percent-encoded.
std::string uri_path(std::string_view path);

}  // namespace canary::cli
