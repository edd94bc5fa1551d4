#include "unit_schedule.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <numeric>
#include <system_error>
#include <thread>

namespace canary::cli {

namespace fs = std::filesystem;

uint64_t unit_bytes(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::symlink_status(path, ec);
  if (ec) return 0;
  if (fs::is_regular_file(st)) {
    uintmax_t n = fs::file_size(path, ec);
    return ec ? 0 : static_cast<uint64_t>(n);
  }
  if (!fs::is_directory(st)) return 0;
  uint64_t total = 0;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code fe;
    if (!it->is_regular_file(fe) || it->is_symlink(fe)) continue;
    uintmax_t n = it->file_size(fe);
    if (!fe) total += static_cast<uint64_t>(n);
  }
  return total;
}

std::vector<size_t> largest_first(const std::vector<std::string>& paths, unsigned threads) {
  // Sizing walks every directory (a stat per file: 0.65 s over
  // dist-packages, before any thread could start), so it is shared out too.
  std::vector<uint64_t> bytes(paths.size());
  std::atomic<size_t> next{0};
  auto size_some = [&] {
    for (size_t i = next++; i < paths.size(); i = next++) bytes[i] = unit_bytes(paths[i]);
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < std::min<size_t>(std::max(threads, 1u), paths.size()); ++t) helpers.emplace_back(size_some);
  size_some();
  for (std::thread& h : helpers) h.join();
  std::vector<size_t> order(paths.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bytes[a] > bytes[b]; });
  return order;
}

}  // namespace canary::cli
