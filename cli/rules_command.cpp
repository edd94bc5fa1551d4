#include "rules_command.hpp"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "diagnostics_output.hpp"
#include "exit_status.hpp"
#include "pack_set.hpp"
#include "test_results.hpp"

namespace canary::cli {

namespace {

// The "[...]" arrays of several packs' diagnostics as one array.
std::string join_json_arrays(const std::vector<std::string>& arrays) {
  std::string out = "[";
  for (const std::string& a : arrays) {
    std::string inner = a.substr(1, a.size() - 2);
    if (inner.find_first_not_of(" \n") == std::string::npos) continue;
    if (out.size() > 1) out += ",";
    out += inner;
  }
  return out + "]";
}

}  // namespace

int run_rules_check(const RulesCheckArgs& args) {
  std::vector<PackRequest> requests;
  std::string error;
  if (!resolve_pack_requests(args.paths, args.stdlib_dirs, requests, error)) {
    std::cerr << "canary rules check: error: " << error << '\n';
    return kExitUsage;
  }

  LoadedPackSet set = load_pack_requests(requests, /*check_only=*/true);
  size_t rules = 0, files = 0, errors = 0, warnings = 0;
  // --strict: definitions without a fixture, and unreadable fixtures.
  std::vector<Definition> untested;
  std::vector<ruletest::InputError> fixture_errors;
  for (LoadedPack& lp : set.packs) {
    lp.diagnostics.sort();
    rules += lp.rule_count;
    files += lp.sources.size();
    errors += lp.diagnostics.error_count();
    warnings += lp.diagnostics.warning_count();
    if (args.strict && lp.pack) {
      std::vector<Definition> u = untested_definitions(pack_definitions(*lp.pack, false), fixture_errors);
      untested.insert(untested.end(), u.begin(), u.end());
    }
  }
  const std::string duplicate = duplicate_pack_name(set);
  const size_t strict_errors = untested.size() + fixture_errors.size();
  const bool failed = errors > 0 || !duplicate.empty() || (args.strict && (strict_errors > 0 || warnings > 0));

  // The diagnostics are what this command produces, so they go to stdout.
  if (args.json) {
    // render_json already produces the array; splice it in rather than
    // re-parse it (rule files may hold bytes a strict parser would refuse).
    nlohmann::ordered_json head{{"rules", rules}, {"files", files}, {"errors", errors}, {"warnings", warnings}};
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
    std::vector<std::string> arrays;
    for (const LoadedPack& lp : set.packs) arrays.push_back(dsl::render_json(lp.diagnostics, lp.sources));
    std::cout << text << ",\"diagnostics\":" << join_json_arrays(arrays) << "}\n";
  } else {
    const bool color = color_enabled(args.color, STDOUT_FILENO);
    for (const LoadedPack& lp : set.packs) std::cout << dsl::render_text(lp.diagnostics, lp.sources, color);
    for (const ruletest::InputError& e : fixture_errors)
      std::cout << escape_for_terminal(e.text()) << '\n';
    for (const Definition& d : untested)
      std::cout << escape_for_terminal(d.source_file) << ':' << d.source_line << ": "
                << paint("error", Style::BoldRed, color) << ": " << d.kind << ' ' << escape_for_terminal(d.id)
                << " has no fixture naming it (--strict; see docs/testing.md)\n";
    std::cout << "checked " << count_noun(rules, "rule", "rules") << " in " << count_noun(files, "file", "files")
              << ": " << count_noun(errors, "error", "errors") << ", " << count_noun(warnings, "warning", "warnings");
    if (args.strict) std::cout << "; strict: " << count_noun(untested.size(), "untested definition", "untested definitions");
    std::cout << '\n';
  }
  std::cout << std::flush;
  if (!duplicate.empty()) std::cerr << "canary rules check: error: " << duplicate << '\n';
  return failed ? kExitUsage : kExitOk;
}

}  // namespace canary::cli
