// The two-pass engine of `check` (issue 9): notes stored in compact binary form between the
// passes, in memory or in a temporary file, give exactly the findings of the in-memory engine,
// whatever the jobs and the memory budget; and nothing in src/ includes anything from checks/.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden.hpp"
#include "src/engine.hpp"
#include "src/finding_log.hpp"
#include "src/model_json.hpp"
#include "src/note_codec.hpp"
#include "src/note_store.hpp"
#include "src/sorted_runs.hpp"
#include "src/units.hpp"
#include "src/profile.hpp"
#include "src/reader.hpp"

namespace fs = std::filesystem;
using namespace soaplint;
using namespace soaplint::test;

namespace {

const fs::path kSource = SOAPLINT_SOURCE_DIR;

// Every note-like fixture: examples, rule fixtures, exports (a few hundred files).
std::vector<std::string> fixture_inputs() {
    std::vector<InputError> errors;
    auto inputs = expand_inputs({(kSource / "fixtures").string()}, errors);
    REQUIRE(errors.empty());
    return inputs;
}

std::string describe(const std::vector<Finding>& findings) {
    std::ostringstream out;
    for (const Finding& f : findings)
        out << f.file << ":" << f.line << ":" << f.column << " " << f.rule << " " << f.message << " | " << f.anchor
            << "\n";
    return out.str();
}

}  // namespace

TEST_CASE("a note decoded from its binary form is the note the reader made") {
    int notes = 0;
    for (const std::string& input : fixture_inputs()) {
        FileResult file = read_input(input);
        for (const Note& note : file.notes) {
            std::string bytes;
            encode_note(note, bytes);
            const Note back = decode_note(bytes);
            std::string again;
            encode_note(back, again);
            INFO(input << " note " << note.index);
            CHECK(again == bytes);
            CHECK(boost::json::serialize(note_to_json(back)) == boost::json::serialize(note_to_json(note)));
            REQUIRE(back.lines.size() == note.lines.size());
            for (std::size_t i = 0; i < note.lines.size(); ++i) {
                CHECK(back.lines[i].text == note.lines[i].text);
                CHECK(back.lines[i].header == note.lines[i].header);
            }
            ++notes;
        }
    }
    CHECK(notes > 300);
}

TEST_CASE("a truncated binary note is refused, not read past its end") {
    FileResult file = read_input((kSource / "fixtures" / "examples" / "01-daily-note.txt").string());
    REQUIRE(!file.notes.empty());
    std::string bytes;
    encode_note(file.notes.front(), bytes);
    CHECK_THROWS(decode_note(std::string_view(bytes).substr(0, bytes.size() / 2)));
    CHECK_THROWS(decode_note(bytes + "x"));
}

TEST_CASE("the note store gives back what it was given, from memory and from its temporary file") {
    NoteStore store(100);  // room for the first two only
    const std::vector<std::string> parts{std::string(40, 'a'), std::string(50, 'b'), std::string(30, 'c'), "", "dd"};
    std::vector<NoteStore::Handle> handles;
    for (const std::string& p : parts) handles.push_back(store.append(p));
    for (std::size_t i = 0; i < parts.size(); ++i) CHECK(store.read(handles[i]) == parts[i]);
    CHECK(store.bytes_in_memory() == 98);  // each with its 4-byte length
    CHECK(store.bytes_spilled() == 44);
}

TEST_CASE("sorted runs give back every record in order, from memory or merged from the temporary file") {
    struct Pair {
        int key = 0, order = 0;
        auto operator<=>(const Pair&) const = default;
    };
    struct Less {
        bool operator()(const Pair& a, const Pair& b) const { return a < b; }
    };
    std::vector<Pair> records;
    unsigned seed = 7;
    for (int i = 0; i < 20000; ++i) {
        seed = seed * 1103515245u + 12345u;
        records.push_back(Pair{static_cast<int>(seed >> 20) % 500, i});
    }
    std::vector<Pair> expected = records;
    std::sort(expected.begin(), expected.end());
    for (std::size_t per_run : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{100000}}) {
        SortedRuns<Pair, Less> runs(per_run, Less{});
        for (std::size_t at = 0; at < records.size(); at += 333)
            runs.add(std::vector<Pair>(records.begin() + static_cast<std::ptrdiff_t>(at),
                                                      records.begin() + static_cast<std::ptrdiff_t>(std::min(records.size(), at + 333))));
        runs.finish();
        std::vector<Pair> got;
        Pair r, peeked;
        while (runs.peek(peeked) && runs.next(r)) {
            CHECK(peeked == r);
            got.push_back(r);
        }
        CHECK(!runs.next(r));
        INFO("records per run " << per_run);
        CHECK(got == expected);
        CHECK((runs.runs() == 1) == (per_run > records.size()));
    }
}

