// Archive-structure facts (engine/artifact_facts.*): duplicates, links, zip
// header lies, wheel RECORD integrity, METADATA against the file name. Each is
// checked on real archives written to disk and scanned through scan_artifact,
// with small rules that print nothing but the fact under test.
#include <catch2/catch.hpp>

#include "engine/artifact_facts.hpp"
#include "engine_test_util.hpp"
#include "support/fixtures.hpp"

namespace canary {
namespace {

using enginetest::files_hit;
using enginetest::findings_of;
using enginetest::load_ok;
using enginetest::rule;
using enginetest::scan;
using enginetest::TempPack;
using test::TempDir;
namespace fs = std::filesystem;

// One rule per fact value worth telling apart.
TempPack fact_pack() {
  return TempPack({{"facts.canary",
                    rule("DUP", "  condition:\n    file.duplicate\n") +
                        rule("HARDLINK", "  condition:\n    file.is_hardlink\n") +
                        rule("SPECIAL", "  condition:\n    file.is_special\n") +
                        rule("SIZE_LIE", "  condition:\n    file.size_mismatch\n") +
                        rule("CRC_LIE", "  condition:\n    file.crc_mismatch\n") +
                        rule("BOMB", "  condition:\n    file.bomb and file.compression_ratio > 1000\n") +
                        rule("LISTED", "  condition:\n    file.record_status == \"listed\"\n") +
                        rule("UNLISTED", "  condition:\n    file.record_status == \"unlisted\"\n") +
                        rule("MISMATCH", "  condition:\n    file.record_status == \"hash_mismatch\"\n") +
                        rule("NO_RECORD", "  condition:\n    file.record_status == \"no_record\"\n") +
                        rule("ABSENT", "  condition:\n    file.record_absent == 2\n") +
                        rule("NAME_DIFFERS",
                             "  condition:\n    file.metadata_name != \"\" and file.metadata_name != artifact.name\n") +
                        rule("VERSION_DIFFERS", "  condition:\n    file.metadata_version != \"\" and "
                                                "file.metadata_version != artifact.version\n") +
                        rule("PURE", "  condition:\n    artifact.pure_python and file.index == 0\n") +
                        rule("COUNTED", "  condition:\n    file.index == 0 and artifact.entry_count == 3 and "
                                        "artifact.declared_bytes > 0\n")}});
}

TEST_CASE("names and versions are normalised as PEP 503 and wheel file names need", "[artifact_facts]") {
  CHECK(normalize_project_name("Foo_Bar.baz") == "foo-bar-baz");
  CHECK(normalize_project_name("foo--__bar") == "foo-bar");
  CHECK(normalize_version_text("V1.0-Post_1") == "1.0.post.1");
  ArtifactName w = parse_artifact_name("Foo_Bar-1.0.post1-1-py2.py3-none-any.whl", ArtifactKind::Wheel);
  CHECK(w.name == "foo-bar");
  CHECK(w.version == "1.0.post1");
  CHECK(w.platform_tags == std::vector<std::string>{"any"});
  ArtifactName p = parse_artifact_name("numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                                       ArtifactKind::Wheel);
  CHECK(p.platform_tags == std::vector<std::string>{"manylinux_2_17_x86_64", "manylinux2014_x86_64"});
  ArtifactName s = parse_artifact_name("python-dateutil-2.8.2.tar.gz", ArtifactKind::Sdist);
  CHECK(s.name == "python-dateutil");
  CHECK(s.version == "2.8.2");
  CHECK(parse_artifact_name("not-a-wheel.whl", ArtifactKind::Wheel).name.empty());
  CHECK(parse_artifact_name("noversion.tar.gz", ArtifactKind::Sdist).name.empty());
}

TEST_CASE("RECORD rows are CSV with quoting, keyed by normalised path", "[artifact_facts]") {
  auto rows = parse_record("\"pkg/a,b.py\",sha256=abc,3\n./pkg/c.py,sha256=def,1\r\npkg-1.0.dist-info/RECORD,,\n"
                           "\"pkg/q\"\"uote.py\",md5=x,1\n");
  REQUIRE(rows.count("pkg/a,b.py"));
  CHECK(rows["pkg/a,b.py"].algorithm == "sha256");
  CHECK(rows["pkg/a,b.py"].digest == "abc");
  CHECK(rows.count("pkg/c.py"));
  CHECK(rows["pkg-1.0.dist-info/RECORD"].algorithm.empty());
  CHECK(rows["pkg/q\"uote.py"].algorithm == "md5");
  // The empty file's digest, as pip and the wheel library write it.
  CHECK(record_digest_sha256("") == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
  CHECK(record_digest_sha256("x") == wheel_record_hash("x").substr(7));
}

TEST_CASE("a wheel's RECORD is checked for every file, whatever the archive order", "[artifact_facts]") {
  TempDir dir;
  const std::string good = "print('built')\n", edited = "print('edited after the build')\n";
  // RECORD first and last: it is read ahead from the central directory.
  for (bool record_first : {true, false}) {
    const std::string record = "evil/good.py," + wheel_record_hash(good) + "," + std::to_string(good.size()) +
                               "\nevil/edited.py," + wheel_record_hash("print('built')\n") +
                               ",15\nevil/gone.py,sha256=x,1\nevil/gone2.py,,\nevil-1.0.dist-info/RECORD,,\n";
    std::vector<test::FileSpec> files{{"evil/good.py", good}, {"evil/edited.py", edited}, {"evil/added.py", "x = 1\n"}};
    test::FileSpec rec{"evil-1.0.dist-info/RECORD", record};
    files.insert(record_first ? files.begin() : files.end(), rec);
    const fs::path whl = dir / (record_first ? "a" : "b") / "evil-1.0-py3-none-any.whl";
    fs::create_directories(whl.parent_path());
    test::write_zip(whl, files);
    TempPack tp = fact_pack();
    LoadedPack lp = load_ok(tp);
    ArtifactReport r = scan(lp, whl);
    INFO(enginetest::describe(r));
    CHECK(files_hit(r, "LISTED") == std::vector<std::string>{"evil-1.0.dist-info/RECORD", "evil/good.py"});
    CHECK(files_hit(r, "MISMATCH") == std::vector<std::string>{"evil/edited.py"});
    CHECK(files_hit(r, "UNLISTED") == std::vector<std::string>{"evil/added.py"});
    CHECK(files_hit(r, "ABSENT") == std::vector<std::string>{"evil-1.0.dist-info/RECORD"});
    CHECK(findings_of(r, "NO_RECORD").empty());
    // A rule of facts alone shows them: both digests, the first absent row.
    std::vector<Finding> mm = findings_of(r, "MISMATCH");
    REQUIRE(mm.size() == 1);
    CHECK_THAT(mm[0].excerpt, Catch::Contains("hash_mismatch") && Catch::Contains(wheel_record_hash(edited).substr(7)));
    std::vector<Finding> ab = findings_of(r, "ABSENT");
    REQUIRE(ab.size() == 1);
    CHECK_THAT(ab[0].excerpt, Catch::Contains("first: evil/gone.py"));
  }
}

TEST_CASE("a wheel vendored in an sdist has its RECORD checked as it would be alone", "[artifact_facts]") {
  TempDir dir;
  const std::string good = "print('built')\n", edited = "print('edited after the build')\n";
  const std::string record = "evil/good.py," + wheel_record_hash(good) + "," + std::to_string(good.size()) +
                             "\nevil/edited.py," + wheel_record_hash(good) +
                             ",15\nevil/gone.py,sha256=x,1\nevil/gone2.py,,\nevil-1.0.dist-info/RECORD,,\n";
  const fs::path whl = dir / "evil-1.0-py3-none-any.whl";
  test::write_zip(whl, {{"evil/good.py", good}, {"evil/edited.py", edited}, {"evil/added.py", "x = 1\n"},
                        {"evil-1.0.dist-info/RECORD", record}});
  const std::string wheel_bytes = test::read_file(whl);
  const fs::path sdist = dir / "carrier-1.0.tar.gz";
  test::write_tar_gz(sdist, {{"carrier-1.0/setup.py", "pass\n"},
                             {"carrier-1.0/vendor/evil-1.0-py3-none-any.whl", wheel_bytes},
                             // Not named .whl: a zip, whose entries have no RECORD status.
                             {"carrier-1.0/vendor/evil.zip", wheel_bytes}});
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan(lp, sdist);
  INFO(enginetest::describe(r));
  const std::string inner = "carrier-1.0/vendor/evil-1.0-py3-none-any.whl!/";
  CHECK(files_hit(r, "LISTED") == std::vector<std::string>{inner + "evil-1.0.dist-info/RECORD", inner + "evil/good.py"});
  CHECK(files_hit(r, "MISMATCH") == std::vector<std::string>{inner + "evil/edited.py"});
  CHECK(files_hit(r, "UNLISTED") == std::vector<std::string>{inner + "evil/added.py"});
  CHECK(files_hit(r, "ABSENT") == std::vector<std::string>{inner + "evil-1.0.dist-info/RECORD"});
  CHECK(findings_of(r, "NO_RECORD").empty());

  // Not opened (depth 1): its RECORD is not read ahead either.
  ScanOptions flat;
  flat.limits.max_archive_depth = 1;
  ArtifactReport closed = scan(lp, sdist, flat);
  for (const char* rule_id : {"LISTED", "MISMATCH", "UNLISTED", "ABSENT"}) CHECK(findings_of(closed, rule_id).empty());
}

TEST_CASE("inner wheels share 64 MB of RECORD read-ahead per artifact, then say they were not checked",
          "[artifact_facts]") {
  // An sdist may vendor any number of wheels, and reading their RECORDs
  // ahead is not counted by --max-total-bytes: each takes at most 16 MB,
  // all of them 64 MB. Five wheels with a 15 MB RECORD: the fifth is not read.
  TempDir dir;
  std::string record;
  for (int i = 0; record.size() < (15u << 20); ++i)
    record += "big/m" + std::to_string(i) + ".py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n";
  const fs::path whl = dir / "big-1.0-py3-none-any.whl";
  test::write_zip(whl, {{"big-1.0.dist-info/RECORD", record}, {"big/added.py", "x = 1\n"}});
  const std::string bytes = test::read_file(whl);
  std::vector<test::FileSpec> files;
  for (int i = 0; i < 5; ++i) files.push_back({"carrier-1.0/vendor/w" + std::to_string(i) + "/big-1.0-py3-none-any.whl", bytes});
  const fs::path sdist = dir / "carrier-1.0.tar.gz";
  test::write_tar_gz(sdist, files);
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan(lp, sdist);
  std::vector<std::string> expected;
  for (int i = 0; i < 4; ++i)
    expected.push_back("carrier-1.0/vendor/w" + std::to_string(i) + "/big-1.0-py3-none-any.whl!/big/added.py");
  CHECK(files_hit(r, "UNLISTED") == expected);
  std::string errors;
  for (const std::string& e : r.errors) errors += e + "\n";
  INFO(errors);
  CHECK(errors.find("carrier-1.0/vendor/w4/big-1.0-py3-none-any.whl: RECORD not read ahead: less than 16 MB is left "
                    "of the 64 MB of read-ahead the artifact's inner wheels share") != std::string::npos);
}

TEST_CASE("a wheel without RECORD, and other artifact kinds, have the matching record status", "[artifact_facts]") {
  TempDir dir;
  test::write_zip(dir / "bare-1.0-py3-none-any.whl",
                  {{"bare/__init__.py", "x = 1\n"}, {"bare-1.0.dist-info/METADATA", "Name: bare\nVersion: 1.0\n"}});
  test::write_tar_gz(dir / "bare-1.0.tar.gz", {{"bare-1.0/bare/__init__.py", "x = 1\n"}});
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  ArtifactReport w = scan(lp, dir / "bare-1.0-py3-none-any.whl");
  CHECK(files_hit(w, "NO_RECORD") == std::vector<std::string>{"bare-1.0.dist-info/METADATA", "bare/__init__.py"});
  ArtifactReport s = scan(lp, dir / "bare-1.0.tar.gz");
  INFO(enginetest::describe(s));
  for (const char* r : {"NO_RECORD", "LISTED", "UNLISTED", "MISMATCH"}) CHECK(findings_of(s, r).empty());
}

TEST_CASE("duplicate names: every copy after the first is flagged, in zips and tars", "[artifact_facts]") {
  TempDir dir;
  test::write_raw_zip(dir / "dup-1.0-py3-none-any.whl", {test::raw_stored("dup/x.py", "print('shown first')\n"),
                                                         test::raw_deflated("dup/x.py", "print('installed last')\n"),
                                                         test::raw_stored("dup/y.py", "y\n")});
  test::write_tar_gz(dir / "dup-1.0.tar.gz",
                     {{"dup-1.0/a.py", "1\n"}, {"dup-1.0/a.py", "2\n"}, {"dup-1.0/a.py", "3\n"}, {"dup-1.0/b.py", "b\n"}});
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  ArtifactReport z = scan(lp, dir / "dup-1.0-py3-none-any.whl");
  INFO(enginetest::describe(z));
  CHECK(files_hit(z, "DUP") == std::vector<std::string>{"dup/x.py"});
  ArtifactReport t = scan(lp, dir / "dup-1.0.tar.gz");
  INFO(enginetest::describe(t));
  CHECK(files_hit(t, "DUP") == std::vector<std::string>{"dup-1.0/a.py", "dup-1.0/a.py"});
}

TEST_CASE("tar hard links and special entries, zip header lies and bombs are facts", "[artifact_facts]") {
  TempDir dir;
  test::FileSpec link{"lnk-1.0/pkg/alias.py", "lnk-1.0/pkg/real.py"};
  link.hardlink = true;
  test::write_tar_gz(dir / "lnk-1.0.tar.gz", {{"lnk-1.0/pkg/real.py", "x = 1\n"}, link});
  test::RawZipEntry liar = test::raw_deflated("liar/a.py", std::string(100000, 'a'));
  liar.declared_size = 10;
  test::RawZipEntry bad_crc = test::raw_stored("liar/crc.py", "print(1)\n");
  bad_crc.crc ^= 1;
  test::RawZipEntry fifo = test::raw_stored("liar/fifo", "data\n");
  fifo.external_attributes = 0010644u << 16;
  test::write_raw_zip(dir / "liar-1.0-py3-none-any.whl",
                      {liar, bad_crc, fifo, test::raw_deflated_zeros("liar/bomb.bin", 64ull << 20)});
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  ArtifactReport t = scan(lp, dir / "lnk-1.0.tar.gz");
  INFO(enginetest::describe(t));
  CHECK(files_hit(t, "HARDLINK") == std::vector<std::string>{"lnk-1.0/pkg/alias.py"});
  ArtifactReport z = scan(lp, dir / "liar-1.0-py3-none-any.whl");
  INFO(enginetest::describe(z));
  CHECK(files_hit(z, "SIZE_LIE") == std::vector<std::string>{"liar/a.py"});
  CHECK(files_hit(z, "CRC_LIE") == std::vector<std::string>{"liar/crc.py"});
  CHECK(files_hit(z, "SPECIAL") == std::vector<std::string>{"liar/fifo"});
  CHECK(files_hit(z, "BOMB") == std::vector<std::string>{"liar/bomb.bin"});
}

TEST_CASE("METADATA name and version are compared with the file name, normalised", "[artifact_facts]") {
  TempDir dir;
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  // Another project's wheel under a look-alike name, and an honest one whose
  // names differ only in case and separators.
  test::write_wheel(dir / "reqeusts-2.31.0-py3-none-any.whl",
                    {{"requests/__init__.py", "x = 1\n"},
                     {"requests-2.31.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n"}});
  test::write_wheel(dir / "Foo_Bar-1.0.post1-py3-none-any.whl",
                    {{"foo_bar/__init__.py", "x = 1\n"},
                     {"Foo_Bar-1.0.post1.dist-info/METADATA", "Name: foo.bar\nVersion: 1.0-post1\n\nName: other\n"}});
  test::write_tar_gz(dir / "mypkg-1.0.tar.gz",
                     {{"mypkg-1.0/PKG-INFO", "Metadata-Version: 1.1\nName: mypkg\nVersion: 2.0\n"},
                      {"mypkg-1.0/mypkg.egg-info/PKG-INFO", "Name: other\nVersion: 9\n"}});
  ArtifactReport typo = scan(lp, dir / "reqeusts-2.31.0-py3-none-any.whl");
  INFO(enginetest::describe(typo));
  CHECK(files_hit(typo, "NAME_DIFFERS") == std::vector<std::string>{"requests-2.31.0.dist-info/METADATA"});
  CHECK(findings_of(typo, "VERSION_DIFFERS").empty());
  CHECK_THAT(findings_of(typo, "NAME_DIFFERS")[0].excerpt,
             Catch::Contains("file.metadata_name = \"requests\"") && Catch::Contains("artifact.name = \"reqeusts\""));
  ArtifactReport honest = scan(lp, dir / "Foo_Bar-1.0.post1-py3-none-any.whl");
  INFO(enginetest::describe(honest));
  CHECK(findings_of(honest, "NAME_DIFFERS").empty());
  CHECK(findings_of(honest, "VERSION_DIFFERS").empty());
  ArtifactReport sdist = scan(lp, dir / "mypkg-1.0.tar.gz");
  INFO(enginetest::describe(sdist));
  CHECK(files_hit(sdist, "VERSION_DIFFERS") == std::vector<std::string>{"mypkg-1.0/PKG-INFO"});
  CHECK(findings_of(sdist, "NAME_DIFFERS").empty());
}

TEST_CASE("pure-Python wheels are told by their platform tag, entry totals by the central directory",
          "[artifact_facts]") {
  TempDir dir;
  TempPack tp = fact_pack();
  LoadedPack lp = load_ok(tp);
  const std::vector<test::FileSpec> files{{"m/a.py", "a\n"}, {"m/b.py", "b\n"}, {"m/c.py", "c\n"}};
  test::write_zip(dir / "m-1.0-py3-none-any.whl", files);
  test::write_zip(dir / "m-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", files);
  test::write_tar_gz(dir / "m-1.0.tar.gz", {{"m-1.0/a.py", "a\n"}, {"m-1.0/b.py", "b\n"}, {"m-1.0/c.py", "c\n"}});
  ArtifactReport pure = scan(lp, dir / "m-1.0-py3-none-any.whl");
  CHECK(files_hit(pure, "PURE") == std::vector<std::string>{"m/a.py"});
  CHECK(files_hit(pure, "COUNTED") == std::vector<std::string>{"m/a.py"});
  CHECK(findings_of(scan(lp, dir / "m-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"), "PURE").empty());
  ArtifactReport tar = scan(lp, dir / "m-1.0.tar.gz");
  CHECK(findings_of(tar, "PURE").empty());
  CHECK(findings_of(tar, "COUNTED").empty());  // a stream cannot be counted ahead
}

}  // namespace
}  // namespace canary
