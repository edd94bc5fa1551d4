// The steps of checking a release on a package index that `canary check` and
// `canary install` share, so that both talk to the same index and give a file
// the same verdict: the release's metadata facts, the report of a download
// that failed its digest, and the scan of a verified file with the pack and
// those facts. Finding a version is index_lookup.hpp's. The index
// options and settings themselves are index_options.hpp's.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "check_command.hpp"
#include "check_report.hpp"
#include "index_lookup.hpp"  // find_version, index_error_status
#include "registry/index_client.hpp"
#include "registry/osv_advisories.hpp"
#include "scan_setup.hpp"

namespace canary::cli {

// The release "latest" means: the highest final, non-yanked version; failing
// that the highest non-yanked one; failing that the highest.
std::string latest_version(const registry::ProjectPage& page);

// The `release.*` facts of `version`: the page, the JSON API documents of it
// and of the previous releases, and their provenance; `cooldown_hours` is
// --cooldown; with `advisories`, whether an OSV MAL- advisory lists the release.
ReleaseFacts release_facts(int64_t cooldown_hours, registry::IndexClient& client, const registry::ProjectPage& page,
                           const std::string& version, const registry::OsvAdvisories* advisories = nullptr);

// The report of bytes that are not what the index published, `excerpt`
// naming both digests: never scanned, one critical kDigestMismatchRule finding
// (`canary audit` gives the same one).
ArtifactReport digest_mismatch_report(const std::string& file_name, const std::string& actual_sha256,
                                      const std::string& excerpt, const VerdictThresholds& thresholds);

// digest_mismatch_report for a file of the index, as `check` and `install`
// report it, with an error saying the file was not scanned.
ArtifactReport mismatch_report(const registry::DistFile& file, const std::string& actual,
                               const VerdictThresholds& thresholds);

// Downloads `file` (verified against its published sha256) into `out`: the
// file, the digest received, whether it came from the cache and, for bytes
// that are not the published ones, the mismatch report. The caller scans
// what arrived whole (d.ok() and not d.digest_mismatch).
registry::Download download_release_file(registry::IndexClient& client, const registry::DistFile& file,
                                         const VerdictThresholds& thresholds, CheckedFile& out);
// Scans the verified bytes at `path` of `file` with the pack and `facts`;
// the report is named by the file name, not by where the bytes are.
ArtifactReport scan_release_file(ScanSetup& setup, const registry::DistFile& file, const std::filesystem::path& path,
                                 const ReleaseFacts& facts);

// Downloads and scans every file of `version` that --only lets through, with
// `facts`: a file that failed its digest gets mismatch_report, one that
// could not be downloaded is unreadable.
std::vector<CheckedFile> check_release_files(const CheckArgs& args, ScanSetup& setup, registry::IndexClient& client,
                                             const registry::ProjectPage& page, const std::string& version,
                                             const ReleaseFacts& facts);

// The most recent release before `version` that is not yanked and whose
// files all scan below HIGH_RISK (at most args.rollback_depth tried): the
// rollback line of `check` and of a release `install` refuses. A release an
// advisory lists scans MALICIOUS, so it is never the rollback.
RollbackHint find_rollback(const CheckArgs& args, ScanSetup& setup, registry::IndexClient& client,
                           const registry::ProjectPage& page, const std::string& version,
                           const registry::OsvAdvisories* advisories = nullptr);

}  // namespace canary::cli
