// libFuzzer harness: every dependency file parser on arbitrary bytes. The
// first byte picks the format; parsers may only return or throw
// DependencyFileError (no crash, no other exception, no include read).
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/dep_policy.hpp"
#include "engine/dependency_files.hpp"
#include "engine/typosquat.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using canary::DependencyFormat;
  static constexpr DependencyFormat kFormats[] = {DependencyFormat::Requirements, DependencyFormat::Pyproject,
                                                  DependencyFormat::PoetryLock,   DependencyFormat::UvLock,
                                                  DependencyFormat::PipfileLock,  DependencyFormat::Pylock};
  DependencyFormat format = kFormats[data[0] % 6];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    canary::DependencyFile f = canary::parse_dependency_text("fuzz", text, format);
    canary::PolicyOptions o;
    o.typosquats = &canary::TyposquatIndex::builtin();
    (void)canary::check_dependency_policy(f, o);
  } catch (const canary::DependencyFileError&) {
  }
  return 0;
}
