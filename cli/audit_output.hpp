// Printing an AuditReport: a table for people, one JSON document for tools
// (fields documented in docs/audit.md).
#pragma once
#include <ostream>
#include <string>

#include "audit_report.hpp"

namespace canary::cli {

void write_audit_table(const AuditReport& report, std::ostream& out, bool color);
void write_audit_json(const AuditReport& report, std::ostream& out);
// The JSON document as a string (what write_audit_json prints, without the newline).
std::string audit_json(const AuditReport& report);

}  // namespace canary::cli
