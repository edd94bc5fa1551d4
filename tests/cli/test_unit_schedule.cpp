// cli/unit_schedule: scan and eval hand units out largest first, so that one
// huge unit does not start last while the other --jobs threads idle.
#include <catch2/catch.hpp>

#include "cli/arena_trim.hpp"
#include "cli/unit_schedule.hpp"
#include "cli_test_util.hpp"

using namespace canary::test;
namespace fs = std::filesystem;

TEST_CASE("unit schedule: unit sizes count files below a directory, not links", "[cli][schedule]") {
  TempDir tmp;
  fs::create_directories(tmp / "pkg" / "sub");
  write_file(tmp / "pkg" / "a.py", std::string(100, 'a'));
  write_file(tmp / "pkg" / "sub" / "b.py", std::string(250, 'b'));
  write_file(tmp / "big.py", std::string(1000, 'c'));
  fs::create_symlink(tmp / "big.py", tmp / "pkg" / "link.py");
  CHECK(canary::cli::unit_bytes((tmp / "pkg").string()) == 350);
  CHECK(canary::cli::unit_bytes((tmp / "big.py").string()) == 1000);
  CHECK(canary::cli::unit_bytes((tmp / "missing").string()) == 0);
}

TEST_CASE("unit schedule: largest units first, ties in input order", "[cli][schedule]") {
  TempDir tmp;
  write_file(tmp / "small.py", std::string(10, 'x'));
  write_file(tmp / "tie1.py", std::string(50, 'x'));
  write_file(tmp / "tie2.py", std::string(50, 'x'));
  fs::create_directories(tmp / "large");
  write_file(tmp / "large" / "m.py", std::string(5000, 'x'));
  std::vector<std::string> units{(tmp / "small.py").string(), (tmp / "tie1.py").string(),
                                 (tmp / "missing").string(), (tmp / "large").string(), (tmp / "tie2.py").string()};
  CHECK(canary::cli::largest_first(units) == std::vector<size_t>{3, 1, 4, 0, 2});
  // Sized by several threads at once: the same order.
  for (unsigned threads : {2u, 3u, 8u}) CHECK(canary::cli::largest_first(units, threads) == std::vector<size_t>{3, 1, 4, 0, 2});
}

TEST_CASE("arena trim: above the floor, after enough growth since the last trim", "[cli][schedule]") {
  canary::cli::TrimPolicy policy(100, 10, 1000);
  CHECK_FALSE(policy.should_trim(50));   // below the floor
  CHECK(policy.should_trim(100));        // at it, grown from nothing
  policy.trimmed(95);
  CHECK_FALSE(policy.should_trim(104));  // 9 bytes of growth since the trim
  CHECK(policy.should_trim(105));
  policy.trimmed(105);
  // Shrinking moves the base down: growth counts from the smallest size seen.
  CHECK_FALSE(policy.should_trim(101));
  CHECK(policy.should_trim(111));
}

TEST_CASE("arena trim: without /proc, after every so many bytes scanned", "[cli][schedule]") {
  CHECK(canary::cli::resident_bytes() > (1u << 20));  // a running test binary holds more than a megabyte
  CHECK(canary::cli::resident_bytes("/nonexistent/statm") == 0);
  canary::cli::TrimPolicy policy(100, 10, 1000);
  CHECK_FALSE(policy.should_trim_after_scanning(400));
  CHECK_FALSE(policy.should_trim_after_scanning(599));
  CHECK(policy.should_trim_after_scanning(1));  // 1000 in all
  policy.trimmed(0);
  CHECK_FALSE(policy.should_trim_after_scanning(999));  // counted again from the trim
  CHECK(policy.should_trim_after_scanning(5000));
}
