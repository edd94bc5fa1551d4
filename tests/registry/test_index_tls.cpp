// TLS failures of the index client, end to end through `canary check` (and
// `canary diff NAME V1 V2`): an https:// index on 127.0.0.1 that does not
// speak TLS, and one whose certificate is self-signed (made at test time
// with the openssl command). Either fails with the TLS message of
// docs/registry.md, exit 3, is not retried, and nothing is downloaded or
// scanned.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "cli/cli_test_util.hpp"

using namespace canary::test;
namespace fs = std::filesystem;

namespace {

// The environment of a child that must reach 127.0.0.1 directly and trust
// only the system's CA bundle.
RunOptions direct_env() {
  RunOptions o;
  for (const char* v : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy",
                        "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PIP_CERT", "CURL_CA_BUNDLE", "PIP_INDEX_URL"})
    o.env.push_back({v, std::nullopt});
  o.env.push_back({"no_proxy", "127.0.0.1"});
  o.env.push_back({"NO_PROXY", "127.0.0.1"});
  return o;
}

int listen_loopback(int& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 8) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  port = ntohs(addr.sin_port);
  return fd;
}

// Answers every connection on 127.0.0.1 at once with a plain HTTP response,
// so a client that expects a TLS ServerHello fails its handshake. Serves at
// most 16 connections, polling so that it stops promptly.
class NotTlsServer {
 public:
  NotTlsServer() {
    fd_ = listen_loopback(port_);
    thread_ = std::thread([this] {
      for (int served = 0; served < 16 && !stop_;) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        ++served;
        ++connections_;
        timeval tv{2, 0};
        ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char buf[1024];
        (void)::recv(c, buf, sizeof buf, 0);  // the ClientHello
        const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::send(c, reply, sizeof reply - 1, MSG_NOSIGNAL);
        ::close(c);
      }
    });
  }
  ~NotTlsServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/simple/"; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Files below `dir`, recursively (the cache: nothing may have been downloaded).
size_t files_below(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) ++n;
  return n;
}

fs::path openssl_path() {
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"})
    if (fs::exists(fs::path(dir) / "openssl")) return fs::path(dir) / "openssl";
  return {};
}

// `openssl s_server` on 127.0.0.1 with a self-signed certificate made now;
// it exits by itself after a few connections (-naccept) and is killed when
// the test ends.
class SelfSignedServer {
 public:
  explicit SelfSignedServer(const fs::path& dir) {
    cert_ = dir / "cert.pem";
    const fs::path key = dir / "key.pem";
    ProcessResult made = run_process({openssl_path().string(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                      key.string(), "-out", cert_.string(), "-days", "1", "-subj", "/CN=127.0.0.1",
                                      "-addext", "subjectAltName=IP:127.0.0.1"});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    // A free port: bind one, note it, let it go for s_server.
    int fd = listen_loopback(port_);
    ::close(fd);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const std::string accept = "127.0.0.1:" + std::to_string(port_), bin = openssl_path().string(),
                        c = cert_.string(), k = key.string();
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execl(bin.c_str(), bin.c_str(), "s_server", "-accept", accept.c_str(), "-cert", c.c_str(), "-key", k.c_str(),
              "-www", "-naccept", "6", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready when a connection is accepted (that uses one of the six).
    for (int i = 0; i < 100 && !ready_; ++i) {
      int s = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<uint16_t>(port_));
      ready_ = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(s);
      if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(ready_);
  }
  ~SelfSignedServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/simple/"; }
  const fs::path& cert() const { return cert_; }

 private:
  fs::path cert_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
};

}  // namespace

TEST_CASE("check against an https index that does not speak TLS: TLS error, exit 3, nothing scanned", "[check][tls]") {
  NotTlsServer server;
  TempDir cache;
  ProcessResult r = run_canary({"check", "--index-url", server.url(), "--cache-dir", cache.path().string(), "-q",
                                "litellm", "1.82.8"},
                               direct_env());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());  // no report: nothing was scanned
  const std::string prefix = "canary check: error: cannot fetch " + server.url() + "litellm/: TLS error (";
  CHECK(r.err.rfind(prefix, 0) == 0);
  CHECK(r.err.find("); if a proxy on your network re-signs TLS, point SSL_CERT_FILE at its CA certificate\n") !=
        std::string::npos);
  CHECK(r.err.find("attempts") == std::string::npos);  // a TLS failure is not retried
  CHECK(server.connections() == 1);
  CHECK(files_below(cache / "index/files") == 0);

  // diff NAME V1 V2 goes through the same client.
  ProcessResult d = run_canary({"diff", "--index-url", server.url(), "--cache-dir", cache.path().string(), "-q",
                                "litellm", "1.82.7", "1.82.8"},
                               direct_env());
  CHECK(d.exit_code == 3);
  CHECK(d.out.empty());
  CHECK(d.err.rfind("canary diff: error: cannot fetch " + server.url() + "litellm/: TLS error (", 0) == 0);
}

TEST_CASE("check against an https index with a self-signed certificate fails on TLS until SSL_CERT_FILE trusts it",
          "[check][tls]") {
  if (openssl_path().empty()) {
    WARN("no openssl command: the self-signed certificate case is not run (the not-TLS case covers the handshake)");
    return;
  }
  TempDir dir, cache;
  SelfSignedServer server(dir.path());
  ProcessResult r = run_canary({"check", "--index-url", server.url(), "--cache-dir", cache.path().string(), "-q",
                                "--retries", "0", "litellm"},
                               direct_env());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("canary check: error: cannot fetch " + server.url() + "litellm/: TLS error (", 0) == 0);
  CHECK(r.err.find("certificate") != std::string::npos);  // curl says what is wrong with it
  CHECK(r.err.find("point SSL_CERT_FILE at its CA certificate") != std::string::npos);
  CHECK(files_below(cache / "index/files") == 0);

  // Trusting that certificate, as the message says, gets past TLS: s_server
  // is no package index, so the check now fails on what it answered instead.
  RunOptions trusted = direct_env();
  trusted.env.push_back({"SSL_CERT_FILE", server.cert().string()});
  ProcessResult t = run_canary({"check", "--index-url", server.url(), "--cache-dir", cache.path().string(), "-q",
                                "--retries", "0", "litellm"},
                               trusted);
  INFO(t.err);
  CHECK(t.exit_code == 2);
  CHECK(t.err.find("TLS error") == std::string::npos);
  CHECK(t.err.find("project litellm on " + server.url() + " has no releases") != std::string::npos);
}
