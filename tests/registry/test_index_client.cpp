// The index client against the replica index on a local server: both Simple
// API forms, the JSON API, provenance, verified downloads, the cache,
// --offline, retries, timeouts and errors.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "engine/sha256.hpp"
#include "registry/index_client.hpp"
#include "registry/index_pages.hpp"
#include "registry/pep440.hpp"
#include "support/artifact_builder.hpp"
#include "support/index_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_index.hpp"

using namespace canary::registry;
using canary::test::IndexServer;
using canary::test::TempDir;

namespace {

IndexSettings settings_for(const IndexServer& server, const TempDir& cache) {
  IndexSettings s;
  s.index_url = server.url() + "/simple/";
  s.cache_dir = cache.path();
  s.http.backoff_ms = 20;  // keep retry tests quick
  s.http.connect_timeout_ms = 2000;
  s.http.total_timeout_ms = 10000;
  return s;
}

const DistFile* find_file(const ProjectPage& page, const std::string& filename) {
  for (const DistFile& f : page.files)
    if (f.filename == filename) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("index client reads the Simple API JSON form with hashes, yanks and provenance", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexClient client(settings_for(server, cache));
  ProjectPage page = client.project("LiteLLM");  // any spelling: normalised
  CHECK(page.name == "litellm");
  CHECK(page.versions == std::vector<std::string>{"1.82.5", "1.82.6", "1.82.7", "1.82.8"});
  const DistFile* bad = find_file(page, "litellm-1.82.8-py3-none-any.whl");
  REQUIRE(bad);
  CHECK(bad->version == "1.82.8");
  CHECK(bad->kind == DistKind::Wheel);
  CHECK(bad->sha256.size() == 64);
  CHECK(bad->provenance_url.empty());
  CHECK_FALSE(bad->upload_time.empty());
  const DistFile* sdist = find_file(page, "litellm-1.82.6.tar.gz");
  REQUIRE(sdist);
  CHECK(sdist->kind == DistKind::Sdist);
  CHECK_FALSE(sdist->provenance_url.empty());
  // The JSON form was asked for first.
  auto reqs = server.requests();
  REQUIRE_FALSE(reqs.empty());
  CHECK(reqs.front().headers["accept"].starts_with("application/vnd.pypi.simple.v1+json"));

  ProjectPage clip = client.project("clipboard_helper");
  const DistFile* yanked = find_file(clip, "clipboard_helper-1.0-py3-none-any.whl");
  REQUIRE(yanked);
  CHECK(yanked->yanked);
  CHECK(yanked->yanked_reason == "Broken clipboard access on Wayland");
}

TEST_CASE("index client reads an HTML-only index (PEP 503) the same way", "[index-client]") {
  IndexServer json_server;
  canary::test::publish_replica_index(json_server);
  TempDir cache;
  IndexClient json_client(settings_for(json_server, cache));
  ProjectPage from_json = json_client.project("clipboard-helper");

  // An index that only has HTML (a static directory tree): the JSON
  // server's HTML page served as a file.
  IndexServer html_server;
  TempDir pages;
  std::filesystem::create_directories(pages / "simple/clipboard-helper");
  {
    IndexSettings s = settings_for(json_server, cache);
    HttpClient http(s.http);
    HttpResult r = http.get(json_server.url() + "/simple/clipboard-helper/", "text/html");
    REQUIRE(r.ok());
    CHECK(r.content_type.starts_with("text/html"));
    canary::test::write_file(pages / "simple/clipboard-helper/index.html", r.body);
  }
  html_server.serve_directory(pages.path());
  TempDir cache2;
  IndexClient html_client(settings_for(html_server, cache2));
  ProjectPage from_html = html_client.project("clipboard-helper");
  REQUIRE(from_html.files.size() == from_json.files.size());
  for (size_t i = 0; i < from_html.files.size(); ++i) {
    CHECK(from_html.files[i].filename == from_json.files[i].filename);
    CHECK(from_html.files[i].url == from_json.files[i].url);
    CHECK(from_html.files[i].sha256 == from_json.files[i].sha256);
    CHECK(from_html.files[i].yanked == from_json.files[i].yanked);
    CHECK(from_html.files[i].yanked_reason == from_json.files[i].yanked_reason);
  }
  CHECK(from_html.versions == from_json.versions);
}

TEST_CASE("index client: JSON API metadata and PEP 740 provenance", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexClient client(settings_for(server, cache));
  CHECK(json_api_base(server.url() + "/simple/") == server.url() + "/pypi/");
  auto info = client.release_info("litellm", "1.82.6");
  REQUIRE(info);
  CHECK(info->author == "BerriAI");
  CHECK(info->project_urls.at("Repository") == "https://github.com/BerriAI/litellm");
  CHECK(info->files.size() == 2);
  CHECK_FALSE(client.release_info("litellm", "9.9.9"));

  ProjectPage page = client.project("litellm");
  auto prov = client.provenance(*find_file(page, "litellm-1.82.6-py3-none-any.whl"));
  REQUIRE(prov);
  CHECK(prov->present);
  CHECK(prov->publishers == std::vector<std::string>{"GitHub BerriAI/litellm (publish.yml)"});
  CHECK_FALSE(client.provenance(*find_file(page, "litellm-1.82.8-py3-none-any.whl")));
}

TEST_CASE("index client: downloads are verified, cached by digest, and a mismatch is refused", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexClient client(settings_for(server, cache));
  ProjectPage page = client.project("litellm");
  const DistFile& wheel = *find_file(page, "litellm-1.82.8-py3-none-any.whl");
  Download d = client.download(wheel);
  REQUIRE(d.ok());
  CHECK_FALSE(d.from_cache);
  CHECK(d.path == cache.path() / "index" / "files" / wheel.sha256.substr(0, 2) / wheel.sha256 / wheel.filename);
  std::string err;
  CHECK(canary::sha256_file_hex(d.path, err) == wheel.sha256);
  std::string file_route = wheel.url.substr(server.url().size());
  CHECK(server.hits(file_route) == 1);
  Download again = client.download(wheel);
  CHECK(again.ok());
  CHECK(again.from_cache);
  CHECK(server.hits(file_route) == 1);  // not fetched twice

  ProjectPage mm = client.project("digest-mismatch");
  REQUIRE(mm.files.size() == 1);
  Download bad = client.download(mm.files[0]);
  CHECK_FALSE(bad.ok());
  CHECK(bad.digest_mismatch);
  CHECK(bad.path.empty());
  CHECK(bad.actual_sha256 != mm.files[0].sha256);
  CHECK_FALSE(std::filesystem::exists(cache.path() / "index" / "files" / bad.actual_sha256.substr(0, 2) / bad.actual_sha256));
}

TEST_CASE("index client: --offline works from the cache and lists what is missing", "[index-client]") {
  TempDir cache;
  std::string sha;
  std::string index_url;
  {
    IndexServer server;
    canary::test::publish_replica_index(server);
    IndexClient client(settings_for(server, cache));
    ProjectPage page = client.project("litellm");
    sha = find_file(page, "litellm-1.82.8-py3-none-any.whl")->sha256;
    REQUIRE(client.download(*find_file(page, "litellm-1.82.8-py3-none-any.whl")).ok());
    index_url = server.url() + "/simple/";
  }  // the server is gone now
  IndexSettings s;
  s.index_url = index_url;
  s.cache_dir = cache.path();
  s.offline = true;
  IndexClient offline(s);
  ProjectPage page = offline.project("litellm");
  CHECK(page.versions.size() == 4);
  Download cached = offline.download(*find_file(page, "litellm-1.82.8-py3-none-any.whl"));
  CHECK(cached.ok());
  Download absent = offline.download(*find_file(page, "litellm-1.82.6-py3-none-any.whl"));
  CHECK_FALSE(absent.ok());
  REQUIRE(offline.missing().size() == 1);
  CHECK(offline.missing()[0].starts_with("file litellm-1.82.6-py3-none-any.whl (sha256 "));
  try {
    offline.project("clipboard-helper");
    FAIL("expected an offline error");
  } catch (const IndexError& e) {
    CHECK(e.kind == IndexErrorKind::Offline);
    CHECK(std::string(e.what()).find(index_url + "clipboard-helper/") != std::string::npos);
  }
}

TEST_CASE("index client: 404 names the project and the index", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexClient client(settings_for(server, cache));
  try {
    client.project("no-such-project");
    FAIL("expected an error");
  } catch (const IndexError& e) {
    CHECK(e.kind == IndexErrorKind::NoProject);
    CHECK(std::string(e.what()) == "no project no-such-project on " + server.url() + "/simple/");
  }
  CHECK(server.hits("/simple/no-such-project/") == 1);  // a 404 is not retried
}

TEST_CASE("index client retries a failing endpoint with backoff, boundedly", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexClient client(settings_for(server, cache));
  std::vector<std::string> notes;
  client.on_note = [&](const std::string& n) { notes.push_back(n); };
  ProjectPage flaky = client.project("flaky-pkg");  // 500 twice, then the page
  CHECK(flaky.versions == std::vector<std::string>{"1.0"});
  CHECK(server.hits("/simple/flaky-pkg/") == canary::test::kFlakyFailures + 1);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].find("in 20 ms (attempt 1 failed: HTTP 500)") != std::string::npos);
  CHECK(notes[1].find("in 40 ms (attempt 2 failed: HTTP 500)") != std::string::npos);

