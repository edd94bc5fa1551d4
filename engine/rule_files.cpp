#include "rule_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace canary {
namespace fs = std::filesystem;

namespace {
// Rule files are small; anything this large is a mistake or an attack on the tooling.
constexpr uintmax_t kMaxRuleFileBytes = 64ull << 20;

std::string key(const fs::path& p) { return p.lexically_normal().generic_string(); }
}  // namespace

bool read_file_capped(const fs::path& p, uintmax_t max_bytes, std::string& text, std::string& error) {
  std::error_code ec;
  uintmax_t size = fs::file_size(p, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  if (size > max_bytes) {
    error = "larger than " + std::to_string(max_bytes >> 20) + " MiB";
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    error = "cannot open";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  // The file may have grown since it was measured.
  if (text.size() > max_bytes) {
    error = "larger than " + std::to_string(max_bytes >> 20) + " MiB";
    return false;
  }
  return true;
}

RuleFiles::Type DiskRuleFiles::type(const fs::path& p) const {
  std::error_code ec;
  if (fs::is_directory(p, ec)) return Type::Directory;
  if (fs::is_regular_file(p, ec)) return Type::File;
  return Type::Missing;
}

bool DiskRuleFiles::read(const fs::path& p, std::string& text, std::string& error) const {
  return read_file_capped(p, kMaxRuleFileBytes, text, error);
}

bool DiskRuleFiles::list_rule_files(const fs::path& dir, std::vector<fs::path>& out, std::string& error) const {
  std::error_code ec;
  std::vector<fs::path> found;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       it != end && !ec; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".canary") found.push_back(it->path());
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  if (ec) error = ec.message();
  return !ec;
}

std::string DiskRuleFiles::identity(const fs::path& p) const {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(p, ec);
  return ec ? p.string() : canon.string();
}

BundleRuleFiles::BundleRuleFiles(std::string bundle_display, const std::vector<BundleEntry>& entries)
    : bundle_(std::move(bundle_display)) {
  for (const BundleEntry& e : entries) files_[e.path] = e.content;
}

RuleFiles::Type BundleRuleFiles::type(const fs::path& p) const {
  std::string k = key(p);
  if (files_.count(k)) return Type::File;
  // A directory is any proper prefix of a stored path; the root is always one.
  std::string prefix = k.empty() || k == "." ? "" : k + "/";
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0 ? Type::Directory : Type::Missing;
}

bool BundleRuleFiles::read(const fs::path& p, std::string& text, std::string& error) const {
  auto it = files_.find(key(p));
  if (it == files_.end()) {
    error = "not in the bundle";
    return false;
  }
  text = it->second;
  return true;
}

bool BundleRuleFiles::list_rule_files(const fs::path& dir, std::vector<fs::path>& out, std::string&) const {
  std::string k = key(dir);
  std::string prefix = k.empty() || k == "." ? "" : k + "/";
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it)
    if (fs::path(it->first).extension() == ".canary") out.emplace_back(it->first);
  return true;
}

std::string BundleRuleFiles::identity(const fs::path& p) const { return key(p); }

std::string BundleRuleFiles::display(const fs::path& p) const { return bundle_ + ":" + key(p); }

}  // namespace canary
