#include "index_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace canary::test {
namespace {

constexpr size_t kMaxRequestHead = 64 * 1024;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

void send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the client went away: nothing more to do
    sent += static_cast<size_t>(n);
  }
}

// Reads up to the end of the request head. False on timeout, close or a head
// too large.
bool read_head(int fd, std::string& head) {
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kMaxRequestHead) return false;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    head.append(buf, static_cast<size_t>(n));
  }
  return true;
}

bool parse_head(const std::string& head, SeenRequest& req) {
  std::istringstream in(head);
  std::string line;
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::istringstream first(line);
  std::string version;
  if (!(first >> req.method >> req.target >> version)) return false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    req.headers[lower(line.substr(0, colon))] = value;
  }
  return true;
}

std::string serialize(const HttpResponse& r, bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_phrase(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += "Connection: close\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  out += "\r\n";
  if (!head_only) out += r.body;
  return out;
}

HttpResponse plain(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = text + "\n";
  return r;
}

}  // namespace

bool interruptible_sleep(std::chrono::milliseconds total, const std::atomic<bool>& stop) {
  auto end = std::chrono::steady_clock::now() + total;
  while (std::chrono::steady_clock::now() < end) {
    if (stop) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

IndexServer::IndexServer(uint16_t port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("index server: socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, never a public interface
  addr.sin_port = htons(port);                    // 0: the kernel picks a free port
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0) {
    std::string why = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("index server: cannot listen on 127.0.0.1: " + why);
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

IndexServer::~IndexServer() { stop(); }

std::string IndexServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void IndexServer::add(const std::string& path, HttpResponse response) {
  std::lock_guard lock(mutex_);
  routes_[path].variants.push_back(std::move(response));
}

void IndexServer::set_behaviour(const std::string& path, RouteBehaviour behaviour) {
  std::lock_guard lock(mutex_);
  Route& r = routes_[path];
  r.behaviour = behaviour;
  r.served = 0;
}

void IndexServer::serve_directory(const std::filesystem::path& root) {
  std::lock_guard lock(mutex_);
  root_ = root;
}

int IndexServer::hits(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = hits_.find(path);
  return it == hits_.end() ? 0 : it->second;
}

std::vector<SeenRequest> IndexServer::requests() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

void IndexServer::stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
}

void IndexServer::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;  // wake up regularly to see stopping_
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    workers_.emplace_back([this, fd] { serve_connection(fd); });
  }
}

bool IndexServer::respond_from_directory(const std::string& path, HttpResponse& out) const {
  if (root_.empty() || path.find("..") != std::string::npos) return false;
  std::filesystem::path file = root_ / path.substr(path.find_first_not_of('/') == std::string::npos
                                                       ? path.size()
                                                       : path.find_first_not_of('/'));
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) file /= "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  out.status = 200;
  out.body = data.str();
  std::string ext = file.extension().string();
  out.content_type = ext == ".html" ? "text/html" : ext == ".json" ? "application/json" : "application/octet-stream";
  return true;
}

void IndexServer::serve_connection(int fd) {
  timeval tv{5, 0};  // a client that sends nothing is dropped after 5 s
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string head;
  SeenRequest req;
  if (!read_head(fd, head) || !parse_head(head, req)) {
    send_all(fd, serialize(plain(400, "bad request"), false));
    ::close(fd);
    return;
  }
  std::string path = req.target.substr(0, req.target.find('?'));
  HttpResponse response;
  RouteBehaviour behaviour;
  bool failing = false;
  {
    std::lock_guard lock(mutex_);
    seen_.push_back(req);
    ++hits_[path];
    auto it = routes_.find(path);
    if (it != routes_.end()) {
      Route& route = it->second;
      behaviour = route.behaviour;
      failing = route.served++ < behaviour.fail_first;
      if (route.variants.empty()) {
        response = plain(404, "not found: " + path);
      } else {
        response = route.variants.front();
        auto accept = req.headers.find("accept");
        if (accept != req.headers.end())
          for (const HttpResponse& v : route.variants)
            if (accept->second.find(v.content_type) != std::string::npos) {
              response = v;
              break;
            }
      }
    } else if (!respond_from_directory(path, response)) {
      response = plain(404, "not found: " + path);
    }
  }
  if (req.method != "GET" && req.method != "HEAD") response = plain(405, "only GET and HEAD");
  if (behaviour.delay.count() > 0 && !interruptible_sleep(behaviour.delay, stopping_)) {
    ::close(fd);
    return;
  }
  if (behaviour.reset) {
    // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
    return;
  }
  if (failing) response = plain(behaviour.fail_status, "simulated failure");
  send_all(fd, serialize(response, req.method == "HEAD"));
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace canary::test
