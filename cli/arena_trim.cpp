#include "arena_trim.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>

namespace canary::cli {

size_t resident_bytes(const char* statm) {
  if (std::FILE* f = std::fopen(statm, "r")) {
    unsigned long size = 0, resident = 0;
    const int got = std::fscanf(f, "%lu %lu", &size, &resident);
    std::fclose(f);
    if (got == 2) return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
  }
  // Every arena's sbrk/mmap'd heap plus the chunks mmap'd on their own.
  const struct mallinfo2 m = mallinfo2();
  return m.arena + m.hblkhd;
}

}  // namespace canary::cli
