// End-to-end tests of the canary command line that do not depend on what the
// rules find: options, exit codes, input lists, output shapes, escaping.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli_test_util.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

// The VERSION of project(canary ...) in the top-level CMakeLists.txt.
std::string project_version() {
  std::ifstream in(source_dir() / "CMakeLists.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  std::smatch m;
  std::string text = ss.str();
  if (!std::regex_search(text, m, std::regex(R"(project\(canary\s+VERSION\s+([0-9.]+))"))) return "?";
  return m[1];
}

// A benign unpacked package and a rule pack that cannot match it.
struct Workspace {
  TempDir tmp;
  std::filesystem::path rules = tmp / "rules";
  std::filesystem::path package = tmp / "pkg";
  Workspace() {
    write_file(rules / "marker.canary", kMarkerRule);
    write_file(package / "demo" / "__init__.py", "def add(a, b):\n    return a + b\n");
  }
};

void require_artifact_fields(const json& a) {
  REQUIRE(a.is_object());
  CHECK(a.at("path").is_string());
  CHECK(a.at("sha256").is_string());
  CHECK(a.at("kind").is_string());
  REQUIRE(a.at("unreadable").is_boolean());
  if (a.at("unreadable") == true) {
    // Nothing was scanned: no score, no verdict (never "SAFE").
    CHECK(a.at("score").is_null());
    CHECK(a.at("verdict").is_null());
  } else {
    CHECK(a.at("score").is_number());
    CHECK(a.at("verdict").is_string());
  }
  CHECK(a.at("findings").is_array());
  CHECK(a.at("errors").is_array());
  CHECK(a.at("files_scanned").is_number_unsigned());
  CHECK(a.at("bytes_scanned").is_number_unsigned());
  for (const json& f : a.at("findings")) {
    for (const char* key : {"rule", "severity", "title", "file", "excerpt"}) CHECK(f.at(key).is_string());
    CHECK(f.at("line").is_number_unsigned());
    CHECK(f.at("column").is_number_unsigned());
    CHECK(f.at("tags").is_array());
  }
}

}  // namespace

