#include "output.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "sarif_output.hpp"
#include "terminal.hpp"
#include "version.hpp"

namespace canary::cli {

// ordered_json keeps fields in the documented order (path first), which
// makes the output easier to read; consumers must not depend on order.
using json = nlohmann::ordered_json;

bool parse_output_format(std::string_view s, OutputFormat& out) {
  if (s == "table") out = OutputFormat::Table;
  else if (s == "json") out = OutputFormat::Json;
  else if (s == "jsonl") out = OutputFormat::Jsonl;
  else if (s == "sarif") out = OutputFormat::Sarif;
  else return false;
  return true;
}

double display_score(double score) { return std::round(score * 10.0) / 10.0; }

Style verdict_style(Verdict v) {
  switch (v) {
    case Verdict::Safe: return Style::Green;
    case Verdict::LowRisk: return Style::Yellow;
    case Verdict::HighRisk: return Style::Red;
    case Verdict::Malicious: return Style::BoldRed;
  }
  return Style::Plain;
}

namespace {

// Artifact content is hostile and may hold any bytes: never let nlohmann
// throw on invalid UTF-8, replace it instead.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json report_json(const ArtifactReport& r) {
  json findings = json::array();
  for (const Finding& f : r.findings) findings.push_back(finding_json(f));
  // Nothing was seen in an unreadable artifact, so it has no score and no
  // verdict: null, never "SAFE", so that a consumer testing
  // `verdict == "SAFE"` fails closed.
  json score = r.unreadable ? json(nullptr) : json(display_score(r.score));
  json verdict = r.unreadable ? json(nullptr) : json(std::string(to_string(r.verdict)));
  return json{{"path", r.path},
              {"sha256", r.sha256},
              {"kind", r.kind},
              {"score", std::move(score)},
              {"verdict", std::move(verdict)},
              {"findings", std::move(findings)},
              {"errors", r.errors},
              {"unreadable", r.unreadable},
              {"files_scanned", r.files_scanned},
              {"bytes_scanned", r.bytes_scanned},
              {"files_parsed", r.files_parsed},
              {"files_decoded", r.files_decoded}};
}

class JsonlWriter final : public ReportWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void write(const ArtifactReport& report) override { out_ << report_json_line(report) << '\n' << std::flush; }
  void finish() override {}

 private:
  std::ostream& out_;
};

// Streams one document, one artifact object per line, so a large run is
// never held in memory and stays readable when pretty-printers are absent.
class JsonWriter final : public ReportWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {
    out_ << "{\"canary_version\":" << dump(json(std::string(kCanaryVersion))) << ",\"artifacts\":[";
  }
  void write(const ArtifactReport& report) override {
    out_ << (first_ ? "\n" : ",\n") << report_json_line(report);
    first_ = false;
  }
  void finish() override { out_ << (first_ ? "]}\n" : "\n]}\n") << std::flush; }

 private:
  std::ostream& out_;
  bool first_ = true;
};

Style severity_style(Severity s) {
  switch (s) {
    case Severity::Info: return Style::Dim;
    case Severity::Low: return Style::Cyan;
    case Severity::Medium: return Style::Yellow;
    case Severity::High: return Style::Red;
    case Severity::Critical: return Style::BoldRed;
  }
  return Style::Plain;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string location(const Finding& f) {
  std::string loc = escape_for_terminal(f.file);
  if (f.line > 0) {
    loc += ':' + std::to_string(f.line);
    if (f.column > 0) loc += ':' + std::to_string(f.column);
  }
  return loc;
}

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", display_score(score));
  return buf;
}

// One block per artifact:
//
//   dist/litellm-1.82.8-py3-none-any.whl
//     kind      wheel
//     sha256    8c1f0e4b2a9d7c31...
//     verdict   MALICIOUS (score 10.0)
//     scanned   14 files, 52311 bytes
//     findings  1
//       CRITICAL  PTH_EXEC_DECODE  litellm_init.pth:1:1
//                 .pth file decodes and executes data at interpreter start-up
//                 > import subprocess, sys; subprocess.Popen(...)
class TableWriter final : public ReportWriter {
 public:
  TableWriter(std::ostream& out, bool color) : out_(out), color_(color) {}

