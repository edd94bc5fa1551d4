// Rule packs: the canary-pack.toml manifest, the .canarypack bundle format,
// and load_pack on pack directories, bundles and loose rule files.
#include <catch2/catch.hpp>
#include <fstream>

#include "engine/compiled_pack.hpp"
#include "engine/pack_bundle.hpp"
#include "engine/pack_manifest.hpp"
#include "engine/sha256.hpp"
#include "engine/version.hpp"
#include "engine_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace canary;
using namespace canary::enginetest;

namespace {

constexpr const char* kRule = R"(rule MARK {
  meta:
    title = "marker"
    severity = low
  patterns:
    $m = "pack-test-marker"
  condition:
    $m
}
)";

// Parses manifest text; returns "E014@line:col message" per diagnostic.
std::vector<std::string> manifest_errors(const std::string& text, PackManifest* out = nullptr) {
  dsl::SourceMap sources;
  dsl::Diagnostics diags;
  uint32_t id = sources.add("canary-pack.toml", text);
  PackManifest m;
  bool ok = parse_manifest(sources, id, m, diags);
  std::vector<std::string> errs;
  for (const dsl::Diagnostic& d : diags.items()) {
    dsl::LineCol lc = sources.position(d.span.file, d.span.begin);
    errs.push_back(d.code + "@" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.message);
  }
  CHECK(ok == errs.empty());
  if (out) *out = m;
  return errs;
}

bool any_contains(const std::vector<std::string>& items, const std::string& needle) {
  return std::any_of(items.begin(), items.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string bundle_of(std::vector<BundleEntry> entries) {
  std::string out, error;
  INFO(error);
  REQUIRE(write_bundle(std::move(entries), out, error));
  return out;
}

const std::string kManifest = "[pack]\nname = \"demo.pack\"\nversion = \"1.2.3\"\n";

}  // namespace

TEST_CASE("a complete manifest is read with every field", "[packs][manifest]") {
  PackManifest m;
  auto errs = manifest_errors(R"([pack]
name = "community.example"
version = "0.1.0"
description = "demo"
license = "Apache-2.0"
authors = ["Jane Doe <jane@example.invalid>"]
min-engine = "0.0.1"
rules = ["pth", "install/setup_script.canary"]
imports = ["python", "secrets"]
)", &m);
  INFO(errs.size());
  REQUIRE(errs.empty());
  CHECK(m.name == "community.example");
  CHECK(m.version == "0.1.0");
  CHECK(m.license == "Apache-2.0");
  CHECK(m.authors == std::vector<std::string>{"Jane Doe <jane@example.invalid>"});
  CHECK(m.rules == std::vector<std::string>{"pth", "install/setup_script.canary"});
  CHECK(m.imports == std::vector<std::string>{"python", "secrets"});
}

TEST_CASE("manifest mistakes are errors positioned in the manifest", "[packs][manifest]") {
  SECTION("missing name and version") {
    auto errs = manifest_errors("[pack]\ndescription = \"x\"\n");
    CHECK(any_contains(errs, "has no `name`"));
    CHECK(any_contains(errs, "has no `version`"));
  }
  SECTION("no [pack] table") { CHECK(any_contains(manifest_errors("name = \"x\"\n"), "unknown key `name`")); }
  SECTION("unknown key in [pack], at the key") {
    auto errs = manifest_errors(kManifest + "licence = \"MIT\"\n");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].rfind("E014@4:1 unknown key `licence`", 0) == 0);
  }
  SECTION("bad name syntax") {
    auto errs = manifest_errors("[pack]\nname = \"Bad Name\"\nversion = \"1\"\n");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].rfind("E014@2:8 invalid pack name", 0) == 0);
  }
  SECTION("wrong types") {
    auto errs = manifest_errors(kManifest + "authors = \"me\"\nrules = [1]\nlicense = 3\n");
    CHECK(any_contains(errs, "`authors` must be an array of strings"));
    CHECK(any_contains(errs, "`rules` must be an array of strings"));
    CHECK(any_contains(errs, "`license` must be a string"));
  }
  SECTION("rule paths may not leave the pack") {
    auto errs = manifest_errors(kManifest + "rules = [\"../elsewhere\", \"/abs\"]\n");
    CHECK(errs.size() == 2);
    CHECK(any_contains(errs, "rule path \"../elsewhere\" must be relative"));
  }
  SECTION("import names are identifiers") {
    CHECK(any_contains(manifest_errors(kManifest + "imports = [\"py-thon\"]\n"), "identifiers"));
  }
  SECTION("invalid TOML is reported with its position") {
    auto errs = manifest_errors("[pack]\nname = \"x\nversion = \"1\"\n");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].find("invalid TOML") != std::string::npos);
    CHECK(errs[0].rfind("E014@2:", 0) == 0);
  }
  SECTION("min-engine newer than this engine") {
    auto errs = manifest_errors(kManifest + "min-engine = \"999.0\"\n");
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].find("needs canary 999.0 or newer; this is canary " + std::string(engine_version())) !=
          std::string::npos);
    CHECK(manifest_errors(kManifest + "min-engine = \"0.0.1\"\n").empty());
    CHECK(any_contains(manifest_errors(kManifest + "min-engine = \"latest\"\n"), "must be a version"));
  }
}

