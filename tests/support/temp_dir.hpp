// A fresh directory under the system temp dir, removed with everything in it
// at destruction. The one TempDir of the test suite.
#pragma once
#include <filesystem>
#include <string>

namespace canary::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace canary::test
