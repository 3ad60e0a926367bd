// Unit tests of the logic of S001-S003 and D001-D004 (checks/sections.cpp, checks/diagnosis.cpp)
// beyond their golden fixtures: the edge cases of what counts as a section, a signature, a
// diagnosis, a referral and a documented injury.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "src/engine.hpp"
#include "src/reader.hpp"

using namespace soaplint;

namespace {

std::vector<Finding> run(const std::string& text, const std::string& rule, std::optional<std::string> payer = {}) {
    std::vector<FileResult> files;
    files.push_back(parse_bytes("t.txt", text));
    REQUIRE(files.front().errors.empty());
    static const ProfileSet profiles = load_profiles({});
    resolve_payers(files, profiles, payer);
    CheckOptions options;
    options.payer = payer;
    options.rules.select = {rule};
    return run_checks(files, profiles, options);
}

const std::string kSignedDaily =
    "Patient ID: 1\nDate of Service: 03/10/2026\nNote type: Daily note\nDx: M54.50 Low back pain\n";

}  // namespace

TEST_CASE("S001: a heading with nothing under it is empty; a note without headings lacks all four") {
    auto f = run(kSignedDaily + "S: Pain 3/10.\nO:\nA: Improving.\nP: Continue 2x/week.\n", "S001");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 6);
    CHECK(f[0].message.find("the Objective section is empty") == 0);

    f = run(kSignedDaily + "Pt did well today, pain 3/10. Continue.\n", "S001");
    REQUIRE(f.size() == 4);  // one per part; findings at one position are ordered by message
    CHECK(f[0].message.find("has no Assessment section") != std::string::npos);
    CHECK(f[1].message.find("has no Objective section") != std::string::npos);
    CHECK(f[2].message.find("has no Plan section") != std::string::npos);
    CHECK(f[3].message.find("has no Subjective section") != std::string::npos);
    CHECK(f[0].line == 1);
}

TEST_CASE("S001: only treatment notes; an operative report billing surgical codes is not one") {
    CHECK(run("Note type: Initial evaluation\nSubjective: pain\n", "S001").empty());
    CHECK(run("PROCEDURE: Anterior cervical discectomy, CPT 22554 and 22851.\n", "S001").empty());
    CHECK(run("Pt seen for hot pack and traction.\n97012 Mechanical traction\n", "S001").size() == 4);
}

TEST_CASE("S001: PLAN OF CARE fills the plan part; A/P fills assessment and plan") {
    CHECK(run(kSignedDaily + "S: Pain 3/10.\nO: Flexion 50 deg.\nA/P: Improving; continue 2x/week.\n", "S001").empty());
    CHECK(run(kSignedDaily + "S: Pain 3/10.\nO: Flexion 50 deg.\nA: Improving.\nPLAN OF CARE: 2x/week x 4 weeks.\n",
              "S001")
              .empty());
}

TEST_CASE("S003: a name needs a license designation; degrees and certifications alone are not one") {
    CHECK(run(kSignedDaily + "Alex Kim, PT, DPT, OCS\n", "S003").empty());
    auto f = run(kSignedDaily + "Signed: Alex Kim, OCS\n", "S003");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 5);
    CHECK(f[0].message.find("OCS is a degree or certification") != std::string::npos);
    f = run(kSignedDaily + "Therapist: Alex Kim\n", "S003");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message == "`Alex Kim` signs without a professional designation; add the credential after the name (e.g. "
                          "`Alex Kim, PT`; PTA, OT, LMT, DC, MD, ...)");
}

TEST_CASE("S002: a date field that is not a date is pointed at; a real one is accepted") {
    auto f = run("Patient ID: 1\nDOS: pending\nS: pain\n", "S002");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 2);
    CHECK(f[0].message.find("`pending` cannot be read as a date") != std::string::npos);
    CHECK(run("Patient ID: 1\nVisit date: 2026-03-14\n", "S002").empty());
}

TEST_CASE("D001: an ICD-9 code alone is D002's finding, not D001's; a discharge note is not judged") {
    CHECK(run("Note type: Initial evaluation\nDx: 724.2 Lumbago\n", "D001").empty());
    CHECK(run("Note type: Discharge summary\nDiagnosis: low back pain\n", "D001").empty());
    const auto f = run("Note type: Initial evaluation\nDate of Service: 03/02/2026\nSubjective: back pain\n", "D001");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("no ICD-10-CM diagnosis code on this evaluation; add") == 0);
}

TEST_CASE("D003: without a date of service the newest table is used and the message says so") {
    const auto f = run("Dx: M54.5 Low back pain\n", "D003");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("the newest loaded table, as the note has no date of service") != std::string::npos);
    CHECK(f[0].column == 5);
    CHECK(run("Date of Service: 2021-03-04\nDx: M54.52 Low back pain\n", "D003").empty());  // before FY2024
}

TEST_CASE("D004: what is and is not a documented referral") {
    const std::string head = "Payer: Workers comp\nDate of injury: 02/27/2026, slipped on a wet floor at work.\n";
    const auto referral_findings = [&](const std::string& text) {
        return run(head + text, "D004").size();
    };
    CHECK(referral_findings("Pt was referred to physical therapy by Dr. Lee.\n") == 0);
    CHECK(referral_findings("Referred by Dr. Lee for eval and treat.\n") == 0);
    CHECK(referral_findings("Rx: PT 2x/week x 4 weeks, eval and treat.\n") == 0);
    CHECK(referral_findings("Physician's prescription on file.\n") == 0);
    CHECK(referral_findings("No referral on file.\n") == 1);
    CHECK(referral_findings("Awaiting referral from Dr. Lee.\n") == 1);
    CHECK(referral_findings("Referral to PT pending.\n") == 1);
    CHECK(referral_findings("Pt is self-referred for evaluation and treatment.\n") == 1);
    CHECK(referral_findings("Referred pain to the R buttock.\n") == 1);
    CHECK(referral_findings("Given a prescription for ibuprofen; Dr. Lee referred her for an MRI.\n") == 1);
    CHECK(referral_findings("Exercises given in order to improve therapy tolerance.\n") == 1);
    CHECK(run("Referral: none\n", "D004", "workers-comp").front().line == 1);
}

TEST_CASE("D004: the injury needs a date in the same sentence and how it happened") {
    const std::string head = "Payer: Workers comp\nReferring physician: Dr. Lee, MD\n";
    CHECK(run(head + "Injured L shoulder at work on 2/27/2026 while lifting a box.\n", "D004").empty());
    CHECK(run(head + "DOI: 02/27/2026\nMOI: caught his hand in a conveyor.\n", "D004").empty());

    auto f = run(head + "DOB: 01/02/1970\nPt fell at work last month.\n", "D004");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 1);
    CHECK(f[0].message.find("the date of injury is missing") != std::string::npos);

    // A date two sentences away from the injury does not date it; "lift" in a goal is no mechanism.
    f = run(head + "Seen on 03/02/2026. Work injury to the L shoulder.\nGoal: lift 20 lb overhead in 4 weeks.\n", "D004");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("the date of injury and how it happened are missing") != std::string::npos);

    f = run("Payer: GEICO PIP\nReferral: Dr. Lee, MD\nDate of accident: 03/21/2026.\n", "D004");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("needs the accident documented: how it happened is missing") != std::string::npos);
    CHECK(run("Payer: GEICO PIP\nReferral: Dr. Lee, MD\nRear-ended at a stop light on 03/21/2026.\n", "D004").empty());
}
