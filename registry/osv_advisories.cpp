#include "osv_advisories.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "json_lines.hpp"
#include "pep440.hpp"

namespace canary::registry {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true/false";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

// Checks the shape of one advisory, remembering where it is in the document
// (a JSON pointer for the line, a readable path for the message).
class AdvisoryReader {
 public:
  AdvisoryReader(const std::string& text, const std::string& file, std::vector<std::string>& errors)
      : text_(text), file_(file), errors_(errors) {}

  std::optional<OsvAdvisory> read(const json& root, bool* not_mal) {
    if (!root.is_object()) {
      fail("", "", std::string("an OSV advisory is a JSON object, this is ") + type_name(root));
      return std::nullopt;
    }
    OsvAdvisory a;
    a.file = file_;
    if (!string_member(root, "", "", "id", a.id, true)) return std::nullopt;
    // ossf/malicious-packages ids are MAL-YYYY-N; a PYSEC-/GHSA- advisory
    // reports a vulnerability, which is not a reason to call a release malicious.
    if (a.id.rfind("MAL-", 0) != 0) {
      if (not_mal) *not_mal = true;
      return std::nullopt;
    }
    if (!string_member(root, "", "", "summary", a.summary, false)) return std::nullopt;
    if (!string_member(root, "", "", "withdrawn", a.withdrawn, false)) return std::nullopt;
    auto affected = root.find("affected");
    if (affected == root.end()) {
      fail("", "", "no \"affected\" list: the advisory must name the packages it is about");
      return std::nullopt;
    }
    if (!affected->is_array()) {
      fail("/affected", "affected", std::string("must be a list, this is ") + type_name(*affected));
      return std::nullopt;
    }
    for (size_t i = 0; i < affected->size(); ++i) {
      const std::string ptr = "/affected/" + std::to_string(i), path = "affected[" + std::to_string(i) + "]";
      std::optional<OsvAffected> entry;
      if (!read_affected((*affected)[i], ptr, path, entry)) return std::nullopt;
      if (entry) a.affected.push_back(std::move(*entry));
    }
    return a;
  }

 private:
  // Records "FILE:LINE: PATH: message"; always false, so `return fail(...)` reads well.
  bool fail(const std::string& pointer, const std::string& path, const std::string& message) {
    if (lines_.empty()) lines_ = json_value_lines(text_);
    auto it = lines_.find(pointer);
    const int line = it == lines_.end() ? 1 : it->second;
    errors_.push_back(file_ + ":" + std::to_string(line) + ": " + (path.empty() ? "" : path + ": ") + message);
    return false;
  }

  // A string member; false (with the error) when it has another type, or is
  // missing or empty and `required`.
  bool string_member(const json& obj, const std::string& ptr, const std::string& path, const char* key,
                     std::string& out, bool required) {
    const std::string mptr = json_pointer_append(ptr, key), mpath = path.empty() ? key : path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(ptr, path, std::string("no \"") + key + "\"");
      return !required;
    }
    if (!it->is_string()) {
      fail(mptr, mpath, std::string("must be a string, this is ") + type_name(*it));
      return false;
    }
    out = it->get<std::string>();
    if (required && out.empty()) {
      fail(mptr, mpath, "is empty");
      return false;
    }
    return true;
  }

