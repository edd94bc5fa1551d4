// How `canary install` talks to pip: which pip (`--python PATH -m pip` or
// `--pip PATH`), which of the user's pip options may pass through (only those
// about where and how to install, never one that names something else to
// install or somewhere else to get it from), the requirements file that pins
// each scanned file by path and sha256, and running pip.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace canary::cli {

// The scanned file pip is to install.
struct PipRequirement {
  std::string name;            // the project, as the index names it
  std::filesystem::path path;  // the private copy that was scanned
  std::string sha256;
};

// "" when every option in `args` may be passed to `pip install`, else why not.
std::string check_pip_passthrough(const std::vector<std::string>& args);

// `NAME @ file:///PATH --hash=sha256:HEX`, one line per file.
std::string requirements_text(const std::vector<PipRequirement>& files);

// `pip` is {"python3", "-m", "pip"} or {"/path/to/pip"}. pip installs nothing
// it would have to fetch (--no-index), no dependency (--no-deps), and only
// files whose hash is pinned (--require-hashes).
std::vector<std::string> pip_install_argv(const std::vector<std::string>& pip,
                                          const std::filesystem::path& requirements,
                                          const std::vector<std::string>& passthrough);

// The tags the interpreter behind `pip` accepts, best first (`pip debug
// --verbose`; --platform, --python-version, --implementation and --abi of
// `passthrough` are given to it too). False with `error` when pip cannot say.
bool pip_supported_tags(const std::vector<std::string>& pip, const std::vector<std::string>& passthrough,
                        std::vector<std::string>& tags, std::string& error);

// Runs argv (searched in PATH) with our stdin; its stdout and stderr go to
// `captured` when given, else both to our stderr (canary's stdout is
// canary's report). Returns the exit status (128+N for signal N), or -1 with
// `error` when it could not be started.
int run_program(const std::vector<std::string>& argv, std::string* captured, std::string& error);

// A command line a shell would run as it is shown.
std::string shell_command(const std::vector<std::string>& argv);

}  // namespace canary::cli
