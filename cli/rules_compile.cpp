#include "rules_compile.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "diagnostics_output.hpp"
#include "engine/pack_cache.hpp"
#include "exit_status.hpp"
#include "pack_set.hpp"
#include "pack_source.hpp"
#include "terminal.hpp"

namespace canary::cli {
namespace {

constexpr const char* kCommand = "canary rules compile";

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

}  // namespace

int run_rules_compile(const RulesCompileArgs& args) {
  std::vector<PackRequest> requests;
  std::string error;
  if (!resolve_pack_requests(args.rule_paths, args.stdlib_dirs, requests, error)) {
    std::cerr << kCommand << ": error: " << error << '\n';
    return kExitUsage;
  }
  LoadOptions opts = pack_load_options();
  // Always a cold compile: the point is to (re)build the entry and to say
  // what compiling costs, whatever is in the cache already.
  opts.refresh_cache = true;
  if (opts.use_cache && default_cache_dir().empty()) {
    std::cerr << kCommand << ": error: no cache directory: set CANARY_CACHE_DIR, XDG_CACHE_HOME or HOME\n";
    return kExitUsage;
  }
  // Each pack is compiled, and cached, on its own, as `scan` loads it.
  int status = kExitOk;
  for (const PackRequest& request : requests) {
    LoadedPack lp = load_pack(request.source, opts);
    lp.diagnostics.sort();
    const bool failed = lp.diagnostics.has_errors() || !lp.pack;
    if (failed || lp.diagnostics.warning_count() > 0)
      std::cerr << dsl::render_text(lp.diagnostics, lp.sources, color_enabled(ColorMode::Auto, STDERR_FILENO));
    if (failed) {
      std::cerr << kCommand << ": error: the rules have " << count_noun(lp.diagnostics.error_count(), "error", "errors")
                << "; nothing was cached\n";
      return kExitUsage;
    }
    std::string label = lp.name.empty() ? request.label : lp.name + " " + lp.version + " (" + request.label + ")";
    std::cout << "rules    " << label << " (" << count_noun(lp.rule_count, "rule", "rules") << ")\n";
    std::cout << "compile  " << seconds(lp.parse_seconds + lp.compile_seconds) << " cold (parse "
              << seconds(lp.parse_seconds) << ", check and compile " << seconds(lp.compile_seconds) << ")\n";
    if (!opts.use_cache) {
      std::cout << "cache    not written (--no-cache)\n";
      continue;
    }
    std::cout << "key      " << lp.cache_key << '\n';
    std::cout << "cache    " << lp.cache_file.string() << '\n' << std::flush;
    if (!lp.cache_warning.empty()) {
      std::cerr << kCommand << ": error: the compiled pack was not cached: " << lp.cache_warning << '\n';
      status = kExitUsage;
    }
  }
  return status;
}

}  // namespace canary::cli
