// libFuzzer: the pack manifest (canary-pack.toml, engine/pack_manifest.cpp)
// and the .canarypack bundle reader (engine/pack_bundle.cpp).
#include <string>
#include <string_view>

#include "engine/pack_bundle.hpp"
#include "engine/pack_manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  canary::dsl::SourceMap sources;
  uint32_t file = sources.add("canary-pack.toml", text);
  canary::dsl::Diagnostics diags;
  canary::PackManifest manifest;
  canary::parse_manifest(sources, file, manifest, diags);
  (void)canary::dsl::render_text(diags, sources);
  std::vector<canary::BundleEntry> entries;
  std::string error;
  canary::read_bundle(text, entries, error);
  return 0;
}
