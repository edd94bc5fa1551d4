// The cache of compiled packs from the command line: `rules compile`, hits
// on later commands, --no-cache, and a cache directory that cannot be used.
#include <catch2/catch.hpp>
#include <regex>

#include "cli_test_util.hpp"

using namespace canary::test;
namespace fs = std::filesystem;

namespace {

std::string litellm() { return corpus_artifact("litellm-1.82.8-py3-none-any.whl").string(); }

// Runs canary with CANARY_CACHE_DIR set to `dir`.
ProcessResult run_cached(const fs::path& dir, const std::vector<std::string>& args) {
  RunOptions o;
  o.env.push_back({"CANARY_CACHE_DIR", dir.string()});
  return run_canary(args, o);
}

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir / "packs", ec)) out.push_back(e.path());
  return out;
}

std::string field(const std::string& out, const std::string& name) {
  std::smatch m;
  std::regex re("(^|\\n)" + name + " +([^\\n]*)");
  return std::regex_search(out, m, re) ? m[2].str() : "";
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("rules compile writes the entry that scan then loads instead of compiling", "[cli][cache]") {
  TempDir tmp;
  const fs::path cache = tmp / "cache";
  ProcessResult c = run_cached(cache, {"rules", "compile"});
  INFO(c.out << c.err);
  REQUIRE(c.exit_code == 0);
  const std::string key = field(c.out, "key"), file = field(c.out, "cache");
  CHECK(std::regex_match(key, std::regex("[0-9a-f]{64}")));
  CHECK(file == (cache / "packs" / (key + ".ccp")).string());
  CHECK(std::regex_search(field(c.out, "compile"), std::regex("^[0-9.]+ s cold")));
  REQUIRE(entries(cache) == std::vector<fs::path>{file});

  ProcessResult cold = run_canary({"scan", "--no-cache", "--format", "json", litellm()});
  ProcessResult warm = run_cached(cache, {"scan", "--format", "json", "--profile", litellm()});
  INFO(warm.err);
  CHECK(warm.exit_code == 1);
  CHECK(warm.err.find("from cache") != std::string::npos);
  CHECK(warm.err.find(file) != std::string::npos);
  // The same report, byte for byte, but for the scan time if one were printed.
  CHECK(warm.out == cold.out);

  // Compiling again refreshes the same entry.
  ProcessResult again = run_cached(cache, {"rules", "compile"});
  CHECK(again.exit_code == 0);
  CHECK(field(again.out, "key") == key);
  CHECK(entries(cache).size() == 1);
}

TEST_CASE("the first scan fills the cache, rules list and explain use it too", "[cli][cache]") {
  TempDir tmp;
  const fs::path cache = tmp / "cache";
  write_file(tmp / "rules" / "marker.canary", kMarkerRule);
  ProcessResult first = run_cached(cache, {"scan", "--profile", "--rules", (tmp / "rules").string(), litellm()});
  INFO(first.err);
  CHECK(first.err.find("compiled: parse") != std::string::npos);
  CHECK(entries(cache).size() == 1);
  ProcessResult second = run_cached(cache, {"scan", "--profile", "--rules", (tmp / "rules").string(), litellm()});
  CHECK(second.err.find("from cache") != std::string::npos);
  CHECK(second.out == first.out);
  ProcessResult list = run_cached(cache, {"rules", "list", "--rules", (tmp / "rules").string()});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("TEST_MARKER") != std::string::npos);
  CHECK(entries(cache).size() == 1);  // the same pack, the same entry
}

TEST_CASE("every rule-loading command with --no-cache neither reads nor writes the cache", "[cli][cache]") {
  TempDir tmp;
  const fs::path cache = tmp / "cache";
  ProcessResult none = run_cached(cache, {"scan", "--no-cache", "--profile", litellm()});
  CHECK(none.exit_code == 1);
  CHECK_FALSE(fs::exists(cache));
  CHECK(none.err.find("compiled: parse") != std::string::npos);

  ProcessResult c = run_cached(cache, {"rules", "compile"});
  REQUIRE(c.exit_code == 0);
  const fs::path entry = field(c.out, "cache");
  const std::string good = read_all(entry);
  write_file(entry, "not a pack");  // a hit would fail; a read would rewrite it
  for (std::vector<std::string> args :
       {std::vector<std::string>{"scan", "--no-cache", litellm()}, {"rules", "list", "--no-cache"},
        {"rules", "explain", "--no-cache", "PTH_SPAWNS_PROCESS"},
        {"rules", "check", "--no-cache", (source_dir() / "rules").string()}}) {
    ProcessResult r = run_cached(cache, args);
    INFO(args[0] << " " << args[1] << ": " << r.err);
    CHECK(r.exit_code <= 1);
    CHECK(read_all(entry) == "not a pack");
  }
  ProcessResult compile = run_cached(cache, {"rules", "compile", "--no-cache"});
  CHECK(compile.exit_code == 0);
  CHECK(field(compile.out, "cache") == "not written (--no-cache)");
  CHECK(read_all(entry) == "not a pack");

  // Without --no-cache the damaged entry is ignored and replaced.
  ProcessResult healed = run_cached(cache, {"scan", "--profile", litellm()});
  CHECK(healed.err.find("cache entry ignored") != std::string::npos);
  CHECK(read_all(entry) == good);
}

TEST_CASE("a cache directory that cannot be created only costs a warning", "[cli][cache]") {
  TempDir tmp;
  write_file(tmp / "file", "x");
  const fs::path cache = tmp / "file" / "cache";
  ProcessResult scan = run_cached(cache, {"scan", "--format", "json", litellm()});
  CHECK(scan.exit_code == 1);  // MALICIOUS, as without a cache
  CHECK(scan.err.find("warning: compiled rules not cached") != std::string::npos);
  CHECK(nlohmann::json::parse(scan.out)["artifacts"][0]["verdict"] == "MALICIOUS");
  ProcessResult quiet = run_cached(cache, {"scan", "-q", litellm()});
  CHECK(quiet.err.find("warning") == std::string::npos);

  ProcessResult compile = run_cached(cache, {"rules", "compile"});
  CHECK(compile.exit_code == 2);
  CHECK(compile.err.find("was not cached") != std::string::npos);

  RunOptions no_home;
  no_home.env = {{"CANARY_CACHE_DIR", std::nullopt}, {"XDG_CACHE_HOME", std::nullopt}, {"HOME", std::nullopt}};
  ProcessResult homeless = run_canary({"rules", "compile"}, no_home);
  CHECK(homeless.exit_code == 2);
  CHECK(homeless.err.find("no cache directory") != std::string::npos);
  CHECK(run_canary({"scan", "-q", litellm()}, no_home).exit_code == 1);
}
