// Structured inputs: how a reader is chosen, the project's own JSON model read back (round trip
// over every rule fixture), and bad JSON that must be refused with its place, never a crash.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "golden.hpp"
#include "src/engine.hpp"
#include "src/model_json.hpp"
#include "src/reader.hpp"

using namespace soaplint;
namespace fs = std::filesystem;

namespace {

const ProfileSet& profiles() {
    static const ProfileSet set = load_profiles({});
    return set;
}

using Seen = std::tuple<std::string, int, int, std::string, int>;  // rule, line, column, message, note

std::vector<Seen> findings_of(std::vector<FileResult> files) {
    resolve_payers(files, profiles(), std::nullopt);
    std::vector<Seen> out;
    for (const Finding& f : run_checks(files, profiles(), CheckOptions{}))
        out.emplace_back(f.rule, f.line, f.column, f.message, f.note_index);
    return out;
}

// What `extract --format json --with-text` prints for `file`.
std::string model_of(const std::string& file, const std::string& bytes) {
    ReadOptions read;
    read.keep_source = true;
    std::vector<FileResult> files{parse_bytes(file, bytes, read)};
    resolve_payers(files, profiles(), std::nullopt);
    boost::json::array notes;
    for (const Note& note : files.front().notes) {
        boost::json::object model = note_to_json(note);
        model["text"] = note.source;
        notes.push_back(std::move(model));
    }
    return boost::json::serialize(boost::json::object{{"soaplint", kVersion}, {"notes", std::move(notes)}});
}

const std::string kDaily =
    "Patient ID: 4471\n"
    "Date of Service: 03/17/2026\n"
    "Provider: Alex Kim, PT, DPT\n"
    "Payer: Medicare Part B\n"
    "Note type: Daily note\n"
    "SUBJECTIVE: Pt reports shoulder pain 4/10 reaching overhead.\n"
    "OBJECTIVE: R shoulder flexion AROM 140 deg.\n"
    "ASSESSMENT: Improving overhead reach; continue skilled therapeutic exercise.\n"
    "PLAN: Continue POC 2x/week.\n"
    "Time In: 0802  Time Out: 0850\n"
    "97110 Therapeutic exercise 23 min 3 units\n"
    "Total timed minutes: 23  Total treatment time: 48 min\n"
    "Alex Kim, PT, DPT\n";

}  // namespace

TEST_CASE("structured: the reader is chosen by option then extension then content") {
    CHECK(detect_format("a.json", "x", InputFormat::automatic) == InputFormat::json);
    CHECK(detect_format("a.NDJSON", "{}", InputFormat::automatic) == InputFormat::ndjson);
    CHECK(detect_format("a.jsonl", "{}", InputFormat::automatic) == InputFormat::ndjson);
    CHECK(detect_format("export.CSV", "a,b", InputFormat::automatic) == InputFormat::csv);
    CHECK(detect_format("export.tsv", "a\tb", InputFormat::automatic) == InputFormat::csv);
    CHECK(detect_format("note.txt", "SUBJECTIVE: x", InputFormat::automatic) == InputFormat::text);
    CHECK(detect_format("<stdin>", "\xEF\xBB\xBF  \n{\"resourceType\": \"Bundle\"}", InputFormat::automatic) ==
          InputFormat::json);
    CHECK(detect_format("<stdin>", "[{}]", InputFormat::automatic) == InputFormat::json);
    CHECK(detect_format("<stdin>", "Patient: a, b, c", InputFormat::automatic) == InputFormat::text);
    // A letterhead in brackets is no JSON, and a note's own extension is text whatever it holds.
    CHECK(detect_format("visit", "[ BAYVIEW SPINE & CHIROPRACTIC ]\nPATIENT Okafor", InputFormat::automatic) ==
          InputFormat::text);
    CHECK(detect_format("visit", "{ Clinic letterhead }", InputFormat::automatic) == InputFormat::text);
    CHECK(detect_format("visit.txt", "{\"notes\": []}", InputFormat::automatic) == InputFormat::text);
    CHECK(detect_format("visit", "  {\"notes\": []}", InputFormat::automatic) == InputFormat::json);
    CHECK(detect_format("a.json", "{}", InputFormat::text) == InputFormat::text);
    CHECK(parse_input_format("ndjson") == InputFormat::ndjson);
    CHECK(parse_input_format("auto") == InputFormat::automatic);
    CHECK_FALSE(parse_input_format("xml"));
}

TEST_CASE("structured: a model note with its text gives the findings of the text") {
    const std::vector<Seen> from_text = findings_of({parse_bytes("daily.txt", kDaily)});
    REQUIRE_FALSE(from_text.empty());
    const std::vector<Seen> from_model = findings_of({parse_bytes("daily.json", model_of("daily.txt", kDaily))});
    CHECK(from_model == from_text);
}

