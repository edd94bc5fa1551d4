#include "test_index.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <ctime>
#include <limits>
#include <stdexcept>

#include "artifact_builder.hpp"
#include "engine/archive_writer.hpp"
#include "engine/sha256.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"

namespace canary::test {
namespace {
using json = nlohmann::ordered_json;
using Clock = std::chrono::system_clock;

const char* kSimpleJson = "application/vnd.pypi.simple.v1+json";

std::string iso8601(Clock::time_point t, bool zulu) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf) + (zulu ? ".000000Z" : "");
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string sha_of(const IndexFile& f) { return f.published_sha256.empty() ? sha256_hex(f.bytes) : f.published_sha256; }

// Where the file is served: like PyPI's /packages/xx/yy/<rest>/NAME, keyed
// by the hash of the bytes actually served.
std::string file_path(const IndexFile& f) {
  std::string h = sha256_hex(f.bytes);
  return "/packages/" + h.substr(0, 2) + "/" + h.substr(2, 2) + "/" + h.substr(4) + "/" + f.filename;
}

std::string provenance_path(const std::string& project, const IndexRelease& r, const IndexFile& f) {
  return "/integrity/" + project + "/" + r.version + "/" + f.filename + "/provenance";
}

HttpResponse json_response(const json& j, const std::string& type = "application/json") {
  HttpResponse r;
  r.content_type = type;
  r.body = j.dump(1);
  return r;
}

json info_json(const IndexProject& p, const IndexRelease& r, const std::string& base) {
  json urls = json::object();
  for (const auto& [k, v] : r.project_urls) urls[k] = v;
  if (!r.home_page.empty() && !urls.contains("Homepage")) urls["Homepage"] = r.home_page;
  return {{"author", r.author},
          {"author_email", r.author_email},
          {"home_page", r.home_page},
          {"license", "MIT"},
          {"maintainer", r.maintainer},
          {"maintainer_email", r.maintainer_email},
          {"name", p.name},
          {"package_url", base + "/project/" + p.name + "/"},
          {"project_url", base + "/project/" + p.name + "/"},
          {"project_urls", urls.empty() ? json(nullptr) : urls},
          {"release_url", base + "/project/" + p.name + "/" + r.version + "/"},
          {"requires_python", ">=3.8"},
          {"summary", p.name + " (canary test index)"},
          {"version", r.version},
          {"yanked", r.yanked},
          {"yanked_reason", r.yanked ? json(r.yanked_reason) : json(nullptr)}};
}

json file_json(const IndexRelease& r, const IndexFile& f, const std::string& base, Clock::time_point uploaded) {
  return {{"digests", {{"blake2b_256", ""}, {"md5", ""}, {"sha256", sha_of(f)}}},
          {"filename", f.filename},
          {"packagetype", f.packagetype},
          {"python_version", f.packagetype == "sdist" ? "source" : "py3"},
          {"requires_python", ">=3.8"},
          {"size", f.bytes.size()},
          {"upload_time", iso8601(uploaded, false)},
          {"upload_time_iso_8601", iso8601(uploaded, true)},
          {"url", base + file_path(f)},
          {"yanked", r.yanked},
          {"yanked_reason", r.yanked ? json(r.yanked_reason) : json(nullptr)}};
}

const IndexRelease* latest_release(const IndexProject& p) {
  for (auto it = p.releases.rbegin(); it != p.releases.rend(); ++it)
    if (!it->yanked) return &*it;
  return p.releases.empty() ? nullptr : &p.releases.back();
}

// ---- building release files from the replica trees ------------------------------------------

using Replacements = std::vector<std::pair<std::string, std::string>>;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// The members of corpus/replicas/<replica>, minus `drop`, with each
// replacement applied in turn to every name and content.
std::vector<ArchiveMember> replica_members(const std::string& replica, const Replacements& replacements,
                                           const std::vector<std::string>& drop = {}) {
  std::vector<ArchiveMember> members, kept;
  std::string error;
  if (!read_tree_members(source_dir() / "corpus" / "replicas" / replica, members, error))
    throw std::runtime_error("test index: " + error);
  for (ArchiveMember& m : members) {
    bool dropped = false;
    for (const std::string& d : drop) dropped = dropped || m.name == d;
    if (dropped) continue;
    for (const auto& [from, to] : replacements) {
      replace_all(m.name, from, to);
      replace_all(m.content, from, to);
    }
    kept.push_back(std::move(m));
  }
  return kept;
}

std::string pack(const std::string& filename, std::vector<ArchiveMember> members) {
  TempDir dir;
  std::string error;
  if (!write_artifact_named(dir / filename, filename, std::move(members), error))
    throw std::runtime_error("test index: " + error);
  return read_file(dir / filename);
}

IndexFile wheel(const std::string& filename, std::vector<ArchiveMember> members) {
  return {filename, pack(filename, std::move(members)), "bdist_wheel", ""};
}
IndexFile sdist(const std::string& filename, std::vector<ArchiveMember> members) {
  return {filename, pack(filename, std::move(members)), "sdist", ""};
}

// A clean litellm stand-in at `version`: the 1.82.8 replica without its .pth.
IndexFile clean_litellm_wheel(const std::string& version) {
  return wheel("litellm-" + version + "-py3-none-any.whl",
               replica_members("litellm-1.82.8-py3-none-any.whl", {{"1.82.8", version}}, {"litellm_init.pth"}));
}

// The same as an sdist: NAME-VERSION/ with PKG-INFO and a pyproject.toml.
IndexFile clean_litellm_sdist(const std::string& version) {
  std::vector<ArchiveMember> members;
  const std::string top = "litellm-" + version + "/";
  for (ArchiveMember m : replica_members("litellm-1.82.8-py3-none-any.whl", {{"1.82.8", version}},
                                         {"litellm_init.pth"})) {
    if (m.name.ends_with(".dist-info/METADATA")) m.name = "PKG-INFO";
    else if (m.name.find(".dist-info/") != std::string::npos) continue;
    m.name = top + m.name;
    members.push_back(std::move(m));
  }
  members.push_back({top + "pyproject.toml",
                     "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n\n"
                     "[tool.poetry]\nname = \"litellm\"\nversion = \"" + version + "\"\ndescription = \"litellm stand-in\"\n"
                     "authors = [\"BerriAI\"]\n"});
  return sdist("litellm-" + version + ".tar.gz", std::move(members));
}

IndexRelease release(std::string version, double hours_ago, std::vector<IndexFile> files) {
  IndexRelease r;
  r.version = std::move(version);
  r.hours_ago = hours_ago;
  r.files = std::move(files);
  r.author = "Example Maintainers";
  r.author_email = "maintainers@example.com";
  return r;
}

IndexProject litellm() {
  IndexProject p{"litellm", {}};
  auto litellm_release = [](std::string v, double hours, std::vector<IndexFile> files, bool trusted) {
    IndexRelease r = release(std::move(v), hours, std::move(files));
    r.author = "BerriAI";
    r.author_email = "";
    r.home_page = "https://litellm.ai";
    r.project_urls = {{"Documentation", "https://docs.litellm.ai"}, {"Repository", "https://github.com/BerriAI/litellm"}};
    if (trusted) r.publisher_repository = "BerriAI/litellm";
    return r;
  };
  p.releases.push_back(litellm_release("1.82.5", 24 * 40, {clean_litellm_wheel("1.82.5"), clean_litellm_sdist("1.82.5")}, true));
  p.releases.push_back(litellm_release("1.82.6", 24 * 33, {clean_litellm_wheel("1.82.6"), clean_litellm_sdist("1.82.6")}, true));
  p.releases.push_back(litellm_release(
      "1.82.7", 3, {wheel("litellm-1.82.7-py3-none-any.whl", replica_members("litellm-1.82.7-py3-none-any.whl", {}))}, false));
  p.releases.push_back(litellm_release(
      "1.82.8", 1, {wheel("litellm-1.82.8-py3-none-any.whl", replica_members("litellm-1.82.8-py3-none-any.whl", {}))}, false));
  return p;
}

IndexRelease subprocess_tool_release(const std::string& version, double hours) {
  const std::string stem = "benign_subprocess_tool-" + version;
  IndexRelease r = release(version, hours,
                           {wheel(stem + "-py3-none-any.whl",
                                  replica_members("benign_subprocess_tool-2.0-py3-none-any.whl",
                                                  {{"benign_subprocess_tool-2.0", stem}, {"Version: 2.0", "Version: " + version}}))});
  r.home_page = "https://example.com/benign_subprocess_tool";
  r.project_urls = {{"Repository", "https://example.com/benign_subprocess_tool.git"}};
  return r;
}

IndexProject clipboard_helper() {
  IndexProject p{"clipboard-helper", {}};
  for (std::string v : {"0.9", "1.0"}) {
    const std::string stem = "clipboard_helper-" + v;
    IndexRelease r = release(v, v == "0.9" ? 24 * 200 : 24 * 20,
                             {wheel(stem + "-py3-none-any.whl",
                                    replica_members("clipboard_helper-1.0-py3-none-any.whl",
                                                    {{"clipboard_helper-1.0", stem}, {"Version: 1.0", "Version: " + v}}))});
    r.home_page = "https://example.com/clipboard_helper";
    p.releases.push_back(std::move(r));
  }
  p.releases.back().yanked = true;
  p.releases.back().yanked_reason = "Broken clipboard access on Wayland";
  return p;
}

// A benign one-release project named `name` (the subprocess-tool wheel renamed).
IndexProject plain_project(const std::string& name) {
  std::string module = name;
  replace_all(module, "-", "_");
  const std::string stem = module + "-1.0";
  IndexRelease r = release("1.0", 24 * 90,
                           {wheel(stem + "-py3-none-any.whl",
                                  replica_members("benign_subprocess_tool-2.0-py3-none-any.whl",
                                                  {{"benign_subprocess_tool-2.0", stem},
                                                   {"Version: 2.0", "Version: 1.0"},
                                                   {"benign_subprocess_tool", module}}))});
  r.home_page = "https://example.com/" + name;
  return {name, {std::move(r)}};
}

IndexProject digest_mismatch() {
  IndexProject p = plain_project("digest-mismatch");
  IndexFile& f = p.releases.back().files.back();
  // The index published the hash of the file as built; the server sends a
  // file changed after publishing (one more module in the wheel).
  f.published_sha256 = sha256_hex(f.bytes);
  std::vector<ArchiveMember> members =
      replica_members("benign_subprocess_tool-2.0-py3-none-any.whl",
                      {{"benign_subprocess_tool-2.0", "digest_mismatch-1.0"},
                       {"Version: 2.0", "Version: 1.0"},
                       {"benign_subprocess_tool", "digest_mismatch"}});
  members.push_back({"digest_mismatch/_extra.py", "EXTRA = 1\n"});
  f.bytes = pack(f.filename, std::move(members));
  return p;
}

IndexProject depconf_probe() {
  IndexProject p{"depconf-probe", {}};
  p.releases.push_back(release(
      "1.0.0", 24 * 300,
      {sdist("depconf_probe-1.0.0.tar.gz",
             replica_members("benign_sdist-1.0.tar.gz", {{"benign_sdist-1.0", "depconf_probe-1.0.0"},
                                                          {"Version: 1.0", "Version: 1.0.0"},
                                                          {"version=\"1.0\"", "version=\"1.0.0\""},
                                                          {"benign_sdist", "depconf_probe"}}))}));
  p.releases.push_back(release("99.0.0", 6, {sdist("depconf_probe-99.0.0.tar.gz", replica_members("depconf_probe-99.0.0.tar.gz", {}))}));
  p.releases.back().author = "";
  p.releases.back().author_email = "probe@example.invalid";
  return p;
}

IndexProject env_beacon() {
  IndexProject p{"env-beacon", {}};
  IndexRelease r = release("0.2", 5, {wheel("env_beacon-0.2-py3-none-any.whl", replica_members("env_beacon-0.2-py3-none-any.whl", {}))});
  r.author = "";
  r.author_email = "";
  p.releases.push_back(std::move(r));
  return p;
}

}  // namespace

