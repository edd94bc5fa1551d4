#include "eval_command.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "eval_output.hpp"
#include "eval_result.hpp"
#include "unit_schedule.hpp"
#include "exit_status.hpp"
#include "scan_setup.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace {

constexpr const char* kCommand = "canary eval";
constexpr unsigned kMaxJobs = 64;

using Clock = std::chrono::steady_clock;

UnitResult scan_unit(const ScanSetup& setup, const EvalUnit& unit) {
  const auto start = Clock::now();
  ArtifactReport r = unit.single_file ? scan_single_file(setup, unit.path) : scan_path(setup, unit.path);
  const std::chrono::duration<double> took = Clock::now() - start;
  return summarize(r, took.count());
}

// "scanned 120/2315" on stderr, overwritten in place; only on a terminal.
class Progress {
 public:
  Progress(size_t total, bool enabled) : total_(total), enabled_(enabled) {}
  void tick() {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    if (done_ % 25 == 0 || done_ == total_) std::cerr << "\rscanned " << done_ << '/' << total_ << std::flush;
    if (done_ == total_) std::cerr << '\n';
  }

 private:
  size_t total_;
  bool enabled_;
  size_t done_ = 0;
  std::mutex mutex_;
};

// Scans every unit with `jobs` threads, largest units first (unit_schedule.hpp);
// results keep the input order. The compiled packs are immutable and each scan
// has its own scratch, so the threads share nothing else.
std::vector<UnitResult> scan_units(const ScanSetup& setup, const std::vector<EvalUnit>& units, unsigned jobs,
                                   Progress& progress) {
  std::vector<UnitResult> results(units.size());
  std::vector<size_t> order;
  if (jobs > 1) {
    std::vector<std::string> paths;
    for (const EvalUnit& u : units) paths.push_back(u.path);
    order = largest_first(paths, jobs);
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t n = next++; n < units.size(); n = next++) {
      const size_t i = order.empty() ? n : order[n];
      results[i] = scan_unit(setup, units[i]);
      progress.tick();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs && t < units.size(); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  return results;
}

}  // namespace

bool parse_eval_format(const std::string& s, EvalFormat& out) {
  if (s == "text") out = EvalFormat::Text;
  else if (s == "json") out = EvalFormat::Json;
  else if (s == "markdown") out = EvalFormat::Markdown;
  else return false;
  return true;
}

int run_eval(const EvalArgs& args) {
  if (args.malicious.empty() && args.benign.empty() && args.benign_units.empty())
    return scan_usage_error(kCommand, "nothing to evaluate (give --malicious, --benign or --benign-units)");
  if (args.jobs == 0 || args.jobs > kMaxJobs)
    return scan_usage_error(kCommand, "--jobs must be between 1 and " + std::to_string(kMaxJobs));

  ScanSetup setup;
  if (int status = resolve_scan_setup(kCommand, args.scan, setup)) return status;
  if (int status = validate_scan_setup(setup)) return status;

  EvalResult result;
  std::vector<EvalUnit> malicious, benign;
  for (const std::string& a : args.malicious) expand_malicious(a, malicious, result.input_errors);
  for (const std::string& a : args.benign) expand_benign(a, benign, result.input_errors);
  for (const std::string& d : args.benign_units) expand_benign_units(d, benign, result.input_errors);

  if (int status = load_scan_setup(args.format == EvalFormat::Text && !setup.args.quiet, setup)) return status;
  result.rules = setup.packs.describe();
  result.rule_count = setup.packs.rule_count();
  result.thresholds = setup.opts.thresholds;
  result.jobs = args.jobs;
  result.show_low = args.show_low;

  Progress progress(malicious.size() + benign.size(), !setup.args.quiet && isatty(STDERR_FILENO));
  const auto start = Clock::now();
  result.malicious.units = scan_units(setup, malicious, args.jobs, progress);
  result.benign.units = scan_units(setup, benign, args.jobs, progress);
  const std::chrono::duration<double> took = Clock::now() - start;
  result.seconds = took.count();

  switch (args.format) {
    case EvalFormat::Text: write_eval_text(result, std::cout, color_enabled(setup.args.color, STDOUT_FILENO)); break;
    case EvalFormat::Json: write_eval_json(result, std::cout); break;
    case EvalFormat::Markdown: write_eval_markdown(result, std::cout); break;
  }
  const bool unread = !result.input_errors.empty() || result.malicious.unreadable() > 0 || result.benign.unreadable() > 0;
  return unread ? kExitUnreadable : kExitOk;
}

}  // namespace canary::cli
