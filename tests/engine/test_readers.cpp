// Artifact readers on real archives built by the tests (libzip/libarchive
// writers or hand-written zip bytes), on the real wheels Debian ships, and on
// the real malware development set (read in memory only).
#include <sys/stat.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <optional>

#include "engine/artifact.hpp"
#include "engine/file_kind.hpp"
#include "engine/sha256.hpp"
#include "support/artifact_builder.hpp"

using namespace canary;
using canary::test::FileSpec;
using canary::test::TempDir;
namespace fs = std::filesystem;

namespace {

FileSpec file(std::string name, std::string content, unsigned mode = 0644) {
  return FileSpec{std::move(name), std::move(content), false, false, mode};
}
FileSpec soft_link(std::string name, std::string target) { return FileSpec{std::move(name), std::move(target), true, false, 0777}; }
FileSpec hard_link(std::string name, std::string target) {
  return FileSpec{std::move(name), std::move(target), false, true, 0644};
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

bool any_error_contains(const test::ReadResult& r, const std::string& needle) {
  for (const auto& e : r.errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = char('a' + (i * 31 + i / 7) % 26);
  return s;
}

// Letters from a linear congruential generator: compresses only about 1.6:1.
std::string noise(size_t n) {
  std::string s(n, '\0');
  uint32_t x = 12345;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s[i] = char('a' + (x >> 16) % 26);
  }
  return s;
}

}  // namespace

TEST_CASE("normalize_entry_path cleans names and flags unsafe ones", "[readers]") {
  struct Case {
    std::string stored, path;
    bool unsafe;
  };
  const std::vector<Case> cases = {
      {"pkg/mod.py", "pkg/mod.py", false},
      {"./pkg//mod.py", "pkg/mod.py", false},
      {"pkg/./sub/./x.py", "pkg/sub/x.py", false},
      {"pkg/", "pkg", false},
      {"/etc/passwd", "etc/passwd", true},
      {"//etc//x", "etc/x", true},
      {"../x", "../x", true},
      {"pkg/../../x", "pkg/../../x", true},
      {"a\\b", "a/b", true},
      {"..\\evil.py", "../evil.py", true},
      {"C:/x", "C:/x", true},
      {"c:x", "c:x", true},
      {std::string("a\0b", 3), std::string("a\0b", 3), true},
      {"ctl\x01name", "ctl\x01name", true},
      {"del\x7f", "del\x7f", true},
      {"...", "...", false},
      {"..foo/x", "..foo/x", false},
      {"caf\xc3\xa9.py", "caf\xc3\xa9.py", false},
  };
  for (const Case& c : cases) {
    bool unsafe = !c.unsafe;
    INFO("stored: " << c.stored);
    CHECK(normalize_entry_path(c.stored, unsafe) == c.path);
    CHECK(unsafe == c.unsafe);
  }
}

TEST_CASE("artifact kinds have stable names", "[readers]") {
  CHECK(to_string(ArtifactKind::Wheel) == "wheel");
  CHECK(to_string(ArtifactKind::Sdist) == "sdist");
  CHECK(to_string(ArtifactKind::Zip) == "zip");
  CHECK(to_string(ArtifactKind::Directory) == "directory");
}

TEST_CASE("a normal wheel is read entry by entry, in archive order, without stripping", "[readers][zip]") {
  TempDir dir;
  const fs::path whl = dir / "demo-1.0-py3-none-any.whl";
  test::write_wheel(whl, {file("demo/__init__.py", "from .core import run\n"),
                          file("demo/core.py", "def run():\n    return 42\n"),
                          file("demo/bin/tool", "#!/usr/bin/env python3\nprint(1)\n", 0755),
                          file("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"),
                          file("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")});
  test::ReadResult r = test::read_artifact(whl);
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  CHECK(r.kind == ArtifactKind::Wheel);
  CHECK(r.paths() == std::vector<std::string>{"demo/__init__.py", "demo/core.py", "demo/bin/tool",
                                              "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL",
                                              "demo-1.0.dist-info/RECORD"});
  const auto* core = r.find("demo/core.py");
  REQUIRE(core);
  CHECK(core->second == "def run():\n    return 42\n");
  CHECK(core->first.declared_size == core->second.size());
  CHECK(core->first.compressed_size > 0);
  CHECK_FALSE(core->first.truncated);
  CHECK_FALSE(core->first.unsafe_path);
  CHECK(classify_file("demo/bin/tool", r.find("demo/bin/tool")->second) == FileKind::Python);
  // The generated RECORD lists the right hash for each member.
  const std::string record = r.find("demo-1.0.dist-info/RECORD")->second;
  CHECK_THAT(record, Catch::Contains("demo/core.py," + wheel_record_hash(core->second) + ",25\n"));
  CHECK_THAT(record, Catch::Contains("demo-1.0.dist-info/RECORD,,\n"));
}

TEST_CASE("generated RECORD quotes names that CSV needs quoted", "[readers][zip]") {
  TempDir dir;
  test::write_wheel(dir / "x-1.0-py3-none-any.whl",
                    {file("x/a,b.txt", "1"), file("x/q\"uote.txt", "2"), file("x-1.0.dist-info/METADATA", "Name: x\n")});
  const std::string record = test::read_artifact(dir / "x-1.0-py3-none-any.whl").find("x-1.0.dist-info/RECORD")->second;
  CHECK_THAT(record, Catch::Contains("\"x/a,b.txt\"," + wheel_record_hash("1") + ",1\n"));
  CHECK_THAT(record, Catch::Contains("\"x/q\"\"uote.txt\"," + wheel_record_hash("2") + ",1\n"));
}

TEST_CASE("zip entries are readable with every compression libzip writes", "[readers][zip]") {
  TempDir dir;
  const std::string body = pattern(200000);
  for (ZipMethod m : {ZipMethod::Store, ZipMethod::Deflate, ZipMethod::Bzip2, ZipMethod::Xz}) {
    // Debian's libzip 1.7 may lack an encoder for some methods (xz); skip what it cannot write.
    if (m == ZipMethod::Xz && !zip_compression_method_supported(ZIP_CM_XZ, 1)) continue;
    const fs::path zip = dir / ("m" + std::to_string(int(m)) + ".zip");
    test::write_zip(zip, {file("a.txt", body), file("b.txt", "small\n")}, m);
    test::ReadResult r = test::read_artifact(zip);
    INFO("method " << int(m) << ": " << r.all_errors());
    REQUIRE(r.ok);
    CHECK(r.errors.empty());
    REQUIRE(r.entries.size() == 2);
    CHECK(r.entries[0].second == body);
    CHECK(r.entries[1].second == "small\n");
  }
}

TEST_CASE("a zip with one top-level directory is stripped like an sdist, mixed tops are not", "[readers][zip]") {
  TempDir dir;
  test::write_zip(dir / "proj-1.0.zip", {file("proj-1.0/setup.py", "from setuptools import setup\n"),
                                         file("proj-1.0/proj/__init__.py", "")});
  test::ReadResult r = test::read_artifact(dir / "proj-1.0.zip");
  REQUIRE(r.ok);
  CHECK(r.kind == ArtifactKind::Zip);
  CHECK(r.paths() == std::vector<std::string>{"setup.py", "proj/__init__.py"});
  CHECK(r.entries[0].first.stored_path == "proj-1.0/setup.py");

  test::write_zip(dir / "mixed.egg", {file("a/x.py", ""), file("b/y.py", "")});
  test::ReadResult mixed = test::read_artifact(dir / "mixed.egg");
  REQUIRE(mixed.ok);
  CHECK(mixed.kind == ArtifactKind::Zip);
  CHECK(mixed.paths() == std::vector<std::string>{"a/x.py", "b/y.py"});

  test::write_zip(dir / "top.zip", {file("pkg/x.py", ""), file("README", "")});
  CHECK(test::read_artifact(dir / "top.zip").paths() == std::vector<std::string>{"pkg/x.py", "README"});

  // Wheels are never stripped, even with a single top directory.
  test::write_zip(dir / "one-1.0-py3-none-any.whl", {file("one/__init__.py", ""), file("one/x.py", "")});
  CHECK(test::read_artifact(dir / "one-1.0-py3-none-any.whl").paths() ==
        std::vector<std::string>{"one/__init__.py", "one/x.py"});
}

TEST_CASE("zip symlinks are reported with their target, not followed", "[readers][zip]") {
  TempDir dir;
  test::write_zip(dir / "links.zip", {file("pkg/real.py", "x = 1\n"), soft_link("pkg/link.py", "/etc/passwd")});
  test::ReadResult r = test::read_artifact(dir / "links.zip");
  REQUIRE(r.ok);
  const auto* link = r.find("link.py");
  REQUIRE(link);
  CHECK(link->first.is_symlink);
  CHECK(link->second == "/etc/passwd");
  CHECK_FALSE(r.find("real.py")->first.is_symlink);
}

TEST_CASE("hostile names in zips are kept and flagged unsafe", "[readers][zip]") {
  TempDir dir;
  test::write_zip(dir / "evil-1.0-py3-none-any.whl",
                  {file("../escape.py", "a"), file("/etc/cron.d/x", "b"), file("pkg\\win.py", "c"),
                   file("C:/x.py", "d"), file("pkg/ctl\x01name.py", "e"), file("pkg/ok.py", "f")});
  test::ReadResult r = test::read_artifact(dir / "evil-1.0-py3-none-any.whl");
  REQUIRE(r.ok);
  std::map<std::string, bool> unsafe;
  for (const auto& [e, content] : r.entries) {
    unsafe[e.stored_path] = e.unsafe_path;
    UNSCOPED_INFO(e.stored_path << " -> " << e.path << (e.unsafe_path ? " unsafe" : " safe"));
  }
  CHECK(unsafe == std::map<std::string, bool>{{"../escape.py", true},
                                              {"/etc/cron.d/x", true},
                                              {"pkg\\win.py", true},
                                              {"C:/x.py", true},
                                              {"pkg/ctl\x01name.py", true},
                                              {"pkg/ok.py", false}});
  CHECK(r.find("../escape.py"));
  CHECK(r.find("etc/cron.d/x"));
  CHECK(r.find("pkg/win.py"));
}

TEST_CASE("a zip with duplicate names is read in full and reported as inconsistent", "[readers][zip]") {
  TempDir dir;
  test::write_raw_zip(dir / "dup-1.0-py3-none-any.whl", {test::raw_stored("dup/x.py", "print('shown first')\n"),
                                                         test::raw_deflated("dup/x.py", "print('installed last')\n"),
                                                         test::raw_stored("dup/y.py", "y\n")});
  test::ReadResult r = test::read_artifact(dir / "dup-1.0-py3-none-any.whl");
  REQUIRE(r.ok);
  REQUIRE(r.entries.size() == 3);
  CHECK(r.entries[0].second == "print('shown first')\n");
  CHECK(r.entries[1].second == "print('installed last')\n");
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0], Catch::Contains("fails the consistency check"));
}

