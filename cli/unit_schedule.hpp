// The order in which `canary scan --jobs N` and `canary eval --jobs N` hand
// their units (artifacts, directories, loose modules) to their threads.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace canary::cli {

// Bytes of the unit on disk: the file's size, or for a directory the sizes of
// the regular files below it (symbolic links are not followed). Unreadable
// parts count 0: the order is only a schedule, the scan reports the errors.
uint64_t unit_bytes(const std::string& path);

// Indices of `paths`, largest first (ties keep input order). Scanning time
// grows with size, so starting the largest units first keeps one huge unit
// (a 400-second package) from starting last while the other threads idle.
// The sizes are taken by `threads` threads at once.
std::vector<size_t> largest_first(const std::vector<std::string>& paths, unsigned threads = 1);

}  // namespace canary::cli
