// When `scan --jobs` hands freed heap pages back to the kernel (malloc_trim)
// between artifacts: see scan_jobs.cpp for why, and this policy for when.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace canary::cli {

// The process's resident bytes, read from `statm` (/proc/self/statm); 0 if
// it cannot be read (no /proc).
size_t resident_bytes(const char* statm = "/proc/self/statm");

// Trim when the process holds more than `above` bytes and has grown by
// `step` since the size it had just after the last trim (any thread's).
// Without a resident size, trim after every `volume` bytes scanned instead:
// glibc's own counters cannot stand in for it (they keep counting pages a
// trim handed back), and never trimming would let --jobs grow unbounded.
class TrimPolicy {
 public:
  TrimPolicy(size_t above, size_t step, uint64_t volume) : above_(above), step_(step), volume_(volume) {}
  bool should_trim(size_t resident) {
    size_t base = after_trim_.load();
    if (resident < base) after_trim_.store(base = resident);  // shrank since: count growth from here
    return resident >= above_ && resident >= base + step_;
  }
  bool should_trim_after_scanning(uint64_t bytes) { return (scanned_ += bytes) >= volume_; }
  void trimmed(size_t resident_after) {
    after_trim_.store(resident_after);
    scanned_.store(0);
  }

 private:
  size_t above_, step_;
  uint64_t volume_;
  std::atomic<size_t> after_trim_{0};
  std::atomic<uint64_t> scanned_{0};
};

}  // namespace canary::cli
