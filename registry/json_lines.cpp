#include "json_lines.hpp"

#include <cctype>

namespace canary::registry {
namespace {

// A walk over valid JSON that records the line each value starts on. It
// needs no error handling beyond not running past the end: the text was
// validated by a real parser first.
class LineWalker {
 public:
  LineWalker(const std::string& text, std::map<std::string, int>& out) : s_(text), out_(out) {}

  void value(const std::string& pointer) {
    skip_space();
    if (i_ >= s_.size()) return;
    out_[pointer] = line_;
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      while (true) {
        skip_space();
        if (i_ >= s_.size() || s_[i_] == '}') break;
        std::string key = string();
        skip_space();
        ++i_;  // ':'
        value(json_pointer_append(pointer, key));
        skip_space();
        if (i_ < s_.size() && s_[i_] == ',') ++i_;
      }
      ++i_;
    } else if (c == '[') {
      ++i_;
      for (size_t index = 0;; ++index) {
        skip_space();
        if (i_ >= s_.size() || s_[i_] == ']') break;
        value(pointer + "/" + std::to_string(index));
        skip_space();
        if (i_ < s_.size() && s_[i_] == ',') ++i_;
      }
      ++i_;
    } else if (c == '"') {
      string();
    } else {
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ']' && s_[i_] != '}' &&
             !std::isspace(static_cast<unsigned char>(s_[i_])))
        ++i_;
    }
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }

  // A string's text with the simple escapes undone (\uXXXX below 0x80 too;
  // other code points only need to be distinct, not exact, for keys that
  // canary never looks up).
  std::string string() {
    std::string out;
    ++i_;  // '"'
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\' || i_ >= s_.size()) {
        out += c;
        continue;
      }
      char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          unsigned long cp = std::stoul(s_.substr(i_, 4), nullptr, 16);
          i_ += 4;
          if (cp < 0x80) out += static_cast<char>(cp);
          else out += "\\u" + s_.substr(i_ - 4, 4);
          break;
        }
        default: out += e;  // \" \\ \/
      }
    }
    ++i_;  // '"'
    return out;
  }

  const std::string& s_;
  std::map<std::string, int>& out_;
  size_t i_ = 0;
  int line_ = 1;
};

}  // namespace

std::string json_pointer_append(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::map<std::string, int> json_value_lines(const std::string& text) {
  std::map<std::string, int> out;
  LineWalker(text, out).value("");
  return out;
}

}  // namespace canary::registry
