// A package index the tests build from the replica corpus and publish on an
// IndexServer: PyPI's JSON API (/pypi/NAME/json, /pypi/NAME/VERSION/json),
// the Simple API (/simple/ and /simple/NAME/, PEP 691 JSON and PEP 503 HTML
// on the same URL, chosen by Accept), PEP 740 provenance (/integrity/...),
// and the files under /packages/. docs/registry.md lists the projects.
#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "index_server.hpp"

namespace canary::test {

struct IndexFile {
  std::string filename;
  std::string bytes;               // what the server sends
  std::string packagetype;         // "bdist_wheel" or "sdist"
  std::string published_sha256;    // empty: sha256 of bytes; else what the index claims (a mismatch)
};

struct IndexRelease {
  std::string version;
  std::vector<IndexFile> files;
  double hours_ago = 24 * 365;     // upload time of every file, relative to publishing
  std::string author, author_email, maintainer, maintainer_email;
  std::string home_page;
  std::map<std::string, std::string> project_urls;  // "Repository" -> URL, ...
  bool yanked = false;
  std::string yanked_reason;
  // Non-empty: each file has a PEP 740 provenance from a GitHub trusted
  // publisher with this repository ("owner/name") and workflow.
  std::string publisher_repository;
  std::string publisher_workflow = "publish.yml";
};

struct IndexProject {
  std::string name;                    // as the index displays it
  std::vector<IndexRelease> releases;  // oldest first; the last non-yanked one is "latest"
};

// PEP 503 normalisation: lower case, runs of "-", "_", "." become one "-".
std::string normalize_project_name(const std::string& name);

// Registers every route of `project` (and adds it to the /simple/ root list).
void publish(IndexServer& server, const IndexProject& project,
             std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
// The /simple/ root page listing `names` (JSON and HTML).
void publish_root(IndexServer& server, const std::vector<std::string>& names);

// The projects of the replica index (docs/registry.md, "The test index"):
//   litellm            1.82.5, 1.82.6 clean (wheel + sdist, trusted publishing),
//                      1.82.7 malicious (replica), 1.82.8 newest, compromised
//                      (.pth replica), both uploaded hours ago, no provenance
//   benign-subprocess-tool  1.9, 2.0 clean
//   clipboard-helper   0.9 clean, 1.0 yanked ("Broken clipboard access on Wayland")
//   digest-mismatch    1.0: the index's sha256 is not the served file's
//   depconf-probe      1.0.0 clean sdist, 99.0.0 the dependency-confusion replica
//   env-beacon         0.2: one release, 5 h old, no URLs, malicious replica
//   slow-pkg           1.0: its index pages answer after kSlowDelay
//   flaky-pkg          1.0: its index pages answer 500 twice, then normally
//   broken-pkg         1.0: its index pages always answer 503
//   reset-pkg          1.0: its index pages reset the connection
std::vector<IndexProject> replica_index_projects();
inline constexpr std::chrono::milliseconds kSlowDelay{3000};
inline constexpr int kFlakyFailures = 2;

// Publishes replica_index_projects() with the behaviours above.
void publish_replica_index(IndexServer& server);

// Every index page of a project (JSON API, both Simple forms), for behaviours.
std::vector<std::string> project_pages(const IndexProject& project);

}  // namespace canary::test
