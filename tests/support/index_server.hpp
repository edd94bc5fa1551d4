// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for tests of the
// index client: a route table of recorded responses, an optional directory
// tree behind it, and per-route behaviours (delay, fail N times, reset the
// connection). One thread accepts, one thread serves each connection; every
// connection gets one response and is closed, so every loop is bounded.
// Nothing here listens anywhere but loopback.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace canary::test {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/octet-stream";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// What a route does before (or instead of) answering.
struct RouteBehaviour {
  std::chrono::milliseconds delay{0};  // wait this long before sending anything
  int fail_first = 0;                  // answer fail_status to the first N requests, then normally
  int fail_status = 500;
  bool reset = false;                  // close the connection with a TCP reset, sending nothing
};

// A request as the server saw it (for assertions on headers the client sent).
struct SeenRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
};

class IndexServer {
 public:
  // Starts listening and serving at once, on `port` (0: a free port the
  // kernel picks). Throws std::runtime_error if the socket cannot be bound.
  explicit IndexServer(uint16_t port = 0);
  ~IndexServer();  // stops and joins every thread
  IndexServer(const IndexServer&) = delete;
  IndexServer& operator=(const IndexServer&) = delete;

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" (no trailing slash).
  std::string url() const;

  // Adds a response for `path` (no query string). A path may have several
  // responses with different content types: the first whose content type
  // appears in the request's Accept header answers, else the first added
  // (the Simple API's JSON and HTML forms of one URL).
  void add(const std::string& path, HttpResponse response);
  void set_behaviour(const std::string& path, RouteBehaviour behaviour);
  // Paths not in the table are looked up as files under `root` ("/a/b" ->
  // root/a/b; a directory answers with its index.html). Empty: none.
  void serve_directory(const std::filesystem::path& root);

  // Requests received for `path` (with any query), including failed ones.
  int hits(const std::string& path) const;
  std::vector<SeenRequest> requests() const;

  void stop();

 private:
  struct Route {
    std::vector<HttpResponse> variants;
    RouteBehaviour behaviour;
    int served = 0;  // requests seen, for fail_first
  };
  void accept_loop();
  void serve_connection(int fd);
  bool respond_from_directory(const std::string& path, HttpResponse& out) const;

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::map<std::string, Route> routes_;
  std::map<std::string, int> hits_;
  std::vector<SeenRequest> seen_;
  std::filesystem::path root_;
  std::thread acceptor_;
  std::vector<std::thread> workers_;  // guarded by mutex_
};

// Sleeps in small steps, returning early (false) once `stop` is set.
bool interruptible_sleep(std::chrono::milliseconds total, const std::atomic<bool>& stop);

}  // namespace canary::test
