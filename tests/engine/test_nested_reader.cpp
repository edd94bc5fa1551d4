// Archives inside artifacts at the reader level (engine/nested_archives.cpp):
// what each inner entry looks like to the scanner (names, container, kind,
// level), what is not opened and why, and the budget shared across levels.
#include <catch2/catch.hpp>

#include "engine/artifact.hpp"
#include "engine/artifact_diff.hpp"
#include "support/artifact_builder.hpp"
#include "support/compressors.hpp"

using namespace canary;
using canary::test::FileSpec;
using canary::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bytes_of_wheel(const TempDir& dir, std::vector<FileSpec> files) {
  const fs::path p = dir.path() / "w.whl";
  test::write_wheel(p, std::move(files));
  std::string b = test::read_file(p);
  fs::remove(p);
  return b;
}

const std::pair<Entry, std::string>* by_stored(const test::ReadResult& r, const std::string& stored) {
  for (const auto& e : r.entries)
    if (e.first.stored_path == stored) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("an inner wheel's entries carry OUTER!/INNER names, their own path, container and kind",
          "[readers][nested]") {
  TempDir dir;
  const std::string whl = bytes_of_wheel(dir, {{"x_init.pth", "import os\n"}, {"x/__init__.py", "A = 1\n"}});
  const fs::path sdist = dir.path() / "carrier-1.0.tar.gz";
  test::write_tar_gz(sdist, {{"carrier-1.0/setup.py", "pass\n"}, {"carrier-1.0/vendor/x-1.0-py3-none-any.whl", whl}});
  test::ReadResult r = test::read_artifact(sdist);
  INFO(r.all_errors());
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  const auto* outer = by_stored(r, "carrier-1.0/vendor/x-1.0-py3-none-any.whl");
  REQUIRE(outer);
  CHECK(outer->first.archive_depth == 1);
  CHECK(outer->first.container.empty());
  CHECK(outer->first.not_opened.empty());
  const auto* pth = by_stored(r, "carrier-1.0/vendor/x-1.0-py3-none-any.whl!/x_init.pth");
  REQUIRE(pth);
  CHECK(pth->first.path == "x_init.pth");
  CHECK(pth->first.container == "vendor/x-1.0-py3-none-any.whl");
  CHECK(pth->first.container_kind == ArtifactKind::Wheel);
  CHECK(pth->first.archive_depth == 2);
  CHECK(root_path(pth->first) == "vendor/x-1.0-py3-none-any.whl!/x_init.pth");
  CHECK(pth->second == "import os\n");
  // Depth first: the wheel's entries come right after the wheel.
  CHECK(r.entries.size() == 2 + 2);  // setup.py, the wheel, its two files (no dist-info: no RECORD)

  // canary diff's snapshot lists them by that root path.
  auto reader = [&] {
    std::string err;
    return open_artifact(sdist, {}, err);
  }();
  ArtifactSnapshot snap;
  REQUIRE(snapshot_artifact(*reader, snap));
  CHECK(snap.files.count("vendor/x-1.0-py3-none-any.whl!/x_init.pth") == 1);
  CHECK(snap.files.at("vendor/x-1.0-py3-none-any.whl!/x_init.pth").kind == FileKind::Pth);
}

TEST_CASE("an inner sdist and an inner zip are read with their own reader's paths", "[readers][nested]") {
  TempDir dir;
  const fs::path inner = dir.path() / "inner-2.0.tar.gz";
  test::write_tar_gz(inner, {{"inner-2.0/setup.py", "pass\n"}});
  const fs::path z = dir.path() / "z.zip";
  test::write_zip(z, {{"a/b.txt", "hello\n"}, {"c.txt", "x\n"}});
  const fs::path outer = dir.path() / "outer-1.0-py3-none-any.whl";
  test::write_wheel(outer, {{"outer/data.bin", test::read_file(inner)}, {"outer/z.zip", test::read_file(z)}});
  test::ReadResult r = test::read_artifact(outer);
  INFO(r.all_errors());
  const auto* setup = by_stored(r, "outer/data.bin!/inner-2.0/setup.py");  // named .bin, a tarball by its magic
  REQUIRE(setup);
  CHECK(setup->first.path == "setup.py");
  CHECK(setup->first.container_kind == ArtifactKind::Sdist);
  const auto* txt = by_stored(r, "outer/z.zip!/a/b.txt");
  REQUIRE(txt);
  CHECK(txt->first.container_kind == ArtifactKind::Zip);
}

TEST_CASE("archives past max_archive_depth and cut archives are visited but not opened", "[readers][nested]") {
  TempDir dir;
  const fs::path z = dir.path() / "z.zip";
  test::write_zip(z, {{"deep.py", "A = 1\n"}});
  std::string noise;  // bytes deflate cannot shrink, so the wheel outgrows a 4 KiB read limit
  for (uint32_t x = 1; noise.size() < 50000; x = x * 1103515245u + 12345u) noise.push_back(char(x >> 24));
  const std::string whl = bytes_of_wheel(dir, {{"m/payload.zip", test::read_file(z)}, {"m/noise.bin", noise}});
  const fs::path sdist = dir.path() / "o-1.0.tar.gz";
  test::write_tar_gz(sdist, {{"o-1.0/vendor/m-1.0-py3-none-any.whl", whl}});

  test::ReadResult r = test::read_artifact(sdist);
  const auto* zip = by_stored(r, "o-1.0/vendor/m-1.0-py3-none-any.whl!/m/payload.zip");
  REQUIRE(zip);
  CHECK(zip->first.not_opened == "depth");
  CHECK_FALSE(by_stored(r, "o-1.0/vendor/m-1.0-py3-none-any.whl!/m/payload.zip!/deep.py"));

  ReadLimits three;
  three.max_archive_depth = 3;
  test::ReadResult r3 = test::read_artifact(sdist, three);
  const auto* deep = by_stored(r3, "o-1.0/vendor/m-1.0-py3-none-any.whl!/m/payload.zip!/deep.py");
  REQUIRE(deep);
  CHECK(deep->first.archive_depth == 3);
  CHECK(deep->first.container == "vendor/m-1.0-py3-none-any.whl!/m/payload.zip");

  ReadLimits small;
  small.max_entry_bytes = 4096;
  test::ReadResult rs = test::read_artifact(sdist, small);
  const auto* cut = by_stored(rs, "o-1.0/vendor/m-1.0-py3-none-any.whl");
  REQUIRE(cut);
  CHECK(cut->first.truncated);
  CHECK(cut->first.not_opened == "truncated");
  CHECK(rs.entries.size() == 1);
}

TEST_CASE("limits are shared across levels: entries and inflated bytes stop every level, said once",
          "[readers][nested]") {
  TempDir dir;
  std::vector<FileSpec> many;
  for (int i = 0; i < 50; ++i) many.push_back({"p/m" + std::to_string(i) + ".py", std::string(10000, 'a' + i % 26)});
  const std::string whl = bytes_of_wheel(dir, many);
  const fs::path sdist = dir.path() / "o-1.0.tar.gz";
  test::write_tar_gz(sdist, {{"o-1.0/vendor/a.whl", whl}, {"o-1.0/vendor/b.whl", whl}, {"o-1.0/zz.py", "Z = 1\n"}});

  ReadLimits entries;
  entries.max_entries = 30;
  test::ReadResult r = test::read_artifact(sdist, entries);
  CHECK(r.entries.size() == 30);
  int stops = 0;
  for (const auto& e : r.errors) stops += e.find("(limit --max-entries)") != std::string::npos;
  CHECK(stops == 1);
  CHECK_FALSE(by_stored(r, "o-1.0/zz.py"));

  ReadLimits bytes;
  bytes.max_total_bytes = 300000;  // less than the two wheels' entries inflate together
  test::ReadResult rb = test::read_artifact(sdist, bytes);
  int total_stops = 0;
  for (const auto& e : rb.errors) total_stops += e.find("(limit --max-total-bytes)") != std::string::npos;
  CHECK(total_stops == 1);
  CHECK_FALSE(by_stored(rb, "o-1.0/vendor/b.whl!/p/m49.py"));
}

TEST_CASE("a lone gzip file is read as its content, a corrupt inner zip is one error and reading goes on",
          "[readers][nested]") {
  TempDir dir;
  const fs::path whl = dir.path() / "w.whl";
  test::write_wheel(whl, {{"x/a.py", "A = 1\n"}});
  const std::string wb = test::read_file(whl);
  // gzip of "hello" (no tar inside), as Python's gzip.compress writes it.
  const std::string lone_gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\xcb\x48\xcd\xc9\xc9\x07\x00\x86\xa6\x10\x36\x05\x00\x00\x00",
                            25);
  const fs::path sdist = dir.path() / "o-1.0.tar.gz";
  test::write_tar_gz(sdist, {{"o-1.0/data.json.gz", lone_gz},
                             {"o-1.0/vendor/cut.whl", wb.substr(0, wb.size() / 2)},
                             {"o-1.0/zz.py", "Z = 1\n"}});
  test::ReadResult r = test::read_artifact(sdist);
  CHECK(r.ok);
  INFO(r.all_errors());
  CHECK(r.errors.size() == 1);
  CHECK(r.all_errors().find("cannot read o-1.0/vendor/cut.whl as a zip archive") != std::string::npos);
  CHECK(by_stored(r, "o-1.0/data.json.gz"));
  const auto* inner = by_stored(r, "o-1.0/data.json.gz!/data.json");
  REQUIRE(inner);
  CHECK(inner->second == "hello");
  CHECK(inner->first.path == "data.json");
  CHECK(inner->first.container == "data.json.gz");
  CHECK(inner->first.lone_stream);
  CHECK(inner->first.container_kind == ArtifactKind::Zip);  // neither a wheel nor an sdist
  CHECK(inner->first.archive_depth == 2);
  CHECK(by_stored(r, "o-1.0/zz.py"));
  CHECK(r.entries.size() == 4);
}