  try {
    client.project("broken-pkg");  // 503 for ever
    FAIL("expected an error");
  } catch (const IndexError& e) {
    CHECK(e.kind == IndexErrorKind::Network);
    CHECK(std::string(e.what()).find("HTTP 503 after 4 attempts") != std::string::npos);
  }
  CHECK(server.hits("/simple/broken-pkg/") == 4);  // 1 + retries (3)

  try {
    client.project("reset-pkg");
    FAIL("expected an error");
  } catch (const IndexError& e) {
    CHECK(e.kind == IndexErrorKind::Network);
    CHECK(std::string(e.what()).find("connection failed") != std::string::npos);
  }
  CHECK(server.hits("/simple/reset-pkg/") == 4);
}

TEST_CASE("index client gives up on a slow endpoint at the timeout", "[index-client]") {
  IndexServer server;
  canary::test::publish_replica_index(server);
  TempDir cache;
  IndexSettings s = settings_for(server, cache);
  s.http.total_timeout_ms = 300;
  s.http.retries = 1;
  IndexClient client(s);
  auto start = std::chrono::steady_clock::now();
  try {
    client.project("slow-pkg");
    FAIL("expected a timeout");
  } catch (const IndexError& e) {
    CHECK(e.kind == IndexErrorKind::Network);
    CHECK(std::string(e.what()).find("timed out") != std::string::npos);
  }
  // Two attempts of 300 ms, not the server's 3 s delay.
  CHECK(std::chrono::steady_clock::now() - start < canary::test::kSlowDelay);
  CHECK(server.hits("/simple/slow-pkg/") == 2);

  // With a timeout above the delay, the slow page arrives.
  s.http.total_timeout_ms = 10000;
  IndexClient patient(s);
  CHECK(patient.project("slow-pkg").versions == std::vector<std::string>{"1.0"});
}

