// The layout-aware reader (issue 8): one test per way real exports lay a note out. Whole notes
// in these layouts are in fixtures/exports/ (tests/test_exports.cpp); these pin each reading.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "src/layout.hpp"
#include "src/reader.hpp"
#include "src/vocabulary.hpp"

using namespace soaplint;

namespace {

std::vector<Note> notes_of(const std::string& text) {
    auto result = parse_bytes("t.txt", text);
    REQUIRE(result.errors.empty());
    return result.notes;
}

Note note_of(const std::string& text) {
    auto notes = notes_of(text);
    REQUIRE(notes.size() == 1);
    return notes.front();
}

const Intervention* code(const Note& note, const std::string& cpt) {
    const auto it = std::find_if(note.interventions.begin(), note.interventions.end(),
                                 [&](const Intervention& i) { return i.cpt == cpt; });
    return it == note.interventions.end() ? nullptr : &*it;
}

const std::string kHeader = "Date of Service: 04/14/2026\nTherapist: Luis Ortega, PT\n";

}  // namespace

// ---- 1. Tables ----------------------------------------------------------------------------------

TEST_CASE("layout: a whitespace billing grid gives each code its own minutes and units; Total is the total") {
    const Note note = note_of(kHeader +
                              "Billing\n"
                              "Code    Mod   Description                                      Mins   Units\n"
                              "97110   GP    Therapeutic exercise, each 15 minutes              24      2\n"
                              "97140   GP    Manual therapy techniques, each 15 minutes         10      1\n"
                              "Total                                                            34      3\n");
    REQUIRE(note.interventions.size() == 2);
    CHECK(note.interventions[0].minutes.value_or(0) == 24);
    CHECK(note.interventions[0].units.value_or(0) == 2);
    CHECK(note.interventions[0].modifiers == std::vector<std::string>{"GP"});
    CHECK(note.interventions[1].minutes.value_or(0) == 10);  // not the description's "15 minutes"
    CHECK(note.total_timed_minutes.value_or(0) == 34);
    CHECK(note.total_timed_line == 7);
}

TEST_CASE("layout: columns are read by their header in any order") {
    const Note note = note_of(kHeader +
                              "CPT     Description                          Units   Min    Dx Ptr\n"
                              "97124   Massage therapy                        3      45     1, 2\n");
    REQUIRE(code(note, "97124") != nullptr);
    CHECK(code(note, "97124")->units.value_or(0) == 3);
    CHECK(code(note, "97124")->minutes.value_or(0) == 45);
}

TEST_CASE("layout: pipe tables, with or without outer bars") {
    const Note piped = note_of(kHeader +
                               "| Code  | Service                 | Min | Units |\n"
                               "|-------|-------------------------|-----|-------|\n"
                               "| 97110 | Ther ex                 | 23  | 2     |\n"
                               "| 97140 | Manual therapy: STM QL  | 15  | 1     |\n");
    REQUIRE(code(piped, "97140") != nullptr);
    CHECK(code(piped, "97140")->minutes.value_or(0) == 15);
    const Note bare = note_of(kHeader +
                              " Code  | Description                  | Mod | Units | Min\n"
                              " 97140 | Manual Therapy Techniques    | GP  |   1   |  15\n");
    REQUIRE(code(bare, "97140") != nullptr);
    CHECK(code(bare, "97140")->minutes.value_or(0) == 15);
    CHECK(code(bare, "97140")->units.value_or(0) == 1);
}

TEST_CASE("layout: grid tables with cells wrapped over several lines") {
    const Note note = note_of("Date of Eval: 04/06/2026\nTherapist: Denise Albright, PT\nGoals\n"
                              "+------+----------------------------------+-------------+--------+\n"
                              "| #    | Goal                             | Target date | Status |\n"
                              "+======+==================================+=============+========+\n"
                              "| STG1 | Pt will ascend/descend 12 steps  | 04/27/2026  | New    |\n"
                              "|      | with one rail to reach bedroom   |             |        |\n"
                              "+------+----------------------------------+-------------+--------+\n"
                              "| LTG1 | Pt will walk 1000 ft without an  | 05/15/2026  | New    |\n"
                              "|      | assistive device                 |             |        |\n"
                              "+------+----------------------------------+-------------+--------+\n");
    REQUIRE(note.goals.size() == 2);
    CHECK(note.goals[0].term.value_or("") == "short");
    CHECK(note.goals[0].pos.line == 7);
    CHECK(note.goals[0].text.find("with one rail") != std::string::npos);
    REQUIRE(note.goals[0].timeframe.has_value());
    REQUIRE(note.goals[0].timeframe->by.has_value());
    CHECK(note.goals[0].timeframe->by->iso() == "2026-04-27");
    CHECK(note.goals[1].term.value_or("") == "long");
    CHECK(note.goals[1].measurable);
}

