// The replica index (support/test_index) served on 127.0.0.1 with a private
// cache, and `canary COMMAND --index-url URL --cache-dir DIR -q ARGS...`
// run against it: the fixture of the check, diff and OSV tests.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "cli/cli_test_util.hpp"
#include "support/index_server.hpp"
#include "support/test_index.hpp"

namespace canary::test {

struct LocalIndex {
  IndexServer server;
  TempDir cache;
  LocalIndex() { publish_replica_index(server); }
  std::string url() const { return server.url() + "/simple/"; }
  ProcessResult run(const std::string& command, const std::vector<std::string>& args, RunOptions options = {}) {
    std::vector<std::string> argv{command, "--index-url", url(), "--cache-dir", cache.path().string(), "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_canary(argv, std::move(options));
  }
  ProcessResult check(const std::vector<std::string>& args, RunOptions options = {}) {
    return run("check", args, std::move(options));
  }
  ProcessResult diff(const std::vector<std::string>& args) { return run("diff", args); }
};

}  // namespace canary::test
