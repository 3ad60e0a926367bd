// X001: inputs that cannot be read; X003: inputs that hold no note. The engine reports it from the reader's errors
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

std::vector<Rule> no_notes_rules() {
    return {Rule{{
        "X003", "no-notes", Severity::warning,
        "An input was read without error but holds no note: an empty file, a CSV export with only "
        "its header, JSON that is neither a soaplint model nor FHIR, FHIR resources with no note.",
        "A gate that passes a file it found nothing in says the notes are fine when nobody read "
        "them. The run says so and goes on; it is a warning, so it fails a run only with "
        "--fail-on warning.",
        "Check that the export holds notes: map the CSV's note column (--csv-text), export FHIR "
        "Compositions or DocumentReferences with their text, or leave the file out of the batch.",
        "soaplint itself: every input is accounted for.",
        "exports/visits.csv (only the header row)",
        "exports/visits.csv (a header and one row per note)"},
        {}, {}}};
}

}  // namespace soaplint::checks