TEST_CASE("versions compare numerically", "[packs][manifest]") {
  std::vector<unsigned long> a, b;
  REQUIRE(parse_dotted_version("0.10.0", a));
  REQUIRE(parse_dotted_version("0.9", b));
  CHECK(compare_versions(a, b) > 0);
  REQUIRE(parse_dotted_version("1.0", a));
  REQUIRE(parse_dotted_version("1.0.0", b));
  CHECK(compare_versions(a, b) == 0);
  CHECK_FALSE(parse_dotted_version("1..0", a));
  CHECK_FALSE(parse_dotted_version("v1", a));
}

TEST_CASE("a bundle round-trips and is the same bytes whatever the input order", "[packs][bundle]") {
  std::vector<BundleEntry> files{{"rules/b.canary", "b\n"}, {"stdlib/python.canary", ""},
                                 {std::string(kManifestName), kManifest}, {"rules/a.canary", "a\nwith\nlines"}};
  std::string one = bundle_of(files);
  std::reverse(files.begin(), files.end());
  CHECK(bundle_of(files) == one);
  CHECK(one.rfind("canary-bundle 1\nfile canary-pack.toml " + std::to_string(kManifest.size()) + "\n", 0) == 0);
  CHECK(one.size() >= 4);
  CHECK(one.substr(one.size() - 4) == "end\n");

  std::vector<BundleEntry> back;
  std::string error;
  REQUIRE(read_bundle(one, back, error));
  REQUIRE(back.size() == 4);
  CHECK(back[0].path == "canary-pack.toml");
  CHECK(back[1].path == "rules/a.canary");
  CHECK(back[1].content == "a\nwith\nlines");
  CHECK(back[3].path == "stdlib/python.canary");
  CHECK(back[3].content.empty());
}