TEST_CASE("lone gzip, bzip2 and xz files: each is one entry named without its suffix", "[readers][nested]") {
  TempDir dir;
  const std::string code = "import os\nos.system('id')\n";
  const fs::path whl = dir.path() / "w-1.0-py3-none-any.whl";
  test::write_wheel(whl, {{"w/a.py.gz", test::zlib_of(code, true)},
                          {"w/b.py.BZ2", test::bz2_of(code)},
                          {"w/c.py.xz", test::lzma_of(code, true)},
                          // lzma-alone has no magic: like a file of any unknown format, it is scanned as it is
                          {"w/d.py.lzma", test::lzma_of(code, false)},
                          // gzip bytes under a name without a compression suffix keep the name
                          {"w/e.py", test::zlib_of(code, true)}});
  test::ReadResult r = test::read_artifact(whl);
  INFO(r.all_errors());
  CHECK(r.errors.empty());
  for (const std::string stored : {"w/a.py.gz!/a.py", "w/b.py.BZ2!/b.py", "w/c.py.xz!/c.py", "w/e.py!/e.py"}) {
    INFO(stored);
    const auto* e = by_stored(r, stored);
    REQUIRE(e);
    CHECK(e->second == code);
    CHECK(e->first.lone_stream);
  }
  CHECK_FALSE(by_stored(r, "w/d.py.lzma!/d.py"));
  CHECK(by_stored(r, "w/d.py.lzma"));
  CHECK(r.entries.size() == 9);  // five files and four contents
}

