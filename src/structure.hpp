// Splitting a decoded file into notes, logical lines, sections and header fields.
// read -> decode -> split (this file) -> extract.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decode.hpp"
#include "model.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace soaplint {

// One note of a file, before its facts are extracted.
struct RawNote {
    int index = 0;
    std::vector<DecodedLine> lines;
};

// Splits a file into notes (src/split.cpp): at a rule line (`---`, `===`, `___`, `────`) or a
// form feed where a new note opens after it, and where a repeated letterhead and header follow a
// signature or page footer with a new date. Empty notes are dropped; indexes count those kept.
std::vector<RawNote> split_notes(std::vector<DecodedLine> lines);

// A recognised heading at the start of a logical line.
struct Heading {
    std::vector<SectionName> names;  // two for `Assessment/Plan`
    std::string text;                // as written, without markup and colon
    std::size_t content_offset = 0;  // where the content after the heading starts
    bool top_level = true;           // S/O/A/P, goals, plan of care, treatment, billing
    bool plan_of_care = false;       // `PLAN OF CARE:` (a plan section that hints the note kind)
    std::optional<std::string> goal_term;  // "short"/"long" for STG/LTG headings
    bool inline_content = false;     // `Heading: content` on the same line
};
std::optional<Heading> match_heading(std::string_view line);

// Fills file, index, line, lines and sections of `note` from a raw note.
void build_structure(const RawNote& raw, Note& note);

// The note kind a title, heading or `Note type:` value names ("Initial Evaluation", "Daily
// Note", "Re-eval"); unknown when it names none.
NoteKind kind_from_text(std::string_view text);

// Header fields (`Key: value`, `**Key:** value`) and the note kind.
void read_header_fields(Note& note);

// `Alex Kim, PT, DPT` -> name and credentials; empty name when none is found.
Provider parse_provider(std::string_view text);
bool is_credential(std::string_view token);

// What a credential licenses: therapy (PT, OTR/L, LMT, DC, SLP, ...), medicine or nursing (MD,
// NP, RN, ...), or a degree or specialty certification (MS, OCS, CSCS); nullopt for no credential.
enum class CredentialKind { therapy, medical, other };
std::optional<CredentialKind> credential_kind(std::string_view token);

std::string_view trim(std::string_view text);

// A print footer or header: `Printed 04/15/2026 by kmorales   Page 1 of 1`, `Page 2 of 4`.
bool is_page_footer(std::string_view line);

// A `Key:` of a known header field in a line: where its key and its value start.
struct FieldHit {
    Field field;
    std::size_t key_start;
    std::size_t value_start;
};
// All `Key:` occurrences of known keys in a line: at its start, or after a wide gap, `|`, `;`
// (dot leaders `Key .... value` count as colons).
std::vector<FieldHit> find_fields(std::string_view line);

// What a line of a header block says, for the note splitter (src/split.cpp).
bool is_closing_line(std::string_view line);                       // a signature or a page footer
std::optional<CivilDate> service_date_in(std::string_view line);   // `Visit Date: 04/14/2026`, `DOS 3/12/26`
bool has_field(std::string_view line, Field field);                // a `Key:` of that field
bool is_kind_title(std::string_view line);                         // `Daily Note`, `INITIAL EXAM`
std::string patient_in(std::string_view line);                     // the patient ID (else name) it names
// The same with the line's fields already found (`hits` = find_fields(line)).
std::optional<CivilDate> service_date_in(std::string_view line, const std::vector<FieldHit>& hits);
bool has_field(const std::vector<FieldHit>& hits, Field field);
std::string patient_in(std::string_view line, const std::vector<FieldHit>& hits);

}  // namespace soaplint
