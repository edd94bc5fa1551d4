// What source text must surround a captured identifier, read from a query's
// text, so that a prefilter clue can demand it (docs/architecture.md,
// "Prefilters"). `#eq? @f "connect"` alone admits every statement holding
// the name `connect`; when @f is the function of a call, the source has
// `connect` followed by blanks and `(`, and when it is an attribute's name,
// a `.` before it. Two captures on one `attribute` node (`os` and `system`
// in `os.system`) are adjacent in the source and make one clue together.
//
// Only identifiers in these places are understood: the `function:` of a
// `call`, the `object:` and `attribute:` of an `attribute`, and the value
// of an assignment (`right:`, or one item of the `expression_list` there:
// `b = exec`, `a, b = exec, str`). Anything else, or a query this reader
// does not follow, gives no context and the clue stays the bare name.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace canary {

struct CaptureContext {
  // Every place the capture occurs in the pattern is an identifier understood here.
  bool known = false;
  // The identifier is a call's function, or the name of an attribute that
  // is: blanks, comments and line continuations, then `(`, follow it.
  bool called = false;
  // What comes right before the identifier: anything, never a `.` (a plain
  // name: a call's function, an attribute's object), a `.` and blanks, or
  // (an assigned value) a `=` or `,` and blanks.
  enum class Before : unsigned char { Any, NotDot, Dot, Assigned };
  Before before = Before::Any;
  // The identifier is a whole value: after it come blanks, then nothing that
  // would continue the expression (no `(`, `.`, `[` or name character).
  bool whole_value = false;
  // For an attribute's name: the capture on its `object: (identifier)`, and
  // the other way round; "" when there is none (or places disagree).
  std::string object, attribute;
  // For an `object:` capture: whether its attribute is a call's function.
  bool attribute_called = false;
};

using PatternContexts = std::map<std::string, CaptureContext, std::less<>>;

// Per top-level pattern of the query, in order, each capture's context.
// Empty when the text is not understood.
std::vector<PatternContexts> capture_contexts(std::string_view query_text);

// A regex for the blanks Python allows between the tokens of an expression
// inside brackets: whitespace, backslash line continuations, comments.
extern const char* const kPythonGap;

// A regex for what may follow an identifier that is a whole value: blanks
// and line continuations, then the end of the text or a character that
// does not continue the expression (`\n`, `;`, `#`, `,`, `)`...).
extern const char* const kValueEnd;

}  // namespace canary
