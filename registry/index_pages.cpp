#include "index_pages.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "pep440.hpp"

namespace canary::registry {
namespace {
using json = nlohmann::json;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json parse_json(const std::string& body, const std::string& url) {
  try {
    return json::parse(body);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number no double holds: both are
    // the server's fault, neither may end the process.
    throw IndexPageError(url + ": not valid JSON (" + e.what() + ")");
  }
}

void fill_from_name(DistFile& f) {
  DistName d = parse_dist_filename(f.filename);
  f.version = d.version;
  f.kind = d.wheel ? DistKind::Wheel : d.sdist ? DistKind::Sdist : DistKind::Other;
}

// Versions of the files when the page lists none (PEP 700 is optional).
void finish_page(ProjectPage& page) {
  if (page.versions.empty()) {
    std::set<std::string> seen;
    for (const DistFile& f : page.files)
      if (!f.version.empty() && seen.insert(f.version).second) page.versions.push_back(f.version);
  }
  sort_versions(page.versions);
}

std::string html_unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos" || ent == "#39" || ent == "#x27") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      long code = ent[1] == 'x' || ent[1] == 'X' ? std::strtol(ent.c_str() + 2, nullptr, 16) : std::strtol(ent.c_str() + 1, nullptr, 10);
      if (code > 0 && code < 128) out += static_cast<char>(code);
      else out += "?";
    } else {
      out += s.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

// Attributes of one start tag "<a ...>": name -> value (unescaped). A name
// without a value maps to "" and is present.
std::map<std::string, std::string> tag_attributes(const std::string& tag) {
  std::map<std::string, std::string> attrs;
  size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && (std::isspace(static_cast<unsigned char>(tag[i])) || tag[i] == '/')) ++i;
    size_t start = i;
    while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '=' && tag[i] != '/') ++i;
    std::string name = lower(tag.substr(start, i - start));
    if (name.empty()) {
      ++i;
      continue;
    }
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        char q = tag[i++];
        size_t end = tag.find(q, i);
        if (end == std::string::npos) end = tag.size();
        value = tag.substr(i, end - i);
        i = end + 1;
      } else {
        size_t end = i;
        while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end]))) ++end;
        value = tag.substr(i, end - i);
        i = end;
      }
    }
    attrs[name] = html_unescape(value);
  }
  return attrs;
}

std::string origin_of(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

// Removes "." and ".." segments from an absolute path.
std::string normalize_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  bool trailing = !path.empty() && path.back() == '/';
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  if (out.empty() || trailing || path.ends_with("/.") || path.ends_with("/..")) out += "/";
  return out;
}

}  // namespace

std::string resolve_url(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos && ref.find("://") < ref.find('/')) return ref;
  if (ref.starts_with("//")) return base.substr(0, base.find("://") + 1) + ref;
  std::string fragment;
  std::string r = ref;
  if (size_t hash = r.find('#'); hash != std::string::npos) {
    fragment = r.substr(hash);
    r.erase(hash);
  }
  std::string origin = origin_of(base);
  if (r.starts_with("/")) return origin + normalize_path(r) + fragment;
  std::string base_path = base.substr(origin.size());
  base_path = base_path.substr(0, base_path.find_first_of("?#"));
  std::string dir = base_path.substr(0, base_path.rfind('/') + 1);
  if (dir.empty()) dir = "/";
  return origin + normalize_path(dir + r) + fragment;
}

ProjectPage parse_simple_json(const std::string& body, const std::string& url) {
  json j = parse_json(body, url);
  if (!j.is_object() || !j.contains("files") || !j["files"].is_array())
    throw IndexPageError(url + ": not a PEP 691 project page (no \"files\" list)");
  ProjectPage page;
  page.name = normalize_name(str(j, "name"));
  for (const json& f : j["files"]) {
    if (!f.is_object()) continue;
    DistFile d;
    d.filename = str(f, "filename");
    if (d.filename.empty() || str(f, "url").empty()) throw IndexPageError(url + ": a file entry without filename or url");
    d.url = resolve_url(url, str(f, "url"));
    if (auto h = f.find("hashes"); h != f.end() && h->is_object()) d.sha256 = lower(str(*h, "sha256"));
    fill_from_name(d);
    if (auto s = f.find("size"); s != f.end() && s->is_number_unsigned()) d.size = s->get<uint64_t>();
    d.upload_time = str(f, "upload-time");
    if (!d.upload_time.empty()) page.has_upload_times = true;
    if (auto y = f.find("yanked"); y != f.end()) {
      // PEP 592 / 691: false, true, or the reason as a string.
      d.yanked = y->is_string() || (y->is_boolean() && y->get<bool>());
      if (y->is_string()) d.yanked_reason = y->get<std::string>();
    }
    if (auto p = f.find("provenance"); p != f.end() && p->is_string()) d.provenance_url = resolve_url(url, p->get<std::string>());
    d.requires_python = str(f, "requires-python");
    page.files.push_back(std::move(d));
  }
  if (auto v = j.find("versions"); v != j.end() && v->is_array())
    for (const json& s : *v)
      if (s.is_string()) page.versions.push_back(s.get<std::string>());
  finish_page(page);
  return page;
}

