// load_pack: a pack directory, a bundle or loose rule paths -> parsed units
// (with their imports) -> checker. File access goes through RuleFiles, so a
// bundle is loaded by the same code as a directory, from memory.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "../dsl/parser.hpp"
#include "checker.hpp"
#include "pack_cache.hpp"
#include "pack_manifest.hpp"
#include "rule_files.hpp"
#include "scanner.hpp"

namespace canary {
namespace fs = std::filesystem;
namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

class Loader {
 public:
  Loader(const PackSource& src, LoadedPack& out) : src_(src), out_(out) {}

  void run(const LoadOptions& opts) {
    std::vector<fs::path> files;
    if (prepare(files)) {
      for (const fs::path& f : files) pack_paths_.insert(rule_files_->identity(f));
      for (const fs::path& f : files) load_unit(f, "", true);
      if (manifest_ && !bundle_) add_listed_imports();
    }
    if (files.empty() && !src_.rule_paths.empty() && pack_errors_.empty() && !out_.diagnostics.has_errors())
      pack_errors_.push_back(manifest_ ? "pack " + out_.name + " has no .canary rule files"
                                       : "no .canary rule files found in the given --rules paths");
    for (const std::string& e : pack_errors_) report_without_span(e);
    for (const RuleUnit& u : units_) out_.rule_count += u.ast.rules.size();
    sort_bundle_entries(out_.files);
    // Check what parsed even when some files had syntax errors, so one run
    // reports every problem; a pack with any error is never returned.
    bool had_errors = out_.diagnostics.has_errors();
    auto pack = compile_with_cache(units_, opts, out_);
    if (pack) {
      pack->name = out_.name;
      pack->version = out_.version;
    }
    if (pack && !had_errors) out_.pack = std::shared_ptr<const CompiledPack>(std::move(pack));
    out_.diagnostics.sort();
  }

 private:
  // Decides what kind of pack this is and collects its rule files.
  bool prepare(std::vector<fs::path>& files) {
    const auto& paths = src_.rule_paths;
    std::optional<PackPathKind> single;
    for (const fs::path& p : paths) {
      PackPathKind kind = classify_pack_path(p);
      if (kind != PackPathKind::Loose && paths.size() > 1) {
        pack_errors_.push_back(p.string() + " is a pack of its own; load it as a separate pack, not together with "
                               "other rule paths");
        return false;
      }
      single = kind;
    }
    if (single == PackPathKind::PackDirectory) return prepare_directory(paths[0], files);
    if (single == PackPathKind::Bundle) return prepare_bundle(paths[0], files);
    rule_files_ = &disk_;
    search_dirs_ = src_.stdlib_dirs;
    for (const fs::path& p : paths) collect(p, files, nullptr);
    return true;
  }

  bool prepare_directory(const fs::path& dir, std::vector<fs::path>& files) {
    rule_files_ = &disk_;
    root_ = dir.lexically_normal();
    if (root_.has_parent_path() && root_.filename().empty()) root_ = root_.parent_path();  // "rules/" -> "rules"
    search_dirs_ = src_.stdlib_dirs;
    fs::path manifest = root_ / kManifestName;
    std::string text, error;
    if (!disk_.read(manifest, text, error)) {
      pack_errors_.push_back("cannot read " + manifest.string() + ": " + error);
      return false;
    }
    out_.files.push_back({std::string(kManifestName), text});
    return read_manifest(disk_.display(manifest), std::move(text)) && collect_manifest_rules(files);
  }

  bool prepare_bundle(const fs::path& path, std::vector<fs::path>& files) {
    std::string bytes, error;
    if (!read_file_capped(path, kMaxBundleBytes, bytes, error)) {
      pack_errors_.push_back("cannot read rule pack " + path.string() + ": " + error);
      return false;
    }
    if (!read_bundle(bytes, out_.files, error)) {
      pack_errors_.push_back("rule pack " + path.string() + " is not a valid bundle: " + error);
      return false;
    }
    bundle_.emplace(path.string(), out_.files);
    rule_files_ = &*bundle_;
    // Self-contained: imports resolve inside the bundle only, never on this machine's stdlib.
    search_dirs_ = {fs::path(kBundleStdlibDir.substr(0, kBundleStdlibDir.size() - 1))};
    const BundleEntry& manifest = out_.files.front();
    return read_manifest(bundle_->display(manifest.path), manifest.content) && collect_manifest_rules(files);
  }

  bool read_manifest(std::string display, std::string text) {
    uint32_t id = out_.sources.add(std::move(display), std::move(text));
    manifest_.emplace();
    if (!parse_manifest(out_.sources, id, *manifest_, out_.diagnostics)) return false;
    out_.name = manifest_->name;
    out_.version = manifest_->version;
    return true;
  }

