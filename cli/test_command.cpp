// `canary test`: every fixture beside a rule file is scanned alone, in
// memory, with the pack that owns it in test mode; every `*.expect.toml` of a
// corpus directory is checked against a real artifact built from its replica.
#include "test_command.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "diagnostics_output.hpp"
#include "engine/archive_writer.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/known_bad.hpp"
#include "engine/rule_test.hpp"
#include "engine/scanner.hpp"
#include "exit_status.hpp"
#include "pack_location.hpp"
#include "pack_set.hpp"
#include "test_results.hpp"

namespace canary::cli {

namespace fs = std::filesystem;
using ruletest::InputError;

namespace {

constexpr std::string_view kExpectSuffix = ".expect.toml";
constexpr std::string_view kManifest = "canary-pack.toml";

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string canonical_name(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p : c).string();
}

bool read_text(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

// A private directory for built corpus artifacts, removed with its contents.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/canary-corpus-XXXXXX";
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

bool has_expectations(const fs::path& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (ends_with(it->path().filename().string(), kExpectSuffix)) return true;
  return false;
}

std::vector<fs::path> rule_files_below(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".canary") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

bool is_within(const fs::path& file, const fs::path& dir) {
  std::string f = canonical_name(file), d = canonical_name(dir);
  return f.size() > d.size() && f.compare(0, d.size(), d) == 0 && f[d.size()] == '/';
}

// Relative to the working directory when below it: shorter messages.
fs::path shown(const fs::path& p) {
  std::error_code ec;
  fs::path rel = p.lexically_relative(fs::current_path(ec));
  return !ec && !rel.empty() && *rel.begin() != ".." ? rel : p;
}

// The pack a rule file or directory belongs to: the nearest directory at or
// above it with a manifest, else the default pack when it is inside it, else
// the path alone.
fs::path owning_pack(const fs::path& path) {
  std::error_code ec;
  fs::path start = fs::absolute(path, ec);
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / std::string(kManifest), ec)) return dir == start ? path : shown(dir);
    if (fs::exists(dir / ".git", ec) || dir == dir.parent_path()) break;
  }
  DefaultDir rules = find_default_dir("rules", "CANARY_RULES_DIR");
  if (!rules.path.empty() && is_within(path, rules.path)) return shown(rules.path);
  return path;
}

class Runner {
 public:
  explicit Runner(const TestArgs& args) : args_(args) {}

  // Returns false on a usage error (already printed).
  bool run(TestReport& report) {
    std::vector<std::string> paths = args_.paths;
    if (paths.empty() && !default_paths(paths)) return false;
    for (const std::string& p : paths) {
      std::error_code ec;
      fs::file_status st = fs::status(p, ec);
      if (fs::is_regular_file(st) && ends_with(p, ".canary")) {
        run_rules(p, {p}, report);
      } else if (fs::is_regular_file(st) && ends_with(p, kExpectSuffix)) {
        run_corpus(p, {p}, report);
      } else if (fs::is_directory(st) && has_expectations(p)) {
        run_corpus(p, expectation_files(p), report);
      } else if (fs::is_directory(st) && !rule_files_below(p).empty()) {
        run_rules(p, rule_files_below(p), report);
      } else if (fs::is_directory(st)) {
        // A default corpus directory may not have expectations yet.
        if (!args_.paths.empty()) {
          std::cerr << "canary test: error: " << p << ": no *.canary rule files and no *.expect.toml in it\n";
          return false;
        }
      } else {
        std::cerr << "canary test: error: " << p
                  << (ec || !fs::exists(st) ? ": no such file or directory"
                                            : ": not a rule file (*.canary), expectations file (*.expect.toml) or directory")
                  << '\n';
        return false;
      }
    }
    return true;
  }

 private:
  bool default_paths(std::vector<std::string>& out) {
    std::vector<fs::path> searched;
    for (auto [name, env] : {std::pair{"rules", "CANARY_RULES_DIR"}, std::pair{"stdlib-rules", "CANARY_STDLIB_DIR"},
                             std::pair{"corpus/replicas", static_cast<const char*>(nullptr)}}) {
      DefaultDir d = find_default_dir(name, env);
      if (!d.error.empty()) {
        std::cerr << "canary test: error: " << d.error << '\n';
        return false;
      }
      if (!d.path.empty()) out.push_back(shown(d.path).string());
      searched.insert(searched.end(), d.searched.begin(), d.searched.end());
    }
    if (out.empty()) {
      std::cerr << "canary test: error: nothing to test; pass rule files or directories (searched:";
      for (const fs::path& p : searched) std::cerr << ' ' << p.string();
      std::cerr << ")\n";
      return false;
    }
    return true;
  }

