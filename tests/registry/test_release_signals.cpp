// From index data to `release.*` facts (registry/release_signals.cpp), on
// hand-made project pages where every number is known.
#include <catch2/catch.hpp>

#include "registry/release_signals.hpp"

using namespace canary::registry;
using canary::ReleaseFacts;

namespace {

// A page with one wheel per (version, upload time).
ProjectPage page_of(const std::vector<std::pair<std::string, std::string>>& releases) {
  ProjectPage p;
  p.name = "demo";
  for (const auto& [v, t] : releases) {
    DistFile f;
    f.filename = "demo-" + v + "-py3-none-any.whl";
    f.version = v;
    f.kind = DistKind::Wheel;
    f.upload_time = t;
    p.files.push_back(f);
    p.versions.push_back(v);
  }
  return p;
}

std::chrono::system_clock::time_point at(const std::string& iso) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(*parse_iso8601(iso)));
}

}  // namespace

TEST_CASE("ISO 8601 upload times, with and without zone", "[release-signals]") {
  CHECK(parse_iso8601("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_iso8601("2026-12-02T03:00:00.123456Z") == parse_iso8601("2026-12-02T03:00:00"));
  CHECK(*parse_iso8601("2026-12-02T05:00:00+02:00") == *parse_iso8601("2026-12-02T03:00:00Z"));
  CHECK_FALSE(parse_iso8601("yesterday"));
}

TEST_CASE("age, cadence, count and project age", "[release-signals]") {
  ProjectPage p = page_of({{"1.0", "2026-01-01T00:00:00Z"},
                           {"1.1", "2026-01-11T00:00:00Z"},
                           {"1.2", "2026-01-21T00:00:00Z"},
                           {"1.3", "2026-01-21T02:00:00Z"}});
  ReleaseEvidence ev;
  ev.page = &p;
  ev.version = "1.3";
  ev.previous_version = previous_version(p, "1.3");
  ev.now = at("2026-01-21T05:00:00Z");
  ReleaseFacts f = compute_release_facts(ev);
  CHECK(f.known);
  CHECK(ev.previous_version == "1.2");
  CHECK(f.age_hours == 3);
  CHECK(f.interval_hours == 2);
  CHECK(f.usual_interval_hours == 240);
  CHECK(f.off_cadence);
  CHECK(f.release_count == 4);
  CHECK(f.project_age_hours == 20 * 24 + 5);
  CHECK(f.version_jump == 0);

  ev.version = "1.2";
  ev.previous_version = "1.1";
  ReleaseFacts g = compute_release_facts(ev);
  CHECK(g.interval_hours == 240);
  CHECK(g.usual_interval_hours == -1);  // one earlier interval is no cadence
  CHECK_FALSE(g.off_cadence);
}

TEST_CASE("authors, provenance, yanks and version jumps", "[release-signals]") {
  ProjectPage p = page_of({{"1.0.0", "2025-01-01T00:00:00Z"}, {"99.0.0", "2026-01-01T00:00:00Z"}});
  p.files[0].provenance_url = "https://example.invalid/prov";
  p.files[1].yanked = true;
  p.files[1].yanked_reason = "withdrawn";
  ReleaseEvidence ev;
  ev.page = &p;
  ev.version = "99.0.0";
  ev.previous_version = "1.0.0";
  ev.info = ReleaseInfo{};
  ev.info->author_email = "Probe <probe@example.invalid>";
  ev.previous_info = ReleaseInfo{};
  ev.previous_info->author = "Example Maintainers";
  ev.previous_info->author_email = "maintainers@example.com";
  ev.previous_info->home_page = "https://example.com";
  ev.previous_provenance = Provenance{true, {"GitHub org/demo (publish.yml)"}};
  ReleaseFacts f = compute_release_facts(ev);
  CHECK(f.version_jump == 98);
  CHECK(f.author_changed);
  CHECK(f.author == "Probe <probe@example.invalid>");
  CHECK(f.previous_author == "Example Maintainers <maintainers@example.com>");
  CHECK_FALSE(f.provenance);
  CHECK(f.previous_provenance);
  CHECK(f.previous_publisher == "GitHub org/demo (publish.yml)");
  CHECK_FALSE(f.has_project_url);
  CHECK(f.yanked);
  CHECK(f.yanked_reason == "withdrawn");

  // The same people under another spelling of their name: not a change.
  ev.info->author_email = "MAINTAINERS@example.com, other@example.com";
  CHECK_FALSE(compute_release_facts(ev).author_changed);
}

TEST_CASE("author and publisher changes look at the recent history, not only the previous release",
          "[release-signals]") {
  // 1.0-1.2 by the maintainers from their CI, 1.3 by a co-maintainer from a
  // staging workflow, 1.4 by the maintainers again: 1.4 is nobody new.
  ProjectPage p = page_of({{"1.0", "2026-01-01T00:00:00Z"},
                           {"1.1", "2026-02-01T00:00:00Z"},
                           {"1.2", "2026-03-01T00:00:00Z"},
                           {"1.3", "2026-04-01T00:00:00Z"},
                           {"1.4", "2026-05-01T00:00:00Z"}});
  CHECK(versions_before(p, "1.4", 2) == std::vector<std::string>{"1.3", "1.2"});
  CHECK(versions_before(p, "1.0", 4).empty());
  auto info = [](const std::string& email) {
    ReleaseInfo i;
    i.author_email = email;
    return i;
  };
  const Provenance ci{true, {"GitHub org/demo (publish.yml)"}}, staging{true, {"GitHub org/demo (staging.yml)"}};
  ReleaseEvidence ev;
  ev.page = &p;
  ev.version = "1.4";
  ev.previous_version = "1.3";
  ev.info = info("maintainers@example.com");
  ev.provenance = ci;
  ev.previous_info = info("co-maintainer@example.com");
  ev.previous_provenance = staging;
  // Without history: both look new, as before.
  ReleaseFacts alone = compute_release_facts(ev);
  CHECK(alone.author_changed);
  CHECK_FALSE(alone.publisher_seen);
  // With the releases before the previous one: both were seen in 1.2.
  ev.earlier = {{"1.2", info("Maintainers <MAINTAINERS@example.com>"), ci}, {"1.1", info("maintainers@example.com"), ci}};
  ReleaseFacts f = compute_release_facts(ev);
  CHECK_FALSE(f.author_changed);
  CHECK(f.publisher_seen);
  CHECK(f.publisher == "GitHub org/demo (publish.yml)");
  CHECK(f.previous_publisher == "GitHub org/demo (staging.yml)");  // still the previous release's, for the excerpt

  // Someone and something seen in none of them is new.
  ev.info = info("probe@example.invalid");
  ev.provenance = Provenance{true, {"GitHub someone/fork (publish.yml)"}};
  ReleaseFacts g = compute_release_facts(ev);
  CHECK(g.author_changed);
  CHECK_FALSE(g.publisher_seen);
  // History without JSON API metadata or provenance changes nothing.
  ev.earlier = {{"1.2", std::nullopt, std::nullopt}};
  CHECK(compute_release_facts(ev).author_changed);
}
