// An unpacked tree on disk. Symlinks are reported, never followed: a link
// may point anywhere on the machine, and its target is what rules should see.
#include <algorithm>
#include <fstream>

#include "engine/readers_internal.hpp"

namespace canary::detail {
namespace {

namespace fs = std::filesystem;

class DirReader final : public ArtifactReader {
 public:
  DirReader(fs::path root, const ReadLimits& limits) : root_(std::move(root)), limits_(limits) {}
  ArtifactKind kind() const override { return ArtifactKind::Directory; }
  bool read(const EntryVisitor& visit, std::vector<std::string>& errors) override;

 private:
  // Collects every non-directory below root_ (sorted later); stops collecting
  // once more than max_entries were found, which is enough to report the limit.
  void collect(const fs::path& dir, std::vector<fs::path>& out, std::vector<std::string>& errors);
  bool read_file(const fs::path& p, uint64_t allowance, Entry& e, std::string& error);

  fs::path root_;
  ReadLimits limits_;
  std::string buffer_;  // one entry's content at a time, reused
};

void DirReader::collect(const fs::path& dir, std::vector<fs::path>& out, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    errors.push_back("cannot list directory " + printable_name(dir.lexically_relative(root_).generic_string()) +
                     ": " + ec.message());
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (out.size() > limits_.max_entries) return;
    fs::file_status st = it->symlink_status(ec);
    if (ec) {
      errors.push_back("cannot stat " + printable_name(it->path().lexically_relative(root_).generic_string()) +
                       ": " + ec.message());
      ec.clear();
      continue;
    }
    if (fs::is_directory(st)) collect(it->path(), out, errors);
    else out.push_back(it->path());
  }
  if (ec) errors.push_back("error while listing " + dir.string() + ": " + ec.message());
}

bool DirReader::read_file(const fs::path& p, uint64_t allowance, Entry& e, std::string& error) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    error = "cannot open for reading";
    return false;
  }
  // Read one byte past the allowance to learn whether the file goes on.
  std::vector<char> chunk(64 * 1024);
  uint64_t want = allowance + 1;
  while (want > 0 && in) {
    in.read(chunk.data(), std::streamsize(std::min<uint64_t>(want, chunk.size())));
    auto got = uint64_t(std::max<std::streamsize>(in.gcount(), 0));
    if (got == 0) break;
    want -= got;
    buffer_.append(chunk.data(), size_t(got));
  }
  if (in.bad()) {
    error = "read error";
    return false;
  }
  if (buffer_.size() > allowance) {
    buffer_.resize(size_t(allowance));
    e.truncated = true;
  }
  return true;
}

bool DirReader::read(const EntryVisitor& visit, std::vector<std::string>& errors) {
  std::vector<fs::path> files;
  collect(root_, files, errors);
  std::vector<std::pair<std::string, fs::path>> ordered;
  ordered.reserve(files.size());
  for (auto& f : files) ordered.emplace_back(f.lexically_relative(root_).generic_string(), f);
  std::sort(ordered.begin(), ordered.end());

  ReadBudget budget(limits_);
  for (const auto& [rel, full] : ordered) {
    if (budget.total_exhausted()) budget.stop(errors, budget.total_error());
    if (!budget.admit_entry(errors)) break;
    Entry e;
    e.stored_path = rel;
    NormalizedPath n = normalize_path(rel);
    e.path = n.path;
    e.unsafe_path = n.unsafe;
    buffer_.clear();
    std::error_code ec;
    fs::file_status st = fs::symlink_status(full, ec);
    if (ec) {
      errors.push_back("cannot stat " + printable_name(rel) + ": " + ec.message());
      continue;
    }
    if (fs::is_symlink(st)) {
      e.is_symlink = true;
      buffer_ = fs::read_symlink(full, ec).string();
      if (ec) errors.push_back("cannot read link " + printable_name(rel) + ": " + ec.message());
    } else if (fs::is_regular_file(st)) {
      e.declared_size = fs::file_size(full, ec);
      std::string err;
      if (!read_file(full, budget.entry_allowance(), e, err)) {
        errors.push_back("skipped " + printable_name(rel) + ": " + err);
        continue;
      }
      budget.add_bytes(buffer_.size());
      e.inflated_size = e.truncated ? buffer_.size() : e.declared_size;
    } else {
      e.is_special = true;
    }
    visit_entry(ReadLevel{}, budget, limits_, e, buffer_, 0, visit, errors);
  }
  return true;
}

}  // namespace

std::unique_ptr<ArtifactReader> make_dir_reader(const std::filesystem::path& path, const ReadLimits& limits) {
  return std::make_unique<DirReader>(path, limits);
}

}  // namespace canary::detail
