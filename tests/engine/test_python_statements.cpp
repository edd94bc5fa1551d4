// The statement tokenizer of statement-scoped parsing (engine/python_statements.hpp)
// on hostile inputs: every cut must be where a top-level statement really
// starts, and on anything it cannot follow it must not cut at all.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/python_statements.hpp"
#include "engine/query_scope.hpp"

using namespace canary;

namespace {

// The source split at the starts, as text, so a failure shows where it cut.
std::vector<std::string> statements(const std::string& src) {
  std::vector<uint32_t> starts = python_statement_starts(src);
  REQUIRE(!starts.empty());
  CHECK(starts.front() == 0);
  std::vector<std::string> out;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t end = i + 1 < starts.size() ? starts[i + 1] : src.size();
    REQUIRE(starts[i] <= end);
    out.push_back(src.substr(starts[i], end - starts[i]));
  }
  return out;
}

using S = std::vector<std::string>;

}  // namespace

TEST_CASE("statements: simple top-level statements, with comments and blank lines kept with the one before",
          "[statements]") {
  CHECK(statements("import os\nx = 1\n\n# note\ndef f():\n    return 1\n\nclass C:\n    pass\n") ==
        S{"import os\n", "x = 1\n\n# note\n", "def f():\n    return 1\n\n", "class C:\n    pass\n"});
  CHECK(statements("x = 1") == S{"x = 1"});
}

TEST_CASE("statements: empty file, only comments, only blank lines", "[statements]") {
  CHECK(statements("") == S{""});
  CHECK(statements("# a\n# b 'quote\n#\n") == S{"# a\n# b 'quote\n#\n"});
  CHECK(statements("\n\n   \n") == S{"\n\n   \n"});
}

TEST_CASE("statements: a comment with quotes does not open a string", "[statements]") {
  CHECK(statements("x = 1  # it's \"fine\n# ''' not a string\ny = 2\n") ==
        S{"x = 1  # it's \"fine\n# ''' not a string\n", "y = 2\n"});
}

TEST_CASE("statements: triple-quoted strings with column-0 lines that look like code", "[statements]") {
  const std::string src = "DOC = '''\nimport os\ndef evil():\n'''\ny = \"\"\"\nclass X:\n\"\"\"\nz = 1\n";
  CHECK(statements(src) == S{"DOC = '''\nimport os\ndef evil():\n'''\n", "y = \"\"\"\nclass X:\n\"\"\"\n", "z = 1\n"});
  // A quote of the other kind, and two quotes, do not end a triple-quoted string.
  CHECK(statements("s = '''a\"\"\"b''\nx = 1\n'''\nt = 2\n") == S{"s = '''a\"\"\"b''\nx = 1\n'''\n", "t = 2\n"});
}

TEST_CASE("statements: string prefixes and escapes", "[statements]") {
  // A raw string's backslash still keeps the quote from closing it.
  CHECK(statements("a = r\"\\\"\nx = 1\n\"\nb = 2\n").size() == 1);  // r"\" then newline: unterminated
  CHECK(statements("a = r'\\''\nb = 2\n") == S{"a = r'\\''\n", "b = 2\n"});
  CHECK(statements("a = rb'''\\'''\nx = 1\n'''\nb = 2\n") == S{"a = rb'''\\'''\nx = 1\n'''\n", "b = 2\n"});
  for (const char* prefix : {"r", "R", "b", "B", "u", "U", "f", "F", "rb", "Rb", "BR", "bR", "fr", "Rf", "FR"}) {
    INFO(prefix);
    const std::string src = std::string("a = ") + prefix + "'''\nimport os\n'''\nb = 2\n";
    CHECK(statements(src) == S{std::string("a = ") + prefix + "'''\nimport os\n'''\n", "b = 2\n"});
  }
  // Not prefixes: a name right before a string (a syntax error, but no string prefix).
  CHECK(statements("a = ub'x'\nb = 2\n") == S{"a = ub'x'\n", "b = 2\n"});
  // A backslash-newline inside a single-quoted string continues it.
  CHECK(statements("a = 'x\\\nimport os'\nb = 2\n") == S{"a = 'x\\\nimport os'\n", "b = 2\n"});
  CHECK(statements("a = \"x\\\\\"\nb = 2\n") == S{"a = \"x\\\\\"\n", "b = 2\n"});
}

