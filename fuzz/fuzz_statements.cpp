// libFuzzer: the statement tokenizer and class-member cutter
// (engine/python_statements.cpp) against tree-sitter. The scanner parses
// only some top-level statements, and of a big class only its header and
// some members, so a wrong cut would hide matches. Properties checked (a
// failure traps):
//   - starts ascend from 0; logical lines ascend and lie in the text;
//   - a class's members ascend inside the statement, each at a logical line;
//   - when tree-sitter parses the whole text without an error and sees each
//     member as a statement of the class's block, the header with any one
//     member parses without an error, and that member's node has the same
//     bytes and the same S-expression as in the whole parse.
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "engine/python_statements.hpp"
#include "engine/query.hpp"
#include "tests/support/class_member_trees.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace canary;
  const std::string src(reinterpret_cast<const char*>(data), size);
  std::vector<LogicalLine> lines;
  const std::vector<uint32_t> starts = python_statement_starts(src, &lines);
  check(!starts.empty() && starts[0] == 0);
  for (size_t i = 1; i < starts.size(); ++i) check(starts[i - 1] < starts[i] && starts[i] < src.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    check(lines[i].at + lines[i].indent < src.size());
    if (i > 0) check(lines[i - 1].at < lines[i].at);
  }
  static TSParser* parser = [] {
    TSParser* p = ts_parser_new();
    ts_parser_set_language(p, python_language());
    return p;
  }();
  TSTree* whole = nullptr;
  bool whole_ok = false;
  for (size_t i = 0; i < starts.size(); ++i) {
    const uint32_t end = i + 1 < starts.size() ? starts[i + 1] : static_cast<uint32_t>(src.size());
    (void)python_statement_types(src, starts[i]);
    const std::vector<uint32_t> m = python_class_members(src, lines, starts[i], end);
    if (m.empty()) continue;
    check(starts[i] < m[0]);
    for (size_t k = 0; k < m.size(); ++k) {
      check(m[k] < end);
      if (k > 0) check(m[k - 1] < m[k]);
      bool at_line = false;
      for (const LogicalLine& l : lines) at_line = at_line || l.at == m[k];
      check(at_line);
    }
    if (!whole) {
      whole = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
      whole_ok = whole && !ts_node_has_error(ts_tree_root_node(whole));
    }
    if (!whole_ok) continue;
    // tree-sitter is laxer than CPython (it reads `class A \n :x` as a class
    // whose body is x): compare only where the whole parse sees each cut
    // as a statement of the class's block starting at its first token.
    bool agrees = true;
    for (uint32_t at : m) {
      const uint32_t token = test::first_token(src, at);
      const TSNode a = test::member_node(ts_tree_root_node(whole), token);
      agrees = agrees && !ts_node_is_null(a) && ts_node_start_byte(a) == token;
    }
    if (!agrees) continue;
    for (size_t k = 0; k < m.size() && k < 16; ++k) {
      const uint32_t mend = k + 1 < m.size() ? m[k + 1] : end;
      const TSRange ranges[2] = {{test::point_at(src, starts[i]), test::point_at(src, m[0]), starts[i], m[0]},
                                 {test::point_at(src, m[k]), test::point_at(src, mend), m[k], mend}};
      check(ts_parser_set_included_ranges(parser, ranges, 2));
      TSTree* part = ts_parser_parse_string(parser, nullptr, src.data(), static_cast<uint32_t>(src.size()));
      ts_parser_set_included_ranges(parser, nullptr, 0);
      check(part != nullptr);
      check(!ts_node_has_error(ts_tree_root_node(part)));
      const uint32_t token = test::first_token(src, m[k]);
      const TSNode a = test::member_node(ts_tree_root_node(whole), token);
      const TSNode b = test::member_node(ts_tree_root_node(part), token);
      check(!ts_node_is_null(a) && !ts_node_is_null(b));
      check(ts_node_start_byte(a) == ts_node_start_byte(b) && ts_node_end_byte(a) == ts_node_end_byte(b));
      check(test::node_sexp(a) == test::node_sexp(b));
      ts_tree_delete(part);
    }
  }
  if (whole) ts_tree_delete(whole);
  return 0;
}