TEST_CASE("check_inputs finds what run_checks finds, for any jobs and memory budget") {
    const auto inputs = fixture_inputs();
    const ProfileSet profiles = load_profiles({});
    CheckOptions options;
    std::vector<FileResult> files = read_inputs(inputs, 1);
    resolve_payers(files, profiles, options.payer);
    const std::string expected = describe(run_checks(files, profiles, options));
    CHECK(expected.size() > 1000);
    for (int jobs : {1, 2}) {
        for (std::size_t budget : {std::size_t{0}, std::size_t{64} << 10, std::size_t{64} << 20}) {
            options.jobs = jobs;
            options.memory_budget = budget;
            const CheckRun run = check_inputs(inputs, profiles, options);
            INFO("jobs " << jobs << ", budget " << budget);
            std::vector<Finding> found;
            run.findings->for_each([&found](Finding& f) { found.push_back(f); });
            CHECK(describe(found) == expected);
            CHECK(run.findings->files().size() == inputs.size());
            if (budget == 0) CHECK(run.spilled_bytes > 0);
            if (budget == 0) CHECK(run.entry_runs > 3);  // the per-note entries merged from several runs
            if (budget == std::size_t{64} << 20) CHECK(run.spilled_bytes == 0);
            if (budget == std::size_t{64} << 20) CHECK(run.entry_runs == 1);
        }
    }
}

TEST_CASE("a finding decoded from its binary form is the finding that was stored") {
    Finding f;
    f.rule = "T003", f.name = "units-exceed-minutes", f.severity = Severity::error, f.file = "a/b.txt";
    f.line = 12, f.column = 3, f.message = "4 units billed for 38 minutes", f.note_index = 2, f.anchor = "97110 x4";
    for (bool suppressed : {false, true}) {
        if (suppressed) f.suppressed = Suppression{"inline", "per payer contract"};
        std::string bytes;
        encode_finding(f, bytes);
        const Finding back = decode_finding(bytes);
        CHECK(back.rule == f.rule);
        CHECK(back.name == f.name);
        CHECK(back.severity == f.severity);
        CHECK(back.file == f.file);
        CHECK(back.line == f.line);
        CHECK(back.column == f.column);
        CHECK(back.message == f.message);
        CHECK(back.note_index == f.note_index);
        CHECK(back.anchor == f.anchor);
        CHECK(back.suppressed.has_value() == suppressed);
        if (suppressed) CHECK(back.suppressed->reason == "per payer contract");
    }
}

TEST_CASE("the finding log sorts by file in input order, line, column, rule and message, wherever it keeps them") {
    for (std::size_t budget : {std::size_t{0}, std::size_t{1} << 20}) {
        FindingLog log({"z.txt", "a.txt"}, budget);
        const auto add = [&log](std::string file, int line, int column, std::string rule, std::string message) {
            Finding f;
            f.file = std::move(file), f.line = line, f.column = column, f.rule = std::move(rule);
            f.message = std::move(message);
            log.add(f);
        };
        add("a.txt", 1, 1, "S001", "m");
        add("z.txt", 9, 1, "T003", "b");
        add("z.txt", 9, 1, "T003", "a");
        add("z.txt", 2, 5, "C001", "m");
        add("z.txt", 2, 1, "D001", "m");
        log.sort();
        std::string order;
        log.for_each([&order](Finding& f) { order += f.file + ":" + std::to_string(f.line) + ":" + f.rule + f.message + " "; });
        CHECK(order == "z.txt:2:D001m z.txt:2:C001m z.txt:9:T003a z.txt:9:T003b a.txt:1:S001m ");
    }
}

