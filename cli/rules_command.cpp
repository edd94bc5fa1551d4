#include "rules_command.hpp"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "diagnostics_output.hpp"
#include "exit_status.hpp"
#include "pack_source.hpp"
#include "test_results.hpp"

namespace canary::cli {

int run_rules_check(const RulesCheckArgs& args) {
  PackSource source;
  std::string error;
  if (!resolve_pack_source(args.paths, args.stdlib_dirs, source, error)) {
    std::cerr << "canary rules check: error: " << error << '\n';
    return kExitUsage;
  }

  LoadedPack lp = load_pack(source, pack_load_options(/*check_only=*/true));
  lp.diagnostics.sort();
  const bool has_errors = lp.diagnostics.has_errors();

  // --strict: definitions without a fixture, and unreadable fixtures.
  std::vector<Definition> untested;
  std::vector<ruletest::InputError> fixture_errors;
  if (args.strict && lp.pack) untested = untested_definitions(pack_definitions(*lp.pack, false), fixture_errors);
  const size_t strict_errors = untested.size() + fixture_errors.size();
  const bool failed = has_errors || (args.strict && (strict_errors > 0 || lp.diagnostics.warning_count() > 0));

  // The diagnostics are what this command produces, so they go to stdout.
  if (args.json) {
    // render_json already produces the array; splice it in rather than
    // re-parse it (rule files may hold bytes a strict parser would refuse).
    nlohmann::ordered_json head{{"rules", lp.rule_count},
                                {"files", lp.sources.size()},
                                {"errors", lp.diagnostics.error_count()},
                                {"warnings", lp.diagnostics.warning_count()}};
    if (args.strict) {
      nlohmann::ordered_json u = nlohmann::ordered_json::array();
      for (const Definition& d : untested)
        u.push_back({{"id", d.id}, {"kind", d.kind}, {"file", d.source_file}, {"line", d.source_line}});
      for (const ruletest::InputError& e : fixture_errors)
        u.push_back({{"file", e.file}, {"line", e.line}, {"message", e.message}});
      head["untested"] = std::move(u);
    }
    std::string text = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text.pop_back();  // the closing brace
    std::cout << text << ",\"diagnostics\":" << dsl::render_json(lp.diagnostics, lp.sources) << "}\n";
  } else {
    const bool color = color_enabled(args.color, STDOUT_FILENO);
    std::cout << dsl::render_text(lp.diagnostics, lp.sources, color);
    for (const ruletest::InputError& e : fixture_errors)
      std::cout << escape_for_terminal(e.text()) << '\n';
    for (const Definition& d : untested)
      std::cout << escape_for_terminal(d.source_file) << ':' << d.source_line << ": "
                << paint("error", Style::BoldRed, color) << ": " << d.kind << ' ' << escape_for_terminal(d.id)
                << " has no fixture naming it (--strict; see docs/testing.md)\n";
    std::cout << check_summary(lp);
    if (args.strict) std::cout << "; strict: " << count_noun(untested.size(), "untested definition", "untested definitions");
    std::cout << '\n';
  }
  std::cout << std::flush;
  return failed ? kExitUsage : kExitOk;
}

}  // namespace canary::cli
