// Rules G001-G004 (goals), O001-O003 (objective measurements) and F001-F004 (plan, visits,
// authorization) on notes run through the whole pipeline, with the extractor facts they rely on.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "src/engine.hpp"
#include "src/extract.hpp"

using namespace soaplint;

namespace {

const ProfileSet& profiles() {
    static const ProfileSet set = load_profiles({});
    return set;
}

std::vector<FileResult> parse(const std::string& text) { return {parse_bytes("note.txt", text)}; }

std::vector<Finding> check(const char* id, const std::string& text, std::optional<std::string> payer = std::nullopt) {
    std::vector<FileResult> files = parse(text);
    CheckOptions options;
    options.payer = std::move(payer);
    options.rules.select = {id};
    resolve_payers(files, profiles(), options.payer);
    return run_checks(files, profiles(), options);
}

std::vector<int> lines_of(const std::vector<Finding>& findings) {
    std::vector<int> lines;
    for (const Finding& f : findings) lines.push_back(f.line);
    return lines;
}

const std::string kEvalHead =
    "PHYSICAL THERAPY INITIAL EVALUATION\n"  // 1
    "Patient ID: 100\n"                     // 2
    "Date of Service: 03/02/2026\n"         // 3
    "Provider: Alex Kim, PT\n"              // 4
    "S: Low back pain 6/10, cannot sit 20 minutes.\n"  // 5
    "O: Lumbar flexion AROM 40°. ODI 44%.\n"         // 6
    "A: Lumbar strain limiting sitting at work.\n";   // 7

std::string eval_with_goals(const std::string& goals, const std::string& plan = "P: 2x/week for 6 weeks.\n") {
    return kEvalHead + "Goals:\n" + goals + plan;  // goals start on line 9
}

std::string daily(const std::string& date, const std::string& extra = "") {
    return "Patient ID: 100\nDate of Service: " + date +
           "\nNote type: Daily note\n" + extra +
           "S: Pain 3/10.\nO: Lumbar flexion AROM 50°.\nA: Improving.\nP: Continue.\n"
           "97110 Therapeutic exercise 23 min, 2 units\nTime in 9:00 AM  Time out 9:30 AM\nAlex Kim, PT\n";
}

}  // namespace

// ---- goals ----------------------------------------------------------------------------------

TEST_CASE("G001: an evaluation without goals; a re-evaluation may point to goals of an earlier note") {
    CHECK(lines_of(check("G001", kEvalHead + "P: 2x/week for 6 weeks.\n")) == std::vector<int>{1});
    CHECK(check("G001", eval_with_goals("STG (3 weeks): Pt will sit 30 minutes at work.\n")).empty());
    const std::string reeval =
        "PHYSICAL THERAPY RE-EVALUATION\nPatient ID: 100\nDate of Service: 04/13/2026\nS: Better.\n"
        "O: Lumbar flexion AROM 60°.\nGoals:\nGoals remain as per initial evaluation.\nP: 2x/week for 4 weeks.\n";
    CHECK(lines_of(check("G001", reeval)) == std::vector<int>{7});
    CHECK(check("G001", eval_with_goals("STG (3 weeks): Pt will sit 30 minutes at work.\n") + "---\n" + reeval).empty());
    // A re-evaluation without goal lines carries those of the evaluation in the run.
    const std::string bare_reeval =
        "PHYSICAL THERAPY RE-EVALUATION\nPatient ID: 100\nDate of Service: 04/13/2026\nS: Better.\n"
        "O: Lumbar flexion AROM 60°.\nA: Goal partially met; sitting still limited.\nP: 2x/week for 4 weeks.\n";
    CHECK(lines_of(check("G001", bare_reeval)) == std::vector<int>{1});
    CHECK(check("G001", eval_with_goals("STG (3 weeks): Pt will sit 30 minutes at work.\n") + "---\n" + bare_reeval)
              .empty());
    // "Goal partially met; ..." in an assessment is a status report, not a goal.
    CHECK(parse(bare_reeval).front().notes.front().goals.empty());
    // A daily note sets no goals.
    CHECK(check("G001", daily("03/04/2026")).empty());
}