TEST_CASE("index URL: flag, then PIP_INDEX_URL, then PyPI", "[index-client]") {
  CHECK(resolve_index_url("http://127.0.0.1:1/simple") == "http://127.0.0.1:1/simple/");
  ::setenv("PIP_INDEX_URL", "http://127.0.0.1:2/root/simple/", 1);
  CHECK(resolve_index_url("") == "http://127.0.0.1:2/root/simple/");
  ::unsetenv("PIP_INDEX_URL");
  CHECK(resolve_index_url("") == kPypiSimpleUrl);
  CHECK(json_api_base("https://pypi.org/simple/") == "https://pypi.org/pypi/");
  CHECK(json_api_base("https://example.invalid/repo/") == "");
}

TEST_CASE("PEP 440 ordering and dist file names", "[index-client]") {
  CHECK(compare_versions("1.82.10", "1.82.9") > 0);
  CHECK(compare_versions("1.0", "1.0.0") == 0);
  CHECK(compare_versions("1.0rc1", "1.0") < 0);
  CHECK(compare_versions("1.0.dev1", "1.0a1") < 0);
  CHECK(compare_versions("1.0.post1", "1.0") > 0);
  CHECK(compare_versions("1!0.1", "99.0") > 0);
  CHECK(parse_pep440("2.0b3").is_prerelease());
  CHECK_FALSE(parse_pep440("2.0").is_prerelease());
  CHECK_FALSE(parse_pep440("not a version").valid);
  std::vector<std::string> v{"1.10", "1.9", "1.9rc1", "0.1"};
  sort_versions(v);
  CHECK(v == std::vector<std::string>{"0.1", "1.9rc1", "1.9", "1.10"});
  DistName w = parse_dist_filename("foo_bar-1.2.3-1-py3-none-any.whl");
  CHECK(w.wheel);
  CHECK(w.version == "1.2.3");
  DistName sd = parse_dist_filename("foo-bar-1.2.3.tar.gz");
  CHECK(sd.sdist);
  CHECK(sd.version == "1.2.3");
  CHECK(normalize_name("Foo__Bar.baz") == "foo-bar-baz");
}

