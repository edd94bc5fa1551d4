// A unified diff of two texts, line by line, for `canary rules fmt --diff`.
#pragma once
#include <string>
#include <string_view>

namespace canary::cli {

// `--- old_name` / `+++ new_name` and hunks with 3 lines of context; "" when
// the texts are equal. A last line without a line break is marked with
// `\ No newline at end of file`, as diff(1) does.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view old_name,
                         std::string_view new_name);

}  // namespace canary::cli
