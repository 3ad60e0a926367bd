// R001-R004 (the course of an episode) and M001-M002 (medical necessity in prose): the decisions
// the golden fixtures do not pin down, each on a short note run through the whole pipeline.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "src/engine.hpp"
#include "src/reader.hpp"

using namespace soaplint;

namespace {

// The lines of the findings of `rule` on `text`, under `payer` (else the notes' Payer: lines).
std::vector<int> lines_of(const std::string& rule, const std::string& text,
                          const std::optional<std::string>& payer = std::nullopt) {
    static const ProfileSet profiles = load_profiles({});
    std::vector<FileResult> files{parse_bytes("t.txt", text)};
    CheckOptions options;
    options.payer = payer;
    options.rules.select = {rule};
    resolve_payers(files, profiles, payer);
    std::vector<int> lines;
    for (const Finding& f : run_checks(files, profiles, options)) lines.push_back(f.line);
    return lines;
}

std::string daily(const std::string& date, const std::string& soap) {
    return "Patient ID: 500\nDate of Service: " + date + "\nNote type: Daily note\n" + soap +
           "\n97110 Therapeutic exercise 23 min, 2 units\n";
}

std::string join_notes(const std::vector<std::string>& notes) {
    std::string out;
    for (const std::string& n : notes) out += (out.empty() ? "" : "---\n") + n;
    return out;
}

}  // namespace

// ---- M001 ------------------------------------------------------------------------------------

TEST_CASE("M001: leisure purposes only when asserted, in the clinician's sections") {
    const auto note = [](const std::string& a, const std::string& p) {
        return "Date of Service: 04/14/2026\nS: Client reports neck pain 5/10.\nA: " + a + "\nP: " + p + "\n";
    };
    CHECK(lines_of("M001", note("Tolerated well.", "Continue massage for relaxation.")) == std::vector<int>{4});
    CHECK(lines_of("M001", note("Tolerated well.", "Continue wellness massage monthly.")) == std::vector<int>{4});
    CHECK(lines_of("M001", note("Spa treatment tolerated.", "Continue 1x/week.")) == std::vector<int>{3});
    // Negated, hypothetical, or not about the purpose of care.
    CHECK(lines_of("M001", note("Treatment is not for relaxation.", "Continue STM.")).empty());
    CHECK(lines_of("M001", note("Pt denies stress relief as a goal.", "Continue STM.")).empty());
    CHECK(lines_of("M001", note("Tolerated well.", "If goals met, may transition to wellness care.")).empty());
    CHECK(lines_of("M001", note("Lumbar spasm decreased.", "Continue STM.")).empty());
    CHECK(lines_of("M001", note("Axial SpA with limited lumbar mobility.", "Continue TherEx.")).empty());
    CHECK(lines_of("M001", note("Brace to reduce stress on the knee.", "Continue.")).empty());
    CHECK(lines_of("M001", note("Pelvic floor down-training to promote relaxation of the levator ani.", "Continue.")).empty());
    CHECK(lines_of("M001", note("Tolerated well.", "Discharge to community wellness program at the Y.")).empty());
    CHECK(lines_of("M001", note("Previously treated at the Wellness Center.", "Continue.")).empty());
    // The patient's own words are not the clinician's description of care.
    CHECK(lines_of("M001", "S: Client wants massage for relaxation.\nA: Tolerated well.\nP: Continue STM.\n").empty());
}

TEST_CASE("M001: maintenance by profile") {
    const std::string plan = "A: Function stable.\nP: Continue maintenance program 1x/week.\n";
    CHECK(lines_of("M001", plan, "commercial").empty());  // maintenance allowed
    CHECK(lines_of("M001", plan, "hcsc") == std::vector<int>{2});
    CHECK(lines_of("M001", plan, "medicare") == std::vector<int>{2});
    // Medicare (Jimmo): a skilled rationale covers it; hcsc excludes maintenance all the same.
    const std::string skilled = "A: Function stable; requires the skills of a therapist to prevent deterioration.\n"
                                "P: Continue maintenance program 1x/week.\n";
    CHECK(lines_of("M001", skilled, "medicare").empty());
    CHECK(lines_of("M001", skilled, "hcsc") == std::vector<int>{2});
    CHECK(lines_of("M001", "A: Does not require skilled care.\nP: Continue maintenance program.\n", "medicare") ==
          std::vector<int>{2});
    CHECK(lines_of("M001", "A: Stable.\nP: Continue maintenance program. Pt was in a skilled nursing facility.\n",
                   "medicare") == std::vector<int>{2});
    CHECK(lines_of("M001", "A: Pt is not on a maintenance program; ROM improving.\nP: Continue.\n", "hcsc").empty());
    CHECK(lines_of("M001", "A: Goals met.\nP: Independent with HEP for maintenance.\n", "hcsc").empty());
    CHECK(lines_of("M001", "A: Tracheostomy for maintenance of the airway.\nP: Continue.\n", "hcsc").empty());
}

