// File classification: magic bytes first (a native binary is native whatever
// it is called), then the name, then a text/binary guess.
#include "engine/file_kind.hpp"

#include <array>
#include <cstdint>

namespace canary {
namespace {

constexpr std::array<std::pair<FileKind, std::string_view>, 9> kNames{{
    {FileKind::Python, "python"},
    {FileKind::SetupPy, "setup_py"},
    {FileKind::Pth, "pth"},
    {FileKind::BuildConfig, "build_config"},
    {FileKind::Native, "native"},
    {FileKind::Metadata, "metadata"},
    {FileKind::Text, "text"},
    {FileKind::Binary, "binary"},
    {FileKind::Archive, "archive"},
}};

uint32_t read_be32(std::string_view s, size_t off) {
  auto b = [&](size_t i) { return uint32_t(static_cast<unsigned char>(s[off + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}
uint32_t read_le32(std::string_view s, size_t off) {
  auto b = [&](size_t i) { return uint32_t(static_cast<unsigned char>(s[off + i])); };
  return b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0);
}

bool has_nul_near_start(std::string_view content) {
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

bool is_native(std::string_view c) {
  if (c.size() < 4) return false;
  if (c.substr(0, 4) == "\x7f" "ELF") return true;
  const uint32_t be = read_be32(c, 0);
  // Thin Mach-O, 32 and 64 bit, either byte order.
  if (be == 0xfeedface || be == 0xfeedfacf || be == 0xcefaedfe || be == 0xcffaedfe) return true;
  // Fat Mach-O (0xcafebabe, 64-bit 0xcafebabf) shares its magic with Java
  // class files, whose next word is the class version (45 and up): a fat
  // header's arch count is small.
  if (be == 0xcafebabe || be == 0xcafebabf) {
    if (c.size() < 8) return false;
    uint32_t nfat = read_be32(c, 4);
    return nfat >= 1 && nfat < 20;
  }
  if (be == 0xbebafeca || be == 0xbfbafeca) {
    if (c.size() < 8) return false;
    uint32_t nfat = read_le32(c, 4);
    return nfat >= 1 && nfat < 20;
  }
  if (c.substr(0, 2) == "MZ") {
    // A PE image: e_lfanew at 0x3c points at "PE\0\0". A bare DOS "MZ" header
    // counts too when the file is binary, but not a text file that merely
    // starts with the letters MZ.
    if (c.size() >= 0x40) {
      uint32_t pe = read_le32(c, 0x3c);
      if (pe <= c.size() - 4 && c.substr(pe, 4) == std::string_view("PE\0\0", 4)) return true;
    }
    return c.size() >= 0x40 && has_nul_near_start(c);
  }
  return false;
}

// An archive or compressed stream by its magic: what a payload ships inside
// (a wheel in a wheel, a zipped executable, a tarball of a tool). Text never
// starts with these bytes; "PK" then 03 04 is a zip's first local header.
bool is_archive(std::string_view c) {
  auto starts = [&](std::string_view magic) { return c.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("PK\x03\x04", 4)) || starts(std::string_view("PK\x05\x06", 4))) return true;  // zip
  if (starts("\x1f\x8b\x08")) return true;                                                 // gzip (deflate)
  if (c.size() >= 10 && starts("BZh") && c[3] >= '1' && c[3] <= '9' && c.substr(4, 6) == "1AY&SY") return true;  // bzip2
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return true;                           // xz
  if (starts("7z\xbc\xaf\x27\x1c")) return true;                                           // 7z
  if (starts("Rar!\x1a\x07")) return true;                                                  // rar 4 and 5
  return c.size() >= 262 && c.substr(257, 5) == "ustar";                                     // tar (POSIX and GNU)
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool has_python_shebang(std::string_view c) {
  if (c.substr(0, 2) != "#!") return false;
  std::string_view first = c.substr(0, c.find('\n'));
  return first.find("python") != std::string_view::npos;
}

bool is_metadata_name(std::string_view base) {
  for (std::string_view n : {"METADATA", "PKG-INFO", "RECORD", "WHEEL", "entry_points.txt", "top_level.txt"})
    if (base == n) return true;
  return false;
}

}  // namespace

std::string_view to_string(FileKind k) {
  for (const auto& [kind, name] : kNames)
    if (kind == k) return name;
  return "unknown";
}

bool parse_file_kind(std::string_view s, FileKind& out) {
  for (const auto& [kind, name] : kNames) {
    if (name == s) {
      out = kind;
      return true;
    }
  }
  return false;
}

FileKind classify_file(std::string_view path, std::string_view content) {
  if (is_native(content)) return FileKind::Native;
  if (is_archive(content)) return FileKind::Archive;

  const size_t slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::string_view dir = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  const std::string_view parent = dir.substr(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);

  if (ends_with(base, ".pth")) return FileKind::Pth;
  if (base == "setup.py") return FileKind::SetupPy;
  if (base == "pyproject.toml" || base == "setup.cfg") return FileKind::BuildConfig;
  if (ends_with(base, ".py") || ends_with(base, ".pyw") || ends_with(base, ".pyi")) return FileKind::Python;
  if (is_metadata_name(base) && (dir.empty() || ends_with(parent, ".dist-info") || ends_with(parent, ".egg-info")))
    return FileKind::Metadata;
  // "No extension": no dot after the first character (".envrc" has none either).
  if (base.find('.', 1) == std::string_view::npos && has_python_shebang(content)) return FileKind::Python;
  return has_nul_near_start(content) ? FileKind::Binary : FileKind::Text;
}

}  // namespace canary
