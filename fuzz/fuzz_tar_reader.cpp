// libFuzzer: the sdist reader (engine/tar_reader.cpp: libarchive with gzip,
// bzip2, xz filters) on arbitrary bytes.
#include "engine/readers_internal.hpp"
#include "fuzz_input.hpp"
#include "fuzz_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  const canary::ReadLimits limits = canary::fuzz::fuzz_limits();
  auto reader = canary::detail::make_tar_reader(file.path(), limits);
  canary::fuzz::drain(*reader);
  return 0;
}