TEST_CASE("damaged bundles are refused with a clear message", "[packs][bundle]") {
  const std::string good = bundle_of({{std::string(kManifestName), kManifest}, {"x.canary", kRule}});
  std::vector<BundleEntry> out;
  std::string error;
  auto refused = [&](const std::string& bytes) {
    error.clear();
    bool ok = read_bundle(bytes, out, error);
    INFO(error);
    CHECK_FALSE(ok);
    return error;
  };
  // Every proper prefix is refused: truncation anywhere never crashes or passes.
  for (size_t n = 0; n < good.size(); ++n) {
    error.clear();
    CHECK_FALSE(read_bundle(good.substr(0, n), out, error));
    CHECK_FALSE(error.empty());
  }
  CHECK(refused(good.substr(0, good.size() - 20)).find("truncated") != std::string::npos);
  CHECK(refused("nonsense").find("not a canary bundle") != std::string::npos);
  CHECK(refused(good + "extra").find("after the `end` line") != std::string::npos);

  std::string lengthened = good;
  lengthened.replace(lengthened.find("x.canary ") + 9, 3, "999");  // claims more than remains
  CHECK(refused(lengthened).find("claims 999") != std::string::npos);
  std::string shorter = good;
  size_t at = shorter.find("x.canary ") + 9;
  shorter[at + 1] = static_cast<char>(shorter[at + 1] == '0' ? '1' : '0');
  CHECK(refused(shorter).find("x.canary") != std::string::npos);
  CHECK(refused("canary-bundle 1\nfile canary-pack.toml -5\n").find("bad length") != std::string::npos);
  CHECK(refused("canary-bundle 1\nfile canary-pack.toml 99999999999\n").find("bad length") != std::string::npos);

  std::string escape = "canary-bundle 1\nfile canary-pack.toml 0\n\nfile ../evil.canary 0\n\nend\n";
  CHECK(refused(escape).find("unsafe path \"../evil.canary\"") != std::string::npos);
  CHECK(refused("canary-bundle 1\nfile /etc/passwd 0\n\nend\n").find("unsafe path") != std::string::npos);
  CHECK(refused("canary-bundle 1\nfile a.canary 0\n\nend\n").find("does not start with canary-pack.toml") !=
        std::string::npos);
  CHECK(refused("canary-bundle 1\nfile canary-pack.toml 0\n\nfile b 0\n\nfile a 0\n\nend\n")
            .find("out of order") != std::string::npos);
  CHECK(refused("canary-bundle 1\nend\n").find("no canary-pack.toml") != std::string::npos);

  std::string unsafe;
  CHECK_FALSE(write_bundle({{std::string(kManifestName), ""}, {"a/../b", ""}}, unsafe, error));
  CHECK_FALSE(write_bundle({{"x.canary", ""}}, unsafe, error));
}

TEST_CASE("a pack directory's manifest names the pack and namespaces its ids", "[packs][loader]") {
  TempPack tp({{"canary-pack.toml", kManifest}, {"rules/mark.canary", kRule}});
  LoadedPack lp = load_ok(tp);
  CHECK(lp.name == "demo.pack");
  CHECK(lp.version == "1.2.3");
  CHECK(lp.pack->name == "demo.pack");
  CHECK(lp.pack->version == "1.2.3");
  // The bundle view: the manifest first, the rule file by its path in the pack.
  REQUIRE(lp.files.size() == 2);
  CHECK(lp.files[0].path == "canary-pack.toml");
  CHECK(lp.files[1].path == "rules/mark.canary");

  test::TempDir art;
  put(art.path(), "pkg/mod.py", "x = 'pack-test-marker'\n");
  ArtifactReport r = scan(lp, art.path() / "pkg");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "demo.pack:MARK");
  CHECK(r.findings[0].pack == "demo.pack");
}

TEST_CASE("rule files without a manifest form an anonymous pack with bare ids", "[packs][loader]") {
  TempPack tp({{"mark.canary", kRule}});
  LoadedPack lp = load_ok(tp);
  CHECK(lp.name.empty());
  CHECK(lp.pack->name.empty());
  CHECK(lp.files.empty());
}

TEST_CASE("a manifest's rules list chooses the files, stdlib/ is never default rules", "[packs][loader]") {
  TempPack listed({{"canary-pack.toml", kManifest + "rules = [\"a\"]\n"},
                   {"a/one.canary", kRule},
                   {"b/broken.canary", "this is not a rule"}});
  LoadedPack lp = load_ok(listed);
  CHECK(lp.rule_count == 1);

  TempPack reserved({{"canary-pack.toml", kManifest}, {"r.canary", kRule}, {"stdlib/broken.canary", "not a rule"}});
  CHECK(load_ok(reserved).rule_count == 1);

  TempPack missing({{"canary-pack.toml", kManifest + "rules = [\"nope\"]\n"}, {"r.canary", kRule}});
  LoadedPack bad = missing.load(true);
  CHECK(codes_at(bad) == std::vector<std::string>{"E014@4:10"});
  CHECK(rendered(bad).find("rule path not found") != std::string::npos);
}

