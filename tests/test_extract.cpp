#include <doctest/doctest.h>

#include <string>

#include "src/profile.hpp"
#include "src/reader.hpp"

using namespace soaplint;

namespace {

Note note_of(const std::string& text) {
    auto result = parse_bytes("t.txt", text);
    REQUIRE(result.errors.empty());
    REQUIRE(result.notes.size() == 1);
    return result.notes.front();
}

}  // namespace

TEST_CASE("extract: diagnoses dotted and undotted, only undotted in a diagnosis context") {
    const Note note = note_of("Diagnosis: M5450 Low back pain; M62.830 spasm\nS: pain at L5, history of T12 fracture\nICD-9 724.2\n");
    REQUIRE(note.diagnoses.size() == 3);
    CHECK(note.diagnoses[0].code == "M54.50");
    CHECK(note.diagnoses[0].pos.line == 1);
    CHECK(note.diagnoses[0].pos.column == 12);
    CHECK(note.diagnoses[1].code == "M62.830");
    CHECK(note.diagnoses[2].code == "724.2");
    CHECK(note.diagnoses[2].shape == Diagnosis::Shape::icd9);
}

TEST_CASE("extract: CPT lines with modifiers, minutes and units; treatment and billing lines merge") {
    const Note note = note_of(
        "Treatment:\n97140-59 Manual therapy 23 min\n97110 Therapeutic exercise 15'\n"
        "Billing:\n97140 x2\n97110 (1 unit)\n97010 hot pack 10 min\n");
    REQUIRE(note.interventions.size() == 3);
    CHECK(note.interventions[0].cpt == "97140");
    CHECK(note.interventions[0].modifiers == std::vector<std::string>{"59"});
    CHECK(note.interventions[0].minutes.value_or(0) == 23);
    CHECK(note.interventions[0].units.value_or(0) == 2);
    CHECK(note.interventions[0].timed);
    CHECK(note.interventions[0].pos.line == 2);
    CHECK(note.interventions[1].minutes.value_or(0) == 15);
    CHECK(note.interventions[1].units.value_or(0) == 1);
    CHECK(note.interventions[2].cpt == "97010");
    CHECK_FALSE(note.interventions[2].timed);
    CHECK(note.kind == NoteKind::daily);
}

TEST_CASE("extract: session from a range or from Time in / Time out lines; stated totals") {
    Note note = note_of("Time in: 1:05 PM\nTime out: 1:58 PM\nTotal timed minutes: 38\nTotal treatment time: 53 min\n");
    REQUIRE(bool(note.session.start));
    CHECK(note.session.start->hhmm() == "13:05");
    CHECK(note.session.stop->hhmm() == "13:58");
    CHECK(note.session.minutes.value_or(0) == 53);
    CHECK(note.total_timed_minutes.value_or(0) == 38);
    CHECK(note.total_treatment_minutes.value_or(0) == 53);
    note = note_of("Session 10:02-10:55\n");
    CHECK(note.session.minutes.value_or(0) == 53);
    note = note_of("Start 10:55 Stop 10:02\n");
    REQUIRE(bool(note.session.start));
    CHECK_FALSE(note.session.minutes.has_value());
}

TEST_CASE("extract: frequency and duration of the plan") {
    Note note = note_of("PLAN:\nContinue 2x/week for 6 weeks.\n");
    REQUIRE(bool(note.frequency));
    CHECK(note.frequency->visits == 2);
    CHECK(note.frequency->per == "week");
    REQUIRE(bool(note.duration));
    CHECK(note.duration->value.value_or(0) == 6);
    CHECK(note.duration->unit == "week");
    note = note_of("Plan of care: 3 times per week x 8 visits\n");
    CHECK(note.frequency.value_or(Frequency{}).visits == 3);
    CHECK(note.duration.value_or(Duration{}).unit == "visit");
}

TEST_CASE("extract: goals under a goals heading take its term and timeframe (MTSamples form)") {
    const Note note = note_of(
        "SHORT-TERM GOALS TO BE ACHIEVED IN TWO WEEKS:,1.  The patient will be able to sit for greater than 25 "
        "minutes without complaints of paraesthesia or pain in her bilateral lower extremities.,2.  The patient will "
        "increase bilateral hip internal and external rotation to 4/5 with SI joint pain less than or equal to 5/10."
        ",LONG-TERM GOALS TO BE ACCOMPLISHED IN ONE MONTH:,1.  The patient will be independent with home exercise "
        "program.,PLAN: , Patient will be seen 3 times a week for 4 weeks.\n");
    REQUIRE(note.goals.size() == 3);
    CHECK(note.goals[0].term.value_or("") == "short");
    REQUIRE(bool(note.goals[0].timeframe));
    CHECK(note.goals[0].timeframe->value.value_or(0) == 2);
    CHECK(note.goals[0].timeframe->unit == "week");
    REQUIRE(bool(note.goals[0].target));
    CHECK(note.goals[0].target->value.value_or(0) == 25);
    CHECK(note.goals[0].target->unit == "min");
    CHECK(note.goals[0].measurable);
    CHECK(note.goals[0].functional);
    CHECK(note.goals[1].target->unit == "/5");
    CHECK(note.goals[2].term.value_or("") == "long");
    CHECK(note.goals[2].timeframe->value.value_or(0) == 1);
    CHECK(note.goals[2].timeframe->unit == "month");
    CHECK(note.goals[2].measurable);  // "independent" is a defined functional criterion
    CHECK(note.frequency.value_or(Frequency{}).visits == 3);
}