TEST_CASE("G002/G003: each goal needs a target and a timeframe; status lines and pointers are no goals") {
    const auto g002 = check("G002", eval_with_goals("STG: Improve lumbar ROM in 3 weeks.\n"
                                                    "LTG: Pt will sit 60 minutes to work at a desk in 6 weeks.\n"));
    CHECK(lines_of(g002) == std::vector<int>{9});
    const auto g003 = check("G003", eval_with_goals("STG: Pt will sit 30 minutes at work.\n"
                                                    "LTG: Pt will sit 60 minutes to work at a desk.\n"));
    CHECK(lines_of(g003) == std::vector<int>{9});  // the long-term goal takes the plan's 6 weeks
    // Without a plan duration the long-term goal has no timeframe either.
    CHECK(lines_of(check("G003", eval_with_goals("LTG: Pt will sit 60 minutes to work at a desk.\n", "P: 2x/week.\n"))) ==
          std::vector<int>{9});
    const std::string progress =
        "PHYSICAL THERAPY PROGRESS REPORT\nPatient ID: 100\nDate of Service: 03/30/2026\nS: Better.\n"
        "O: Lumbar flexion AROM 55°.\nGoals:\nSTG 1: Met\nLTG 2: Partially met, progressing\n"
        "Goals: see initial evaluation\nP: Continue 2x/week for 3 weeks.\n";
    CHECK(check("G002", progress).empty());
    CHECK(check("G003", progress).empty());
}

TEST_CASE("G004: comfort goals always; pain relief alone only where the profile requires functional goals") {
    CHECK(lines_of(check("G004", eval_with_goals("LTG: Client will feel relaxed and less stressed in 4 weeks.\n"))) ==
          std::vector<int>{9});
    // Negated: ConText reads "not for relaxation" as no relaxation goal.
    CHECK(check("G004", eval_with_goals("LTG: Decrease guarding (not for relaxation) to restore rotation to 70° in 4 "
                                        "weeks.\n"))
              .empty());
    // A comfort word beside a function is fine.
    CHECK(check("G004", eval_with_goals("LTG: Pt will sleep comfortably through the night in 4 weeks.\n")).empty());
    const std::string pain_only = eval_with_goals("STG: Pain no greater than 4/10 in 2 weeks.\n"
                                                  "LTG: Pain no greater than 1/10 in 6 weeks.\n");
    CHECK(check("G004", pain_only).empty());  // commercial
    const auto wc = check("G004", pain_only, "workers-comp");
    REQUIRE(wc.size() == 1);  // once for the plan, at its first pain goal
    CHECK(wc[0].line == 9);
    CHECK(wc[0].message.find("workers-comp requires functional goals") != std::string::npos);
    CHECK(check("G004",
                eval_with_goals("STG: Pain no greater than 4/10 in 2 weeks.\n"
                                "LTG: Pt will lift 50 lb floor to waist to return to full duty in 6 weeks.\n"),
                "workers-comp")
              .empty());
}

TEST_CASE("extractor: function words match at word starts, not inside other words") {
    CHECK(mentions_function("sitting 30 minutes"));
    CHECK(mentions_function("walks 2 blocks"));
    CHECK_FALSE(mentions_function("decrease pain intensity to 2/10"));
    CHECK_FALSE(mentions_function("improve position sense"));
    CHECK_FALSE(mentions_function("motor control"));
}

// ---- objective ------------------------------------------------------------------------------

TEST_CASE("O001: an Objective section without numbers; none at all is S001's") {
    const std::string head = "Patient ID: 7\nDate of Service: 04/09/2026\nNote type: Daily note\nS: Neck pain 5/10.\n";
    CHECK(lines_of(check("O001", head + "O: Upper trapezius hypertonicity. Tolerated 30 min of massage well.\nA: "
                                        "Better.\nP: Continue.\n")) == std::vector<int>{5});
    CHECK(check("O001", head + "O: Cervical rotation R 58°, L 66°.\nA: Better.\nP: Continue.\n").empty());
    CHECK(check("O001", head + "A: Better.\nP: Continue.\n").empty());
}

