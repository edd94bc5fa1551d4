// The on-disk cache of compiled packs (engine/pack_cache, pack_serialize):
// a pack read from the cache scans exactly like the one just compiled, the
// second load is a hit, the key follows every byte of the rules, and no
// damaged, foreign or unwritable cache entry can break a load.
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <set>

#include "engine/compiled_pack.hpp"
#include "engine/pack_cache.hpp"
#include "engine/pack_serialize.hpp"
#include "engine/query.hpp"
#include "engine_test_util.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace canary::enginetest {
namespace {

// Every feature the serializer has to carry: literals with modifiers, regexes
// with and without start-of-match tracking, queries with each predicate,
// path atoms, scopes, `matches` on strings, quantifiers, rule references
// across an import, pattern sets, facts, a private rule, and a warning.
constexpr const char* kFeatures = R"(import "helpers"

patternset shells {
  $sh = "/bin/sh" fullword
  $bash = /\bbash\s+-c\b/i
}

rule LITERALS : cache test {
  meta:
    title = "literals"
    severity = low
    description = "nocase and fullword literals"
    references = ["https://example.invalid/a", "https://example.invalid/b"]
    owner = "team"
    level = 3
  scope:
    path = ["*.py", "pkg/**"]
    exclude = "tests/**"
    kind = [python, setup_py]
  patterns:
    $a = "EvilToken" nocase
    $b = "exec" fullword
    $unused = "never-used"
  condition:
    $a or #b >= 2
}

rule REGEXES {
  meta:
    title = "regexes"
    severity = medium
  patterns:
    $som = /curl\s+https?:\/\/[a-z.]+/
    $big = /[A-Za-z0-9+\/]{40,}={0,2}/
    $multi = /^import os$/m
  condition:
    2 of them or $big
}

rule PADDED {
  meta:
    title = "padded: a deferred regex"
    severity = low
  patterns:
    $pad = /\S[ \t]{120,}\(/
  condition:
    $pad
}

rule QUERIES {
  meta:
    title = "queries"
    severity = high
  patterns:
    $call = ast `((call function: (attribute object: (identifier) @m attribute: (identifier) @f)) @match
                 (#eq? @m "subprocess") (#any-of? @f "Popen" "run" "call"))`
    $b64 = ast `((call function: (attribute attribute: (identifier) @f)) @match (#match? @f "^b(64|32)decode$"))`
    $notos = ast `((call function: (identifier) @f) @match (#not-eq? @f "print") (#not-any-of? @f "len" "str") (#not-match? @f "^_"))`
    $same = ast `((assignment left: (identifier) @a right: (identifier) @b) @match (#eq? @a @b))`
  condition:
    any of ($call, $b64) or ($notos and $same)
}

rule FACTS_AND_STRINGS {
  meta:
    title = "facts"
    severity = critical
  patterns:
    $setup = path "setup.py"
    $shell = shells
  condition:
    ($setup and $shell) or
    (file.name matches /^evil_[0-9]+\.py$/ and file.size > 10 and artifact.kind == "wheel") or
    (file.path contains "danger" and file.path icontains "ZONE" and file.name startswith "x" and file.name endswith ".py") or
    (pth.exec_lines + 1 - 1 > 0 and not pth.known_shim and file.depth <= 3 and file.kind != "text")
}

private rule HELPER_USED {
  patterns:
    $h = helpers.marker
  condition:
    $h
}

rule REFERENCES : combined {
  meta:
    title = "rule references"
    severity = info
  condition:
    HELPER_USED and (any of (LITERALS, REG*) or helpers.HELPER_PUBLIC)
}
)";

constexpr const char* kHelpers = R"(patternset marker {
  $m = "helper-marker"
}

rule HELPER_PUBLIC {
  meta:
    title = "helper"
    severity = low
  patterns:
    $x = "helper-public"
  condition:
    $x
}
)";

