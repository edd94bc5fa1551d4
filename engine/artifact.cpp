// Entry-name normalisation, the shared read budget, and open_artifact(), which
// picks a reader by what the path is.
#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

#include "engine/readers_internal.hpp"

namespace canary {

std::string_view to_string(ArtifactKind k) {
  switch (k) {
    case ArtifactKind::Wheel: return "wheel";
    case ArtifactKind::Sdist: return "sdist";
    case ArtifactKind::Zip: return "zip";
    case ArtifactKind::Directory: return "directory";
  }
  return "unknown";
}

namespace detail {

NormalizedPath normalize_path(std::string_view stored) {
  NormalizedPath out;
  for (unsigned char c : stored) {
    if (c < 0x20 || c == 0x7f || c == '\\') out.unsafe = true;
  }
  if (!stored.empty() && (stored[0] == '/' || stored[0] == '\\')) out.absolute = true;
  if (stored.size() >= 2 && std::isalpha(static_cast<unsigned char>(stored[0])) && stored[1] == ':')
    out.absolute = true;
  if (out.absolute) out.unsafe = true;

  // Split on both separators; empty and "." segments vanish, ".." stays so
  // that rules see where the name really points.
  size_t start = 0;
  while (start <= stored.size()) {
    size_t end = start;
    while (end < stored.size() && stored[end] != '/' && stored[end] != '\\') ++end;
    std::string_view seg = stored.substr(start, end - start);
    if (seg == "..") out.unsafe = true;
    if (!seg.empty() && seg != ".") {
      if (!out.path.empty()) out.path.push_back('/');
      out.path.append(seg);
    }
    start = end + 1;
  }
  return out;
}

std::string_view first_segment(std::string_view path) { return path.substr(0, path.find('/')); }

std::string strip_first_segment(const std::string& path) {
  size_t slash = path.find('/');
  if (slash == std::string::npos || first_segment(path) == "..") return path;
  return path.substr(slash + 1);
}

std::string printable_name(std::string_view stored) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : stored) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    } else {
      out.push_back(char(c));
    }
  }
  return out;
}

bool ReadBudget::admit_entry(std::vector<std::string>& errors) {
  if (stopped_) return false;
  if (out_of_time()) {
    stop(errors, time_error());
    return false;
  }
  if (entries_ >= limits_.max_entries) {
    stop(errors, "stopped after " + std::to_string(entries_) + " entries (limit --max-entries)");
    return false;
  }
  ++entries_;
  return true;
}

void ReadBudget::stop(std::vector<std::string>& errors, std::string why) {
  if (!stopped_) errors.push_back(std::move(why));
  stopped_ = true;
}

uint64_t ReadBudget::entry_allowance() const {
  uint64_t left = total_ >= limits_.max_total_bytes ? 0 : limits_.max_total_bytes - total_;
  uint64_t per_entry = limits_.max_entry_bytes > held_ ? limits_.max_entry_bytes - held_ : 0;
  return std::min(per_entry, left);
}

std::string ReadBudget::time_error() const {
  return "stopped after " + std::to_string(limits_.max_seconds) + " s and " + std::to_string(entries_) +
         " entries; the rest of the artifact was not read (limit --max-scan-time)";
}

std::string ReadBudget::total_error() const {
  return "stopped after " + std::to_string(total_) + " inflated bytes (limit --max-total-bytes)";
}

}  // namespace detail

std::string normalize_entry_path(std::string_view stored, bool& unsafe) {
  detail::NormalizedPath n = detail::normalize_path(stored);
  unsafe = n.unsafe;
  return std::move(n.path);
}

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class Format { Unknown, Wheel, Zip, Tar };

Format format_by_extension(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ends_with(name, ".whl")) return Format::Wheel;
  if (ends_with(name, ".zip") || ends_with(name, ".egg")) return Format::Zip;
  for (std::string_view ext : {".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar"})
    if (ends_with(name, ext)) return Format::Tar;
  return Format::Unknown;
}

Format format_by_magic(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 512> head{};
  in.read(head.data(), head.size());
  std::string_view h(head.data(), size_t(std::max<std::streamsize>(in.gcount(), 0)));
  auto starts = [&](std::string_view m) { return h.substr(0, m.size()) == m; };
  if (starts("PK\x03\x04") || starts(std::string_view("PK\x05\x06", 4))) return Format::Zip;
  if (starts("\x1f\x8b") || starts("BZh") || starts(std::string_view("\xfd" "7zXZ\0", 6))) return Format::Tar;
  if (h.size() >= 262 && h.substr(257, 5) == "ustar") return Format::Tar;
  return Format::Unknown;
}

}  // namespace

bool has_artifact_extension(const std::filesystem::path& path) { return format_by_extension(path) != Format::Unknown; }

std::unique_ptr<ArtifactReader> open_artifact(const std::filesystem::path& path, const ReadLimits& limits,
                                              std::string& error) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = "no such file or directory: " + path.string();
    return nullptr;
  }
  if (std::filesystem::is_directory(status)) return detail::make_dir_reader(path, limits);
  if (!std::filesystem::is_regular_file(status)) {
    error = "not a regular file or directory: " + path.string();
    return nullptr;
  }
  // The extension decides, unless the bytes clearly belong to the other
  // family: real malware sets hold wheels renamed to .tar.gz, and reading a
  // zip as a zip says more than an "unrecognized format" error.
  Format format = format_by_extension(path);
  const Format magic = format_by_magic(path);
  if (format == Format::Unknown) format = magic;
  else if (magic == Format::Tar && format != Format::Tar) format = Format::Tar;
  else if (magic == Format::Zip && format == Format::Tar) format = Format::Zip;
  switch (format) {
    case Format::Wheel: return detail::make_zip_reader(path, limits, ArtifactKind::Wheel);
    case Format::Zip: return detail::make_zip_reader(path, limits, ArtifactKind::Zip);
    case Format::Tar:
      // A compressed file not named as a tarball (payload.py.gz, a download
      // saved without its name) that holds no tar is read as its content, as
      // it would be inside an artifact.
      if (format_by_extension(path) == Format::Unknown && detail::is_lone_compressed_file(path))
        return detail::make_tar_reader(path, limits, detail::lone_stream_name(path.filename().string()));
      return detail::make_tar_reader(path, limits);
    case Format::Unknown: break;
  }
  error = "not a supported artifact (wheel, zip, egg, sdist tarball or directory): " + path.string();
  return nullptr;
}

}  // namespace canary