TEST_CASE("statements: PEP 701 f-strings", "[statements]") {
  // Any quote nests inside a replacement field.
  CHECK(statements("a = f\"{x[\"a\"]}\"\nb = 2\n") == S{"a = f\"{x[\"a\"]}\"\n", "b = 2\n"});
  CHECK(statements("a = f\"\"\"{'\"\"\"'}\nimport os\n\"\"\"\nb = 2\n") ==
        S{"a = f\"\"\"{'\"\"\"'}\nimport os\n\"\"\"\n", "b = 2\n"});
  // Nested f-strings with the same quotes.
  CHECK(statements("a = f'{f'{f'{x}'}'}'\nb = 2\n") == S{"a = f'{f'{f'{x}'}'}'\n", "b = 2\n"});
  // {{ and }} are literal braces: the quote after them closes the string.
  CHECK(statements("a = f'{{'\nb = f'}}'\nc = 3\n") == S{"a = f'{{'\n", "b = f'}}'\n", "c = 3\n"});
  // A format spec, with a nested field; a dict and a slice inside a field.
  CHECK(statements("a = f'{x:>{w}}' f'{ {1: 2}[1] }' f'{y[1:2]!r:^10}'\nb = 2\n") ==
        S{"a = f'{x:>{w}}' f'{ {1: 2}[1] }' f'{y[1:2]!r:^10}'\n", "b = 2\n"});
  // A replacement field may span lines (3.12), with a comment in it.
  CHECK(statements("a = f\"{\", \".join([\n'x',  # it's\n'y'])}\"\nb = 2\n") ==
        S{"a = f\"{\", \".join([\n'x',  # it's\n'y'])}\"\n", "b = 2\n"});
  // \N{...} in a non-raw f-string is an escape, not a field; in a raw one a field.
  CHECK(statements("a = f'\\N{BULLET} {x}'\nb = rf'\\N{x}'\nc = 3\n") ==
        S{"a = f'\\N{BULLET} {x}'\n", "b = rf'\\N{x}'\n", "c = 3\n"});
  // A backslash before a brace leaves the brace a field.
  CHECK(statements("a = f'\\{x}'\nb = 2\n") == S{"a = f'\\{x}'\n", "b = 2\n"});
  // In a plain string, braces mean nothing.
  CHECK(statements("a = '{'\nb = 2\n") == S{"a = '{'\n", "b = 2\n"});
}

TEST_CASE("statements: brackets and backslash continuations join lines", "[statements]") {
  CHECK(statements("x = [\n1,\nimport_me(\n)]\ny = 2\n") == S{"x = [\n1,\nimport_me(\n)]\n", "y = 2\n"});
  CHECK(statements("x = 1 + \\\n2\ny = 3\n") == S{"x = 1 + \\\n2\n", "y = 3\n"});
  CHECK(statements("x = 1 + \\\r\n2\r\ny = 3\r\n") == S{"x = 1 + \\\r\n2\r\n", "y = 3\r\n"});
}

TEST_CASE("statements: clauses and decorated definitions stay with their statement", "[statements]") {
  CHECK(statements("if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\nx = 1\n") ==
        S{"if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n", "x = 1\n"});
  CHECK(statements("try:\n    pass\nexcept E:\n    pass\nexcept* F:\n    pass\nfinally:\n    pass\nelsewhere = 1\n") ==
        S{"try:\n    pass\nexcept E:\n    pass\nexcept* F:\n    pass\nfinally:\n    pass\n", "elsewhere = 1\n"});
  CHECK(statements("@a\n@b(1)\n\n# c\nclass C:\n    pass\n@d\ndef f():\n    pass\nx = 1\n") ==
        S{"@a\n@b(1)\n\n# c\nclass C:\n    pass\n", "@d\ndef f():\n    pass\n", "x = 1\n"});
}

TEST_CASE("statements: CRLF, tabs, form feed and a BOM", "[statements]") {
  CHECK(statements("import os\r\nif x:\r\n\ty = 1\r\nz = 2\r\n") == S{"import os\r\n", "if x:\r\n\ty = 1\r\n", "z = 2\r\n"});
  // A form feed at a line's start: not followed, the line stays with the one before.
  CHECK(statements("x = 1\n\fy = 2\nz = 3\n") == S{"x = 1\n\fy = 2\n", "z = 3\n"});
  CHECK(statements("\xEF\xBB\xBFimport os\nx = 1\n") == S{"\xEF\xBB\xBFimport os\n", "x = 1\n"});
  CHECK(statements("\xEF\xBB\xBF@dec\ndef f():\n    pass\nx = 1\n") == S{"\xEF\xBB\xBF@dec\ndef f():\n    pass\n", "x = 1\n"});
}