// Files that make every rule above fire, and some that make none.
std::vector<MemoryEntry> feature_files() {
  return {
      {"pkg/mod.py", "x = 'eviltoken'\nexec(a)\nexec(b)\nimport os\nsubprocess.Popen(['sh'])\nbase64.b64decode(s)\n"
                     "foo(1)\nq = q\nhelper-marker helper-public\n"},
      {"setup.py", "import os\n# /bin/sh -c\ncurl https://evil.example.com\n" + std::string(60, 'A') + "\n"},
      {"evil_42.py", "print('hello world, longer than ten bytes')\n"},
      {"danger/xzone.py", "pass\n"},
      {"pkg/padded.py", "x = 1" + std::string(130, ' ') + "(y)\n"},
      {"evil.pth", "import os; os.system('x')\n"},
      {"tests/test_mod.py", "EvilToken exec exec\n"},
      {"README.txt", "nothing to see\n"},
  };
}

// A cache directory of the test's own, with the load options that use it.
struct CacheDir {
  test::TempDir dir;
  LoadOptions options(bool use = true) const {
    LoadOptions o;
    o.use_cache = use;
    o.cache_dir = dir.path() / "cache";
    return o;
  }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(dir.path() / "cache" / "packs", ec)) out.push_back(e.path());
    return out;
  }
};

LoadedPack load(const TempPack& tp, const LoadOptions& opts) {
  fs::create_directories(tp.stdlib_dir());
  LoadedPack lp = load_pack(PackSource{{tp.pack_dir()}, {tp.stdlib_dir()}}, opts);
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  return lp;
}

LoadedPack load_default(const LoadOptions& opts) {
  LoadedPack lp =
      load_pack(PackSource{{test::source_dir() / "rules"}, {test::source_dir() / "stdlib-rules"}}, opts);
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  return lp;
}

// Everything a report says, in one comparable string.
std::string describe(const ArtifactReport& r) {
  std::ostringstream s;
  s << r.kind << " score=" << r.score << " verdict=" << to_string(r.verdict) << " files=" << r.files_scanned
    << " bytes=" << r.bytes_scanned << " parsed=" << r.files_parsed << "\n";
  for (const Finding& f : r.findings) {
    s << f.rule << " " << to_string(f.severity) << " " << f.file << ":" << f.line << ":" << f.column << " [";
    for (uint32_t l : f.lines) s << l << ",";
    s << "] " << f.title << " | " << f.excerpt << " |";
    for (const std::string& t : f.tags) s << " " << t;
    s << "\n";
  }
  for (const std::string& e : r.errors) s << "error: " << e << "\n";
  return s.str();
}

