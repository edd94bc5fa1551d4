# Every third-party dependency in one place. Versions are Debian bookworm's;
# see docs/building.md for why each is found the way it is.
include(FetchContent)
find_package(PkgConfig REQUIRED)

find_package(pegtl CONFIG REQUIRED)            # taocpp::pegtl
find_package(CLI11 CONFIG REQUIRED)            # CLI11::CLI11
find_package(tomlplusplus CONFIG REQUIRED)     # tomlplusplus::tomlplusplus
find_package(nlohmann_json CONFIG REQUIRED)    # nlohmann_json::nlohmann_json
find_package(LibArchive REQUIRED)              # LibArchive::LibArchive
find_package(ZLIB REQUIRED)                    # ZLIB::ZLIB (zip reader inflates deflate entries itself)
find_package(BZip2 REQUIRED)                   # BZip2::BZip2 (decoded layers: bz2 blobs)
find_package(LibLZMA REQUIRED)                 # LibLZMA::LibLZMA (decoded layers: xz and lzma blobs)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # OpenSSL::Crypto (engine/sha256.cpp: SHA-256 with the CPU's SHA extensions)
find_package(CURL REQUIRED)                    # CURL::libcurl (registry/: the package index client)
find_package(Threads REQUIRED)                 # Threads::Threads (the tests' local index server)
if(CANARY_BUILD_TESTS)
  find_package(Catch2 2 CONFIG REQUIRED)       # Catch2::Catch2 (v2 API)
endif()

# libzip's CMake config insists on zipcmp/ziptool binaries; pkg-config does not.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs)
# tree-sitter's .pc reports 0.6.3 for runtime 0.20.7: do not version-check it.
pkg_check_modules(TREESITTER REQUIRED IMPORTED_TARGET tree-sitter)

# tree-sitter-python is not packaged for bookworm. 0.23.6 is grammar ABI 14,
# the newest the 0.20 runtime loads (0.25 is ABI 15 and is refused).
# The hash is npm's dist.integrity for that version, decoded to hex.
FetchContent_Declare(tree_sitter_python
  URL https://registry.npmjs.org/tree-sitter-python/-/tree-sitter-python-0.23.6.tgz
  URL_HASH SHA512=c8833dcf4a31288c53edb02d3ce860a1597a8135e59a5221b9eee58854f8a013c5fe585aec76b8750052f3602fea130c459a159c5248f0cea62fe4b05a82c3dc
  DOWNLOAD_EXTRACT_TIMESTAMP TRUE)
FetchContent_GetProperties(tree_sitter_python)
if(NOT tree_sitter_python_POPULATED)
  FetchContent_Populate(tree_sitter_python)
endif()
add_library(tree_sitter_python STATIC
  ${tree_sitter_python_SOURCE_DIR}/src/parser.c
  ${tree_sitter_python_SOURCE_DIR}/src/scanner.c)
target_include_directories(tree_sitter_python PRIVATE ${tree_sitter_python_SOURCE_DIR}/src)
set_target_properties(tree_sitter_python PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 11)
target_compile_options(tree_sitter_python PRIVATE -w -O2)
