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

// `regex` with its zero-width assertions (^ $ \b \B \A \z \Z) dropped, for
// searching a whole file: wherever `regex` matches a part of the file taken
// alone (a capture's text), the result matches inside that part, since
// dropping an assertion only widens what matches. Empty when `regex` is not
// one this reader follows (required_literals gives it no literal); the
// result is then not needed, as the literals are the fallback.
std::string relaxed_regex(std::string_view regex);

}  // namespace canary