TEST_CASE("canary --version prints the CMake project version", "[cli]") {
  ProcessResult r = run_canary({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "canary " + project_version() + "\n");
  CHECK(project_version() == "0.1.0");
}

TEST_CASE("canary --help exits 0 and lists the commands", "[cli]") {
  ProcessResult r = run_canary({"--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("scan") != std::string::npos);
  CHECK(r.out.find("rules") != std::string::npos);

  ProcessResult scan = run_canary({"scan", "--help"});
  CHECK(scan.exit_code == 0);
  for (const char* opt : {"--rules", "--stdlib", "--format", "--fail-on", "--from-list", "--threshold-low",
                          "--threshold-high", "--threshold-malicious", "--max-file-size", "--color", "--quiet"})
    CHECK(scan.out.find(opt) != std::string::npos);

  ProcessResult check = run_canary({"rules", "check", "--help"});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("--format") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli]") {
  Workspace ws;
  const std::string pkg = ws.package.string();
  const std::string rules = ws.rules.string();

  SECTION("unknown option") {
    ProcessResult r = run_canary({"scan", "--no-such-option", pkg});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--no-such-option") != std::string::npos);
  }
  SECTION("no command") { CHECK(run_canary({}).exit_code == 2); }
  SECTION("unknown command") { CHECK(run_canary({"explode"}).exit_code == 2); }
  SECTION("rules without a subcommand") { CHECK(run_canary({"rules"}).exit_code == 2); }
  SECTION("scan with no artifact") {
    ProcessResult r = run_canary({"scan", "--rules", rules});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no artifacts") != std::string::npos);
    CHECK(r.out.empty());
  }
  SECTION("empty --from-list and no artifact") {
    write_file(ws.tmp / "empty.txt", "# nothing here\n\n");
    CHECK(run_canary({"scan", "--rules", rules, "--from-list", (ws.tmp / "empty.txt").string()}).exit_code == 2);
  }
  SECTION("unreadable --from-list") {
    ProcessResult r = run_canary({"scan", "--rules", rules, "--from-list", (ws.tmp / "nope.txt").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("nope.txt") != std::string::npos);
  }
  SECTION("bad --format") { CHECK(run_canary({"scan", "--format", "xml", "--rules", rules, pkg}).exit_code == 2); }
  SECTION("bad --color") { CHECK(run_canary({"scan", "--color", "blue", "--rules", rules, pkg}).exit_code == 2); }
  SECTION("bad --fail-on") { CHECK(run_canary({"scan", "--fail-on", "SCARY", "--rules", rules, pkg}).exit_code == 2); }
  SECTION("thresholds out of order") {
    ProcessResult r = run_canary({"scan", "--threshold-low", "6", "--threshold-high", "5", "--rules", rules, pkg});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("threshold") != std::string::npos);
  }
  SECTION("non-numeric threshold") {
    CHECK(run_canary({"scan", "--threshold-high", "lots", "--rules", rules, pkg}).exit_code == 2);
  }
  SECTION("bad --max-file-size") {
    CHECK(run_canary({"scan", "--max-file-size", "huge", "--rules", rules, pkg}).exit_code == 2);
    CHECK(run_canary({"scan", "--max-file-size", "0", "--rules", rules, pkg}).exit_code == 2);
    // Above 4 GiB a 32-bit scanner length would wrap: refused, with the reason.
    ProcessResult big = run_canary({"scan", "--max-file-size", "5G", "--rules", rules, pkg});
    CHECK(big.exit_code == 2);
    CHECK(big.err.find("at most 4294967295") != std::string::npos);
  }
  SECTION("--rules path that does not exist") {
    ProcessResult r = run_canary({"scan", "--rules", (ws.tmp / "missing-rules").string(), pkg});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("missing-rules") != std::string::npos);
  }
  SECTION("--stdlib directory that does not exist") {
    CHECK(run_canary({"scan", "--stdlib", (ws.tmp / "no-stdlib").string(), "--rules", rules, pkg}).exit_code == 2);
  }
  SECTION("CANARY_RULES_DIR naming no directory is not silently replaced") {
    RunOptions opts;
    opts.env.emplace_back("CANARY_RULES_DIR", (ws.tmp / "gone").string());
    ProcessResult r = run_canary({"scan", pkg}, opts);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("CANARY_RULES_DIR") != std::string::npos);
  }
  SECTION("rules check of a path that does not exist") {
    CHECK(run_canary({"rules", "check", (ws.tmp / "nothing.canary").string()}).exit_code == 2);
  }
  SECTION("rules check with no path") { CHECK(run_canary({"rules", "check"}).exit_code == 2); }
}

TEST_CASE("valid size suffixes for --max-file-size are accepted", "[cli]") {
  Workspace ws;
  for (const char* size : {"100", "1K", "64MB", "2g"}) {
    ProcessResult r = run_canary({"scan", "-q", "--max-file-size", size, "--rules", ws.rules.string(),
                                  ws.package.string()});
    INFO(size << ": " << r.err);
    CHECK(r.exit_code != 2);
  }
}

TEST_CASE("a missing artifact exits 3, is reported, and the others are still scanned", "[cli]") {
  Workspace ws;
  const std::string missing = (ws.tmp / "does-not-exist-1.0.whl").string();
  ProcessResult r =
      run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), missing, ws.package.string()});
  CHECK(r.exit_code == 3);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 2);
  for (const json& a : lines) require_artifact_fields(a);

  CHECK(lines[0]["path"] == missing);
  CHECK(lines[0]["unreadable"] == true);
  CHECK(lines[0]["verdict"].is_null());
  REQUIRE(lines[0]["errors"].size() == 1);
  CHECK(lines[0]["errors"][0].get<std::string>().find("no such file") != std::string::npos);

  CHECK(lines[1]["path"] == ws.package.string());
  CHECK(lines[1]["unreadable"] == false);
}

TEST_CASE("canary --fail-on none still reports an unreadable artifact with exit 3", "[cli]") {
  Workspace ws;
  ProcessResult r = run_canary({"scan", "-q", "--fail-on", "none", "--rules", ws.rules.string(),
                                (ws.tmp / "gone.whl").string()});
  CHECK(r.exit_code == 3);
}