TEST_CASE("check writes the same bytes for any --jobs and --memory, in every format") {
    for (const std::string format : {"json", "text", "sarif", "junit", "github"}) {
        const auto reference = run_soaplint("check --format " + format + " --jobs 1 fixtures");
        REQUIRE(reference.status != 0);  // findings, and fixtures that are unreadable on purpose (X001)
        CHECK(reference.out.size() > 1000);
        for (const std::string options : {"--jobs 2", "--jobs 2 --memory 0", "--jobs 1 --memory 0", "--memory 1"}) {
            const auto other = run_soaplint("check --format " + format + " " + options + " fixtures");
            INFO(format << " " << options);
            CHECK(other.status == reference.status);
            CHECK(other.out == reference.out);
        }
    }
    CHECK(run_soaplint("check --memory -1 fixtures/examples").status == 2);
}

TEST_CASE("-o never overwrites an input and leaves no temporary file") {
    TempDir dir("output");
    const std::string note = read_file(kSource / "fixtures" / "examples" / "01-daily-note.txt");
    write_file(dir.path / "note.txt", note);
    for (const std::string command : {"check", "extract"}) {
        const auto refused = run_soaplint_in(dir.path, command + " -o note.txt note.txt");
        INFO(command << ": " << refused.err);
        CHECK(refused.status == 2);
        CHECK(refused.err.find("names an input file") != std::string::npos);
        CHECK(read_file(dir.path / "note.txt") == note);
        const auto written = run_soaplint_in(dir.path, command + " --format json -o report.json note.txt");
        CHECK(written.status != 2);
        CHECK(read_file(dir.path / "report.json").find("\"soaplint\"") != std::string::npos);
        CHECK(!std::filesystem::exists(dir.path / "report.json.tmp-soaplint"));
    }
    // A report that cannot be written (its folder does not exist) fails and leaves nothing behind.
    const auto failed = run_soaplint_in(dir.path, "check -o missing/report.txt note.txt");
    CHECK(failed.status == 2);
    CHECK(!std::filesystem::exists(dir.path / "missing"));
}

TEST_CASE("a file named twice is read once, and minutes summed past int's range stay positive") {
    std::vector<InputError> errors;
    const std::string a = (kSource / "fixtures" / "examples" / "01-daily-note.txt").string();
    const auto inputs = expand_inputs({a, (kSource / "fixtures" / "examples").string(), a, "-", "-"}, errors);
    CHECK(std::count(inputs.begin(), inputs.end(), a) == 1);
    CHECK(std::count(inputs.begin(), inputs.end(), "-") == 1);
    CHECK(inputs.front() == a);
    const auto once = run_soaplint("check --format json fixtures/examples/01-daily-note.txt");
    const auto twice = run_soaplint("check --format json fixtures/examples/01-daily-note.txt fixtures/examples/01-daily-note.txt");
    CHECK(once.out == twice.out);
    // Sums of minutes and units hold at the ends of int's range instead of overflowing.
    CHECK(capped_sum(2147483000, 2000) == 2147483647);
    CHECK(capped_sum(-2147483000, -2000) == -2147483647 - 1);
    CHECK(capped_sum(40, 2) == 42);
    CHECK(units_for_minutes(2147483647) == 143165576);  // no overflow in (minutes + 7) / 15
    CHECK(units_for_minutes(38) == 3);
    CHECK(units_for_minutes(7) == 0);
}

TEST_CASE("extract refuses negative --jobs as check does; an ignored X001 still says why the run failed") {
    const auto extract = run_soaplint("extract --jobs -1 fixtures/examples");
    CHECK(extract.status == 2);
    CHECK(extract.err.find("--jobs") != std::string::npos);
    const auto ignored = run_soaplint("check --ignore X001 fixtures/examples/01-daily-note.txt no-such-note.txt");
    CHECK(ignored.status == 2);
    CHECK(ignored.err.find("no-such-note.txt") != std::string::npos);
    CHECK(ignored.out.find("X001") == std::string::npos);
}

TEST_CASE("data flows one way: nothing in src/ includes a header of checks/") {
    for (const auto& entry : fs::directory_iterator(kSource / "src")) {
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            INFO(entry.path().filename().string() << ": " << line);
            CHECK(!(line.starts_with("#include") && line.find("checks/") != std::string::npos));
        }
    }
}
