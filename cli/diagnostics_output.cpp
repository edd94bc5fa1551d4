#include "diagnostics_output.hpp"

namespace canary::cli {

std::string count_noun(size_t n, const char* singular, const char* plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

std::string check_summary(const LoadedPack& lp) {
  return "checked " + count_noun(lp.rule_count, "rule", "rules") + " in " +
         count_noun(lp.sources.size(), "file", "files") + ": " +
         count_noun(lp.diagnostics.error_count(), "error", "errors") + ", " +
         count_noun(lp.diagnostics.warning_count(), "warning", "warnings");
}

}  // namespace canary::cli
