#include "check_sarif.hpp"

#include "output.hpp"
#include "sarif_output.hpp"

namespace canary::cli {

using json = nlohmann::ordered_json;

SarifRule digest_mismatch_sarif_rule() {
  return {kDigestMismatchRule, "Downloaded file does not match the sha256 the index publishes",
          "The bytes received are not the file the index lists; they were not scanned.", Severity::Critical,
          {"supply-chain", "integrity"}, {}};
}

json check_sarif(const CheckReport& report, const std::vector<const CompiledPack*>& packs,
                 std::optional<Verdict> fail_on, int exit_code) {
  SarifRun run;
  run.command = "check";
  run.packs = packs;
  run.extra_rules = {digest_mismatch_sarif_rule()};
  run.fail_on = fail_on;
  run.exit_code = exit_code;
  // Each report's path is already the file's name on the index.
  for (const CheckedFile& f : report.files) run.targets.push_back({&f.report, "", 0});

  json rollback = nullptr;
  if (report.rollback) {
    const RollbackHint& h = *report.rollback;
    rollback = {{"version", h.version.empty() ? json(nullptr) : json(h.version)},
                {"verdict", h.version.empty() ? json(nullptr) : json(std::string(to_string(h.verdict)))},
                {"skipped", h.skipped},
                {"note", h.note}};
  }
  // The release's verdict and score are those of its readable files, which
  // is what the writer computes too; the release identity is what it lacks.
  run.properties = {{"verdict", std::string(to_string(report.verdict))},
                    {"score", display_score(report.score)},
                    {"index", report.index_url},
                    {"project", report.project},
                    {"version", report.version},
                    {"latest", report.latest},
                    {"rollback", std::move(rollback)},
                    {"missing", report.missing}};
  return sarif_log(run);
}

void write_check_sarif(const CheckReport& report, const std::vector<const CompiledPack*>& packs,
                       std::optional<Verdict> fail_on, int exit_code, std::ostream& out) {
  out << sarif_text(check_sarif(report, packs, fail_on, exit_code)) << std::flush;
}

}  // namespace canary::cli
