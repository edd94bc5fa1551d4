// Running a program (the built canary) the way a user or CI job would, and
// capturing what it printed and how it exited.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace canary::test {

struct ProcessResult {
  int exit_code = -1;  // the exit status; 128 + N when killed by signal N
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

struct RunOptions {
  std::string stdin_data;  // fed to the child's stdin, which is then closed
  // Environment changes on top of ours: a value sets the variable, nullopt
  // removes it.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  // Give the child a pseudo-terminal as stdout, as when a person runs it
  // (isatty(1) is true). The terminal turns "\n" into "\r\n" in `out`.
  bool stdout_is_tty = false;
  // The child's working directory; empty: ours. Config file discovery
  // starts there.
  std::string cwd;
};

// argv[0] is the program path (not searched in PATH). Throws std::runtime_error
// if the program cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const RunOptions& options = {});

// Splits on '\n'; a trailing newline does not make an empty last line.
std::vector<std::string> split_lines(const std::string& text);

}  // namespace canary::test