  static std::vector<fs::path> expectation_files(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (ends_with(it->path().filename().string(), kExpectSuffix)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
  }

  // Loads and compiles packs like every command does (manifests, bundles,
  // the cache); diagnostics go to stderr on failure.
  bool load(const std::vector<std::string>& rule_paths, LoadedPackSet& out, TestReport& report) {
    PackSetArgs pack_args{rule_paths, args_.stdlib_dirs, {}};
    if (load_pack_set("canary test", pack_args, /*check_only=*/false, /*quiet=*/true, args_.color, out) == 0 &&
        !out.packs.empty())
      return true;
    report.rules_error = true;
    return false;
  }

  void run_rules(const fs::path& given, const std::vector<fs::path>& rule_files, TestReport& report) {
    SuiteResult suite;
    suite.name = given.string();
    const fs::path root = owning_pack(given);
    LoadedPackSet set;
    if (!load({root.string()}, set, report)) return;
    const std::shared_ptr<const CompiledPack> pack = set.packs.front().pack;

    std::set<std::string> files_under_test;
    for (const fs::path& f : rule_files) files_under_test.insert(canonical_name(f));
    // Results for every definition of the pack; the suite shows those of the
    // files under test, and any other a fixture named.
    std::vector<DefinitionResult> results;
    for (Definition& d : pack_definitions(*pack, /*own_only=*/false)) {
      results.emplace_back();
      results.back().def = std::move(d);
    }

    for (const fs::path& rule_file : rule_files) {
      for (const fs::path& fixture_path : ruletest::find_fixtures(rule_file)) {
        ++suite.fixtures;
        run_fixture(*pack, rule_file, fixture_path, results, report);
      }
    }
    // The files' own definitions first, then imported ones a fixture named.
    for (bool own_pass : {true, false})
      for (DefinitionResult& r : results) {
        bool own = r.def.id.find('.') == std::string::npos && files_under_test.count(canonical_name(r.def.source_file));
        if (own == own_pass && (own || r.tested())) suite.definitions.push_back(r);
      }
    report.suites.push_back(std::move(suite));
  }

  void run_fixture(const CompiledPack& pack, const fs::path& rule_file, const fs::path& path,
                   std::vector<DefinitionResult>& results, TestReport& report) {
    ruletest::Fixture fixture;
    if (!ruletest::load_fixture(path, rule_file, fixture, report.input_errors)) return;
    const ruletest::IdMatcher ids{rule_file.stem().string() + "."};
    auto find_definition = [&](const std::string& id) -> DefinitionResult* {
      for (DefinitionResult& r : results)
        if (ids.same(id, r.def.id)) return &r;
      return nullptr;
    };
    bool unknown = false;
    for (const ruletest::Annotation& a : fixture.annotations) {
      if (find_definition(a.rule)) continue;
      report.input_errors.push_back({fixture.file, a.written_at,
                                     std::string(ruletest::to_string(a.kind)) + " names '" + a.rule +
                                         "', which is no rule or pattern set of the pack under test"});
      unknown = true;
    }
    if (unknown) return;

    auto reader = make_memory_reader(fixture.artifact, ruletest::fixture_entries(fixture));
    ScanOptions opts;
    opts.include_private = true;
    opts.include_sets = true;
    opts.artifact_name =
        fixture.artifact_name.empty() ? ruletest::fixture_artifact_name(fixture.artifact) : fixture.artifact_name;
    KnownBad feeds;
    if (!fixture.feed.empty()) {
      std::vector<std::string> feed_errors;
      std::string error;
      if (!feeds.add_feed_file(path.parent_path() / fixture.feed, feed_errors) || !feeds.finish(error)) {
        if (!error.empty()) feed_errors.push_back(error);
        for (const std::string& e : feed_errors) report.input_errors.push_back({fixture.file, 0, "feed: " + e});
        return;
      }
      opts.known_bad = &feeds;
    }
    opts.release = fixture.release.known ? &fixture.release : nullptr;
    ArtifactReport scanned = scan_reader({&pack}, *reader, fixture.file, opts);
    for (const std::string& e : scanned.errors)
      report.input_errors.push_back({fixture.file, 0, "while scanning: " + e});

    for (ruletest::Check& c : ruletest::check_fixture(fixture, scanned.findings, ids)) {
      DefinitionResult* r = find_definition(c.rule);
      if (!r) continue;  // cannot happen: every annotated id was found above
      if (c.is_todo()) {
        ++r->todo;
        r->todos.push_back(std::move(c));
      } else if (c.held) {
        ++r->passed;
      } else {
        ++r->failed;
        r->failures.push_back(std::move(c));
      }
    }
  }

  void run_corpus(const fs::path& given, const std::vector<fs::path>& expect_files, TestReport& report) {
    SuiteResult suite;
    suite.name = given.string();
    suite.is_corpus = true;
    if (!corpus_packs_loaded_) {
      corpus_packs_loaded_ = true;
      corpus_packs_ok_ = load(args_.rule_paths, corpus_packs_, report);
    }
    if (!corpus_packs_ok_) return;
    if (!scratch_) scratch_ = std::make_unique<ScratchDir>();
    if (scratch_->path().empty()) {
      report.input_errors.push_back({given.string(), 0, "cannot create a temporary directory to build artifacts in"});
      return;
    }
    std::vector<Definition> defs;
    for (const CompiledPack* p : corpus_packs_.compiled()) {
      std::vector<Definition> d = pack_definitions(*p, false);
      defs.insert(defs.end(), d.begin(), d.end());
    }
    for (const fs::path& f : expect_files) {
      std::string text;
      ruletest::CorpusExpect expect;
      if (!read_text(f, text)) {
        report.input_errors.push_back({f.string(), 0, "cannot read"});
        continue;
      }
      if (!ruletest::parse_corpus_expect(f.string(), text, expect, report.input_errors)) continue;
      if (!known_ids(expect, defs, report)) continue;
      const std::string name = f.filename().string().substr(0, f.filename().string().size() - kExpectSuffix.size());
      fs::path artifact;
      if (!artifact_for(f, name, expect, artifact, report)) continue;

      ArtifactReport scanned = scan_artifact(corpus_packs_.compiled(), artifact, ScanOptions{});
      CorpusResult result;
      result.artifact = name;
      result.expect_file = f.string();
      result.verdict = std::string(to_string(scanned.verdict));
      result.score = scanned.score;
      result.checks = ruletest::check_corpus(expect, scanned, ruletest::IdMatcher{});
      result.errors = scanned.errors;
      suite.corpus.push_back(std::move(result));
    }
    report.suites.push_back(std::move(suite));
  }

  static bool known_ids(const ruletest::CorpusExpect& expect, const std::vector<Definition>& defs, TestReport& report) {
    bool ok = true;
    const ruletest::IdMatcher ids;
    for (const auto* list : {&expect.must_fire, &expect.must_not_fire})
      for (const ruletest::NamedId& n : *list) {
        bool found = std::any_of(defs.begin(), defs.end(), [&](const Definition& d) { return ids.same(n.id, d.id); });
        if (found) continue;
        report.input_errors.push_back({expect.file, n.line, "'" + n.id + "' is no rule of the pack under test"});
        ok = false;
      }
    return ok;
  }

  // The artifact a case scans: the one its `artifact` key names, or its
  // replica directory built into the scratch directory.
  bool artifact_for(const fs::path& expect_file, const std::string& name, const ruletest::CorpusExpect& expect,
                    fs::path& out, TestReport& report) {
    std::error_code ec;
    if (!expect.artifact.empty()) {
      out = expect_file.parent_path() / expect.artifact;
      if (fs::exists(out, ec)) return true;
      report.input_errors.push_back({expect_file.string(), 0, "artifact " + out.string() + " does not exist"});
      return false;
    }
    const fs::path replica = expect_file.parent_path() / name;
    if (!fs::is_directory(replica, ec)) {
      report.input_errors.push_back(
          {expect_file.string(), 0, "no replica directory " + replica.string() + " (and no artifact key)"});
      return false;
    }
    std::vector<ArchiveMember> members;
    std::string error;
    out = scratch_->path() / name;
    if (!read_tree_members(replica, members, error) || !write_artifact_named(out, name, std::move(members), error)) {
      report.input_errors.push_back({expect_file.string(), 0, "cannot build " + name + ": " + error});
      return false;
    }
    return true;
  }

  const TestArgs& args_;
  bool corpus_packs_loaded_ = false, corpus_packs_ok_ = false;
  LoadedPackSet corpus_packs_;
  std::unique_ptr<ScratchDir> scratch_;
};

}  // namespace

int run_test(const TestArgs& args) {
  TestReport report;
  Runner runner(args);
  if (!runner.run(report)) return kExitUsage;
  if (args.json) print_json(report, std::cout);
  else print_text(report, std::cout, color_enabled(args.color, STDOUT_FILENO));
  std::cout << std::flush;
  if (report.rules_error || !report.input_errors.empty()) return kExitUsage;
  TestReport::Totals t = report.totals();
  return t.failed > 0 || t.corpus_failed > 0 ? kExitFailOn : kExitOk;
}

}  // namespace canary::cli
