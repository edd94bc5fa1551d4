#include "http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "engine/sha256.hpp"

namespace canary::registry {
namespace {

// curl_global_init is not thread-safe: run it once, before any handle.
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};
void ensure_curl() { static CurlGlobal global; }

struct Sink {
  std::string* body = nullptr;  // in memory, or
  std::FILE* file = nullptr;    // to a file
  canary::Sha256* hash = nullptr;
  uint64_t limit = 0;
  uint64_t written = 0;
  bool too_large = false;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->written + n > sink->limit) {
    sink->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->written += n;
  if (sink->hash) sink->hash->update(data, n);
  if (sink->body) sink->body->append(data, n);
  if (sink->file && std::fwrite(data, 1, n, sink->file) != n) return 0;
  return n;
}

const char* ca_bundle_from_env() {
  for (const char* var : {"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PIP_CERT", "CURL_CA_BUNDLE"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return nullptr;
}

HttpFailure classify(CURLcode code) {
  switch (code) {
    case CURLE_OK: return HttpFailure::None;
    case CURLE_OPERATION_TIMEDOUT: return HttpFailure::Timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return HttpFailure::Connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return HttpFailure::Tls;
    default: return HttpFailure::Other;
  }
}

// Worth another attempt: the server or the path to it may recover.
bool retryable(const HttpResult& r) {
  if (r.failure == HttpFailure::Status) return r.status >= 500 || r.status == 429;
  return r.failure == HttpFailure::Timeout || r.failure == HttpFailure::Connect;
}

HttpResult attempt(const HttpOptions& opts, const std::string& url, const std::string& accept, Sink& sink) {
  ensure_curl();
  HttpResult result;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.failure = HttpFailure::Other;
    result.message = "cannot create a libcurl handle";
    return result;
  }
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, opts.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, opts.total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "canary/" CANARY_VERSION);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate as the server likes
  if (const char* ca = ca_bundle_from_env()) curl_easy_setopt(h, CURLOPT_CAINFO, ca);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_slist* headers = nullptr;
  if (!accept.empty()) headers = curl_slist_append(headers, ("Accept: " + accept).c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  CURLcode code = curl_easy_perform(h);
  curl_slist_free_all(headers);

  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  char* type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
  if (type) result.content_type = type;
  if (sink.too_large) {
    result.failure = HttpFailure::TooLarge;
    result.message = "response larger than " + std::to_string(sink.limit) + " bytes";
  } else if (code != CURLE_OK) {
    result.failure = classify(code);
    result.message = error[0] ? error : curl_easy_strerror(code);
  } else if (status < 200 || status >= 300) {
    result.failure = HttpFailure::Status;
  }
  return result;
}

HttpResult with_retries(const HttpClient& client, const std::string& url, const std::string& accept,
                        const std::function<Sink()>& make_sink) {
  const HttpOptions& opts = client.options();
  long wait = opts.backoff_ms;
  for (int n = 1;; ++n) {
    Sink sink = make_sink();
    HttpResult r = attempt(opts, url, accept, sink);
    r.attempts = n;
    if (r.ok() || !retryable(r) || n > opts.retries) return r;
    if (client.on_retry) client.on_retry(url, r, wait);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    wait = std::min(wait * 2, 8000L);
  }
}

}  // namespace

std::string HttpResult::describe() const {
  switch (failure) {
    case HttpFailure::None: return "OK";
    case HttpFailure::Status: return "HTTP " + std::to_string(status);
    case HttpFailure::Timeout: return "timed out (" + message + ")";
    case HttpFailure::Connect: return "connection failed (" + message + ")";
    case HttpFailure::Tls:
      return "TLS error (" + message +
             "); if a proxy on your network re-signs TLS, point SSL_CERT_FILE at its CA certificate";
    case HttpFailure::TooLarge: return message;
    case HttpFailure::Other: return message;
  }
  return message;
}

HttpClient::HttpClient(HttpOptions options) : options_(options) {}

HttpResult HttpClient::get(const std::string& url, const std::string& accept) const {
  std::string body;
  HttpResult r = with_retries(*this, url, accept, [&] {
    body.clear();
    Sink s;
    s.body = &body;
    s.limit = options_.max_body_bytes;
    return s;
  });
  r.body = std::move(body);
  return r;
}

HttpResult HttpClient::download(const std::string& url, const std::filesystem::path& out, std::string& sha256_hex) const {
  canary::Sha256 hash;
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(nullptr, std::fclose);
  HttpResult r = with_retries(*this, url, "", [&] {
    file.reset(std::fopen(out.c_str(), "wb"));
    hash.reset();  // a retry starts the file, and its hash, over
    Sink s;
    s.file = file.get();
    s.hash = &hash;
    s.limit = options_.max_download_bytes;
    return s;
  });
  if (!file) {
    r.failure = HttpFailure::Other;
    r.message = "cannot write " + out.string();
    return r;
  }
  if (std::fclose(file.release()) != 0 && r.ok()) {
    r.failure = HttpFailure::Other;
    r.message = "cannot write " + out.string();
  }
  sha256_hex = hash.finish_hex();
  return r;
}

}  // namespace canary::registry
