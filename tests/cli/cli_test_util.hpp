// Helpers for the end-to-end tests of the canary binary: temporary
// directories, running `canary ...`, and reading its JSON output.
#pragma once
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"
#include "support/run_process.hpp"

namespace canary::test {

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

// Runs the built canary with `args`. NO_COLOR is removed from the inherited
// environment (before the test's own changes, which may set it again) so that
// the tests decide about colour.
inline ProcessResult run_canary(const std::vector<std::string>& args, RunOptions options = {}) {
  std::vector<std::string> argv{canary_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  options.env.insert(options.env.begin(), {"NO_COLOR", std::nullopt});
  return run_process(argv, options);
}

// Each non-empty line parsed as one JSON value (throws on a bad line).
inline std::vector<nlohmann::json> parse_jsonl(const std::string& out) {
  std::vector<nlohmann::json> values;
  for (const std::string& line : split_lines(out)) {
    if (!line.empty()) values.push_back(nlohmann::json::parse(line));
  }
  return values;
}

// A rule file the real engine accepts: one low-severity literal rule, so that
// tests can place a finding exactly where they want it.
inline constexpr const char* kMarkerRule = R"(rule TEST_MARKER : test {
  meta:
    title    = "test marker string"
    severity = low
  patterns:
    $m = "canary-test-marker-7f3a"
  condition:
    $m
}
)";

}  // namespace canary::test
