#include <doctest/doctest.h>

#include <string>

#include "src/decode.hpp"
#include "src/structure.hpp"

using namespace soaplint;

namespace {

Note structure_of(const std::string& text, int index = 0) {
    const auto decoded = decode(text);
    const auto notes = split_notes(decoded.lines);
    REQUIRE(notes.size() > static_cast<std::size_t>(index));
    Note note;
    build_structure(notes[static_cast<std::size_t>(index)], note);
    read_header_fields(note);
    return note;
}

std::string section_names(const Note& note) {
    std::string out;
    for (const auto& s : note.sections) {
        if (!out.empty()) out += ",";
        out += std::string(to_string(s.name)) + "@" + std::to_string(s.line);
    }
    return out;
}

}  // namespace

// A doctest name must hold no comma or semicolon: `doctest_discover_tests` passes it as a
// --test-case filter, which splits there and then matches nothing (the test would pass unrun).
TEST_CASE("split: separators --- *** === and form feed between dated notes; empty notes dropped") {
    const auto decoded = decode(
        "DOS: 03/02/2026\nS: a\n---\nDOS: 03/04/2026\nS: b\n***\n\n===\nDOS: 03/06/2026\nS: c\f"
        "DOS: 03/09/2026\nS: d\n-----\n");
    const auto notes = split_notes(decoded.lines);
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].lines[1].text == "S: a");
    CHECK(notes[1].lines[1].text == "S: b");
    CHECK(notes[1].index == 1);
    CHECK(notes[2].lines[1].text == "S: c");
    CHECK(notes[3].lines[0].text == "DOS: 03/09/2026");
    CHECK(notes[3].lines[0].number == 10);  // a form feed is no new line: `S: c` and this share line 10
    // A rule line splits only where a new note opens: `S: b` alone continues the note above.
    CHECK(split_notes(decode("S: a\n---\nS: b\n").lines).size() == 1);
}

TEST_CASE("headings: every form of SPEC §3") {
    CHECK(section_names(structure_of("SUBJECTIVE:\nx\nOBJECTIVE:\ny")) == "subjective@1,objective@3");
    CHECK(section_names(structure_of("Subjective\nx\nObjective\ny")) == "subjective@1,objective@3");
    CHECK(section_names(structure_of("S: x\nO: y\nA: z\nP: w")) == "subjective@1,objective@2,assessment@3,plan@4");
    CHECK(section_names(structure_of("S) x\nO) y")) == "subjective@1,objective@2");
    CHECK(section_names(structure_of("## Objective\ny\n**Assessment:** z")) == "objective@1,assessment@3");
    CHECK(section_names(structure_of("Assessment/Plan: continue")) == "assessment@1,plan@1");
    CHECK(section_names(structure_of("ASSESSMENT AND PLAN:\n1. x")) == "assessment@1,plan@1");
    CHECK(section_names(structure_of("A/P: x")) == "assessment@1,plan@1");
    CHECK(section_names(structure_of("PLAN OF CARE: 2x/week")) == "plan@1");
    CHECK(section_names(structure_of("subjective: x")) == "subjective@1");
    CHECK(section_names(structure_of("Goals:\n1. x\nTreatment:\n97140\nBilling:\n97110")) == "goals@1,treatment@3,billing@5");
}

TEST_CASE("headings: run-in headings inside one paragraph") {
    const Note note = structure_of("SUBJECTIVE: Pt reports pain 6/10. OBJECTIVE: AROM 95 deg. ASSESSMENT: better. PLAN: continue.");
    CHECK(section_names(note) == "subjective@1,objective@1,assessment@1,plan@1");
    REQUIRE(note.lines.size() == 4);
    CHECK(note.lines[1].text == "AROM 95 deg.");
    CHECK(note.lines[1].column == 46);
    CHECK(note.lines[1].section == 1);
    const Note mixed = structure_of("Subjective: sore. Objective: AROM 95 deg. Assessment: ok. Plan: continue.");
    CHECK(section_names(mixed) == "subjective@1,objective@1,assessment@1,plan@1");
}

TEST_CASE("headings: words inside prose are not headings") {
    const Note note = structure_of("The plan: continue as before.\nPatient subjective report was brief.");
    CHECK(note.sections.empty());
    CHECK(section_names(structure_of("Treatment plan and goals were discussed.")) == "");
}

TEST_CASE("headings: the MTSamples form where commas stand for line breaks") {
    const std::string line =
        "SUBJECTIVE:,  This 23-year-old white female presents with complaint of allergies.  She has used Allegra "
        "also.,MEDICATIONS: , Her only medication currently is Ortho Tri-Cyclen.,OBJECTIVE:,Vitals:  Weight was 130 "
        "pounds and blood pressure 124/78.,ASSESSMENT AND ,PLAN:,  Allergic rhinitis.  Will try Zyrtec.";
    const Note note = structure_of(line);
    CHECK(section_names(note) == "subjective@1,objective@1,assessment@1,plan@1");
    CHECK_FALSE(note.sections[0].empty);
    CHECK_FALSE(note.sections[1].empty);
    CHECK_FALSE(note.sections[3].empty);
    const Note no_colon = structure_of(
        "SUBJECTIVE: , The patient is a 79-year-old referred for a swallow study to rule out aspiration.,OBJECTIVE: , "
        "Modified barium swallow study was performed.,ASSESSMENT,ORAL STAGE:,  Premature spillage noted.,PLAN: , "
        "Based on this evaluation, continue diet.");
    CHECK(section_names(no_colon) == "subjective@1,objective@1,assessment@1,plan@1");
}

