// Printing a CheckReport: text for people (the release, its signals, each
// file as `canary scan` shows it, the verdict and the rollback hint) and one
// JSON object for tools (docs/registry.md, "JSON output").
#include <cstdio>
#include <nlohmann/json.hpp>

#include "check_report.hpp"
#include "output.hpp"
#include "terminal.hpp"

namespace canary::cli {
namespace {
using json = nlohmann::ordered_json;

std::string score_text(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", display_score(score));
  return buf;
}

// The metadata signals worth a line of text: those a reader acts on.
std::vector<std::string> signal_lines(const ReleaseFacts& r) {
  std::vector<std::string> out;
  if (r.age_hours >= 0)
    out.push_back("uploaded " + std::to_string(r.age_hours) + " h ago" +
                  (r.age_hours < r.cooldown_hours ? " (inside the " + std::to_string(r.cooldown_hours) + " h cooldown)" : ""));
  if (r.interval_hours >= 0 && r.usual_interval_hours >= 0)
    out.push_back(std::to_string(r.interval_hours) + " h after the previous release; usually " +
                  std::to_string(r.usual_interval_hours) + " h" + (r.off_cadence ? " (off cadence)" : ""));
  if (r.provenance) out.push_back("provenance: " + (r.publisher.empty() ? std::string("yes") : r.publisher));
  else if (r.previous_provenance) out.push_back("provenance: none (the previous release had: " + r.previous_publisher + ")");
  if (r.author_changed) out.push_back("author changed: \"" + r.previous_author + "\" -> \"" + r.author + "\"");
  if (!r.has_project_url) out.push_back("no home page or repository URL");
  if (r.yanked) out.push_back("yanked" + (r.yanked_reason.empty() ? std::string() : ": " + r.yanked_reason));
  if (r.version_jump >= 10) out.push_back("version jumps " + std::to_string(r.version_jump) + " major versions");
  if (r.release_count == 1) out.push_back("the project's only release");
  if (r.known_malicious) out.push_back("known malicious: " + r.advisory);
  return out;
}

json release_json(const ReleaseFacts& r) {
  json j = json::object();
  for (std::string_view name : release_fact_names()) {
    ReleaseFactValue v;
    get_release_fact(r, name, v);
    std::string key(name.substr(std::string_view("release.").size()));
    switch (v.type) {
      case ReleaseFactValue::Type::Bool: j[key] = v.boolean; break;
      case ReleaseFactValue::Type::Int: j[key] = v.number; break;
      case ReleaseFactValue::Type::String: j[key] = std::string(v.text); break;
    }
  }
  return j;
}

const char* kind_text(registry::DistKind k) {
  switch (k) {
    case registry::DistKind::Wheel: return "wheel";
    case registry::DistKind::Sdist: return "sdist";
    default: return "other";
  }
}

}  // namespace

void print_check_text(const CheckReport& report, std::ostream& out, bool color) {
  out << paint(escape_for_terminal(report.project + " " + report.version), Style::Bold, color)
      << (report.latest ? " (latest)" : "") << " on " << escape_for_terminal(report.index_url) << '\n';
  for (const std::string& line : signal_lines(report.release)) out << "  " << escape_for_terminal(line) << '\n';
  out << '\n';
  auto writer = make_report_writer(OutputFormat::Table, out, color);
  for (const CheckedFile& c : report.files) writer->write(c.report);
  out << '\n'
      << "verdict   " << paint(to_string(report.verdict), verdict_style(report.verdict), color) << " (score "
      << score_text(report.score) << ", " << report.files.size() << (report.files.size() == 1 ? " file)" : " files)")
      << '\n';
  if (report.rollback) {
    const RollbackHint& h = *report.rollback;
    if (!h.version.empty())
      out << "rollback  " << paint(escape_for_terminal(h.version), Style::Bold, color)
          << " is the most recent earlier release that scans clean (" << to_string(h.verdict) << ", score "
          << score_text(h.score) << ")\n";
    else
      out << "rollback  none: " << escape_for_terminal(h.note) << '\n';
    if (!h.skipped.empty()) {
      out << "          skipped:";
      const char* sep = " ";
      for (const std::string& s : h.skipped) out << sep << escape_for_terminal(s), sep = ", ";
      out << '\n';
    }
  }
  for (const std::string& m : report.missing) out << "missing from the cache: " << escape_for_terminal(m) << '\n';
  out << std::flush;
}

void print_check_json(const CheckReport& report, std::ostream& out) {
  json j;
  j["index"] = report.index_url;
  j["project"] = report.project;
  j["version"] = report.version;
  j["latest"] = report.latest;
  j["verdict"] = std::string(to_string(report.verdict));
  j["score"] = display_score(report.score);
  j["release"] = release_json(report.release);
  json files = json::array();
  for (const CheckedFile& c : report.files) {
    json f;
    f["filename"] = c.file.filename;
    f["url"] = c.file.url;
    f["kind"] = kind_text(c.file.kind);
    f["sha256"] = c.file.sha256;
    f["received_sha256"] = c.actual_sha256;
    f["digest_mismatch"] = c.digest_mismatch;
    f["from_cache"] = c.from_cache;
    f["yanked"] = c.file.yanked;
    f["error"] = c.error;
    f["report"] = json::parse(report_json_line(c.report));
    files.push_back(std::move(f));
  }
  j["files"] = std::move(files);
  if (report.rollback) {
    const RollbackHint& h = *report.rollback;
    j["rollback"] = {{"version", h.version.empty() ? json(nullptr) : json(h.version)},
                     {"verdict", h.version.empty() ? json(nullptr) : json(std::string(to_string(h.verdict)))},
                     {"skipped", h.skipped},
                     {"note", h.note}};
  } else {
    j["rollback"] = nullptr;
  }
  j["missing"] = report.missing;
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace canary::cli
