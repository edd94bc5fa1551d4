#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>

namespace canary::test {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "canary-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace canary::test