TEST_CASE("statements: anything unusual keeps the file whole", "[statements]") {
  for (const char* src : {
           "x = '''\nimport os\n",             // unterminated triple quote
           "x = 'abc\nimport os\n",            // single-quoted string cut by its line
           "x = (\nimport os\n",               // unclosed bracket
           "x = 1)\nimport os\n",              // stray closing bracket
           "x = 1\rimport os\ny = 2\n",        // lone CR
           "x = 1 \\ y\nimport os\n",          // backslash not at the line's end
           "x = f'{'\nimport os\n",            // unterminated field
           "x = f'}'\nimport os\n",            // single } in an f-string
           "x = f'{a:'\nimport os\n",          // the string's quote inside a format spec
           "x = r'\\'\nimport os\n",           // r'\' : the quote is escaped, the string runs on
           "x = 1\nimport os\\",               // backslash at the end of the file
       }) {
    INFO(src);
    CHECK(python_statement_starts(src) == std::vector<uint32_t>{0});
  }
  // Nesting deeper than the tokenizer follows.
  std::string deep = "x = ";
  for (int i = 0; i < 300; ++i) deep += "f'{";
  CHECK(python_statement_starts(deep + "\nimport os\n") == std::vector<uint32_t>{0});
}

TEST_CASE("statements: non-ASCII names and strings", "[statements]") {
  CHECK(statements("é = 'ü'\nπ = f'{é!r}'\nx = 1\n") == S{"é = 'ü'\n", "π = f'{é!r}'\n", "x = 1\n"});
  // A name ending in a prefix letter is no prefix: `xr"` is a name then a string.
  CHECK(statements("xr = 1\nyf\"a\"\nz = 2\n") == S{"xr = 1\n", "yf\"a\"\n", "z = 2\n"});
}

TEST_CASE("query scope: which queries stay inside one top-level statement", "[statements]") {
  CHECK(query_matches_within_statement("((call function: (identifier) @f) @match (#eq? @f \"exec\"))"));
  CHECK(query_matches_within_statement(
      "((module [(expression_statement (call) @match) (class_definition body: (block))]) (#match? @match \"x\"))"));
  CHECK(query_matches_within_statement("((module (expression_statement (call (argument_list . (string) @u)) @match)) "
                                       "(#match? @u \"^http\"))"));
  CHECK(query_matches_within_statement("; a comment\n((_ (call) @match) (#eq? @match \"x\"))"));
  // Module-rooted with two children, an anchor, a repeated child, or the module captured.
  CHECK_FALSE(query_matches_within_statement("((module (import_statement) (expression_statement) @match))"));
  CHECK_FALSE(query_matches_within_statement("((module . (expression_statement) @match))"));
  CHECK_FALSE(query_matches_within_statement("((module (expression_statement)+ @match))"));
  CHECK_FALSE(query_matches_within_statement("((module (expression_statement)) @match (#match? @match \"x\"))"));
  CHECK_FALSE(query_matches_within_statement("((_ (a) (b)) @match)"));
  CHECK_FALSE(query_matches_within_statement("((_) @match (#match? @match \"x\"))"));
  // Two sibling patterns in one group can be two statements; a repeated one too.
  CHECK_FALSE(query_matches_within_statement("((import_statement) @a (expression_statement) @match)"));
  CHECK_FALSE(query_matches_within_statement("((expression_statement)+ @match)"));
  // Text it does not understand.
  CHECK_FALSE(query_matches_within_statement("((call) @match"));
  CHECK_FALSE(query_matches_within_statement("{weird}"));
}

namespace {
uint32_t types_of(std::string_view first) { return python_statement_types(first, 0); }
uint32_t bit_of(std::string_view type) { return python_statement_type_bit(type); }
}  // namespace

TEST_CASE("statement types: a compound statement's keyword tells its node type", "[statements]") {
  CHECK(types_of("def f():\n    pass\n") == bit_of("function_definition"));
  CHECK(types_of("class A:\n    x = 1\n") == bit_of("class_definition"));
  CHECK(types_of("@dec\ndef f(): pass\n") == bit_of("decorated_definition"));
  CHECK(types_of("if(x): pass\n") == bit_of("if_statement"));
  CHECK(types_of("for i in x: pass\n") == bit_of("for_statement"));
  CHECK(types_of("while 1: pass\n") == bit_of("while_statement"));
  CHECK(types_of("try:\n    pass\nexcept E:\n    pass\n") == bit_of("try_statement"));
  CHECK(types_of("with open(p) as f: pass\n") == bit_of("with_statement"));
  CHECK(types_of("async def f(): pass\n") ==
        (bit_of("function_definition") | bit_of("for_statement") | bit_of("with_statement")));
  // Whatever follows the header's colon on its line is the body.
  CHECK(types_of("if x: pass; exec(y)\n") == bit_of("if_statement"));
  for (std::string_view type : {"function_definition", "class_definition", "decorated_definition", "with_statement"})
    CHECK(bit_of(type) != 0);
  CHECK(bit_of("expression_statement") == 0);
  CHECK(bit_of("import_statement") == 0);
  CHECK(bit_of("comment") == 0);
}