  bool collect_manifest_rules(std::vector<fs::path>& files) {
    if (manifest_->rules.empty()) {
      // stdlib/ at the top of a pack holds a bundle's imports, never the pack's own rules.
      std::vector<fs::path> all;
      collect(root_, all, nullptr);
      for (const fs::path& f : all)
        if (!starts_with_stdlib(relative_to_root(f))) files.push_back(f);
      return true;
    }
    for (size_t i = 0; i < manifest_->rules.size(); ++i) collect(root_ / manifest_->rules[i], files, &manifest_->rule_spans[i]);
    return true;
  }

  static bool starts_with_stdlib(const std::string& rel) { return rel.rfind(kBundleStdlibDir, 0) == 0; }

  // The path of `p` inside the pack, '/'-separated; "" when it is outside.
  std::string relative_to_root(const fs::path& p) const {
    fs::path rel = root_.empty() ? p.lexically_normal() : p.lexically_normal().lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") return "";
    return rel.generic_string();
  }

  // Outside the pack's own files: a directory pack's stdlib directories, a bundle's stdlib/.
  bool outside_pack(const fs::path& p) const {
    std::string rel = relative_to_root(p);
    return bundle_ ? starts_with_stdlib(rel) : rel.empty();
  }

  // `where`: the manifest entry that named `p`, for positioned errors.
  void collect(const fs::path& p, std::vector<fs::path>& files, const dsl::Span* where) {
    std::string error;
    switch (rule_files_->type(p)) {
      case RuleFiles::Type::Directory:
        if (!rule_files_->list_rule_files(p, files, error))
          pack_errors_.push_back("cannot read rule directory " + rule_files_->display(p) + ": " + error);
        break;
      case RuleFiles::Type::File:
        files.push_back(p);
        break;
      case RuleFiles::Type::Missing:
        if (where != nullptr) out_.diagnostics.error("E014", *where, "rule path not found: " + rule_files_->display(p));
        else pack_errors_.push_back("rule path not found: " + p.string());
        break;
    }
  }

  // A problem with no position in any rule file (missing path): reported on a
  // synthetic source so it renders like every other diagnostic.
  void report_without_span(const std::string& message) {
    uint32_t id = out_.sources.add("<command line>", "");
    out_.diagnostics.error("E009", dsl::Span{id, 0, 0}, message);
  }

  // A directory pack remembers each file it reads under its bundle path.
  void remember(const fs::path& path, const std::string& text) {
    if (!manifest_ || bundle_) return;
    std::string rel = relative_to_root(path);
    out_.files.push_back({rel.empty() ? std::string(kBundleStdlibDir) + path.filename().string() : rel, text});
  }

  // Loads (once) the unit for `path`; returns its index or -1.
  int load_unit(const fs::path& path, std::string ns, bool in_pack) {
    std::string id = rule_files_->identity(path);
    // A file of the pack keeps the pack's namespace even when a sibling imports
    // it before its own turn comes, so rule ids never depend on load order.
    if (pack_paths_.count(id)) {
      in_pack = true;
      ns.clear();
    }
    if (auto it = by_path_.find(id); it != by_path_.end()) {
      RuleUnit& u = units_[it->second];
      if (in_pack) u.in_pack = true;
      return it->second;
    }
    std::string text, error;
    if (!rule_files_->read(path, text, error)) {
      pack_errors_.push_back("cannot read " + rule_files_->display(path) + ": " + error);
      return -1;
    }
    remember(path, text);
    uint32_t file = out_.sources.add(rule_files_->display(path), std::move(text));
    int index = static_cast<int>(units_.size());
    by_path_[id] = index;
    units_.emplace_back();
    units_[index].ns = ns;
    units_[index].in_pack = in_pack;
    units_[index].ast.file = file;
    dsl::RuleFile ast;
    ast.file = file;
    dsl::parse_rule_file(out_.sources, file, ast, out_.diagnostics);
    loading_.push_back(index);
    std::map<std::string, int> imports;
    for (const dsl::Import& imp : ast.imports) {
      if (!is_identifier(imp.name)) {
        out_.diagnostics.error("E009", imp.name_span, "import names are identifiers, e.g. import \"python\"");
        continue;
      }
      if (imp.name == "file" || imp.name == "artifact" || imp.name == "pth") {
        out_.diagnostics.error("E009", imp.name_span,
                               "`" + imp.name + "` is the namespace of the engine's facts; rename the imported file");
        continue;
      }
      fs::path found = find_import(path.parent_path(), imp.name);
      if (found.empty()) {
        std::string where = rule_files_->display(path.parent_path());
        for (auto& d : search_dirs_) where += ", " + rule_files_->display(d);
        out_.diagnostics.error("E009", imp.name_span, "cannot find `" + imp.name + ".canary` (searched " + where + ")");
        continue;
      }
      if (in_pack && manifest_ && outside_pack(found) &&
          std::find(manifest_->imports.begin(), manifest_->imports.end(), imp.name) == manifest_->imports.end()) {
        out_.diagnostics.error("E014", imp.name_span,
                               "`" + imp.name + "` comes from the stdlib but is not in `imports` of " +
                                   std::string(kManifestName) + " (a pack lists what it imports so its bundle holds it)");
        continue;
      }
      if (auto it = by_path_.find(rule_files_->identity(found));
          it != by_path_.end() && std::find(loading_.begin(), loading_.end(), it->second) != loading_.end()) {
        out_.diagnostics.error("E009", imp.name_span, "import cycle: `" + imp.name + "` imports this file back");
        continue;
      }
      int u = load_unit(found, imp.name, false);
      if (u >= 0) imports[imp.name] = u;
    }
    loading_.pop_back();
    units_[index].ast = std::move(ast);
    units_[index].imports = std::move(imports);
    return index;
  }

