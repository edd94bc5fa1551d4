#include "dep_requirements.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "dep_pep508.hpp"

namespace canary {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxIncludeDepth = 32;

struct LogicalLine {
  std::string text;
  uint32_t line = 0;  // the first physical line
};

// pip: a comment starts at a '#' at the line's start or after whitespace.
std::string strip_comment(const std::string& line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Joins `\` continuations (the logical line keeps its first line number),
// removes comments and blank lines.
std::vector<LogicalLine> logical_lines(const std::string& text) {
  std::vector<LogicalLine> out;
  LogicalLine current;
  bool continuing = false;
  uint32_t number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!continuing) current = {std::string(), number};
    // A comment line inside a continuation ends its own text but not the join.
    std::string code = strip_comment(line);
    bool continues = !code.empty() && code.back() == '\\';
    if (continues) code.pop_back();
    current.text += continuing ? " " + code : code;
    continuing = continues;
    if (!continuing) {
      current.text = trim(current.text);
      if (!current.text.empty()) out.push_back(std::move(current));
    }
  }
  if (continuing) {  // a final `\` at the end of the file: pip accepts it
    current.text = trim(current.text);
    if (!current.text.empty()) out.push_back(std::move(current));
  }
  return out;
}

// Splits on whitespace; single and double quotes group (pip uses shlex).
std::vector<std::string> split_tokens(const std::string& s, const SourcePosition& where) {
  std::vector<std::string> out;
  std::string cur;
  bool in_token = false;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_token = true;
    } else if (c == ' ' || c == '\t') {
      if (in_token) out.push_back(std::move(cur));
      cur.clear();
      in_token = false;
    } else {
      cur += c;
      in_token = true;
    }
  }
  if (quote) throw DependencyFileError(where, std::string("unclosed ") + quote + " quote");
  if (in_token) out.push_back(std::move(cur));
  return out;
}

enum class Arity { Flag, Value };
struct OptionSpec {
  std::string_view long_name;
  std::string_view short_name;  // "" when none
  Arity arity;
  bool per_requirement;  // allowed after a requirement on its line
};

constexpr OptionSpec kOptions[] = {
    {"--requirement", "-r", Arity::Value, false},  {"--constraint", "-c", Arity::Value, false},
    {"--editable", "-e", Arity::Value, false},     {"--index-url", "-i", Arity::Value, false},
    {"--extra-index-url", "", Arity::Value, false}, {"--no-index", "", Arity::Flag, false},
    {"--find-links", "-f", Arity::Value, false},   {"--trusted-host", "", Arity::Value, false},
    {"--no-binary", "", Arity::Value, false},      {"--only-binary", "", Arity::Value, false},
    {"--prefer-binary", "", Arity::Flag, false},   {"--require-hashes", "", Arity::Flag, false},
    {"--pre", "", Arity::Flag, false},             {"--use-feature", "", Arity::Value, false},
    {"--hash", "", Arity::Value, true},            {"--config-settings", "", Arity::Value, true},
    {"--global-option", "", Arity::Value, true},   {"--install-option", "", Arity::Value, true},
};

struct ParsedOption {
  const OptionSpec* spec;
  std::string value;
};

// Reads options from tokens[i...]; every token must be an option or its value.
std::vector<ParsedOption> parse_options(const std::vector<std::string>& tokens, size_t i, const SourcePosition& where) {
  std::vector<ParsedOption> out;
  while (i < tokens.size()) {
    const std::string& tok = tokens[i++];
    if (tok.empty() || tok[0] != '-')
      throw DependencyFileError(where, "unexpected '" + tok + "': one requirement per line, options after it");
    const OptionSpec* found = nullptr;
    std::string value;
    bool has_value = false;
    for (const OptionSpec& o : kOptions) {
      if (tok == o.long_name || (!o.short_name.empty() && tok == o.short_name)) {
        found = &o;
        break;
      }
      if (o.arity == Arity::Value && tok.size() > o.long_name.size() && tok.compare(0, o.long_name.size(), o.long_name) == 0 &&
          tok[o.long_name.size()] == '=') {
        found = &o;
        value = tok.substr(o.long_name.size() + 1);
        has_value = true;
        break;
      }
      // -rfile.txt, -efoo: short options with the value attached.
      if (o.arity == Arity::Value && !o.short_name.empty() && tok.size() > 2 && tok.compare(0, 2, o.short_name) == 0 &&
          tok[1] != '-') {
        found = &o;
        value = tok.substr(2);
        has_value = true;
        break;
      }
    }
    if (!found)
      throw DependencyFileError(where, "unknown option '" + tok + "' (pip refuses it in a requirements file too)");
    if (found->arity == Arity::Value && !has_value) {
      if (i >= tokens.size()) throw DependencyFileError(where, "option '" + tok + "' needs a value");
      value = tokens[i++];
    }
    out.push_back({found, std::move(value)});
  }
  return out;
}

class RequirementsParser {
 public:
  explicit RequirementsParser(const DependencyReader& read) : read_(read) {}

  DependencyFile run(const std::string& path, const std::string& text) {
    result_.path = path;
    result_.format = DependencyFormat::Requirements;
    parse(path, text, /*constraint=*/false);
    return std::move(result_);
  }

 private:
  std::string read(const std::string& path) {
    if (read_) return read_(path);
    return read_dependency_text(path);
  }

  static std::string identity(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::path(path), ec);
    return ec ? fs::path(path).lexically_normal().string() : p.string();
  }

  void parse(const std::string& path, const std::string& text, bool constraint) {
    std::string id = identity(path);
    stack_.push_back({id, path});
    seen_.push_back(id);
    result_.included.push_back(path);
    for (const LogicalLine& line : logical_lines(text)) parse_line(path, line, constraint);
    stack_.pop_back();
  }

  void include(const std::string& from, const SourcePosition& where, const std::string& target, bool constraint) {
    if (target.find("://") != std::string::npos)
      throw DependencyFileError(where, "include of a URL ('" + target +
                                           "'): canary reads local files only; download it and include the copy");
    fs::path resolved = fs::path(target).is_absolute() ? fs::path(target) : fs::path(from).parent_path() / target;
    std::string path = resolved.lexically_normal().string();
    std::string id = identity(path);
    for (size_t k = 0; k < stack_.size(); ++k) {
      if (stack_[k].first == id) {
        std::string chain;
        for (size_t j = k; j < stack_.size(); ++j) chain += stack_[j].second + " -> ";
        throw DependencyFileError(where, "include cycle: " + chain + path);
      }
    }
    if (std::find(seen_.begin(), seen_.end(), id) != seen_.end()) return;  // read once already (diamond)
    if (stack_.size() >= kMaxIncludeDepth)
      throw DependencyFileError(where, "includes nested more than " + std::to_string(kMaxIncludeDepth) + " deep");
    std::string text;
    try {
      text = read(path);
    } catch (const DependencyFileError& e) {
      throw DependencyFileError(where, "cannot read included file '" + path + "': " + e.message());
    }
    parse(path, text, constraint);
  }

  void parse_line(const std::string& path, const LogicalLine& line, bool constraint) {
    SourcePosition where{path, line.line};
    if (line.text[0] == '-') {
      std::vector<ParsedOption> options = parse_options(split_tokens(line.text, where), 0, where);
      size_t editable = std::string::npos;  // index: includes below may grow the vector
      for (ParsedOption& o : options) {
        std::string_view name = o.spec->long_name;
        if (name == "--requirement") include(path, where, o.value, constraint);
        else if (name == "--constraint") include(path, where, o.value, true);
        else if (name == "--editable") {
          Dependency d;
          d.editable = true;
          d.constraint = constraint;
          d.origin = where;
          set_url_source(d, o.value);
          result_.dependencies.push_back(std::move(d));
          editable = result_.dependencies.size() - 1;
        } else if (o.spec->per_requirement) {
          if (editable == std::string::npos)
            throw DependencyFileError(where, "'" + std::string(name) + "' must follow a requirement on its line");
          apply_requirement_option(result_.dependencies[editable], o, where);
        } else {
          result_.options.push_back({std::string(name), o.value, where});
        }
      }
      return;
    }
    // The requirement is every whitespace-separated word up to the first that
    // starts with '-' (pip's rule, so markers keep their quotes); its options
    // follow.
    size_t options_at = line.text.size();
    for (size_t k = 1; k + 1 < line.text.size(); ++k) {
      if ((line.text[k - 1] == ' ' || line.text[k - 1] == '\t') && line.text[k] == '-') {
        options_at = k;
        break;
      }
    }
    std::string requirement = trim(std::string_view(line.text).substr(0, options_at));
    Dependency d;
    d.origin = where;
    d.constraint = constraint;
    try {
      if (looks_like_url_or_path(requirement)) {
        size_t end = requirement.find_first_of(" \t");
        set_url_source(d, requirement.substr(0, end));
        std::string rest = end == std::string::npos ? std::string() : trim(requirement.substr(end));
        if (!rest.empty()) {
          if (rest[0] != ';') throw RequirementSyntaxError("unexpected '" + rest + "' after the URL (a marker starts with ';')");
          d.marker = trim(rest.substr(1));
          if (d.marker.empty()) throw RequirementSyntaxError("empty environment marker after ';'");
        }
      } else {
        parse_pep508(requirement, d);
      }
    } catch (const RequirementSyntaxError& e) {
      throw DependencyFileError(where, std::string(e.what()));
    }
    for (ParsedOption& o : parse_options(split_tokens(line.text.substr(options_at), where), 0, where)) {
      if (!o.spec->per_requirement)
        throw DependencyFileError(where, "'" + std::string(o.spec->long_name) + "' belongs on a line of its own");
      apply_requirement_option(d, o, where);
    }
    result_.dependencies.push_back(std::move(d));
  }

  static bool looks_like_url_or_path(const std::string& req) {
    std::string tok = req.substr(0, req.find_first_of(" \t;"));
    if (tok.find("://") != std::string::npos) return true;
    if (tok.rfind("file:", 0) == 0) return true;
    if (tok[0] == '.' || tok[0] == '/' || tok[0] == '~') return true;
    // An archive file name without a URL (foo-1.0-py3-none-any.whl, pkg.tar.gz).
    for (std::string_view ext : {".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"})
      if (tok.size() > ext.size() && tok.compare(tok.size() - ext.size(), ext.size(), ext) == 0 &&
          tok.find_first_of("<>=;[") == std::string::npos)
        return true;
    return false;
  }

  static void apply_requirement_option(Dependency& d, const ParsedOption& o, const SourcePosition& where) {
    if (o.spec->long_name != "--hash") return;  // --config-settings etc. do not change what is installed
    std::string why = check_hash_spec(o.value);
    if (!why.empty()) throw DependencyFileError(where, "--hash: " + why);
    size_t colon = o.value.find(':');
    add_hash(d.hashes, o.value.substr(0, colon), o.value.substr(colon + 1));
  }

  const DependencyReader& read_;
  DependencyFile result_;
  std::vector<std::pair<std::string, std::string>> stack_;  // identity, path as written
  std::vector<std::string> seen_;
};

}  // namespace

DependencyFile parse_requirements_text(const std::string& path, const std::string& text, const DependencyReader& read) {
  return RequirementsParser(read).run(path, text);
}

DependencyFile parse_requirements_file(const std::string& path, const DependencyReader& read) {
  std::string text = read ? read(path) : read_dependency_text(path);
  return parse_requirements_text(path, text, read);
}

}  // namespace canary
