// What a loaded pack finds in a real artifact: rule text written to a
// temporary pack, artifacts built on disk (wheels, sdists, directories),
// scanned through the public scan_artifact, and the findings checked rule by
// rule and file by file, with positions and excerpts. Also the prefilter's
// promise (parse only what can match) and the scanner's robustness.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <thread>

#include "engine/archive_writer.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/evaluate.hpp"
#include "engine/sha256.hpp"
#include "engine_test_util.hpp"
#include "support/xorshift.hpp"

using namespace canary;
using namespace canary::enginetest;
using Catch::Matchers::Contains;
using test::FileSpec;
using Strings = std::vector<std::string>;

namespace {

// A directory artifact holding `files` (for tests where the archive format
// does not matter: no dist-info noise).
void tree(const fs::path& root, const std::vector<FileSpec>& files) {
  fs::create_directories(root);
  for (const FileSpec& f : files) put(root, f.name, f.content);
}

// The bytes of a zip holding `members`, written at `path` (to nest in another artifact).
std::string zip_bytes(const fs::path& path, const std::vector<ArchiveMember>& members) {
  std::string error;
  REQUIRE(write_zip_archive(path, members, ZipMethod::Deflate, error));
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const std::string kExecQuery = "ast `(call function: (identifier) @f (#eq? @f \"exec\")) @match`";

}  // namespace

// ------------------------------------------------------------------ scope

TEST_CASE("scope path globs: name-only, anchored, ** and lists", "[scan]") {
  TempPack tp({{"r.canary",
                rule("NAME_ONLY", "  scope:\n    path = \"setup.py\"\n  condition:\n    true\n") +
                    rule("ANCHORED", "  scope:\n    path = \"/setup.py\"\n  condition:\n    true\n") +
                    rule("DEEP", "  scope:\n    path = \"pkg/**/*.py\"\n  condition:\n    true\n") +
                    rule("ONE_SEGMENT", "  scope:\n    path = \"pkg/*.py\"\n  condition:\n    true\n") +
                    rule("ANY_DEPTH", "  scope:\n    path = \"**/b.py\"\n  condition:\n    true\n") +
                    rule("LIST", "  scope:\n    path = [\"other/*\", \"*.txt\"]\n  condition:\n    true\n") +
                    rule("CLASS_QMARK", "  scope:\n    path = \"pkg/[ab].p?\"\n  condition:\n    true\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"setup.py", "print('root')\n"},
                                          {"pkg/setup.py", "x = 1\n"},
                                          {"pkg/a.py", "a = 1\n"},
                                          {"pkg/sub/b.py", "b = 1\n"},
                                          {"other/c.py", "c = 1\n"},
                                          {"pkg/data.txt", "data\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(files_hit(r, "NAME_ONLY") == Strings{"pkg/setup.py", "setup.py"});
  CHECK(files_hit(r, "ANCHORED") == Strings{"setup.py"});
  CHECK(files_hit(r, "DEEP") == Strings{"pkg/a.py", "pkg/setup.py", "pkg/sub/b.py"});
  CHECK(files_hit(r, "ONE_SEGMENT") == Strings{"pkg/a.py", "pkg/setup.py"});
  CHECK(files_hit(r, "ANY_DEPTH") == Strings{"pkg/sub/b.py"});
  CHECK(files_hit(r, "LIST") == Strings{"other/c.py", "pkg/data.txt"});
  CHECK(files_hit(r, "CLASS_QMARK") == Strings{"pkg/a.py"});
}

TEST_CASE("scope exclude removes files that path admits and exclude alone admits the rest", "[scan]") {
  TempPack tp({{"r.canary",
                rule("PY_NOT_TESTS",
                     "  scope:\n    path = \"*.py\"\n    exclude = [\"tests/**\", \"*_test.py\"]\n  condition:\n    true\n") +
                    rule("NOT_PY", "  scope:\n    exclude = \"*.py\"\n  condition:\n    true\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"pkg/a.py", "1"}, {"pkg/a_test.py", "1"}, {"tests/t.py", "1"}, {"tests/deep/u.py", "1"},
                 {"README.md", "r"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "PY_NOT_TESTS") == Strings{"pkg/a.py"});
  CHECK(files_hit(r, "NOT_PY") == Strings{"README.md"});
}

TEST_CASE("scope kind: single kinds and lists, combined with path", "[scan]") {
  TempPack tp({{"r.canary",
                rule("PY_OR_PTH", "  scope:\n    kind = [python, pth]\n  condition:\n    true\n") +
                    rule("SETUP_ONLY", "  scope:\n    kind = setup_py\n  condition:\n    true\n") +
                    rule("META", "  scope:\n    kind = metadata\n  condition:\n    true\n") +
                    rule("PKG_TEXT", "  scope:\n    path = \"pkg/**\"\n    kind = text\n  condition:\n    true\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"setup.py", "from setuptools import setup\n"},
                                          {"pkg/a.py", "a = 1\n"},
                                          {"pkg/hook.pth", "/opt/x\n"},
                                          {"pkg/data.txt", "plain text\n"},
                                          {"notes.txt", "plain text\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(files_hit(r, "PY_OR_PTH") == Strings{"pkg/a.py", "pkg/hook.pth"});
  CHECK(files_hit(r, "SETUP_ONLY") == Strings{"setup.py"});
  CHECK(files_hit(r, "META") ==
        Strings{"demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/RECORD", "demo-1.0.dist-info/WHEEL"});
  CHECK(files_hit(r, "PKG_TEXT") == Strings{"pkg/data.txt"});
}

TEST_CASE("each file kind is scanned with the expressions of the rules that admit it", "[scan]") {
  TempPack tp({{"r.canary",
                rule("PY_TOKEN", "  scope:\n    kind = python\n  patterns:\n    $t = /tok[e]n_[0-9]+/\n"
                                 "  condition:\n    $t\n") +
                    rule("ANY_TOKEN", "  patterns:\n    $t = \"token_42\"\n  condition:\n    $t\n") +
                    rule("TEXT_TOKEN", "  scope:\n    kind = text\n  patterns:\n    $t = /token_4[0-9]/\n"
                                       "  condition:\n    $t\n")}});
  LoadedPack lp = load_ok(tp);
  const CompiledPack& pack = *lp.pack;
  REQUIRE(pack.kind_database.size() == kFileKindCount);
  // Python files get the whole database; text and binary files their own, smaller.
  CHECK(pack.kind_database[static_cast<unsigned>(FileKind::Python)] == CompiledPack::kWholeDatabase);
  const int text = pack.kind_database[static_cast<unsigned>(FileKind::Text)];
  const int binary = pack.kind_database[static_cast<unsigned>(FileKind::Binary)];
  CHECK(text >= 0);
  CHECK(binary >= 0);
  CHECK(text != binary);  // text has TEXT_TOKEN's regex too
  test::TempDir d;
  tree(d / "t", {{"pkg/a.py", "x = 'token_42'\n"}, {"pkg/notes.txt", "token_42\n"}, {"pkg/blob.bin", std::string("\0\1token_42", 10)}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "PY_TOKEN") == Strings{"pkg/a.py"});
  CHECK(files_hit(r, "ANY_TOKEN") == Strings{"pkg/a.py", "pkg/blob.bin", "pkg/notes.txt"});
  CHECK(files_hit(r, "TEXT_TOKEN") == Strings{"pkg/notes.txt"});
}

// Regexes run without start-of-match tracking in the pack's database and
// again with it where they matched: the starts are the leftmost ones.
TEST_CASE("a deferred regex matches where its run is, in every kind that needs it", "[scan]") {
  // Neither regex holds a literal Hyperscan could look for first; each holds
  // a run most files lack, so both go to deferred databases.
  TempPack tp({{"r.canary",
                rule("PADDED", "  patterns:\n    $p = /\\S[ \\t]{120,}[;(]/\n  condition:\n    $p\n") +
                    rule("CYRILLIC", "  scope:\n    kind = text\n  patterns:\n    $c = /[a-z][\\xD0-\\xD3][\\x80-\\xBF]/\n"
                                     "  condition:\n    $c\n") +
                    rule("PLAIN", "  patterns:\n    $t = \"token_42\"\n  condition:\n    $t\n")}});
  LoadedPack lp = load_ok(tp);
  const CompiledPack& pack = *lp.pack;
  REQUIRE(pack.deferred.size() == 2);
  CHECK(describe(pack.deferred[0].gate) == "1 byte of [\\xD0-\\xD3]");
  CHECK(describe(pack.deferred[1].gate) == "120 bytes of [\\t ] in a row");
  // Python files need both; text files both (PADDED has no scope); binary files PADDED only.
  CHECK(pack.kind_deferred[static_cast<unsigned>(FileKind::Python)] == std::vector<int>{0, 1});
  CHECK(pack.kind_deferred[static_cast<unsigned>(FileKind::Text)] == std::vector<int>{0, 1});
  CHECK(pack.kind_deferred[static_cast<unsigned>(FileKind::Binary)] == std::vector<int>{1});
  const std::string pad(130, ' ');
  test::TempDir d;
  tree(d / "t", {{"pkg/a.py", "x = 1" + pad + ";import os\n"},
                 {"pkg/short.py", "x = 1" + pad.substr(0, 119) + ";import os\n"},
                 {"pkg/notes.txt", "nb\xd0\xb0 token_42\n"},
                 {"pkg/latin.txt", "caf\xc3\xa9 " + pad + "(\n"},
                 {"pkg/blob.bin", std::string("\0\1x", 3) + pad + "(" + "b\xd0\xb0"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "PADDED") == Strings{"pkg/a.py", "pkg/blob.bin", "pkg/latin.txt"});
  CHECK(files_hit(r, "CYRILLIC") == Strings{"pkg/notes.txt"});
  CHECK(files_hit(r, "PLAIN") == Strings{"pkg/notes.txt"});
  // Placed where the match ends, at the `;` (a regex with a repeat above 16
  // does not track where its matches start).
  const std::vector<Finding> padded = findings_of(r, "PADDED");
  REQUIRE(padded.size() == 3);
  CHECK(padded[0].file == "pkg/a.py");
  CHECK(padded[0].line == 1);
  CHECK(padded[0].column == 136);
}

TEST_CASE("a regex finding starts where its match starts, across lines", "[scan]") {
  TempPack tp({{"r.canary", rule("SPAN", "  patterns:\n    $s = /BEGIN[\\s\\S]{0,9}END/\n  condition:\n    $s\n")}});
  LoadedPack lp = load_ok(tp);
  REQUIRE(!lp.pack->start_databases.empty());
  test::TempDir d;
  tree(d / "t", {{"pkg/a.txt", "one\n  BEGIN\nEND and BEGIN END\n"}});
  ArtifactReport r = scan(lp, d / "t");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].column == 3);
}

TEST_CASE("sdist: file.path and globs drop the top directory, Finding.file keeps it", "[scan]") {
  TempPack tp({{"r.canary",
                rule("ROOT_SETUP", "  scope:\n    path = \"/setup.py\"\n  condition:\n    true\n") +
                    rule("DEEP_ANCHORED", "  scope:\n    path = \"/demo/sub/*.py\"\n  condition:\n    true\n") +
                    rule("FACTS", "  condition:\n    file.path == \"demo/__init__.py\" and file.depth == 1 and "
                                  "file.name == \"__init__.py\" and artifact.kind == \"sdist\"\n") +
                    rule("NOT_STRIPPED", "  condition:\n    file.path startswith \"demo-1.0/\"\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  test::write_tar_gz(d / "demo-1.0.tar.gz", {{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n"},
                                             {"demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo\n"},
                                             {"demo-1.0/demo/__init__.py", "x = 1\n"},
                                             {"demo-1.0/demo/sub/deep.py", "y = 2\n"},
                                             {"demo-1.0/demo/setup.py", "z = 3\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0.tar.gz");
  INFO(describe(r));
  CHECK(r.kind == "sdist");
  CHECK(files_hit(r, "ROOT_SETUP") == Strings{"demo-1.0/setup.py"});
  CHECK(files_hit(r, "DEEP_ANCHORED") == Strings{"demo-1.0/demo/sub/deep.py"});
  CHECK(files_hit(r, "FACTS") == Strings{"demo-1.0/demo/__init__.py"});
  CHECK(files_hit(r, "NOT_STRIPPED").empty());
}

// ------------------------------------------------------------------ literals and regexes

TEST_CASE("literal modifiers nocase and fullword", "[scan]") {
  // exec(x) | EXEC | execute | _exec | re_exec_ | Exec y
  const std::string text = "exec(x)\nEXEC\nexecute\n_exec\nre_exec_\nExec y\n";
  TempPack tp({{"r.canary", rule("PLAIN", "  patterns:\n    $a = \"exec\"\n  condition:\n    #a == 4\n") +
                                rule("FULLWORD", "  patterns:\n    $a = \"exec\" fullword\n  condition:\n    #a == 1\n") +
                                rule("NOCASE", "  patterns:\n    $a = \"exec\" nocase\n  condition:\n    #a == 6\n") +
                                rule("BOTH", "  patterns:\n    $a = \"exec\" fullword nocase\n  condition:\n    #a == 3\n") +
                                rule("BOTH_REVERSED", "  patterns:\n    $a = \"EXEC\" nocase fullword\n  condition:\n    #a == 3\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"m.py", text}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"BOTH m.py", "BOTH_REVERSED m.py", "FULLWORD m.py", "NOCASE m.py", "PLAIN m.py"});
  // The fullword hit is the first line; the nocase-fullword one starts there too.
  REQUIRE(findings_of(r, "FULLWORD").size() == 1);
  CHECK(findings_of(r, "FULLWORD")[0].line == 1);
}

TEST_CASE("fullword at the very start and end of a file", "[scan]") {
  TempPack tp({{"r.canary", rule("FW", "  patterns:\n    $a = \"tok\" fullword\n  condition:\n    #a == 2\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"edge.txt", "tok and tok"}, {"glued.txt", "tok_ and xtok"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"FW edge.txt"});
}

TEST_CASE("regex flags i, s and m", "[scan]") {
  const std::string text = "Alpha\nbeta\nGAMMA start\nmiddle end\n";
  TempPack tp({{"r.canary",
                rule("CASE_SENSITIVE", "  patterns:\n    $a = /alpha/\n  condition:\n    $a\n") +
                    rule("CASELESS", "  patterns:\n    $a = /alpha/i\n  condition:\n    $a\n") +
                    rule("DOT_NO_NL", "  patterns:\n    $a = /start.middle/\n  condition:\n    $a\n") +
                    rule("DOTALL", "  patterns:\n    $a = /start.middle/s\n  condition:\n    $a\n") +
                    rule("ANCHORS_BUFFER", "  patterns:\n    $a = /^beta$/\n  condition:\n    $a\n") +
                    rule("ANCHORS_LINES", "  patterns:\n    $a = /^beta$/m\n  condition:\n    $a\n") +
                    rule("ALL_FLAGS", "  patterns:\n    $a = /^gamma.*\\nMIDDLE/ism\n  condition:\n    $a\n") +
                    rule("SLASH", "  patterns:\n    $a = /e\\/x/\n  condition:\n    $a\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"f.txt", text}, {"slash.txt", "see/x"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"ALL_FLAGS f.txt", "ANCHORS_LINES f.txt", "CASELESS f.txt", "DOTALL f.txt", "SLASH slash.txt"});
}

TEST_CASE("pattern counts and arithmetic", "[scan]") {
  TempPack tp({{"r.canary",
                rule("MORE_THAN_TWO", "  patterns:\n    $t = \"token\"\n  condition:\n    #t > 2\n") +
                    rule("EXACTLY_TWO", "  patterns:\n    $t = \"token\"\n  condition:\n    #t == 2\n") +
                    rule("SUM", "  patterns:\n    $t = \"token\"\n    $u = \"other\"\n  condition:\n    #t + #u - 1 == 3\n") +
                    rule("ZERO", "  patterns:\n    $t = \"token\"\n  condition:\n    #t == 0 and not $t\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"two.txt", "token token"}, {"three.txt", "token\ntoken\ntoken"}, {"mix.txt", "token other token other"},
                 {"none.txt", "tok en"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "MORE_THAN_TWO") == Strings{"three.txt"});
  CHECK(files_hit(r, "EXACTLY_TWO") == Strings{"mix.txt", "two.txt"});
  CHECK(files_hit(r, "SUM") == Strings{"mix.txt"});
  CHECK(files_hit(r, "ZERO") == Strings{"none.txt"});
}

TEST_CASE("any / all / none / N of, $a* wildcards and them", "[scan]") {
  const std::string pats = "  patterns:\n    $s1 = \"alpha\"\n    $s2 = \"beta\"\n    $t1 = \"gamma\"\n";
  TempPack tp({{"r.canary", rule("ANY_S", pats + "  condition:\n    any of ($s*)\n") +
                                rule("ALL_S", pats + "  condition:\n    all of ($s*)\n") +
                                rule("ALL_THEM", pats + "  condition:\n    all of them\n") +
                                rule("TWO_OF_THEM", pats + "  condition:\n    2 of them\n") +
                                rule("NONE_OF_THEM", pats + "  condition:\n    none of them\n") +
                                rule("LISTED", pats + "  condition:\n    any of ($t1, $s2) and $s1\n") +
                                rule("ONE_OF", pats + "  condition:\n    1 of ($t1, $s1) and not $s2\n")}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  REQUIRE(lp.pack);
  CHECK(lp.diagnostics.warning_count() == 2);  // W001: $t1 is unused by ANY_S and ALL_S
  test::TempDir d;
  tree(d / "t", {{"f1.txt", "alpha"}, {"f2.txt", "alpha beta"}, {"f3.txt", "alpha beta gamma"}, {"f4.txt", "nothing"},
                 {"f5.txt", "gamma"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "ANY_S") == Strings{"f1.txt", "f2.txt", "f3.txt"});
  CHECK(files_hit(r, "ALL_S") == Strings{"f2.txt", "f3.txt"});
  CHECK(files_hit(r, "ALL_THEM") == Strings{"f3.txt"});
  CHECK(files_hit(r, "TWO_OF_THEM") == Strings{"f2.txt", "f3.txt"});
  CHECK(files_hit(r, "NONE_OF_THEM") == Strings{"f4.txt"});
  CHECK(files_hit(r, "LISTED") == Strings{"f2.txt", "f3.txt"});
  CHECK(files_hit(r, "ONE_OF") == Strings{"f1.txt", "f5.txt"});
}

// ------------------------------------------------------------------ rule references and imports

TEST_CASE("rule references: private helpers, public-to-public, rule wildcards, out-of-scope references", "[scan]") {
  TempPack tp({{"r.canary",
                "private rule HAS_SECRET {\n  patterns:\n    $s = \"SECRET\"\n  condition:\n    $s\n}\n"
                "private rule P_A {\n  patterns:\n    $a = \"alpha\"\n  condition:\n    $a\n}\n"
                "private rule P_B {\n  patterns:\n    $b = \"beta\"\n  condition:\n    $b\n}\n"
                "private rule PY_ONLY {\n  scope:\n    path = \"*.py\"\n  condition:\n    true\n}\n" +
                    rule("USES_PRIVATE", "  patterns:\n    $x = \"exfil\"\n  condition:\n    HAS_SECRET and $x\n") +
                    rule("PUBLIC_REF", "  condition:\n    USES_PRIVATE\n") +
                    rule("ANY_P", "  condition:\n    any of (P_*)\n") +
                    rule("ALL_P", "  condition:\n    all of (P_A, P_B)\n") +
                    rule("NEEDS_PY", "  condition:\n    PY_ONLY\n")},
               // Rules of another pack file are visible by their bare names.
               {"z_other.canary", rule("CROSS_FILE", "  condition:\n    P_A and not HAS_SECRET\n")}});
  LoadedPack lp = load_ok(tp);
  CHECK(lp.rule_count == 10);
  test::TempDir d;
  tree(d / "t", {{"f1.txt", "SECRET exfil alpha"}, {"f2.txt", "exfil only"}, {"f3.txt", "alpha"},
                 {"f4.txt", "alpha beta"}, {"f5.py", "x = 1"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"ALL_P f4.txt", "ANY_P f1.txt", "ANY_P f3.txt", "ANY_P f4.txt", "CROSS_FILE f3.txt",
                            "CROSS_FILE f4.txt", "NEEDS_PY f5.py", "PUBLIC_REF f1.txt", "USES_PRIVATE f1.txt"});
}

TEST_CASE("a rule may reference a rule declared after it", "[scan]") {
  TempPack tp({{"r.canary", rule("FIRST", "  condition:\n    LATER\n") +
                                "private rule LATER {\n  patterns:\n    $a = \"later\"\n  condition:\n    $a\n}\n"}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"yes.txt", "later"}, {"no.txt", "sooner"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"FIRST yes.txt"});
}

TEST_CASE("imports: stdlib pattern sets, nested sets, private predicate rules, summed counts", "[scan]") {
  TempPack tp(
      {{"r.canary", "import \"lib\"\n" +
                        rule("DECODE_EXEC", "  patterns:\n    $d = lib.decode\n  condition:\n    $d and lib.HAS_EXEC\n") +
                        rule("DECODE_COUNT", "  patterns:\n    $d = lib.decode\n  condition:\n    #d == 3\n") +
                        rule("NESTED_SET", "  patterns:\n    $w = lib.wrapped\n  condition:\n    #w == 4\n") +
                        rule("ANY_LIB", "  condition:\n    any of (lib.HAS_*)\n")}},
      {{"lib.canary",
        "patternset decode {\n  $b64 = \"b64decode\"\n  $hex = \"fromhex\"\n}\n"
        "patternset wrapped {\n  $inner = decode\n  $u = \"unhexlify\"\n}\n"
        "private rule HAS_EXEC {\n  patterns:\n    $e = \"exec(\"\n  condition:\n    $e\n}\n"
        "private rule HAS_EVAL {\n  patterns:\n    $e = \"eval(\"\n  condition:\n    $e\n}\n"}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"a.py", "b64decode(x); b64decode(y); bytes.fromhex(z)\nexec(code)\n"},
                 {"b.py", "b64decode(x)\nunhexlify(y)\nfromhex\nfromhex\n"},
                 {"c.py", "eval(1)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"ANY_LIB a.py", "ANY_LIB c.py", "DECODE_COUNT a.py", "DECODE_COUNT b.py",
                            "DECODE_EXEC a.py", "NESTED_SET b.py"});
  // The set pattern's location is its earliest member match.
  auto de = findings_of(r, "DECODE_EXEC");
  REQUIRE(de.size() == 1);
  CHECK(de[0].line == 1);
  CHECK(de[0].column == 1);
}

// ------------------------------------------------------------------ facts and string operators

TEST_CASE("file facts: name, size, depth, kind and artifact.kind", "[scan]") {
  std::string elf = std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(64, '\0');
  std::string bin = std::string("BIN\0\x01\x02", 6);
  TempPack tp({{"r.canary",
                rule("FACTS", "  condition:\n    file.name == \"b.py\" and file.depth == 2 and file.size == 5 and "
                              "file.kind == \"python\" and artifact.kind == \"wheel\"\n") +
                    rule("DEPTH0_PY", "  condition:\n    file.depth == 0 and file.kind == \"python\"\n") +
                    rule("BIG", "  condition:\n    file.size >= 1KB and file.kind == \"python\"\n") +
                    rule("K_SETUP", "  condition:\n    file.kind == \"setup_py\"\n") +
                    rule("K_BUILD", "  condition:\n    file.kind == \"build_config\"\n") +
                    rule("K_NATIVE", "  condition:\n    file.kind == \"native\"\n") +
                    rule("K_TEXT", "  condition:\n    file.kind == \"text\"\n") +
                    rule("K_BINARY", "  condition:\n    file.kind == \"binary\"\n") +
                    rule("K_PTH", "  condition:\n    file.kind == \"pth\"\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"pkg/sub/b.py", "x=1\n\n"},
                                          {"pkg/b.py", "x=1\n\n"},
                                          {"top.py", std::string(1024, '#')},
                                          {"setup.py", "s"},
                                          {"pyproject.toml", "[project]\n"},
                                          {"pkg/_native.so", elf},
                                          {"pkg/readme.txt", "text"},
                                          {"pkg/blob.dat", bin},
                                          {"x.pth", "/opt\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(r.kind == "wheel");
  CHECK(files_hit(r, "FACTS") == Strings{"pkg/sub/b.py"});
  CHECK(files_hit(r, "DEPTH0_PY") == Strings{"top.py"});
  CHECK(files_hit(r, "BIG") == Strings{"top.py"});
  CHECK(files_hit(r, "K_SETUP") == Strings{"setup.py"});
  CHECK(files_hit(r, "K_BUILD") == Strings{"pyproject.toml"});
  CHECK(files_hit(r, "K_NATIVE") == Strings{"pkg/_native.so"});
  CHECK(files_hit(r, "K_TEXT") == Strings{"pkg/readme.txt"});
  CHECK(files_hit(r, "K_BINARY") == Strings{"pkg/blob.dat"});
  CHECK(files_hit(r, "K_PTH") == Strings{"x.pth"});
  // Findings from whole-file facts carry no position.
  for (const Finding& f : r.findings) {
    CHECK(f.line == 0);
    CHECK(f.column == 0);
  }

  // The same rule text over a directory and a plain zip.
  TempPack kinds({{"r.canary", rule("DIR", "  condition:\n    artifact.kind == \"directory\"\n") +
                                   rule("ZIP", "  condition:\n    artifact.kind == \"zip\"\n")}});
  LoadedPack kp = load_ok(kinds);
  tree(d / "dir", {{"a.py", "1"}});
  test::write_zip(d / "plain.zip", {{"a.py", "1"}});
  ArtifactReport dr = scan(kp, d / "dir");
  ArtifactReport zr = scan(kp, d / "plain.zip");
  CHECK(dr.kind == "directory");
  CHECK(fired(dr) == Strings{"DIR a.py"});
  CHECK(zr.kind == "zip");
  CHECK(fired(zr) == Strings{"ZIP a.py"});
}

TEST_CASE("file.longest_line: its length, and a finding on that line", "[scan]") {
  TempPack tp({{"r.canary", rule("LONG", "  condition:\n    file.longest_line >= 20\n") +
                                rule("EXACT", "  condition:\n    file.longest_line == 25\n") +
                                rule("WITH_PATTERN", "  patterns:\n    $x = \"marker\"\n  condition:\n"
                                                     "    $x and file.longest_line >= 20\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  // b.py: the long line is the third, 25 bytes with its \r (which `[^\n]`
  // counts too); a later line as long does not move the finding.
  tree(d / "t", {{"a.py", "short\nlines\nonly\n"},
                 {"b.py", "x = 1\nmarker = 2\n" + std::string(24, 'y') + "\r\nz\n" + std::string(25, 'w')},
                 {"c.py", std::string(30, 'q')}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "LONG") == Strings{"b.py", "c.py"});
  CHECK(files_hit(r, "EXACT") == Strings{"b.py"});
  for (const Finding& f : r.findings) {
    INFO(f.rule << " " << f.file);
    if (f.file == "b.py" && f.rule != "WITH_PATTERN") {
      CHECK(f.line == 3);  // the first of the longest lines
      CHECK(f.column == 1);
    }
    if (f.file == "b.py" && f.rule == "WITH_PATTERN") CHECK(f.line == 2);  // a pattern's match wins
    if (f.file == "c.py") CHECK(f.line == 1);
  }
  CHECK(longest_line("").length == 0);
  CHECK(longest_line("\n\n").length == 0);
  CHECK(longest_line("ab\nabcd\nabc").length == 4);
  CHECK(longest_line("ab\nabcd\nabc").offset == 3);
  CHECK(longest_line("ab\nabc\nabcdef").offset == 7);  // the last line has no line feed
  // Lines are stepped over a best length at a time: the same line as one
  // read line by line, on random lines (the first of several as long).
  auto naive = [](std::string_view t) {
    LongestLine best;
    size_t at = 0;
    while (at < t.size()) {
      size_t end = t.find('\n', at);
      if (end == std::string_view::npos) end = t.size();
      if (end - at > best.length) best = {end - at, at};
      at = end + 1;
    }
    return best;
  };
  canary::test::Xorshift rng(88172645463325252ull);
  auto next = [&rng](uint64_t bound) { return rng.below(bound); };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t lines = next(40);
    for (size_t l = 0; l < lines; ++l) text += std::string(next(4) == 0 ? next(300) : next(12), 'x') + (next(9) ? "\n" : "\r\n");
    if (next(2)) text += std::string(next(200), 'y');  // a last line without a line feed
    INFO("text of " << text.size() << " bytes, round " << round);
    CHECK(longest_line(text).length == naive(text).length);
    CHECK(longest_line(text).offset == naive(text).offset);
  }
}

TEST_CASE("file.archive_index counts each archive's entries, file.index the artifact's", "[scan][nested]") {
  TempPack tp({{"r.canary", rule("FIRST", "  condition:\n    file.archive_index == 0\n") +
                                rule("SECOND", "  condition:\n    file.archive_index == 1\n") +
                                rule("THIRD", "  condition:\n    file.archive_index == 2\n") +
                                rule("FIFTH_OF_ALL", "  condition:\n    file.index == 4\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  const std::string inner_bytes = zip_bytes(d / "inner.zip", {{"x.py", "x = 1\n"}, {"y.py", "y = 2\n"}});
  // Read in path order: a.py, b/inner.zip, its x.py and y.py, then c.py.
  tree(d / "t", {{"a.py", "a = 0\n"}, {"b/inner.zip", inner_bytes}, {"c.py", "c = 3\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "FIRST") == Strings{"a.py", "b/inner.zip!/x.py"});
  CHECK(files_hit(r, "SECOND") == Strings{"b/inner.zip", "b/inner.zip!/y.py"});
  CHECK(files_hit(r, "THIRD") == Strings{"c.py"});
  CHECK(files_hit(r, "FIFTH_OF_ALL") == Strings{"c.py"});
}

TEST_CASE("a repeated archive entry gets facts of its own, not the first copy's", "[scan][nested][regression]") {
  test::TempDir d;
  const std::string first = zip_bytes(d / "1.zip", {{"p.py", "p = 1\n"}});
  const std::string second = zip_bytes(d / "2.zip", {{"q.py", "q = 1\n"}, {"r.py", "r = 2\n"}});
  // A tar may hold one name twice; an extractor keeps the last copy.
  std::string error;
  REQUIRE(write_tar_archive(d / "dup-1.0.tar.gz", {{"dup-1.0/x.zip", first}, {"dup-1.0/x.zip", second}},
                            TarFilter::Gzip, error));
  TempPack tp({{"r.canary", rule("FIRST", "  condition:\n    file.archive_index == 0 and file.archive_depth == 2\n") +
                                rule("SECOND_ZIP", "  condition:\n    artifact.sha256 == \"" + sha256_hex(second) + "\"\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan(lp, d / "dup-1.0.tar.gz");
  INFO(describe(r));
  CHECK(files_hit(r, "FIRST") == Strings{"dup-1.0/x.zip!/p.py", "dup-1.0/x.zip!/q.py"});
  CHECK(files_hit(r, "SECOND_ZIP") == Strings{"dup-1.0/x.zip!/q.py", "dup-1.0/x.zip!/r.py"});
}

TEST_CASE("pth facts on real .pth files", "[scan]") {
  const std::string evil = "# comment\n\n/opt/extra\nimport os; exec(\"print(1)\")\n../lib\nimport\tsys\n";
  const std::string shim =
      "import os;  var = 'SETUPTOOLS_USE_DISTUTILS';\tenabled = os.environ.get(var, 'local') == 'local'; "
      "enabled and __import__('_distutils_hack').add_shim();\r\n";
  TempPack tp({{"r.canary",
                rule("PTH_FACTS", "  condition:\n    file.kind == \"pth\" and pth.exec_lines == 2 and pth.path_lines == 2 "
                                  "and pth.comment_lines == 2 and not pth.known_shim\n") +
                    rule("SHIM", "  condition:\n    pth.known_shim and pth.exec_lines == 1\n") +
                    rule("ZERO_ON_PY", "  scope:\n    kind = python\n  condition:\n    pth.exec_lines == 0 and "
                                       "pth.path_lines == 0 and pth.comment_lines == 0 and not pth.known_shim\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl",
        {{"evil.pth", evil}, {"distutils-precedence.pth", shim}, {"pkg/a.py", "import os\n# comment\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(files_hit(r, "PTH_FACTS") == Strings{"evil.pth"});
  CHECK(files_hit(r, "SHIM") == Strings{"distutils-precedence.pth"});
  CHECK(files_hit(r, "ZERO_ON_PY") == Strings{"pkg/a.py"});
}

TEST_CASE("string operators on facts: contains, icontains, startswith, endswith, matches, ==, !=", "[scan]") {
  TempPack tp({{"r.canary",
                rule("CONTAINS", "  condition:\n    file.path contains \"secrets/\"\n") +
                    rule("CONTAINS_IS_CASE_SENSITIVE", "  condition:\n    file.name contains \"CREDENTIALS\"\n") +
                    rule("ICONTAINS", "  condition:\n    file.name icontains \"CREDENTIALS\"\n") +
                    rule("STARTS", "  condition:\n    file.path startswith \"pkg/s\"\n") +
                    rule("ENDS", "  condition:\n    file.name endswith \".md\"\n") +
                    rule("ENDS_LONGER", "  condition:\n    file.name endswith \"a-very-long-suffix-readme.md\"\n") +
                    rule("MATCHES", "  condition:\n    file.path matches /^pkg\\/[a-z]+\\.md$/\n") +
                    rule("MATCHES_I", "  condition:\n    file.name matches /CREDENTIALS/i\n") +
                    rule("EQ_NE", "  condition:\n    file.kind != \"python\" and file.name == \"readme.md\"\n") +
                    rule("CONSTANT", "  condition:\n    \"abc\" contains \"b\" and file.name startswith \"\"\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"pkg/secrets/aws_Credentials.txt", "k"}, {"pkg/readme.md", "r"}, {"pkg/deep/readme.md", "r"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "CONTAINS") == Strings{"pkg/secrets/aws_Credentials.txt"});
  CHECK(files_hit(r, "CONTAINS_IS_CASE_SENSITIVE").empty());
  CHECK(files_hit(r, "ICONTAINS") == Strings{"pkg/secrets/aws_Credentials.txt"});
  CHECK(files_hit(r, "STARTS") == Strings{"pkg/secrets/aws_Credentials.txt"});
  CHECK(files_hit(r, "ENDS") == Strings{"pkg/deep/readme.md", "pkg/readme.md"});
  CHECK(files_hit(r, "ENDS_LONGER").empty());
  CHECK(files_hit(r, "MATCHES") == Strings{"pkg/readme.md"});
  CHECK(files_hit(r, "MATCHES_I") == Strings{"pkg/secrets/aws_Credentials.txt"});
  CHECK(files_hit(r, "EQ_NE") == Strings{"pkg/deep/readme.md", "pkg/readme.md"});
  CHECK(files_hit(r, "CONSTANT").size() == 3);
}

// ------------------------------------------------------------------ AST patterns

TEST_CASE("AST query on a .pth sees only its executable lines", "[scan]") {
  TempPack tp({{"r.canary", rule("PTH_AST_EXEC", "  scope:\n    kind = pth\n  patterns:\n    $e = " + kExecQuery +
                                                     "\n  condition:\n    #e == 1\n") +
                                rule("PTH_RAW_EXEC", "  scope:\n    kind = pth\n  patterns:\n    $x = \"exec(\"\n"
                                                     "  condition:\n    $x\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl",
        {// A path line whose text is a call to exec, then a real import line.
         {"trick.pth", "/opt/exec(payload)/lib\nimport os; exec(\"print(1)\")\n"},
         // Only path lines: the AST sees nothing, the raw bytes still hold `exec(`.
         {"pathonly.pth", "exec(payload)\n/srv/site\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  auto ast = findings_of(r, "PTH_AST_EXEC");
  REQUIRE(ast.size() == 1);
  CHECK(ast[0].file == "trick.pth");
  CHECK(ast[0].line == 2);
  CHECK(ast[0].column == 12);
  CHECK(ast[0].excerpt == "import os; exec(\"print(1)\")");
  CHECK(files_hit(r, "PTH_RAW_EXEC") == Strings{"pathonly.pth", "trick.pth"});
}

TEST_CASE("AST patterns run on python, setup_py and pth files only", "[scan]") {
  TempPack tp({{"r.canary", rule("AST_EXEC", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"a.py", "exec(x)\n"}, {"setup.py", "exec(x)\n"}, {"h.pth", "import os; exec(x)\n"},
                 {"notes.txt", "exec(x)\n"}, {"tool", "#!/usr/bin/env python3\nexec(x)\n"}, {"conf.toml", "exec(x)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "AST_EXEC") == Strings{"a.py", "h.pth", "setup.py", "tool"});
  CHECK(r.files_parsed == 4);
}

TEST_CASE("finding positions and excerpts for literal, regex and AST matches", "[scan]") {
  const std::string src = "import os\ndef f():\n    payload = \"abc\"; os.system(payload)\n";
  TempPack tp(
      {{"r.canary",
        rule("LIT", "  patterns:\n    $a = \"os.system\"\n  condition:\n    $a\n") +
            rule("RE", "  patterns:\n    $r = /sys[a-z]+\\(/\n  condition:\n    $r\n") +
            rule("AST_MATCH", "  patterns:\n    $c = ast `(call function: (attribute attribute: (identifier) @f) "
                              "(#eq? @f \"system\")) @match`\n  condition:\n    $c\n") +
            rule("AST_FIRST_CAPTURE", "  patterns:\n    $c = ast `(call function: (attribute attribute: (identifier) "
                                      "@f) (#eq? @f \"system\"))`\n  condition:\n    $c\n") +
            rule("EARLIEST", "  patterns:\n    $late = \"payload)\"\n    $early = \"os\\n\"\n  condition:\n    $late and $early\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"pkg/run.py", src}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  const std::string line3 = "payload = \"abc\"; os.system(payload)";
  auto at = [&](const std::string& rule_id) {
    auto f = findings_of(r, rule_id);
    REQUIRE(f.size() == 1);
    CHECK(f[0].file == "pkg/run.py");
    return f[0];
  };
  Finding lit = at("LIT");
  CHECK(lit.line == 3);
  CHECK(lit.column == 22);
  CHECK(lit.excerpt == line3);
  Finding re = at("RE");  // start of match (SOM): the `s` of `system`
  CHECK(re.line == 3);
  CHECK(re.column == 25);
  CHECK(re.excerpt == line3);
  Finding call = at("AST_MATCH");  // the @match node: the whole call
  CHECK(call.line == 3);
  CHECK(call.column == 22);
  Finding first = at("AST_FIRST_CAPTURE");  // no @match: the first capture, @f
  CHECK(first.line == 3);
  CHECK(first.column == 25);
  Finding earliest = at("EARLIEST");
  CHECK(earliest.line == 1);
  CHECK(earliest.column == 8);
  CHECK(earliest.excerpt == "import os");
  // Severity and title come from the rule's meta.
  CHECK(lit.severity == Severity::High);
  CHECK(lit.title == "LIT");
}

TEST_CASE("excerpts escape control bytes, invalid UTF-8 and bidi controls, and stay short", "[scan]") {
  std::string text = "x = 1\n\tsecret\x01\xff\xfe\ttail  \r\nbidi \xe2\x80\xae marker\n" + std::string(500, 'a') +
                     "NEEDLE" + std::string(500, 'b') + "\n";
  TempPack tp({{"r.canary", rule("SECRET", "  patterns:\n    $a = \"secret\"\n  condition:\n    $a\n") +
                                rule("BIDI", "  patterns:\n    $a = \"bidi\"\n  condition:\n    $a\n") +
                                rule("LONG", "  patterns:\n    $a = \"NEEDLE\"\n  condition:\n    $a\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"f.txt", text}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  auto s = findings_of(r, "SECRET");
  REQUIRE(s.size() == 1);
  CHECK(s[0].line == 2);
  CHECK(s[0].column == 2);
  CHECK(s[0].excerpt == "secret\\x01\\xff\\xfe tail");
  auto b = findings_of(r, "BIDI");
  REQUIRE(b.size() == 1);
  CHECK(b[0].excerpt == "bidi \\u202e marker");
  auto l = findings_of(r, "LONG");
  REQUIRE(l.size() == 1);
  CHECK(l[0].line == 4);
  CHECK(l[0].column == 501);
  CHECK_THAT(l[0].excerpt, Contains("NEEDLE"));
  CHECK(l[0].excerpt.rfind("…", 0) == 0);
  CHECK(l[0].excerpt.size() >= 120);
  CHECK(l[0].excerpt.size() <= 120 + 2 * std::string("…").size());
}

TEST_CASE("a symlink entry and an unsafe path are exposed as facts and names are escaped in findings", "[scan]") {
  TempPack tp({{"r.canary", rule("SYMLINK", "  condition:\n    file.is_symlink\n") +
                                rule("LINK_TARGET", "  patterns:\n    $t = \"/etc/passwd\"\n  condition:\n    $t\n") +
                                rule("UNSAFE", "  condition:\n    file.unsafe_path\n") +
                                rule("TRUNCATED", "  condition:\n    file.truncated\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  FileSpec link{"pkg/link.py", "/etc/passwd"};
  link.symlink = true;
  wheel(d / "demo-1.0-py3-none-any.whl",
        {link, {"../x.py", "print(1)\n"}, {"pkg/ok.py", "ok = 1\n"}, {"pkg/bell\x07name.py", "b = 1\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(files_hit(r, "SYMLINK") == Strings{"pkg/link.py"});
  // A link's content is its target.
  CHECK(files_hit(r, "LINK_TARGET") == Strings{"pkg/link.py"});
  CHECK(files_hit(r, "UNSAFE") == Strings{"../x.py", "pkg/bell\\x07name.py"});
  CHECK(files_hit(r, "TRUNCATED").empty());
}

TEST_CASE("file.truncated: an entry over the read limit is scanned up to the limit", "[scan]") {
  TempPack tp({{"r.canary", rule("TRUNCATED", "  condition:\n    file.truncated and file.size == 1KB\n") +
                                rule("HEAD", "  patterns:\n    $h = \"HEAD\"\n  condition:\n    $h\n") +
                                rule("TAIL", "  patterns:\n    $t = \"TAIL\"\n  condition:\n    $t\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"big.txt", "HEAD" + std::string(4096, '.') + "TAIL"}, {"small.txt", "HEAD TAIL"}});
  ScanOptions opts;
  opts.limits.max_entry_bytes = 1024;
  ArtifactReport r = scan_artifact(*lp.pack, d / "t", opts);
  INFO(describe(r));
  CHECK(files_hit(r, "TRUNCATED") == Strings{"big.txt"});
  CHECK(files_hit(r, "HEAD") == Strings{"big.txt", "small.txt"});
  CHECK(files_hit(r, "TAIL") == Strings{"small.txt"});
}

TEST_CASE("private rules are never reported and verdict and score follow the public findings", "[scan]") {
  TempPack tp({{"r.canary", "private rule HIDDEN {\n  condition:\n    true\n}\n" +
                                rule("CRIT", "  patterns:\n    $a = \"payload\"\n  condition:\n    $a and HIDDEN\n",
                                     "critical")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "clean", {{"a.py", "x = 1\n"}});
  tree(d / "bad", {{"a.py", "payload = 1\n"}});
  ArtifactReport clean = scan(lp, d / "clean");
  ArtifactReport bad = scan(lp, d / "bad");
  INFO(describe(clean) << describe(bad));
  CHECK(clean.findings.empty());
  CHECK(clean.verdict == Verdict::Safe);
  CHECK(clean.score == 0);
  CHECK(fired(bad) == Strings{"CRIT a.py"});
  CHECK(bad.findings[0].severity == Severity::Critical);
  CHECK(bad.score > 0);
  CHECK(bad.verdict != Verdict::Safe);
}

TEST_CASE("path patterns match once per file and carry no position", "[scan]") {
  TempPack tp({{"r.canary",
                rule("PATH_PAT", "  patterns:\n    $p = path \"pkg/*.py\"\n    $x = \"x\"\n"
                                 "  condition:\n    #p == 1 and not $x\n") +
                    rule("PATH_OR_TEXT", "  patterns:\n    $p = path \"/top.py\"\n    $x = \"marker\"\n"
                                         "  condition:\n    any of them\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"pkg/a.py", "a = 1\n"}, {"pkg/b.py", "x = 1\n"}, {"top.py", "t = 1\n"}, {"pkg/top.py", "marker\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "PATH_PAT") == Strings{"pkg/a.py", "pkg/top.py"});
  CHECK(files_hit(r, "PATH_OR_TEXT") == Strings{"pkg/top.py", "top.py"});
  for (const Finding& f : findings_of(r, "PATH_OR_TEXT")) {
    if (f.file == "top.py") CHECK(f.line == 0);       // matched by its path only
    if (f.file == "pkg/top.py") CHECK(f.line == 1);   // the literal gives the position
  }
}

// A pack file that another pack file imports gets the import name as its
// namespace when the importer is loaded first (engine/loader.cpp load_unit:
// the unit is created with ns = "b" and later re-marked in_pack without
// clearing ns). So the id of b.canary's public rule depends on whether a
// file sorting before it imports it: "b.B_PUBLIC" here, "B_PUBLIC" when the
// importer is named z.canary. Reports, baselines and suppressions key on ids.
TEST_CASE("a pack file's rule ids do not depend on which pack file imports it first", "[scan][regression]") {
  const std::string b = "private rule HELPER {\n  condition:\n    true\n}\n" +
                        rule("B_PUBLIC", "  condition:\n    file.name == \"x.txt\"\n");
  const std::string importer = "import \"b\"\n" + rule("USES_HELPER", "  condition:\n    b.HELPER and false\n");
  test::TempDir d;
  tree(d / "t", {{"x.txt", "x"}});
  for (const char* importer_name : {"a.canary", "z.canary"}) {
    TempPack tp({{importer_name, importer}, {"b.canary", b}});
    LoadedPack lp = load_ok(tp);
    ArtifactReport r = scan(lp, d / "t");
    INFO(importer_name << "\n" << describe(r));
    CHECK(fired(r) == Strings{"B_PUBLIC x.txt"});
  }
}

// `9223372036854775807 + 1` overflows int64_t in FileEvaluation::eval_int
// (undefined behaviour; in practice it wraps, so the comparison is false).
// Either the checker rejects the expression or the sum does not wrap.
TEST_CASE("integer arithmetic in conditions does not wrap around", "[scan][regression]") {
  TempPack tp({{"r.canary", rule("BIG", "  condition:\n    9223372036854775807 + 1 > 0\n")}});
  LoadedPack lp = tp.load();
  if (!lp.pack) {
    SUCCEED("rejected by the checker: " << rendered(lp));
    return;
  }
  test::TempDir d;
  tree(d / "t", {{"x.txt", "x"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"BIG x.txt"});
}

// ------------------------------------------------------------------ prefilter

TEST_CASE("prefilter: a literal #eq? predicate parses only files holding the literal", "[prefilter]") {
  TempPack tp({{"r.canary", rule("AST_EXEC", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"pkg/m1.py", "a = 1\n"},
                                          {"pkg/m2.py", "b = 2\n"},
                                          {"pkg/m3.py", "import base64\nexec(base64.b64decode(p))\n"},
                                          {"pkg/m4.py", "d = 4\n"},
                                          {"pkg/m5.py", "e = 5\n"},
                                          {"pkg/notes.txt", "exec(x)\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(r.files_parsed == 1);
  auto f = findings_of(r, "AST_EXEC");
  REQUIRE(f.size() == 1);
  CHECK(f[0].file == "pkg/m3.py");
  CHECK(f[0].line == 2);
  CHECK(f[0].column == 1);
}

TEST_CASE("prefilter: the literal in a comment costs a parse but gives no finding", "[prefilter]") {
  TempPack tp({{"r.canary", rule("AST_EXEC", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"a.py", "# exec(x) is dangerous\nx = 'exec'\n"}, {"b.py", "y = 1\n"}, {"c.py", "exec(y)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(r.files_parsed == 2);
  CHECK(fired(r) == Strings{"AST_EXEC c.py"});
}

TEST_CASE("prefilter: a query without a literal predicate parses every python file, never others", "[prefilter]") {
  // A regex of large classes only: no literal every match must contain.
  TempPack tp({{"r.canary", rule("AST_EX", "  patterns:\n    $e = ast `(call function: (identifier) @f "
                                           "(#match? @f \"^[a-m][n-z][a-m][a-m]$\")) @match`\n  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"pkg/m1.py", "a = 1\n"},
                                          {"pkg/m2.py", "b = 2\n"},
                                          {"pkg/m3.py", "exec(p)\n"},
                                          {"pkg/m4.py", "d = 4\n"},
                                          {"pkg/m5.py", "e = 5\n"},
                                          {"pkg/notes.txt", "exec(x)\n"},
                                          {"pkg/data.json", "{\"exec\": 1}\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(r.files_parsed == 5);
  CHECK(fired(r) == Strings{"AST_EX pkg/m3.py"});
}

TEST_CASE("prefilter: a #match? regex's required literal prefilters like an #eq? value", "[prefilter]") {
  TempPack tp({{"r.canary", rule("AST_EX", "  patterns:\n    $e = ast `(call function: (identifier) @f "
                                           "(#match? @f \"^(exec|eval)$\")) @match`\n  condition:\n    $e\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  wheel(d / "demo-1.0-py3-none-any.whl", {{"pkg/m1.py", "a = 1\n"},
                                          {"pkg/m2.py", "evaluate(b)\n"},
                                          {"pkg/m3.py", "exec(p)\n"},
                                          {"pkg/m4.py", "d = 4\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK(r.files_parsed == 2);  // m2.py holds "eval" (in "evaluate"), m3.py "exec"
  CHECK(fired(r) == Strings{"AST_EX pkg/m3.py"});
}

TEST_CASE("prefilter: no AST rule in scope means no parse", "[prefilter]") {
  TempPack tp({{"r.canary",
                rule("SETUP_AST", "  scope:\n    kind = setup_py\n  patterns:\n    $c = ast `(call) @match`\n"
                                  "  condition:\n    $c\n") +
                    rule("LIT", "  patterns:\n    $a = \"exec\"\n  condition:\n    $a\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"setup.py", "setup()\n"}, {"a.py", "exec(1)\n"}, {"b.py", "print(2)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(r.files_parsed == 1);
  CHECK(fired(r) == Strings{"LIT a.py", "SETUP_AST setup.py"});
}

// ------------------------------------------------------------------ robustness

TEST_CASE("10,000 nested brackets and a 5 MB one-line file do not stop the scan", "[robustness]") {
  TempPack tp({{"r.canary", rule("AST_EXEC", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e\n") +
                                rule("LIT_EXEC", "  patterns:\n    $a = \"exec(\"\n  condition:\n    $a\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  const size_t big = 5u << 20;
  std::string nested = "x = " + std::string(10000, '[') + std::string(10000, ']') + "\nexec(1)\n";
  // Letters from a small LCG: incompressible enough that the zip reader's
  // bomb-ratio guard (1000:1) does not cut the entry short.
  std::string filler(big, 'a');
  uint32_t seed = 12345;
  for (char& c : filler) {
    seed = seed * 1103515245u + 12345u;
    c = static_cast<char>('a' + (seed >> 16) % 26);
  }
  std::string one_line = "s = '" + filler + "'; exec(s)";
  wheel(d / "demo-1.0-py3-none-any.whl",
        {{"pkg/nested.py", nested}, {"pkg/oneline.py", one_line}, {"pkg/ok.py", "import os\nexec(os.environ['X'])\n"}});
  ArtifactReport r = scan(lp, d / "demo-1.0-py3-none-any.whl");
  INFO(describe(r));
  CHECK_FALSE(r.unreadable);
  CHECK(r.bytes_scanned > big);
  CHECK(files_hit(r, "LIT_EXEC") == Strings{"pkg/nested.py", "pkg/ok.py", "pkg/oneline.py"});
  // The ordinary file is found whatever happened to the hostile ones.
  auto ast = findings_of(r, "AST_EXEC");
  REQUIRE_FALSE(ast.empty());
  CHECK(std::any_of(ast.begin(), ast.end(), [](const Finding& f) { return f.file == "pkg/ok.py" && f.line == 2; }));
  auto lit = findings_of(r, "LIT_EXEC");
  for (const Finding& f : lit) {
    if (f.file == "pkg/oneline.py") {
      CHECK(f.line == 1);
      CHECK(f.column == 5 + big + 3 + 1);
      CHECK_THAT(f.excerpt, Contains("exec(s)"));
      CHECK(f.excerpt.size() <= 126);
    }
    if (f.file == "pkg/nested.py") CHECK(f.line == 2);
  }
}

TEST_CASE("invalid UTF-8 in a Python file: literals and AST still match", "[robustness]") {
  TempPack tp({{"r.canary", rule("AST_EXEC", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e\n") +
                                rule("LIT_EXEC", "  patterns:\n    $a = \"exec(\"\n  condition:\n    $a\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"bad.py", "name = '\xff\xfe\xc3\x28'\nexec(name)\n\xc0\xaf = 2\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  auto lit = findings_of(r, "LIT_EXEC");
  REQUIRE(lit.size() == 1);
  CHECK(lit[0].line == 2);
  auto ast = findings_of(r, "AST_EXEC");
  REQUIRE(ast.size() == 1);
  CHECK(ast[0].line == 2);
  CHECK(ast[0].column == 1);
}

TEST_CASE("an artifact that cannot be opened is unreadable, with a message", "[robustness]") {
  TempPack tp({{"r.canary", rule("ANY", "  condition:\n    true\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  SECTION("missing path") {
    ArtifactReport r = scan(lp, d / "missing-1.0-py3-none-any.whl");
    INFO(describe(r));
    CHECK(r.unreadable);
    REQUIRE(r.errors.size() == 1);
    CHECK_THAT(r.errors[0], Contains("missing-1.0-py3-none-any.whl"));
    CHECK(r.findings.empty());
    CHECK(r.files_scanned == 0);
  }
  SECTION("a .whl that is not a zip") {
    test::write_file(d / "fake-1.0-py3-none-any.whl", "this is not a zip archive at all\n");
    ArtifactReport r = scan(lp, d / "fake-1.0-py3-none-any.whl");
    INFO(describe(r));
    CHECK(r.unreadable);
    REQUIRE_FALSE(r.errors.empty());
    CHECK_FALSE(r.errors[0].empty());
    CHECK(r.findings.empty());
  }
}

TEST_CASE("the same pack scanned from two threads gives identical reports", "[robustness]") {
  TempPack tp({{"r.canary",
                "private rule HAS_DECODE {\n  patterns:\n    $d = /b64decode|fromhex/\n  condition:\n    $d\n}\n" +
                    rule("EXEC_DECODE", "  patterns:\n    $e = " + kExecQuery + "\n  condition:\n    $e and HAS_DECODE\n") +
                    rule("LIT", "  patterns:\n    $a = \"example.invalid\" nocase\n  condition:\n    #a >= 1\n") +
                    rule("NAME", "  condition:\n    file.name matches /^m[0-9]+\\.py$/ and file.size > 10\n") +
                    rule("ANY_CALL", "  scope:\n    kind = setup_py\n  patterns:\n    $c = ast `(call) @match`\n"
                                     "  condition:\n    $c\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  std::vector<FileSpec> files{{"setup.py", "from setuptools import setup\nsetup(name='x')\n"}};
  for (int i = 0; i < 40; ++i) {
    std::string body = "import base64\nURL = 'https://EXAMPLE.invalid/" + std::to_string(i) + "'\n";
    if (i % 3 == 0) body += "exec(base64.b64decode(URL))\n";
    files.push_back({"pkg/m" + std::to_string(i) + ".py", body});
  }
  wheel(d / "demo-1.0-py3-none-any.whl", files);
  const fs::path artifact = d / "demo-1.0-py3-none-any.whl";
  const std::string expected = describe(scan(lp, artifact));
  REQUIRE_THAT(expected, Contains("EXEC_DECODE"));

  std::vector<std::string> got[2];
  auto worker = [&](int t) {
    for (int i = 0; i < 6; ++i) got[t].push_back(describe(scan_artifact(*lp.pack, artifact, ScanOptions{})));
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  for (int t = 0; t < 2; ++t) {
    REQUIRE(got[t].size() == 6);
    for (const std::string& s : got[t]) CHECK(s == expected);
  }
}

// load_pack(check_only = true) returns a non-null pack without its Hyperscan
// database and without the combined query (engine/checker.cpp, run()), and
// scan_artifact accepts it: literal and regex patterns then silently never
// match (a SAFE verdict for anything). A check-only pack should either not be
// handed out as scannable or scan like the full one.
TEST_CASE("a check_only pack does not scan everything as clean", "[scan][regression]") {
  TempPack tp({{"r.canary", rule("LIT", "  patterns:\n    $a = \"exec\"\n  condition:\n    $a\n")}});
  LoadedPack lp = tp.load(/*check_only=*/true);
  CHECK(lp.diagnostics.items().empty());
  if (!lp.pack) return;  // not scannable: fine
  test::TempDir d;
  tree(d / "t", {{"a.py", "exec(1)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"LIT a.py"});
}

// The same check-only pack with an AST pattern that has no prefilter literal:
// the scanner dereferences the missing combined query (all_queries is null)
// in run_queries and the process dies with SIGSEGV.
TEST_CASE("a check_only pack with an always-run query does not crash the scanner", "[scan][regression]") {
  TempPack tp({{"r.canary", rule("AST", "  patterns:\n    $e = ast `(call) @match`\n  condition:\n    $e\n")}});
  LoadedPack lp = tp.load(/*check_only=*/true);
  if (!lp.pack) return;
  test::TempDir d;
  tree(d / "t", {{"a.py", "exec(1)\n"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(fired(r) == Strings{"AST a.py"});
}

TEST_CASE("a regex match counts once per start, however many ends Hyperscan reports", "[scan][regression]") {
  TempPack tp({{"r.canary",
                rule("ONE_RUN", "  patterns:\n    $a = /ab+/\n  condition:\n    #a == 1\n") +
                    rule("TWO_RUNS", "  patterns:\n    $a = /ab+/\n  condition:\n    #a == 2\n") +
                    // Overlapping literal occurrences start at different bytes: each counts.
                    rule("OVERLAP", "  patterns:\n    $a = \"aa\"\n  condition:\n    #a == 3\n")}});
  LoadedPack lp = load_ok(tp);
  test::TempDir d;
  tree(d / "t", {{"one.txt", "xx abbbb yy"}, {"two.txt", "abbb ab"}, {"aaaa.txt", "aaaa"}});
  ArtifactReport r = scan(lp, d / "t");
  INFO(describe(r));
  CHECK(files_hit(r, "ONE_RUN") == Strings{"one.txt"});
  CHECK(files_hit(r, "TWO_RUNS") == Strings{"two.txt"});
  CHECK(files_hit(r, "OVERLAP") == Strings{"aaaa.txt"});
}
