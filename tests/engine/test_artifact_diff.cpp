// Comparing two versions of a package: keys that survive a version bump,
// added/removed/changed files with their highlights, on in-memory artifacts
// and on real wheels and sdists written to disk; new findings by rule and file.
#include <catch2/catch.hpp>

#include "engine/artifact_diff.hpp"
#include "engine/sha256.hpp"
#include "support/artifact_builder.hpp"

using namespace canary;
using canary::test::FileSpec;
using canary::test::TempDir;

namespace {

FileSpec file(std::string name, std::string content) { return FileSpec{std::move(name), std::move(content), false, false, 0644}; }

ArtifactSnapshot snapshot_of(std::vector<MemoryEntry> entries, ArtifactKind kind = ArtifactKind::Wheel) {
  auto reader = make_memory_reader(kind, std::move(entries));
  ArtifactSnapshot s;
  REQUIRE(snapshot_artifact(*reader, s));
  return s;
}

ArtifactSnapshot snapshot_file(const std::filesystem::path& p) {
  std::string error;
  auto reader = open_artifact(p, ReadLimits{}, error);
  INFO(error);
  REQUIRE(reader);
  ArtifactSnapshot s;
  REQUIRE(snapshot_artifact(*reader, s));
  return s;
}

std::vector<std::string> paths(const std::vector<SnapshotFile>& files) {
  std::vector<std::string> out;
  for (const SnapshotFile& f : files) out.push_back(f.path);
  return out;
}

// A minimal ELF header: what classify_file recognises as native.
const std::string kElf = std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(57, '\0');

Finding finding(std::string rule, std::string file, uint32_t line) {
  Finding f;
  f.rule = std::move(rule);
  f.file = std::move(file);
  f.line = line;
  f.severity = Severity::High;
  return f;
}

}  // namespace

TEST_CASE("artifact diff: comparison keys drop the version of dist-info and data directories", "[artifact_diff]") {
  CHECK(comparison_key("litellm-1.82.8.dist-info/RECORD") == "litellm.dist-info/RECORD");
  CHECK(comparison_key("my_pkg-2.0.0rc1.data/scripts/tool") == "my_pkg.data/scripts/tool");
  CHECK(comparison_key("litellm/main.py") == "litellm/main.py");
  CHECK(comparison_key("litellm_init.pth") == "litellm_init.pth");
  // Only the top-level directory is special.
  CHECK(comparison_key("pkg/x-1.0.dist-info/RECORD") == "pkg/x-1.0.dist-info/RECORD");
  CHECK(finding_root_path("pkg-1.0/setup.py", ArtifactKind::Sdist) == "setup.py");
  CHECK(finding_root_path("./pkg/a.py", ArtifactKind::Wheel) == "pkg/a.py");
}

TEST_CASE("artifact diff: added, removed, changed and unchanged files with every highlight", "[artifact_diff]") {
  ArtifactSnapshot before = snapshot_of({
      {"pkg/__init__.py", "VERSION = '1.0'\n"},
      {"pkg/util.py", "def f(): pass\n"},
      {"pkg/old.py", "gone = True\n"},
      {"pkg/_speedups.so", kElf + "v1"},
      {"pkg-1.0.dist-info/entry_points.txt", "[console_scripts]\npkg = pkg:main\nkeep = pkg:keep\n"},
      {"pkg-1.0.dist-info/METADATA", "Name: pkg\nVersion: 1.0\n"},
  });
  ArtifactSnapshot after = snapshot_of({
      {"pkg/__init__.py", "VERSION = '1.1'\n"},
      {"pkg/util.py", "def f(): pass\n"},
      {"pkg/_speedups.so", kElf + "v2!"},
      {"pkg/_loader.so", kElf},
      {"pkg_hook.pth", "import pkg._loader\n"},
      {"pkg-1.1.dist-info/entry_points.txt",
       "[console_scripts]\npkg = pkg:other\nkeep = pkg:keep\nupdater = pkg._loader:run\n"},
      {"pkg-1.1.dist-info/METADATA", "Name: pkg\nVersion: 1.1\n"},
  });
  CHECK(before.errors.empty());
  ArtifactDiff d = diff_snapshots(before, after);

  CHECK(paths(d.added) == std::vector<std::string>{"pkg/_loader.so", "pkg_hook.pth"});
  CHECK(paths(d.removed) == std::vector<std::string>{"pkg/old.py"});
  REQUIRE(d.changed.size() == 4);
  CHECK(d.changed[0].path == "pkg-1.1.dist-info/METADATA");
  CHECK(d.changed[0].old_path == "pkg-1.0.dist-info/METADATA");
  CHECK(d.changed[1].path == "pkg-1.1.dist-info/entry_points.txt");
  CHECK(d.changed[2].path == "pkg/__init__.py");
  CHECK(d.changed[3].path == "pkg/_speedups.so");
  CHECK(d.changed[3].before.size == kElf.size() + 2);
  CHECK(d.changed[3].after.size == kElf.size() + 3);
  CHECK(d.changed[3].after.sha256 == sha256_hex(kElf + "v2!"));
  CHECK(d.unchanged == 1);

  CHECK(d.new_pth == std::vector<std::string>{"pkg_hook.pth"});
  CHECK(d.new_native == std::vector<std::string>{"pkg/_loader.so"});
  CHECK(d.changed_native == std::vector<std::string>{"pkg/_speedups.so"});
  CHECK(d.build_files.empty());
  REQUIRE(d.entry_points.size() == 2);
  CHECK(d.entry_points[0].entry.name == "pkg");
  CHECK(d.entry_points[0].entry.value == "pkg:other");
  CHECK(d.entry_points[0].old_value == "pkg:main");
  CHECK(d.entry_points[1].entry.group == "console_scripts");
  CHECK(d.entry_points[1].entry.name == "updater");
  CHECK(d.entry_points[1].old_value.empty());
  CHECK(d.entry_points[1].file == "pkg-1.1.dist-info/entry_points.txt");
  CHECK(d.entry_points[1].entry.line == 4);
}

