// HTTP GET over libcurl with the policy every index request shares: connect
// and total timeouts, bounded retries with exponential backoff for 5xx, 429
// and transport failures, http/https only, proxies from the environment
// (http_proxy, https_proxy, no_proxy: libcurl reads them), a CA bundle from
// SSL_CERT_FILE / REQUESTS_CA_BUNDLE / PIP_CERT when set.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace canary::registry {

struct HttpOptions {
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 120'000;   // per attempt
  int retries = 3;                   // extra attempts after the first, for retryable failures
  long backoff_ms = 500;             // wait before the first retry; doubled each time, capped at 8 s
  uint64_t max_body_bytes = 64ull << 20;     // index pages held in memory
  uint64_t max_download_bytes = 4ull << 30;  // one artifact
};

enum class HttpFailure {
  None,
  Status,   // an HTTP response outside 2xx (see status)
  Timeout,
  Connect,  // refused, reset, nothing received, name not resolved
  Tls,      // certificate or handshake
  TooLarge,
  Other,
};

struct HttpResult {
  int status = 0;  // 0: no HTTP response at all
  std::string body;
  std::string content_type;
  HttpFailure failure = HttpFailure::None;
  std::string message;  // curl's explanation of a transport failure
  int attempts = 0;
  bool ok() const { return failure == HttpFailure::None; }
  // "HTTP 503", "timed out after 1000 ms", "TLS: ...": for error messages.
  std::string describe() const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  const HttpOptions& options() const { return options_; }

  // GET `url`, the body in memory. `accept` becomes the Accept header.
  HttpResult get(const std::string& url, const std::string& accept = "") const;
  // GET `url` into the file `out` (truncated first), its SHA-256 into
  // `sha256_hex`. On failure the file's content is undefined.
  HttpResult download(const std::string& url, const std::filesystem::path& out, std::string& sha256_hex) const;

  // Called before each retry with the attempt that failed and the wait.
  std::function<void(const std::string& url, const HttpResult& failed, long wait_ms)> on_retry;

 private:
  HttpOptions options_;
};

}  // namespace canary::registry