TEST_CASE("lone streams: every layer undone, names that leave nothing, headers libarchive refuses",
          "[readers][nested]") {
  TempDir dir;
  const std::string code = "import os\nos.system('id')\n";
  const fs::path whl = dir.path() / "w-1.0-py3-none-any.whl";
  test::write_wheel(whl, {{"w/p.py.gz.xz", test::lzma_of(test::zlib_of(code, true), true)},
                          {"w/...gz", test::zlib_of(code, true)},
                          // gzip's magic, then reserved flag bits: no gzip stream, and no copy of itself
                          {"w/fake.gz", std::string("\x1f\x8b\x08\xe0", 4) + std::string(200, 'j')},
                          {"w/short.gz", std::string("\x1f\x8b\x08", 3)},
                          {"w/z.py", "Z = 1\n"}});
  test::ReadResult r = test::read_artifact(whl);
  INFO(r.all_errors());
  const auto* layered = by_stored(r, "w/p.py.gz.xz!/p.py");
  REQUIRE(layered);
  CHECK(layered->second == code);
  const auto* unnamed = by_stored(r, "w/...gz!/data");
  REQUIRE(unnamed);
  CHECK(unnamed->second == code);
  CHECK_FALSE(unnamed->first.unsafe_path);  // canary's name, not the archive's
  CHECK(r.all_errors().find("cannot read w/fake.gz as a compressed file: its gzip data is corrupt (unknown header "
                            "flags set)") != std::string::npos);
  CHECK(r.all_errors().find("cannot read w/short.gz as a compressed file: its gzip data is truncated") !=
        std::string::npos);
  for (const auto& [entry, content] : r.entries) {
    INFO(entry.stored_path);
    CHECK(entry.stored_path.find("fake.gz!/") == std::string::npos);
    CHECK(entry.stored_path.find("short.gz!/") == std::string::npos);
  }
  CHECK(by_stored(r, "w/z.py"));
}