TEST_CASE("artifact diff: identical artifacts have no differences", "[artifact_diff]") {
  std::vector<MemoryEntry> files{{"a.py", "x = 1\n"}, {"b.pth", "import a\n"}, {"setup.py", "setup()\n"}};
  ArtifactDiff d = diff_snapshots(snapshot_of(files), snapshot_of(files));
  CHECK(d.added.empty());
  CHECK(d.removed.empty());
  CHECK(d.changed.empty());
  CHECK(d.unchanged == 3);
  CHECK(d.new_pth.empty());
  CHECK(d.build_files.empty());
  CHECK(d.entry_points.empty());
}

TEST_CASE("artifact diff: malformed entry_points.txt and duplicate entries are reported with the line", "[artifact_diff]") {
  ArtifactSnapshot s = snapshot_of({
      {"pkg-1.0.dist-info/entry_points.txt", "[console_scripts]\nok = a:b\nbroken line\n"},
      {"pkg/a.py", "1\n"},
      {"pkg/a.py", "2\n"},
  });
  REQUIRE(s.errors.size() == 2);
  CHECK(s.errors[0] ==
        "pkg-1.0.dist-info/entry_points.txt:3: malformed entry points: expected 'name = value' or '[group]'");
  CHECK(s.errors[1] == "pkg/a.py: duplicate entry; the later one is compared");
  // The entries before the bad line still count, and the later duplicate wins.
  REQUIRE(s.entry_points.size() == 1);
  CHECK(s.entry_points[0].name == "ok");
  CHECK(s.files.at("pkg/a.py").sha256 == sha256_hex("2\n"));
}

TEST_CASE("artifact diff: real sdists compare without their NAME-VERSION/ directory", "[artifact_diff]") {
  TempDir dir;
  canary::test::write_tar_gz(dir / "pkg-1.0.tar.gz",
                             {file("pkg-1.0/PKG-INFO", "Name: pkg\nVersion: 1.0\n"),
                              file("pkg-1.0/setup.py", "from setuptools import setup\nsetup(name='pkg')\n"),
                              file("pkg-1.0/pkg/__init__.py", "")});
  canary::test::write_tar_gz(dir / "pkg-1.1.tar.gz",
                             {file("pkg-1.1/PKG-INFO", "Name: pkg\nVersion: 1.1\n"),
                              file("pkg-1.1/setup.py",
                                   "from setuptools import setup\nimport os\nos.system('true')\nsetup(name='pkg')\n"),
                              file("pkg-1.1/pyproject.toml", "[build-system]\nrequires = ['setuptools']\n"),
                              file("pkg-1.1/pkg/__init__.py", "")});
  ArtifactSnapshot before = snapshot_file(dir / "pkg-1.0.tar.gz");
  ArtifactSnapshot after = snapshot_file(dir / "pkg-1.1.tar.gz");
  CHECK(after.kind == ArtifactKind::Sdist);
  ArtifactDiff d = diff_snapshots(before, after);
  CHECK(paths(d.added) == std::vector<std::string>{"pyproject.toml"});
  CHECK(d.removed.empty());
  REQUIRE(d.changed.size() == 2);
  CHECK(d.changed[0].path == "PKG-INFO");
  CHECK(d.changed[1].path == "setup.py");
  CHECK(d.unchanged == 1);
  REQUIRE(d.build_files.size() == 2);
  CHECK(d.build_files[0].path == "pyproject.toml");
  CHECK(d.build_files[0].change == BuildFileChange::Added);
  CHECK(d.build_files[1].path == "setup.py");
  CHECK(d.build_files[1].change == BuildFileChange::Changed);
}

