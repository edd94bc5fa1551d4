// libFuzzer: the rule DSL. Parsing always; with CANARY_FUZZ_CHECK the checker
// and compiler too (regexes and queries test-compiled, no database built),
// and the formatter on what parsed.
#include <string>

#include "dsl/formatter.hpp"
#include "dsl/parser.hpp"
#include "engine/checker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::dsl::SourceMap sources;
  uint32_t file = sources.add("fuzz.canary", std::string(reinterpret_cast<const char*>(data), size));
  canary::dsl::Diagnostics diags;
  canary::RuleUnit unit;
  unit.in_pack = true;
  const bool parsed = canary::dsl::parse_rule_file(sources, file, unit.ast, diags);
  (void)canary::dsl::render_text(diags, sources);
#ifdef CANARY_FUZZ_CHECK
  if (parsed) {
    canary::dsl::Diagnostics fmt_diags;
    (void)canary::dsl::format_rule_file(sources, file, fmt_diags);
  }
  std::vector<canary::RuleUnit> units;
  units.push_back(std::move(unit));
  canary::dsl::Diagnostics check_diags;
  (void)canary::check_and_compile(units, sources, check_diags, /*check_only=*/true);
  (void)canary::dsl::render_text(check_diags, sources);
#else
  (void)parsed;
#endif
  return 0;
}