TEST_CASE("a lone compressed file is bounded like any entry: depth, size, bomb ratio", "[readers][nested]") {
  TempDir dir;
  const fs::path whl = dir.path() / "w-1.0-py3-none-any.whl";
  // 20 MB of one byte: about 1000:1 in gzip, a bomb at --max-ratio 100.
  test::write_wheel(whl, {{"w/big.txt.gz", test::zlib_of(std::string(20u << 20, 'A'), true)},
                          {"w/small.txt.gz", test::zlib_of(std::string(3000, 'b') + "tail", true)}});
  ReadLimits ratio;
  ratio.max_ratio = 100;
  test::ReadResult r = test::read_artifact(whl, ratio);
  INFO(r.all_errors());
  const auto* big = by_stored(r, "w/big.txt.gz!/big.txt");
  REQUIRE(big);
  CHECK(big->first.bomb);
  CHECK(big->second.size() < (20u << 20));
  CHECK(r.all_errors().find("decompression bomb") != std::string::npos);
  const auto* small = by_stored(r, "w/small.txt.gz!/small.txt");
  REQUIRE(small);
  CHECK(small->second.size() == 3004);

  ReadLimits per_entry;
  // The content kept of each entry, inner ones too; inside an inner archive
  // the bytes of the archives held open count against it as well.
  per_entry.max_entry_bytes = 1000;
  test::ReadResult cut = test::read_artifact(whl, per_entry);
  const auto* small_cut = by_stored(cut, "w/small.txt.gz!/small.txt");
  REQUIRE(small_cut);
  CHECK(small_cut->first.truncated);
  CHECK(small_cut->second.size() < 1000);
  CHECK(small_cut->second.size() > 900);  // less only the .gz file's own bytes, held while it is read

  ReadLimits flat;
  flat.max_archive_depth = 1;  // nothing inside the artifact is opened
  test::ReadResult f = test::read_artifact(whl, flat);
  CHECK_FALSE(by_stored(f, "w/small.txt.gz!/small.txt"));
  CHECK(f.all_errors().find("w/small.txt.gz: archive not opened: it would be archive level 2") != std::string::npos);
}

TEST_CASE("a lone compressed file given as the artifact is read as its content, under the same limits",
          "[readers][nested]") {
  TempDir dir;
  const std::string code = "import os\nos.system('id')\n";
  const std::vector<std::pair<std::string, std::string>> lone = {
      {"payload.py.gz", test::zlib_of(code, true)},
      {"payload.py.bz2", test::bz2_of(code)},
      {"payload.py.xz", test::lzma_of(code, true)},
      // saved without a name of its own: the content keeps the file's name
      {"download", test::zlib_of(code, true)}};
  for (const auto& [name, bytes] : lone) {
    INFO(name);
    test::write_file(dir.path() / name, bytes);
    test::ReadResult r = test::read_artifact(dir.path() / name);
    INFO(r.all_errors());
    REQUIRE(r.ok);
    CHECK(r.errors.empty());
    CHECK(r.kind == ArtifactKind::Zip);  // neither a wheel nor an sdist
    REQUIRE(r.entries.size() == 1);
    CHECK(r.entries[0].first.path == (name == "download" ? "download" : "payload.py"));
    CHECK(r.entries[0].first.lone_stream);
    CHECK(r.entries[0].second == code);
  }

  // A tarball under any name is still read as a tarball.
  test::write_tar_gz(dir.path() / "release.gz", {{"p-1.0/setup.py", code}});
  test::ReadResult tar = test::read_artifact(dir.path() / "release.gz");
  REQUIRE(tar.ok);
  CHECK(tar.kind == ArtifactKind::Sdist);
  REQUIRE(tar.entries.size() == 1);
  CHECK(tar.entries[0].first.path == "setup.py");

  // Named as a tarball but holding something else: an error, never one
  // file scanned quietly in place of the sdist.
  test::write_file(dir.path() / "p-1.0.tar.gz", test::zlib_of(code, true));
  test::ReadResult not_tar = test::read_artifact(dir.path() / "p-1.0.tar.gz");
  CHECK_FALSE(not_tar.ok);
  CHECK(not_tar.entries.empty());
  CHECK(not_tar.all_errors().find("cannot read p-1.0.tar.gz as a tar archive") != std::string::npos);

  // gzip's magic with a header libarchive refuses: no copy of the file as its own content.
  test::write_file(dir.path() / "fake.gz", std::string("\x1f\x8b\x08\xe0", 4) + std::string(200, 'j'));
  test::ReadResult fake = test::read_artifact(dir.path() / "fake.gz");
  CHECK_FALSE(fake.ok);
  CHECK(fake.entries.empty());
  CHECK(fake.all_errors().find("cannot read fake.gz as a compressed file: its gzip data is corrupt") !=
        std::string::npos);

  // 20 MB of one byte: a bomb at --max-ratio 100, as inside an artifact.
  test::write_file(dir.path() / "big.txt.gz", test::zlib_of(std::string(20u << 20, 'A'), true));
  ReadLimits ratio;
  ratio.max_ratio = 100;
  test::ReadResult bomb = test::read_artifact(dir.path() / "big.txt.gz", ratio);
  INFO(bomb.all_errors());
  REQUIRE(bomb.entries.size() == 1);
  CHECK(bomb.entries[0].first.path == "big.txt");
  CHECK(bomb.entries[0].first.bomb);
  CHECK(bomb.entries[0].second.size() < (20u << 20));
  CHECK(bomb.all_errors().find("decompression bomb") != std::string::npos);
}

