// What `canary eval` scans: the --malicious, --benign and --benign-units
// arguments turned into a list of units, each scanned and judged as one
// package (docs/cli.md, "canary eval").
#pragma once
#include <string>
#include <vector>

namespace canary::cli {

struct EvalUnit {
  std::string path;
  // A top-level module or .pth file of --benign-units: scanned as a tree
  // holding that one file, since it is not an artifact the readers open.
  bool single_file = false;
};

// An argument that yielded nothing to scan: a missing path, an unreadable
// list, a directory without artifacts. Reported, and the exit status is 3.
struct InputError {
  std::string path;
  std::string message;
};

// --malicious ARG: a file is one artifact; a directory is searched
// recursively for files whose names end in an artifact extension (.whl, .zip,
// .egg, .tar.gz, .tgz, .tar.bz2, .tbz2, .tar.xz, .txz, .tar), sorted by path;
// "@FILE" reads such arguments from FILE, one per line.
void expand_malicious(const std::string& arg, std::vector<EvalUnit>& out, std::vector<InputError>& errors);

// --benign ARG: a file or a directory is one unit (an artifact, or an
// unpacked package tree); "@FILE" reads such arguments from FILE.
void expand_benign(const std::string& arg, std::vector<EvalUnit>& out, std::vector<InputError>& errors);

// --benign-units DIR: each entry directly in DIR, sorted by name, is one unit
// when it is a directory (a package) or a file ending in .py or .so (a
// top-level module, in source or compiled) or .pth (a path configuration
// file). Skipped: names ending in .dist-info or .egg-info, __pycache__, names
// starting with '.', and every other file (.egg-link, READMEs ...).
void expand_benign_units(const std::string& dir, std::vector<EvalUnit>& out, std::vector<InputError>& errors);

}  // namespace canary::cli
