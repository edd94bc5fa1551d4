#include "unit_schedule.hpp"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <system_error>

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

std::vector<size_t> largest_first(const std::vector<std::string>& paths) {
  std::vector<uint64_t> bytes(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) bytes[i] = unit_bytes(paths[i]);
  std::vector<size_t> order(paths.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bytes[a] > bytes[b]; });
  return order;
}

}  // namespace canary::cli
