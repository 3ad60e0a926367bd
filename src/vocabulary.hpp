// What the words of a note's layout mean: section headings, header-field labels, table column
// headers and note-kind titles. One table per kind of label, all in vocabulary.cpp, so that
// teaching soaplint a charting system's wording touches one file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model.hpp"

namespace soaplint {

// A heading's key: lower case, markup (`*`, `_`, `#`) and commas removed, blanks collapsed, a
// trailing dash dropped: "ASSESSMENT AND ,PLAN" -> "assessment and plan".
std::string heading_key(std::string_view raw);
// The same into `key` (cleared first), reusing its buffer.
void heading_key_into(std::string_view raw, std::string& key);

struct HeadingMeaning {
    SectionName name;
    bool top_level;    // S/O/A/P, goals, plan of care, treatment, billing; not diagnosis or history
    const char* term;  // "short" / "long" for goal headings that name the term, else nullptr
};
// The section a heading key names; nullptr when it names none.
const HeadingMeaning* heading_meaning(std::string_view key);

// Header fields of a note (`Key: value`).
enum class Field {
    patient, patient_id, dob, date_of_service, provider, payer, referral, authorization, note_type,
    signature, cosigner, secondary_payer
};
// The field a label key (heading_key of the text before the colon) names.
std::optional<Field> field_meaning(std::string_view key);

// What a table column holds, read from its header.
enum class ColumnRole {
    none, code, modifier, description, minutes, units, charge, diagnosis_pointer, goal, term, timeframe,
    target, baseline, current, status, right, left, measure, date
};
const char* to_string(ColumnRole role);
// The role a column header names (the header text as written); ColumnRole::none when unknown.
ColumnRole column_meaning(std::string_view header);

}  // namespace soaplint
