// What a file is, from its path and its first bytes.
#pragma once
#include <string_view>

namespace canary {

enum class FileKind { Python, SetupPy, Pth, BuildConfig, Native, Metadata, Text, Binary, Archive };

// Number of kinds: tables indexed by kind (rules_by_kind) have this many rows.
inline constexpr unsigned kFileKindCount = static_cast<unsigned>(FileKind::Archive) + 1;

std::string_view to_string(FileKind k);  // "python", "setup_py", "pth", "build_config", "native", "metadata", "text", "binary", "archive"
bool parse_file_kind(std::string_view s, FileKind& out);

// path: normalised root-relative path (Entry::path).
//  - Native: ELF (\x7fELF), PE (MZ), Mach-O (fat and thin, both endians) by magic, whatever the name
//  - Archive: zip, gzip, bzip2, xz, 7z, rar or tar (ustar) by magic, whatever the name
//  - Pth: name ends in ".pth"
//  - SetupPy: name is "setup.py"
//  - BuildConfig: name is "pyproject.toml" or "setup.cfg"
//  - Python: ".py" / ".pyw" / ".pyi", or no extension with a python shebang
//  - Metadata: METADATA, PKG-INFO, RECORD, WHEEL, entry_points.txt, top_level.txt (inside *.dist-info/ or *.egg-info/ or at the root)
//  - Text: valid-looking text (no NUL in the first 8 KiB), Binary otherwise
FileKind classify_file(std::string_view path, std::string_view content);

// True for kinds that tree-sitter-python can parse (python, setup_py, pth view).
inline bool is_python_kind(FileKind k) {
  return k == FileKind::Python || k == FileKind::SetupPy || k == FileKind::Pth;
}

}  // namespace canary
