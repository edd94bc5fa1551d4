// .pth analysis, checked against what CPython's site.addpackage() does.
#include <catch2/catch.hpp>

#include "engine/pth.hpp"
#include "support/artifact_builder.hpp"

using namespace canary;
using K = PthLineKind;

namespace {

// Reads one member out of a real wheel through the project's own reader.
std::string member_of(const std::filesystem::path& wheel, const std::string& path) {
  test::ReadResult r = test::read_artifact(wheel);
  REQUIRE(r.ok);
  const auto* e = r.find(path);
  REQUIRE(e != nullptr);
  return e->second;
}

const std::filesystem::path kSetuptoolsWheel = "/usr/share/python-wheels/setuptools-66.1.1-py3-none-any.whl";

}  // namespace

TEST_CASE("the real setuptools distutils-precedence.pth is the known shim", "[pth]") {
  REQUIRE(std::filesystem::exists(kSetuptoolsWheel));
  const std::string text = member_of(kSetuptoolsWheel, "distutils-precedence.pth");
  REQUIRE(text.rfind("import os; var = 'SETUPTOOLS_USE_DISTUTILS';", 0) == 0);
  PthAnalysis a = analyze_pth(text);
  CHECK(a.known_shim);
  CHECK(a.exec_lines == 1);
  CHECK(a.path_lines == 0);
  CHECK(a.lines == std::vector<K>{K::Exec});
  CHECK(a.python_view == text);

  // The same line with other whitespace and CRLF is still the shim...
  std::string spaced = "import os;  var = 'SETUPTOOLS_USE_DISTUTILS';\tenabled = os.environ.get(var, 'local') == "
                       "'local'; enabled and __import__('_distutils_hack').add_shim();\r\n";
  CHECK(analyze_pth(spaced).known_shim);
  // ...and so is the line among comments and blank lines, which site.py skips...
  CHECK(analyze_pth("# ruleid: PTH_KNOWN_SHIM\n\n" + text + "# trailing comment\n").known_shim);
  // ...but one more statement, a second line or a changed module is not.
  CHECK_FALSE(analyze_pth(text + "import os; os.system('id')\n").known_shim);
  CHECK_FALSE(analyze_pth(text + "/opt/extra\n").known_shim);
  std::string altered = text;
  altered.replace(altered.find("_distutils_hack"), 15, "_distutils_hacc");
  CHECK_FALSE(analyze_pth(altered).known_shim);
}

TEST_CASE("a LiteLLM-style pth import line is executable and kept in the python view", "[pth]") {
  const std::string line =
      "import os, subprocess, sys; subprocess.Popen([sys.executable, \"-c\", \"import base64; "
      "exec(base64.b64decode('cHJpbnQoJ2V4YW1wbGUuaW52YWxpZCcp'))\"])\n";
  PthAnalysis a = analyze_pth(line);
  CHECK(a.lines == std::vector<K>{K::Exec});
  CHECK(a.exec_lines == 1);
  CHECK_FALSE(a.known_shim);
  CHECK(a.python_view == line);
}

TEST_CASE("pth lines are classified exactly as site.addpackage does", "[pth]") {
  const std::string text =
      "# a comment\n"
      "\n"
      "   \t\n"
      "/opt/lib/extra\n"
      "import sys\n"
      "  import os\n"          // leading space: not "import " at the start -> a path
      "\timport os\n"          // same with a tab
      "import\tos\n"           // import + tab is executed
      "importlib\n"            // no separator after "import"
      "#import os\n"           // a comment even though it names import
      " # not a comment\n"     // '#' must be the first character
      "import";                // last line, no terminator, no separator
  PthAnalysis a = analyze_pth(text);
  CHECK(a.lines == std::vector<K>{K::Comment, K::Blank, K::Blank, K::Path, K::Exec, K::Path, K::Path, K::Exec,
                                  K::Path, K::Comment, K::Path, K::Path});
  CHECK(a.exec_lines == 2);
  CHECK(a.path_lines == 6);
  CHECK(a.comment_lines == 4);
}

TEST_CASE("pth CRLF and lone CR line ends follow Python's universal newlines", "[pth]") {
  PthAnalysis crlf = analyze_pth("# c\r\nimport os\r\n/x\r\n");
  CHECK(crlf.lines == std::vector<K>{K::Comment, K::Exec, K::Path});
  // The '\r' of a blanked line becomes a space; an executable line keeps its bytes.
  CHECK(crlf.python_view == "    \nimport os\r\n   \n");

  // A lone '\r' ends a line for Python: the import after it runs.
  PthAnalysis cr = analyze_pth("# looks like one comment\rimport os; os.getcwd()\n");
  CHECK(cr.lines == std::vector<K>{K::Comment, K::Exec});
  CHECK(cr.exec_lines == 1);
  CHECK(cr.python_view == std::string(24, ' ') + "\nimport os; os.getcwd()\n");
}

TEST_CASE("pth python view blanks everything but executable lines", "[pth]") {
  const std::string text = "# header\n/some/dir\nimport a; a.run()\n\n# tail import b\nimport b\n";
  PthAnalysis a = analyze_pth(text);
  REQUIRE(a.python_view.size() == text.size());
  CHECK(a.python_view == "        \n         \nimport a; a.run()\n\n               \nimport b\n");
  // Byte offsets of executable code are those of the file.
  CHECK(a.python_view.find("a.run()") == text.find("a.run()"));
}

TEST_CASE("pth whitespace, BOM and empty input", "[pth]") {
  PthAnalysis empty = analyze_pth("");
  CHECK(empty.lines.empty());
  CHECK(empty.python_view.empty());
  CHECK_FALSE(empty.known_shim);

  // Python's str.strip() also removes \x0c, \x1c and U+00A0: such lines are blank.
  PthAnalysis blanks = analyze_pth("\x0c\n\x1c \n\xc2\xa0\n");
  CHECK(blanks.lines == std::vector<K>{K::Blank, K::Blank, K::Blank});

  // A UTF-8 BOM before "import" is dropped by newer Pythons, which then exec the line.
  const std::string bom = "\xef\xbb\xbfimport os\n";
  PthAnalysis b = analyze_pth(bom);
  CHECK(b.lines == std::vector<K>{K::Exec});
  CHECK(b.python_view == "   import os\n");
}