TEST_CASE("zip entries are files unless their name ends in '/', whatever their mode says", "[readers][zip]") {
  TempDir dir;
  test::RawZipEntry dir_mode = test::raw_stored("pkg/hidden.py", "import os\n");
  dir_mode.external_attributes = 0040755u << 16;  // S_IFDIR, but pip installs it as a file
  test::RawZipEntry fifo_mode = test::raw_stored("pkg/fifo.py", "import sys\n");
  fifo_mode.external_attributes = 0010644u << 16;  // S_IFIFO
  test::RawZipEntry real_dir = test::raw_stored("pkg/", "");
  test::write_raw_zip(dir / "modes-1.0-py3-none-any.whl", {real_dir, dir_mode, fifo_mode});
  test::ReadResult r = test::read_artifact(dir / "modes-1.0-py3-none-any.whl");
  REQUIRE(r.ok);
  CHECK(r.paths() == std::vector<std::string>{"pkg/hidden.py", "pkg/fifo.py"});
  CHECK(r.find("pkg/hidden.py")->second == "import os\n");
  CHECK(r.find("pkg/fifo.py")->first.is_special);
  CHECK(r.find("pkg/fifo.py")->second == "import sys\n");
}

TEST_CASE("zip entries are cut at max_entry_bytes", "[readers][zip]") {
  TempDir dir;
  const std::string big = pattern(5000);
  test::write_zip(dir / "big.zip", {file("big.txt", big), file("exact.txt", big.substr(0, 1000)), file("small.txt", "hi")});
  ReadLimits limits;
  limits.max_entry_bytes = 1000;
  test::ReadResult r = test::read_artifact(dir / "big.zip", limits);
  REQUIRE(r.ok);
  const auto* b = r.find("big.txt");
  REQUIRE(b);
  CHECK(b->first.truncated);
  CHECK_FALSE(b->first.bomb);
  CHECK(b->second == big.substr(0, 1000));
  CHECK(b->first.declared_size == 5000);
  CHECK_FALSE(r.find("exact.txt")->first.truncated);
  CHECK(r.find("exact.txt")->second.size() == 1000);
  CHECK(r.find("small.txt")->second == "hi");

  test::write_zip(dir / "stored.zip", {file("big.txt", big)}, ZipMethod::Store);
  test::ReadResult s = test::read_artifact(dir / "stored.zip", limits);
  REQUIRE(s.entries.size() == 1);
  CHECK(s.entries[0].first.truncated);
  CHECK(s.entries[0].second == big.substr(0, 1000));
}