TEST_CASE("headings: nested sub-headings stay inside an open S/O/A/P section") {
    const Note note = structure_of("SUBJECTIVE:\nPain.\nPAST MEDICAL HISTORY: none\nOBJECTIVE:\nVitals: ok");
    CHECK(section_names(note) == "subjective@1,objective@4");
    const Note history = structure_of("HISTORY OF PRESENT ILLNESS: pain\nSUBJECTIVE: x");
    CHECK(section_names(history) == "history@1,subjective@2");
}

TEST_CASE("headings: goal headings carry their term") {
    auto h = match_heading("SHORT-TERM GOALS TO BE ACHIEVED IN TWO WEEKS:");
    REQUIRE(bool(h));
    CHECK(h->names.front() == SectionName::goals);
    CHECK(h->goal_term.value_or("") == "short");
    h = match_heading("LTG:");
    REQUIRE(bool(h));
    CHECK(h->goal_term.value_or("") == "long");
    CHECK_FALSE(bool(match_heading("Date of Service: 3/14/2026")));
    CHECK_FALSE(bool(match_heading("A 64-year-old female")));
}

TEST_CASE("header fields: one per line, Markdown bold, several on one line") {
    const Note note = structure_of(
        "**Patient:** Maria Lopez\nMRN: 48213\nDOB: 04/12/1961\nDate of Service: 03/14/2026\n"
        "Payer: Medicare Part B\nProvider: Alex Kim, PT, DPT\nReferring physician: Dr. Sarah Patel\n"
        "Auth #: A-1234\nNote type: Progress report\nS: ok");
    CHECK(note.patient_name.value_or("") == "Maria Lopez");
    CHECK(note.patient_id.value_or("") == "48213");
    REQUIRE(bool(note.dob));
    CHECK(note.dob->iso() == "1961-04-12");
    REQUIRE(bool(note.date_of_service));
    CHECK(note.date_of_service->iso() == "2026-03-14");
    CHECK(note.date_line == 4);
    CHECK(note.payer_text.value_or("") == "Medicare Part B");
    REQUIRE(bool(note.provider));
    CHECK(note.provider->name == "Alex Kim");
    CHECK(note.provider->credentials == std::vector<std::string>{"PT", "DPT"});
    CHECK(note.referral.value_or("") == "Dr. Sarah Patel");
    CHECK(note.authorization.value_or("") == "A-1234");
    CHECK(note.kind == NoteKind::progress);

    const Note row = structure_of("Patient: J. Doe   DOB: 01/02/1960   MRN: 555-12\nDOS: 2026-04-01");
    CHECK(row.patient_name.value_or("") == "J. Doe");
    CHECK(row.patient_id.value_or("") == "555-12");
    CHECK(row.dob.value_or(CivilDate{}).iso() == "1960-01-02");
    CHECK(row.date_of_service.value_or(CivilDate{}).iso() == "2026-04-01");
}

TEST_CASE("signature: closing line or e-signature gives provider and credentials") {
    Note note = structure_of("S: ok\n\nElectronically signed by Jordan Reyes, LMT on 04/02/2026 14:40");
    REQUIRE(bool(note.provider));
    CHECK(note.provider->name == "Jordan Reyes");
    CHECK(note.provider->credentials == std::vector<std::string>{"LMT"});
    note = structure_of("S: ok\nSam Ortiz, PTA");
    REQUIRE(bool(note.provider));
    CHECK(note.provider->credentials == std::vector<std::string>{"PTA"});
    note = structure_of("S: Pt reports pain, PT helps.");
    CHECK_FALSE(bool(note.provider));
}

TEST_CASE("note kind from a title line") {
    CHECK(structure_of("PHYSICAL THERAPY INITIAL EVALUATION\nS: x").kind == NoteKind::evaluation);
    CHECK(structure_of("Daily Note\nS: x").kind == NoteKind::daily);
    CHECK(structure_of("Physical Therapy Re-Evaluation\nS: x").kind == NoteKind::reevaluation);
    CHECK(structure_of("Discharge Summary\nS: x").kind == NoteKind::discharge);
    CHECK(structure_of("Progress Report\nS: x").kind == NoteKind::progress);
    CHECK(structure_of("S: x").kind == NoteKind::unknown);
}

TEST_CASE("parse_provider: credentials with periods and slashes") {
    auto p = parse_provider("Dana Fox, OTR/L");
    CHECK(p.name == "Dana Fox");
    CHECK(p.credentials == std::vector<std::string>{"OTR/L"});
    p = parse_provider("Lee Park L.M.T.");
    CHECK(p.name == "Lee Park");
    CHECK(p.credentials == std::vector<std::string>{"LMT"});
    p = parse_provider("Chris Wu DC");
    CHECK(p.credentials == std::vector<std::string>{"DC"});
}
