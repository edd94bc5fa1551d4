// When `scan --jobs` hands freed heap pages back to the kernel (malloc_trim)
// between artifacts: see scan_jobs.cpp for why, and this policy for when.
#pragma once
#include <atomic>
#include <cstddef>

namespace canary::cli {

// The process's resident bytes, read from `statm` (/proc/self/statm). Where
// that cannot be read (no /proc), the bytes glibc's heaps took from the
// system, an upper bound on what they hold resident, so that trimming still
// happens; 0 only if neither is known.
size_t resident_bytes(const char* statm = "/proc/self/statm");

// Trim when the process holds more than `above` bytes and has grown by
// `step` since the size it had just after the last trim (any thread's).
class TrimPolicy {
 public:
  TrimPolicy(size_t above, size_t step) : above_(above), step_(step) {}
  bool should_trim(size_t resident) {
    size_t base = after_trim_.load();
    if (resident < base) after_trim_.store(base = resident);  // shrank since: count growth from here
    return resident >= above_ && resident >= base + step_;
  }
  void trimmed(size_t resident_after) { after_trim_.store(resident_after); }

 private:
  size_t above_, step_;
  std::atomic<size_t> after_trim_{0};
};

}  // namespace canary::cli
