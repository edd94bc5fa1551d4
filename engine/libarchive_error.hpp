// libarchive's message for the last error on `a`. archive_error_string may
// return NULL (a failed open of some corrupt streams sets no message): found
// by fuzz_tar_reader, where "..." + NULL crashed the scan of a 1.3 KB sdist.
#pragma once
#include <archive.h>

#include <string>

namespace canary::detail {

inline std::string libarchive_error(archive* a, const char* fallback) {
  const char* why = archive_error_string(a);
  return (why && *why) ? std::string(why) : std::string(fallback);
}

}  // namespace canary::detail
