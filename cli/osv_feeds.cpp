#include "osv_feeds.hpp"

#include <iostream>
#include <system_error>

#include "exit_status.hpp"
#include "pack_location.hpp"
#include "terminal.hpp"

namespace canary::cli {

int load_osv_feeds(const char* command, const ScanSetup& setup, const std::vector<std::string>& cli_paths, bool header,
                   registry::OsvAdvisories& out) {
  std::vector<std::string> errors;
  if (!setup.args.no_hashfeeds) {
    DefaultDir dir = find_default_dir("hashfeeds", "CANARY_HASHFEEDS_DIR");
    if (!dir.error.empty()) errors.push_back(dir.error);
    std::error_code ec;
    // No osv/ beside the feeds is no advisories, not an error: an install may ship none.
    if (!dir.path.empty() && std::filesystem::is_directory(dir.path / "osv", ec)) out.load(dir.path / "osv", errors);
  }
  for (const Setting<std::string>& p : setup.settings.osv) out.load(p.value, errors);
  for (const std::string& p : cli_paths) out.load(p, errors);
  for (const std::string& e : errors)
    std::cerr << command << ": error: osv advisory: " << escape_for_terminal(e) << '\n';
  if (!errors.empty()) {
    std::cerr << command << ": fix or remove the advisory files above (docs/hashfeeds.md, \"OSV advisories\")\n";
    return kExitUsage;
  }
  if (header && (out.size() > 0 || out.skipped_not_mal() > 0)) {
    std::cerr << "osv: " << out.size() << (out.size() == 1 ? " malicious-package advisory" : " malicious-package advisories");
    if (out.skipped_not_mal() > 0) std::cerr << " (" << out.skipped_not_mal() << " other advisories ignored: not MAL-)";
    std::cerr << '\n';
  }
  return kExitOk;
}

}  // namespace canary::cli
