// Findings in context (SPEC §6, issue 11 item 1): each finding names its note's patient, date of
// service, kind, provider and payer in JSON, SARIF and JUnit; --redact turns patient and
// provider into keyed pseudonyms that still group.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <set>
#include <string>

#include "golden.hpp"
#include "src/pseudonym.hpp"

using namespace soaplint;
using namespace soaplint::test;

namespace {

const std::string kTwoPatients =
    "Patient ID: 4471\nDate of Service: 03/17/2026\nNote type: Daily note\nPayer: Medicare Part B\n"
    "SUBJECTIVE: Pt reports shoulder pain 4/10.\nOBJECTIVE: R shoulder flexion AROM 140 deg.\n"
    "ASSESSMENT: Improving.\nPLAN: Continue POC.\nTime In: 0802  Time Out: 0850\n"
    "97110 Therapeutic exercise 23 min 3 units\nAlex Kim, PT, DPT\n"
    "---\n"
    "Patient ID: 5520\nDate of Service: 03/18/2026\nNote type: Daily note\nPayer: Aetna PPO\n"
    "SUBJECTIVE: Pt reports knee pain 5/10.\nOBJECTIVE: L knee flexion AROM 100 deg.\n"
    "ASSESSMENT: Improving.\nPLAN: Continue POC.\nTime In: 0900  Time Out: 0940\n"
    "97110 Therapeutic exercise 20 min 3 units\nAlex Kim, PT, DPT\n";

boost::json::array findings_in(const std::string& json) {
    return boost::json::parse(json).at("findings").as_array();
}

}  // namespace

TEST_CASE("context: SipHash-2-4 gives the reference vectors") {
    const std::array<std::uint64_t, 2> key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
    CHECK(siphash24(key, "") == 0x726fdb47dd0e0e31ULL);
    std::string fifteen;
    for (char c = 0; c < 15; ++c) fifteen.push_back(c);
    CHECK(siphash24(key, fifteen) == 0xa129ca6149be45e5ULL);
    CHECK(siphash24(key, fifteen.substr(0, 8)) == 0x93f5f5799a932462ULL);
}

TEST_CASE("context: every finding on a note carries the note in JSON") {
    TempDir dir("context");
    write_file(dir.path / "visits.txt", kTwoPatients);
    const RunResult run = run_soaplint_in(dir.path, "check --select T003 --format json visits.txt");
    REQUIRE(run.status == 1);
    const boost::json::array findings = findings_in(run.out);
    REQUIRE(findings.size() == 2);
    const auto& first = findings[0].at("note").as_object();
    CHECK(first.at("patient") == "4471");
    CHECK(first.at("date_of_service") == "2026-03-17");
    CHECK(first.at("kind") == "daily");
    CHECK(first.at("provider") == "Alex Kim");
    CHECK(first.at("credentials") == boost::json::array{"PT", "DPT"});
    CHECK(first.at("payer") == "medicare");
    const auto& second = findings[1].at("note").as_object();
    CHECK(second.at("patient") == "5520");
    CHECK(second.at("payer") == "commercial");
}

TEST_CASE("context: SARIF results and JUnit test cases carry the note too") {
    TempDir dir("context-formats");
    write_file(dir.path / "visits.txt", kTwoPatients);
    const RunResult sarif = run_soaplint_in(dir.path, "check --select T003 --format sarif visits.txt");
    const boost::json::value log = boost::json::parse(sarif.out);
    const auto& results = log.at("runs").at(0).at("results").as_array();
    REQUIRE(results.size() == 2);
    CHECK(results[0].at("properties").at("note").at("patient") == "4471");
    const RunResult junit = run_soaplint_in(dir.path, "check --select T003 --format junit visits.txt");
    CHECK(junit.out.find("<property name=\"patient\" value=\"4471\"/>") != std::string::npos);
    CHECK(junit.out.find("<property name=\"payer\" value=\"medicare\"/>") != std::string::npos);
    CHECK(junit.out.find("<property name=\"credentials\" value=\"PT, DPT\"/>") != std::string::npos);
}

TEST_CASE("context: --redact gives keyed pseudonyms that group and hide") {
    TempDir dir("context-redact");
    write_file(dir.path / "visits.txt", kTwoPatients);
    const auto patients = [&](const std::string& env) {
        const RunResult run = run_soaplint_in(dir.path, "check --redact --select T003 --format json visits.txt", "", env);
        std::vector<std::string> out;
        for (const auto& f : findings_in(run.out)) {
            out.emplace_back(f.at("note").at("patient").as_string());
            CHECK(f.at("note").at("provider").as_string().starts_with("provider-"));
        }
        CHECK(run.out.find("4471") == std::string::npos);
        CHECK(run.out.find("Alex Kim") == std::string::npos);
        return out;
    };
    const auto keyed = patients("SOAPLINT_REDACT_KEY=clinic-secret");
    REQUIRE(keyed.size() == 2);
    CHECK(keyed[0].starts_with("patient-"));
    CHECK(keyed[0].size() == std::string("patient-").size() + 12);
    CHECK(keyed[0] != keyed[1]);
    CHECK(patients("SOAPLINT_REDACT_KEY=clinic-secret") == keyed);   // the same key: the same pseudonyms
    CHECK(patients("SOAPLINT_REDACT_KEY=other-secret") != keyed);    // another key: others
}

TEST_CASE("context: --statistics counts findings per rule and per provider and payer") {
    TempDir dir("context-statistics");
    write_file(dir.path / "visits.txt", kTwoPatients);
    const RunResult rules = run_soaplint_in(dir.path, "check --statistics --select T003,T001 visits.txt");
    CHECK(rules.status == 1);
    CHECK(rules.out == "     2  T003  units-exceed-minutes              error\n");
    const RunResult payers = run_soaplint_in(dir.path, "check --statistics=payer --select T003 visits.txt");
    CHECK(payers.out == "     1  1 errors, 0 warnings, 0 info  commercial\n     1  1 errors, 0 warnings, 0 info  medicare\n");
    const RunResult providers = run_soaplint_in(dir.path, "check --statistics=provider --format json --select T003 visits.txt");
    const boost::json::value stats = boost::json::parse(providers.out);
    CHECK(stats.at("statistics") == "provider");
    REQUIRE(stats.at("rows").as_array().size() == 1);
    CHECK(stats.at("rows").at(0).at("provider") == "Alex Kim");
    CHECK(stats.at("rows").at(0).at("credentials") == "PT, DPT");
    CHECK(stats.at("rows").at(0).at("count") == 2);
    const RunResult wrong = run_soaplint_in(dir.path, "check --statistics=month visits.txt");
    CHECK(wrong.status == 2);
    CHECK(wrong.err.find("per rule, provider or payer") != std::string::npos);
}
