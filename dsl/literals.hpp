// Values of literal tokens the grammar has already accepted: string escapes
// and integer suffixes. Kept apart from the actions so they can be tested alone.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace canary::dsl {

// Decodes a string literal's text, quotes included (`"a\x41\n"`), into bytes.
// Expects only the escapes the grammar accepts: \" \\ \n \r \t \0 \xHH.
std::string unescape_string(std::string_view quoted);

// Value of an integer literal: decimal or 0x hex, optional KB (x1024) or MB
// (x1024^2) suffix. nullopt when the value does not fit in int64_t.
std::optional<int64_t> integer_value(std::string_view literal);

}  // namespace canary::dsl
