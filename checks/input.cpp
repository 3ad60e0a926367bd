// X001: inputs that cannot be read. The engine reports it from the reader's errors
// (src/engine.cpp input_error_findings); the rule is here for its documentation and selection.
#include "checks/registry.hpp"

namespace soaplint::checks {

std::vector<Rule> input_rules() {
    return {Rule{{
        "X001", "unreadable-input", Severity::error,
        "An input could not be read, decoded or parsed: a missing file, binary data, broken UTF-16.",
        "A note soaplint cannot read is a note nobody checked. The run reports it and goes on with "
        "the other inputs, and exits with status 2 so a gate does not pass silently.",
        "Export the note as text (UTF-8, UTF-16 with BOM or Windows-1252), or remove it from the batch.",
        "soaplint itself: every input is accounted for.",
        "notes/scan.pdf (a PDF or image, not text)",
        "notes/2026-03-14.txt (a text export)"},
        {}, {}}};
}

}  // namespace soaplint::checks