  // One entry of "affected": kept in `out` when it is a PyPI package.
  bool read_affected(const json& entry, const std::string& ptr, const std::string& path, std::optional<OsvAffected>& out) {
    if (!entry.is_object()) return fail(ptr, path, std::string("must be an object, this is ") + type_name(entry));
    auto package = entry.find("package");
    // The schema lets an entry name only a repository (GIT ranges): nothing for PyPI.
    if (package == entry.end()) return true;
    const std::string pptr = ptr + "/package", ppath = path + ".package";
    if (!package->is_object())
      return fail(pptr, ppath, std::string("must be an object, this is ") + type_name(*package));
    std::string ecosystem, name;
    if (!string_member(*package, pptr, ppath, "ecosystem", ecosystem, true)) return false;
    if (!string_member(*package, pptr, ppath, "name", name, true)) return false;
    if (ecosystem != "PyPI") return true;  // npm, crates.io, ...: another registry's names
    OsvAffected a;
    a.name = normalize_name(name);
    if (auto versions = entry.find("versions"); versions != entry.end()) {
      if (!versions->is_array())
        return fail(ptr + "/versions", path + ".versions", std::string("must be a list, this is ") + type_name(*versions));
      for (size_t i = 0; i < versions->size(); ++i) {
        const json& v = (*versions)[i];
        const std::string vptr = ptr + "/versions/" + std::to_string(i), vpath = path + ".versions[" + std::to_string(i) + "]";
        if (!v.is_string() || v.get<std::string>().empty())
          return fail(vptr, vpath, std::string("must be a version string, this is ") +
                                       (v.is_string() ? "empty" : type_name(v)));
        a.versions.push_back(v.get<std::string>());
      }
    }
    if (auto ranges = entry.find("ranges"); ranges != entry.end()) {
      if (!ranges->is_array())
        return fail(ptr + "/ranges", path + ".ranges", std::string("must be a list, this is ") + type_name(*ranges));
      for (size_t i = 0; i < ranges->size(); ++i) {
        std::optional<OsvRange> range;
        if (!read_range((*ranges)[i], ptr + "/ranges/" + std::to_string(i), path + ".ranges[" + std::to_string(i) + "]",
                        range))
          return false;
        if (range) a.ranges.push_back(std::move(*range));
      }
    }
    if (a.versions.empty() && a.ranges.empty())
      return fail(ptr, path, "PyPI package " + name +
                                 " has no \"versions\" and no ECOSYSTEM range, so it names no release "
                                 "(every version is a range with the one event {\"introduced\": \"0\"})");
    out = std::move(a);
    return true;
  }

  bool read_range(const json& r, const std::string& ptr, const std::string& path, std::optional<OsvRange>& out) {
    if (!r.is_object()) return fail(ptr, path, std::string("must be an object, this is ") + type_name(r));
    OsvRange range;
    if (!string_member(r, ptr, path, "type", range.type, true)) return false;
    if (range.type == "GIT") return true;  // commits, not releases
    if (range.type != "ECOSYSTEM" && range.type != "SEMVER")
      return fail(ptr + "/type", path + ".type", "unknown range type \"" + range.type + "\" (expected ECOSYSTEM, SEMVER or GIT)");
    auto events = r.find("events");
    if (events == r.end() || !events->is_array() || events->empty())
      return fail(events == r.end() ? ptr : ptr + "/events", events == r.end() ? path : path + ".events",
                  "a range needs a non-empty \"events\" list");
    bool introduced = false;
    for (size_t i = 0; i < events->size(); ++i) {
      const json& e = (*events)[i];
      const std::string eptr = ptr + "/events/" + std::to_string(i), epath = path + ".events[" + std::to_string(i) + "]";
      if (!e.is_object() || e.size() != 1)
        return fail(eptr, epath, "an event is an object with exactly one of introduced, fixed, last_affected, limit");
      const std::string key = e.begin().key();
      OsvEvent ev;
      if (key == "introduced") ev.kind = OsvEvent::Kind::Introduced;
      else if (key == "fixed") ev.kind = OsvEvent::Kind::Fixed;
      else if (key == "last_affected") ev.kind = OsvEvent::Kind::LastAffected;
      else if (key == "limit") ev.kind = OsvEvent::Kind::Limit;
      else
        return fail(eptr, epath, "unknown event \"" + key + "\" (expected introduced, fixed, last_affected or limit)");
      const std::string vptr = json_pointer_append(eptr, key), vpath = epath + "." + key;
      if (!e.begin()->is_string()) return fail(vptr, vpath, std::string("must be a string, this is ") + type_name(*e.begin()));
      ev.version = e.begin()->get<std::string>();
      // "0" is the schema's "before every release"; "*" is a limit's "no limit".
      const bool special = (ev.kind == OsvEvent::Kind::Introduced && ev.version == "0") ||
                           (ev.kind == OsvEvent::Kind::Limit && ev.version == "*");
      if (!special && !parse_pep440(ev.version).valid)
        return fail(vptr, vpath, "\"" + ev.version + "\" is not a PEP 440 version");
      introduced = introduced || ev.kind == OsvEvent::Kind::Introduced;
      range.events.push_back(std::move(ev));
    }
    if (!introduced) return fail(ptr + "/events", path + ".events", "no \"introduced\" event: the range affects nothing");
    out = std::move(range);
    return true;
  }

