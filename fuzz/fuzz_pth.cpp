// libFuzzer: the .pth classifier (engine/pth.cpp).
#include <string_view>

#include "engine/pth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::PthAnalysis a = canary::analyze_pth(std::string_view(reinterpret_cast<const char*>(data), size));
  volatile size_t n = a.python_view.size();
  (void)n;
  return 0;
}