TEST_CASE("artifact diff: a real wheel against a directory of the same files", "[artifact_diff]") {
  TempDir dir;
  canary::test::write_wheel(dir / "pkg-1.0-py3-none-any.whl",
                            {file("pkg/__init__.py", "x = 1\n"), file("pkg-1.0.dist-info/METADATA", "Name: pkg\n")});
  std::filesystem::create_directories(dir / "tree/pkg");
  canary::test::write_file(dir / "tree/pkg/__init__.py", "x = 1\n");
  canary::test::write_file(dir / "tree/pkg/extra.py", "y = 2\n");
  ArtifactSnapshot wheel = snapshot_file(dir / "pkg-1.0-py3-none-any.whl");
  ArtifactSnapshot tree = snapshot_file(dir / "tree");
  CHECK(tree.kind == ArtifactKind::Directory);
  ArtifactDiff d = diff_snapshots(wheel, tree);
  CHECK(paths(d.added) == std::vector<std::string>{"pkg/extra.py"});
  // The wheel writer added a RECORD; the directory has neither it nor METADATA.
  CHECK(paths(d.removed) == std::vector<std::string>{"pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/RECORD"});
  CHECK(d.changed.empty());
  CHECK(d.unchanged == 1);
}

TEST_CASE("artifact diff: new findings are matched by rule and file, not by line", "[artifact_diff]") {
  ArtifactReport before, after;
  before.findings = {finding("canary:EXEC", "pkg-1.0/pkg/a.py", 3), finding("canary:NET", "pkg-1.0/pkg/b.py", 1)};
  after.findings = {finding("canary:EXEC", "pkg-1.1/pkg/a.py", 30),   // moved: not new
                    finding("canary:EXEC", "pkg-1.1/pkg/b.py", 2),    // same rule, other file: new
                    finding("canary:NET", "pkg-1.1/pkg/b.py", 9),     // moved: not new
                    finding("canary:PTH", "pkg-1.1/hook.pth", 1)};    // new rule: new
  std::vector<Finding> fresh = new_findings(before, ArtifactKind::Sdist, after, ArtifactKind::Sdist);
  REQUIRE(fresh.size() == 2);
  CHECK(fresh[0].rule == "canary:EXEC");
  CHECK(fresh[0].file == "pkg-1.1/pkg/b.py");
  CHECK(fresh[1].rule == "canary:PTH");

  // A wheel's dist-info findings survive the rename of the directory.
  ArtifactReport w1, w2;
  w1.findings = {finding("canary:META", "pkg-1.0.dist-info/METADATA", 0)};
  w2.findings = {finding("canary:META", "pkg-1.1.dist-info/METADATA", 0)};
  CHECK(new_findings(w1, ArtifactKind::Wheel, w2, ArtifactKind::Wheel).empty());
  // Nothing before: everything is new.
  CHECK(new_findings(ArtifactReport{}, ArtifactKind::Wheel, w2, ArtifactKind::Wheel).size() == 1);
}

TEST_CASE("artifact diff: a .pth file whose bytes changed is a highlight", "[artifact_diff]") {
  ArtifactSnapshot before = snapshot_of({{"distutils-precedence.pth", "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\n"}});
  ArtifactSnapshot after = snapshot_of(
      {{"distutils-precedence.pth", "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\nimport os; os.system('id')\n"}});
  ArtifactDiff d = diff_snapshots(before, after);
  CHECK(d.new_pth.empty());
  CHECK(d.changed_pth == std::vector<std::string>{"distutils-precedence.pth"});
  CHECK(diff_snapshots(before, before).changed_pth.empty());
}

TEST_CASE("artifact diff: decoded-layer findings are matched by real file and decode chain", "[artifact_diff]") {
  auto layer = [](std::string real, uint32_t blob_line, std::vector<std::string> chain) {
    std::string name = real + "#";
    for (size_t i = 0; i < chain.size(); ++i) name += (i ? ">" : "") + chain[i];
    Finding f = finding("canary:EXEC_DECODED", name + "@L" + std::to_string(blob_line), 1);
    f.decoded_from = real;
    f.decoded_line = blob_line;
    f.decode_chain = std::move(chain);
    return f;
  };
  ArtifactReport before, after;
  before.findings = {layer("pkg/a.py", 3, {"base64"})};
  // The blob moved from line 3 to line 9 (not new); the same rule in a
  // zlib layer inside it, and in another file, are new.
  after.findings = {layer("pkg/a.py", 9, {"base64"}), layer("pkg/a.py", 9, {"base64", "zlib"}),
                    layer("pkg/b.py", 1, {"base64"})};
  std::vector<Finding> fresh = new_findings(before, ArtifactKind::Wheel, after, ArtifactKind::Wheel);
  REQUIRE(fresh.size() == 2);
  CHECK(fresh[0].decode_chain == std::vector<std::string>{"base64", "zlib"});
  CHECK(fresh[1].decoded_from == "pkg/b.py");
}
