#include "sarif_output.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "exit_status.hpp"
#include "version.hpp"
#include "engine/sha256.hpp"
#include "uri_path.hpp"

namespace canary::cli {

using json = nlohmann::ordered_json;

namespace {

// The `id` of the OASIS schema (errata01) that tests/data/sarif holds.
constexpr const char* kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// GitHub code scanning reads "security-severity" (a number as a string,
// 0.0-10.0) to rank security alerts; the bands follow its documented ranges
// (>= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low).
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
    case Severity::Info: return "1.0";
  }
  return "1.0";
}

// Tags keep their order, lose duplicates (SARIF wants a set) and always
// include "security", which GitHub needs to treat the alert as a security one.
json tag_set(const std::vector<std::string>& tags) {
  json out = json::array();
  std::set<std::string> seen;
  for (const std::string& t : tags)
    if (seen.insert(t).second) out.push_back(t);
  if (!seen.count("security")) out.push_back("security");
  return out;
}

std::string help_text(const std::string& description, const std::string& title,
                      const std::vector<std::string>& references) {
  std::string text = description.empty() ? title : description;
  if (!references.empty()) {
    text += "\n\nReferences:";
    for (const std::string& r : references) text += "\n- " + r;
  }
  return text;
}

json descriptor(const std::string& id, const std::string& title, const std::string& description, Severity severity,
                const std::vector<std::string>& tags, const std::vector<std::string>& references) {
  // `name` is the id without the pack prefix: SARIF wants a readable name.
  size_t colon = id.find(':');
  std::string name = colon == std::string::npos ? id : id.substr(colon + 1);
  std::string short_text = title.empty() ? name : title;
  return json{{"id", id},
              {"name", name},
              {"shortDescription", {{"text", short_text}}},
              {"fullDescription", {{"text", description.empty() ? short_text : description}}},
              {"help", {{"text", help_text(description, short_text, references)}}},
              {"defaultConfiguration", {{"level", sarif_level(severity)}}},
              {"properties",
               {{"severity", std::string(to_string(severity))},
                {"security-severity", security_severity(severity)},
                {"tags", tag_set(tags)}}}};
}

// Every rule a finding may name, by the id findings carry ("pack:ID").
class RuleIndex {
 public:
  explicit RuleIndex(const SarifRun& run) {
    for (const CompiledPack* pack : run.packs)
      for (const CompiledRule& r : pack->rules) {
        if (r.is_private) continue;
        std::string id = pack->name.empty() ? r.id : pack->name + ":" + r.id;
        pack_rules_.emplace(id, &r);
      }
    for (const SarifRule& r : run.extra_rules) extra_.emplace(r.id, &r);
  }

  // The index of the rule in `rules`, adding its descriptor on first use.
  size_t use(const Finding& f, json& rules) {
    auto known = used_.find(f.rule);
    if (known != used_.end()) return known->second;
    if (auto p = pack_rules_.find(f.rule); p != pack_rules_.end()) {
      const CompiledRule& r = *p->second;
      rules.push_back(descriptor(f.rule, r.title, r.description, r.severity, r.tags, r.references));
    } else if (auto e = extra_.find(f.rule); e != extra_.end()) {
      const SarifRule& r = *e->second;
      rules.push_back(descriptor(r.id, r.title, r.description, r.severity, r.tags, r.references));
    } else {
      rules.push_back(descriptor(f.rule, f.title, "", f.severity, f.tags, {}));
    }
    used_.emplace(f.rule, rules.size() - 1);
    return rules.size() - 1;
  }

 private:
  std::map<std::string, const CompiledRule*> pack_rules_;
  std::map<std::string, const SarifRule*> extra_;
  std::map<std::string, size_t> used_;
};

// The file a finding points at, relative to its artifact: the real file for a
// finding in a decoded layer, whose line is then where the blob starts.
struct FindingPlace {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

FindingPlace place_of(const Finding& f) {
  if (!f.decoded_from.empty()) return {f.decoded_from, f.decoded_line, 0};
  return {f.file, f.line, f.column};
}

// Stable across runs and line moves: the rule, the file inside the artifact
// and the matched text identify a finding; the line does not.
std::string fingerprint(const Finding& f, const std::string& artifact_name) {
  Sha256 h;
  for (const std::string* part : {&f.rule, &artifact_name, &f.file, &f.excerpt}) {
    h.update(*part);
    h.update(std::string_view("\0", 1));
  }
  return h.finish_hex();
}

std::string file_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

json region_of(const FindingPlace& p, const Finding& f) {
  json region = json::object();
  region["startLine"] = p.line;
  if (p.column > 0) region["startColumn"] = p.column;
  if (!f.excerpt.empty() && f.decoded_from.empty()) region["snippet"] = {{"text", f.excerpt}};
  return region;
}

// run.artifacts: each analysed artifact, then each file inside one that a
// result points at, once (SARIF wants the array's items unique).
class ArtifactTable {
 public:
  json items = json::array();

