// `canary audit FILE...`: read dependency files (requirements, pyproject.toml,
// poetry.lock, uv.lock, Pipfile.lock, pylock.toml), report policy findings
// about them, then fetch and scan every exactly pinned package. docs/audit.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "index_options.hpp"
#include "scan_command.hpp"

namespace canary::cli {

enum class AuditFormat { Table, Json, Sarif };

struct AuditArgs {
  ScanArgs scan;                  // pack, thresholds, limits, --fail-on, colour, quiet
  std::vector<std::string> files; // dependency files
  std::string input_format;       // --input-format; "" = by file name
  AuditFormat format = AuditFormat::Table;
  bool require_hashes = false;    // --require-hashes
  bool no_typosquat = false;      // --no-typosquat
  bool no_scan = false;           // --no-scan: policy findings only, nothing fetched
  std::string from_dir;           // --from-dir: package files already downloaded
  IndexArgs index;                // --index-url, --cache-dir, --offline, --only, timeouts: the index otherwise
  unsigned jobs = 4;              // --jobs: packages fetched and scanned at once
  std::vector<std::string> osv;   // --osv: OSV advisory files or directories, after hashfeeds/osv/
  int64_t cooldown_hours = 72;    // --cooldown: release.cooldown_hours of the scans
};

int run_audit(const AuditArgs& args);

}  // namespace canary::cli
