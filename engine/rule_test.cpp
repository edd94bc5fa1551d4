#include "rule_test.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include "artifact_facts.hpp"

namespace canary::ruletest {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kHeaderLines = 10;  // the header must be within the first lines
constexpr std::string_view kHeaderTag = "canary-test:";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_pack_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'; }

// A whole-line `#` comment's text after the '#', or nullopt.
std::optional<std::string_view> comment_text(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '#') return std::nullopt;
  return trim(line.substr(1));
}

struct Keyword {
  std::string_view word;
  Expect kind;
};
// Longest first: "todoruleid" must not be read as an unknown word.
constexpr Keyword kKeywords[] = {{"todoruleid", Expect::TodoRuleId},
                                 {"todook", Expect::TodoOk},
                                 {"ruleid", Expect::RuleId},
                                 {"ok", Expect::Ok}};

bool parse_header(std::string_view rest, const std::string& file, uint32_t line, Fixture& out,
                  std::vector<InputError>& errors) {
  bool ok = true, seen_path = false, seen_artifact = false;
  std::set<std::string> seen;
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (i >= rest.size()) break;
    size_t end = rest.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view item = rest.substr(i, end - i);
    i = end;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      errors.push_back({file, line, "canary-test header: expected key=value, got '" + std::string(item) + "'"});
      ok = false;
      continue;
    }
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "path") {
      if (seen_path) errors.push_back({file, line, "canary-test header: path given twice"}), ok = false;
      seen_path = true;
      // Unsafe names are allowed on purpose: the archive rules are tested with
      // them, and the in-memory reader flags them exactly as a real one does.
      if (value.empty()) {
        errors.push_back({file, line, "canary-test header: path is empty"});
        ok = false;
      } else {
        out.artifact_path = std::string(value);
      }
    } else if (key == "artifact") {
      if (seen_artifact) errors.push_back({file, line, "canary-test header: artifact given twice"}), ok = false;
      seen_artifact = true;
      if (value == "wheel") out.artifact = ArtifactKind::Wheel;
      else if (value == "sdist") out.artifact = ArtifactKind::Sdist;
      else if (value == "directory") out.artifact = ArtifactKind::Directory;
      else {
        errors.push_back({file, line, "canary-test header: artifact must be wheel, sdist or directory, got '" +
                                          std::string(value) + "'"});
        ok = false;
      }
    } else if (key == "name" || key == "record" || key == "copies" || key == "feed") {
      if (seen.count(std::string(key))) {
        errors.push_back({file, line, "canary-test header: " + std::string(key) + " given twice"});
        ok = false;
      }
      seen.insert(std::string(key));
      if (key == "name") {
        out.artifact_name = std::string(value);
      } else if (key == "feed") {
        out.feed = std::string(value);
      } else if (key == "record") {
        if (value == "listed") out.record = FixtureRecord::Listed;
        else if (value == "unlisted") out.record = FixtureRecord::Unlisted;
        else if (value == "mismatch") out.record = FixtureRecord::Mismatch;
        else {
          errors.push_back({file, line, "canary-test header: record must be listed, unlisted or mismatch, got '" +
                                            std::string(value) + "'"});
          ok = false;
        }
      } else if (value == "1" || value == "2" || value == "3") {
        out.copies = unsigned(value[0] - '0');
      } else {
        errors.push_back({file, line, "canary-test header: copies must be 1, 2 or 3, got '" + std::string(value) + "'"});
        ok = false;
      }
    } else if (key.starts_with("release.")) {
      std::string why;
      if (seen.count(std::string(key))) {
        errors.push_back({file, line, "canary-test header: " + std::string(key) + " given twice"});
        ok = false;
      }
      seen.insert(std::string(key));
      if (!set_release_fact(out.release, key, value, why)) {
        errors.push_back({file, line, "canary-test header: " + why});
        ok = false;
      }
    } else {
      errors.push_back({file, line, "canary-test header: unknown key '" + std::string(key) +
                                        "' (known: path, artifact, name, record, copies, feed, release.FACT)"});
      ok = false;
    }
  }
  if (out.record != FixtureRecord::None && out.artifact != ArtifactKind::Wheel) {
    errors.push_back({file, line, "canary-test header: record is only for artifact=wheel"});
    ok = false;
  }
  return ok;
}