  size_t add_target(const ArtifactReport& r) {
    // The same path given twice is one artifact.
    auto [it, added] = targets_.try_emplace(r.path, items.size());
    if (!added) return it->second;
    json artifact = {{"location", {{"uri", sarif_uri(r.path)}}}, {"roles", json::array({"analysisTarget"})}};
    if (!r.sha256.empty()) artifact["hashes"] = {{"sha-256", r.sha256}};
    artifact["properties"] = {{"kind", r.kind}};
    items.push_back(std::move(artifact));
    return items.size() - 1;
  }

  size_t add_inner(size_t parent, const std::string& file) {
    auto [it, added] = inner_.try_emplace({parent, file}, items.size());
    if (added) items.push_back(json{{"location", {{"uri", sarif_uri(file)}}}, {"parentIndex", parent}});
    return it->second;
  }

 private:
  std::map<std::string, size_t> targets_;
  std::map<std::pair<size_t, std::string>, size_t> inner_;
};

json result_of(const Finding& f, size_t rule_index, size_t artifact_index, const SarifTarget& target,
               ArtifactTable& artifacts) {
  const ArtifactReport& report = *target.report;
  FindingPlace p = place_of(f);
  json inner = json::object();
  if (p.file.empty()) {
    // A finding about the artifact itself (a lockfile line, release metadata).
    inner["artifactLocation"] = {{"uri", sarif_uri(report.path)}, {"index", artifact_index}};
  } else {
    // The file inside the artifact, listed once in run.artifacts as a child
    // of the artifact (SARIF's nested artifacts, parentIndex).
    inner["artifactLocation"] = {{"uri", sarif_uri(p.file)}, {"index", artifacts.add_inner(artifact_index, p.file)}};
  }
  if (p.line > 0) inner["region"] = region_of(p, f);

  json locations = json::array(), related = json::array();
  if (target.origin_file.empty()) {
    locations.push_back(json{{"physicalLocation", std::move(inner)}});
  } else {
    json origin = {{"artifactLocation", {{"uri", sarif_uri(target.origin_file)}}}};
    if (target.origin_line > 0) origin["region"] = {{"startLine", target.origin_line}};
    locations.push_back(json{{"physicalLocation", std::move(origin)}});
    related.push_back(json{{"id", 0},
                           {"physicalLocation", std::move(inner)},
                           {"message", {{"text", "in " + file_name(report.path)}}}});
  }

  std::string text = f.title.empty() ? f.rule : f.title;
  if (!target.origin_file.empty()) text += " (" + file_name(report.path) + (p.file.empty() ? "" : ": " + p.file) + ")";
  if (!f.decoded_from.empty()) text += " (in a decoded layer: " + f.file + ")";
  json properties = {{"severity", std::string(to_string(f.severity))}, {"tags", tag_set(f.tags)}};
  if (!f.decode_chain.empty()) {
    properties["decodeChain"] = f.decode_chain;
    properties["decodedLayer"] = f.file;
    properties["decodedLine"] = f.line;
    if (!f.excerpt.empty()) properties["decodedExcerpt"] = f.excerpt;
  }
  if (!f.lines.empty()) properties["lines"] = f.lines;
  json result = {{"ruleId", f.rule},
                 {"ruleIndex", rule_index},
                 {"level", sarif_level(f.severity)},
                 {"message", {{"text", text}}},
                 {"analysisTarget", {{"uri", sarif_uri(report.path)}, {"index", artifact_index}}},
                 {"locations", std::move(locations)}};
  if (!related.empty()) result["relatedLocations"] = std::move(related);
  result["partialFingerprints"] = {{"canaryFinding/v1", fingerprint(f, file_name(report.path))}};
  result["properties"] = std::move(properties);
  return result;
}

json artifact_properties(const ArtifactReport& r) {
  return json{{"path", r.path},
              {"kind", r.kind},
              {"verdict", r.unreadable ? json(nullptr) : json(std::string(to_string(r.verdict)))},
              {"score", r.unreadable ? json(nullptr) : json(display_score(r.score))},
              {"findings", r.findings.size()},
              {"unreadable", r.unreadable}};
}

}  // namespace

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low:
    case Severity::Info: return "note";
  }
  return "note";
}

