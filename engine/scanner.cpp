// TEMPORARY stub so the CLI links while the compiler/scanner is written.
#include "scanner.hpp"

namespace canary {
class CompiledPack {};

LoadedPack load_pack(const PackSource&, bool) {
  LoadedPack lp;
  lp.pack = std::make_shared<CompiledPack>();
  return lp;
}

ArtifactReport scan_artifact(const CompiledPack&, const std::filesystem::path& artifact, const ScanOptions&) {
  ArtifactReport r;
  r.path = artifact.string();
  r.errors.push_back("scanner not implemented yet");
  return r;
}
}  // namespace canary
