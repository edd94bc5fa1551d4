// Checked AST -> CompiledPack. Resolves names across rule files and imports,
// type-checks conditions, test-compiles every regex and query (mapping their
// error offsets back into the rule file), orders rules by their references,
// and builds the pack's one Hyperscan database.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../dsl/ast.hpp"
#include "../dsl/diagnostics.hpp"
#include "compiled_pack.hpp"

namespace canary {

// One parsed rule file and how it is seen by the others.
struct RuleUnit {
  dsl::RuleFile ast;
  std::string ns;   // "" for files of the pack itself; the import name for imported files
  bool in_pack = false;  // its declarations are in the pack's global namespace
  std::map<std::string, int> imports;  // import alias -> unit index
};

// Returns the pack, or nullptr when any error was reported. With check_only,
// everything is validated but no database is built (the pack is still returned
// when there were no errors, without `database`).
std::unique_ptr<CompiledPack> check_and_compile(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources,
                                                dsl::Diagnostics& diags, bool check_only);

}  // namespace canary
