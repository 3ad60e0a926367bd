// Golden tests of the binary: every note under fixtures/extract and fixtures/examples has its
// expected `extract --format json` output beside it (`NAME.extract.expect`). Set
// SOAPLINT_UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then review the diff.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "golden.hpp"

namespace fs = std::filesystem;
using namespace soaplint::test;

namespace {

std::vector<fs::path> notes_in(const std::string& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(SOAPLINT_SOURCE_DIR) / folder)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name == "README.md" || name.find(".extract.expect") != std::string::npos ||
            name.find(".expect") != std::string::npos)
            continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void check_golden(const fs::path& note) {
    const fs::path relative = fs::relative(note, SOAPLINT_SOURCE_DIR);
    const RunResult run = run_soaplint("extract --format json '" + relative.string() + "'");
    const fs::path expected_path = note.string() + ".extract.expect";
    std::string actual = run.out;
    if (run.status != 0) actual += "exit " + std::to_string(run.status) + "\n" + run.err;
    if (update_golden()) write_file(expected_path, actual);
    INFO("fixture: " << relative.string());
    REQUIRE_MESSAGE(fs::exists(expected_path), "missing golden file; run with SOAPLINT_UPDATE_GOLDEN=1");
    CHECK(actual == read_file(expected_path));
}

}  // namespace

TEST_CASE("golden: extract over fixtures/extract") {
    const auto files = notes_in("fixtures/extract");
    CHECK(files.size() >= 6);
    for (const auto& file : files) check_golden(file);
}

TEST_CASE("golden: extract over fixtures/examples") {
    const auto files = notes_in("fixtures/examples");
    CHECK(files.size() >= 3);
    for (const auto& file : files) check_golden(file);
}

TEST_CASE("cli: a binary file gives X001, the other inputs are still read, exit status 2") {
    const RunResult run = run_soaplint("extract --format json fixtures/extract/binary-export.txt fixtures/examples/01-daily-note.txt");
    CHECK(run.status == 2);
    CHECK(run.err.find("fixtures/extract/binary-export.txt:1:1: error:") != std::string::npos);
    CHECK(run.err.find("[X001]") != std::string::npos);
    CHECK(run.out.find("\"patient_id\": \"48213\"") != std::string::npos);
}

TEST_CASE("cli: a missing path is X001 with exit status 2; stdin is read with -") {
    RunResult run = run_soaplint("extract no/such/file.txt");
    CHECK(run.status == 2);
    CHECK(run.err.find("no/such/file.txt:1:1: error: cannot read input: no such file or directory [X001]") != std::string::npos);
    run = run_soaplint("extract --format json -", std::string(SOAPLINT_SOURCE_DIR) + "/fixtures/examples/01-daily-note.txt");
    CHECK(run.status == 0);
    CHECK(run.out.find("\"file\": \"<stdin>\"") != std::string::npos);
}

TEST_CASE("cli: usage errors exit 2, --version and --help exit 0") {
    CHECK(run_soaplint("").status == 2);
    CHECK(run_soaplint("frobnicate").status == 2);
    CHECK(run_soaplint("extract --format yaml x").status == 2);
    const RunResult version = run_soaplint("--version");
    CHECK(version.status == 0);
    CHECK(version.out == "soaplint 0.1.0\n");
    CHECK(run_soaplint("extract --help").status == 0);
}

TEST_CASE("cli: a directory is searched recursively and input files are never modified") {
    const fs::path dir = fs::path(SOAPLINT_SOURCE_DIR) / "fixtures/examples";
    const auto before = fs::last_write_time(dir / "01-daily-note.txt");
    const std::string bytes = read_file(dir / "01-daily-note.txt");
    const RunResult run = run_soaplint("extract --format text fixtures/examples");
    CHECK(run.status == 0);
    CHECK(run.out.find("fixtures/examples/02-evaluation.md") != std::string::npos);
    CHECK(fs::last_write_time(dir / "01-daily-note.txt") == before);
    CHECK(read_file(dir / "01-daily-note.txt") == bytes);
}

TEST_CASE("check: the clean example notes give no error, warning or info") {
    const RunResult run = run_soaplint("check --fail-on info fixtures/examples");
    CHECK(run.status == 0);
    CHECK(run.out.empty());
}