// Reads "ruleid: A, B" after the '#'. Returns false if the comment is not an
// annotation at all; problems with one that is go to `errors`.
bool parse_annotation(std::string_view comment, const std::string& file, uint32_t line, std::vector<Annotation>& out,
                      std::vector<InputError>& errors) {
  for (const Keyword& k : kKeywords) {
    if (!starts_with(comment, k.word)) continue;
    std::string_view rest = comment.substr(k.word.size());
    if (!rest.empty() && is_name_char(rest.front())) return false;  // "okay", "ruleids"
    std::string_view after = trim(rest);
    if (after.empty() || after.front() != ':') {
      // "# ok so this..." is prose; "# ruleid FOO" is a forgotten colon.
      if (k.kind == Expect::Ok || k.kind == Expect::TodoOk || after.empty() || !is_name_start(after.front()))
        return false;
      errors.push_back({file, line, std::string(k.word) + " annotation needs a ':' before its ids"});
      return true;
    }
    std::string_view list = after.substr(1);
    size_t start = 0;
    while (true) {
      size_t comma = list.find(',', start);
      std::string_view id = trim(list.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                     : comma - start));
      if (id.empty()) {
        errors.push_back({file, line, std::string(k.word) + " annotation has an empty id"});
      } else if (!is_valid_id(id)) {
        errors.push_back({file, line, std::string(k.word) + " annotation: '" + std::string(id) +
                                          "' is not a rule or pattern set id"});
      } else {
        out.push_back({k.kind, std::string(id), 0, line});
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return true;
  }
  return false;
}

}  // namespace

std::string InputError::text() const {
  std::string where = file;
  if (line != 0) where += ":" + std::to_string(line);
  if (line != 0 && column != 0) where += ":" + std::to_string(column);
  return where + ": " + message;
}

std::string fixture_artifact_name(ArtifactKind kind) {
  switch (kind) {
    case ArtifactKind::Wheel: return "fixture-0.0.0-py3-none-any.whl";
    case ArtifactKind::Sdist: return "fixture-0.0.0.tar.gz";
    default: return "fixture-0.0.0";
  }
}

std::vector<MemoryEntry> fixture_entries(const Fixture& fixture) {
  std::string name = fixture.artifact_path;
  if (fixture.artifact == ArtifactKind::Sdist) name = "fixture-0.0.0/" + name;
  std::vector<MemoryEntry> entries(fixture.copies, MemoryEntry{name, fixture.content});
  if (fixture.record == FixtureRecord::None) return entries;
  const std::string record_path = "fixture-0.0.0.dist-info/RECORD";
  std::string record;
  // RECORD quotes a path holding a comma or a quote, as Python's csv module does.
  std::string listed = name;
  if (listed.find_first_of(",\"") != std::string::npos) {
    std::string q = "\"";
    for (char c : listed) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    listed = q + "\"";
  }
  if (fixture.record == FixtureRecord::Listed)
    record += listed + ",sha256=" + record_digest_sha256(fixture.content) + "," + std::to_string(fixture.content.size()) + "\n";
  if (fixture.record == FixtureRecord::Mismatch)
    record += listed + ",sha256=" + record_digest_sha256(fixture.content + "\n# altered after the build\n") + "," +
              std::to_string(fixture.content.size()) + "\n";
  record += record_path + ",,\n";
  entries.push_back({record_path, std::move(record)});
  return entries;
}

std::string_view to_string(Expect e) {
  switch (e) {
    case Expect::RuleId: return "ruleid";
    case Expect::Ok: return "ok";
    case Expect::TodoRuleId: return "todoruleid";
    case Expect::TodoOk: return "todook";
  }
  return "?";
}

bool is_valid_id(std::string_view id) {
  size_t colon = id.find(':');
  if (colon != std::string_view::npos) {
    std::string_view pack = id.substr(0, colon);
    if (pack.empty() || !((pack[0] >= 'a' && pack[0] <= 'z') || (pack[0] >= '0' && pack[0] <= '9'))) return false;
    if (!std::all_of(pack.begin(), pack.end(), is_pack_char)) return false;
    id = id.substr(colon + 1);
  }
  // NAME(.NAME)*
  bool want_start = true;
  for (char c : id) {
    if (want_start) {
      if (!is_name_start(c)) return false;
      want_start = false;
    } else if (c == '.') {
      want_start = true;
    } else if (!is_name_char(c)) {
      return false;
    }
  }
  return !want_start;
}

bool parse_fixture(const std::string& file, const std::string& default_path, std::string content, Fixture& out,
                   std::vector<InputError>& errors) {
  const size_t errors_before = errors.size();
  out = Fixture{};
  out.file = file;
  out.artifact_path = default_path;
  bool header_seen = false;
  std::vector<Annotation> pending;  // waiting for the line they apply to
  std::vector<std::string_view> lines = split_lines(content);
  for (size_t i = 0; i < lines.size(); ++i) {
    const uint32_t n = static_cast<uint32_t>(i + 1);
    std::optional<std::string_view> comment = comment_text(lines[i]);
    if (comment && starts_with(*comment, kHeaderTag)) {
      if (n > kHeaderLines) {
        errors.push_back({file, n, "canary-test header must be within the first 10 lines"});
      } else if (header_seen) {
        errors.push_back({file, n, "second canary-test header"});
      } else {
        parse_header(comment->substr(kHeaderTag.size()), file, n, out, errors);
      }
      header_seen = true;
      // A header is not a line annotations can apply to.
      continue;
    }
    if (comment && parse_annotation(*comment, file, n, pending, errors)) continue;
    for (Annotation& a : pending) {
      a.line = n;
      out.annotations.push_back(std::move(a));
    }
    pending.clear();
  }
  // Annotations with no line after them are about the whole file.
  for (Annotation& a : pending) {
    a.line = 0;
    out.annotations.push_back(std::move(a));
  }
  out.content = std::move(content);
  return errors.size() == errors_before;
}