TEST_CASE("structured: every rule fixture read back from its model gives the same findings") {
    const fs::path root = fs::path(SOAPLINT_SOURCE_DIR) / "fixtures" / "rules";
    int compared = 0, with_findings = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            const std::string ext = entry.path().extension().string();
            if (ext != ".txt" && ext != ".md") continue;
            const std::string name = entry.path().filename().string();
            const std::string bytes = test::read_file(entry.path());
            const FileResult text = parse_bytes(name, bytes);
            if (!text.errors.empty()) continue;  // X001 fixtures: nothing to model
            INFO("fixture " << entry.path().string());
            const std::vector<Seen> expected = findings_of({text});
            CHECK(findings_of({parse_bytes("model.json", model_of(name, bytes))}) == expected);
            ++compared;
            with_findings += expected.empty() ? 0 : 1;
        }
    }
    CHECK(compared > 80);
    CHECK(with_findings > 40);
}

TEST_CASE("structured: a model note without text is checked on its facts") {
    const std::string model = R"({"soaplint": "0.1.0", "notes": [{
        "line": 1, "kind": "daily", "patient_id": "9", "date_of_service": "2026-03-17", "payer": "medicare",
        "provider": {"name": "Alex Kim", "credentials": ["PT"]},
        "sections": [{"name": "subjective", "line": 3}, {"name": "objective", "line": 5},
                     {"name": "assessment", "line": 7}, {"name": "plan", "line": 9}],
        "measurements": [{"name": "r shoulder flexion arom", "kind": "rom", "value": 140, "unit": "deg", "line": 5}],
        "interventions": [{"cpt": "97110", "modifiers": [], "minutes": 23, "units": 3, "timed": true, "line": 12}],
        "session": {"start": "08:02", "stop": "08:50", "minutes": 48},
        "total_timed_minutes": 23, "total_treatment_minutes": 48}]})";
    const FileResult file = parse_bytes("visits.json", model);
    REQUIRE(file.errors.empty());
    REQUIRE(file.notes.size() == 1);
    const Note& note = file.notes.front();
    CHECK(note.pointer == "/notes/0");
    CHECK(note.patient_id == "9");
    REQUIRE(note.date_of_service);
    CHECK(note.date_of_service->iso() == "2026-03-17");
    REQUIRE(note.interventions.size() == 1);
    CHECK(note.interventions.front().units == 3);
    CHECK(note.session.minutes == 48);
    std::vector<std::string> rules;
    for (const Seen& s : findings_of({file})) rules.push_back(std::get<0>(s));
    CHECK(std::count(rules.begin(), rules.end(), "T003") == 1);
    CHECK(std::find(rules.begin(), rules.end(), "S002") == rules.end());
}

TEST_CASE("structured: a model field of the wrong type is refused with its note's pointer") {
    const FileResult file = parse_bytes("m.json", R"({"notes": [{"line": 1, "kind": "daily"}, {"interventions": [{"cpt": "97110", "minutes": "23"}]}]})");
    CHECK(file.notes.size() == 1);
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors.front().pointer == "/notes/1");
    CHECK(file.errors.front().message.find("minutes") != std::string::npos);
}

TEST_CASE("structured: broken JSON is refused with its line and column") {
    const FileResult truncated = parse_bytes("t.json", "{\n  \"notes\": [\n    {\"line\": 1,\n");
    REQUIRE(truncated.errors.size() == 1);
    CHECK(truncated.errors.front().line == 4);
    CHECK(truncated.errors.front().message.find("line 4") != std::string::npos);

    const FileResult bad = parse_bytes("b.json", "{\"notes\": [}\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors.front().line == 1);
    CHECK(bad.errors.front().column == 12);
}

TEST_CASE("structured: hostile JSON never crashes") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    const FileResult nested = parse_bytes("deep.json", deep);
    REQUIRE(nested.errors.size() == 1);
    CHECK(nested.errors.front().message.find("nested deeper") != std::string::npos);

    const FileResult invalid_utf8 = parse_bytes("u.json", "{\"notes\": [{\"text\": \"pain \xFF 4/10\"}]}");
    CHECK(invalid_utf8.errors.size() == 1);

    std::string huge = "{\"notes\": [{\"line\": 1, \"text\": \"";
    huge.append(std::size_t{100} << 20, 'a');
    huge += "\"}]}";
    const FileResult big = parse_bytes("big.json", huge);
    CHECK(big.errors.empty());
    CHECK(big.notes.size() == 1);
}

