// Known-bad feeds end to end: a feed written by the test lists the digest of
// a file the test puts in a real wheel (and of the wheel itself), the shipped
// rules report it naming the entry; broken feeds stop the scan with FILE:LINE.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"
#include "engine/sha256.hpp"
#include "engine/archive_writer.hpp"
#include "engine/known_bad.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

// A real wheel with a generated RECORD (engine/archive_writer, as mkartifact builds them).
void write_wheel(const std::filesystem::path& path, std::vector<canary::ArchiveMember> members) {
  canary::add_wheel_record(members);
  std::string error;
  REQUIRE(canary::write_zip_archive(path, members, canary::ZipMethod::Deflate, error));
}

// NAME-1.0-py3-none-any.whl in `dir`: a package, NAME_init.pth holding
// `pth` (the file a feed lists) and METADATA.
std::filesystem::path write_pth_wheel(const std::filesystem::path& dir, const std::string& name, const std::string& pth) {
  const auto wheel = dir / (name + "-1.0-py3-none-any.whl");
  write_wheel(wheel, {{name + "/__init__.py", "VERSION = '1.0'\n"},
                      {name + "_init.pth", pth},
                      {name + "-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"}});
  return wheel;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

constexpr const char* kHeader = "format = \"canary-hashfeed\"\nformat-version = 1\nname = \"test\"\n";

std::string hash_entry(const std::string& sha, const std::string& scope, const std::string& name) {
  return "\n[[hash]]\nsha256 = \"" + sha + "\"\nscope = \"" + scope + "\"\nname = \"" + name +
         "\"\nreason = \"planted by the test\"\nreferences = [\"https://example.invalid/advisory\"]\n";
}

// The findings of one artifact scanned with the default pack and `extra` options.
json scan_json(const std::vector<std::string>& extra, const std::string& artifact, int expected_exit = 0) {
  std::vector<std::string> args{"scan", "--no-config", "--format", "jsonl", "--fail-on", "none"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(artifact);
  ProcessResult r = run_canary(args);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

std::vector<json> findings_of(const json& report, const std::string& rule) {
  std::vector<json> out;
  for (const json& f : report["findings"])
    if (f["rule"] == "canary:" + rule) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("a file and an artifact listed in a --hashfeed are critical findings naming the entry",
          "[cli][hashfeeds]") {
  TempDir dir;
  const std::string payload = "import os; os.getcwd()  # planted\n";
  const auto wheel = write_pth_wheel(dir.path(), "planted", payload);
  std::string error;
  const std::string wheel_sha = canary::sha256_file_hex(wheel, error);
  REQUIRE(error.empty());
  const auto feed = dir / "feed.toml";
  write_file(feed, std::string(kHeader) + hash_entry(canary::sha256_hex(payload), "file", "planted pth") +
                       hash_entry(wheel_sha, "artifact", "planted release"));

  json listed = scan_json({"--hashfeed", feed.string()}, wheel.string());
  CHECK(listed["verdict"] == "MALICIOUS");
  std::vector<json> file_hits = findings_of(listed, "KNOWN_BAD_FILE");
  REQUIRE(file_hits.size() == 1);
  CHECK(file_hits[0]["file"] == "planted_init.pth");
  CHECK(file_hits[0]["severity"] == "critical");
  const std::string excerpt = file_hits[0]["excerpt"];
  CHECK_THAT(excerpt, Catch::Contains("planted pth") && Catch::Contains("planted by the test") &&
                          Catch::Contains("feed.toml:5") && Catch::Contains(canary::sha256_hex(payload)));
  std::vector<json> artifact_hits = findings_of(listed, "KNOWN_BAD_ARTIFACT");
  REQUIRE(artifact_hits.size() == 1);
  CHECK_THAT(std::string(artifact_hits[0]["excerpt"]), Catch::Contains("planted release"));

  // Without the feed nothing is known: the same wheel is not known bad.
  json plain = scan_json({"--no-hashfeeds"}, wheel.string());
  CHECK(findings_of(plain, "KNOWN_BAD_FILE").empty());
  CHECK(findings_of(plain, "KNOWN_BAD_ARTIFACT").empty());
}

TEST_CASE("a file entry's size lets other sizes go unhashed, and never hides a digest another entry lists",
          "[cli][hashfeeds]") {
  TempDir dir;
  const std::string payload = "import os; os.getcwd()  # planted, sized\n";
  const auto wheel = write_pth_wheel(dir.path(), "sized", payload);
  const std::string sha = canary::sha256_hex(payload);
  auto sized_entry = [&](size_t size) {
    return hash_entry(sha, "file", "sized pth") + "size = " + std::to_string(size) + "\n";
  };
  auto hits_with = [&](const std::vector<std::string>& feeds) {
    std::vector<std::string> args{"--no-hashfeeds"};
    for (size_t i = 0; i < feeds.size(); ++i) {
      const auto feed = dir / ("feed" + std::to_string(i) + ".toml");
      write_file(feed, std::string(kHeader) + feeds[i]);
      args.insert(args.end(), {"--hashfeed", feed.string()});
    }
    return findings_of(scan_json(args, wheel.string()), "KNOWN_BAD_FILE").size();
  };
  // The right size: found, as without a size.
  CHECK(hits_with({sized_entry(payload.size())}) == 1);
  CHECK(hits_with({hash_entry(sha, "file", "unsized pth")}) == 1);
  // A wrong size: the file is not hashed, so the digest is not seen. This is
  // what the gate costs when a feed's size is wrong (docs/hashfeeds.md).
  CHECK(hits_with({sized_entry(payload.size() + 1)}) == 0);
  // Any file entry without a size, in any feed, makes every file hashed
  // again; and a second feed's right size counts though the first names it.
  CHECK(hits_with({sized_entry(payload.size() + 1), hash_entry(std::string(64, 'b'), "file", "other")}) == 1);
  CHECK(hits_with({sized_entry(payload.size() + 1), sized_entry(payload.size())}) == 1);

  // The gate itself, without a scan.
  canary::KnownBad feeds;
  std::vector<std::string> errors;
  CHECK_FALSE(feeds.may_list_file(0));  // nothing loaded: nothing to hash for
  REQUIRE(feeds.add_feed_text(std::string(kHeader) + hash_entry(sha, "artifact", "release") + "size = 7\n", "a",
                              errors));
  CHECK_FALSE(feeds.may_list_file(7));  // an artifact entry asks nothing of files
  REQUIRE(feeds.add_feed_text(std::string(kHeader) + sized_entry(40) + hash_entry(std::string(64, 'c'), "file", "c") +
                                  "size = 0\n", "b", errors));
  CHECK(feeds.may_list_file(40));
  CHECK(feeds.may_list_file(0));
  CHECK_FALSE(feeds.may_list_file(41));
  REQUIRE(feeds.add_feed_text(std::string(kHeader) + hash_entry(std::string(64, 'd'), "file", "d"), "c", errors));
  CHECK(feeds.may_list_file(41));
  CHECK(errors.empty());
}

TEST_CASE("a known-bad wheel is reported inside an sdist and inside a zip inside it", "[cli][hashfeeds]") {
  TempDir dir;
  const auto wheel = dir / "planted-1.0-py3-none-any.whl";
  write_wheel(wheel, {{"planted/__init__.py", "VERSION = '1.0'\n"},
                      {"planted-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: planted\nVersion: 1.0\n"}});
  const std::string wheel_bytes = read_text(wheel);
  const auto feed = dir / "feed.toml";
  write_file(feed, std::string(kHeader) + hash_entry(canary::sha256_hex(wheel_bytes), "artifact", "planted release"));
  std::string error;
  // Level 2: vendored in an sdist. Level 3: in a zip inside another sdist.
  const auto sdist = dir / "carrier-1.0.tar.gz";
  REQUIRE(canary::write_tar_archive(sdist, {{"carrier-1.0/setup.py", "from setuptools import setup\nsetup()\n"},
                                            {"carrier-1.0/vendor/planted-1.0-py3-none-any.whl", wheel_bytes}},
                                    canary::TarFilter::Gzip, error));
  const auto zip = dir / "bundle.zip";
  REQUIRE(canary::write_zip_archive(zip, {{"wheels/planted-1.0-py3-none-any.whl", wheel_bytes}},
                                    canary::ZipMethod::Store, error));
  const auto deep = dir / "deep-1.0.tar.gz";
  REQUIRE(canary::write_tar_archive(deep, {{"deep-1.0/bundle.zip", read_text(zip)}}, canary::TarFilter::Gzip, error));
  struct Case {
    std::filesystem::path artifact;
    std::string first_entry;
    std::string depth;  // --max-archive-depth: the default (2) opens the level-2 archives only
  };
  for (const Case& c : {Case{sdist, "carrier-1.0/vendor/planted-1.0-py3-none-any.whl!/", "2"},
                        Case{deep, "deep-1.0/bundle.zip!/wheels/planted-1.0-py3-none-any.whl!/", "3"}}) {
    INFO(c.artifact);
    json r = scan_json({"--no-hashfeeds", "--hashfeed", feed.string(), "--max-archive-depth", c.depth},
                       c.artifact.string());
    std::vector<json> hits = findings_of(r, "KNOWN_BAD_ARTIFACT");
    REQUIRE(hits.size() == 1);
    CHECK_THAT(std::string(hits[0]["file"]), Catch::StartsWith(c.first_entry));
    CHECK_THAT(std::string(hits[0]["excerpt"]), Catch::Contains("planted release"));
    CHECK(r["verdict"] == "MALICIOUS");
    // The carrier itself is not listed; without the feed nothing is reported.
    json plain = scan_json({"--no-hashfeeds"}, c.artifact.string());
    CHECK(findings_of(plain, "KNOWN_BAD_ARTIFACT").empty());
  }
}

TEST_CASE("indicator domains and URLs from a feed are found in code, as whole host names", "[cli][hashfeeds]") {
  TempDir dir;
  const auto wheel = dir / "ioc-1.0-py3-none-any.whl";
  write_wheel(wheel, {{"ioc/__init__.py", "URL = 'https://x.Beacon.Example.INVALID/c'\n"},
                      {"ioc/other.py", "HOST = 'notbeacon.example.invalid'\n"},
                      {"ioc-1.0.dist-info/METADATA", "Name: ioc\nVersion: 1.0\n"}});
  const auto feed = dir / "ioc.toml";
  write_file(feed, std::string(kHeader) + "\n[[ioc]]\ndomain = \"beacon.example.invalid\"\nreason = \"test C2\"\n");
  json r = scan_json({"--no-hashfeeds", "--hashfeed", feed.string()}, wheel.string());
  std::vector<json> hits = findings_of(r, "KNOWN_BAD_IOC");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["file"] == "ioc/__init__.py");
  CHECK_THAT(std::string(hits[0]["excerpt"]),
             Catch::Contains("file.ioc_hits = 1") && Catch::Contains("on line 1") && Catch::Contains("test C2"));
}

TEST_CASE("malformed feeds stop the scan with FILE:LINE:COL and exit 2", "[cli][hashfeeds]") {
  TempDir dir;
  write_wheel(dir / "x-1.0-py3-none-any.whl", {{"x/__init__.py", "x = 1\n"}, {"x-1.0.dist-info/METADATA", "Name: x\n"}});
  struct Case {
    std::string text, position, message;
  };
  const std::vector<Case> cases{
      {"format = \"canary-hashfeed\"\nformat-version = 2\nname = \"n\"\n", ":2:", "format-version 2 is not supported"},
      {"format = \"other\"\nformat-version = 1\n", ":1:", "`format` must be \"canary-hashfeed\""},
      {std::string(kHeader) + "\n[[hash]]\nsha256 = \"abc\"\nscope = \"file\"\nname = \"n\"\nreason = \"r\"\n",
       ":6:", "`sha256` must be 64 hexadecimal digits"},
      {std::string(kHeader) + "\n[[hash]]\nsha256 = \"" + std::string(64, 'a') +
           "\"\nscope = \"everything\"\nname = \"n\"\nreason = \"r\"\n",
       ":7:", "`scope` must be \"file\" or \"artifact\""},
      {std::string(kHeader) + "\n[[ioc]]\ndomain = \"x.example\"\nurl = \"https://x.example/\"\nreason = \"r\"\n",
       ":5:", "[[ioc]] needs exactly one of `domain` and `url`"},
      {std::string(kHeader) + "colour = 1\n", ":4:", "unknown key `colour`"},
      {std::string(kHeader) + "\n[[hash]]\nsha256 = \"" + std::string(64, 'a') +
           "\"\nscope = \"file\"\nsize = -3\nname = \"n\"\nreason = \"r\"\n",
       ":8:", "`size` must be a whole number of bytes"},
      {std::string(kHeader) + "\n[[hash]]\nsha256 = \"" + std::string(64, 'a') +
           "\"\nscope = \"file\"\nsize = \"12 KB\"\nname = \"n\"\nreason = \"r\"\n",
       ":8:", "`size` must be a whole number of bytes"},
      {std::string(kHeader) + "[[hash]\n", ":4:", "invalid TOML"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto feed = dir / ("bad" + std::to_string(i) + ".toml");
    write_file(feed, cases[i].text);
    ProcessResult r = run_canary({"scan", "--no-config", "--hashfeed", feed.string(), (dir / "x-1.0-py3-none-any.whl").string()});
    INFO("case " << i << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(feed.string() + cases[i].position) && Catch::Contains(cases[i].message));
    CHECK(r.out.empty());
  }
}

TEST_CASE("the default feed is loaded and lists the LiteLLM 1.82.8 start-up hook", "[cli][hashfeeds]") {
  ProcessResult r = run_canary({"scan", "--no-config", "--fail-on", "none", corpus_artifact("benign_sdist-1.0.tar.gz").string()});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("hashfeeds: 1 hash, 1 indicator"));
  std::string text = read_text(source_dir() / "hashfeeds" / "known-bad.toml");
  CHECK_THAT(text, Catch::Contains("71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238"));
  ProcessResult off = run_canary({"scan", "--no-config", "--no-hashfeeds", "--fail-on", "none",
                                  corpus_artifact("benign_sdist-1.0.tar.gz").string()});
  CHECK_THAT(off.err, !Catch::Contains("hashfeeds:"));
}