TEST_CASE("a FIFO is refused rather than read", "[cli]") {
  Workspace ws;
  std::filesystem::path fifo = ws.tmp / "pipe.whl";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  ProcessResult r = run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), fifo.string()});
  CHECK(r.exit_code == 3);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["unreadable"] == true);
  CHECK(lines[0]["errors"][0].get<std::string>().find("not a regular file") != std::string::npos);
}

TEST_CASE("canary --from-list skips blank lines and comments and strips CR", "[cli]") {
  Workspace ws;
  const std::string missing = (ws.tmp / "missing-2.0.tar.gz").string();
  const std::string list = "# artifacts to check\n"
                           "\n" +
                           ws.package.string() + "\r\n" +
                           "   \n"
                           "  # indented comment\n" +
                           missing + "\n";

  SECTION("from a file, after positional artifacts") {
    write_file(ws.tmp / "list.txt", list);
    std::filesystem::path extra = ws.tmp / "other";
    write_file(extra / "x.py", "print('hi')\n");
    ProcessResult r = run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), "--from-list",
                                  (ws.tmp / "list.txt").string(), extra.string()});
    CHECK(r.exit_code == 3);
    std::vector<json> lines = parse_jsonl(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["path"] == extra.string());
    CHECK(lines[1]["path"] == ws.package.string());
    CHECK(lines[1]["unreadable"] == false);
    CHECK(lines[2]["path"] == missing);
    CHECK(lines[2]["unreadable"] == true);
  }
  SECTION("from stdin") {
    RunOptions opts;
    opts.stdin_data = list;
    ProcessResult r =
        run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), "--from-list", "-"}, opts);
    CHECK(r.exit_code == 3);
    std::vector<json> lines = parse_jsonl(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["path"] == ws.package.string());
    CHECK(lines[1]["path"] == missing);
  }
}

TEST_CASE("json output is one document with every artifact", "[cli]") {
  Workspace ws;
  const std::string missing = (ws.tmp / "absent.whl").string();
  ProcessResult r =
      run_canary({"scan", "--format", "json", "--rules", ws.rules.string(), ws.package.string(), missing});
  CHECK(r.exit_code == 3);
  json doc = json::parse(r.out);
  CHECK(doc["canary_version"] == project_version());
  REQUIRE(doc["artifacts"].is_array());
  REQUIRE(doc["artifacts"].size() == 2);
  for (const json& a : doc["artifacts"]) require_artifact_fields(a);
  CHECK(doc["artifacts"][0]["path"] == ws.package.string());
  CHECK(doc["artifacts"][1]["path"] == missing);
  // Machine formats print no header on stderr.
  CHECK(r.err.find("rules:") == std::string::npos);
}

TEST_CASE("jsonl score is a number with one decimal and the verdict a known name", "[cli]") {
  Workspace ws;
  ProcessResult r = run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), ws.package.string()});
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  double score = lines[0]["score"].get<double>();
  CHECK(score >= 0.0);
  CHECK(score <= 10.0);
  CHECK(std::abs(score * 10 - std::round(score * 10)) < 1e-9);
  std::string verdict = lines[0]["verdict"];
  CHECK((verdict == "SAFE" || verdict == "LOW_RISK" || verdict == "HIGH_RISK" || verdict == "MALICIOUS"));
  // The raw output line carries the decimal point even for whole scores.
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex(R"re("score":([0-9.]+))re")));
  CHECK(m[1].str().find('.') != std::string::npos);
}

