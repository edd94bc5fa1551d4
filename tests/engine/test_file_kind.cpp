// classify_file: magic first, then names, then text versus binary.
#include <catch2/catch.hpp>

#include "engine/file_kind.hpp"
#include "support/artifact_builder.hpp"

using namespace canary;

namespace {

std::string bytes(std::initializer_list<int> b, size_t pad_to = 64) {
  std::string s;
  for (int c : b) s.push_back(char(c));
  if (s.size() < pad_to) s.resize(pad_to, '\0');
  return s;
}

std::string pe_image() {
  std::string s(256, '\0');
  s[0] = 'M';
  s[1] = 'Z';
  s[0x3c] = char(0x80);  // e_lfanew
  s.replace(0x80, 4, std::string("PE\0\0", 4));
  return s;
}

}  // namespace

TEST_CASE("native binaries are recognised by magic whatever their name", "[file_kind]") {
  const std::string elf = bytes({0x7f, 'E', 'L', 'F', 2, 1, 1});
  CHECK(classify_file("pkg/_speedups.so", elf) == FileKind::Native);
  CHECK(classify_file("pkg/innocent.py", elf) == FileKind::Native);
  CHECK(classify_file("pkg/helper.dll", pe_image()) == FileKind::Native);
  CHECK(classify_file("setup.py", pe_image()) == FileKind::Native);
  // Mach-O thin, both word sizes and byte orders.
  CHECK(classify_file("lib.dylib", bytes({0xfe, 0xed, 0xfa, 0xce})) == FileKind::Native);
  CHECK(classify_file("lib.dylib", bytes({0xfe, 0xed, 0xfa, 0xcf})) == FileKind::Native);
  CHECK(classify_file("lib.dylib", bytes({0xce, 0xfa, 0xed, 0xfe})) == FileKind::Native);
  CHECK(classify_file("lib.dylib", bytes({0xcf, 0xfa, 0xed, 0xfe})) == FileKind::Native);
  // Fat Mach-O with two architectures, big- and little-endian header.
  CHECK(classify_file("lib.so", bytes({0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2})) == FileKind::Native);
  CHECK(classify_file("lib.so", bytes({0xbe, 0xba, 0xfe, 0xca, 2, 0, 0, 0})) == FileKind::Native);
}

TEST_CASE("Java classes and text starting with MZ are not native", "[file_kind]") {
  // 0xcafebabe followed by minor 0, major 52 (Java 8): the "arch count" would be 52.
  CHECK(classify_file("Main.class", bytes({0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52})) == FileKind::Binary);
  CHECK(classify_file("notes.txt", "MZ is how DOS executables start, this file is just text.\n"
                                   "It has to be long enough to hold an e_lfanew field, so here is more.\n") ==
        FileKind::Text);
  CHECK(classify_file("x", "\x7f" "EL") == FileKind::Text);  // too short for a magic
}

TEST_CASE("names decide pth, setup.py, build config, python and metadata", "[file_kind]") {
  CHECK(classify_file("litellm_init.pth", "import os\n") == FileKind::Pth);
  CHECK(classify_file("setup.py", "from setuptools import setup\n") == FileKind::SetupPy);
  CHECK(classify_file("sub/setup.py", "") == FileKind::SetupPy);
  CHECK(classify_file("pyproject.toml", "[project]\n") == FileKind::BuildConfig);
  CHECK(classify_file("setup.cfg", "[metadata]\n") == FileKind::BuildConfig);
  CHECK(classify_file("pkg/mod.py", "x = 1\n") == FileKind::Python);
  CHECK(classify_file("pkg/gui.pyw", "") == FileKind::Python);
  CHECK(classify_file("pkg/stubs.pyi", "") == FileKind::Python);
  CHECK(classify_file("pkg-1.0.dist-info/METADATA", "Name: pkg\n") == FileKind::Metadata);
  CHECK(classify_file("pkg-1.0.dist-info/RECORD", "") == FileKind::Metadata);
  CHECK(classify_file("pkg-1.0.dist-info/entry_points.txt", "") == FileKind::Metadata);
  CHECK(classify_file("pkg.egg-info/PKG-INFO", "Name: pkg\n") == FileKind::Metadata);
  CHECK(classify_file("PKG-INFO", "Name: pkg\n") == FileKind::Metadata);
  CHECK(classify_file("docs/METADATA", "just a doc\n") == FileKind::Text);
  CHECK(classify_file("pkg/top_level.txt", "pkg\n") == FileKind::Text);
}

