// canary-test-index: the tests' local package index, run by hand so people
// can try `canary check` and friends against it (docs/registry.md).
//
//   build/canary-test-index [--port N] [--dir DIR]
//
// Prints the index URL on the first line of stdout, then serves on
// 127.0.0.1 until SIGINT or SIGTERM. With --dir it serves DIR's files
// instead of the replica index.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "support/index_server.hpp"
#include "support/test_index.hpp"

namespace {
volatile std::sig_atomic_t interrupted = 0;
void on_signal(int) { interrupted = 1; }
}  // namespace

int main(int argc, char** argv) {
  uint16_t port = 0;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--port" && i + 1 < argc) port = static_cast<uint16_t>(std::atoi(argv[++i]));
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else {
      std::cerr << "usage: canary-test-index [--port N] [--dir DIR]\n";
      return 2;
    }
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    canary::test::IndexServer server(port);
    if (dir.empty()) canary::test::publish_replica_index(server);
    else server.serve_directory(dir);
    std::cout << server.url() << "/simple/" << std::endl;
    std::cerr << "canary-test-index: serving " << (dir.empty() ? "the replica index" : dir) << " on " << server.url()
              << " (Ctrl-C stops)\n";
    while (!interrupted) ::usleep(100 * 1000);
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "canary-test-index: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