TEST_CASE("a zip bomb is caught after about a megabyte without inflating it", "[readers][zip][bomb]") {
  TempDir dir;
  const uint64_t inflated = 200ull << 20;
  test::RawZipEntry bomb = test::raw_deflated_zeros("pkg/zeros.bin", inflated);
  REQUIRE(bomb.data.size() < inflated / 1000);  // really deflated ~1000:1
  test::write_raw_zip(dir / "bomb.zip", {test::raw_stored("before.py", "a = 1\n"), bomb,
                                         test::raw_stored("pkg/after.py", "b = 2\n")});
  const auto start = std::chrono::steady_clock::now();
  test::ReadResult r = test::read_artifact(dir / "bomb.zip");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(r.ok);
  const auto* z = r.find("pkg/zeros.bin");
  REQUIRE(z);
  CHECK(z->first.bomb);
  CHECK(z->first.truncated);
  CHECK(z->first.declared_size == inflated);
  CHECK(z->second.size() < (2u << 20));  // stopped near the 1 MiB threshold
  CHECK(any_error_contains(r, "decompression bomb"));
  CHECK(r.find("pkg/after.py")->second == "b = 2\n");  // later entries are still read
  CHECK(elapsed < std::chrono::seconds(5));  // milliseconds in practice; generous for a loaded CI box

  // A lower ratio limit catches a milder bomb; a normal file is never one.
  test::write_raw_zip(dir / "mild.zip", {test::raw_deflated_zeros("z", 4u << 20), test::raw_deflated("t", noise(3u << 20))});
  ReadLimits strict;
  strict.max_ratio = 50;
  test::ReadResult m = test::read_artifact(dir / "mild.zip", strict);
  CHECK(m.find("z")->first.bomb);
  CHECK_FALSE(m.find("t")->first.bomb);
  CHECK(m.find("t")->second.size() == (3u << 20));
}

