#include "rules_command.hpp"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "diagnostics_output.hpp"
#include "exit_status.hpp"
#include "pack_source.hpp"

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

  // The diagnostics are what this command produces, so they go to stdout.
  if (args.json) {
    // render_json already produces the array; splice it in rather than
    // re-parse it (rule files may hold bytes a strict parser would refuse).
    nlohmann::ordered_json head{{"rules", lp.rule_count},
                                {"files", lp.sources.size()},
                                {"errors", lp.diagnostics.error_count()},
                                {"warnings", lp.diagnostics.warning_count()}};
    std::string text = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text.pop_back();  // the closing brace
    std::cout << text << ",\"diagnostics\":" << dsl::render_json(lp.diagnostics, lp.sources) << "}\n";
  } else {
    std::cout << dsl::render_text(lp.diagnostics, lp.sources, color_enabled(args.color, STDOUT_FILENO));
    std::cout << check_summary(lp) << '\n';
  }
  std::cout << std::flush;
  return has_errors ? kExitUsage : kExitOk;
}

}  // namespace canary::cli