TEST_CASE("extract: STG/LTG lead-ins and unmeasurable comfort goals") {
    const Note note = note_of("STG: Pt will increase R shoulder flexion AROM to 150° in 4 weeks to reach overhead.\n"
                              "LTG: Patient will feel more relaxed.\n");
    REQUIRE(note.goals.size() == 2);
    CHECK(note.goals[0].term.value_or("") == "short");
    CHECK(note.goals[0].target->value.value_or(0) == 150);
    CHECK(note.goals[0].target->unit == "deg");
    CHECK(note.goals[0].timeframe->value.value_or(0) == 4);
    CHECK(note.goals[0].functional);
    CHECK(note.goals[1].term.value_or("") == "long");
    CHECK_FALSE(note.goals[1].measurable);
    CHECK_FALSE(note.goals[1].functional);
    CHECK_FALSE(note.goals[1].timeframe.has_value());
}

TEST_CASE("extract: an outcome score is a goal target; self-care is a function") {
    const Note note = note_of("LTG (8 weeks): QuickDASH below 20.\n"
                              "STG (3 weeks): R shoulder flexion AROM to 140 deg to allow hair washing independently.\n");
    REQUIRE(note.goals.size() == 2);
    REQUIRE(note.goals[0].target.has_value());
    CHECK(note.goals[0].target->value.value_or(0) == 20);
    CHECK(note.goals[0].target->unit == "points");
    CHECK(note.goals[0].measurable);
    CHECK(note.goals[0].text == "QuickDASH below 20.");  // the lead-in's `(8 weeks):` is not its text
    CHECK(note.goals[1].functional);
    // MTSamples 3679: a criterion the therapist can observe is measurable.
    const Note speech = note_of("GOALS:\n3.  The patient will be able to communicate without using finger occlusion with "
                                "the assistance of a Passy-Muir valve.\n");
    REQUIRE(speech.goals.size() == 1);
    CHECK(speech.goals[0].measurable);
}

TEST_CASE("extract: code lines under the P: paragraph are billed; a code the plan mentions is not") {
    const Note note = note_of("P: Continue 2x/week for 4 weeks; consider 97112 next visit.\n98940 CMT lumbar\n"
                              "97140 Manual therapy cervical 15 min\n");
    REQUIRE(note.interventions.size() == 2);
    CHECK(note.interventions[0].cpt == "98940");
    CHECK(note.interventions[1].cpt == "97140");
}

TEST_CASE("extract: a motion after a joint's measure carries the joint") {
    const Note note = note_of("O) L knee flexion AROM 105\xC2\xB0, ext -3 deg; hip abd 4+/5\n");
    REQUIRE(note.measurements.size() == 3);
    CHECK(note.measurements[1].name == "l knee ext");
    CHECK(note.measurements[1].value.value_or(0) == -3);
    CHECK(note.measurements[2].name == "hip abd");
}

TEST_CASE("extract: a title names the kind of a therapy note only") {
    CHECK(note_of("CARDIAC EVALUATION\nS: chest pain on exertion.\n").kind == NoteKind::unknown);
    CHECK(note_of("ADMISSION PSYCHIATRIC EVALUATION\nHistory: anxiety.\n").kind == NoteKind::unknown);
    CHECK(note_of("Initial Evaluation\nS: neck pain.\nAlex Kim, PT, DPT\n").kind == NoteKind::evaluation);
    CHECK(note_of("PHYSICAL THERAPY EVALUATION\nS: neck pain.\n").kind == NoteKind::evaluation);
    CHECK(note_of("Evaluation\nS: neck pain.\n97140 manual therapy 15 min\n").kind == NoteKind::evaluation);
    // A sentence that mentions an evaluation is no title; `renal failure evaluation` is no re-evaluation.
    CHECK(note_of("Prescription evaluation for Crohn's disease.\nS: x\nAlex Kim, PT\n").kind == NoteKind::unknown);
    CHECK(note_of("Renal failure evaluation\nS: x\nAlex Kim, PT\n").kind == NoteKind::evaluation);
    // A `Note type:` field is taken as written.
    CHECK(note_of("Note type: Evaluation\nS: chest pain.\n").kind == NoteKind::evaluation);
}

