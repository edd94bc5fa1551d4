// corpus/mkartifact: packs a tree into a real wheel / zip / tarball, the same
// bytes every time, and refuses bad input with exit status 1.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "support/artifact_builder.hpp"
#include "support/fixtures.hpp"

using namespace canary;
namespace fs = std::filesystem;

namespace {

int mkartifact(const fs::path& src, const fs::path& out) {
  const fs::path tool = test::build_dir() / "corpus" / "mkartifact";
  const std::string cmd = "'" + tool.string() + "' '" + src.string() + "' '" + out.string() + "' 2>/dev/null";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("mkartifact packs wheels with a RECORD, reproducibly", "[mkartifact]") {
  test::TempDir dir;
  const fs::path src = dir / "src";
  fs::create_directories(src / "demo");
  fs::create_directories(src / "demo-1.0.dist-info");
  test::write_file(src / "demo" / "__init__.py", "VALUE = 1\n");
  test::write_file(src / "demo" / "cli.py", "#!/usr/bin/env python3\n");
  fs::permissions(src / "demo" / "cli.py", fs::perms::owner_exec, fs::perm_options::add);
  test::write_file(src / "demo-1.0.dist-info" / "METADATA", "Name: demo\nVersion: 1.0\n");

  REQUIRE(mkartifact(src, dir / "out" / "nested" / "demo-1.0-py3-none-any.whl") == 0);
  const fs::path whl = dir / "out" / "nested" / "demo-1.0-py3-none-any.whl";
  test::ReadResult r = test::read_artifact(whl);
  REQUIRE(r.ok);
  CHECK(r.errors.empty());
  CHECK(r.kind == ArtifactKind::Wheel);
  CHECK(r.paths() == std::vector<std::string>{"demo-1.0.dist-info/METADATA", "demo/__init__.py", "demo/cli.py",
                                              "demo-1.0.dist-info/RECORD"});
  const std::string record = r.find("demo-1.0.dist-info/RECORD")->second;
  CHECK(record == "demo-1.0.dist-info/METADATA," + wheel_record_hash("Name: demo\nVersion: 1.0\n") + ",24\n" +
                      "demo/__init__.py," + wheel_record_hash("VALUE = 1\n") + ",10\n" + "demo/cli.py," +
                      wheel_record_hash("#!/usr/bin/env python3\n") + ",23\n" + "demo-1.0.dist-info/RECORD,,\n");

  // Same tree, later run: byte-identical output, and no temp file left behind.
  REQUIRE(mkartifact(src, dir / "again.whl") == 0);
  CHECK(test::read_file(whl) == test::read_file(dir / "again.whl"));
  size_t files_in_out = 0;
  for (const auto& it : fs::directory_iterator(dir / "out" / "nested")) files_in_out += it.is_regular_file();
  CHECK(files_in_out == 1);
}

TEST_CASE("mkartifact packs sdists and zips by extension", "[mkartifact]") {
  test::TempDir dir;
  const fs::path src = dir / "src";
  fs::create_directories(src / "pkg-2.0" / "pkg");
  test::write_file(src / "pkg-2.0" / "setup.py", "from setuptools import setup\n");
  test::write_file(src / "pkg-2.0" / "pkg" / "__init__.py", "");
  for (std::string name : {"pkg-2.0.tar.gz", "pkg-2.0.tar.bz2", "pkg-2.0.zip"}) {
    INFO(name);
    REQUIRE(mkartifact(src, dir / name) == 0);
    test::ReadResult r = test::read_artifact(dir / name);
    REQUIRE(r.ok);
    CHECK(r.errors.empty());
    CHECK(r.paths() == std::vector<std::string>{"pkg/__init__.py", "setup.py"});
    CHECK(r.entries[1].first.stored_path == "pkg-2.0/setup.py");
  }
  REQUIRE(mkartifact(src, dir / "again.tar.gz") == 0);
  CHECK(test::read_file(dir / "pkg-2.0.tar.gz") == test::read_file(dir / "again.tar.gz"));
}

TEST_CASE("mkartifact fails with status 1 on bad input", "[mkartifact]") {
  test::TempDir dir;
  fs::create_directories(dir / "src");
  test::write_file(dir / "src" / "a.py", "");
  CHECK(mkartifact(dir / "missing", dir / "x.whl") == 1);
  CHECK(mkartifact(dir / "src", dir / "x.rar") == 1);
  CHECK(mkartifact(dir / "src" / "a.py", dir / "x.zip") == 1);
  CHECK_FALSE(fs::exists(dir / "x.whl"));
  CHECK_FALSE(fs::exists(dir / "x.rar"));
}

TEST_CASE("every replica the build packed reads cleanly", "[mkartifact][corpus]") {
  const fs::path corpus = test::build_dir() / "corpus";
  size_t artifacts = 0;
  for (const auto& it : fs::directory_iterator(corpus)) {
    const std::string name = it.path().filename().string();
    if (!it.is_regular_file() || name == "mkartifact" || name.find('.') == std::string::npos ||
        name.ends_with(".cmake"))
      continue;
    INFO(name);
    ++artifacts;
    test::ReadResult r = test::read_artifact(it.path());
    CHECK(r.ok);
    CHECK(r.errors.empty());
    CHECK_FALSE(r.entries.empty());
    // Each replica is packed from corpus/replicas/<artifact name>/ with the same member list.
    const fs::path src = test::source_dir() / "corpus" / "replicas" / name;
    size_t files = 0;
    for (const auto& f : fs::recursive_directory_iterator(src)) files += !f.is_directory();
    CHECK(r.entries.size() >= files);  // a wheel may also get a generated RECORD
  }
  CHECK(artifacts > 0);
}
