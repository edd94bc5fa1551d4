// canary-floor: the physical floor of `canary scan` for the benchmark
// (docs/performance.md). Opens the same artifacts with the same readers and
// limits as a scan, reads and decompresses every entry, and does nothing with
// the bytes: no rules, no classification, no Hyperscan, no tree-sitter.
// Loose modules (*.py, *.pth, *.so) are read whole, as `canary scan` reads
// them. Prints one JSON line: artifacts, files, bytes inflated, seconds.
//
//   canary-floor [--jobs N] [--from-list FILE] PATH...
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "engine/artifact.hpp"

namespace {

namespace fs = std::filesystem;

struct Totals {
  uint64_t artifacts = 0, files = 0, bytes = 0, unreadable = 0;
  // Sums a checksum of every entry so the compiler cannot drop the reads.
  uint64_t checksum = 0;
};

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool is_loose_module(const std::string& path) {
  std::error_code ec;
  return (ends_with(path, ".py") || ends_with(path, ".pth") || ends_with(path, ".so")) && fs::is_regular_file(path, ec);
}

void touch(std::string_view content, Totals& t) {
  ++t.files;
  t.bytes += content.size();
  if (!content.empty()) t.checksum += static_cast<unsigned char>(content[content.size() / 2]);
}

void read_one(const std::string& path, const canary::ReadLimits& limits, Totals& t) {
  ++t.artifacts;
  if (is_loose_module(path)) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    std::string content(static_cast<size_t>(std::min<uint64_t>(limits.max_entry_bytes, fs::file_size(path, ec))), '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    touch(content, t);
    return;
  }
  std::string error;
  auto reader = canary::open_artifact(path, limits, error);
  if (!reader) {
    ++t.unreadable;
    return;
  }
  std::vector<std::string> errors;
  if (!reader->read([&](const canary::Entry&, std::string_view content) { touch(content, t); }, errors))
    ++t.unreadable;
}

int usage(const char* message) {
  std::cerr << "canary-floor: error: " << message << "\nusage: canary-floor [--jobs N] [--from-list FILE] PATH...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned jobs = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--jobs" || a == "-j") && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
      if (jobs == 0 || jobs > 64) return usage("--jobs must be between 1 and 64");
    } else if (a == "--from-list" && i + 1 < argc) {
      std::ifstream in(argv[++i]);
      if (!in) return usage("cannot read the --from-list file");
      for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') paths.push_back(line);
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) return usage("no paths");

  // The same work distribution as `canary scan --jobs` (cli/scan_jobs.cpp):
  // each thread takes the next path when it is free.
  const canary::ReadLimits limits;
  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  std::vector<Totals> per_thread(std::min<size_t>(jobs, paths.size()));
  auto work = [&](size_t w) {
    for (size_t i = next++; i < paths.size(); i = next++) read_one(paths[i], limits, per_thread[w]);
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < per_thread.size(); ++w) threads.emplace_back(work, w);
  work(0);
  for (std::thread& th : threads) th.join();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

  Totals sum;
  for (const Totals& t : per_thread) {
    sum.artifacts += t.artifacts;
    sum.files += t.files;
    sum.bytes += t.bytes;
    sum.unreadable += t.unreadable;
    sum.checksum += t.checksum;
  }
  std::printf("{\"artifacts\": %llu, \"files\": %llu, \"bytes\": %llu, \"unreadable\": %llu, \"seconds\": %.3f, "
              "\"checksum\": %llu}\n",
              (unsigned long long)sum.artifacts, (unsigned long long)sum.files, (unsigned long long)sum.bytes,
              (unsigned long long)sum.unreadable, took.count(), (unsigned long long)sum.checksum);
  return 0;
}
