// load_pack: rule paths -> parsed units (with their imports) -> checker.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../dsl/parser.hpp"
#include "checker.hpp"
#include "pack_cache.hpp"
#include "scanner.hpp"

namespace canary {
namespace fs = std::filesystem;
namespace {

// Rule files are small; anything this large is a mistake or an attack on the tooling.
constexpr uintmax_t kMaxRuleFileBytes = 64ull << 20;

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

class Loader {
 public:
  Loader(const PackSource& src, LoadedPack& out) : src_(src), out_(out) {}

  void run(const LoadOptions& opts) {
    std::vector<fs::path> files;
    for (const fs::path& p : src_.rule_paths) collect(p, files);
    std::error_code ec;
    for (const fs::path& f : files) pack_paths_.insert(fs::weakly_canonical(f, ec).string());
    for (const fs::path& f : files) load_unit(f, "", true);
    if (files.empty() && !src_.rule_paths.empty() && pack_errors_.empty())
      pack_errors_.push_back("no .canary rule files found in the given --rules paths");
    for (const std::string& e : pack_errors_) report_without_span(e);
    for (const RuleUnit& u : units_) out_.rule_count += u.ast.rules.size();
    // Check what parsed even when some files had syntax errors, so one run
    // reports every problem; a pack with any error is never returned.
    bool had_errors = out_.diagnostics.has_errors();
    auto pack = compile_with_cache(units_, opts, out_);
    if (pack && !had_errors) out_.pack = std::shared_ptr<const CompiledPack>(std::move(pack));
    out_.diagnostics.sort();
  }

 private:
  void collect(const fs::path& p, std::vector<fs::path>& files) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
           it != end && !ec; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".canary") found.push_back(it->path());
      if (ec) pack_errors_.push_back("cannot read rule directory " + p.string() + ": " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      pack_errors_.push_back("rule path not found: " + p.string());
    }
  }

  // A problem with no position in any rule file (missing path): reported on a
  // synthetic source so it renders like every other diagnostic.
  void report_without_span(const std::string& message) {
    uint32_t id = out_.sources.add("<command line>", "");
    out_.diagnostics.error("E009", dsl::Span{id, 0, 0}, message);
  }

  bool read_file(const fs::path& p, std::string& text, std::string& error) {
    std::error_code ec;
    uintmax_t size = fs::file_size(p, ec);
    if (ec) {
      error = ec.message();
      return false;
    }
    if (size > kMaxRuleFileBytes) {
      error = "rule file is larger than 64 MiB";
      return false;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      error = "cannot open";
      return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    return true;
  }

  // Loads (once) the unit for `path`; returns its index or -1.
  int load_unit(const fs::path& path, std::string ns, bool in_pack) {
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(path, ec);
    if (ec) canon = path;
    // A file of the pack keeps the pack's namespace even when a sibling imports
    // it before its own turn comes, so rule ids never depend on load order.
    if (pack_paths_.count(canon.string())) {
      in_pack = true;
      ns.clear();
    }
    if (auto it = by_path_.find(canon.string()); it != by_path_.end()) {
      RuleUnit& u = units_[it->second];
      if (in_pack) u.in_pack = true;
      return it->second;
    }
    std::string text, error;
    if (!read_file(path, text, error)) {
      pack_errors_.push_back("cannot read " + path.string() + ": " + error);
      return -1;
    }
    uint32_t file = out_.sources.add(path.string(), std::move(text));
    int index = static_cast<int>(units_.size());
    by_path_[canon.string()] = index;
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
        std::string where = path.parent_path().string();
        for (auto& d : src_.stdlib_dirs) where += ", " + d.string();
        out_.diagnostics.error("E009", imp.name_span, "cannot find `" + imp.name + ".canary` (searched " + where + ")");
        continue;
      }
      fs::path fcanon = fs::weakly_canonical(found, ec);
      if (auto it = by_path_.find(fcanon.string());
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
    std::error_code ec;
    std::vector<fs::path> search{dir};
    search.insert(search.end(), src_.stdlib_dirs.begin(), src_.stdlib_dirs.end());
    for (const fs::path& d : search) {
      fs::path candidate = d / (name + ".canary");
      if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    return {};
  }

  const PackSource& src_;
  LoadedPack& out_;
  std::vector<RuleUnit> units_;
  std::map<std::string, int> by_path_;
  std::set<std::string> pack_paths_;  // canonical paths of the pack's own files
  std::vector<int> loading_;  // the import chain being loaded, for cycle detection
  std::vector<std::string> pack_errors_;
};

}  // namespace

LoadedPack load_pack(const PackSource& src, const LoadOptions& opts) {
  LoadedPack out;
  auto start = std::chrono::steady_clock::now();
  Loader(src, out).run(opts);
  std::chrono::duration<double> total = std::chrono::steady_clock::now() - start;
  out.parse_seconds = std::max(0.0, total.count() - out.compile_seconds - out.cache_seconds);
  return out;
}

}  // namespace canary
