#include "query_sexp.hpp"

namespace canary::sexp {
namespace {

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
        it.field = take_field();
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
        it.field = take_field();
        if (!string_token()) return false;
        parent.kids.push_back(std::move(it));
      } else if (c == '.') {
        ++pos_;
        ++parent.anchors;
      } else if (c == '@') {
        ++pos_;
        if (parent.kids.empty()) return false;
        const std::string_view capture = name(true);
        if (capture.empty()) return false;
        parent.kids.back().captures.push_back(capture);
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
          field_ = w;
        } else {
          Item it;
          it.word = w;
          it.field = take_field();
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

  // The field named just before the element being read (`function:`).
  std::string_view take_field() {
    std::string_view f = field_;
    field_ = {};
    return f;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string_view field_;
};

}  // namespace

bool read_query(std::string_view text, Item& top) { return QueryReader(text).read(top); }

}  // namespace canary::sexp
