#include "query_context.hpp"

#include "query_sexp.hpp"

namespace canary {

const char* const kPythonGap = "(?:[ \\t\\f\\r\\n\\\\]|#[^\\n]*)*";
const char* const kValueEnd = "[ \\t\\f\\\\]*(?:[^\\w(.\\[ \\t\\f\\\\]|$)";

namespace {

using sexp::Item;

// Where an element hangs: its enclosing node, the field it is under, and the
// same one level up.
struct Place {
  const Item* parent = nullptr;
  std::string_view field;
  const Item* grandparent = nullptr;
  std::string_view parent_field;
};

bool is_node(const Item& it) { return it.open == '(' && !it.predicate && !it.word.empty(); }

// The first capture on the child of `node` under `field`, if that child is a
// plain `(identifier)`; "".
std::string_view identifier_capture(const Item& node, std::string_view field) {
  for (const Item& k : node.kids)
    if (k.field == field && is_node(k) && k.word == "identifier" && !k.captures.empty() && !k.quantifier)
      return k.captures.front();
  return {};
}

CaptureContext context_at(const Place& at) {
  CaptureContext c;
  if (!at.parent) return c;
  const std::string_view type = at.parent->word;
  const bool parent_called = at.grandparent && at.grandparent->word == "call" && at.parent_field == "function";
  if (type == "call" && at.field == "function") {
    c.known = true;
    c.called = true;
    c.before = CaptureContext::Before::NotDot;
  } else if (type == "attribute" && at.field == "attribute") {
    c.known = true;
    c.called = parent_called;
    c.before = CaptureContext::Before::Dot;
    c.object = std::string(identifier_capture(*at.parent, "object"));
  } else if ((type == "assignment" && at.field == "right") ||
             (type == "expression_list" && at.grandparent && at.grandparent->word == "assignment" &&
              at.parent_field == "right")) {
    // `b = exec`, `a, b = exec, str`: `=` or `,` before; after it the
    // statement or the item ends.
    c.known = true;
    c.before = CaptureContext::Before::Assigned;
    c.whole_value = true;
  } else if (type == "attribute" && at.field == "object") {
    c.known = true;
    c.before = CaptureContext::Before::NotDot;
    c.attribute = std::string(identifier_capture(*at.parent, "attribute"));
    c.attribute_called = parent_called;
  }
  return c;
}

// The context two places of one capture share: what holds at both.
CaptureContext meet(const CaptureContext& a, const CaptureContext& b) {
  CaptureContext c;
  c.known = a.known && b.known;
  if (!c.known) return c;
  c.called = a.called && b.called;
  c.before = a.before == b.before ? a.before : CaptureContext::Before::Any;
  c.whole_value = a.whole_value && b.whole_value;
  c.object = a.object == b.object ? a.object : "";
  c.attribute = a.attribute == b.attribute ? a.attribute : "";
  c.attribute_called = a.attribute_called && b.attribute_called;
  return c;
}

void note(PatternContexts& out, std::string_view capture, const CaptureContext& c) {
  auto it = out.find(capture);
  if (it == out.end()) out.emplace(std::string(capture), c);
  else it->second = meet(it->second, c);
}

void visit(const Item& it, const Place& at, PatternContexts& out) {
  if (it.predicate) return;
  // A capture on anything but an identifier node (an alternation, a string,
  // another node type) has no context.
  const bool identifier = is_node(it) && it.word == "identifier";
  for (std::string_view c : it.captures) note(out, c, identifier && !it.quantifier ? context_at(at) : CaptureContext{});
  if (it.open == '[') {
    // Alternatives hang where the alternation does.
    for (const Item& k : it.kids) visit(k, Place{at.parent, k.field.empty() ? at.field : k.field, at.grandparent, at.parent_field}, out);
  } else if (is_node(it)) {
    for (const Item& k : it.kids) visit(k, Place{&it, k.field, at.parent, at.field}, out);
  } else if (it.open == '(') {  // a group: its elements are siblings where it is
    for (const Item& k : it.kids) visit(k, Place{at.parent, k.field, at.grandparent, at.parent_field}, out);
  }
}

}  // namespace

std::vector<PatternContexts> capture_contexts(std::string_view query_text) {
  Item top;
  if (!sexp::read_query(query_text, top)) return {};
  std::vector<PatternContexts> patterns;
  for (const Item& k : top.kids) {
    if (k.predicate) return {};  // a predicate outside a pattern: not understood
    PatternContexts p;
    visit(k, Place{}, p);
    patterns.push_back(std::move(p));
  }
  return patterns;
}

}  // namespace canary
