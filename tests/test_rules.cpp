// The registry: every rule of the catalog, documented, with fixtures; the README lists them all.
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>

#include "src/rule.hpp"
#include "golden.hpp"
#include "src/report.hpp"

using namespace soaplint;

TEST_CASE("registry: the whole catalog of SPEC §7, in order, with unique IDs and names") {
    const std::vector<std::string> catalog = {
        "S001", "S002", "S003", "D001", "D002", "D003", "D004", "G001", "G002", "G003", "G004", "O001", "O002",
        "O003", "R001", "R002", "R003", "R004", "M001", "M002", "T001", "T002", "T003", "T004", "T005", "T006",
        "T007", "T008", "C001", "C002", "C003", "C004", "C005", "F001", "F002", "F003", "F004", "Q001", "X001", "X002", "X003"};
    std::vector<std::string> ids;
    std::set<std::string> names;
    for (const Rule& r : all_rules()) {
        ids.emplace_back(r.info.id);
        names.emplace(r.info.name);
    }
    CHECK(ids == catalog);
    CHECK(names.size() == catalog.size());
}

TEST_CASE("registry: IDs, kebab-case names and every documentation field") {
    for (const Rule& r : all_rules()) {
        const RuleInfo& i = r.info;
        INFO(i.id);
        REQUIRE(i.id.size() == 4);
        CHECK(std::isupper(static_cast<unsigned char>(i.id[0])));
        CHECK(std::isdigit(static_cast<unsigned char>(i.id[1])));
        CHECK(std::isdigit(static_cast<unsigned char>(i.id[3])));
        for (char c : i.name) CHECK((std::islower(static_cast<unsigned char>(c)) || c == '-' || std::isdigit(static_cast<unsigned char>(c))));
        CHECK_FALSE(i.summary.empty());
        CHECK_FALSE(i.rationale.empty());
        CHECK_FALSE(i.fix.empty());
        CHECK_FALSE(i.source.empty());
        CHECK_FALSE(i.bad.empty());
        CHECK_FALSE(i.good.empty());
        CHECK((r.check_note || r.check_episode || i.id == "X001" || i.id == "X002" || i.id == "X003"));
        std::ostringstream doc;
        write_rule_doc(doc, i);
        for (const char* heading : {"## What it flags", "## Why a payer cares", "## Example", "## Write instead", "## Source"})
            CHECK(doc.str().find(heading) != std::string::npos);
    }
}

TEST_CASE("cli: soaplint rules lists every rule and explains one by ID or name") {
    auto run = test::run_soaplint("rules");
    CHECK(run.status == 0);
    for (const Rule& r : all_rules()) CHECK(run.out.find(std::string(r.info.id) + "  " + std::string(r.info.name)) != std::string::npos);
    run = test::run_soaplint("rules T003");
    CHECK(run.status == 0);
    CHECK(run.out.find("# T003 units-exceed-minutes (error)") == 0);
    CHECK(test::run_soaplint("rules units-exceed-minutes").out == run.out);
    CHECK(test::run_soaplint("rules Z999").status == 2);
}

TEST_CASE("README: the rule table lists every rule of the registry") {
    const std::string readme = test::read_file(std::filesystem::path(SOAPLINT_SOURCE_DIR) / "README.md");
    for (const Rule& r : all_rules()) {
        INFO(r.info.id);
        CHECK(readme.find("| " + std::string(r.info.id) + " | " + std::string(r.info.name) + " |") != std::string::npos);
    }
}
