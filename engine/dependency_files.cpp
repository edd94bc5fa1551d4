#include "dependency_files.hpp"

#include <algorithm>
#include <cctype>

namespace canary {
namespace {

std::string base_name(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<DependencyFormat> format_from_file_name(std::string_view path) {
  std::string name = base_name(path);
  if (name == "pyproject.toml") return DependencyFormat::Pyproject;
  if (name == "poetry.lock") return DependencyFormat::PoetryLock;
  if (name == "uv.lock") return DependencyFormat::UvLock;
  if (name == "Pipfile.lock") return DependencyFormat::PipfileLock;
  if (name == "pylock.toml" || (name.rfind("pylock.", 0) == 0 && ends_with(name, ".toml"))) return DependencyFormat::Pylock;
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ends_with(lower, ".txt") || ends_with(lower, ".in") || lower.find("requirements") != std::string::npos ||
      lower.find("constraints") != std::string::npos)
    return DependencyFormat::Requirements;
  return std::nullopt;
}

std::optional<DependencyFormat> parse_format_name(std::string_view name) {
  if (name == "requirements") return DependencyFormat::Requirements;
  if (name == "pyproject") return DependencyFormat::Pyproject;
  if (name == "poetry-lock") return DependencyFormat::PoetryLock;
  if (name == "uv-lock") return DependencyFormat::UvLock;
  if (name == "pipfile-lock") return DependencyFormat::PipfileLock;
  if (name == "pylock") return DependencyFormat::Pylock;
  return std::nullopt;
}

DependencyFile parse_dependency_text(const std::string& path, const std::string& text, DependencyFormat format,
                                     const DependencyReader& read) {
  DependencyFile file;
  switch (format) {
    case DependencyFormat::Requirements:
      // Without a reader, text in memory has no neighbours to include.
      return parse_requirements_text(path, text, read ? read : DependencyReader([](const std::string& p) -> std::string {
        throw DependencyFileError({p, 0}, "includes are not read here");
      }));
    case DependencyFormat::Pyproject: file = parse_pyproject(path, text); break;
    case DependencyFormat::PoetryLock: file = parse_poetry_lock(path, text); break;
    case DependencyFormat::UvLock: file = parse_uv_lock(path, text); break;
    case DependencyFormat::PipfileLock: file = parse_pipfile_lock(path, text); break;
    case DependencyFormat::Pylock: file = parse_pylock(path, text); break;
  }
  // TOML tables and JSON objects iterate in key order: report in file order.
  std::stable_sort(file.dependencies.begin(), file.dependencies.end(),
                   [](const Dependency& a, const Dependency& b) { return a.origin.line < b.origin.line; });
  return file;
}

DependencyFile parse_dependency_file(const std::string& path, std::optional<DependencyFormat> format) {
  if (!format) format = format_from_file_name(path);
  if (!format)
    throw DependencyFileError({path, 0}, "cannot tell the format from the file name; name it with --format "
                                         "(requirements, pyproject, poetry-lock, uv-lock, pipfile-lock, pylock)");
  if (*format == DependencyFormat::Requirements) return parse_requirements_file(path);
  return parse_dependency_text(path, read_dependency_text(path), *format);
}

}  // namespace canary