TEST_CASE("zip declared sizes are not trusted", "[readers][zip]") {
  TempDir dir;
  const std::string content = pattern(100000);
  test::RawZipEntry liar = test::raw_deflated("pkg/liar.py", content);
  liar.declared_size = 10;  // claims 10 bytes, inflates to 100000
  test::RawZipEntry stored_liar = test::raw_stored("pkg/stored.py", "print('hidden tail')\n");
  stored_liar.declared_size = 5;
  test::write_raw_zip(dir / "liar.zip", {liar, stored_liar, test::raw_stored("README", "top-level file: no stripping\n")});
  test::ReadResult r = test::read_artifact(dir / "liar.zip");
  REQUIRE(r.ok);
  const auto* e = r.find("pkg/liar.py");
  REQUIRE(e);
  CHECK(e->second == content);  // every real byte is scanned
  CHECK(e->first.declared_size == 10);
  CHECK(e->first.size_mismatch);
  CHECK(e->first.inflated_size == 100000);
  CHECK(r.find("pkg/stored.py")->second == "print('hidden tail')\n");
  CHECK_FALSE(r.find("README")->first.size_mismatch);
  CHECK(any_error_contains(r, "declared size 10 but content is 100000 bytes"));

  ReadLimits limits;
  limits.max_entry_bytes = 4096;
  test::ReadResult cut = test::read_artifact(dir / "liar.zip", limits);
  CHECK(cut.find("pkg/liar.py")->first.truncated);
  CHECK(cut.find("pkg/liar.py")->second.size() == 4096);
  // Cut short, it has already said more than its header claimed.
  CHECK(cut.find("pkg/liar.py")->first.size_mismatch);
}

TEST_CASE("encrypted, unsupported and corrupt zip entries give an error line and the rest is read",
          "[readers][zip]") {
  TempDir dir;
  test::RawZipEntry encrypted = test::raw_stored("secret.py", "garbage that would be ciphertext");
  encrypted.flags = 1;
  test::RawZipEntry imploded = test::raw_stored("old.py", "whatever");
  imploded.method = 6;  // "imploded": neither zlib nor libzip reads it
  test::RawZipEntry bad_crc = test::raw_deflated("crc.py", "print('x')\n");
  bad_crc.crc ^= 0xffff;
  test::RawZipEntry bad_data = test::raw_stored("junk.py", "\xff\xff\xff\xff not deflate");
  bad_data.method = 8;
  test::write_raw_zip(dir / "mixed.zip", {encrypted, imploded, bad_crc, bad_data, test::raw_stored("fine.py", "ok\n")});
  test::ReadResult r = test::read_artifact(dir / "mixed.zip");
  INFO(r.all_errors());
  REQUIRE(r.ok);
  CHECK(r.find("fine.py")->second == "ok\n");
  CHECK(r.find("secret.py")->second.empty());
  CHECK(r.find("secret.py")->first.truncated);
  CHECK(r.find("old.py")->second.empty());
  CHECK(r.find("crc.py")->second == "print('x')\n");
  CHECK(r.find("crc.py")->first.crc_mismatch);
  CHECK_FALSE(r.find("crc.py")->first.truncated);
  CHECK_FALSE(r.find("fine.py")->first.crc_mismatch);
  CHECK(r.find("fine.py")->first.inflated_size == 3);
  CHECK(any_error_contains(r, "zip entry 'secret.py': encrypted"));
  CHECK(any_error_contains(r, "zip entry 'old.py': unsupported compression method 6"));
  CHECK(any_error_contains(r, "zip entry 'crc.py': CRC mismatch"));
  CHECK(any_error_contains(r, "zip entry 'junk.py': invalid deflate data"));
  CHECK(r.errors.size() == 4);
}

