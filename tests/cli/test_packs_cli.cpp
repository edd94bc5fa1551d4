// `canary pack build/digest`, --rules with pack directories and bundles,
// --rules-sha256 pinning, and several packs in one scan.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"

using namespace canary::test;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A pack directory named `name` holding the marker rule.
fs::path make_pack(const fs::path& dir, const std::string& name) {
  write_file(dir / "canary-pack.toml", "[pack]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n");
  write_file(dir / "rules" / "marker.canary", kMarkerRule);
  return dir;
}

fs::path marker_artifact(const fs::path& tmp) {
  write_file(tmp / "pkg" / "demo" / "mod.py", "x = 'canary-test-marker-7f3a'\n");
  return tmp / "pkg";
}

// "sha256:<hex>  FILE" -> hex
std::string digest_of(const ProcessResult& r) {
  REQUIRE(r.out.rfind("sha256:", 0) == 0);
  return r.out.substr(7, 64);
}

std::vector<std::string> rule_ids(const json& report) {
  std::vector<std::string> ids;
  for (const json& f : report["findings"]) ids.push_back(f["rule"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("pack build writes a deterministic bundle and prints its digest", "[cli][packs]") {
  TempDir tmp;
  fs::path pack = make_pack(tmp / "pack", "community.demo");
  const std::string out1 = (tmp / "one.canarypack").string(), out2 = (tmp / "two.canarypack").string();
  ProcessResult b1 = run_canary({"pack", "build", pack.string(), "-o", out1});
  INFO(b1.err);
  REQUIRE(b1.exit_code == 0);
  ProcessResult b2 = run_canary({"pack", "build", pack.string(), "-o", out2});
  REQUIRE(b2.exit_code == 0);
  const std::string hex = digest_of(b1);
  CHECK(b1.out == "sha256:" + hex + "  " + out1 + "\n");
  CHECK(read_bytes(out1) == read_bytes(out2));
  CHECK(read_bytes(out1).rfind("canary-bundle 1\nfile canary-pack.toml ", 0) == 0);
  // The digest of the directory is the digest of the bundle it builds.
  CHECK(digest_of(run_canary({"pack", "digest", pack.string()})) == hex);
  CHECK(digest_of(run_canary({"pack", "digest", out1})) == hex);
  // No temporary file is left beside the output.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 2);

  SECTION("refuses to overwrite a directory") {
    fs::create_directories(tmp / "adir");
    ProcessResult r = run_canary({"pack", "build", pack.string(), "-o", (tmp / "adir").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("refusing to overwrite directory") != std::string::npos);
  }
  SECTION("refuses what is not a pack directory") {
    write_file(tmp / "loose" / "x.canary", kMarkerRule);
    ProcessResult r = run_canary({"pack", "build", (tmp / "loose").string(), "-o", (tmp / "x.canarypack").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is not a pack directory (it has no canary-pack.toml)") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "x.canarypack"));
  }
  SECTION("a pack with errors is not built") {
    write_file(pack / "rules" / "broken.canary", "rule {");
    ProcessResult r = run_canary({"pack", "build", pack.string(), "-o", (tmp / "b.canarypack").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("broken.canary:1:") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "b.canarypack"));
  }
}

TEST_CASE("a scan pinned to a bundle's digest runs, and is refused once one byte changes", "[cli][packs]") {
  TempDir tmp;
  fs::path pack = make_pack(tmp / "pack", "community.demo");
  const std::string bundle = (tmp / "demo.canarypack").string();
  const std::string hex = digest_of(run_canary({"pack", "build", pack.string(), "-o", bundle}));
  const std::string artifact = marker_artifact(tmp.path()).string();

  ProcessResult ok = run_canary({"scan", "--format", "jsonl", "--rules", bundle, "--rules-sha256", hex, artifact});
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(rule_ids(parse_jsonl(ok.out).at(0)) == std::vector<std::string>{"community.demo:TEST_MARKER"});
  // The form `pack build` prints is accepted too, and so is a directory pack.
  CHECK(run_canary({"scan", "-q", "--rules", bundle, "--rules-sha256", "sha256:" + hex, artifact}).exit_code == 0);
  CHECK(run_canary({"scan", "-q", "--rules", pack.string(), "--rules-sha256", hex, artifact}).exit_code == 0);

  // One byte of the rule text changed (the bundle stays well-formed).
  std::string bytes = read_bytes(bundle);
  size_t at = bytes.find("canary-test-marker-7f3a");
  REQUIRE(at != std::string::npos);
  bytes[at] = 'C';
  write_file(bundle, bytes);
  ProcessResult refused = run_canary({"scan", "--rules", bundle, "--rules-sha256", hex, artifact});
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  const std::string now = digest_of(run_canary({"pack", "digest", bundle}));
  CHECK(refused.err == "canary scan: error: rule pack " + bundle + " has sha256 " + now +
                           ", but --rules-sha256 pins " + hex + "; refusing to scan\n");

  // A change that breaks the format is refused the same way, before parsing.
  write_file(bundle, bytes.substr(0, bytes.size() / 2));
  ProcessResult truncated = run_canary({"scan", "--rules", bundle, "--rules-sha256", hex, artifact});
  CHECK(truncated.exit_code == 2);
  CHECK(truncated.err.find("but --rules-sha256 pins " + hex + "; refusing to scan") != std::string::npos);
  // Unpinned, the damage itself is reported.
  ProcessResult unpinned = run_canary({"scan", "--rules", bundle, artifact});
  CHECK(unpinned.exit_code == 2);
  CHECK(unpinned.err.find("is not a valid bundle: truncated bundle") != std::string::npos);
}

TEST_CASE("bad --rules-sha256 values are refused", "[cli][packs]") {
  TempDir tmp;
  fs::path a = make_pack(tmp / "a", "alpha");
  const std::string artifact = marker_artifact(tmp.path()).string();
  const std::string zeros(64, '0');
  auto err_of = [&](std::vector<std::string> args) {
    ProcessResult r = run_canary(args);
    CHECK(r.exit_code == 2);
    return r.err;
  };
  CHECK(err_of({"scan", "--rules", a.string(), "--rules-sha256", "abc", artifact}).find("expected 64 hex digits") !=
        std::string::npos);
  write_file(tmp / "x.canary", kMarkerRule);
  CHECK(err_of({"scan", "--rules", (tmp / "x.canary").string(), "--rules-sha256", zeros, artifact})
            .find("only a pack directory") != std::string::npos);
  fs::path b = make_pack(tmp / "b", "beta");
  CHECK(err_of({"scan", "--rules", a.string(), "--rules", b.string(), "--rules-sha256", zeros, artifact})
            .find("PATH=HEX") != std::string::npos);
  CHECK(err_of({"scan", "--rules", a.string(), "--rules-sha256", (tmp / "c").string() + "=" + zeros, artifact})
            .find("is not a pack directory or bundle given with --rules") != std::string::npos);
  // PATH=HEX pins the named pack only.
  const std::string hex_b = digest_of(run_canary({"pack", "digest", b.string()}));
  CHECK(run_canary({"scan", "-q", "--rules", a.string(), "--rules", b.string(), "--rules-sha256",
                    b.string() + "=" + hex_b, artifact})
            .exit_code == 0);
  CHECK(err_of({"scan", "--rules", a.string(), "--rules", b.string(), "--rules-sha256", a.string() + "=" + hex_b,
                artifact})
            .find("rule pack " + a.string() + " has sha256") != std::string::npos);
}

TEST_CASE("several packs load together, each with its namespaced ids", "[cli][packs]") {
  TempDir tmp;
  fs::path a = make_pack(tmp / "a", "alpha");
  fs::path b = make_pack(tmp / "b", "beta");
  write_file(tmp / "loose.canary", kMarkerRule);
  const std::string bundle_b = (tmp / "b.canarypack").string();
  REQUIRE(run_canary({"pack", "build", b.string(), "-o", bundle_b}).exit_code == 0);
  const std::string artifact = marker_artifact(tmp.path()).string();

  ProcessResult r = run_canary({"scan", "--format", "jsonl", "--rules", a.string(), "--rules", bundle_b, "--rules",
                                (tmp / "loose.canary").string(), artifact});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(rule_ids(parse_jsonl(r.out).at(0)) ==
        std::vector<std::string>{"TEST_MARKER", "alpha:TEST_MARKER", "beta:TEST_MARKER"});

  ProcessResult table = run_canary({"scan", "--rules", a.string(), "--rules", bundle_b, artifact});
  CHECK(table.err.find("rules: alpha 0.1.0 (" + a.string() + "), beta 0.1.0 (" + bundle_b + ") (2 rules)") !=
        std::string::npos);

  ProcessResult list = run_canary({"rules", "list", "--rules", a.string(), "--rules", bundle_b});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("alpha:TEST_MARKER") != std::string::npos);
  CHECK(list.out.find("beta:TEST_MARKER") != std::string::npos);
  ProcessResult explain = run_canary({"rules", "explain", "--rules", a.string(), "--rules", bundle_b, "beta:TEST_MARKER"});
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.rfind("beta:TEST_MARKER\n", 0) == 0);
  ProcessResult ambiguous = run_canary({"rules", "explain", "--rules", a.string(), "--rules", bundle_b, "TEST_MARKER"});
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("alpha:TEST_MARKER, beta:TEST_MARKER") != std::string::npos);
  ProcessResult compile = run_canary({"rules", "compile", "--no-cache", "--rules", a.string(), "--rules", bundle_b});
  CHECK(compile.exit_code == 0);
  CHECK(compile.out.find("rules    alpha 0.1.0 (" + a.string() + ") (1 rule)\n") != std::string::npos);
  CHECK(compile.out.find("rules    beta 0.1.0 (" + bundle_b + ") (1 rule)\n") != std::string::npos);
  ProcessResult check = run_canary({"rules", "check", a.string(), bundle_b});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("checked 2 rules") != std::string::npos);
}

TEST_CASE("two packs with one name are refused", "[cli][packs]") {
  TempDir tmp;
  fs::path a = make_pack(tmp / "a", "same");
  fs::path b = make_pack(tmp / "b", "same");
  const std::string artifact = marker_artifact(tmp.path()).string();
  ProcessResult r = run_canary({"scan", "--rules", a.string(), "--rules", b.string(), artifact});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("rule packs " + a.string() + " and " + b.string() + " are both named same") != std::string::npos);
  CHECK(run_canary({"rules", "check", a.string(), b.string()}).exit_code == 2);
  CHECK(run_canary({"rules", "list", "--rules", a.string(), "--rules", b.string()}).exit_code == 2);
}

TEST_CASE("the default pack is the named pack canary", "[cli][packs]") {
  ProcessResult r = run_canary({"rules", "list", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  json list = json::parse(r.out);
  REQUIRE_FALSE(list.empty());
  for (const json& rule : list) {
    CHECK(rule["pack"] == "canary");
    CHECK(rule["id"].get<std::string>().rfind("canary:", 0) == 0);
  }
  ProcessResult digest = run_canary({"pack", "digest", (source_dir() / "rules").string()});
  CHECK(digest.exit_code == 0);
  CHECK(digest.out.size() == 7 + 64 + 2 + (source_dir() / "rules").string().size() + 1);
}

TEST_CASE("a bad manifest stops the scan with its position", "[cli][packs]") {
  TempDir tmp;
  write_file(tmp / "p" / "canary-pack.toml", "[pack]\nname = \"p\"\nversion = \"1\"\nmin-engine = \"99.0\"\n");
  write_file(tmp / "p" / "x.canary", kMarkerRule);
  ProcessResult r = run_canary({"scan", "--rules", (tmp / "p").string(), marker_artifact(tmp.path()).string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("canary-pack.toml:4:14: error[E014]: this pack needs canary 99.0 or newer") != std::string::npos);
}
