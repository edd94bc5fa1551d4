// Where the loader reads rule files from: the disk, or a bundle held in
// memory. The loader works on std::filesystem::path values throughout (only
// lexical operations for bundles, whose paths are relative to the bundle's
// root ""); only reading and listing go through this interface.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pack_bundle.hpp"

namespace canary {

class RuleFiles {
 public:
  enum class Type { Missing, File, Directory };
  virtual ~RuleFiles() = default;
  virtual Type type(const std::filesystem::path& p) const = 0;
  virtual bool read(const std::filesystem::path& p, std::string& text, std::string& error) const = 0;
  // Every *.canary file below `dir`, sorted; false with `error` if it cannot be listed.
  virtual bool list_rule_files(const std::filesystem::path& dir, std::vector<std::filesystem::path>& out,
                               std::string& error) const = 0;
  // One string per file whatever the spelling of its path, to load each file once.
  virtual std::string identity(const std::filesystem::path& p) const = 0;
  // The file's name in diagnostics.
  virtual std::string display(const std::filesystem::path& p) const = 0;
};

class DiskRuleFiles final : public RuleFiles {
 public:
  Type type(const std::filesystem::path& p) const override;
  bool read(const std::filesystem::path& p, std::string& text, std::string& error) const override;
  bool list_rule_files(const std::filesystem::path& dir, std::vector<std::filesystem::path>& out,
                       std::string& error) const override;
  std::string identity(const std::filesystem::path& p) const override;
  std::string display(const std::filesystem::path& p) const override { return p.string(); }
};

// The files of a bundle; diagnostics name them "BUNDLE:path/in/bundle".
class BundleRuleFiles final : public RuleFiles {
 public:
  BundleRuleFiles(std::string bundle_display, const std::vector<BundleEntry>& entries);
  Type type(const std::filesystem::path& p) const override;
  bool read(const std::filesystem::path& p, std::string& text, std::string& error) const override;
  bool list_rule_files(const std::filesystem::path& dir, std::vector<std::filesystem::path>& out,
                       std::string& error) const override;
  std::string identity(const std::filesystem::path& p) const override;
  std::string display(const std::filesystem::path& p) const override;

 private:
  std::string bundle_;
  std::map<std::string, std::string> files_;  // path -> content
};

// Reads a whole file of at most `max_bytes`.
bool read_file_capped(const std::filesystem::path& p, uintmax_t max_bytes, std::string& text, std::string& error);

}  // namespace canary