TEST_CASE("corrupt, truncated and mislabelled zips fail cleanly", "[readers][zip]") {
  TempDir dir;
  test::write_file(dir / "fake-1.0-py3-none-any.whl", "this is not a zip file at all\n");
  test::ReadResult fake = test::read_artifact(dir / "fake-1.0-py3-none-any.whl");
  REQUIRE(fake.opened);
  CHECK(fake.kind == ArtifactKind::Wheel);
  CHECK_FALSE(fake.ok);
  CHECK(fake.entries.empty());
  REQUIRE(fake.errors.size() == 1);
  CHECK_THAT(fake.errors[0], Catch::Contains("cannot read fake-1.0-py3-none-any.whl as a zip archive"));

  test::write_zip(dir / "good.zip", {file("a.py", pattern(50000)), file("b.py", pattern(50000))});
  const std::string bytes = test::read_file(dir / "good.zip");
  test::write_file(dir / "half.zip", bytes.substr(0, bytes.size() / 2));
  test::ReadResult half = test::read_artifact(dir / "half.zip");
  CHECK_FALSE(half.ok);
  CHECK(half.entries.empty());
  CHECK_FALSE(half.errors.empty());

  // Central directory intact, local data overwritten: per-entry errors only.
  std::string smashed = bytes;
  REQUIRE(bytes.size() > 200);
  for (size_t i = 40; i < 80; ++i) smashed[i] = char(i * 13);  // inside a.py's deflate data
  test::write_file(dir / "smashed.zip", smashed);
  test::ReadResult s = test::read_artifact(dir / "smashed.zip");
  CHECK(s.ok);
  CHECK(s.paths() == std::vector<std::string>{"a.py", "b.py"});
  CHECK(s.find("b.py")->second == pattern(50000));
  CHECK(any_error_contains(s, "zip entry 'a.py'"));

  test::write_file(dir / "empty.whl", "");
  CHECK_FALSE(test::read_artifact(dir / "empty.whl").ok);
}

TEST_CASE("max_entries and max_total_bytes stop reading with a clear error", "[readers][zip][tar][dir]") {
  TempDir dir;
  std::vector<FileSpec> files;
  for (int i = 0; i < 10; ++i) files.push_back(file("pkg-1.0/f" + std::to_string(i) + ".txt", std::string(1000, 'x')));
  test::write_zip(dir / "many.zip", files);
  test::write_tar_gz(dir / "many.tar.gz", files);
  fs::create_directories(dir / "tree");
  for (int i = 0; i < 10; ++i) test::write_file(dir / "tree" / ("f" + std::to_string(i)), std::string(1000, 'x'));

  for (const fs::path& p : {dir / "many.zip", dir / "many.tar.gz", dir / "tree"}) {
    INFO(p.filename());
    ReadLimits few;
    few.max_entries = 3;
    test::ReadResult r = test::read_artifact(p, few);
    CHECK(r.ok);
    CHECK(r.entries.size() == 3);
    CHECK(r.errors == std::vector<std::string>{"stopped after 3 entries (limit --max-entries)"});

    ReadLimits exact;
    exact.max_entries = 10;
    CHECK(test::read_artifact(p, exact).errors.empty());

    ReadLimits small;
    small.max_total_bytes = 2500;
    test::ReadResult t = test::read_artifact(p, small);
    CHECK(t.ok);
    CHECK(t.entries.size() <= 3);
    CHECK(t.entries.size() >= 2);
    CHECK(any_error_contains(t, "(limit --max-total-bytes)"));
    uint64_t kept = 0;
    for (const auto& [e, c] : t.entries) kept += c.size();
    CHECK(kept <= 2500);
  }
}

TEST_CASE("sdist tar.gz and tar.bz2: first directory stripped, links and hostile names kept", "[readers][tar]") {
  TempDir dir;
  const std::vector<FileSpec> files = {
      file("demo-1.0/setup.py", "from setuptools import setup\nsetup(name='demo')\n"),
      file("demo-1.0/PKG-INFO", "Name: demo\n"),
      file("demo-1.0/demo/__init__.py", "", 0755),
      soft_link("demo-1.0/demo/link.py", "../../../../etc/passwd"),
      hard_link("demo-1.0/demo/hard.py", "demo-1.0/setup.py"),
      file("demo-1.0/../escape.py", "x"),
      file("/etc/evil.conf", "y"),
      file("demo-1.0/a\\b.py", "z"),
      file("C:/win.py", "w"),
      file("demo-1.0/ctl\x02.py", "c"),
      file("toplevel.txt", "t"),
  };
  for (auto [name, filter] : {std::pair{"demo-1.0.tar.gz", TarFilter::Gzip}, std::pair{"demo-1.0.tar.bz2", TarFilter::Bzip2},
                              std::pair{"demo-1.0.tar.xz", TarFilter::Xz}, std::pair{"demo-1.0.tar", TarFilter::None}}) {
    INFO(name);
    test::write_tar(dir / name, files, filter);
    test::ReadResult r = test::read_artifact(dir / name);
    INFO(r.all_errors());
    REQUIRE(r.ok);
    CHECK(r.kind == ArtifactKind::Sdist);
    CHECK(r.errors.empty());
    CHECK(r.paths() == std::vector<std::string>{"setup.py", "PKG-INFO", "demo/__init__.py", "demo/link.py",
                                                "demo/hard.py", "../escape.py", "etc/evil.conf", "a/b.py",
                                                "C:/win.py", "ctl\x02.py", "toplevel.txt"});
    CHECK(r.find("setup.py")->second == "from setuptools import setup\nsetup(name='demo')\n");
    CHECK(r.find("setup.py")->first.declared_size == r.find("setup.py")->second.size());
    CHECK(classify_file("setup.py", r.find("setup.py")->second) == FileKind::SetupPy);
    const auto* link = r.find("demo/link.py");
    CHECK(link->first.is_symlink);
    CHECK(link->second == "../../../../etc/passwd");
    const auto* hard = r.find("demo/hard.py");
    CHECK(hard->first.is_hardlink);
    CHECK(hard->second == "demo-1.0/setup.py");
    for (const auto& [e, content] : r.entries) {
      INFO(e.stored_path);
      const bool hostile = e.stored_path.find("..") != std::string::npos || e.stored_path[0] == '/' ||
                           e.stored_path.find('\\') != std::string::npos || e.stored_path.rfind("C:", 0) == 0 ||
                           e.stored_path.find('\x02') != std::string::npos;
      CHECK(e.unsafe_path == hostile);
    }
  }
}

