// Printing an evaluation: text for people, JSON for tools (docs/json.md,
// "canary eval"), Markdown to paste into docs/evaluation.md. All three hold
// the same content.
#pragma once
#include <ostream>
#include <string>

#include "eval_result.hpp"

namespace canary::cli {

void write_eval_text(const EvalResult& r, std::ostream& out, bool color);
void write_eval_json(const EvalResult& r, std::ostream& out);
void write_eval_markdown(const EvalResult& r, std::ostream& out);

// Shared by the writers.
constexpr size_t kEvalSlowest = 5;
std::string percent(size_t part, size_t whole);  // "92.25%"; "-" when whole is 0
std::string seconds_text(double s);              // "12.3 s"
std::string location(const Finding& f);          // "setup.py:12", or "setup.py" without a line

}  // namespace canary::cli