TEST_CASE("statement types: a simple statement's keyword tells nothing, a semicolon may follow with others", "[statements]") {
  // `import random, base64; _ = lambda ...; exec(...)` on one line, as
  // obfuscators write it, is an import and expression statements.
  for (std::string_view src : {"import os; exec(code)\n", "from os import path; exec(code)\n", "del x; exec(code)\n",
                               "global x; exec(code)\n", "pass; exec(code)\n", "assert x; exec(code)\n",
                               "raise X\n", "return x\n"})
    CHECK(types_of(src) == 0);
}

TEST_CASE("statement types: names, strings and soft keywords leave the type open", "[statements]") {
  // Names that start with a keyword, calls, assignments, strings.
  for (std::string_view src : {"define = 1\n", "classes = []\n", "iffy()\n", "import_module('x')\n", "from_ = 2\n",
                               "fetch('http://x')\n", "x = 1\n", "'''doc'''\n", "f'{x}'\n", "(a, b) = c\n",
                               "lambda: 0\n", "await x\n", "not x\n", "-1\n", "[x for x in y]\n",
                               // Soft keywords and Python 2 statements are names too.
                               "match x:\n    case 1: pass\n", "type X = int\n", "print 'x'\n", "exec 'x'\n",
                               // An indented first line is not a statement start.
                               "  def f(): pass\n", ""})
    CHECK(types_of(src) == 0);
}

TEST_CASE("statement types: the first statement is read past a BOM, blank and comment lines", "[statements]") {
  CHECK(types_of("\xEF\xBB\xBF" "class A: pass\n") == bit_of("class_definition"));
  CHECK(types_of("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n   \n  # indented comment\r\ndef f(): pass\n") ==
        bit_of("function_definition"));
  CHECK(types_of("# only a comment") == 0);
  CHECK(types_of("# comment\n  x = 1\n") == 0);
  // Later statements start at their first token.
  const std::string src = "x = 1\n# note\ndef f():\n    pass\nrun()\n";
  const std::vector<uint32_t> starts = python_statement_starts(src);
  REQUIRE(starts.size() == 3);
  CHECK(python_statement_types(src, starts[0]) == 0);
  CHECK(python_statement_types(src, starts[1]) == bit_of("function_definition"));
  CHECK(python_statement_types(src, starts[2]) == 0);
}

TEST_CASE("query scope: the statement types a module-rooted pattern can match in", "[statements]") {
  const uint32_t any = ~0u;
  // One child type, or an alternation of types; expression_statement has no bit.
  CHECK(query_statement_types("((module (expression_statement (call) @match)) (#match? @match \"x\"))") == 0);
  CHECK(query_statement_types("((module [(if_statement) (try_statement)] @match) (#match? @match \"x\"))") ==
        (bit_of("if_statement") | bit_of("try_statement")));
  CHECK(query_statement_types("((module [(expression_statement (call) @match) "
                              "(class_definition body: (block (expression_statement (call) @match)))]))") ==
        bit_of("class_definition"));
  // Patterns add up; one that is not module-rooted opens everything.
  CHECK(query_statement_types("((module (if_statement) @match)) ((module (for_statement) @match))") ==
        (bit_of("if_statement") | bit_of("for_statement")));
  CHECK(query_statement_types("((module (if_statement) @match)) ((call) @match)") == any);
  CHECK(query_statement_types("((call function: (identifier) @f) @match (#eq? @f \"exec\"))") == any);
  // Any child, a comment or ERROR (in any statement's text), a quantified
  // child, two children, an anchor, or text not understood: any type.
  CHECK(query_statement_types("((module (_) @match) (#match? @match \"x\"))") == any);
  CHECK(query_statement_types("((module (comment) @match))") == any);
  CHECK(query_statement_types("((module (ERROR) @match))") == any);
  CHECK(query_statement_types("((module (expression_statement)? @match))") == any);
  CHECK(query_statement_types("((module (import_statement) (expression_statement) @match))") == any);
  CHECK(query_statement_types("((module . (expression_statement) @match))") == any);
  CHECK(query_statement_types("((module [(if_statement) (_)] @match))") == any);
  CHECK(query_statement_types("((module (expression_statement) @match)") == any);
}

