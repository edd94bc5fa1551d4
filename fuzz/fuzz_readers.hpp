// Reads every entry of an artifact the way the scanner does, touching each
// byte of content so that a reader handing out a bad view is caught.
#pragma once
#include <string>
#include <vector>

#include "engine/artifact.hpp"

namespace canary::fuzz {

inline void drain(ArtifactReader& reader) {
  ArtifactPreview preview;
  std::vector<std::string> errors;
  reader.preview([](std::string_view p) { return p.find("RECORD") != std::string_view::npos; }, preview, errors);
  volatile unsigned sum = 0;
  reader.read(
      [&](const Entry& e, std::string_view content) {
        for (unsigned char c : content) sum = sum + c;
        for (unsigned char c : e.path) sum = sum + c;
      },
      errors);
}

// Small limits: the fuzzer should explore structure, not inflate gigabytes.
inline ReadLimits fuzz_limits() {
  ReadLimits l;
  l.max_entry_bytes = 1 << 20;
  l.max_total_bytes = 8 << 20;
  l.max_entries = 1000;
  l.max_seconds = 0;
  return l;
}

}  // namespace canary::fuzz
