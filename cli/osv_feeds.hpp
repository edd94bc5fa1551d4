// The OSV malicious-package advisories a command that knows release names
// and versions loads: every *.json below hashfeeds/osv/ (found like the
// default hash feeds) unless --no-hashfeeds, then each path of the config
// file's `osv` key, then each --osv PATH.
// docs/hashfeeds.md, "OSV advisories".
#pragma once
#include <string>
#include <vector>

#include "registry/osv_advisories.hpp"
#include "scan_setup.hpp"

namespace canary::cli {

// Returns 0, or 2 having printed each problem as "COMMAND: error: FILE:LINE:
// what" on stderr. With `header`, one "osv: N advisories" line on stderr.
// `setup` is resolved (resolve_scan_setup): it says --no-hashfeeds and the
// config file's paths.
int load_osv_feeds(const char* command, const ScanSetup& setup, const std::vector<std::string>& cli_paths, bool header,
                   registry::OsvAdvisories& out);

}  // namespace canary::cli