std::string normalize_project_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool sep = c == '-' || c == '_' || c == '.';
    if (sep) {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::vector<std::string> project_pages(const IndexProject& project) {
  const std::string n = normalize_project_name(project.name);
  std::vector<std::string> pages{"/simple/" + n + "/", "/pypi/" + n + "/json"};
  for (const IndexRelease& r : project.releases) pages.push_back("/pypi/" + n + "/" + r.version + "/json");
  return pages;
}

void publish(IndexServer& server, const IndexProject& project, Clock::time_point now) {
  const std::string base = server.url();
  const std::string n = normalize_project_name(project.name);
  json releases = json::object();
  json simple_files = json::array();
  json versions = json::array();
  std::string html = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                     "    <title>Links for " + html_escape(n) + "</title>\n  </head>\n  <body>\n    <h1>Links for " +
                     html_escape(n) + "</h1>\n";
  for (const IndexRelease& r : project.releases) {
    const auto uploaded = now - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::ratio<3600>>(r.hours_ago));
    json files = json::array();
    for (const IndexFile& f : r.files) {
      files.push_back(file_json(r, f, base, uploaded));
      HttpResponse body;
      body.body = f.bytes;
      server.add(file_path(f), body);
      std::string provenance;
      if (!r.publisher_repository.empty()) {
        provenance = base + provenance_path(n, r, f);
        json bundle = {{"version", 1},
                       {"attestation_bundles",
                        {{{"publisher",
                           {{"kind", "GitHub"}, {"repository", r.publisher_repository}, {"workflow", r.publisher_workflow},
                            {"environment", "pypi"}}},
                          {"attestations",
                           {{{"version", 1},
                             {"verification_material", {{"certificate", "test-index-placeholder"}, {"transparency_entries", json::array()}}},
                             {"envelope", {{"statement", "test-index-placeholder"}, {"signature", "test-index-placeholder"}}}}}}}}}};
        server.add(provenance_path(n, r, f), json_response(bundle));
      }
      simple_files.push_back({{"filename", f.filename},
                              {"url", base + file_path(f)},
                              {"hashes", {{"sha256", sha_of(f)}}},
                              {"requires-python", ">=3.8"},
                              {"yanked", r.yanked ? json(r.yanked_reason.empty() ? json(true) : json(r.yanked_reason)) : json(false)},
                              {"size", f.bytes.size()},
                              {"upload-time", iso8601(uploaded, true)},
                              {"provenance", provenance.empty() ? json(nullptr) : json(provenance)}});
      html += "    <a href=\"" + html_escape(base + file_path(f)) + "#sha256=" + sha_of(f) + "\" data-requires-python=\"&gt;=3.8\"";
      if (r.yanked) html += " data-yanked=\"" + html_escape(r.yanked_reason) + "\"";
      if (!provenance.empty()) html += " data-provenance=\"" + html_escape(provenance) + "\"";
      html += ">" + html_escape(f.filename) + "</a><br />\n";
    }
    releases[r.version] = files;
    versions.push_back(r.version);
    server.add("/pypi/" + n + "/" + r.version + "/json",
               json_response({{"info", info_json(project, r, base)},
                              {"last_serial", 1000},
                              {"urls", files},
                              {"vulnerabilities", json::array()}}));
  }
  html += "  </body>\n</html>\n";
  if (const IndexRelease* latest = latest_release(project)) {
    server.add("/pypi/" + n + "/json", json_response({{"info", info_json(project, *latest, base)},
                                                      {"last_serial", 1000},
                                                      {"releases", releases},
                                                      {"urls", releases[latest->version]},
                                                      {"vulnerabilities", json::array()}}));
  }
  server.add("/simple/" + n + "/", json_response({{"meta", {{"api-version", "1.1"}}},
                                                  {"name", n},
                                                  {"files", simple_files},
                                                  {"versions", versions}},
                                                 kSimpleJson));
  HttpResponse page;
  page.content_type = "text/html";
  page.body = html;
  server.add("/simple/" + n + "/", page);
}