// ---- M002 ------------------------------------------------------------------------------------

TEST_CASE("M002: plateau with the same plan, unless negated, rationalised or changed") {
    CHECK(lines_of("M002", "A: Pt has plateaued.\nP: Continue current POC.\n") == std::vector<int>{1});
    CHECK(lines_of("M002", "A: Pt at MMI.\nP: Same plan 2x/week.\n") == std::vector<int>{1});
    CHECK(lines_of("M002", "A: Pt has not plateaued.\nP: Continue current POC.\n").empty());
    CHECK(lines_of("M002", "A: If progress plateaus, will discharge.\nP: Continue current POC.\n").empty());
    CHECK(lines_of("M002", "A: Pt has plateaued.\nP: Modify POC: add aquatic therapy.\n").empty());
    CHECK(lines_of("M002", "A: Pt has plateaued.\nP: Continue; refer to orthopedics.\n").empty());
    CHECK(lines_of("M002", "A: Pt has plateaued; skilled maintenance needed to prevent decline.\nP: Continue.\n").empty());
    CHECK(lines_of("M002", "A: S/p ORIF tibial plateau fracture.\nP: Continue current POC.\n").empty());
    // "Continues to ..." in the Assessment is a finding, not the plan.
    CHECK(lines_of("M002", "A: Pt has plateaued and continues to report pain.\nP: Will discuss with MD.\n").empty());
    CHECK(lines_of("M002", "Note type: Discharge summary\nA: Pt has plateaued.\nP: Continue HEP.\n").empty());
}

// ---- R001 ------------------------------------------------------------------------------------

TEST_CASE("R001: the last 3 measurements of each tracked measure, with its direction") {
    const auto episode = [](const std::string& a, const std::string& b, const std::string& c,
                            const std::string& plan = "P: Continue POC.") {
        return join_notes({daily("03/02/2026", "O: " + a + "\n" + plan), daily("03/04/2026", "O: " + b + "\n" + plan),
                     daily("03/06/2026", "O: " + c + "\n" + plan)});
    };
    CHECK(lines_of("R001", episode("Knee flexion AROM 90 deg", "Knee flexion AROM 90 deg", "Knee flexion AROM 88 deg")) ==
          std::vector<int>{18});
    CHECK(lines_of("R001", episode("Knee flexion AROM 90 deg", "Knee flexion AROM 88 deg", "Knee flexion AROM 91 deg")).empty());
    // Down is better for ODI and pain; MMT grades keep their sign.
    CHECK(lines_of("R001", episode("ODI 40%", "ODI 40%", "ODI 38%")).empty());
    CHECK(lines_of("R001", episode("ODI 40%", "ODI 38%", "ODI 40%")) == std::vector<int>{18});
    CHECK(lines_of("R001", episode("Quad strength 4-/5", "Quad strength 4-/5", "Quad strength 4/5")).empty());
    CHECK(lines_of("R001", episode("Quad strength 4/5", "Quad strength 4/5", "Quad strength 4-/5")) == std::vector<int>{18});
    // Nothing left to improve, or care does not continue.
    CHECK(lines_of("R001", episode("Knee pain 0/10", "Knee pain 0/10", "Knee pain 0/10")).empty());
    CHECK(lines_of("R001", episode("Knee flexion AROM 90 deg", "Knee flexion AROM 90 deg", "Knee flexion AROM 90 deg",
                                   "P: Discharge to HEP.")).empty());
    // Two measurements are no trend.
    CHECK(lines_of("R001", join_notes({daily("03/02/2026", "O: Knee flexion AROM 90 deg\nP: Continue POC."),
                                 daily("03/04/2026", "O: Knee flexion AROM 90 deg\nP: Continue POC.")})).empty());
}

// ---- R002 ------------------------------------------------------------------------------------

TEST_CASE("R002: days 11, 21, ... of a period without a progress report; a report starts a new period") {
    std::vector<std::string> notes;
    for (int d = 1; d <= 21; ++d) notes.push_back(daily("03/" + std::to_string(d) + "/2026", "P: Continue POC."));
    const std::string text = join_notes(notes);
    const auto found = lines_of("R002", text, "medicare");
    REQUIRE(found.size() == 2);
    CHECK(found[0] == 2 + 6 * 10);  // note 11's date line: each note is 6 lines
    CHECK(found[1] == 2 + 6 * 20);
    CHECK(lines_of("R002", text, "commercial").empty());
    notes[9] = "Patient ID: 500\nDate of Service: 03/10/2026\nNote type: Progress report\nA: STG met.\n"
               "97110 Therapeutic exercise 23 min, 2 units\n";
    const auto after_report = lines_of("R002", join_notes(notes), "medicare");
    CHECK(after_report == std::vector<int>{2 + 6 * 20});  // day 11 after the report of day 10
}

