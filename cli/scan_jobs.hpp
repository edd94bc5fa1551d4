// `canary scan --jobs N`: artifacts scanned by N threads at once, reports
// handed back in the order the artifacts were given, so the output is the
// same whatever N is. The unit of work is one artifact (a wheel, an sdist, a
// directory, or one loose module); one artifact is scanned by one thread.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "engine/profile.hpp"
#include "scan_setup.hpp"

namespace canary::cli {

constexpr unsigned kMaxScanJobs = 64;

// Whether `path` is a loose module rather than an artifact: a regular file
// named *.py, *.pth or *.so (as a site-packages directory holds them at its
// top level). Such a file is scanned as a directory holding only that file.
bool is_loose_module(const std::string& path);

// Scans every path with `jobs` threads and calls `emit(report)` once per
// path, in input order, from the calling thread. With `profile`, every
// thread's stage times and counts are added to it.
void scan_artifacts(const ScanSetup& setup, const std::vector<std::string>& paths, unsigned jobs,
                    ScanProfile* profile, const std::function<void(ArtifactReport&)>& emit);

}  // namespace canary::cli
