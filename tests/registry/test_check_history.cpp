// `canary check` weighs author and publisher changes against the project's
// recent history (the previous release and the 4 before it), end to end on
// a project published on the local index.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.hpp"
#include "support/artifact_builder.hpp"
#include "support/index_server.hpp"
#include "support/test_index.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

IndexRelease history_release(const TempDir& tmp, const std::string& version, const std::string& email,
                             const std::string& workflow, double hours_ago) {
  const std::string name = "history_pkg-" + version + "-py3-none-any.whl";
  write_wheel(tmp / name, {{"history_pkg/__init__.py", "VERSION = \"" + version + "\"\n"},
                           {"history_pkg-" + version + ".dist-info/METADATA",
                            "Metadata-Version: 2.1\nName: history-pkg\nVersion: " + version + "\n"},
                           {"history_pkg-" + version + ".dist-info/WHEEL", "Wheel-Version: 1.0\n"}});
  IndexRelease r;
  r.version = version;
  r.files.push_back({name, read_file(tmp / name), "bdist_wheel", ""});
  r.hours_ago = hours_ago;
  r.author_email = email;
  r.home_page = "https://example.invalid/history-pkg";
  r.publisher_repository = "org/history-pkg";
  r.publisher_workflow = workflow;
  return r;
}

}  // namespace

TEST_CASE("check: a maintainer and a publisher who return after one release are not new", "[check][history]") {
  TempDir tmp, cache;
  IndexProject p{"history-pkg", {}};
  p.releases = {history_release(tmp, "1.0", "maintainers@example.invalid", "publish.yml", 24 * 120),
                history_release(tmp, "1.1", "maintainers@example.invalid", "publish.yml", 24 * 90),
                history_release(tmp, "1.2", "helper@example.invalid", "staging.yml", 24 * 60),
                history_release(tmp, "1.3", "maintainers@example.invalid", "publish.yml", 24 * 30),
                history_release(tmp, "1.4", "stranger@example.invalid", "other.yml", 24 * 10)};
  IndexServer server;
  publish(server, p);
  auto check = [&](const std::string& version) {
    ProcessResult r = run_canary({"check", "--index-url", server.url() + "/simple/", "--cache-dir",
                                  cache.path().string(), "-q", "history-pkg", version, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out)["release"];
  };
  // 1.3: the previous release (1.2) had someone else and another workflow,
  // but 1.1 and 1.0 had these: nothing changed.
  json back = check("1.3");
  CHECK(back["previous_author"] == "helper@example.invalid");
  CHECK(back["author_changed"] == false);
  CHECK(back["publisher"] == "GitHub org/history-pkg (publish.yml)");
  CHECK(back["previous_publisher"] == "GitHub org/history-pkg (staging.yml)");
  CHECK(back["publisher_seen"] == true);
  // 1.4: neither the author nor the workflow published any earlier release.
  json stranger = check("1.4");
  CHECK(stranger["author_changed"] == true);
  CHECK(stranger["publisher_seen"] == false);
  // 1.2 itself was new when it came out.
  json helper = check("1.2");
  CHECK(helper["author_changed"] == true);
  CHECK(helper["publisher_seen"] == false);
}