TEST_CASE("invalid UTF-8 in an artifact path still gives valid JSON", "[cli]") {
  Workspace ws;
  const std::string bad = (ws.tmp / "bad-\xff\xfe-name.whl").string();
  ProcessResult r = run_canary({"scan", "--format", "jsonl", "--rules", ws.rules.string(), bad});
  CHECK(r.exit_code == 3);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  std::string path = lines[0]["path"];
  CHECK(path.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD replacement character
  CHECK(path.find("-name.whl") != std::string::npos);
}

TEST_CASE("table output: header, blocks, summary, escaping and colour", "[cli]") {
  Workspace ws;
  const std::string missing = (ws.tmp / "gone-1.0.whl").string();

  SECTION("header names the pack on stderr, -q removes it") {
    ProcessResult r = run_canary({"scan", "--rules", ws.rules.string(), ws.package.string()});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("rules: " + ws.rules.string() + " (") != std::string::npos);
    CHECK(r.out.find(ws.package.string()) != std::string::npos);
    CHECK(r.out.find("verdict") != std::string::npos);
    CHECK(r.out.find("SAFE") != std::string::npos);
    CHECK(r.out.find("artifacts:") == std::string::npos);  // no summary for one artifact

    ProcessResult quiet = run_canary({"scan", "-q", "--rules", ws.rules.string(), ws.package.string()});
    CHECK(quiet.err.find("rules:") == std::string::npos);
  }
  SECTION("the default pack comes from CANARY_RULES_DIR") {
    RunOptions opts;
    opts.env.emplace_back("CANARY_RULES_DIR", ws.rules.string());
    ProcessResult r = run_canary({"scan", ws.package.string()}, opts);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("rules: " + ws.rules.string() + " (") != std::string::npos);
  }
  SECTION("without --rules or CANARY_RULES_DIR the source tree's pack is used") {
    RunOptions opts;
    opts.env.emplace_back("CANARY_RULES_DIR", std::nullopt);
    ProcessResult r = run_canary({"scan", ws.package.string()}, opts);
    INFO(r.err);
    CHECK(r.err.find("rules: canary 0.2.0 (" + (source_dir() / "rules").lexically_normal().string() + ")") !=
          std::string::npos);
  }
  SECTION("several artifacts end with a summary line") {
    ProcessResult r = run_canary({"scan", "--rules", ws.rules.string(), ws.package.string(), missing});
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("2 artifacts: 1 SAFE, 1 UNREADABLE") != std::string::npos);
    CHECK(r.out.find("no such file") != std::string::npos);
  }
  SECTION("control characters in paths are escaped, never sent to the terminal") {
    const std::string evil = (ws.tmp / "evil\x1b[2J\x07name.whl").string();
    ProcessResult r = run_canary({"scan", "--color", "never", "--rules", ws.rules.string(), evil});
    CHECK(r.exit_code == 3);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.out.find("evil\\x1b[2J\\x07name.whl") != std::string::npos);
  }
  SECTION("--color always colours the verdict; a pipe with --color auto does not") {
    ProcessResult always =
        run_canary({"scan", "--color", "always", "--rules", ws.rules.string(), ws.package.string()});
    CHECK(always.out.find("\x1b[32mSAFE\x1b[0m") != std::string::npos);
    ProcessResult piped = run_canary({"scan", "--rules", ws.rules.string(), ws.package.string()});
    CHECK(piped.out.find('\x1b') == std::string::npos);
    ProcessResult never = run_canary({"scan", "--color", "never", "--rules", ws.rules.string(), ws.package.string()});
    CHECK(never.out.find('\x1b') == std::string::npos);
  }
}

TEST_CASE("canary --color auto colours a terminal unless NO_COLOR is set", "[cli]") {
  Workspace ws;
  const std::vector<std::string> args{"scan", "--rules", ws.rules.string(), ws.package.string()};
  RunOptions tty;
  tty.stdout_is_tty = true;
  ProcessResult coloured = run_canary(args, tty);
  CHECK(coloured.exit_code == 0);
  CHECK(coloured.out.find("\x1b[32mSAFE\x1b[0m") != std::string::npos);

  RunOptions no_color = tty;
  no_color.env.emplace_back("NO_COLOR", "1");
  // run_canary removes NO_COLOR first; this later entry sets it again.
  ProcessResult plain = run_canary(args, no_color);
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("SAFE") != std::string::npos);
  CHECK(plain.out.find('\x1b') == std::string::npos);

  std::vector<std::string> never = args;
  never.insert(never.begin() + 1, "--color=never");
  CHECK(run_canary(never, tty).out.find('\x1b') == std::string::npos);
}
