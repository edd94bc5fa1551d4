// Literals a regex cannot match without: a prefilter for `#match?`
// predicates of tree-sitter queries. If `required_literals(re)` returns
// {"b64decode", "unhexlify"}, every match of `re` contains one of them, so a
// file holding none cannot hold a node whose text matches `re`, and the
// query need not run there (engine/query.cpp, docs/architecture.md).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace canary {

// Every match of `regex` (Hyperscan/PCRE syntax, case-sensitive) contains at
// least one of the returned strings. Empty when no such set is found: the
// regex has an inline flag, a construct this reader does not follow, or a
// match can be made of classes and optional parts alone. Conservative: it
// gives up rather than guess.
std::vector<std::string> required_literals(std::string_view regex);

}  // namespace canary