// ---- R003 ------------------------------------------------------------------------------------

TEST_CASE("R003: plan end, certification, and quiet without treatment") {
    const std::string eval = "Patient ID: 500\nDate of Service: 03/02/2026\nNote type: Initial evaluation\n"
                             "P: PT 2x/week for 4 weeks.\nAlex Kim, PT\n";
    CHECK(lines_of("R003", eval, "medicare").empty());
    CHECK(lines_of("R003", join_notes({eval, daily("03/30/2026", "P: Continue.")}), "commercial").empty());
    CHECK(lines_of("R003", join_notes({eval, daily("03/31/2026", "P: Continue.")}), "commercial") == std::vector<int>{8});
    // A plan counted in visits has no end date.
    const std::string visits = "Patient ID: 500\nDate of Service: 03/02/2026\nNote type: Initial evaluation\n"
                               "P: PT 2x/week x 8 visits.\nAlex Kim, PT\n";
    CHECK(lines_of("R003", join_notes({visits, daily("05/30/2026", "P: Continue.")}), "commercial").empty());
    // Medicare: pending certification is none; a statement in a later note is one.
    const std::string pending = "Patient ID: 500\nDate of Service: 03/02/2026\nNote type: Initial evaluation\n"
                                "P: PT 2x/week for 8 weeks. POC sent to Dr. Lee for certification.\nAlex Kim, PT\n";
    CHECK(lines_of("R003", join_notes({pending, daily("04/02/2026", "P: Continue.")}), "medicare") == std::vector<int>{8});
    CHECK(lines_of("R003", join_notes({pending, daily("03/20/2026", "P: Continue. POC certified by Dr. Lee, MD 3/18/2026."),
                                 daily("04/02/2026", "P: Continue.")}),
                   "medicare")
              .empty());
}

// ---- R004 ------------------------------------------------------------------------------------

TEST_CASE("R004: same or nearly the same sections; short ones are left alone") {
    const std::string s = "S: Pt reports knee pain 4/10 after walking the dog, stairs still hard, HEP done daily, "
                          "no falls since the last visit.";
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", s), daily("03/04/2026", s)})) == std::vector<int>{10});
    // Numbers do not make a Subjective new.
    std::string changed = s;
    changed.replace(changed.find("4/10"), 4, "3/10");
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", s), daily("03/04/2026", changed)})) == std::vector<int>{10});
    // A genuinely new report.
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", s),
                                 daily("03/04/2026", "S: Pt reports knee pain 3/10; walked the dog two blocks, "
                                                     "climbed the stairs at church with a rail.")}))
              .empty());
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", "S: No new complaints."),
                                 daily("03/04/2026", "S: No new complaints.")}))
              .empty());
    // Objective numbers are findings: new values are a new exam.
    const std::string o1 = "O: R knee flexion AROM 95 deg, extension -10 deg, quad strength 4-/5, TUG 16 sec, "
                           "SLS 4 sec.";
    const std::string o2 = "O: R knee flexion AROM 102 deg, extension -6 deg, quad strength 4/5, TUG 14 sec, "
                           "SLS 6 sec.";
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", o1), daily("03/04/2026", o2)})).empty());
    CHECK(lines_of("R004", join_notes({daily("03/02/2026", o1), daily("03/04/2026", o1)})) == std::vector<int>{10});
}

// ---- notes that say they are not therapy -------------------------------------------------------

TEST_CASE("O001 and M001: a note that says it is not therapy is not judged; a bare SOAP note is") {
    const std::string soap = "S: Follow-up.\nO: Lungs clear. Abdomen soft.\nA: Stable.\nP: Return for routine wellness visit.\n";
    CHECK(lines_of("O001", soap) == std::vector<int>{2});
    CHECK(lines_of("M001", soap) == std::vector<int>{4});
    const std::string cardiac = "CARDIAC EVALUATION\n" + soap;
    CHECK(lines_of("O001", cardiac).empty());
    CHECK(lines_of("M001", cardiac).empty());
    const std::string signed_md = soap + "Electronically signed by Dana Cole, MD\n";
    CHECK(lines_of("O001", signed_md).empty());
    // A physician-signed note of physical therapy is still therapy.
    CHECK(lines_of("O001", "S: Knee pain.\nO: Tolerated physical therapy well.\nA: Better.\nP: Continue.\n"
                           "Dana Cole, MD\n") == std::vector<int>{2});
}