  void write(const ArtifactReport& r) override {
    ++artifacts_;
    if (artifacts_ > 1) out_ << '\n';
    out_ << paint(escape_for_terminal(r.path), Style::Bold, color_) << '\n';
    if (r.unreadable) {
      ++unreadable_;
      out_ << "  verdict   " << paint("UNREADABLE", Style::Red, color_) << " (not scanned)\n";
    } else {
      ++by_verdict_[static_cast<size_t>(r.verdict)];
      if (!r.kind.empty()) out_ << "  kind      " << escape_for_terminal(r.kind) << '\n';
      if (!r.sha256.empty()) out_ << "  sha256    " << r.sha256.substr(0, 16) << "...\n";
      out_ << "  verdict   " << paint(to_string(r.verdict), verdict_style(r.verdict), color_) << " (score "
           << score_text(r.score) << ")\n";
      out_ << "  scanned   " << r.files_scanned << (r.files_scanned == 1 ? " file, " : " files, ") << r.bytes_scanned
           << (r.bytes_scanned == 1 ? " byte\n" : " bytes\n");
      if (r.files_decoded > 0)
        out_ << "  decoded   " << r.files_decoded << (r.files_decoded == 1 ? " layer scanned as a file\n" : " layers scanned as files\n");
      write_findings(r);
    }
    if (!r.errors.empty()) {
      out_ << "  errors    " << r.errors.size() << '\n';
      for (const std::string& e : r.errors) out_ << "    - " << escape_for_terminal(e) << '\n';
    }
    out_ << std::flush;
  }

  void finish() override {
    if (artifacts_ < 2) return;
    out_ << "\n" << artifacts_ << " artifacts:";
    const char* sep = " ";
    for (size_t i = by_verdict_.size(); i-- > 0;) {
      if (by_verdict_[i] == 0) continue;
      auto v = static_cast<Verdict>(i);
      out_ << sep << by_verdict_[i] << ' ' << paint(to_string(v), verdict_style(v), color_);
      sep = ", ";
    }
    if (unreadable_ > 0) out_ << sep << unreadable_ << ' ' << paint("UNREADABLE", Style::Red, color_);
    out_ << '\n' << std::flush;
  }

 private:
  void write_findings(const ArtifactReport& r) {
    out_ << "  findings  " << r.findings.size() << '\n';
    if (r.findings.empty()) return;
    std::vector<const Finding*> sorted;
    for (const Finding& f : r.findings) sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    size_t rule_width = 0;
    for (const Finding* f : sorted) rule_width = std::max(rule_width, f->rule.size());
    const std::string indent(4 + 10, ' ');  // under the rule column
    for (const Finding* f : sorted) {
      std::string sev = pad(upper(to_string(f->severity)), 8);
      out_ << "    " << paint(sev, severity_style(f->severity), color_) << "  "
           << pad(escape_for_terminal(f->rule), rule_width) << "  " << location(*f) << '\n';
      if (!f->title.empty()) out_ << indent << escape_for_terminal(f->title) << '\n';
      if (!f->decoded_from.empty()) {
        std::string chain;
        for (const std::string& c : f->decode_chain) chain += (chain.empty() ? "" : " > ") + c;
        out_ << indent << "decoded (" << escape_for_terminal(chain) << ") from " << escape_for_terminal(f->decoded_from)
             << ':' << f->decoded_line << '\n';
      }
      if (!f->excerpt.empty()) out_ << indent << paint("> " + escape_for_terminal(f->excerpt), Style::Dim, color_) << '\n';
    }
  }

  std::ostream& out_;
  bool color_;
  size_t artifacts_ = 0;
  size_t unreadable_ = 0;
  std::array<size_t, 4> by_verdict_{};
};

}  // namespace

json finding_json(const Finding& f) {
  json from = f.decoded_from.empty() ? json(nullptr) : json{{"file", f.decoded_from}, {"line", f.decoded_line}};
  return json{{"rule", f.rule},   {"pack", f.pack}, {"severity", std::string(to_string(f.severity))},
              {"title", f.title}, {"file", f.file},
              {"line", f.line},   {"column", f.column}, {"lines", f.lines},
              {"excerpt", f.excerpt}, {"tags", f.tags},
              {"decode_chain", f.decode_chain}, {"decoded_from", std::move(from)}};
}

std::string report_json_line(const ArtifactReport& report) { return dump(report_json(report)); }

std::unique_ptr<ReportWriter> make_report_writer(OutputFormat format, std::ostream& out, bool color) {
  switch (format) {
    case OutputFormat::Table: return std::make_unique<TableWriter>(out, color);
    case OutputFormat::Json: return std::make_unique<JsonWriter>(out);
    case OutputFormat::Jsonl: return std::make_unique<JsonlWriter>(out);
    // Without packs: rule descriptors then come from the findings alone.
    case OutputFormat::Sarif: return make_sarif_writer(out, SarifRun{"scan", {}, {}, {}, {}, 0, {}, {}});
  }
  return nullptr;
}

}  // namespace canary::cli