std::string scan_memory(const LoadedPack& lp, ArtifactKind kind, std::vector<MemoryEntry> files,
                        bool test_mode = false) {
  auto reader = make_memory_reader(kind, std::move(files));
  ScanOptions opts;
  opts.include_private = opts.include_sets = test_mode;
  return describe(scan_reader({lp.pack.get()}, *reader, "memory", opts));
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST_CASE("cache: a pack read back scans like the compiled one, warnings included", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  CacheDir cache;
  LoadedPack cold = load(tp, cache.options());
  CHECK_FALSE(cold.from_cache);
  CHECK(cold.cache_warning.empty());
  REQUIRE(cache.entries().size() == 1);
  CHECK(cache.entries()[0] == cold.cache_file);
  CHECK(cold.cache_file.filename() == cold.cache_key + ".ccp");

  LoadedPack warm = load(tp, cache.options());
  CHECK(warm.from_cache);
  CHECK(warm.compile_seconds == 0);
  CHECK(warm.cache_key == cold.cache_key);
  // The checker's warning (the unused $unused) comes back with its position.
  CHECK(codes_at(warm) == codes_at(cold));
  CHECK(codes(warm) == std::vector<std::string>{"W001"});
  CHECK(rendered(warm) == rendered(cold));

  const CompiledPack& a = *cold.pack;
  const CompiledPack& b = *warm.pack;
  CHECK(b.atoms.size() == a.atoms.size());
  CHECK(b.rules.size() == a.rules.size());
  CHECK(b.sets.size() == a.sets.size());
  CHECK(b.eval_order == a.eval_order);
  CHECK(b.hs_id_owner == a.hs_id_owner);
  CHECK(b.query_prefilter == a.query_prefilter);
  CHECK(b.kind_database == a.kind_database);
  CHECK(b.kind_databases.size() == a.kind_databases.size());
  REQUIRE(!a.deferred.empty());
  REQUIRE(b.deferred.size() == a.deferred.size());
  for (size_t d = 0; d < a.deferred.size(); ++d) {
    CHECK(b.deferred[d].gate == a.deferred[d].gate);
    CHECK(b.deferred[d].ids == a.deferred[d].ids);
  }
  CHECK(b.kind_deferred == a.kind_deferred);
  CHECK(b.start_databases.size() == a.start_databases.size());
  CHECK(!a.start_databases.empty());
  CHECK(b.rules_by_kind == a.rules_by_kind);
  CHECK(b.query_atom == a.query_atom);
  CHECK(b.queries.size() == a.queries.size());
  CHECK(b.string_regexes.size() == a.string_regexes.size());
  for (size_t q = 0; q < a.queries.size(); ++q) CHECK(b.queries[q]->prefilter() == a.queries[q]->prefilter());
  for (size_t r = 0; r < a.rules.size(); ++r) {
    INFO(a.rules[r].id);
    CHECK(b.rules[r].id == a.rules[r].id);
    CHECK(b.rules[r].references == a.rules[r].references);
    CHECK(b.rules[r].extra_meta == a.rules[r].extra_meta);
    CHECK(b.rules[r].condition_source == a.rules[r].condition_source);
    CHECK(b.rules[r].depends_on == a.rules[r].depends_on);
    CHECK(b.rules[r].kind_mask == a.rules[r].kind_mask);
    CHECK(b.rules[r].source_line == a.rules[r].source_line);
  }

  for (ArtifactKind kind : {ArtifactKind::Wheel, ArtifactKind::Directory}) {
    std::string fresh = scan_memory(cold, kind, feature_files());
    INFO(fresh);
    // Every public rule fires on the fixture, so a lost part shows up as a missing finding.
    for (const char* id : {"LITERALS", "REGEXES", "PADDED", "QUERIES", "FACTS_AND_STRINGS", "REFERENCES", "helpers.HELPER_PUBLIC"})
      CHECK(fresh.find(std::string(id) + " ") != std::string::npos);
    CHECK(scan_memory(warm, kind, feature_files()) == fresh);
    CHECK(scan_memory(warm, kind, feature_files(), true) == scan_memory(cold, kind, feature_files(), true));
  }
  std::vector<MemoryEntry> quiet{{"pkg/ok.py", "print(len(x))\n"}, {"data.bin", std::string("\0\1\2", 3)}};
  CHECK(scan_memory(warm, ArtifactKind::Wheel, quiet) == scan_memory(cold, ArtifactKind::Wheel, quiet));
}

TEST_CASE("cache: the default pack from the cache scans the corpus replicas identically", "[cache]") {
  CacheDir cache;
  LoadedPack cold = load_default(cache.options());
  LoadedPack warm = load_default(cache.options());
  REQUIRE_FALSE(cold.from_cache);
  REQUIRE(warm.from_cache);
  CHECK(rendered(warm) == rendered(cold));
  size_t artifacts = 0;
  for (auto& e : fs::directory_iterator(test::build_dir() / "corpus")) {
    const std::string name = e.path().filename().string();
    if (!(name.size() > 4 && (name.substr(name.size() - 4) == ".whl" || name.find(".tar.gz") != std::string::npos)))
      continue;
    INFO(name);
    std::string fresh = describe(scan(cold, e.path()));
    CHECK(describe(scan(warm, e.path())) == fresh);
    ++artifacts;
  }
  CHECK(artifacts >= 8);
}

TEST_CASE("cache: the key follows every byte of every rule file, imports included", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  CacheDir cache;
  const std::string key = load(tp, cache.options()).cache_key;
  REQUIRE(key.size() == 64);
  CHECK(load(tp, cache.options()).cache_key == key);

  std::string text = kFeatures;
  text[text.find("EvilToken")] = 'F';  // one byte of the pack's own file
  put(tp.pack_dir(), "features.canary", text);
  LoadedPack changed = load(tp, cache.options());
  CHECK(changed.cache_key != key);
  CHECK_FALSE(changed.from_cache);

  put(tp.pack_dir(), "features.canary", kFeatures);
  CHECK(load(tp, cache.options()).from_cache);  // back to the first entry
  std::string helpers = kHelpers;
  helpers[helpers.find("helper-public")] = 'H';  // one byte of an imported file
  put(tp.stdlib_dir(), "helpers.canary", helpers);
  LoadedPack imported = load(tp, cache.options());
  CHECK(imported.cache_key != key);
  CHECK_FALSE(imported.from_cache);
  CHECK(cache.entries().size() == 3);
}

std::string marker_rule(int n) {
  return "rule M" + std::to_string(n) +
         " {\n  meta:\n    title = \"m\"\n    severity = low\n  patterns:\n    $m = \"m\"\n  condition:\n    $m\n}\n";
}

TEST_CASE("cache: only the most recently used entries are kept", "[cache]") {
  CacheDir cache;
  TempPack kept({{"marker.canary", marker_rule(0)}});
  const fs::path kept_entry = load(kept, cache.options()).cache_file;
  for (int i = 1; i <= 20; ++i) {
    TempPack tp({{"marker.canary", marker_rule(i)}});
    CHECK_FALSE(load(tp, cache.options()).from_cache);
    CHECK(load(kept, cache.options()).from_cache);  // a hit marks the entry as used
  }
  CHECK(cache.entries().size() == 16);
  CHECK(fs::exists(kept_entry));

  // A temporary file left by a run that died is removed once it is old.
  const fs::path stale = cache.dir.path() / "cache" / "packs" / ".x.ccp.1.2.tmp";
  test::write_file(stale, "partial");
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
  TempPack other({{"marker.canary", marker_rule(99)}});
  load(other, cache.options());
  CHECK_FALSE(fs::exists(stale));
  CHECK(cache.entries().size() == 16);
}

TEST_CASE("cache: damaged, foreign and unsafe entries are ignored and rewritten", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  CacheDir cache;
  LoadedPack cold = load(tp, cache.options());
  const fs::path entry = cold.cache_file;
  const std::string good = read_bytes(entry);
  const std::string expected = scan_memory(cold, ArtifactKind::Wheel, feature_files());
  REQUIRE(good.size() > 200);

  std::mt19937 rng(7);
  std::string random(good.size(), '\0');
  for (char& c : random) c = static_cast<char>(rng());
  std::string flipped = good;
  flipped[good.size() - 10] ^= 0x40;  // inside the payload
  std::string magic = good;
  magic[0] = 'X';
  std::string version = good;
  version[8] = 99;
  std::string key = good;
  key[12] ^= 1;
  std::string padded = good + "x";
  const std::vector<std::pair<std::string, std::string>> damaged{
      {"truncated", good.substr(0, good.size() / 2)},
      {"flipped payload byte", flipped},
      {"wrong magic", magic},
      {"wrong version", version},
      {"another key", key},
      {"padded", padded},
      {"zero length", ""},
      {"random bytes", random},
      {"header only", good.substr(0, 84)},
  };
  for (const auto& [what, bytes] : damaged) {
    INFO(what);
    write_bytes(entry, bytes);
    LoadedPack lp = load(tp, cache.options());
    CHECK_FALSE(lp.from_cache);
    CHECK_FALSE(lp.cache_rejected.empty());
    CHECK(lp.cache_warning.empty());
    CHECK(rendered(lp) == rendered(cold));
    CHECK(scan_memory(lp, ArtifactKind::Wheel, feature_files()) == expected);
    CHECK(read_bytes(entry) == good);  // rewritten
    CHECK(load(tp, cache.options()).from_cache);
  }

  // A file others may write is not trusted, however good its bytes.
  fs::permissions(entry, fs::perms::others_write, fs::perm_options::add);
  LoadedPack shared = load(tp, cache.options());
  CHECK_FALSE(shared.from_cache);
  CHECK(shared.cache_rejected.find("writable by others") != std::string::npos);
  CHECK((fs::status(entry).permissions() & fs::perms::others_write) == fs::perms::none);
  CHECK(load(tp, cache.options()).from_cache);
  // The directories are private to the user.
  CHECK((fs::status(entry.parent_path()).permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK((fs::status(entry.parent_path().parent_path()).permissions() & fs::perms::all) == fs::perms::owner_all);
}

// The reader itself, below the checksum: every prefix and many single-byte
// changes of a real payload either decode to a consistent pack or are refused.
TEST_CASE("cache: the pack reader survives truncated and altered payloads", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  LoadedPack lp = load(tp, LoadOptions{});
  std::vector<dsl::Diagnostic> warnings(lp.diagnostics.items().begin(), lp.diagnostics.items().end());
  const std::string payload = serialize_pack(*lp.pack, warnings);
  std::vector<dsl::Diagnostic> back;
  std::string error;
  REQUIRE(deserialize_pack(payload, lp.sources, back, error));
  CHECK(back.size() == 1);

  size_t refused = 0, decoded = 0;
  for (size_t cut = 0; cut < payload.size(); cut += 1 + cut / 64) {
    std::vector<dsl::Diagnostic> w;
    std::string e;
    auto p = deserialize_pack(std::string_view(payload).substr(0, cut), lp.sources, w, e);
    CHECK_FALSE(p);
    CHECK_FALSE(e.empty());
    ++refused;
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 1500; ++i) {
    std::string bad = payload;
    bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
    std::vector<dsl::Diagnostic> w;
    std::string e;
    if (auto p = deserialize_pack(bad, lp.sources, w, e)) {
      // What decodes must scan without reading out of bounds.
      LoadedPack altered;
      altered.pack = std::move(p);
      scan_memory(altered, ArtifactKind::Wheel, feature_files());
      ++decoded;
    } else {
      ++refused;
    }
  }
  CHECK(refused > 0);
  CHECK(decoded > 0);  // strings and numbers change without breaking the structure
  // Deferred ids that would hold: a literal's id, and one id twice.
  {
    std::vector<dsl::Diagnostic> w;
    std::unique_ptr<CompiledPack> p = deserialize_pack(payload, lp.sources, w, error);
    REQUIRE(p);
    REQUIRE(!p->deferred.empty());
    auto literal = std::find_if(p->atoms.begin(), p->atoms.end(), [](const Atom& a) { return a.kind == Atom::Kind::Literal; });
    REQUIRE(literal != p->atoms.end());
    const std::vector<unsigned> saved = p->deferred[0].ids;
    p->deferred[0].ids = {literal->hs_id};
    std::string e;
    CHECK_FALSE(deserialize_pack(serialize_pack(*p, w), lp.sources, w, e));
    CHECK_THAT(e, Catch::Contains("a deferred Hyperscan id that is not a regex"));
    p->deferred[0].ids = {saved[0], saved[0]};
    e.clear();
    CHECK_FALSE(deserialize_pack(serialize_pack(*p, w), lp.sources, w, e));
    CHECK_THAT(e, Catch::Contains("a Hyperscan id deferred twice"));
    p->deferred[0].ids = saved;
    CHECK(deserialize_pack(serialize_pack(*p, w), lp.sources, w, e));
  }
  // A foreign source map: the warning's position does not exist there.
  dsl::SourceMap other;
  other.add("x.canary", "");
  std::vector<dsl::Diagnostic> w;
  CHECK_FALSE(deserialize_pack(payload, other, w, error));
}

TEST_CASE("cache: an unwritable cache directory only costs the cache", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  test::TempDir dir;
  test::write_file(dir / "file", "not a directory");
  LoadOptions opts;
  opts.use_cache = true;
  opts.cache_dir = dir / "file" / "cache";  // even root cannot create a directory under a file
  for (int i = 0; i < 2; ++i) {
    LoadedPack lp = load(tp, opts);
    CHECK_FALSE(lp.from_cache);
    CHECK(lp.cache_warning.find("cannot create") != std::string::npos);
    CHECK(codes(lp) == std::vector<std::string>{"W001"});
    CHECK(scan_memory(lp, ArtifactKind::Wheel, feature_files()).find("QUERIES ") != std::string::npos);
  }
}

TEST_CASE("cache: without use_cache nothing is read or written, errors are never cached", "[cache]") {
  TempPack tp({{"features.canary", kFeatures}}, {{"helpers.canary", kHelpers}});
  CacheDir cache;
  LoadedPack off = load(tp, cache.options(false));
  CHECK_FALSE(off.from_cache);
  CHECK(off.cache_file.empty());
  CHECK_FALSE(fs::exists(cache.dir.path() / "cache"));

  // An entry that would be a hit is not read either.
  LoadedPack on = load(tp, cache.options());
  const std::string good = read_bytes(on.cache_file);
  write_bytes(on.cache_file, "garbage");
  CHECK_FALSE(load(tp, cache.options(false)).from_cache);
  CHECK(read_bytes(on.cache_file) == "garbage");
  write_bytes(on.cache_file, good);

  // refresh_cache compiles even on a hit and rewrites the entry.
  LoadOptions refresh = cache.options();
  refresh.refresh_cache = true;
  LoadedPack refreshed = load(tp, refresh);
  CHECK_FALSE(refreshed.from_cache);
  CHECK(refreshed.compile_seconds > 0);
  CHECK(load(tp, cache.options()).from_cache);

  TempPack broken({{"broken.canary", "rule X {\n  meta:\n    title = \"x\"\n    severity = low\n  condition:\n    nope\n}\n"}});
  CacheDir cache2;
  fs::create_directories(broken.stdlib_dir());
  LoadedPack lp = load_pack(PackSource{{broken.pack_dir()}, {broken.stdlib_dir()}}, cache2.options());
  CHECK_FALSE(lp.pack);
  CHECK(lp.diagnostics.has_errors());
  CHECK(cache2.entries().empty());
}

TEST_CASE("cache: the cache directory comes from CANARY_CACHE_DIR, XDG_CACHE_HOME or HOME", "[cache]") {
  struct Env {
    std::string name;
    std::optional<std::string> old;
    explicit Env(std::string n) : name(std::move(n)) {
      if (const char* v = std::getenv(name.c_str())) old = v;
    }
    ~Env() {
      if (old) setenv(name.c_str(), old->c_str(), 1);
      else unsetenv(name.c_str());
    }
  };
  Env a("CANARY_CACHE_DIR"), b("XDG_CACHE_HOME"), c("HOME");
  setenv("CANARY_CACHE_DIR", "/x/canary-dir", 1);
  setenv("XDG_CACHE_HOME", "/x/xdg", 1);
  setenv("HOME", "/x/home", 1);
  CHECK(default_cache_dir() == fs::path("/x/canary-dir"));
  unsetenv("CANARY_CACHE_DIR");
  CHECK(default_cache_dir() == fs::path("/x/xdg/canary"));
  setenv("XDG_CACHE_HOME", "relative/ignored", 1);
  CHECK(default_cache_dir() == fs::path("/x/home/.cache/canary"));
  unsetenv("XDG_CACHE_HOME");
  CHECK(default_cache_dir() == fs::path("/x/home/.cache/canary"));
  unsetenv("HOME");
  CHECK(default_cache_dir().empty());
}

}  // namespace
}  // namespace canary::enginetest
