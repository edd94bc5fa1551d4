#include "dependency.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace canary {

std::string SourcePosition::str() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line);
}

std::string_view to_string(SourceKind k) {
  switch (k) {
    case SourceKind::Index: return "index";
    case SourceKind::Url: return "url";
    case SourceKind::Vcs: return "vcs";
    case SourceKind::LocalPath: return "path";
  }
  return "index";
}

std::string_view to_string(DependencyFormat f) {
  switch (f) {
    case DependencyFormat::Requirements: return "requirements";
    case DependencyFormat::Pyproject: return "pyproject.toml";
    case DependencyFormat::PoetryLock: return "poetry.lock";
    case DependencyFormat::UvLock: return "uv.lock";
    case DependencyFormat::PipfileLock: return "Pipfile.lock";
    case DependencyFormat::Pylock: return "pylock.toml";
  }
  return "requirements";
}

DependencyFileError::DependencyFileError(SourcePosition where, const std::string& message)
    : std::runtime_error(where.str() + ": " + message), where_(std::move(where)), message_(message) {}

std::string read_dependency_text(const std::string& path, uint64_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DependencyFileError({path, 0}, "cannot open the file (does it exist and is it readable?)");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > limit)
      throw DependencyFileError({path, 0}, "larger than " + std::to_string(limit >> 20) +
                                               " MiB: not a dependency file canary will read");
  }
  if (in.bad()) throw DependencyFileError({path, 0}, "read error");
  return text;
}

void add_hash(std::vector<std::string>& hashes, std::string_view algorithm, std::string_view hex) {
  std::string h(algorithm);
  h += ':';
  for (char c : hex) h += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(hashes.begin(), hashes.end(), h) == hashes.end()) hashes.push_back(std::move(h));
}

}  // namespace canary
