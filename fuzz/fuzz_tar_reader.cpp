// libFuzzer: the sdist reader (engine/tar_reader.cpp: libarchive, gzip,
// bzip2 and xz undone by engine/decompress_chain.cpp) on arbitrary bytes,
// read as a tarball and, when open_artifact would, as a lone compressed file.
#include "engine/readers_internal.hpp"
#include "fuzz_input.hpp"
#include "fuzz_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  const canary::ReadLimits limits = canary::fuzz::fuzz_limits();
  auto reader = canary::detail::make_tar_reader(file.path(), limits);
  canary::fuzz::drain(*reader);
  if (canary::detail::is_lone_compressed_file(file.path())) {
    auto lone = canary::detail::make_tar_reader(file.path(), limits, "data");
    canary::fuzz::drain(*lone);
  }
  return 0;
}