std::string sarif_uri(std::string_view path) { return uri_path(path); }

json sarif_log(const SarifRun& run) {
  RuleIndex index(run);
  json rules = json::array(), results = json::array();
  ArtifactTable artifacts;
  json notifications = json::array(), artifact_summaries = json::array();
  bool any_unreadable = false;
  std::optional<Verdict> worst;
  double top_score = 0;
  for (const SarifTarget& target : run.targets) {
    const ArtifactReport* r = target.report;
    size_t artifact_index = artifacts.add_target(*r);
    for (const Finding& f : r->findings) {
      size_t rule_index = index.use(f, rules);
      results.push_back(result_of(f, rule_index, artifact_index, target, artifacts));
    }
    for (const std::string& e : r->errors)
      notifications.push_back(json{{"level", r->unreadable ? "error" : "warning"},
                                   {"message", {{"text", r->path + ": " + e}}},
                                   {"locations", json::array({json{{"physicalLocation",
                                                                    {{"artifactLocation",
                                                                      {{"uri", sarif_uri(r->path)},
                                                                       {"index", artifact_index}}}}}}})}});
    artifact_summaries.push_back(artifact_properties(*r));
    if (r->unreadable) {
      any_unreadable = true;
      continue;
    }
    if (!worst || r->verdict > *worst) worst = r->verdict;
    top_score = std::max(top_score, r->score);
  }

  for (const std::string& e : run.errors) {
    notifications.push_back(json{{"level", "error"}, {"message", {{"text", e}}}});
    any_unreadable = true;
  }

  json properties = {{"verdict", worst ? json(std::string(to_string(*worst))) : json(nullptr)},
                     {"score", display_score(top_score)},
                     {"failOn", run.fail_on ? json(std::string(to_string(*run.fail_on))) : json(nullptr)},
                     {"artifacts", std::move(artifact_summaries)}};
  for (auto& [key, value] : run.properties.items()) properties[key] = value;

  json invocation = {{"executionSuccessful", !any_unreadable},
                     {"exitCode", run.exit_code},
                     {"toolExecutionNotifications", std::move(notifications)},
                     {"properties", {{"verdict", properties["verdict"]}, {"score", properties["score"]}}}};
  json driver = {{"name", "canary"},
                 {"semanticVersion", std::string(kCanaryVersion)},
                 {"version", std::string(kCanaryVersion)},
                 {"rules", std::move(rules)}};
  std::vector<std::string> pack_names;
  for (const CompiledPack* p : run.packs)
    if (!p->name.empty()) pack_names.push_back(p->name + (p->version.empty() ? "" : " " + p->version));
  if (!pack_names.empty()) driver["properties"] = {{"packs", pack_names}};
  json one_run = {{"tool", {{"driver", std::move(driver)}}},
                  {"automationDetails", {{"id", "canary/" + run.command + "/"}}},
                  {"invocations", json::array({std::move(invocation)})},
                  {"artifacts", std::move(artifacts.items)},
                  {"results", std::move(results)},
                  {"columnKind", "unicodeCodePoints"},
                  {"properties", std::move(properties)}};
  return json{{"$schema", kSchemaUri}, {"version", "2.1.0"}, {"runs", json::array({std::move(one_run)})}};
}

std::string sarif_text(const json& log) { return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

namespace {

class SarifWriter final : public ReportWriter {
 public:
  SarifWriter(std::ostream& out, SarifRun base) : out_(out), run_(std::move(base)) {}
  void write(const ArtifactReport& report) override { reports_.push_back(report); }
  void finish() override {
    bool any_failed = false, any_unreadable = false;
    for (const ArtifactReport& r : reports_) {
      run_.targets.push_back(SarifTarget{&r, "", 0});
      if (r.unreadable) any_unreadable = true;
      else if (run_.fail_on && r.verdict >= *run_.fail_on) any_failed = true;
    }
    run_.exit_code = scan_exit_status(any_failed, any_unreadable);
    out_ << sarif_text(sarif_log(run_)) << std::flush;
  }

 private:
  std::ostream& out_;
  SarifRun run_;
  std::vector<ArtifactReport> reports_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, SarifRun base) {
  return std::make_unique<SarifWriter>(out, std::move(base));
}

}  // namespace canary::cli