TEST_CASE("layout: key/value grids hold several fields, known labels or not") {
    const Note note = note_of("Patient: OKAFOR, JAMES   Acct #: 0071144   DOB: 04/02/1958\n"
                              "Visit Date: 04/14/2026   Visit #: 6   Case: R ACL\n"
                              "Therapist: Tom Berg, PT, DPT        Student: Ana Ruiz, SPTA\n"
                              "S: pain 2/10.\n");
    CHECK(note.patient_id.value_or("") == "0071144");
    CHECK(note.patient_name.value_or("") == "OKAFOR, JAMES");
    REQUIRE(note.provider.has_value());
    CHECK(note.provider->name == "Tom Berg");
    CHECK(note.provider->credentials == std::vector<std::string>{"PT", "DPT"});
    CHECK(note.date_of_service.value_or(CivilDate{}).iso() == "2026-04-14");
}

TEST_CASE("layout: Right/Left columns and caption units give both measurements") {
    const Note note = note_of(kHeader + "Objective\n"
                              "  Shoulder ROM, degrees (goniometer)\n"
                              "  Motion                           Right        Left\n"
                              "  Flexion AROM                      118          170\n");
    REQUIRE(note.measurements.size() == 2);
    CHECK(note.measurements[0].name == "r flexion arom");
    CHECK(note.measurements[0].value.value_or(0) == 118);
    CHECK(note.measurements[0].unit == "deg");
    CHECK(note.measurements[1].name == "l flexion arom");
    CHECK(note.measurements[1].value.value_or(0) == 170);
}

TEST_CASE("layout: a flowsheet gives a measurement per date; only the last is this visit's") {
    const Note note = note_of(kHeader + "Objective\n"
                              "Measure                               02/17      03/03      03/17\n"
                              "R elbow extension AROM (deg)          -40        -30        -22\n"
                              "UEFI-15 (/60)                         5          18         29\n");
    REQUIRE(note.measurements.size() == 6);
    CHECK(note.measurements[0].value.value_or(0) == -40);
    CHECK(note.measurements[0].earlier);
    CHECK(note.measurements[2].value.value_or(0) == -22);
    CHECK(note.measurements[2].unit == "deg");
    CHECK_FALSE(note.measurements[2].earlier);
    CHECK(note.measurements[5].kind == "outcome");
    CHECK(note.measurements[5].unit == "points");
}

// ---- 2. Billed, planned, described --------------------------------------------------------------

TEST_CASE("layout: codes a plan names are planned, not billed") {
    const Note note = note_of(kHeader + "Plan\nTreatment may include 97530, 97112, 97116 and 97750 as indicated.\n");
    CHECK(note.interventions.empty());
}

TEST_CASE("layout: minutes on the line below a code belong to it; a description's 15 minutes do not") {
    const Note note = note_of(kHeader + "Treatment:\n"
                              "97110 Therapeutic exercise (rows, wall slides) x3 units (45 min)\n"
                              "97140 Manual therapy x1 unit\n"
                              "      (soft tissue mobilization, 9 min)\n"
                              "97112 Neuromuscular re-education, each 15 minutes  1 unit\n");
    REQUIRE(code(note, "97110") != nullptr);
    CHECK(code(note, "97110")->minutes.value_or(0) == 45);
    CHECK(code(note, "97110")->units.value_or(0) == 3);
    REQUIRE(code(note, "97140") != nullptr);
    CHECK(code(note, "97140")->minutes.value_or(0) == 9);
    REQUIRE(code(note, "97112") != nullptr);
    CHECK_FALSE(code(note, "97112")->minutes.has_value());
}

TEST_CASE("layout: a billing row states the whole service the treatment lines described") {
    const Note note = note_of(kHeader + "Treatment: 97124 massage x 50 min, prone and supine.\n\nBilling:\n"
                              "  Code    Description                              Minutes    Units\n"
                              "  97124   Massage therapy, each 15 min                50          3\n");
    REQUIRE(note.interventions.size() == 1);
    CHECK(note.interventions[0].minutes.value_or(0) == 50);
    CHECK(note.interventions[0].units.value_or(0) == 3);
}

