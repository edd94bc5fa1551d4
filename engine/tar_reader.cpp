// Sdists (.tar.gz, .tar.bz2, .tar.xz, .tar) through libarchive's tar format,
// the compression undone by DecompressChain, streaming: the archive is read
// front to back once and never touches the disk.
// An entry's data beyond the per-entry limit still has to be decompressed to
// reach the next header, so it is read and discarded against the total budget.
#include <archive.h>
#include <archive_entry.h>

#include <optional>

#include "engine/libarchive_error.hpp"
#include "engine/readers_internal.hpp"
#include "engine/decompress_chain.hpp"

namespace canary::detail {
namespace {

constexpr size_t kChunk = 64 * 1024;
// The compressed bytes consumed are exact (DecompressChain::compressed_bytes),
// but an uncompressed tar is handed to libarchive in blocks: the block in
// hand when an entry starts may hold all of that entry's bytes, so the bomb
// ratio counts one block in the denominator to stay on the safe side.
constexpr size_t kReadBlock = kChainBlock;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

class TarReader final : public ArtifactReader {
 public:
  TarReader(std::filesystem::path path, const ReadLimits& limits, std::string lone_name)
      : path_(std::move(path)), name_(path_.filename().string()), lone_name_(std::move(lone_name)),
        lone_file_(!lone_name_.empty()), limits_(limits) {}
  // An archive inside an artifact: read from `bytes`, which outlive the reader.
  TarReader(std::string_view bytes, std::string display, const ReadLimits& limits, ReadLevel level,
            std::string lone_name)
      : memory_(bytes), from_memory_(true), name_(std::move(display)), lone_name_(std::move(lone_name)),
        limits_(limits), level_(std::move(level)) {}
  // A lone compressed file given as the artifact is neither a wheel nor an
  // sdist (the nested case says so per entry, nested_archives.cpp).
  ArtifactKind kind() const override { return lone_file_ ? ArtifactKind::Zip : ArtifactKind::Sdist; }
  bool read(const EntryVisitor& visit, std::vector<std::string>& errors) override;

