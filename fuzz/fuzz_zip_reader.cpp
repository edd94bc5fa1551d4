// libFuzzer: the zip/wheel reader (engine/zip_reader.cpp) on arbitrary bytes.
#include "engine/readers_internal.hpp"
#include "fuzz_input.hpp"
#include "fuzz_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  const canary::ReadLimits limits = canary::fuzz::fuzz_limits();
  auto reader = canary::detail::make_zip_reader(file.path(), limits, canary::ArtifactKind::Wheel);
  canary::fuzz::drain(*reader);
  return 0;
}
