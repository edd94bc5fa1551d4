// Text -> RuleFile. Recovers after a syntax error by skipping to the next
// top-level declaration, so every syntax error in a file is reported at once.
#pragma once
#include "ast.hpp"
#include "diagnostics.hpp"

namespace canary::dsl {

// Parses sources.file(file). Declarations that parse are appended to `out`
// even when others fail. Returns false when any syntax error was reported.
bool parse_rule_file(const SourceMap& sources, uint32_t file, RuleFile& out, Diagnostics& diags);

}  // namespace canary::dsl