TEST_CASE("an xz stream that asks for more than 66 MiB of dictionary is refused, at every level",
          "[readers][nested]") {
  TempDir dir;
  const std::string code = "import os\nos.system('id')\n";
  // A tarball with one file, compressed by xz -6 (8 MiB of dictionary), then
  // declaring 1 GiB: libarchive's own xz filter would allocate and touch it.
  const fs::path plain = dir.path() / "plain-1.0.tar";
  test::write_tar(plain, {{"p-1.0/setup.py", code}}, TarFilter::None);
  const std::string xz = test::lzma_of(test::read_file(plain), true);
  test::write_file(dir.path() / "p-1.0.tar.xz", xz);
  test::ReadResult fine = test::read_artifact(dir.path() / "p-1.0.tar.xz");
  INFO(fine.all_errors());
  REQUIRE(fine.ok);
  REQUIRE(fine.entries.size() == 1);
  CHECK(fine.entries[0].first.path == "setup.py");
  CHECK(fine.entries[0].second == code);

  // xz -9 (64 MiB, 65 MiB to decompress) is the most any preset asks for: accepted.
  test::write_file(dir.path() / "nine-1.0.tar.xz", test::declare_xz_dictionary(xz, 28));
  test::ReadResult nine = test::read_artifact(dir.path() / "nine-1.0.tar.xz");
  INFO(nine.all_errors());
  CHECK(nine.ok);
  CHECK(nine.entries.size() == 1);

  test::write_file(dir.path() / "big-1.0.tar.xz", test::declare_xz_dictionary(xz, 36));
  test::ReadResult big = test::read_artifact(dir.path() / "big-1.0.tar.xz");
  CHECK_FALSE(big.ok);
  CHECK(big.entries.empty());
  CHECK(big.all_errors().find("cannot read big-1.0.tar.xz as a compressed file: its xz data needs 1024 MiB of "
                              "memory to decompress (its dictionary), more than the 66 MiB canary allows") !=
        std::string::npos);

  // Inside a wheel: the lone .xz is one error line, the files beside it are read.
  const fs::path whl = dir.path() / "w-1.0-py3-none-any.whl";
  test::write_wheel(whl, {{"w/payload.py.xz", test::declare_xz_dictionary(test::lzma_of(code, true), 36)},
                          {"w/ok.py.xz", test::lzma_of(code, true)},
                          {"w/z.py", "Z = 1\n"}});
  test::ReadResult r = test::read_artifact(whl);
  CHECK(r.all_errors().find("cannot read w/payload.py.xz as a compressed file: its xz data needs 1024 MiB") !=
        std::string::npos);
  CHECK_FALSE(by_stored(r, "w/payload.py.xz!/payload.py"));
  const auto* ok = by_stored(r, "w/ok.py.xz!/ok.py");
  REQUIRE(ok);
  CHECK(ok->second == code);
  CHECK(by_stored(r, "w/z.py"));
}

