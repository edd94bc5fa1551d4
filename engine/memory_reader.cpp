// In-memory artifacts: rule-test fixtures are scanned without writing a file.
// Names are normalised exactly as the real reader of the same kind would, so
// a fixture plays the path it would have inside a wheel or an sdist.
#include "readers_internal.hpp"

namespace canary {
namespace {

class MemoryReader final : public ArtifactReader {
 public:
  MemoryReader(ArtifactKind kind, std::vector<MemoryEntry> entries) : kind_(kind), entries_(std::move(entries)) {}
  ArtifactKind kind() const override { return kind_; }

  bool read(const EntryVisitor& visit, std::vector<std::string>&) override {
    for (const MemoryEntry& m : entries_) {
      Entry e;
      e.stored_path = m.name;
      e.unsafe_path = detail::normalize_path(m.name).unsafe;
      e.path = entry_path(m.name);
      e.declared_size = m.content.size();
      e.compressed_size = m.content.size();
      e.inflated_size = m.content.size();
      visit(e, m.content);
    }
    return true;
  }

  bool preview(const PreviewWanted& wanted, ArtifactPreview& out, std::vector<std::string>&) override {
    for (const MemoryEntry& m : entries_) {
      std::string path = entry_path(m.name);
      out.declared_bytes += m.content.size();
      if (wanted(path)) out.contents.emplace_back(path, m.content);
      out.paths.push_back(std::move(path));
    }
    out.complete = true;
    return true;
  }

 private:
  std::string entry_path(const std::string& name) const {
    detail::NormalizedPath n = detail::normalize_path(name);
    return kind_ == ArtifactKind::Sdist && !n.absolute ? detail::strip_first_segment(n.path) : n.path;
  }

  ArtifactKind kind_;
  std::vector<MemoryEntry> entries_;
};

}  // namespace

std::unique_ptr<ArtifactReader> make_memory_reader(ArtifactKind kind, std::vector<MemoryEntry> entries) {
  return std::make_unique<MemoryReader>(kind, std::move(entries));
}

}  // namespace canary