TEST_CASE("tar entries are cut at max_entry_bytes and later entries still read", "[readers][tar]") {
  TempDir dir;
  const std::string big = pattern(300000);
  test::write_tar_gz(dir / "big-1.0.tar.gz", {file("big-1.0/big.txt", big), file("big-1.0/after.py", "after\n")});
  ReadLimits limits;
  limits.max_entry_bytes = 1000;
  test::ReadResult r = test::read_artifact(dir / "big-1.0.tar.gz", limits);
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  CHECK(r.find("big.txt")->first.truncated);
  CHECK(r.find("big.txt")->second == big.substr(0, 1000));
  CHECK(r.find("big.txt")->first.declared_size == big.size());
  CHECK(r.find("after.py")->second == "after\n");
}

TEST_CASE("a bzip2 tar bomb is flagged by ratio, later entries are still reached", "[readers][tar][bomb]") {
  TempDir dir;
  // bzip2 squeezes zeros far beyond 1000:1.
  test::write_tar(dir / "bomb-1.0.tar.bz2", {file("bomb-1.0/zeros", std::string(64u << 20, '\0')),
                                             file("bomb-1.0/after.py", "x\n")},
                  TarFilter::Bzip2);
  REQUIRE(fs::file_size(dir / "bomb-1.0.tar.bz2") < 10000);
  test::ReadResult r = test::read_artifact(dir / "bomb-1.0.tar.bz2");
  REQUIRE(r.ok);
  const auto* z = r.find("zeros");
  REQUIRE(z);
  CHECK(z->first.bomb);
  CHECK(z->first.truncated);
  // The whole compressed file is in libarchive's first read block, so the
  // ratio only passes 1000 after 16 MiB; it stops keeping content there.
  CHECK(z->second.size() < (24u << 20));
  CHECK(any_error_contains(r, "decompression bomb"));
  CHECK(r.find("after.py")->second == "x\n");

  // With a smaller total budget the rest of the bomb is not inflated either.
  ReadLimits tight;
  tight.max_total_bytes = 32u << 20;
  test::ReadResult t = test::read_artifact(dir / "bomb-1.0.tar.bz2", tight);
  CHECK(t.find("zeros")->first.bomb);
  CHECK_FALSE(t.find("after.py"));
  CHECK(any_error_contains(t, "(limit --max-total-bytes)"));
}

TEST_CASE("corrupt and truncated tarballs give errors and keep what was read", "[readers][tar]") {
  TempDir dir;
  std::vector<FileSpec> files;
  for (int i = 0; i < 20; ++i) files.push_back(file("t-1.0/f" + std::to_string(i) + ".py", pattern(20000 + i)));
  test::write_tar_gz(dir / "t-1.0.tar.gz", files);
  const std::string bytes = test::read_file(dir / "t-1.0.tar.gz");
  test::write_file(dir / "cut-1.0.tar.gz", bytes.substr(0, bytes.size() / 2));
  test::ReadResult cut = test::read_artifact(dir / "cut-1.0.tar.gz");
  CHECK(cut.ok);
  CHECK_FALSE(cut.entries.empty());
  CHECK(cut.entries.size() < 20);
  CHECK_FALSE(cut.errors.empty());
  for (const auto& [e, content] : cut.entries)
    if (!e.truncated) CHECK(content == pattern(20000 + std::stoi(e.path.substr(1))));

  test::write_file(dir / "garbage.tar.gz", "\x1f\x8b this is no gzip stream");
  test::ReadResult g = test::read_artifact(dir / "garbage.tar.gz");
  CHECK(g.opened);
  CHECK_FALSE(g.ok);
  REQUIRE(g.errors.size() == 1);
  CHECK_THAT(g.errors[0], Catch::Contains("cannot read garbage.tar.gz as a tar archive"));

  test::write_file(dir / "text.tar.gz", "plain text\n");
  CHECK_FALSE(test::read_artifact(dir / "text.tar.gz").ok);
}

