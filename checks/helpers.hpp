// Small queries rules share: sections, lines, codes of a note.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "src/rule.hpp"
#include "src/codetables.hpp"
#include "src/structure.hpp"

namespace soaplint::checks {

inline const Section* section_named(const Note& note, SectionName name) {
    for (const Section& s : note.sections)
        if (s.name == name) return &s;
    return nullptr;
}

inline bool has_section(const Note& note, SectionName name) { return section_named(note, name) != nullptr; }

// Lines of the note whose section (or combined section) has `name`.
inline bool line_in(const Note& note, const Line& line, SectionName name) {
    // A combined heading (Assessment/Plan) owns the content of both its entries.
    for (auto k = line.section; k >= 0 && static_cast<std::size_t>(k) < note.sections.size(); ++k) {
        const Section& s = note.sections[static_cast<std::size_t>(k)];
        if (s.name == name) return true;
        if (!s.shares_next) break;
    }
    return false;
}

inline std::vector<const Line*> lines_in(const Note& note, SectionName name) {
    std::vector<const Line*> out;
    for (const Line& line : note.lines)
        if (line_in(note, line, name)) out.push_back(&line);
    return out;
}

inline bool contains_code(const std::vector<std::string>& codes, std::string_view code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// A surgical CPT code (10004-69990): an operative report, not a therapy visit.
inline bool surgical_code(const std::string& cpt) {
    return cpt.size() == 5 && std::all_of(cpt.begin(), cpt.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           cpt >= "10004" && cpt <= "69990";
}

// Daily or progress, or a note of unknown kind that bills a physical-medicine code and no
// surgical one (an operative report listing 10180 and 97605 is not a therapy visit).
inline bool is_treatment_note(const Note& note) {
    if (note.kind == NoteKind::daily || note.kind == NoteKind::progress) return true;
    if (note.kind != NoteKind::unknown) return false;
    const auto& items = note.interventions;
    return std::any_of(items.begin(), items.end(), [](const Intervention& i) { return codes::lookup_cpt(i.cpt).has_value(); }) &&
           std::none_of(items.begin(), items.end(), [](const Intervention& i) { return surgical_code(i.cpt); });
}

// A note that says it is something other than therapy: nothing of therapy in it (src/extract.cpp
// therapy_evidence), and a non-therapy title (`CARDIAC EVALUATION`), a physician's or nurse's
// credential, or a surgical code (an operative report). A bare SOAP note is judged as therapy.
inline bool other_than_therapy(const Note& note) {
    if (note.kind != NoteKind::unknown || note.therapy) return false;
    if (note.kind_from_title) return true;
    if (std::any_of(note.interventions.begin(), note.interventions.end(),
                    [](const Intervention& i) { return surgical_code(i.cpt); }))
        return true;
    if (!note.provider) return false;
    return std::any_of(note.provider->credentials.begin(), note.provider->credentials.end(),
                       [](const std::string& c) { return credential_kind(c) == CredentialKind::medical; });
}

// A note the therapy rules judge (O001, M001, M002): any note but one that says it is not therapy.
inline bool therapy_note(const Note& note) { return !other_than_therapy(note); }

inline bool is_plan_note(const Note& note) {
    return note.kind == NoteKind::evaluation || note.kind == NoteKind::plan_of_care ||
           note.kind == NoteKind::reevaluation;
}

inline Position note_start(const Note& note) { return Position{note.line, 1}; }

}  // namespace soaplint::checks
