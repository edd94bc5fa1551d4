// Every limit has an option and a [limits] key; --show-config shows where each
// value came from; bad values are refused with the option or FILE:LINE:COL.
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/artifact_builder.hpp"

namespace canary::test {

namespace fs = std::filesystem;
using json = nlohmann::json;

TEST_CASE("limits: config file [limits] and options, with origins in --show-config", "[hostile][limits]") {
  Sandbox box;
  write_file(box.root() / "work" / "canary.toml",
             "[limits]\nmax-entries = 7\nmax-total-bytes = \"3M\"\nparse-timeout = 250\nmax-file-size = \"1K\"\n");
  MeasuredRun r = box.run({"scan", "--show-config", "--format", "json", "--excerpt-width", "60", "--max-entries", "9"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json shown = json::parse(r.out);
  const json& limits = shown["limits"];
  CHECK(limits["max-entries"]["value"] == 9);
  CHECK(limits["max-entries"]["origin"] == "--max-entries");
  CHECK(limits["max-total-bytes"]["value"] == 3u << 20);
  CHECK(limits["max-total-bytes"]["origin"] == "canary.toml:3:1");
  CHECK(limits["parse-timeout"]["value"] == 250);
  CHECK(limits["max-file-size"]["value"] == 1024);
  CHECK(shown["max-file-size"]["value"] == 1024);
  CHECK(limits["excerpt-width"]["value"] == 60);
  CHECK(limits["query-match-limit"]["origin"] == "default");
  CHECK(limits["max-scan-time"]["value"] == 600);
  for (const char* name : {"max-file-size", "max-total-bytes", "max-entries", "max-ratio", "max-scan-time",
                           "max-decode-depth", "max-decoded-bytes", "parse-timeout", "query-match-limit", "excerpt-width"})
    CHECK(limits.contains(name));

  // The config's limits apply to the scan itself.
  std::vector<FileSpec> files;
  for (int i = 0; i < 20; ++i) files.push_back(FileSpec{"pkg/f" + std::to_string(i) + ".py", "x = 1\n"});
  write_zip(box.input("twenty.zip"), files);
  MeasuredRun scan = box.run({"scan", "--format", "json", "--no-cache", "--fail-on", "none", box.input("twenty.zip").string()});
  INFO(scan.err);
  CHECK(scan.exit_code == 0);
  CHECK(scan.out.find("stopped after 7 entries (limit --max-entries)") != std::string::npos);
}

TEST_CASE("limits: bad values are refused with a message that names them", "[hostile][limits]") {
  Sandbox box;
  MeasuredRun r = box.run({"scan", "--max-entries", "0", "x.whl"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--max-entries must be at least 1, got 0") != std::string::npos);
  r = box.run({"scan", "--max-total-bytes", "12Q", "x.whl"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--max-total-bytes: unknown size suffix 'Q'") != std::string::npos);
  r = box.run({"scan", "--parse-timeout", "5s", "x.whl"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--parse-timeout: expected a whole number ms") != std::string::npos);

  write_file(box.root() / "work" / "canary.toml", "[limits]\nmax-ratio = 1\nmax-entrys = 5\nexcerpt-width = true\n");
  r = box.run({"scan", "--show-config"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("canary.toml:2:13: limits.max-ratio must be at least 2, got 1") != std::string::npos);
  CHECK(r.err.find("canary.toml:3:1: unknown key `limits.max-entrys`; did you mean `max-entries`?") != std::string::npos);
  CHECK(r.err.find("canary.toml:4:17: limits.excerpt-width: expected a whole number") != std::string::npos);
}

}  // namespace canary::test
