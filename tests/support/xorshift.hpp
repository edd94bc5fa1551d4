// A small deterministic random source for tests that generate inputs
// (xorshift64): the same seed gives the same inputs on every machine, so a
// failure names a reproducible case.
#pragma once
#include <cstdint>

namespace canary::test {

class Xorshift {
 public:
  explicit Xorshift(uint64_t seed) : state_(seed ? seed : 1) {}
  // A number in [0, bound); bound must not be 0.
  uint64_t below(uint64_t bound) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_ % bound;
  }

 private:
  uint64_t state_;
};

}  // namespace canary::test