 private:
  std::filesystem::path path_;
  std::string_view memory_;
  bool from_memory_ = false;
  std::string name_;  // in error lines
  std::string lone_name_;  // the entry a lone compressed stream is read as
  bool lone_file_ = false;  // the artifact itself is a lone compressed file
  ReadLimits limits_;
  ReadLevel level_;
  std::string buffer_;  // one entry's content at a time, reused
};

bool TarReader::read(const EntryVisitor& visit, std::vector<std::string>& errors) {
  // gzip, bzip2 and xz layers are undone by the chain (decompress_chain.hpp:
  // libarchive's xz filter allows a 1 GiB dictionary); libarchive reads the
  // tar format from the plain bytes, with none of its filters (its "all"
  // would also let a hostile file pick external programs: lrzip, grzip, ...).
  std::optional<DecompressChain> chain;
  if (from_memory_) chain.emplace(memory_);
  else chain.emplace(path_);
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  // Inside an artifact, a gzip/bzip2/xz stream may be a lone compressed file
  // (payload.py.gz) rather than a tarball: the raw format takes what the tar
  // format does not bid for, and its one entry is the decompressed content.
  // An artifact named as a tarball never gets it: an "sdist" that is a
  // gzip of something else is an error, not one file scanned quietly.
  const bool raw_allowed = from_memory_ || lone_file_;
  if (raw_allowed) archive_read_support_format_raw(a.get());
  const std::string name = printable_name(name_);
  // A compression layer refused at its start (a header, a dictionary too
  // large) is said as such: the bytes are no tar of any kind yet.
  if (!chain->start()) {
    errors.push_back("cannot read " + name + " as a compressed file: " + chain->error());
    return false;
  }
  auto cannot_read = [&](const std::string& why) { return "cannot read " + name + " as a tar archive: " + why; };
  if (chain->open(a.get()) != ARCHIVE_OK) {
    errors.push_back(cannot_read(libarchive_error(a.get(), "not a readable tar stream")));
    return false;
  }
  auto inflated_total = [&] { return uint64_t(archive_filter_bytes(a.get(), 0)); };
  auto compressed_total = [&] { return chain->compressed_bytes(); };
  std::optional<ReadBudget> own_budget;
  ReadBudget& budget = level_.budget ? *level_.budget : own_budget.emplace(limits_);
  // Every inflated byte counts against the (shared) total, headers and
  // skipped data included: `counted` is what was added so far.
  uint64_t counted = 0;
  auto count_inflated = [&] {
    const uint64_t now = inflated_total();
    budget.add_bytes(now > counted ? now - counted : 0);
    counted = std::max(counted, now);
  };
  bool any_header = false;
  std::vector<char> chunk(kChunk);
  uint64_t damaged = 0;
  for (;;) {
    archive_entry* ae = nullptr;
    int rc = archive_read_next_header(a.get(), &ae);
    if (rc == ARCHIVE_EOF) break;
    // RETRY is libarchive's "this header is damaged, the next may be fine"
    // (a bad checksum): it is no entry, and must not be read as one. Each
    // retry consumes a block, and the entry budget bounds how many there are.
    if (rc == ARCHIVE_RETRY) {
      if (damaged++ == 0)
        errors.push_back(name + ": skipped a damaged tar header (" + libarchive_error(a.get(), "bad header") +
                         "); the archive is corrupt");
      if (!budget.admit_entry(errors)) break;
      continue;
    }
    if (rc < ARCHIVE_WARN) {
      std::string msg = libarchive_error(a.get(), "corrupt archive");
      if (!any_header) {
        errors.push_back(cannot_read(msg));
        return false;
      }
      errors.push_back(name + ": archive is corrupt or truncated after the last entry read: " + msg);
      break;
    }
    // A lone compressed file, not a tarball: one entry, named after the file.
    const bool lone = raw_allowed && archive_format(a.get()) == ARCHIVE_FORMAT_RAW;
    if (lone && any_header) break;  // the raw format has one entry; never a second
    // Nothing was decompressed (a ustar magic that the tar format refused):
    // the raw format would hand back the same bytes, which look like an
    // archive again.
    if (lone && chain->layers() == 0) {
      errors.push_back("cannot read " + name + " as a tar archive: its header is not one libarchive accepts");
      return false;
    }
    any_header = true;
    count_inflated();
    if (budget.total_exhausted()) {
      budget.stop(errors, budget.total_error());
      break;
    }
    const mode_t type = lone ? AE_IFREG : archive_entry_filetype(ae);
    if (type == AE_IFDIR) continue;
    if (!budget.admit_entry(errors)) break;

    std::string stored = lone_name_;
    if (!lone) {
      const char* raw_name = archive_entry_pathname(ae);
      if (!raw_name) raw_name = archive_entry_pathname_utf8(ae);
      stored = raw_name ? raw_name : "";
    }
    Entry e;
    e.stored_path = stored;
    e.lone_stream = lone;
    NormalizedPath n = normalize_path(stored);
    // A lone stream's name is canary's, made from the file's, which was
    // judged as the file's own: its entry is never reported unsafe again.
    e.unsafe_path = n.unsafe && !lone;
    // Sdists are NAME-VERSION/...: paths are given relative to that directory.
    e.path = n.absolute || lone ? n.path : strip_first_segment(n.path);
    e.declared_size = archive_entry_size_is_set(ae) ? uint64_t(std::max<la_int64_t>(archive_entry_size(ae), 0)) : 0;
    buffer_.clear();
    const std::string label = "tar entry '" + level_.name_prefix + printable_name(stored) + "': ";

    const bool regular = type == AE_IFREG && !archive_entry_hardlink(ae);
    if (const char* target = archive_entry_hardlink(ae)) {
      e.is_hardlink = true;
      buffer_ = target;
    } else if (type == AE_IFLNK) {
      e.is_symlink = true;
      const char* t = archive_entry_symlink(ae);
      buffer_ = t ? t : "";
    } else if (!regular) {
      e.is_special = true;
    }
    // Data is read for every entry: kept for regular files, discarded for
    // links and specials (whose headers may still claim a size), so that no
    // hidden skip inflates unbounded data behind the budget's back.
    uint64_t allowance = regular ? budget.entry_allowance() : 0;
    const uint64_t compressed_at_start = compressed_total();
    uint64_t produced = 0;
    bool failed = false;
    bool over_total = false;
    bool out_of_time = false;
    for (;;) {
      la_ssize_t got = archive_read_data(a.get(), chunk.data(), chunk.size());
      if (got < 0) {
        errors.push_back(label + "cannot read data: " + libarchive_error(a.get(), "corrupt archive"));
        e.truncated = true;
        failed = true;
        break;
      }
      if (got == 0) break;
      if (buffer_.size() < allowance)
        buffer_.append(chunk.data(), size_t(std::min<uint64_t>(uint64_t(got), allowance - buffer_.size())));
      produced += uint64_t(got);
      if (regular && produced > allowance) e.truncated = true;
      const uint64_t compressed = compressed_total() - compressed_at_start + kReadBlock;
      if (!e.bomb && produced >= kBombMinInflated && produced / compressed > limits_.max_ratio) {
        // Keep nothing more of it, but go on decompressing (bounded by the
        // total budget below) so the entries after a bomb are still seen.
        e.bomb = e.truncated = true;
        allowance = buffer_.size();
      }
      // Past the allowance the rest is only decompressed to reach the next
      // header; the total budget bounds that work.
      count_inflated();
      if (budget.total_exhausted()) {
        over_total = true;
        e.truncated = e.truncated || regular;
        break;
      }
      // One entry may hold gigabytes of padding: the time budget is
      // checked while inflating too, not only between entries.
      if (budget.out_of_time()) {
        out_of_time = true;
        e.truncated = e.truncated || regular;
        break;
      }
    }
    e.inflated_size = produced;
    if (e.bomb)
      errors.push_back(label + "decompression bomb (more than " + std::to_string(limits_.max_ratio) +
                       " inflated bytes per compressed byte), content not kept past that point");
    const uint64_t compressed = compressed_total() - compressed_at_start + kReadBlock;
    visit_entry(level_, budget, limits_, e, buffer_, compressed, visit, errors);
    // Inside an artifact, keep no memory between entries: the held-bytes
    // budget (ReadBudget::hold) counts live content, not an earlier entry's
    // pages left in this buffer.
    if (from_memory_) std::string().swap(buffer_);
    if (failed) break;
    if (out_of_time) {
      budget.stop(errors, budget.time_error());
      break;
    }
    if (over_total || budget.total_exhausted()) {
      budget.stop(errors, budget.total_error());
      break;
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<ArtifactReader> make_tar_reader(const std::filesystem::path& path, const ReadLimits& limits,
                                                std::string lone_name) {
  return std::make_unique<TarReader>(path, limits, std::move(lone_name));
}

bool is_lone_compressed_file(const std::filesystem::path& path) {
  DecompressChain chain(path);  // outlives the archive reading from it
  // A refused layer is not lone content: the tar reader reports it.
  if (!chain.start() || chain.layers() == 0) return false;
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_raw(a.get());
  if (chain.open(a.get()) != ARCHIVE_OK) return false;
  archive_entry* ae = nullptr;
  // Only the first header: the chain decompresses what libarchive needs to
  // bid (a block or two), whatever the stream's size.
  if (archive_read_next_header(a.get(), &ae) < ARCHIVE_WARN) return false;
  return archive_format(a.get()) == ARCHIVE_FORMAT_RAW;
}

std::unique_ptr<ArtifactReader> make_tar_memory_reader(std::string_view bytes, std::string display,
                                                        const ReadLimits& limits, ReadLevel level,
                                                        std::string lone_name) {
  return std::make_unique<TarReader>(bytes, std::move(display), limits, std::move(level), std::move(lone_name));
}

}  // namespace canary::detail
