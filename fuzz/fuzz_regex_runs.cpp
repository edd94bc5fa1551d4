// libFuzzer: run gates (engine/regex_runs.cpp) against Hyperscan itself.
// Input: one flag byte, a regex up to the first newline, then a text. If the
// regex compiles and the reader promises a run (for its gate, or for one of a
// few fixed byte sets), every match Hyperscan reports in the text must hold
// that run: a broken promise would hide matches of a deferred expression, so
// it stops the fuzzer (__builtin_trap). has_run is checked against a
// byte-by-byte look at the same time.
#include <hs.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/regex_runs.hpp"
#include "tests/support/byte_run_reference.hpp"

using canary::ByteSet;
using canary::RunGate;

namespace {

ByteSet set_of(std::string_view bytes) {
  ByteSet s;
  for (char c : bytes) s.add(static_cast<unsigned char>(c));
  return s;
}

struct Check {
  std::string_view text;
  ByteSet set;
  uint32_t len;
};

int on_match(unsigned, unsigned long long from, unsigned long long to, unsigned, void* p) {
  const auto* c = static_cast<const Check*>(p);
  if (!canary::test::run_within(c->text, from, to, c->set, c->len)) __builtin_trap();
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const unsigned flags = (data[0] & 1 ? HS_FLAG_CASELESS : 0) | (data[0] & 2 ? HS_FLAG_DOTALL : 0) |
                         (data[0] & 4 ? HS_FLAG_MULTILINE : 0);
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t nl = rest.find('\n');
  if (nl == std::string_view::npos || nl > 512) return 0;
  const std::string regex(rest.substr(0, nl));
  const std::string_view text = rest.substr(nl + 1);

  std::vector<RunGate> promises;
  if (std::optional<RunGate> g = canary::run_gate(regex, flags)) promises.push_back(*g);
  ByteSet line = set_of("\n").complement();
  for (const ByteSet& s : {line, set_of(" \t"), set_of("ab")})
    if (uint32_t len = canary::required_run(regex, flags, s)) promises.push_back({s, len});
  for (const RunGate& g : promises)
    if (canary::has_run(text, g) != canary::test::run_within(text, 0, text.size(), g.bytes, g.length)) __builtin_trap();
  if (promises.empty()) return 0;

  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(regex.c_str(), flags | HS_FLAG_SOM_LEFTMOST | HS_FLAG_ALLOWEMPTY, HS_MODE_BLOCK, nullptr, &db,
                 &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return 0;
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) == HS_SUCCESS) {
    for (const RunGate& g : promises) {
      Check c{text, g.bytes, g.length};
      hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &c);
    }
    hs_free_scratch(scratch);
  }
  hs_free_database(db);
  return 0;
}