TEST_CASE("python shebang scripts without extension are python", "[file_kind]") {
  CHECK(classify_file("bin/tool", "#!/usr/bin/env python3\nprint('hi')\n") == FileKind::Python);
  CHECK(classify_file("bin/tool", "#!python\nimport sys\n") == FileKind::Python);
  CHECK(classify_file("bin/tool", "#!/bin/sh\necho hi\n") == FileKind::Text);
  CHECK(classify_file("bin/tool.sh", "#!/usr/bin/python3\n") == FileKind::Text);
  CHECK(classify_file("bin/tool", "echo no shebang\n# python\n") == FileKind::Text);
}

TEST_CASE("text versus binary looks for NUL in the first 8 KiB", "[file_kind]") {
  CHECK(classify_file("README.md", "# readme\n") == FileKind::Text);
  CHECK(classify_file("data.bin", std::string("abc\0def", 7)) == FileKind::Binary);
  CHECK(classify_file("big.txt", std::string(9000, 'a') + std::string(1, '\0')) == FileKind::Text);
  CHECK(classify_file("empty", "") == FileKind::Text);
  CHECK(classify_file("latin1.txt", "caf\xe9\n") == FileKind::Text);
}

TEST_CASE("archives and compressed streams are archive by magic, whatever the name", "[file_kind]") {
  using S = std::string;
  CHECK(classify_file("payload.bin", S("PK\x03\x04\x14\x00\x00\x00", 8)) == FileKind::Archive);
  CHECK(classify_file("inner.whl", S("PK\x05\x06", 4) + S(18, '\0')) == FileKind::Archive);
  CHECK(classify_file("data.py", S("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8)) == FileKind::Archive);
  CHECK(classify_file("x", S("BZh91AY&SY\x01\x02", 12)) == FileKind::Archive);
  CHECK(classify_file("x.xz", S("\xfd" "7zXZ\0\0\x04", 8)) == FileKind::Archive);
  CHECK(classify_file("x.7z", S("7z\xbc\xaf\x27\x1c\x00\x04", 8)) == FileKind::Archive);
  CHECK(classify_file("x.rar", S("Rar!\x1a\x07\x01\x00", 8)) == FileKind::Archive);
  S tar(512, '\0');
  tar.replace(0, 8, "tool.exe");
  tar.replace(257, 6, S("ustar\0", 6));
  CHECK(classify_file("bundle.dat", tar) == FileKind::Archive);
  // Text that merely starts like a magic is not an archive.
  CHECK(classify_file("notes.txt", "PK means primary key\n") == FileKind::Text);
  CHECK(classify_file("words.txt", "BZh9 is a bzip2 header\n") == FileKind::Text);
  // A native binary stays native.
  CHECK(classify_file("a.so", S("\x7f" "ELF\x02\x01\x01\x00", 8)) == FileKind::Native);
}

TEST_CASE("file kind names round-trip", "[file_kind]") {
  for (FileKind k : {FileKind::Python, FileKind::SetupPy, FileKind::Pth, FileKind::BuildConfig, FileKind::Native,
                     FileKind::Metadata, FileKind::Text, FileKind::Binary, FileKind::Archive}) {
    FileKind parsed = FileKind::Binary;
    REQUIRE(parse_file_kind(to_string(k), parsed));
    CHECK(parsed == k);
  }
  CHECK(to_string(FileKind::SetupPy) == "setup_py");
  CHECK(to_string(FileKind::BuildConfig) == "build_config");
  FileKind out = FileKind::Text;
  CHECK_FALSE(parse_file_kind("Python", out));
  CHECK_FALSE(parse_file_kind("", out));
  CHECK(out == FileKind::Text);
  CHECK(is_python_kind(FileKind::Pth));
  CHECK_FALSE(is_python_kind(FileKind::Text));
}
