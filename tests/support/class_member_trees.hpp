// Helpers to compare a class member's tree-sitter subtree in a whole-file
// parse with the one in a parse of the class's header and that member
// (class-member scoping, docs/architecture.md): header-only, shared by
// tests/engine/test_scan_statement_scope.cpp and fuzz/fuzz_statements.cpp,
// which does not link the test support library.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <tree_sitter/api.h>

namespace canary::test {

// The statement of a class body that holds byte `at`: the node right below
// the class's block, or a null node.
inline TSNode member_node(TSNode root, uint32_t at) {
  TSNode n = ts_node_descendant_for_byte_range(root, at, at);
  while (!ts_node_is_null(n)) {
    TSNode parent = ts_node_parent(n);
    if (ts_node_is_null(parent)) return parent;
    TSNode grand = ts_node_parent(parent);
    if (std::string_view(ts_node_type(parent)) == "block" && !ts_node_is_null(grand) &&
        std::string_view(ts_node_type(grand)) == "class_definition")
      return n;
    n = parent;
  }
  return n;
}

inline std::string node_sexp(TSNode n) {
  char* s = ts_node_string(n);
  std::string out(s);
  free(s);
  return out;
}

// tree-sitter's point (row, column) of byte `off` of `s`.
inline TSPoint point_at(std::string_view s, uint32_t off) {
  uint32_t row = 0, line = 0;
  for (uint32_t p = 0; p < off; ++p)
    if (s[p] == '\n') ++row, line = p + 1;
  return TSPoint{row, off - line};
}

// The first token of the line that starts at `at`: past its indentation.
inline uint32_t first_token(std::string_view s, uint32_t at) {
  while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
  return at;
}

}  // namespace canary::test