TEST_CASE("Simple HTML: relative links, entities, data attributes", "[index-client]") {
  std::string html =
      "<html><body>\n<a href=\"../../packages/ab/x-1.0.tar.gz#sha256=ABCDEF\" data-yanked=\"bad &amp; broken\">x-1.0.tar.gz</a>\n"
      "<A HREF='/abs/x-1.1-py3-none-any.whl' data-yanked data-provenance=\"/p\">x-1.1-py3-none-any.whl</A>\n</body></html>";
  ProjectPage p = parse_simple_html(html, "https://example.invalid/simple/x/");
  REQUIRE(p.files.size() == 2);
  CHECK(p.name == "x");
  CHECK(p.files[0].url == "https://example.invalid/packages/ab/x-1.0.tar.gz");
  CHECK(p.files[0].sha256 == "abcdef");
  CHECK(p.files[0].yanked_reason == "bad & broken");
  CHECK(p.files[1].url == "https://example.invalid/abs/x-1.1-py3-none-any.whl");
  CHECK(p.files[1].yanked);
  CHECK(p.files[1].yanked_reason.empty());
  CHECK(p.files[1].provenance_url == "https://example.invalid/p");
  CHECK(p.versions == std::vector<std::string>{"1.0", "1.1"});
  CHECK_THROWS_AS(parse_simple_json("{\"nope\": 1}", "u"), IndexPageError);
  CHECK_THROWS_WITH(parse_simple_json("{", "http://i/simple/x/"), Catch::Contains("http://i/simple/x/: not valid JSON"));
  // out_of_range, not parse_error: a hostile index must not end the process with it.
  CHECK_THROWS_WITH(parse_simple_json("{\"files\": [], \"size\": 1e999}", "http://i/simple/x/"),
                    Catch::Contains("http://i/simple/x/: not valid JSON") && Catch::Contains("number overflow"));
  CHECK_THROWS_AS(parse_json_api_release("{\"info\": 9e99999}", "u"), IndexPageError);
}