std::string default_fixture_path(const fs::path& fixture, const fs::path& rule_file) {
  std::string name = fixture.filename().string();
  std::string prefix = rule_file.stem().string() + ".";
  return starts_with(name, prefix) ? name.substr(prefix.size()) : name;
}

bool load_fixture(const fs::path& path, const fs::path& rule_file, Fixture& out, std::vector<InputError>& errors) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    errors.push_back({path.string(), 0, "cannot read fixture"});
    return false;
  }
  return parse_fixture(path.string(), default_fixture_path(path, rule_file), std::move(text), out, errors);
}

std::vector<fs::path> find_fixtures(const fs::path& rule_file) {
  std::vector<fs::path> out;
  const fs::path dir = rule_file.parent_path().empty() ? fs::path(".") : rule_file.parent_path();
  const std::string stem = rule_file.stem().string();
  std::vector<std::string> rule_stems;  // every rule file's stem in the directory
  std::vector<fs::path> candidates;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (ends_with(name, ".canary")) {
      rule_stems.push_back(name.substr(0, name.size() - 7));
      continue;
    }
    std::error_code type_ec;
    if (name.empty() || name[0] == '.' || ends_with(name, ".md") || !it->is_regular_file(type_ec)) continue;
    // Named like the rule file ("x.canary" -> "x.a.py", not "./x.a.py").
    if (starts_with(name, stem + ".")) candidates.push_back(rule_file.parent_path() / name);
  }
  for (const fs::path& c : candidates) {
    const std::string name = c.filename().string();
    bool claimed_by_longer = std::any_of(rule_stems.begin(), rule_stems.end(), [&](const std::string& s) {
      return s.size() > stem.size() && starts_with(name, s + ".");
    });
    if (!claimed_by_longer) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// --- comparing --------------------------------------------------------------

std::string IdMatcher::bare(std::string_view id) const {
  size_t colon = id.find(':');
  if (colon != std::string_view::npos) id = id.substr(colon + 1);
  if (!alias_prefix.empty() && starts_with(id, alias_prefix)) id = id.substr(alias_prefix.size());
  return std::string(id);
}

bool IdMatcher::same(std::string_view annotated, std::string_view finding_rule) const {
  size_t ca = annotated.find(':'), cf = finding_rule.find(':');
  if (ca != std::string_view::npos && cf != std::string_view::npos &&
      annotated.substr(0, ca) != finding_rule.substr(0, cf))
    return false;
  return bare(annotated) == bare(finding_rule);
}

namespace {

std::string join_lines(const std::vector<uint32_t>& lines) {
  std::string s;
  for (uint32_t l : lines) s += (s.empty() ? "" : ", ") + std::to_string(l);
  return s;
}

// Where one rule fired in the fixture.
struct Fired {
  bool any = false;
  bool file_level = false;
  std::vector<uint32_t> lines;
  std::string got(const std::string& rule) const {
    if (!any) return "no " + rule + " finding";
    if (file_level) return rule + " as a file-level finding (no line)";
    return rule + " on line" + std::string(lines.size() > 1 ? "s " : " ") + join_lines(lines);
  }
};

}  // namespace

std::vector<Check> check_fixture(const Fixture& fixture, const std::vector<Finding>& findings, const IdMatcher& ids) {
  // Annotations grouped by the rule they name (bare form).
  std::map<std::string, std::vector<const Annotation*>> by_rule;
  for (const Annotation& a : fixture.annotations) by_rule[ids.bare(a.rule)].push_back(&a);

  std::vector<Check> checks;
  for (const auto& [rule, annotations] : by_rule) {
    const std::string& shown = annotations.front()->rule;
    Fired fired;
    for (const Finding& f : findings) {
      if (!ids.same(shown, f.rule)) continue;
      fired.any = true;
      if (!f.decoded_from.empty()) {
        // A finding inside a decoded layer counts on the line of the blob it was decoded from.
        fired.lines.push_back(f.decoded_line);
        continue;
      }
      if (f.lines.empty()) fired.file_level = true;
      fired.lines.insert(fired.lines.end(), f.lines.begin(), f.lines.end());
    }
    std::sort(fired.lines.begin(), fired.lines.end());
    fired.lines.erase(std::unique(fired.lines.begin(), fired.lines.end()), fired.lines.end());
    auto fires_on = [&](uint32_t line) {
      return fired.file_level || std::binary_search(fired.lines.begin(), fired.lines.end(), line);
    };

    std::set<uint32_t> annotated;
    bool anywhere = false;  // a whole-file ruleid: every line it fires on is expected
    for (const Annotation* a : annotations) {
      annotated.insert(a->line);
      if (a->line == 0 && (a->kind == Expect::RuleId || a->kind == Expect::TodoRuleId)) anywhere = true;
      Check c;
      c.rule = a->rule;
      c.file = fixture.file;
      c.line = a->line == 0 ? a->written_at : a->line;
      const bool positive = a->kind == Expect::RuleId || a->kind == Expect::TodoRuleId;
      switch (a->kind) {
        case Expect::RuleId: c.kind = Check::Kind::RuleId; break;
        case Expect::Ok: c.kind = Check::Kind::Ok; break;
        case Expect::TodoRuleId: c.kind = Check::Kind::TodoRuleId; break;
        case Expect::TodoOk: c.kind = Check::Kind::TodoOk; break;
      }
      if (a->line == 0) {  // file-level annotation: anywhere in the file
        c.held = positive == fired.any;
        c.expected = (positive ? "" : "no ") + a->rule + " anywhere in the file";
        c.got = fired.got(a->rule);
        checks.push_back(std::move(c));
        continue;
      }
      c.held = positive == fires_on(a->line);
      c.expected = positive ? a->rule + " on this line" : "no " + a->rule + " on this line";
      c.got = fires_on(a->line) && !fired.file_level ? a->rule + " on this line" : fired.got(a->rule);
      checks.push_back(std::move(c));
    }
    for (uint32_t line : fired.lines) {
      if (anywhere || annotated.count(line)) continue;
      Check c;
      c.kind = Check::Kind::Unexpected;
      c.rule = shown;
      c.file = fixture.file;
      c.line = line;
      c.held = false;
      c.expected = "no " + shown + " (the line has no annotation for it)";
      c.got = shown + " on this line";
      checks.push_back(std::move(c));
    }
  }
  std::stable_sort(checks.begin(), checks.end(), [&](const Check& a, const Check& b) {
    std::string ra = ids.bare(a.rule), rb = ids.bare(b.rule);
    return ra != rb ? ra < rb : a.line < b.line;
  });
  return checks;
}

std::string Check::message() const {
  std::string where = line == 0 ? file : file + ":" + std::to_string(line);
  return where + ": expected " + expected + " / got " + got;
}

std::vector<Check> check_corpus(const CorpusExpect& expect, const ArtifactReport& report, const IdMatcher& ids) {
  std::vector<Check> checks;
  auto where_fired = [&](const std::string& id) {
    std::string s;
    for (const Finding& f : report.findings) {
      if (!ids.same(id, f.rule)) continue;
      if (!s.empty()) s += ", ";
      s += f.file + (f.line ? ":" + std::to_string(f.line) : "");
    }
    return s;
  };
  for (const NamedId& n : expect.must_fire) {
    std::string fired = where_fired(n.id);
    Check c{Check::Kind::RuleId, n.id, expect.file, n.line, !fired.empty(), n.id, ""};
    c.got = fired.empty() ? "no " + n.id + " finding" : n.id + " in " + fired;
    checks.push_back(std::move(c));
  }
  for (const NamedId& n : expect.must_not_fire) {
    std::string fired = where_fired(n.id);
    Check c{Check::Kind::Ok, n.id, expect.file, n.line, fired.empty(), "no " + n.id, ""};
    c.got = fired.empty() ? "none" : n.id + " in " + fired;
    checks.push_back(std::move(c));
  }
  auto verdict_check = [&](Verdict bound, uint32_t line, bool is_min) {
    bool held = is_min ? report.verdict >= bound : report.verdict <= bound;
    std::string expected = std::string(is_min ? "verdict at least " : "verdict at most ") + std::string(to_string(bound));
    char score[32];
    std::snprintf(score, sizeof score, "%.1f", report.score);
    std::string got = std::string(to_string(report.verdict)) + " (score " + score + ")";
    checks.push_back({Check::Kind::Verdict, "", expect.file, line, held, expected, got});
  };
  if (expect.min_verdict) verdict_check(*expect.min_verdict, expect.min_line, true);
  if (expect.max_verdict) verdict_check(*expect.max_verdict, expect.max_line, false);
  if (report.unreadable) {
    std::string why = report.errors.empty() ? "unreadable" : report.errors.front();
    checks.push_back({Check::Kind::Verdict, "", expect.file, 0, false, "a readable artifact", why});
  }
  return checks;
}

}  // namespace canary::ruletest
