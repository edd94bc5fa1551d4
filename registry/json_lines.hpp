// Where each value of a JSON document starts, by JSON pointer, so that a
// parser that validates the document's shape after nlohmann has read it can
// say FILE:LINE for what is wrong (nlohmann keeps no positions).
#pragma once
#include <map>
#include <string>

namespace canary::registry {

// The line (1-based) of every value of `text`, keyed by its RFC 6901 pointer
// ("" is the root, "/affected/0/package/name" a member). `text` must be JSON
// that nlohmann has already accepted; anything else gives a partial map.
std::map<std::string, int> json_value_lines(const std::string& text);

// "/a/b" + "c~d" -> "/a/b/c~0d" (RFC 6901 escaping of one reference token).
std::string json_pointer_append(const std::string& pointer, const std::string& token);

}  // namespace canary::registry
