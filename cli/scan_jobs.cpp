#include "scan_jobs.hpp"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "arena_trim.hpp"
#include "unit_schedule.hpp"

namespace canary::cli {

namespace {

// Resident bytes above which freed pages are handed back after an artifact,
// and how much the process must have grown since the last trim; without
// /proc, every 256 MB scanned.
TrimPolicy trim_policy(size_t{96} << 20, size_t{16} << 20, uint64_t{256} << 20);

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ArtifactReport scan_one(const ScanSetup& setup, const std::string& path, ScanProfile* profile) {
  ArtifactReport r = is_loose_module(path) ? scan_single_file(setup, path, profile) : scan_path(setup, path, profile);
  // A scan frees its trees, buffers and decoded layers when it ends, but glibc
  // keeps the freed pages in the thread's arena; with --jobs each thread has
  // its own, so the peak grew with the sum of every thread's largest unit.
  // Handing them back after a large artifact keeps the peak near what the
  // artifacts in flight really hold. Not after every artifact: trimming is
  // one madvise per free chunk, and the next artifact faults the pages back
  // in; after each of dist-packages' 1,058 units that was 143,000 calls and
  // about a tenth of the scan's time, for arenas holding little.
  //
  // When to trim is told by the resident size, not by the arenas' free bytes:
  // those count chunks already handed back (they stay on the free lists), so
  // once a large unit had passed every later one trimmed again, madvising
  // every free chunk each time: 470,000 calls over dist-packages with two
  // jobs, and the kernel's share of the scan grew with the threads. Now a
  // trim runs when the process holds more than 96 MB and has
  // grown by 16 MB since the last trim (trim_policy).
  const size_t resident = resident_bytes();
  if (resident ? trim_policy.should_trim(resident) : trim_policy.should_trim_after_scanning(r.bytes_scanned)) {
    malloc_trim(0);
    trim_policy.trimmed(resident_bytes());
  }
  return r;
}

}  // namespace

bool is_loose_module(const std::string& path) {
  if (!ends_with(path, ".py") && !ends_with(path, ".pth") && !ends_with(path, ".so")) return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

void scan_artifacts(const ScanSetup& setup, const std::vector<std::string>& paths, unsigned jobs,
                    ScanProfile* profile, const std::function<void(ArtifactReport&)>& emit) {
  jobs = std::clamp<unsigned>(jobs, 1, kMaxScanJobs);
  if (jobs == 1 || paths.size() < 2) {
    for (const std::string& path : paths) {
      ArtifactReport r = scan_one(setup, path, profile);
      emit(r);
    }
    return;
  }

  // Workers take the next path as they free up, largest artifacts first
  // (unit_schedule.hpp), so that a large artifact does not start last and
  // leave one thread working alone at the end. A finished report waits in its
  // slot until every report before it in the input was emitted. ScanProfile
  // is not shared between threads: each worker fills its own and they are
  // summed at the end.
  std::vector<std::optional<ArtifactReport>> done(paths.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  const std::vector<size_t> order = largest_first(paths, jobs);
  const unsigned workers = static_cast<unsigned>(std::min<size_t>(jobs, paths.size()));
  std::vector<ScanProfile> profiles(workers);
  auto work = [&](unsigned w) {
    for (size_t n = next++; n < paths.size(); n = next++) {
      const size_t i = order[n];
      ArtifactReport r = scan_one(setup, paths[i], profile ? &profiles[w] : nullptr);
      std::lock_guard<std::mutex> lock(mutex);
      done[i] = std::move(r);
      ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < workers; ++w) threads.emplace_back(work, w);
  for (size_t i = 0; i < paths.size(); ++i) {
    std::optional<ArtifactReport> r;
    {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait(lock, [&] { return done[i].has_value(); });
      r = std::move(done[i]);
      done[i].reset();
    }
    emit(*r);  // outside the lock: printing must not stall the workers
  }
  for (std::thread& t : threads) t.join();
  if (profile)
    for (const ScanProfile& p : profiles) profile->add(p);
}

}  // namespace canary::cli
