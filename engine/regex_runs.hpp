// Runs a regex cannot match without: a gate that lets the scanner skip a
// costly Hyperscan expression on files where it cannot match.
//
// Hyperscan is fast where an expression holds a literal (it looks for the
// literal first) and slow where it does not: `\S[ \t]{120,}(;|\w+\s*\()`
// or `["'][A-Za-z0-9+/]{2000}` make it follow classes through every byte.
// Yet each of those needs something most files lack: 120 blanks in a row,
// a line of 2000 bytes. `run_gate` finds such a need in the regex's text;
// `has_run` tests a file for it far faster than Hyperscan runs the regex.
// The checker leaves those expressions out of the pack's database and puts
// them in a deferred one, scanned only over files that pass the gate
// (docs/architecture.md, "Deferred expressions").
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace canary {

// A set of byte values.
struct ByteSet {
  std::array<uint64_t, 4> bits{};
  bool has(unsigned char b) const { return (bits[b >> 6] >> (b & 63)) & 1; }
  void add(unsigned char b) { bits[b >> 6] |= uint64_t{1} << (b & 63); }
  void add_range(unsigned char lo, unsigned char hi) {
    for (unsigned v = lo; v <= hi; ++v) add(static_cast<unsigned char>(v));
  }
  void add(const ByteSet& o) {
    for (size_t i = 0; i < 4; ++i) bits[i] |= o.bits[i];
  }
  ByteSet complement() const {
    ByteSet c;
    for (size_t i = 0; i < 4; ++i) c.bits[i] = ~bits[i];
    return c;
  }
  bool subset_of(const ByteSet& o) const {
    for (size_t i = 0; i < 4; ++i)
      if (bits[i] & ~o.bits[i]) return false;
    return true;
  }
  unsigned count() const;
  bool any_ascii() const { return bits[0] != 0 || bits[1] != 0; }
  bool operator==(const ByteSet& o) const { return bits == o.bits; }
  bool operator<(const ByteSet& o) const { return bits < o.bits; }
};

// Every match of the regex holds `length` consecutive bytes of `bytes`.
struct RunGate {
  ByteSet bytes;
  uint32_t length = 0;
  bool operator==(const RunGate& o) const { return length == o.length && bytes == o.bytes; }
  bool operator<(const RunGate& o) const { return length != o.length ? length < o.length : bytes < o.bytes; }
};

// The most selective run that every match of `regex` (Hyperscan syntax,
// compiled with `hs_flags`) holds, if it is one ordinary files rarely have:
// any byte of a set of non-ASCII bytes (most source is ASCII), or at least
// kMinGateRun bytes of a set without the newline. nullopt otherwise, and
// for anything this reader does not follow (inline flags, lookarounds,
// backreferences, UTF-8 mode...): it gives up rather than guess, since a
// wrong gate would hide matches.
constexpr uint32_t kMinGateRun = 100;
std::optional<RunGate> run_gate(std::string_view regex, unsigned hs_flags);

// The longest run of `bytes` that every match of `regex` holds (0 if none,
// or if the regex is not followed). For tests and tooling.
uint32_t required_run(std::string_view regex, unsigned hs_flags, const ByteSet& bytes);

// Whether `text` holds gate.length consecutive bytes of gate.bytes. Looks
// at a fraction of the bytes when the run is long (it steps a run's length
// ahead past any byte outside the set) and only at non-ASCII bytes for a
// set without ASCII.
bool has_run(std::string_view text, const RunGate& gate);

// The same, given first_non_ascii(text): several gates of non-ASCII sets
// then share one search for the file's first such byte (most files have none).
bool has_run(std::string_view text, const RunGate& gate, size_t first_non_ascii);

// The offset of the first byte >= 0x80 in `text`, or text.size().
size_t first_non_ascii(std::string_view text);

// "120 bytes of [\t ] in a row", for `rules explain` and the benchmarks.
std::string describe(const RunGate& gate);

}  // namespace canary
