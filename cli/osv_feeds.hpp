// The OSV malicious-package advisories a command that knows release names
// and versions loads: every *.json below hashfeeds/osv/ (found like the
// default hash feeds) unless --no-hashfeeds, then each --osv PATH.
// docs/hashfeeds.md, "OSV advisories".
#pragma once
#include <string>
#include <vector>

#include "registry/osv_advisories.hpp"

namespace canary::cli {

// Returns 0, or 2 having printed each problem as "COMMAND: error: FILE:LINE:
// what" on stderr. With `header`, one "osv: N advisories" line on stderr.
int load_osv_feeds(const char* command, bool no_default, const std::vector<std::string>& paths, bool header,
                   registry::OsvAdvisories& out);

}  // namespace canary::cli