// ---- 3. Note boundaries ------------------------------------------------------------------------

TEST_CASE("layout: a rule under a title or before the signature does not split a note") {
    const auto notes = notes_of("Daily Note\n-----------------------------\n" + kHeader +
                                "Subjective\nPain 2/10.\nObjective\nFlexion 120 deg.\nAssessment\nImproving.\nPlan\n"
                                "Continue 2x/week.\n---\nElectronically signed by Luis Ortega, PT on 04/14/2026\n"
                                "Printed 04/15/2026 8:03 AM by kmorales          Page 1 of 1\n");
    REQUIRE(notes.size() == 1);
    REQUIRE(notes[0].provider.has_value());
    CHECK(notes[0].provider->name == "Luis Ortega");
}

TEST_CASE("layout: a rule splits notes when a new note opens after it; header facts carry down") {
    const auto notes = notes_of("Patient: NAKAMURA, GRACE   MRN: 00481173\nPayer: Aetna\n"
                                "Provider: Elena Petrov, PT, DPT\nDx: M75.41 Impingement syndrome of right shoulder\n"
                                "------------------------------------------------------------\n"
                                "DOS 3/12/26   Visit 5   Time In 7:30 AM   Time Out 8:25 AM\n"
                                "S: Pain 4/10.\nO: Flexion 138 deg.\nA: Improving.\nP: Continue 2x/week.\n"
                                "------------------------------------------------------------\n"
                                "DOS 3/16/26   Visit 6   Time In 7:30 AM   Time Out 8:20 AM\n"
                                "S: Pain 3/10.\nO: Flexion 144 deg.\nA: Improving.\nP: Continue 2x/week.\n");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].date_of_service.value_or(CivilDate{}).iso() == "2026-03-12");
    CHECK(notes[1].date_of_service.value_or(CivilDate{}).iso() == "2026-03-16");
    CHECK(notes[1].patient_id.value_or("") == "00481173");
    CHECK(notes[1].payer_text.value_or("") == "Aetna");
    REQUIRE(notes[1].provider.has_value());
    CHECK(notes[1].provider->name == "Elena Petrov");
    REQUIRE(notes[1].diagnoses.size() == 1);
    CHECK(notes[1].diagnoses[0].carried);
    CHECK(notes[1].session.minutes.value_or(0) == 50);
}

TEST_CASE("layout: a repeated letterhead after a signature and page footer opens the next visit") {
    const std::string visit = "Harbor Point Massage Therapy\nP: (207) 555-0126  F: (207) 555-0127\n\nSOAP Note\n"
                              "Client: Beaumont, Claire   Client ID: MB-55821\n";
    const auto notes = notes_of(visit + "Appointment Date: 05/05/2026      10:00a-10:50a\nS: Pain 4/10.\nO: Rotation 40 deg.\n"
                                "A: Better.\nP: Continue.\nJonah Pike, LMT\nPrinted 05/20/2026 9:41 AM     Page 1 of 2\n" +
                                visit + "Appointment Date: 05/12/2026      10:00a-10:50a\nS: Pain 3/10.\nO: Rotation 50 deg.\n"
                                "A: Better.\nP: Continue.\nJonah Pike, LMT\n");
    REQUIRE(notes.size() == 2);
    CHECK(notes[1].date_of_service.value_or(CivilDate{}).iso() == "2026-05-12");
    CHECK(notes[0].session.minutes.value_or(0) == 50);
    CHECK(notes[0].provider.has_value());
}

// ---- 4. Headings and labels --------------------------------------------------------------------

TEST_CASE("layout: one vocabulary maps the headings and labels of charting systems") {
    for (const char* key : {"physical exam", "examination", "tests and measures", "clinical findings"})
        CHECK(heading_meaning(key)->name == SectionName::objective);
    for (const char* key : {"treatment performed", "interventions", "services", "procedures"})
        CHECK(heading_meaning(key)->name == SectionName::treatment);
    for (const char* key : {"billing", "charges"}) CHECK(heading_meaning(key)->name == SectionName::billing);
    for (const char* key : {"ltg's", "pt/ot goals", "patient goals", "rehab goals", "anticipated goals", "expected outcomes"})
        CHECK(heading_meaning(key)->name == SectionName::goals);
    for (const char* key : {"session date", "date of eval", "appointment date", "encounter date", "visit date"})
        CHECK(field_meaning(key) == Field::date_of_service);
    CHECK(column_meaning("Mins") == ColumnRole::minutes);
    CHECK(column_meaning("Qty") == ColumnRole::units);
    CHECK(column_meaning("HCPCS") == ColumnRole::code);
    CHECK(column_meaning("R (inv)") == ColumnRole::right);
    CHECK(column_meaning("03/02") == ColumnRole::date);
}

