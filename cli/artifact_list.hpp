// Reading the list of artifacts given with --from-list.
#pragma once
#include <istream>
#include <string>
#include <vector>

namespace canary::cli {

// One path per line. Blank lines and lines whose first non-blank character
// is '#' are skipped; a trailing '\r' (CRLF files) is stripped. Other
// whitespace is kept: file names may begin or end with spaces.
void read_artifact_list(std::istream& in, std::vector<std::string>& out);

}  // namespace canary::cli