TEST_CASE("compression layers are undone in one level, in any order, members and streams one after another",
          "[readers][nested]") {
  TempDir dir;
  const std::string code = "import os\nos.system('id')\n";
  // Compressed twice (xz then gzip, gzip then xz, xz twice): still one level,
  // so at the default depth the payload is read as Python.
  const fs::path whl = dir.path() / "w-1.0-py3-none-any.whl";
  test::write_wheel(whl, {{"w/a.py.xz.gz", test::zlib_of(test::lzma_of(code, true), true)},
                          {"w/b.py.xz.xz", test::lzma_of(test::lzma_of(code, true), true)},
                          {"w/c.py.bz2.xz.gz", test::zlib_of(test::lzma_of(test::bz2_of(code), true), true)},
                          // gzip members and bzip2 streams one after another read as one
                          {"w/d.py.gz", test::zlib_of("import os\n", true) + test::zlib_of("os.system('id')\n", true)},
                          {"w/e.py.bz2", test::bz2_of("import os\n") + test::bz2_of("os.system('id')\n")}});
  test::ReadResult r = test::read_artifact(whl);
  INFO(r.all_errors());
  CHECK(r.errors.empty());
  for (const std::string stored : {"w/a.py.xz.gz!/a.py", "w/b.py.xz.xz!/b.py", "w/c.py.bz2.xz.gz!/c.py",
                                   "w/d.py.gz!/d.py", "w/e.py.bz2!/e.py"}) {
    INFO(stored);
    const auto* e = by_stored(r, stored);
    REQUIRE(e);
    CHECK(e->second == code);
    CHECK(e->first.archive_depth == 2);
  }

  // A tarball compressed twice is an sdist, whatever its name.
  const fs::path plain = dir.path() / "plain.tar";
  test::write_tar(plain, {{"p-1.0/setup.py", code}}, TarFilter::None);
  const std::string wrapped = test::zlib_of(test::lzma_of(test::read_file(plain), true), true);
  for (const std::string name : {"p-1.0.tar.gz", "p-1.0.tar.xz.gz", "download"}) {
    INFO(name);
    test::write_file(dir.path() / name, wrapped);
    test::ReadResult t = test::read_artifact(dir.path() / name);
    INFO(t.all_errors());
    REQUIRE(t.ok);
    CHECK(t.kind == ArtifactKind::Sdist);
    REQUIRE(t.entries.size() == 1);
    CHECK(t.entries[0].first.path == "setup.py");
    CHECK(t.entries[0].second == code);
  }

  // More layers than any packer writes: refused, not unwound without end.
  std::string deep = code;
  for (int i = 0; i < 9; ++i) deep = test::zlib_of(deep, true);
  test::write_file(dir.path() / "deep.py.gz", deep);
  test::ReadResult d = test::read_artifact(dir.path() / "deep.py.gz");
  CHECK(d.entries.empty());
  CHECK(d.all_errors().find("more than 8 layers of compression") != std::string::npos);
}

TEST_CASE("the bomb ratio of a compressed tarball counts the compressed bytes each entry consumed",
          "[readers][nested]") {
  TempDir dir;
  // 24 MiB that xz compresses a few hundred to one: mostly one byte, a
  // pseudo-random byte every few hundred to thousand. Under --max-ratio
  // 1000 it is no bomb; counting the compressed input by blocks read ahead
  // (64 KiB) instead of what the decoder consumed called it one.
  std::string data(24u << 20, 'a');
  uint64_t x = 12345;
  auto next = [&] { return x = x * 6364136223846793005ull + 1442695040888963407ull; };
  for (size_t i = 0; i < data.size(); i += 500 + (next() >> 33) % 1000) data[i] = static_cast<char>(next() >> 56);
  const fs::path plain = dir.path() / "plain.tar";
  test::write_tar(plain, {{"r-1.0/data.bin", data}, {"r-1.0/after.py", "A = 1\n"}}, TarFilter::None);
  const std::string xz = test::lzma_of(test::read_file(plain), true);
  const double ratio = double(data.size()) / double(xz.size());
  INFO("ratio " << ratio);
  REQUIRE(ratio > 150);
  REQUIRE(ratio < 900);
  test::write_file(dir.path() / "r-1.0.tar.xz", xz);
  test::ReadResult r = test::read_artifact(dir.path() / "r-1.0.tar.xz");
  INFO(r.all_errors());
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.entries.size() == 2);
  CHECK_FALSE(r.entries[0].first.bomb);
  CHECK(r.entries[0].second == data);

  // The same bytes at --max-ratio 100 are a bomb: the ratio is measured.
  ReadLimits strict;
  strict.max_ratio = 100;
  test::ReadResult s = test::read_artifact(dir.path() / "r-1.0.tar.xz", strict);
  REQUIRE(s.entries.size() == 2);
  CHECK(s.entries[0].first.bomb);
  CHECK(s.entries[1].first.path == "after.py");
}