TEST_CASE("extract: a bare number opening an arc, or in millimetres, is no measurement") {
    const Note note = note_of("OBJECTIVE:\nThe range of motion is 0 to a 110 degrees of flexion.\n"
                              "Spacer block in extension 10 mm and 12 mm in flexion.\n");
    REQUIRE(note.measurements.size() == 1);
    CHECK(note.measurements[0].value.value_or(0) == 110);
    CHECK(note.measurements[0].unit == "deg");
}

TEST_CASE("extract: session times need their cue right before them") {
    const Note titers = note_of("Symptoms started last year. ANA was 1:40, speckled. Treatment stopped in May.\n");
    CHECK_FALSE(titers.session.start.has_value());
    const Note session = note_of("Time in: 1:05 PM\nTime out: 1:58 PM\n");
    REQUIRE(session.session.minutes.has_value());
    CHECK(*session.session.minutes == 53);
}

TEST_CASE("extract: measurements with names, kinds, canonical units and MMT grades") {
    const Note note = note_of("OBJECTIVE:\nR shoulder flexion AROM: 120°, abduction 95 deg\nHip abduction strength 4-/5\n"
                              "Pain 6-7/10\nODI 32%\nTUG 12 sec\nShoulder flexion 120\nBP 124/78\n");
    REQUIRE(note.measurements.size() >= 7);
    const auto& m = note.measurements;
    CHECK(m[0].name == "r shoulder flexion arom");
    CHECK(m[0].kind == "rom");
    CHECK(m[0].value.value_or(0) == 120);
    CHECK(m[0].unit == "deg");
    CHECK(m[0].pos.line == 2);
    CHECK(m[1].name.find("abduction") != std::string::npos);
    CHECK(m[1].unit == "deg");
    CHECK(m[2].kind == "strength");
    CHECK(m[2].grade == "4-");
    CHECK(m[2].unit == "/5");
    CHECK(m[3].kind == "pain");
    CHECK(m[3].value.value_or(0) == 6);
    CHECK(m[3].value_high.value_or(0) == 7);
    CHECK(m[4].kind == "outcome");
    CHECK(m[4].unit == "percent");
    CHECK(m[5].kind == "outcome");
    CHECK(m[5].unit == "s");
    CHECK(m[6].name == "shoulder flexion");
    CHECK(m[6].unit.empty());
    CHECK(m.size() == 7);  // the blood pressure is not a measurement of function
}

TEST_CASE("extract: a ROM arc written 0-120 degrees is measured by its end") {
    const Note note = note_of("OBJECTIVE: Active range of motion of the left knee is 0 to 120 degrees.\n");
    REQUIRE(note.measurements.size() == 1);
    CHECK(note.measurements[0].value.value_or(0) == 120);
    CHECK(note.measurements[0].kind == "rom");
}

TEST_CASE("extract: payer line selects a profile name") {
    const ProfileSet profiles = load_profiles({});
    const auto name = [&](const char* payer) {
        const Profile* p = profiles.match_payer(payer);
        return p ? p->name : std::string("commercial");
    };
    CHECK(name("Medicare Part B") == "medicare");
    CHECK(name("Blue Cross Blue Shield of Illinois") == "hcsc");
    CHECK(name("Independence Blue Cross") == "ibx");
    CHECK(name("Aetna") == "commercial");
    CHECK(name("Workers' Compensation - Travelers") == "workers-comp");
}

TEST_CASE("extract: never crashes on hostile input") {
    for (const std::string& text : {std::string(""), std::string(":::\n---\n"), std::string(5000, '9'),
                                   std::string("S:") + std::string(3000, ','), std::string("97140 x x x 99999999999999999999 min"),
                                   std::string("Time in: 99:99 PM Time out: 25:70"), std::string("1.\n2)\n#\n**\n")}) {
        CHECK_NOTHROW(parse_bytes("t.txt", text));
    }
}

TEST_CASE("extract: a rating of hundreds of digits is read without ending the run") {
    // std::stod threw out_of_range on 309+ digits, which aborted the whole batch (issue 12).
    const std::string huge(400, '9');
    const Note note = note_of("Date of Service: 03/02/2026\nS: pain " + huge + "/5 today, pain 12/10 at night.\n");
    bool twelve = false;
    for (const Measurement& m : note.measurements) twelve = twelve || (m.value && *m.value == 12);
    CHECK(twelve);  // the ordinary rating beside it is still read
    CHECK(!note_of("O: grip 0000" + std::string(330, '0') + "7/5\n").lines.empty());
}