void publish_root(IndexServer& server, const std::vector<std::string>& names) {
  json projects = json::array();
  std::string html = "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                     "    <title>Simple index</title>\n  </head>\n  <body>\n";
  for (const std::string& name : names) {
    projects.push_back({{"name", name}});
    const std::string n = normalize_project_name(name);
    html += "    <a href=\"/simple/" + html_escape(n) + "/\">" + html_escape(name) + "</a>\n";
  }
  html += "  </body>\n</html>\n";
  server.add("/simple/", json_response({{"meta", {{"api-version", "1.1"}}}, {"projects", projects}}, kSimpleJson));
  HttpResponse page;
  page.content_type = "text/html";
  page.body = html;
  server.add("/simple/", page);
}

std::vector<IndexProject> replica_index_projects() {
  IndexProject tool{"benign-subprocess-tool", {subprocess_tool_release("1.9", 24 * 120), subprocess_tool_release("2.0", 24 * 60)}};
  return {litellm(),         tool,          clipboard_helper(),          digest_mismatch(),
          depconf_probe(),   env_beacon(),  plain_project("slow-pkg"),   plain_project("flaky-pkg"),
          plain_project("broken-pkg"),      plain_project("reset-pkg")};
}

void publish_replica_index(IndexServer& server) {
  std::vector<std::string> names;
  for (const IndexProject& p : replica_index_projects()) {
    publish(server, p);
    names.push_back(p.name);
    RouteBehaviour b;
    if (p.name == "slow-pkg") b.delay = kSlowDelay;
    else if (p.name == "flaky-pkg") b.fail_first = kFlakyFailures;
    else if (p.name == "broken-pkg") b.fail_first = std::numeric_limits<int>::max(), b.fail_status = 503;
    else if (p.name == "reset-pkg") b.reset = true;
    else continue;
    for (const std::string& page : project_pages(p)) server.set_behaviour(page, b);
  }
  publish_root(server, names);
}

}  // namespace canary::test
