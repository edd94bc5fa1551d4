# CANARY_SANITIZE=ON: every target (ours, the grammar, the tests) is built
# with AddressSanitizer and UndefinedBehaviorSanitizer, and the first report
# aborts the process (-fno-sanitize-recover=all), so a ctest run fails on any
# finding. `.ci/sanitize.sh` builds this into build-asan and runs the suite.
option(CANARY_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
if(CANARY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # GCC 12 reports libstdc++'s own std::regex/std::function internals as
  # maybe-uninitialized once ASan instruments them (a known false positive of
  # that warning under sanitizers); every other warning stays an error.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  # Tests that measure memory (tests/hostile) know their numbers mean nothing here.
  add_compile_definitions(CANARY_SANITIZED=1)
endif()

# CANARY_FUZZ=ON (clang only): libFuzzer harnesses in fuzz/. Everything is
# instrumented for coverage and sanitized; the harnesses link the fuzzer's main.
option(CANARY_FUZZ "Build the libFuzzer harnesses in fuzz/ (clang)" OFF)
if(CANARY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CANARY_FUZZ needs clang: CC=clang-14 CXX=clang++-14 (see fuzz/run.sh)")
  endif()
  # -Wshadow=local (canary_warnings) is GCC's spelling; clang only warns about it.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
                      -Wno-unknown-warning-option)
  add_link_options(-fsanitize=address,undefined)
endif()