TEST_CASE("structured: JSON that holds no note says why") {
    const FileResult other = parse_bytes("package.json", R"({"name": "clinic-tools", "version": "1.0.0"})");
    CHECK(other.errors.empty());
    CHECK(other.notes.empty());
    CHECK(other.empty_reason.find("neither a soaplint model") != std::string::npos);
    const FileResult none = parse_bytes("m.json", R"({"soaplint": "0.1.0", "notes": []})");
    CHECK(none.notes.empty());
    CHECK_FALSE(none.empty_reason.empty());
}

TEST_CASE("structured: the binary round-trips extract output and reports X003 for a file with no note") {
    const fs::path dir = fs::temp_directory_path() / "soaplint-structured-test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    test::write_file(dir / "daily.txt", kDaily);
    const test::RunResult extracted = test::run_soaplint_in(dir, "extract --with-text -o model.json daily.txt");
    REQUIRE(extracted.status == 0);
    const test::RunResult text = test::run_soaplint_in(dir, "check --select T003 daily.txt");
    const test::RunResult model = test::run_soaplint_in(dir, "check --select T003 model.json");
    CHECK(text.status == 1);
    CHECK(model.status == 1);
    CHECK(model.out.find("model.json:11:1: error: 97110 billed 3 units") != std::string::npos);
    CHECK(text.out.find("daily.txt:11:1: error: 97110 billed 3 units") != std::string::npos);
    const test::RunResult json = test::run_soaplint_in(dir, "check --select T003 --format json model.json");
    CHECK(json.out.find("\"pointer\": \"/notes/0\"") != std::string::npos);

    test::write_file(dir / "empty.json", "{\"soaplint\": \"0.1.0\", \"notes\": []}");
    const test::RunResult empty = test::run_soaplint_in(dir, "check empty.json");
    CHECK(empty.status == 0);
    CHECK(empty.out.find("empty.json:1:1: warning: nothing was checked: a soaplint model with no notes [X003]") !=
          std::string::npos);
    fs::remove_all(dir);
}

namespace {

// Runs docs/schema/validate.py (Debian's python3 with python3-jsonschema) on `documents`.
test::RunResult validate(const std::string& schema, const std::vector<fs::path>& documents) {
    std::string command = "/usr/bin/python3 '" + std::string(SOAPLINT_SOURCE_DIR) + "/docs/schema/validate.py' '" +
                          std::string(SOAPLINT_SOURCE_DIR) + "/docs/schema/" + schema + "'";
    for (const fs::path& d : documents) command += " '" + d.string() + "'";
    return test::run_shell(command + " 2>&1");
}

bool have_jsonschema() {
    return fs::exists("/usr/bin/python3") && test::run_shell("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null").status == 0;
}

}  // namespace

TEST_CASE("structured: extract and check output validate against the schemas in docs/schema") {
    if (!have_jsonschema()) {
        MESSAGE("/usr/bin/python3 with jsonschema (python3-jsonschema) is absent: schema validation skipped");
        return;
    }
    test::TempDir dir("schema");
    const auto run_to = [&](const std::string& args, const std::string& name) {
        // fixtures/rules holds unreadable inputs (X001): exit 2 is expected, the output still written.
        test::run_soaplint(args + " -o '" + (dir.path / name).string() + "'");
        REQUIRE(fs::file_size(dir.path / name) > 1000);
        return dir.path / name;
    };
    const fs::path model = run_to("extract fixtures/examples fixtures/rules", "model.json");
    const fs::path with_text = run_to("extract --with-text fixtures/examples", "with-text.json");
    const fs::path findings = run_to("check --format json fixtures/examples fixtures/rules", "findings.json");
    const test::RunResult output = validate("model.schema.json", {model, with_text});
    CHECK_MESSAGE(output.status == 0, output.out);
    const fs::path input_fixture = fs::path(SOAPLINT_SOURCE_DIR) / "fixtures/rules/X003/good-model-with-note.json";
    const test::RunResult input = validate("model-input.schema.json", {model, with_text, input_fixture});
    CHECK_MESSAGE(input.status == 0, input.out);
    const test::RunResult checked = validate("findings.schema.json", {findings});
    CHECK_MESSAGE(checked.status == 0, checked.out);

    // The schemas do reject what the model never holds.
    test::write_file(dir.path / "wrong.json", R"({"soaplint": "0.1.0", "notes": [{"kind": "weekly", "interventions": [{"cpt": "97110", "minutes": "23"}]}]})");
    CHECK(validate("model-input.schema.json", {dir.path / "wrong.json"}).status == 1);
    CHECK(validate("model.schema.json", {dir.path / "wrong.json"}).status == 1);
}