ProjectPage parse_simple_html(const std::string& body, const std::string& url) {
  ProjectPage page;
  std::string lowered = lower(body);
  std::string base = url;
  // <base href> changes what links are relative to (PEP 503 allows it).
  if (size_t b = lowered.find("<base "); b != std::string::npos) {
    size_t end = lowered.find('>', b);
    auto attrs = tag_attributes(body.substr(b + 6, end - b - 6));
    if (attrs.count("href")) base = resolve_url(url, attrs["href"]);
  }
  size_t pos = 0;
  while ((pos = lowered.find("<a", pos)) != std::string::npos) {
    if (pos + 2 < lowered.size() && !std::isspace(static_cast<unsigned char>(lowered[pos + 2])) && lowered[pos + 2] != '>') {
      pos += 2;
      continue;
    }
    size_t tag_end = lowered.find('>', pos);
    size_t close = lowered.find("</a>", tag_end == std::string::npos ? pos : tag_end);
    if (tag_end == std::string::npos || close == std::string::npos) break;
    auto attrs = tag_attributes(body.substr(pos + 2, tag_end - pos - 2));
    std::string text = html_unescape(body.substr(tag_end + 1, close - tag_end - 1));
    pos = close + 4;
    if (!attrs.count("href")) continue;
    DistFile d;
    std::string href = attrs["href"];
    if (size_t hash = href.find('#'); hash != std::string::npos) {
      std::string frag = href.substr(hash + 1);
      if (frag.starts_with("sha256=")) d.sha256 = lower(frag.substr(7));
      href.erase(hash);
    }
    d.url = resolve_url(base, href);
    text.erase(0, text.find_first_not_of(" \t\r\n"));
    text.erase(text.find_last_not_of(" \t\r\n") + 1);
    d.filename = text.empty() ? d.url.substr(d.url.rfind('/') + 1) : text;
    fill_from_name(d);
    if (attrs.count("data-yanked")) {
      d.yanked = true;
      d.yanked_reason = attrs["data-yanked"];
    }
    if (attrs.count("data-provenance")) d.provenance_url = resolve_url(base, attrs["data-provenance"]);
    if (attrs.count("data-requires-python")) d.requires_python = attrs["data-requires-python"];
    page.files.push_back(std::move(d));
  }
  // The project name is not in the HTML body reliably: take it from the URL.
  std::string path = url.substr(0, url.find_first_of("?#"));
  while (path.ends_with("/")) path.pop_back();
  page.name = normalize_name(path.substr(path.rfind('/') + 1));
  finish_page(page);
  return page;
}

ProjectPage parse_project_page(const std::string& body, const std::string& content_type, const std::string& url) {
  std::string type = lower(content_type);
  if (type.find("json") != std::string::npos) return parse_simple_json(body, url);
  if (type.find("html") != std::string::npos) return parse_simple_html(body, url);
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '{') return parse_simple_json(body, url);
  return parse_simple_html(body, url);
}

ReleaseInfo parse_json_api_release(const std::string& body, const std::string& url) {
  json j = parse_json(body, url);
  if (!j.is_object() || !j.contains("info") || !j["info"].is_object())
    throw IndexPageError(url + ": not a JSON API release (no \"info\" object)");
  const json& info = j["info"];
  ReleaseInfo r;
  r.version = str(info, "version");
  r.author = str(info, "author");
  r.author_email = str(info, "author_email");
  r.maintainer = str(info, "maintainer");
  r.maintainer_email = str(info, "maintainer_email");
  r.home_page = str(info, "home_page");
  r.summary = str(info, "summary");
  if (auto u = info.find("project_urls"); u != info.end() && u->is_object())
    for (auto it = u->begin(); it != u->end(); ++it)
      if (it.value().is_string()) r.project_urls[it.key()] = it.value().get<std::string>();
  if (auto y = info.find("yanked"); y != info.end() && y->is_boolean()) r.yanked = y->get<bool>();
  r.yanked_reason = str(info, "yanked_reason");
  if (auto urls = j.find("urls"); urls != j.end() && urls->is_array()) {
    for (const json& f : *urls) {
      if (!f.is_object()) continue;
      DistFile d;
      d.filename = str(f, "filename");
      d.url = resolve_url(url, str(f, "url"));
      if (auto dg = f.find("digests"); dg != f.end() && dg->is_object()) d.sha256 = lower(str(*dg, "sha256"));
      fill_from_name(d);
      if (auto s = f.find("size"); s != f.end() && s->is_number_unsigned()) d.size = s->get<uint64_t>();
      d.upload_time = str(f, "upload_time_iso_8601");
      if (d.upload_time.empty()) d.upload_time = str(f, "upload_time");
      if (auto y = f.find("yanked"); y != f.end() && y->is_boolean()) d.yanked = y->get<bool>();
      d.yanked_reason = str(f, "yanked_reason");
      d.requires_python = str(f, "requires_python");
      r.files.push_back(std::move(d));
    }
  }
  return r;
}

Provenance parse_provenance(const std::string& body, const std::string& url) {
  json j = parse_json(body, url);
  Provenance p;
  auto bundles = j.find("attestation_bundles");
  if (!j.is_object() || bundles == j.end() || !bundles->is_array())
    throw IndexPageError(url + ": not a PEP 740 provenance object (no \"attestation_bundles\")");
  for (const json& b : *bundles) {
    if (!b.is_object()) continue;
    auto pub = b.find("publisher");
    if (pub == b.end() || !pub->is_object()) continue;
    std::string who = str(*pub, "kind");
    if (std::string repo = str(*pub, "repository"); !repo.empty()) who += " " + repo;
    if (std::string project = str(*pub, "project"); !project.empty()) who += " " + project;  // GitLab
    if (std::string wf = str(*pub, "workflow"); !wf.empty()) who += " (" + wf + ")";
    p.publishers.push_back(who);
  }
  p.present = !p.publishers.empty();
  return p;
}

}  // namespace canary::registry
