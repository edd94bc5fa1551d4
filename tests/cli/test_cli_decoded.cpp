// Decoded layers through the canary binary: the chain reaches JSON and the
// table, and the scan options bound or turn off decoding.
#include <catch2/catch.hpp>

#include "cli_test_util.hpp"

using namespace canary::test;
using nlohmann::json;

namespace {

std::string layered() { return corpus_artifact("layered_loader-0.1-py3-none-any.whl").string(); }

json scan_json(std::vector<std::string> extra) {
  std::vector<std::string> args{"scan", "-q", "--fail-on", "none", "--format", "jsonl"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(layered());
  ProcessResult r = run_canary(args);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<json> lines = parse_jsonl(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

const json* finding(const json& report, const std::string& rule) {
  for (const json& f : report["findings"])
    if (f["rule"] == rule) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("scan: a finding in a decoded layer carries its decode chain and origin in JSON", "[cli][e2e]") {
  json r = scan_json({});
  CHECK(r["verdict"] == "MALICIOUS");
  CHECK(r["files_decoded"] == 1);
  const json* f = finding(r, "canary:INIT_MODULE_LEVEL_NETWORK");
  REQUIRE(f != nullptr);
  CHECK((*f)["file"] == "layered_loader/__init__.py#base64>zlib>base64@L9");
  CHECK((*f)["decode_chain"] == json::array({"base64", "zlib", "base64"}));
  CHECK((*f)["decoded_from"] == json{{"file", "layered_loader/__init__.py"}, {"line", 9}});
  CHECK((*f)["line"] == 4);  // the module-level `try:` around urlopen, inside the decoded text
  CHECK((*f)["excerpt"] == "try:");
  // A finding in a real file has an empty chain and no origin.
  const json* real = finding(r, "canary:EXEC_BASE64_DECODED");
  REQUIRE(real != nullptr);
  CHECK((*real)["decode_chain"] == json::array());
  CHECK((*real)["decoded_from"].is_null());
}

TEST_CASE("scan: --max-decode-depth 0 turns decoding off, a bad value is refused", "[cli][e2e]") {
  json r = scan_json({"--max-decode-depth", "0"});
  CHECK(r["files_decoded"] == 0);
  CHECK(finding(r, "canary:INIT_MODULE_LEVEL_NETWORK") == nullptr);
  CHECK(finding(r, "canary:EXEC_BASE64_DECODED") != nullptr);
  ProcessResult bad = run_canary({"scan", "--max-decode-depth", "-1", layered()});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("scan: --max-decoded-bytes too small for the blob's layers leaves it undecoded", "[cli][e2e]") {
  json r = scan_json({"--max-decoded-bytes", "64"});
  CHECK(r["files_decoded"] == 0);
  CHECK(finding(r, "canary:INIT_MODULE_LEVEL_NETWORK") == nullptr);
}

TEST_CASE("scan: the table names the decoded layer and where it came from", "[cli][e2e]") {
  ProcessResult r = run_canary({"scan", "-q", "--fail-on", "none", "--color", "never", layered()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("decoded   1 layer scanned as a file") != std::string::npos);
  CHECK(r.out.find("layered_loader/__init__.py#base64>zlib>base64@L9:") != std::string::npos);
  CHECK(r.out.find("decoded (base64 > zlib > base64) from layered_loader/__init__.py:9") != std::string::npos);
}