TEST_CASE("directory walk: sorted, relative, symlinks reported and never followed", "[readers][dir]") {
  TempDir dir;
  const fs::path root = dir / "pkg";
  fs::create_directories(root / "sub" / "deeper");
  fs::create_directories(dir / "outside");
  test::write_file(root / "setup.py", "from setuptools import setup\n");
  test::write_file(root / "sub" / "mod.py", "x = 1\n");
  test::write_file(root / "sub" / "deeper" / "big.bin", pattern(5000));
  test::write_file(root / "sub-file.txt", "dash sorts before slash\n");
  test::write_file(dir / "outside" / "secret.txt", "must not be read\n");
  fs::create_symlink("/etc/passwd", root / "passwd-link");
  fs::create_directory_symlink(dir / "outside", root / "outside-link");
  REQUIRE(mkfifo((root / "fifo").c_str(), 0644) == 0);

  ReadLimits limits;
  limits.max_entry_bytes = 1000;
  test::ReadResult r = test::read_artifact(root, limits);
  REQUIRE(r.ok);
  CHECK(r.kind == ArtifactKind::Directory);
  CHECK(r.errors.empty());
  CHECK(r.paths() == sorted(r.paths()));
  CHECK(r.paths() == std::vector<std::string>{"fifo", "outside-link", "passwd-link", "setup.py", "sub-file.txt",
                                              "sub/deeper/big.bin", "sub/mod.py"});
  CHECK(r.find("passwd-link")->first.is_symlink);
  CHECK(r.find("passwd-link")->second == "/etc/passwd");
  CHECK(r.find("outside-link")->first.is_symlink);
  CHECK(r.find("outside-link")->second == (dir / "outside").string());
  CHECK(r.find("fifo")->first.is_special);
  CHECK(r.find("fifo")->second.empty());
  CHECK(r.find("sub/deeper/big.bin")->first.truncated);
  CHECK(r.find("sub/deeper/big.bin")->first.declared_size == 5000);
  CHECK(r.find("sub/deeper/big.bin")->second == pattern(1000));
  CHECK(r.find("sub/mod.py")->second == "x = 1\n");
  for (const auto& [e, c] : r.entries) CHECK(c.find("must not be read") == std::string::npos);
}

TEST_CASE("open_artifact picks readers by directory, extension and magic", "[readers]") {
  TempDir dir;
  test::write_zip(dir / "wheel-in-disguise.bin", {file("a.py", "")});
  test::write_tar_gz(dir / "sdist-in-disguise", {file("p-1/a.py", "")});
  test::write_file(dir / "readme.txt", "hello\n");
  test::write_zip(dir / "UPPER-1.0-PY3-NONE-ANY.WHL", {file("a.py", "")});
  std::string error;
  auto kind_of = [&](const fs::path& p) {
    error.clear();
    auto reader = open_artifact(p, ReadLimits{}, error);
    return reader ? std::optional<ArtifactKind>(reader->kind()) : std::nullopt;
  };
  CHECK(kind_of(dir.path()) == ArtifactKind::Directory);
  CHECK(kind_of(dir / "wheel-in-disguise.bin") == ArtifactKind::Zip);
  CHECK(kind_of(dir / "sdist-in-disguise") == ArtifactKind::Sdist);
  CHECK(kind_of(dir / "UPPER-1.0-PY3-NONE-ANY.WHL") == ArtifactKind::Wheel);
  CHECK(test::read_artifact(dir / "sdist-in-disguise").paths() == std::vector<std::string>{"a.py"});
  // Bytes of the other family beat the extension (the real malware set has wheels named .tar.gz).
  test::write_zip(dir / "renamed-1.0-py3-none-any.tar.gz", {file("renamed/__init__.py", ""), file("README", "")});
  test::write_tar_gz(dir / "tarball.whl", {file("p-1/a.py", "")});
  CHECK(kind_of(dir / "renamed-1.0-py3-none-any.tar.gz") == ArtifactKind::Zip);
  CHECK(test::read_artifact(dir / "renamed-1.0-py3-none-any.tar.gz").paths() ==
        std::vector<std::string>{"renamed/__init__.py", "README"});
  CHECK(kind_of(dir / "tarball.whl") == ArtifactKind::Sdist);
  CHECK_FALSE(kind_of(dir / "readme.txt"));
  CHECK_THAT(error, Catch::Contains("not a supported artifact"));
  CHECK_FALSE(kind_of(dir / "missing.whl"));
  CHECK_THAT(error, Catch::Contains("no such file or directory"));
  CHECK_FALSE(kind_of("/dev/null"));
  CHECK_THAT(error, Catch::Contains("not a regular file"));
}

