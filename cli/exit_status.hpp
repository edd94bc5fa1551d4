// The exit codes of `canary`; docs/cli.md documents them for users.
#pragma once

namespace canary::cli {

enum ExitStatus : int {
  kExitOk = 0,          // everything scanned, no verdict at or above --fail-on
  kExitFailOn = 1,      // at least one verdict at or above --fail-on
  kExitUsage = 2,       // bad command line, unusable rules (or rule errors for `rules check`)
  kExitUnreadable = 3,  // an artifact could not be read, and none reached --fail-on
};

// A verdict at or above --fail-on wins over an unreadable artifact: the gate
// has already failed for a definite reason, and the unreadable artifact is
// still listed in the output with its error.
inline int scan_exit_status(bool any_failed, bool any_unreadable) {
  if (any_failed) return kExitFailOn;
  if (any_unreadable) return kExitUnreadable;
  return kExitOk;
}

}  // namespace canary::cli