  const std::string& text_;
  const std::string& file_;
  std::vector<std::string>& errors_;
  std::map<std::string, int> lines_;  // filled on the first error
};

}  // namespace

std::optional<OsvAdvisory> parse_osv_advisory(const std::string& text, const std::string& file,
                                              std::vector<std::string>& errors, bool* not_mal) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is one past where parsing stopped: turn it into line and column.
    const size_t upto = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(upto), '\n'));
    const size_t line_start = text.rfind('\n', upto == 0 ? 0 : upto - 1);
    const size_t column = line_start == std::string::npos || upto == 0 ? upto + 1 : upto - line_start;
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line L, column C: WHAT".
    std::string what = e.what();
    if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    errors.push_back(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON: " + what);
    return std::nullopt;
  } catch (const json::exception& e) {
    // out_of_range for a number no double holds (1e999): not a parse_error,
    // and it must not end the process (the same escape fuzz_dependency_files
    // found in the Pipfile.lock reader).
    std::string what = e.what();
    if (size_t bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
    errors.push_back(file + ":1: not valid JSON: " + what);
    return std::nullopt;
  }
  return AdvisoryReader(text, file, errors).read(root, not_mal);
}

bool osv_range_affects(const OsvRange& range, const std::string& version) {
  std::vector<const OsvEvent*> events;
  for (const OsvEvent& e : range.events) {
    // A limit is a hard upper bound wherever it sorts.
    if (e.kind == OsvEvent::Kind::Limit) {
      if (e.version != "*" && compare_versions(version, e.version) >= 0) return false;
      continue;
    }
    events.push_back(&e);
  }
  auto is_zero = [](const OsvEvent* e) { return e->kind == OsvEvent::Kind::Introduced && e->version == "0"; };
  std::stable_sort(events.begin(), events.end(), [&](const OsvEvent* a, const OsvEvent* b) {
    if (is_zero(a) || is_zero(b)) return is_zero(a) && !is_zero(b);
    return compare_versions(a->version, b->version) < 0;
  });
  bool affected = false;
  for (const OsvEvent* e : events) {
    switch (e->kind) {
      case OsvEvent::Kind::Introduced:
        if (is_zero(e) || compare_versions(version, e->version) >= 0) affected = true;
        break;
      case OsvEvent::Kind::Fixed:
        if (compare_versions(version, e->version) >= 0) affected = false;
        break;
      case OsvEvent::Kind::LastAffected:
        if (compare_versions(version, e->version) > 0) affected = false;
        break;
      case OsvEvent::Kind::Limit: break;
    }
  }
  return affected;
}

bool OsvAdvisories::load(const fs::path& path, std::vector<std::string>& errors) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    errors.push_back(path.string() + ": no such file or directory");
    return false;
  }
  if (!fs::is_directory(path, ec)) return load_file(path, errors);
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) {
    errors.push_back(path.string() + ": cannot list: " + ec.message());
    return false;
  }
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const fs::path& f : files) ok = load_file(f, errors) && ok;
  return ok;
}

bool OsvAdvisories::load_file(const fs::path& file, std::vector<std::string>& errors) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    errors.push_back(file.string() + ": cannot read");
    return false;
  }
  bool not_mal = false;
  const size_t before = errors.size();
  std::optional<OsvAdvisory> a = parse_osv_advisory(text.str(), file.string(), errors, &not_mal);
  if (a) advisories_.push_back(std::move(*a));
  else if (not_mal) ++skipped_not_mal_;
  return errors.size() == before;
}

const OsvAdvisory* OsvAdvisories::find(const std::string& name, const std::string& version) const {
  const std::string n = normalize_name(name);
  for (const OsvAdvisory& a : advisories_) {
    if (!a.withdrawn.empty()) continue;
    for (const OsvAffected& x : a.affected) {
      if (x.name != n) continue;
      for (const std::string& v : x.versions)
        if (compare_versions(v, version) == 0) return &a;
      for (const OsvRange& r : x.ranges)
        if (osv_range_affects(r, version)) return &a;
    }
  }
  return nullptr;
}

}  // namespace canary::registry
