// The byte-by-byte reference for engine/regex_runs.cpp's has_run and the
// runs run_gate promises: header-only, so that the fuzz harness
// (fuzz/fuzz_regex_runs.cpp), which does not link the test support library,
// and the tests (tests/engine/test_regex_runs.cpp) check against one copy.
#pragma once
#include <cstddef>
#include <string_view>

#include "engine/regex_runs.hpp"

namespace canary::test {

// Whether text[from, to) holds `len` bytes of `set` in a row.
inline bool run_within(std::string_view text, size_t from, size_t to, const ByteSet& set, size_t len) {
  size_t run = 0;
  if (len == 0) return true;
  for (size_t i = from; i < to; ++i) {
    run = set.has(static_cast<unsigned char>(text[i])) ? run + 1 : 0;
    if (run >= len) return true;
  }
  return false;
}

}  // namespace canary::test
