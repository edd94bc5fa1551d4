#include "audit_output.hpp"

#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output.hpp"
#include "terminal.hpp"
#include "version.hpp"

namespace canary::cli {
namespace {

using json = nlohmann::json;

Style severity_style(Severity s) {
  switch (s) {
    case Severity::Critical: return Style::BoldRed;
    case Severity::High: return Style::Red;
    case Severity::Medium: return Style::Yellow;
    default: return Style::Plain;
  }
}

std::string score_text(double score) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << display_score(score);
  return s.str();
}

// The finding that decided the package: the most severe of any of its files.
const Finding* top_finding(const AuditPackage& p, std::string* file_name) {
  const Finding* best = nullptr;
  for (size_t i = 0; i < p.artifacts.size(); ++i)
    for (const Finding& f : p.artifacts[i].findings)
      if (!best || f.severity > best->severity) {
        best = &f;
        if (file_name) *file_name = p.artifact_files[i];
      }
  return best;
}

std::string pad(const std::string& s, size_t width) { return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' '); }

std::string origins_text(const AuditPackage& p) {
  std::string out = p.origins.empty() ? "" : p.origins.front().str();
  if (p.origins.size() > 1) out += " (+" + std::to_string(p.origins.size() - 1) + ")";
  return out;
}

}  // namespace

void write_audit_table(const AuditReport& report, std::ostream& out, bool color) {
  for (const AuditFile& f : report.files) {
    if (!f.error.empty()) {
      out << paint("unreadable", Style::BoldRed, color) << "  " << escape_for_terminal(f.error) << "\n";
      continue;
    }
    out << escape_for_terminal(f.path) << ": " << f.format << ", " << f.dependencies << " dependencies";
    if (f.included.size() > 1) out << " (" << f.included.size() - 1 << " included files)";
    out << "\n";
  }
  if (!report.index_url.empty()) out << "packages from " << escape_for_terminal(report.index_url) << "\n";
  if (!report.policy.empty()) {
    out << "\n" << paint("policy", Style::Bold, color) << "\n";
    for (const PolicyFinding& f : report.policy) {
      out << "  " << paint(pad(std::string(to_string(f.severity)), 9), severity_style(f.severity), color)
          << pad(f.id, 20) << escape_for_terminal(f.origin.str()) << "\n      " << escape_for_terminal(f.detail) << "\n";
    }
  }
  size_t widest = 7;
  for (const AuditPackage& p : report.packages) widest = std::max(widest, p.normalized.size());
  widest = std::min<size_t>(widest, 40);
  if (!report.packages.empty()) {
    out << "\n" << paint(pad("PACKAGE", widest + 1) + pad("VERSION", 13) + pad("VERDICT", 11) + pad("SCORE", 6) + "TOP FINDING", Style::Bold, color)
        << "\n";
  }
  std::map<std::string, size_t> counts;
  for (const AuditPackage& p : report.packages) {
    std::string verdict, finding;
    Style style = Style::Plain;
    switch (p.status) {
      case PackageStatus::Scanned: {
        verdict = std::string(to_string(p.verdict));
        style = verdict_style(p.verdict);
        std::string file;
        if (const Finding* f = top_finding(p, &file))
          finding = f->rule + " (" + file + (f->file.empty() ? "" : ": " + f->file) + (f->line ? ":" + std::to_string(f->line) : "") + ")";
        else
          finding = "-";
        counts[verdict]++;
        break;
      }
      case PackageStatus::NotPinned: verdict = "NOT_PINNED"; finding = "not scanned: " + origins_text(p); style = Style::Yellow; break;
      case PackageStatus::NotIndexed: verdict = "NOT_INDEXED"; finding = "not scanned (URL, VCS or path): " + origins_text(p); style = Style::Dim; break;
      case PackageStatus::Failed: verdict = "FAILED"; finding = p.error; style = Style::BoldRed; break;
      case PackageStatus::Skipped: verdict = "-"; finding = origins_text(p); style = Style::Dim; break;
    }
    if (p.status != PackageStatus::Scanned) counts[std::string(to_string(p.status))]++;
    out << pad(escape_for_terminal(p.normalized), widest + 1) << pad(escape_for_terminal(p.version.empty() ? "-" : p.version), 13)
        << paint(pad(verdict, 11), style, color) << pad(p.status == PackageStatus::Scanned ? score_text(p.score) : "", 6)
        << escape_for_terminal(finding) << "\n";
  }
  // A verdict over packages that were not all scanned is not a clean bill.
  bool incomplete = counts.count("failed") > 0;
  for (const AuditFile& f : report.files) incomplete = incomplete || !f.error.empty();
  out << "\n" << paint("audit: " + std::string(to_string(report.verdict)) + (incomplete ? " (incomplete)" : ""),
                       verdict_style(report.verdict), color)
      << " — "
      << report.packages.size() << " packages";
  for (const auto& [what, n] : counts) out << ", " << n << " " << what;
  size_t worst_policy = 0;
  for (const PolicyFinding& f : report.policy) worst_policy += f.severity >= Severity::High;
  out << "; " << report.policy.size() << " policy findings (" << worst_policy << " high or critical)\n";
}

std::string audit_json(const AuditReport& report) {
  json doc;
  doc["canary_version"] = std::string(kCanaryVersion);
  doc["verdict"] = std::string(to_string(report.verdict));
  doc["index"] = report.index_url.empty() ? json(nullptr) : json(report.index_url);
  doc["missing"] = report.missing;
  json files = json::array();
  for (const AuditFile& f : report.files) {
    json j{{"path", f.path}};
    if (!f.error.empty()) j["error"] = f.error;
    else {
      j["format"] = f.format;
      j["dependencies"] = f.dependencies;
      j["included"] = f.included;
    }
    files.push_back(std::move(j));
  }
  doc["files"] = std::move(files);
  json policy = json::array();
  for (const PolicyFinding& f : report.policy)
    policy.push_back({{"id", f.id}, {"severity", std::string(to_string(f.severity))}, {"title", f.title}, {"package", f.package},
                      {"detail", f.detail}, {"file", f.origin.file}, {"line", f.origin.line}});
  doc["policy"] = std::move(policy);
  json packages = json::array();
  for (const AuditPackage& p : report.packages) {
    json j{{"name", p.name}, {"normalized", p.normalized}, {"version", p.version}, {"status", std::string(to_string(p.status))}};
    json origins = json::array();
    for (const SourcePosition& o : p.origins) origins.push_back({{"file", o.file}, {"line", o.line}});
    j["origins"] = std::move(origins);
    if (p.status == PackageStatus::Scanned || !p.artifacts.empty()) {  // failed ones keep what did scan
      j["verdict"] = std::string(to_string(p.verdict));
      j["score"] = display_score(p.score);
    }
    if (!p.error.empty()) j["error"] = p.error;
    json artifacts = json::array();
    for (size_t i = 0; i < p.artifacts.size(); ++i) {
      json a = json::parse(report_json_line(p.artifacts[i]));
      a["file_name"] = p.artifact_files[i];
      artifacts.push_back(std::move(a));
    }
    j["artifacts"] = std::move(artifacts);
    packages.push_back(std::move(j));
  }
  doc["packages"] = std::move(packages);
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

void write_audit_json(const AuditReport& report, std::ostream& out) { out << audit_json(report) << "\n"; }

}  // namespace canary::cli
