// Golden tests of every rule: fixtures/rules/<ID>/ holds notes named bad-*.txt and good-*.txt
// (or .md, or structured exports: .json, .ndjson, .csv). Beside each, NAME.expect holds the exact output of
//   soaplint check --quiet --select <ID> [ARGS] fixtures/rules/<ID>/NAME
// (an optional NAME.args file adds ARGS, e.g. `--payer medicare`). A bad fixture must produce at
// least one finding of its rule; a good fixture none. SOAPLINT_UPDATE_GOLDEN=1 rewrites .expect.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "src/rule.hpp"
#include "golden.hpp"

namespace fs = std::filesystem;
using namespace soaplint::test;

namespace {

fs::path rules_dir() { return fs::path(SOAPLINT_SOURCE_DIR) / "fixtures" / "rules"; }

bool is_note(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".txt" || ext == ".md" || ext == ".json" || ext == ".ndjson" || ext == ".csv";
}

std::string trim_newline(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

void check_fixture(const std::string& id, const fs::path& note) {
    const std::string name = note.filename().string();
    const std::string relative = "fixtures/rules/" + id + "/" + name;
    std::string extra;
    if (fs::exists(note.string() + ".args")) extra = trim_newline(read_file(note.string() + ".args"));
    const RunResult run = run_soaplint("check --quiet --select " + id + " " + extra + " '" + relative + "'");
    INFO("fixture: " << relative);
    CHECK(run.err == "");
    const bool bad = name.rfind("bad-", 0) == 0;
    const int expected_status = !bad ? 0 : id == "X001" ? 2 : run.out.find(": error: ") != std::string::npos ? 1 : 0;
    CHECK(run.status == expected_status);
    const fs::path expect = note.string() + ".expect";
    if (update_golden()) write_file(expect, run.out);
    if (bad) {
        CHECK_MESSAGE(run.out.find("[" + id + "]") != std::string::npos, "a bad fixture must trigger " << id);
    } else {
        CHECK_MESSAGE(run.out == "", "a good fixture must not trigger " << id);
    }
    REQUIRE_MESSAGE(fs::exists(expect), "missing " << expect.string() << "; run with SOAPLINT_UPDATE_GOLDEN=1");
    CHECK(run.out == read_file(expect));
}

}  // namespace

TEST_CASE("rules golden: every rule has a failing and a passing fixture with exact findings") {
    for (const soaplint::Rule& rule : soaplint::all_rules()) {
        const std::string id(rule.info.id);
        const fs::path dir = rules_dir() / id;
        INFO("rule " << id);
        REQUIRE_MESSAGE(fs::is_directory(dir), "missing fixtures/rules/" << id);
        std::vector<fs::path> notes;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.is_regular_file() && is_note(entry.path())) notes.push_back(entry.path());
        std::sort(notes.begin(), notes.end());
        const auto starts = [](const fs::path& p, const char* prefix) {
            return p.filename().string().rfind(prefix, 0) == 0;
        };
        CHECK(std::any_of(notes.begin(), notes.end(), [&](const fs::path& p) { return starts(p, "bad-"); }));
        CHECK(std::any_of(notes.begin(), notes.end(), [&](const fs::path& p) { return starts(p, "good-"); }));
        for (const fs::path& note : notes) check_fixture(id, note);
    }
}