TEST_CASE("randomly damaged zips and tarballs never crash a reader", "[readers][fuzz]") {
  TempDir dir;
  std::vector<FileSpec> files = {file("m-1.0/setup.py", noise(3000)), file("m-1.0/m/__init__.py", pattern(20000)),
                                 soft_link("m-1.0/m/link", "../x"), file("m-1.0/PKG-INFO", "Name: m\n")};
  test::write_zip(dir / "m.whl", files);
  test::write_tar_gz(dir / "m.tar.gz", files);
  test::write_tar(dir / "m.tar", files, TarFilter::None);
  uint32_t x = 7;
  auto next = [&] {
    x = x * 1103515245u + 12345u;
    return x >> 8;
  };
  for (const std::string name : {"m.whl", "m.tar.gz", "m.tar"}) {
    const std::string original = test::read_file(dir / name);
    for (int round = 0; round < 150; ++round) {
      std::string damaged = original;
      const int flips = 1 + int(next() % 8);
      for (int i = 0; i < flips; ++i) damaged[next() % damaged.size()] = char(next());
      if (round % 5 == 0) damaged.resize(next() % damaged.size());
      const fs::path p = dir / ("d-" + name);
      test::write_file(p, damaged);
      ReadLimits limits;
      limits.max_entry_bytes = 1u << 20;
      test::ReadResult r = test::read_artifact(p, limits);
      // Whatever happened, it is a result: entries and/or one-line errors.
      for (const auto& e : r.errors) CHECK(e.find('\n') == std::string::npos);
      CHECK((r.ok || !r.errors.empty() || !r.opened));
    }
  }
}

TEST_CASE("the real Debian wheels read completely and match their RECORD", "[readers][real]") {
  const fs::path wheels = "/usr/share/python-wheels";
  int seen = 0;
  for (const auto& it : fs::directory_iterator(wheels)) {
    if (it.path().extension() != ".whl") continue;
    ++seen;
    INFO(it.path().filename());
    test::ReadResult r = test::read_artifact(it.path());
    REQUIRE(r.ok);
    CHECK(r.kind == ArtifactKind::Wheel);
    CHECK(r.errors.empty());
    // Every RECORD line names a member with the hash our SHA-256 computes.
    const std::pair<Entry, std::string>* record = nullptr;
    for (const auto& e : r.entries)
      if (e.first.path.size() > 17 && e.first.path.ends_with(".dist-info/RECORD")) record = &e;
    REQUIRE(record);
    size_t checked = 0;
    std::string_view text = record->second;
    while (!text.empty()) {
      std::string_view line = text.substr(0, text.find('\n'));
      text.remove_prefix(std::min(text.size(), line.size() + 1));
      const size_t c1 = line.find(','), c2 = line.rfind(',');
      if (c1 == std::string_view::npos || c1 == c2 || c2 == c1 + 1) continue;
      const auto* member = r.find(std::string(line.substr(0, c1)));
      INFO(line);
      REQUIRE(member);
      CHECK(std::string(line.substr(c1 + 1, c2 - c1 - 1)) == wheel_record_hash(member->second));
      ++checked;
    }
    CHECK(checked + 1 == r.entries.size());
    for (const auto& [e, content] : r.entries) {
      CHECK_FALSE(e.unsafe_path);
      CHECK_FALSE(e.truncated);
      CHECK(e.declared_size == content.size());
    }
  }
  CHECK(seen == 3);

  test::ReadResult pip = test::read_artifact(wheels / "pip-23.0.1-py3-none-any.whl");
  const auto* init = pip.find("pip/__init__.py");
  REQUIRE(init);
  CHECK(classify_file(init->first.path, init->second) == FileKind::Python);
  CHECK_THAT(init->second, Catch::Contains("__version__ = \"23.0.1\""));
  CHECK(classify_file("pip-23.0.1.dist-info/METADATA", pip.find("pip-23.0.1.dist-info/METADATA")->second) ==
        FileKind::Metadata);

  test::ReadResult setuptools = test::read_artifact(wheels / "setuptools-66.1.1-py3-none-any.whl");
  CHECK(classify_file("distutils-precedence.pth", setuptools.find("distutils-precedence.pth")->second) ==
        FileKind::Pth);
}

TEST_CASE("every real malicious sample in the development set reads without crashing", "[.slow][readers][malware]") {
  const fs::path root = "/work/shared/corpus/malicious/pypi";
  if (!fs::exists(root)) {
    WARN("no malware corpus at " << root);
    return;
  }
  int total = 0, ok = 0, clean = 0;
  uint64_t entries = 0, unsafe = 0, symlinks = 0;
  std::map<std::string, int> failures;
  for (const auto& it : fs::recursive_directory_iterator(root)) {
    if (!it.is_regular_file()) continue;
    ++total;
    test::ReadResult r = test::read_artifact(it.path());
    if (r.ok) ++ok;
    if (r.ok && r.errors.empty()) ++clean;
    if (!r.ok || !r.errors.empty())
      failures[it.path().lexically_relative(root).string()] = int(r.errors.size());
    entries += r.entries.size();
    for (const auto& [e, c] : r.entries) {
      unsafe += e.unsafe_path;
      symlinks += e.is_symlink;
    }
    if (!r.ok) WARN(it.path().filename().string() << ": " << r.all_errors());
    else if (!r.errors.empty()) WARN(it.path().filename().string() << ": " << r.all_errors());
  }
  WARN("malware set: " << total << " archives, " << ok << " read, " << clean << " without any error, " << entries
                       << " entries, " << unsafe << " unsafe paths, " << symlinks << " symlinks");
  CHECK(total > 200);
  CHECK(ok == total);
}