  fs::path find_import(const fs::path& dir, const std::string& name) {
    std::vector<fs::path> search{dir};
    search.insert(search.end(), search_dirs_.begin(), search_dirs_.end());
    for (const fs::path& d : search) {
      fs::path candidate = d / (name + ".canary");
      if (rule_files_->type(candidate) == RuleFiles::Type::File) return candidate;
    }
    return {};
  }

  // A directory pack's bundle also holds listed imports no rule uses yet.
  void add_listed_imports() {
    for (size_t i = 0; i < manifest_->imports.size(); ++i) {
      const std::string& name = manifest_->imports[i];
      std::string stored = std::string(kBundleStdlibDir) + name + ".canary";
      if (std::any_of(out_.files.begin(), out_.files.end(), [&](const BundleEntry& e) { return e.path == stored; }))
        continue;
      fs::path found;
      for (const fs::path& d : search_dirs_)
        if (disk_.type(d / (name + ".canary")) == RuleFiles::Type::File) {
          found = d / (name + ".canary");
          break;
        }
      std::string text, error;
      if (found.empty()) {
        std::string where;
        for (const fs::path& d : search_dirs_) where += (where.empty() ? "" : ", ") + d.string();
        out_.diagnostics.error("E014", manifest_->import_spans[i],
                               "cannot find `" + name + ".canary` in the stdlib directories (searched " +
                                   (where.empty() ? "none" : where) + ")");
      } else if (!disk_.read(found, text, error)) {
        out_.diagnostics.error("E014", manifest_->import_spans[i], "cannot read " + found.string() + ": " + error);
      } else {
        out_.files.push_back({stored, std::move(text)});
      }
    }
  }

  const PackSource& src_;
  LoadedPack& out_;
  DiskRuleFiles disk_;
  std::optional<BundleRuleFiles> bundle_;  // set when loading a bundle
  const RuleFiles* rule_files_ = &disk_;
  fs::path root_;                          // the pack's directory ("" inside a bundle)
  std::optional<PackManifest> manifest_;   // set for named packs
  std::vector<fs::path> search_dirs_;      // where imports are searched after the importing file's directory
  std::vector<RuleUnit> units_;
  std::map<std::string, int> by_path_;
  std::set<std::string> pack_paths_;  // identities of the pack's own files
  std::vector<int> loading_;  // the import chain being loaded, for cycle detection
  std::vector<std::string> pack_errors_;
};

}  // namespace

PackPathKind classify_pack_path(const fs::path& p) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) return fs::is_regular_file(p / kManifestName, ec) ? PackPathKind::PackDirectory
                                                                                  : PackPathKind::Loose;
  if (!fs::is_regular_file(p, ec)) return PackPathKind::Loose;
  std::ifstream in(p, std::ios::binary);
  std::string head(kBundleMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return looks_like_bundle(head) ? PackPathKind::Bundle : PackPathKind::Loose;
}

LoadedPack load_pack(const PackSource& src, const LoadOptions& opts) {
  LoadedPack out;
  auto start = std::chrono::steady_clock::now();
  Loader(src, out).run(opts);
  std::chrono::duration<double> total = std::chrono::steady_clock::now() - start;
  out.parse_seconds = std::max(0.0, total.count() - out.compile_seconds - out.cache_seconds);
  return out;
}

}  // namespace canary
