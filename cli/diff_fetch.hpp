// `canary diff NAME V1 V2`: the two files to compare, fetched from a package
// index with the client, settings and cache of `canary check` and verified
// against the sha256 the index publishes. A wheel is paired with a wheel
// (of the same tags when there are several), an sdist with an sdist.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "index_options.hpp"
#include "registry/index_types.hpp"

namespace canary::cli {

struct IndexPair {
  std::string index_url;
  std::string project;                      // normalised
  std::string old_version, new_version;     // as the index spells them
  registry::DistFile old_file, new_file;
  std::filesystem::path old_path, new_path; // the verified bytes, in the cache
};

// The files to compare among one release's files and the other's: wheels
// if both have one (the first pair with the same tags, else the first of
// each), else sdists; only that kind with `only` ("wheel" or "sdist").
// nullopt when the two have no kind in common.
std::optional<std::pair<const registry::DistFile*, const registry::DistFile*>> pair_release_files(
    const std::vector<const registry::DistFile*>& old_files, const std::vector<const registry::DistFile*>& new_files,
    const std::string& only);

// Resolves both versions of `name` and downloads the pair. Returns 0 with
// `out` filled, or the exit status having printed "COMMAND: error: ..."
// (2: no such project, version or file kind; 3: the index could not be
// read, --offline lacked something, or a file is not what the index published).
int fetch_index_pair(const char* command, const IndexArgs& args, const std::string& name, const std::string& v1,
                     const std::string& v2, bool quiet, IndexPair& out);

}  // namespace canary::cli
