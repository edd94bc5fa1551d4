// libFuzzer: what a package index serves (registry/index_pages.cpp), which a
// hostile or broken index controls entirely: the Simple API page as JSON and
// as HTML, a JSON API release and a PEP 740 provenance object. Each parser
// may only return or throw IndexPageError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "registry/index_pages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string url = "https://index.example.invalid/simple/pkg/";
  using namespace canary::registry;
  try {
    switch (data[0] % 4) {
      case 0: (void)parse_simple_json(body, url); break;
      case 1: (void)parse_simple_html(body, url); break;
      case 2: (void)parse_json_api_release(body, url); break;
      default: (void)parse_provenance(body, url); break;
    }
  } catch (const IndexPageError&) {
  }
  return 0;
}