TEST_CASE("layout: note kinds from the titles exports print") {
    CHECK(note_of("INITIAL EXAM\n" + kHeader + "S: neck pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("PHYSICAL THERAPY INITIAL EXAMINATION\n" + kHeader + "S: knee pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("Initial Visit\n" + kHeader + "S: shoulder pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("Therapy Assessment\n" + kHeader + "S: neck pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("Initial Consultation\n" + kHeader + "S: back pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("RE-EXAM\n" + kHeader + "S: back pain.\n").kind == NoteKind::reevaluation);
    // SimplePractice prints `Progress Note` on every session; its template says what it is.
    CHECK(note_of("Progress Note\nNote Template: PT Treatment Note (SOAP)\n" + kHeader + "S: pain.\n").kind == NoteKind::daily);
    const Note qme = note_of("Qualified Medical Evaluator, State of California\nDATE OF EXAMINATION: 06/09/2026\n"
                             "Harold Brennan, MD\nHISTORY\nLow back pain after lifting at work. Physical therapy helped.\n");
    CHECK(qme.kind == NoteKind::unknown);
    CHECK_FALSE(qme.therapy);
    CHECK(qme.date_of_service.value_or(CivilDate{}).iso() == "2026-06-09");
}

TEST_CASE("layout: a letterhead phone and a coverage grid are no Plan heading") {
    const Note note = note_of("Lakeview Massage      P: (312) 555-0199  F: (312) 555-0100\n"
                              "Payor: MEDICARE   Plan: MEDICARE PART B   Subscriber #: 8QX4\n" + kHeader +
                              "S: Pain 3/10.\n");
    CHECK(std::none_of(note.sections.begin(), note.sections.end(),
                       [](const Section& s) { return s.name == SectionName::plan; }));
}

TEST_CASE("layout: run-in headings after a measurement are found") {
    const Note note = note_of(kHeader + "S: Pt reports LBP 3/10. O: Lumbar flexion AROM 52 deg. ODI 40% Assessment: Pt is "
                              "progressing. Plan: Continue POC 2x/week.\n");
    std::vector<SectionName> names;
    for (const Section& s : note.sections) names.push_back(s.name);
    CHECK(names == std::vector<SectionName>{SectionName::subjective, SectionName::objective, SectionName::assessment,
                                            SectionName::plan});
    const Note degrees = note_of(kHeader + "OBJECTIVE: AROM cervical extension: 39\xC2\xB0 ASSESSMENT: tolerated well. PLAN: HEP.\n");
    CHECK(degrees.sections.size() == 3);
}

// ---- 5. Goals ----------------------------------------------------------------------------------

TEST_CASE("layout: goal blocks: heading timeframes, wrapped goals, status lines, page breaks, prose") {
    const Note note = note_of(kHeader + "Goals\nSTG (2 weeks):\n"
                              "1. Pt will increase L knee flexion AROM to 110\xC2\xB0 to rise from a standard-height chair\n"
                              "   without UE push-off.\n"
                              "   Goal status: New\n"
                              "Printed 03/14/2026 4:12 PM by jdoe          Page 1 of 2\n"
                              "OKAFOR, JAMES   Acct #: 0071144   Initial Examination\n"
                              "LTG's:\n"
                              "1. Pt will ambulate 1/2 mile without AD to walk the dog 5x/wk.\n"
                              "Pt and family agree with the goals above.\n");
    REQUIRE(note.goals.size() == 2);
    CHECK(note.goals[0].text.find("without UE push-off") != std::string::npos);
    CHECK(note.goals[0].term.value_or("") == "short");
    CHECK(note.goals[0].timeframe.value_or(Timeframe{}).value.value_or(0) == 2);
    CHECK(note.goals[1].term.value_or("") == "long");
    CHECK(note.goals[1].pos.line == 11);
}

TEST_CASE("layout: a status report is no goal; a goal with its status still is") {
    const Note note = note_of(kHeader + "Goal Status\n"
                              "  LTG 2: amb 300 ft no AD - PARTIALLY MET (amb 300 ft with SPC)\n"
                              "  Goal 3: pt to use rest breaks in the community without cues -\n"
                              "          PARTIALLY MET, 4/10 opportunities\n"
                              "STG 1: Pt will ambulate 500 ft without an assistive device by 08/04/2026 - MET 08/04/2026.\n");
    REQUIRE(note.goals.size() == 1);
    CHECK(note.goals[0].pos.line == 7);
}

TEST_CASE("layout: goals in a session note are judged (G004 on a relaxation goal)") {
    const Note note = note_of(kHeader + "S: neck tension.\nTreatment Goals (6 weeks)\n1. Decrease stress and help client relax\n");
    REQUIRE(note.goals.size() == 1);
    CHECK_FALSE(note.goals[0].functional);
    CHECK_FALSE(note.goals[0].measurable);
    CHECK(note.goals[0].timeframe.value_or(Timeframe{}).value.value_or(0) == 6);
}

// ---- 6. Times and dates ------------------------------------------------------------------------

TEST_CASE("layout: clock times as people write them") {
    CHECK(note_of(kHeader + "Time In: 0915  Time Out: 1002\n").session.minutes.value_or(0) == 47);
    CHECK(note_of(kHeader + "Time In: 10:00a   Time Out: 10:52a\n").session.minutes.value_or(0) == 52);
    CHECK(note_of(kHeader + "Time: 10.00 am - 10.45 am\n").session.minutes.value_or(0) == 45);
    CHECK(note_of(kHeader + "Session: 12:40 - 1:25\n").session.minutes.value_or(0) == 45);
    CHECK(note_of(kHeader + "Session times: AM session 0930-10:05, PM session 1:10-1:40 PM\n").session.minutes.value_or(0) == 65);
    const Note jane = note_of("Sofia Morales\nMassage Therapy with Priya Shah, LMT\nThu, Apr 9, 2026 \xC2\xB7 9:00 AM - 9:45 AM\n"
                              "S: neck pain 4/10.\n");
    CHECK(jane.date_of_service.value_or(CivilDate{}).iso() == "2026-04-09");
    CHECK(jane.session.minutes.value_or(0) == 45);
}

// ---- 7. Measurements in context ----------------------------------------------------------------

TEST_CASE("layout: measurements as charts write them") {
    const auto first = [](const std::string& line) {
        const Note note = note_of(kHeader + "Objective\n" + line + "\n");
        REQUIRE_FALSE(note.measurements.empty());
        return note.measurements.front();
    };
    CHECK(first("Cervical rotation 50/80 deg R").value.value_or(0) == 50);
    CHECK(first("Cervical rotation 50/80 deg R").unit == "deg");
    CHECK(first("Elbow extension lacks 15\xC2\xB0.").value.value_or(0) == -15);
    CHECK(first("IR @ 90\xC2\xB0 abd (PROM) 40\xC2\xB0").value.value_or(0) == 40);
    CHECK(first("Elbow and wrist strength 5 of 5 bilaterally.").unit == "/5");
    CHECK(first("UEFI-15: 25 out of 60.").kind == "outcome");
    CHECK(first("Gait speed 0.8 m/s with FWW.").unit == "m/s");
    CHECK(first("10 Meter Walk Test: 0.8 m/s").value.value_or(0) == doctest::Approx(0.8));
    CHECK(first("Painful arc 70\xC2\xB0-120\xC2\xB0.").value.value_or(-1) >= 0);
    CHECK(first("6MWT 1,120 ft").value.value_or(0) == 1120);
}

TEST_CASE("layout: dates, follow-ups and counted trials are no measurements") {
    for (const char* line : {"Pain since the 4/12 fall.", "Follow-up with MD 6/3.", "MMT last done 8/4.",
                             "Completed 8/10 trials.", "Met on 4/10 opportunities."}) {
        const Note note = note_of(kHeader + "Objective\n" + line + "\n");
        INFO(line);
        CHECK(note.measurements.empty());
    }
}

// ---- 8. Frequency, duration, provider, payer, kind ---------------------------------------------

TEST_CASE("layout: plan frequency and duration, not a goal's activity") {
    const Note note = note_of(kHeader + "Goals\n1. Pt will walk the dog 5x/wk in 6 weeks.\nPlan\n"
                              "Frequency/Duration: 2\xC3\x97/week for 3 weeks then 1x/week for 3 weeks.\n");
    REQUIRE(note.frequency.has_value());
    CHECK(note.frequency->visits == 2);
    CHECK(note.frequency->per == "week");
    REQUIRE(note.duration.has_value());
    CHECK(note.duration->value.value_or(0) == 6);
}

TEST_CASE("layout: providers as exports print them") {
    const auto provider = [](const std::string& line) {
        const Note note = note_of("Date of Service: 04/14/2026\n" + line + "\nS: pain.\n");
        REQUIRE(note.provider.has_value());
        return *note.provider;
    };
    CHECK(provider("Provider: Dr. Lena Marsh, DC, CCSP").name == "Lena Marsh");
    CHECK(provider("Provider: Dr. Lena Marsh, DC, CCSP").credentials == std::vector<std::string>{"DC", "CCSP"});
    CHECK(provider("Provider: NGUYEN, LINH (OT)").name == "Linh Nguyen");
    CHECK(provider("Provider: NGUYEN, LINH (OT)").credentials == std::vector<std::string>{"OT"});
    CHECK(provider("Ana Ruiz, SPTA / Tom Berg, PT").name == "Tom Berg");
    CHECK(provider("Therapist: X Lee, PT   Referring: Y Park, MD").name == "X Lee");
    CHECK(provider("Therapist: X Lee, PT   Referring: Y Park, MD").credentials == std::vector<std::string>{"PT"});
}

TEST_CASE("layout: a note marked DRAFT or NOT SIGNED is unsigned whatever its header says") {
    const Note note = note_of(kHeader + "S: pain.\nStatus: DRAFT - NOT SIGNED\n");
    CHECK(note.unsigned_line == 4);
    CHECK(note_of(kHeader + "Plan of care not signed by the physician yet.\n").unsigned_line == 0);
}

TEST_CASE("layout: two patients seen the same day are two notes; a repeated page header is not") {
    const std::string body = "S: Pain 3/10.\nO: Flexion 120 deg.\nA: Better.\nP: Continue.\n";
    const auto two = notes_of("Patient ID: 10472\nDOS: 2024-11-25\n" + body + "***\nClient ID: 10397\nDOS: 11/25/24\n" + body);
    CHECK(two.size() == 2);
    const auto one = notes_of("Patient ID: 10472\nDOS: 2024-11-25\nS: Pain 3/10.\nO: Flexion 120 deg.\n"
                              "Printed 11/26/2024     Page 1 of 2\n***\nPatient ID: 10472\nDOS: 2024-11-25\n"
                              "A: Better.\nP: Continue.\n");
    CHECK(one.size() == 1);
}

TEST_CASE("layout: a heading wrapped over two lines is one heading") {
    for (const char* text : {"O: Cervical rotation 80 degrees ASSESSMENT\nAND PLAN: Pt required cues. Continue HEP.\n",
                             "O: Lt ankle inversion AROM 20 deg ASSESSMENT AND\nPLAN: Pt improved. Continue HEP daily.\n",
                             "O: Pain 6/10. Observation: antalgic gait. Assessment\nand Plan: Continued deficits. Reassess.\n"}) {
        const Note note = note_of(kHeader + "S: sore after last visit.\n" + text);
        INFO(text);
        std::vector<SectionName> names;
        for (const Section& s : note.sections) names.push_back(s.name);
        CHECK(names == std::vector<SectionName>{SectionName::subjective, SectionName::objective, SectionName::assessment,
                                                SectionName::plan});
        CHECK_FALSE(note.sections[2].empty);
    }
}

TEST_CASE("layout: a sentence after a label is prose that may run into a heading") {
    const Note note = note_of(kHeader + "Subjective: Pt reports a flare-up after yard work. Wellness\n"
                              "visit: full-body massage for relaxation. Objective:\nLEFS 33/80.\nAssessment: Progressing.\n"
                              "Plan: Continue per POC.\n");
    std::vector<SectionName> names;
    for (const Section& s : note.sections) names.push_back(s.name);
    CHECK(names == std::vector<SectionName>{SectionName::subjective, SectionName::objective, SectionName::assessment,
                                            SectionName::plan});
}
