// The hostile-input suite's tools: running canary with its peak RSS and
// time measured (wait4), proving that a run wrote nothing, and building
// archives that no well-behaved writer would produce (a hand-written tar with
// device entries and lying PAX headers, gzip streamed so that a 500 MB entry
// never exists uncompressed, on disk or in memory).
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace canary::test {

// The peak resident set every hostile case must stay under (issue 6).
constexpr long kMaxRssKb = 256 * 1024;

struct MeasuredRun {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out, err;
  long max_rss_kb = 0;  // the child's ru_maxrss
  double seconds = 0;   // wall time (printed, never asserted: only the hang guard is)
  bool hung = false;    // killed by the hang guard
};

// One sandbox per test case: canary runs in `work` with HOME, TMPDIR and the
// cache pointed inside the sandbox, so that any write it makes lands where
// the test can see it.
class Sandbox {
 public:
  Sandbox();
  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path input(const std::string& name) const { return root() / "in" / name; }
  // Runs the built canary with args; kills it after `guard_seconds` (4 times
  // that in a sanitizer build).
  MeasuredRun run(const std::vector<std::string>& args, int guard_seconds = 240) const;
  // `canary scan --format json --fail-on none --no-cache ARTIFACT` plus extra
  // options: the report is parsed into `report` (the first JSON line).
  MeasuredRun scan(const std::string& artifact, nlohmann::json& report, std::vector<std::string> extra = {}) const;
  // Every path under root with its size; used before/after a run.
  std::map<std::string, uintmax_t> snapshot() const;

 private:
  TempDir dir_;
};

// Prints "hostile CASE: exit E, T s, RSS K MiB" and checks the RSS bound (not
// under sanitizers, whose shadow memory is not the program's).
void report_and_check_rss(const std::string& name, const MeasuredRun& r);

// Runs one scan in `box` and checks what every hostile case must hold:
// the RSS bound, nothing written (not beside the input, not in HOME, TMPDIR
// or the cache), and no crash or abort.
MeasuredRun scan_case(const Sandbox& box, const std::string& name, const std::filesystem::path& artifact,
                      nlohmann::json& report, std::vector<std::string> extra = {});

// Ids of the findings of a JSON report, and whether any error contains `text`.
std::vector<std::string> finding_rules(const nlohmann::json& report);
bool has_finding(const nlohmann::json& report, const std::string& rule);
bool error_contains(const nlohmann::json& report, const std::string& text);

// A tar written header by header (ustar), optionally gzip-compressed as it
// is written. Content is produced in chunks by a callback, so huge entries
// cost neither memory nor disk.
class TarStream {
 public:
  TarStream(const std::filesystem::path& path, bool gzip);
  ~TarStream();
  TarStream(const TarStream&) = delete;
  TarStream& operator=(const TarStream&) = delete;
  // typeflag: '0' file, '1' hardlink, '2' symlink, '3' char device, '4'
  // block device, '6' fifo, 'x' PAX extended header for the next entry.
  void header(const std::string& name, char typeflag, uint64_t size, const std::string& link = "",
              uint32_t mode = 0644);
  void data(const std::string& bytes);  // appended to the current entry
  void pad();                           // to the next 512-byte block after an entry's data
  void file(const std::string& name, const std::string& content);
  // An entry of `size` bytes produced by repeating `pattern`.
  void repeated_file(const std::string& name, const std::string& pattern, uint64_t size);
  void finish();  // two zero blocks and the gzip trailer; the destructor calls it
  void raw(const std::string& bytes);  // bytes into the (compressed) stream as they are

 private:
  void write_out(const char* p, size_t n);
  struct Impl;
  Impl* impl_;
  uint64_t written_ = 0;
  bool finished_ = false;
};

}  // namespace canary::test
