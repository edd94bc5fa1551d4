#include "query_scope.hpp"

#include <vector>

namespace canary {
namespace {

// One element of a query's S-expression: a list `(...)`, an alternation
// `[...]`, a string (anonymous node) or a bare word such as `_`.
struct Item {
  char open = 0;               // '(' or '[', 0 for a word or a string
  bool string = false;
  bool predicate = false;      // a list whose head is #name
  std::string_view word;       // a list's node type ("" for a group), or the bare word
  std::vector<Item> kids;
  int anchors = 0;             // `.` among the kids
  bool captured = false;
  char quantifier = 0;         // '?', '*', '+'
};

bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

class QueryReader {
 public:
  explicit QueryReader(std::string_view s) : s_(s) {}

  // The top-level patterns, or false when the text is not understood.
  bool read(Item& top) {
    if (!sequence(top, 0)) return false;
    return pos_ == s_.size();
  }

 private:
  void skip_space() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ';') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  // A node type or field name; a capture's name may also hold dots.
  std::string_view name(bool capture = false) {
    size_t b = pos_;
    while (pos_ < s_.size() && (is_name_byte(s_[pos_]) || (capture && s_[pos_] == '.'))) ++pos_;
    return s_.substr(b, pos_ - b);
  }

  bool string_token() {
    ++pos_;  // opening quote
    while (pos_ < s_.size() && s_[pos_] != '"') pos_ += s_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= s_.size()) return false;
    ++pos_;
    return true;
  }

  // Elements up to `close` (0: the end of the text), into parent.kids.
  bool sequence(Item& parent, char close) {
    if (++depth_ > 100) return false;
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) return close == 0 && --depth_ >= 0;
      char c = s_[pos_];
      if (c == close) {
        ++pos_;
        --depth_;
        return true;
      }
      if (c == '(' || c == '[') {
        Item it;
        it.open = c;
        ++pos_;
        skip_space();
        if (c == '(' && pos_ < s_.size() && s_[pos_] == '#') {
          it.predicate = true;
          if (!skip_to(')')) return false;
        } else {
          if (c == '(' && pos_ < s_.size() && is_name_byte(s_[pos_])) it.word = name();
          if (!sequence(it, c == '(' ? ')' : ']')) return false;
        }
        parent.kids.push_back(std::move(it));
      } else if (c == '"') {
        Item it;
        it.string = true;
        if (!string_token()) return false;
        parent.kids.push_back(std::move(it));
      } else if (c == '.') {
        ++pos_;
        ++parent.anchors;
      } else if (c == '@') {
        ++pos_;
        if (parent.kids.empty() || name(true).empty()) return false;
        parent.kids.back().captured = true;
      } else if (c == '?' || c == '*' || c == '+') {
        ++pos_;
        if (parent.kids.empty()) return false;
        parent.kids.back().quantifier = c;
      } else if (c == '!') {
        ++pos_;
        if (name().empty()) return false;  // a negated field: no child
      } else if (is_name_byte(c)) {
        std::string_view w = name();
        if (pos_ < s_.size() && s_[pos_] == ':') {
          ++pos_;  // a field name: the child follows
        } else {
          Item it;
          it.word = w;
          parent.kids.push_back(std::move(it));
        }
      } else {
        return false;
      }
    }
  }

  // Past the `close` that ends the current list, strings skipped whole.
  bool skip_to(char close) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '"') {
        if (!string_token()) return false;
      } else if (c == '(' || c == '[') {
        return false;  // no nesting inside a predicate
      } else {
        ++pos_;
        if (c == close) return true;
      }
    }
    return false;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
};

// Whether every match of `it`, as a whole pattern, lies in one top-level statement.
bool stays(const Item& it, bool captured) {
  captured = captured || it.captured;
  if (it.predicate) return true;
  // A repeated pattern matches a run of siblings: top-level statements, maybe.
  if (it.quantifier == '*' || it.quantifier == '+') return false;
  if (it.string) return true;  // an anonymous node (a keyword): inside a statement
  if (it.open == '[') {
    if (it.anchors > 0) return false;
    for (const Item& k : it.kids)
      if (!stays(k, captured)) return false;
    return true;
  }
  if (it.open == 0) return false;  // a bare `_` (any node, the module too) or a word not understood
  std::vector<const Item*> children;
  for (const Item& k : it.kids)
    if (!k.predicate) children.push_back(&k);
  if (it.word.empty()) {  // a group: one pattern with its predicates, or siblings
    if (it.anchors > 0 || children.size() > 1) return false;
    return children.empty() || stays(*children.front(), captured);
  }
  if (it.word != "module" && it.word != "_") return true;
  // Rooted at the module (or what may be it): the match is the module and
  // at most one top-level statement.
  if (captured || it.anchors > 0 || children.size() > 1) return false;
  for (const Item* k : children)
    if (k->quantifier == '*' || k->quantifier == '+') return false;
  return true;
}

}  // namespace

bool query_matches_within_statement(std::string_view query_text) {
  Item top;
  if (!QueryReader(query_text).read(top)) return false;
  if (top.anchors > 0) return false;
  for (const Item& k : top.kids)
    if (!stays(k, false)) return false;
  return true;
}

}  // namespace canary
