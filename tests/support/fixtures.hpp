// Paths the tests use: the source tree, the built canary binary, built corpus.
#pragma once
#include <filesystem>
#include <string>

namespace canary::test {

inline std::filesystem::path source_dir() { return CANARY_SOURCE_DIR; }
inline std::filesystem::path build_dir() { return CANARY_BUILD_DIR; }
inline std::filesystem::path canary_binary() { return CANARY_BINARY; }
// A built replica artifact: <build>/corpus/<name> (see corpus/CMakeLists.txt).
inline std::filesystem::path corpus_artifact(const std::string& name) { return build_dir() / "corpus" / name; }

}  // namespace canary::test