TEST_CASE("O002: bare numbers that name a measure; not counts, dosage, durations or years") {
    const std::string head = "Patient ID: 7\nDate of Service: 04/09/2026\nNote type: Daily note\nS: Better.\n";
    const auto found = check("O002", head + "O: R shoulder flexion 120, abduction 95°. Pain 6.\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0].message.find("r shoulder flexion 120 has no unit") == 0);
    CHECK(found[1].message.find("pain 6 has no unit") == 0);
    CHECK(check("O002", head + "O: 3 sets of hip flexion, hip flexion 2 sets, knee pain for 1 month, back pain in 1990, "
                               "pain #30.\n")
              .empty());
}

TEST_CASE("O003: values past their scale, including ratings the quantity grammar rejects") {
    const std::string head = "Patient ID: 7\nDate of Service: 04/09/2026\nNote type: Daily note\n";
    const auto found = check("O003", head + "S: Pt rates pain 12/10.\n"
                                            "O: Quad strength 6/5. Knee flexion 190°. Shoulder flexion 400°. Knee ext "
                                            "-100°. LEFS 85/80. 6MWT -20 ft.\n");
    CHECK(found.size() == 7);
    // A month and day, a ratio to a norm, a hyperextension deficit: all possible.
    CHECK(check("O003", head + "S: Pain 2/10 on 12/10.\n"
                               "O: FEV1 110% of predicted. Knee extension -10°. Knee flexion 0 to 126 degrees.\n")
              .empty());
}

TEST_CASE("extractor: `0 to 126 degrees` is one range of motion, its arc's end") {
    const auto files = parse("Patient ID: 7\nO: Right knee active range of motion is 0 to 126 degrees.\n");
    REQUIRE(files.front().notes.size() == 1);
    const auto& m = files.front().notes.front().measurements;
    REQUIRE(m.size() == 1);
    CHECK(m[0].unit == "deg");
    CHECK(*m[0].value == 126);
    CHECK(m[0].name == "right knee active range of motion");
}

// ---- plan -----------------------------------------------------------------------------------

TEST_CASE("F001/F002: plan notes state frequency and duration unless they end care") {
    CHECK(lines_of(check("F001", kEvalHead + "P: Manual therapy for 6 weeks.\n")) == std::vector<int>{8});
    CHECK(lines_of(check("F002", kEvalHead + "P: Manual therapy 2x/week.\n")) == std::vector<int>{8});
    CHECK(check("F002", kEvalHead + "P: 2x/week x 12 visits.\n").empty());
    CHECK(check("F002", kEvalHead + "P: 2x/week through 04/13/2026.\n").empty());
    const std::string closing = kEvalHead + "P: One-time visit; no further skilled PT needed.\n";
    CHECK(check("F001", closing).empty());
    CHECK(check("F002", closing).empty());
    // "discharge when goals are met" does not end care today.
    CHECK(check("F001", kEvalHead + "P: Discharge to HEP when goals are met.\n").size() == 1);
    CHECK(check("F001", daily("03/04/2026")).empty());
}

TEST_CASE("F003: visits after the plan against frequency x duration and the authorized count") {
    const std::string plan = kEvalHead + "P: 2x/week x 1 week.\n";
    std::string episode = plan;
    for (const char* date : {"03/03/2026", "03/05/2026"}) episode += "---\n" + daily(date);
    CHECK(check("F003", episode).empty());
    // A second note on the same day is the same visit.
    CHECK(check("F003", episode + "---\n" + daily("03/05/2026")).empty());
    const auto over = check("F003", episode + "---\n" + daily("03/09/2026") + "---\n" + daily("03/11/2026"));
    REQUIRE(over.size() == 1);  // at the first visit over only
    CHECK(over[0].message.find("visit 3 since the evaluation of 2026-03-02, whose plan allows 2 visits (2x/week for 1 "
                               "week)") != std::string::npos);
    // An authorization stated in a later note lowers the limit from then on.
    const auto auth = check("F003", plan + "---\n" + daily("03/03/2026", "Authorization: 1 visit approved\n") + "---\n" +
                                        daily("03/04/2026"));
    REQUIRE(auth.size() == 1);
    CHECK(auth[0].message.find("only 1 visit is authorized") != std::string::npos);
}

TEST_CASE("F004: prior authorization by profile, from the note or an earlier note of the episode") {
    const std::string massage = "Patient ID: 9\nDate of Service: 04/02/2026\nNote type: Daily note\n{auth}"
                                "S: Neck pain 5/10.\nO: Cervical rotation R 50°.\nA: Better.\nP: Continue.\n"
                                "97124 Massage therapy 30 min x2 units\nTime: 2:00 PM - 2:30 PM\n";
    const auto with = [&](const std::string& auth) {
        std::string text = massage;
        text.replace(text.find("{auth}"), 6, auth);
        return text;
    };
    CHECK(check("F004", with(""), "hcsc").size() == 1);
    CHECK(check("F004", with(""), "commercial").empty());
    CHECK(check("F004", with("Auth #: HC-55821\n"), "hcsc").empty());
    CHECK(check("F004", with("Prior auth #HC-55821 obtained 3/30/2026.\n"), "hcsc").empty());
    // A visit count or a pending request is no authorization number.
    CHECK(check("F004", with("Authorization: 12 visits\n"), "hcsc").size() == 1);
    CHECK(check("F004", with("Auth #: requested 3/30/2026\n"), "hcsc").size() == 1);
    // The first note's authorization covers the next visit; a later note's does not cover an earlier one.
    std::string second = with("");
    second.replace(second.find("04/02/2026"), 10, "04/09/2026");
    CHECK(check("F004", with("Auth #: HC-55821\n") + "---\n" + second, "hcsc").empty());
    std::string later = with("Auth #: HC-55821\n");
    later.replace(later.find("04/02/2026"), 10, "04/09/2026");
    CHECK(lines_of(check("F004", with("") + "---\n" + later, "hcsc")) == std::vector<int>{8});
}
