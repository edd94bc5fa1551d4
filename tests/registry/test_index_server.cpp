// The tests' local index server (tests/support/index_server.*) and the
// replica index it serves, checked with a plain socket client so that these
// tests do not depend on the index client they exist to test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/sha256.hpp"
#include "support/artifact_builder.hpp"
#include "support/index_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_index.hpp"

using namespace canary::test;

namespace {

struct RawReply {
  bool connected = false;
  bool reset = false;  // recv failed with ECONNRESET
  int status = 0;
  std::string head, body;
};

// One GET over a fresh connection; reads until the server closes.
RawReply raw_get(uint16_t port, const std::string& target, const std::string& accept = "") {
  RawReply reply;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return reply;
  }
  reply.connected = true;
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!accept.empty()) req += "Accept: " + accept + "\r\n";
  req += "\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string all;
  char buf[8192];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == ECONNRESET) reply.reset = true;
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  size_t end = all.find("\r\n\r\n");
  if (end == std::string::npos) return reply;
  reply.head = all.substr(0, end);
  reply.body = all.substr(end + 4);
  if (reply.head.size() > 12) reply.status = std::stoi(reply.head.substr(9, 3));
  return reply;
}

}  // namespace

TEST_CASE("index server answers routes on 127.0.0.1 and 404 elsewhere", "[index-server]") {
  IndexServer server;
  REQUIRE(server.port() != 0);
  CHECK(server.url() == "http://127.0.0.1:" + std::to_string(server.port()));
  server.add("/hello", {200, "text/plain", "hi\n", {}});
  RawReply ok = raw_get(server.port(), "/hello?x=1");
  CHECK(ok.status == 200);
  CHECK(ok.body == "hi\n");
  CHECK(ok.head.find("Content-Length: 3") != std::string::npos);
  CHECK(raw_get(server.port(), "/nothing").status == 404);
  CHECK(server.hits("/hello") == 1);
  CHECK(server.requests().front().target == "/hello?x=1");
}

TEST_CASE("index server picks the variant the Accept header names", "[index-server]") {
  IndexServer server;
  server.add("/simple/p/", {200, "application/vnd.pypi.simple.v1+json", "{}", {}});
  server.add("/simple/p/", {200, "text/html", "<html></html>", {}});
  CHECK(raw_get(server.port(), "/simple/p/").body == "{}");  // no Accept: the first added
  CHECK(raw_get(server.port(), "/simple/p/", "text/html").body == "<html></html>");
  CHECK(raw_get(server.port(), "/simple/p/", "application/vnd.pypi.simple.v1+json, text/html;q=0.1").body == "{}");
}

TEST_CASE("index server behaviours: fail N times, delay, reset", "[index-server]") {
  IndexServer server;
  server.add("/flaky", {200, "text/plain", "ok", {}});
  server.set_behaviour("/flaky", {std::chrono::milliseconds(0), 2, 503, false});
  CHECK(raw_get(server.port(), "/flaky").status == 503);
  CHECK(raw_get(server.port(), "/flaky").status == 503);
  CHECK(raw_get(server.port(), "/flaky").status == 200);
  CHECK(server.hits("/flaky") == 3);

  server.add("/slow", {200, "text/plain", "late", {}});
  server.set_behaviour("/slow", {std::chrono::milliseconds(300), 0, 500, false});
  auto start = std::chrono::steady_clock::now();
  RawReply slow = raw_get(server.port(), "/slow");
  CHECK(slow.body == "late");
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));

  server.add("/reset", {200, "text/plain", "never sent", {}});
  server.set_behaviour("/reset", {std::chrono::milliseconds(0), 0, 500, true});
  RawReply reset = raw_get(server.port(), "/reset");
  CHECK(reset.connected);
  CHECK(reset.status == 0);
  CHECK(reset.body.empty());
}

TEST_CASE("index server serves a directory tree behind its routes", "[index-server]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "simple/pkg");
  write_file(dir / "simple/pkg/index.html", "<a href=\"x\">x</a>");
  write_file(dir / "pkg-1.0.tar.gz", "bytes");
  IndexServer server;
  server.serve_directory(dir.path());
  CHECK(raw_get(server.port(), "/simple/pkg/").body == "<a href=\"x\">x</a>");
  CHECK(raw_get(server.port(), "/pkg-1.0.tar.gz").body == "bytes");
  CHECK(raw_get(server.port(), "/../etc/passwd").status == 404);
}

TEST_CASE("replica index: JSON API, Simple API and files agree", "[index-server]") {
  IndexServer server;
  publish_replica_index(server);
  using nlohmann::json;

  json project = json::parse(raw_get(server.port(), "/pypi/litellm/json").body);
  CHECK(project["info"]["version"] == "1.82.8");
  CHECK(project["releases"].size() == 4);
  json release = json::parse(raw_get(server.port(), "/pypi/litellm/1.82.8/json").body);
  REQUIRE(release["urls"].size() == 1);
  const json& file = release["urls"][0];
  CHECK(file["filename"] == "litellm-1.82.8-py3-none-any.whl");

  // The file is there and its bytes hash to the published digest.
  std::string url = file["url"];
  std::string path = url.substr(server.url().size());
  RawReply wheel = raw_get(server.port(), path);
  REQUIRE(wheel.status == 200);
  CHECK(canary::sha256_hex(wheel.body) == file["digests"]["sha256"]);
  // ... and it is the compromised replica: the .pth is inside.
  CHECK(wheel.body.find("litellm_init.pth") != std::string::npos);

  json simple = json::parse(raw_get(server.port(), "/simple/litellm/", "application/vnd.pypi.simple.v1+json").body);
  CHECK(simple["meta"]["api-version"] == "1.1");
  CHECK(simple["versions"] == json({"1.82.5", "1.82.6", "1.82.7", "1.82.8"}));
  // Trusted publishing stops at 1.82.6: its files have a provenance URL.
  bool old_has = false, new_has = true;
  for (const json& f : simple["files"]) {
    std::string name = f["filename"];
    if (name.starts_with("litellm-1.82.6")) old_has = !f["provenance"].is_null();
    if (name.starts_with("litellm-1.82.8")) new_has = !f["provenance"].is_null();
  }
  CHECK(old_has);
  CHECK_FALSE(new_has);

  std::string html = raw_get(server.port(), "/simple/litellm/", "text/html").body;
  CHECK(html.find("litellm-1.82.8-py3-none-any.whl</a>") != std::string::npos);
  CHECK(html.find("#sha256=" + file["digests"]["sha256"].get<std::string>()) != std::string::npos);

  json yanked = json::parse(raw_get(server.port(), "/pypi/clipboard-helper/1.0/json").body);
  CHECK(yanked["info"]["yanked"] == true);
  CHECK(yanked["info"]["yanked_reason"] == "Broken clipboard access on Wayland");

  json mismatch = json::parse(raw_get(server.port(), "/pypi/digest-mismatch/1.0/json").body);
  std::string murl = mismatch["urls"][0]["url"];
  RawReply served = raw_get(server.port(), murl.substr(server.url().size()));
  CHECK(canary::sha256_hex(served.body) != mismatch["urls"][0]["digests"]["sha256"]);

  CHECK(raw_get(server.port(), "/simple/flaky-pkg/").status == 500);
  CHECK(raw_get(server.port(), "/simple/broken-pkg/").status == 503);
  CHECK(raw_get(server.port(), "/simple/reset-pkg/").status == 0);
  CHECK(raw_get(server.port(), "/simple/no-such-project/").status == 404);
}
