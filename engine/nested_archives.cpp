// Archives inside an artifact: a wheel vendored in an sdist, a zip of a
// payload inside a wheel, a lone compressed file (payload.py.gz, read as an
// archive of one entry). Every reader hands its entries to visit_entry();
// an entry whose bytes are a zip or a tar (by magic, never by name alone) is
// visited as a file, then read again as an archive from the bytes already in
// memory, and its entries are visited as "OUTER!/INNER". Nothing is written
// to disk. docs/limits.md ("Archives inside archives") gives the rules:
//  - levels: the artifact is level 1; an archive at a level above
//    --max-archive-depth is not opened (Entry::not_opened = "depth");
//  - one ReadBudget for all levels: entries, inflated bytes and time are
//    counted across levels, never reset;
//  - the compression ratio compounds: an inner archive whose own entry
//    inflated R:1 may inflate its entries only max_ratio / R : 1, so the
//    bytes that come out per byte of the artifact stay under --max-ratio;
//  - memory: the inner archive's bytes are held while it is read, and the
//    archives held open plus the entry being read share one --max-file-size.
#include <algorithm>
#include <cctype>

#include "engine/readers_internal.hpp"

namespace canary::detail {
namespace {

enum class InnerFormat { None, Zip, Tar };

// The magics open_artifact() and file_kind.cpp know; 7z and rar are
// archives too (file.kind "archive") but canary has no reader for them.
InnerFormat inner_format(std::string_view c) {
  auto starts = [&](std::string_view magic) { return c.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("PK\x03\x04", 4)) || starts(std::string_view("PK\x05\x06", 4))) return InnerFormat::Zip;
  if (starts("\x1f\x8b\x08")) return InnerFormat::Tar;  // gzip: a tarball, or a lone .gz (the tar reader tells)
  if (c.size() >= 10 && starts("BZh") && c[3] >= '1' && c[3] <= '9' && c.substr(4, 6) == "1AY&SY")
    return InnerFormat::Tar;
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return InnerFormat::Tar;
  if (c.size() >= 262 && c.substr(257, 5) == "ustar") return InnerFormat::Tar;
  return InnerFormat::None;
}

bool ends_with_icase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), s.end() - suffix.size(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

// What visit_entry reads `entry` as once it is visited: a link's content is
// its target's name, not bytes of the link.
InnerFormat opened_as(const Entry& entry, std::string_view content) {
  return entry.is_symlink || entry.is_hardlink ? InnerFormat::None : inner_format(content);
}

// An entry of the archive `archive` (an entry of the level above, as its
// reader gave it) as the level above reports it.
Entry nested_entry(const Entry& archive, ArtifactKind kind, const Entry& inner) {
  Entry n = inner;
  n.stored_path = archive.stored_path + "!/" + inner.stored_path;
  if (inner.container.empty()) {
    n.container = archive.path;
    n.container_kind = kind;
  } else {
    n.container = archive.path + "!/" + inner.container;
  }
  n.archive_depth = inner.archive_depth + 1;
  return n;
}

}  // namespace

// The name the content of a lone compressed file gets: the file's name
// without its compression suffixes (payload.py.gz: payload.py; every layer
// is undone (decompress_chain.hpp), so payload.py.gz.xz: payload.py too), or the whole
// name when it has none (a gzip stream named payload.py is still Python);
// "data" when nothing usable is left (`.gz`, `...gz`).
std::string lone_stream_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view suffix : {".gz", ".bz2", ".xz", ".lzma", ".z"})
      if (name.size() > suffix.size() && ends_with_icase(name, suffix)) {
        name.remove_suffix(suffix.size());
        stripped = true;
      }
  }
  if (name.empty() || name == "." || name == "..") return "data";
  return std::string(name);
}

void visit_entry(const ReadLevel& level, ReadBudget& budget, const ReadLimits& limits, Entry& entry,
                 std::string_view content, uint64_t compressed, const EntryVisitor& visit,
                 std::vector<std::string>& errors) {
  const InnerFormat format = opened_as(entry, content);
  if (format == InnerFormat::None) {
    visit(entry, content);
    return;
  }
  const uint64_t next_depth = uint64_t(level.depth) + 1;
  if (next_depth > limits.max_archive_depth) entry.not_opened = "depth";
  else if (entry.truncated) entry.not_opened = "truncated";
  // The archive is a file of its level first: rules see its bytes
  // (PAYLOAD_ARCHIVE_INSIDE) and its facts (ARCHIVE_NESTING_TOO_DEEP).
  visit(entry, content);

  const std::string label = level.name_prefix + printable_name(entry.stored_path);
  if (entry.not_opened == "depth") {
    errors.push_back(label + ": archive not opened: it would be archive level " + std::to_string(next_depth) +
                     " (the artifact is level 1) and --max-archive-depth is " +
                     std::to_string(limits.max_archive_depth) + "; raise --max-archive-depth to scan inside it");
    return;
  }
  if (entry.not_opened == "truncated") {
    errors.push_back(label + ": archive not opened: only its first " + std::to_string(content.size()) +
                     " bytes were read (--max-file-size, --max-ratio or --max-total-bytes; inside inner archives "
                     "the archives held open count against --max-file-size), so its index and entries are incomplete");
    return;
  }
  if (budget.stopped()) return;

  ReadLimits inner_limits = limits;
  // The ratio compounds across levels: what came out of this entry per byte
  // of it in its archive divides what its own entries may inflate.
  const uint64_t ratio = compressed > 0 ? std::max<uint64_t>(entry.inflated_size, content.size()) / compressed : 1;
  if (ratio > 1) inner_limits.max_ratio = std::max<uint64_t>(1, limits.max_ratio / ratio);
  ReadLevel inner_level{&budget, level.depth + 1, label + "!/"};

  ArtifactKind kind = ArtifactKind::Sdist;
  if (format == InnerFormat::Zip) kind = ends_with_icase(entry.path, ".whl") ? ArtifactKind::Wheel : ArtifactKind::Zip;
  std::unique_ptr<ArtifactReader> reader =
      format == InnerFormat::Zip
          ? make_zip_memory_reader(content, label, inner_limits, kind, std::move(inner_level))
          : make_tar_memory_reader(content, label, inner_limits, std::move(inner_level), lone_stream_name(entry.path));
  // A lone compressed file is neither a wheel nor an sdist: rules about
  // either (a native file in an sdist) do not apply to its content.
  const EntryVisitor as_nested = [&](const Entry& inner, std::string_view bytes) {
    visit(nested_entry(entry, inner.lone_stream ? ArtifactKind::Zip : kind, inner), bytes);
  };
  budget.hold(content.size());
  // An archive that cannot be opened at all is one error line ("cannot read
  // NAME as a zip archive: ...").
  reader->read(as_nested, errors);
  budget.release(content.size());
}

}  // namespace canary::detail

namespace canary {

bool opens_as_inner_wheel(const Entry& entry, std::string_view content) {
  return entry.not_opened.empty() && detail::opened_as(entry, content) == detail::InnerFormat::Zip &&
         detail::ends_with_icase(entry.path, ".whl");
}

bool preview_wheel_bytes(std::string_view bytes, const ReadLimits& limits, const PreviewWanted& wanted,
                         ArtifactPreview& out) {
  std::vector<std::string> errors;  // the read itself reports what is wrong with the archive
  auto reader = detail::make_zip_memory_reader(bytes, "", limits, ArtifactKind::Wheel, detail::ReadLevel{});
  return reader->preview(wanted, out, errors);
}

}  // namespace canary
