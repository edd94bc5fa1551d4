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
      detail::NormalizedPath n = detail::normalize_path(m.name);
      e.unsafe_path = n.unsafe;
      e.path = kind_ == ArtifactKind::Sdist && !n.absolute ? detail::strip_first_segment(n.path) : n.path;
      e.declared_size = m.content.size();
      e.compressed_size = m.content.size();
      visit(e, m.content);
    }
    return true;
  }

 private:
  ArtifactKind kind_;
  std::vector<MemoryEntry> entries_;
};

}  // namespace

std::unique_ptr<ArtifactReader> make_memory_reader(ArtifactKind kind, std::vector<MemoryEntry> entries) {
  return std::make_unique<MemoryReader>(kind, std::move(entries));
}

}  // namespace canary