namespace {
// The members of the single top-level statement of `src`, as the text of each.
std::vector<std::string> members_of(const std::string& src) {
  std::vector<LogicalLine> lines;
  const std::vector<uint32_t> starts = python_statement_starts(src, &lines);
  const uint32_t end = starts.size() > 1 ? starts[1] : static_cast<uint32_t>(src.size());
  const std::vector<uint32_t> m = python_class_members(src, lines, 0, end);
  std::vector<std::string> out;
  for (size_t i = 0; i < m.size(); ++i) out.push_back(src.substr(m[i], (i + 1 < m.size() ? m[i + 1] : end) - m[i]));
  return out;
}
}  // namespace

TEST_CASE("class members: each statement of a class body, with its clauses, decorators and comments", "[statements]") {
  CHECK(members_of("class A(B):\n"
                   "    '''doc'''\n"
                   "    x = (1,\n"
                   "2)\n"
                   "    @property\n"
                   "    def y(self):\n"
                   "        return 1\n"
                   "\n"
                   "    # a comment\n"
                   "    if X:\n"
                   "        z = 1\n"
                   "    else:\n"
                   "        z = 2\n"
                   "    s = '''\n"
                   "    not = a member\n"
                   "'''\n"
                   "x = 1\n") == S{"    '''doc'''\n", "    x = (1,\n2)\n", "    @property\n    def y(self):\n        return 1\n\n    # a comment\n",
                                    "    if X:\n        z = 1\n    else:\n        z = 2\n", "    s = '''\n    not = a member\n'''\n"});
  // Decorated classes, comments before the body, tabs.
  CHECK(members_of("@dataclass\n@other(1)\nclass A:\n    # c\n    a: int\n    b: int\n") == S{"    a: int\n", "    b: int\n"});
  CHECK(members_of("class A:\n\tdef f(self):\n\t\tpass\n\tdef g(self):\n\t\tpass\n") ==
        S{"\tdef f(self):\n\t\tpass\n", "\tdef g(self):\n\t\tpass\n"});
}

TEST_CASE("class members: nothing is cut that is not a class with a regular indented body", "[statements]") {
  CHECK(members_of("def f():\n    a = 1\n    b = 2\n").empty());
  CHECK(members_of("class A: pass\n").empty());
  CHECK(members_of("@decorator\ndef f():\n    pass\n").empty());
  // Mixed indentation: a body line that does not start with the first one's whitespace.
  CHECK(members_of("class A:\n    a = 1\n\tb = 2\n").empty());
  CHECK(members_of("class A:\n\ta = 1\n        b = 2\n").empty());
  // A file the tokenizer does not cut has no lines.
  std::vector<LogicalLine> lines;
  CHECK(python_statement_starts("class A:\n    s = 'unterminated\n", &lines).size() == 1);
  CHECK(lines.empty());
}

TEST_CASE("query scope: which queries a parse of some members of a class serves", "[statements]") {
  // Patterns rooted below the members, captures of any node there.
  CHECK(query_matches_within_member("((call function: (identifier) @g arguments: (argument_list . (_) . (_) @name)) @match"
                                    " (#eq? @g \"getattr\"))"));
  CHECK(query_matches_within_member("((call function: (identifier) @f) @match (#any-of? @f \"exec\" \"eval\"))"));
  // The module-level rules' shape: the chain module > class > block above a member.
  CHECK(query_matches_within_member(
      "((module [(expression_statement (call) @match) "
      "(class_definition body: (block (expression_statement [(call) (assignment)] @match)))]) (#match? @match \"x\"))"));
  // A capture of a node that can hold several members, an anchor or a
  // repetition among such a node's children, or a query spanning statements.
  CHECK_FALSE(query_matches_within_member("((class_definition) @match (#match? @match \"x\"))"));
  CHECK_FALSE(query_matches_within_member("((block) @match)"));
  CHECK_FALSE(query_matches_within_member("((_) @match (#match? @match \"x\"))"));
  CHECK_FALSE(query_matches_within_member("((module (_) @match) (#match? @match \"x\"))"));
  CHECK_FALSE(query_matches_within_member("((class_definition body: (block . (expression_statement) @match)))"));
  CHECK_FALSE(query_matches_within_member("((block (expression_statement) . (expression_statement) @match))"));
  CHECK_FALSE(query_matches_within_member("((block (expression_statement)+ @match))"));
  CHECK_FALSE(query_matches_within_member("((class_definition body: [(block) (expression_statement)] @match))"));
  CHECK_FALSE(query_matches_within_member("((import_statement) @a (expression_statement) @match)"));
  CHECK_FALSE(query_matches_within_member("((call) @match"));
}