TEST_CASE("a pack lists the stdlib files it imports", "[packs][loader]") {
  const std::string user = "import \"helpers\"\n" + std::string(kRule);
  const std::string helpers = "private rule H { condition: true }\n";
  TempPack undeclared({{"canary-pack.toml", kManifest}, {"r.canary", user}}, {{"helpers.canary", helpers}});
  LoadedPack lp = undeclared.load(true);
  CHECK(codes_at(lp) == std::vector<std::string>{"E014@1:8"});
  CHECK(rendered(lp).find("not in `imports` of canary-pack.toml") != std::string::npos);

  TempPack declared({{"canary-pack.toml", kManifest + "imports = [\"helpers\"]\n"}, {"r.canary", user}},
                    {{"helpers.canary", helpers}});
  LoadedPack ok = load_ok(declared);
  REQUIRE(ok.files.size() == 3);
  CHECK(ok.files[2].path == "stdlib/helpers.canary");
  CHECK(ok.files[2].content == helpers);

  TempPack unknown({{"canary-pack.toml", kManifest + "imports = [\"nosuch\"]\n"}, {"r.canary", kRule}});
  LoadedPack none = unknown.load(true);
  CHECK(codes_at(none) == std::vector<std::string>{"E014@4:12"});
}

TEST_CASE("a bundle loads from memory, names its files in diagnostics and imports only from itself",
          "[packs][loader]") {
  test::TempDir tmp;
  const std::string user = "import \"helpers\"\n" + std::string(kRule);
  std::string manifest = kManifest + "imports = [\"helpers\"]\n";
  fs::path good = put(tmp.path(), "good.canarypack",
                      bundle_of({{"canary-pack.toml", manifest},
                                 {"rules/r.canary", user},
                                 {"stdlib/helpers.canary", "private rule H { condition: true }\n"}}));
  // The machine's stdlib has no say: the bundle's own copy is used.
  fs::path other_stdlib = tmp.path() / "stdlib";
  put(other_stdlib, "helpers.canary", "this would not parse");
  CHECK(classify_pack_path(good) == PackPathKind::Bundle);
  LoadedPack lp = load_pack(PackSource{{good}, {other_stdlib}});
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  CHECK(lp.pack->name == "demo.pack");
  CHECK(lp.files.size() == 3);

  // Without its import the bundle does not fall back to the disk.
  fs::path missing = put(tmp.path(), "missing.canarypack",
                         bundle_of({{"canary-pack.toml", manifest}, {"rules/r.canary", user}}));
  LoadedPack bad = load_pack(PackSource{{missing}, {other_stdlib}}, true);
  CHECK_FALSE(bad.pack);
  CHECK(rendered(bad).find(missing.string() + ":rules/r.canary:1:8: error[E009]: cannot find `helpers.canary`") !=
        std::string::npos);

  fs::path broken = put(tmp.path(), "broken.canarypack",
                        bundle_of({{"canary-pack.toml", kManifest}, {"rules/x.canary", "rule {"}}));
  LoadedPack syntax = load_pack(PackSource{{broken}, {}}, true);
  CHECK(rendered(syntax).find(broken.string() + ":rules/x.canary:1:") != std::string::npos);

  fs::path garbled = put(tmp.path(), "garbled.canarypack", "canary-bundle 1\nfile canary-pack.toml 5000\nxx");
  LoadedPack g = load_pack(PackSource{{garbled}, {}}, true);
  CHECK_FALSE(g.pack);
  CHECK(rendered(g).find("is not a valid bundle: truncated bundle") != std::string::npos);
}

TEST_CASE("a directory pack and its bundle have the same digest", "[packs][bundle]") {
  std::string other = kRule;
  other.replace(other.find("MARK"), 4, "OTHER");
  TempPack tp({{"canary-pack.toml", kManifest}, {"z/mark.canary", kRule}, {"a.canary", other}});
  LoadedPack lp = tp.load(true);
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  std::string bytes = bundle_of(lp.files);
  test::TempDir tmp;
  fs::path file = put(tmp.path(), "p.canarypack", bytes);
  LoadedPack from_bundle = load_pack(PackSource{{file}, {}}, true);
  REQUIRE(from_bundle.pack);
  CHECK(bundle_of(from_bundle.files) == read_bytes(file));
  CHECK(sha256_hex(bundle_of(from_bundle.files)) == sha256_hex(bytes));
}
