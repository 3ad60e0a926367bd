// Suppressions (SPEC §6): inline directives with required reasons, unused ones reported as X002,
// and baselines keyed by content so that edits elsewhere in a note keep them.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <unistd.h>

#include "src/rule.hpp"
#include "golden.hpp"
#include "src/engine.hpp"
#include "src/profile.hpp"
#include "src/reader.hpp"
#include "src/suppress.hpp"

namespace soaplint::checks {
std::vector<Rule> suppression_rules();  // checks/suppression.cpp
}
// Not yet in src/suppress.hpp: the reader's hook and the selection-aware overload.
namespace soaplint {
std::size_t find_directive(std::string_view line);
void apply_inline_suppressions(const std::vector<FileResult>& files, std::vector<Finding>& findings,
                               const std::function<bool(const std::string& rule_id)>& ran);
}

namespace fs = std::filesystem;
using namespace soaplint;
using soaplint::test::read_file;
using soaplint::test::write_file;

namespace {

Finding finding(const std::string& rule, const std::string& file, int line, std::string anchor = "") {
    Finding f;
    f.rule = rule;
    f.name = rule == "T003" ? "units-exceed-minutes" : "units-below-minutes";
    f.severity = rule == "T003" ? Severity::error : Severity::info;
    f.file = file;
    f.line = line;
    f.anchor = std::move(anchor);
    return f;
}

std::vector<FileResult> notes(std::initializer_list<std::pair<std::string, std::string>> files) {
    std::vector<FileResult> out;
    for (const auto& [name, text] : files) out.push_back(parse_bytes(name, text));
    return out;
}

// Lines 1-4 of every test note; treatment lines start at 5.
const std::string kHeader =
    "Patient ID: 103\n"
    "Date of Service: 03/17/2026\n"
    "Provider: Alex Kim, PT, DPT\n"
    "Treatment:\n";

std::string describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings) {
        out += f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule;
        if (f.suppressed) out += " (" + f.suppressed->kind + ": " + f.suppressed->reason + ")";
        else out += " " + f.message;
        out += "\n";
    }
    return out;
}

// A throw-away directory of this test file (golden.hpp TempDir).
struct TempDir : soaplint::test::TempDir {
    explicit TempDir(const std::string& name) : soaplint::test::TempDir("suppress-" + name) {}
};

}  // namespace

TEST_CASE("suppress: `ignore` on the finding's line silences that rule there, keeping the reason") {
    const auto files = notes({{"a.txt", kHeader +
                                            "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore T003 -- contract 4471 pays per code\n"
                                            "97140 Manual therapy 20 min, 2 units\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 5), finding("T004", "a.txt", 5), finding("T003", "a.txt", 6)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:5:1 T003 (inline: contract 4471 pays per code)\n"
          "a.txt:5:1 T004 \n"
          "a.txt:6:1 T003 \n");
}

TEST_CASE("suppress: `ignore-next-line` silences the next line with text, past blank lines") {
    const auto files = notes({{"a.txt", kHeader +
                                            "soaplint: ignore-next-line T003, T004 -- billed per payer contract\n"
                                            "\n"
                                            "97110 Therapeutic exercise 33 min, 3 units\n"
                                            "97140 Manual therapy 20 min, 2 units\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 7), finding("T004", "a.txt", 7), finding("T003", "a.txt", 8)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:7:1 T003 (inline: billed per payer contract)\n"
          "a.txt:7:1 T004 (inline: billed per payer contract)\n"
          "a.txt:8:1 T003 \n");
}

TEST_CASE("suppress: `ignore-file` covers every note of its file and no other file") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore-file T003 -- audit 2026-04 accepted these\n"
                                                  "97110 Therapeutic exercise 33 min, 3 units\n"
                                                  "---\n" + kHeader +  // second note: lines 8-11
                                                  "97110 Therapeutic exercise 33 min, 3 units\n"},
                              {"b.txt", kHeader + "97110 Therapeutic exercise 33 min, 3 units\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 6), finding("T003", "a.txt", 12),
                                     finding("T004", "a.txt", 12), finding("T003", "b.txt", 5)};
    findings[1].note_index = 1;
    findings[2].note_index = 1;
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:6:1 T003 (inline: audit 2026-04 accepted these)\n"
          "a.txt:12:1 T003 (inline: audit 2026-04 accepted these)\n"
          "a.txt:12:1 T004 \n"
          "b.txt:5:1 T003 \n");
}

TEST_CASE("suppress: a directive without a reason silences nothing and is reported as X002") {
    const auto files = notes({{"a.txt", kHeader + "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore T003\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 5)};
    apply_inline_suppressions(files, findings);
    REQUIRE(findings.size() == 2);
    CHECK_FALSE(findings[0].suppressed.has_value());
    const Finding& x = findings[1];
    CHECK(x.rule == "X002");
    CHECK(x.name == "unused-suppression");
    CHECK(x.severity == Severity::warning);
    CHECK(x.line == 5);
    CHECK(x.column == 45);  // the column of `soaplint:`
    CHECK(x.message ==
          "suppression of T003 has no reason; write `-- reason` after the rules (e.g. `soaplint: ignore T003 -- "
          "units per payer contract`)");
    CHECK(x.anchor == "soaplint: ignore T003");
    CHECK_FALSE(x.suppressed.has_value());
}

TEST_CASE("suppress: prose after the rules is not a reason and not a rule list") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore-next-line T003 because the contract says so\n"
                                                  "97110 Therapeutic exercise 33 min, 3 units\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 6)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:5:1 X002 suppression of T003 has no reason; write `-- reason` after the rules (e.g. `soaplint: "
          "ignore-next-line T003 -- units per payer contract`)\n"
          "a.txt:6:1 T003 \n");
}

TEST_CASE("suppress: unused directives, and the unused part of a used one, are reported") {
    const auto files = notes({{"a.txt", kHeader +
                                            "97110 Therapeutic exercise 38 min, 3 units  soaplint: ignore T003 -- old contract\n"
                                            "97140 Manual therapy 33 min, 3 units  soaplint: ignore T003, T004 -- contract 4471\n"
                                            "soaplint: ignore-next-line T003 -- nothing below\n"}}); 
    std::vector<Finding> findings = {finding("T003", "a.txt", 6)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:5:45 X002 suppression of T003 matched no finding on this line; remove it\n"
          "a.txt:6:1 T003 (inline: contract 4471)\n"
          "a.txt:6:39 X002 suppression of T004 matched no finding on this line; remove it\n"
          "a.txt:7:1 X002 suppression of T003 matched no finding on the next line; remove it\n");
}

TEST_CASE("suppress: rules that did not run (--select, --ignore) are not reported unused") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore-file T003, T004 -- reviewed\n"
                                                  "soaplint: ignore-next-line T004 -- per code\n"
                                                  "97110 Therapeutic exercise 38 min, 3 units\n"
                                                  "soaplint: ignore T004\n"}});
    std::vector<Finding> findings;
    apply_inline_suppressions(files, findings, [](const std::string& id) { return id == "T003"; });
    CHECK(describe(findings) ==
          "a.txt:5:1 X002 suppression of T003 matched no finding in this file; remove it\n"
          "a.txt:8:1 X002 suppression of T004 has no reason; write `-- reason` after the rules (e.g. `soaplint: "
          "ignore T004 -- units per payer contract`)\n");
}

TEST_CASE("suppress: an unused file directive names its scope; several unused rules say `them`") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore-file T003 T004 -- reviewed\n"}});
    std::vector<Finding> findings;
    apply_inline_suppressions(files, findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == "suppression of T003, T004 matched no finding in this file; remove them");
}

TEST_CASE("suppress: rules by name or lower-case ID; unknown rules and empty lists are reported") {
    const auto files = notes({{"a.txt", kHeader +
                                            "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore units-exceed-minutes -- contract\n"
                                            "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore t003 -- contract\n"
                                            "soaplint: ignore T999, bogus -- typo\n"
                                            "soaplint: ignore -- no rules\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 5), finding("T003", "a.txt", 6)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:5:1 T003 (inline: contract)\n"
          "a.txt:6:1 T003 (inline: contract)\n"
          "a.txt:7:1 X002 suppression names no rules 'T999, bogus' (see `soaplint rules`); use rule IDs such as T004\n"
          "a.txt:8:1 X002 suppression names no rule; list the rules it silences (e.g. `soaplint: ignore T004 -- reason`)\n");
}

TEST_CASE("suppress: Markdown comments, word-processor dashes, upper case; other `soaplint:` text is not a directive") {
    const auto files = notes({{"a.md", kHeader +
                                           "97110 Therapeutic exercise 33 min, 3 units <!-- soaplint: ignore T003 -- contract 4471 -->\n"
                                           "97110 Therapeutic exercise 33 min, 3 units  SOAPLINT: IGNORE T003 \xE2\x80\x94 contract 4471\n"
                                           "Checked with soaplint: no findings last week.\n"
                                           "97110 Therapeutic exercise 33 min, 3 units  mysoaplint: ignore T003 -- x\n"
                                           "97110 Therapeutic exercise 33 min, 3 units <!-- soaplint: ignore T003 -->\n"}});
    std::vector<Finding> findings = {finding("T003", "a.md", 5), finding("T003", "a.md", 6), finding("T003", "a.md", 8),
                                     finding("T003", "a.md", 9)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.md:5:1 T003 (inline: contract 4471)\n"
          "a.md:6:1 T003 (inline: contract 4471)\n"
          "a.md:8:1 T003 \n"
          "a.md:9:1 T003 \n"
          "a.md:9:49 X002 suppression of T003 has no reason; write `-- reason` after the rules (e.g. `soaplint: ignore "
          "T003 -- units per payer contract`)\n");
}

TEST_CASE("suppress: X002 findings go where run_checks' order puts them; suppressed ones stay put") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore T004 -- unused\n" + "97110 x\n"},
                              {"b.txt", kHeader + "soaplint: ignore T004 -- unused\n"}});
    Finding already = finding("T003", "a.txt", 6);
    already.suppressed = Suppression{"baseline", "old"};
    std::vector<Finding> findings = {finding("T003", "a.txt", 1), already, finding("T003", "b.txt", 9)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:1:1 T003 \n"
          "a.txt:5:1 X002 suppression of T004 matched no finding on this line; remove it\n"
          "a.txt:6:1 T003 (baseline: old)\n"
          "b.txt:5:1 X002 suppression of T004 matched no finding on this line; remove it\n"
          "b.txt:9:1 T003 \n");
}

TEST_CASE("suppress: a line directive takes the credit before a file directive for the same rule") {
    const auto files = notes({{"a.txt", kHeader + "soaplint: ignore-file T003 -- whole file reviewed\n"
                                                  "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore T003 -- this line\n"
                                                  "97140 Manual therapy 33 min, 3 units\n"}});
    std::vector<Finding> findings = {finding("T003", "a.txt", 6), finding("T003", "a.txt", 7)};
    apply_inline_suppressions(files, findings);
    CHECK(describe(findings) ==
          "a.txt:6:1 T003 (inline: this line)\n"
          "a.txt:7:1 T003 (inline: whole file reviewed)\n");
}

TEST_CASE("suppress: find_directive tells the reader where a directive starts in a line") {
    constexpr auto none = std::string_view::npos;
    CHECK(find_directive("soaplint: ignore T003 -- contract") == 0);
    CHECK(find_directive("97110 Ther ex 33 min, 3 units  soaplint: ignore-next-line T003 -- x") == 31);
    CHECK(find_directive("97110 Ther ex 33 min, 3 units <!-- soaplint: ignore T003 -- x -->") == 30);
    CHECK(find_directive("SOAPLINT:IGNORE-FILE T003 -- x") == 0);
    CHECK(find_directive("Checked with soaplint: no findings.") == none);
    CHECK(find_directive("soaplint: ignored the rest") == none);
    CHECK(find_directive("mysoaplint: ignore T003 -- x") == none);
    CHECK(find_directive("97110 Therapeutic exercise 33 min") == none);
}

TEST_CASE("suppress: X002 is documented like every rule, with no check of its own") {
    const auto rules = checks::suppression_rules();
    REQUIRE(rules.size() == 1);
    const RuleInfo& i = rules[0].info;
    CHECK(i.id == "X002");
    CHECK(i.name == "unused-suppression");
    CHECK(i.severity == Severity::warning);
    for (std::string_view field : {i.summary, i.rationale, i.fix, i.source, i.bad, i.good}) CHECK_FALSE(field.empty());
    CHECK_FALSE(rules[0].check_note);
    CHECK_FALSE(rules[0].check_episode);
}

// ---- baselines -------------------------------------------------------------------------------

namespace {

const std::string kBilled4 =
    "Patient ID: 103\n"
    "Date of Service: 03/17/2026\n"
    "Payer: Medicare Part B\n"
    "Provider: Alex Kim, PT, DPT\n"
    "Diagnosis: M54.50 Low back pain, unspecified\n"
    "\n"
    "S: Pt reports low back pain 4/10, sitting tolerance 30 minutes.\n"
    "O: Lumbar flexion AROM 55 deg, extension 15 deg.\n"
    "A: Improving mobility; skilled manual therapy needed for segmental restriction.\n"
    "P: Continue 2x/week for 6 weeks.\n"
    "\n"
    "Treatment:\n"
    "Time in 10:00 AM  Time out 10:45 AM\n"
    "97110 Therapeutic exercise 33 min, 3 units\n"
    "97140 Manual therapy 7 min, 1 unit\n"
    "Total timed minutes: 40\n"
    "Total treatment time: 45 min\n";

std::vector<Finding> check_text(const std::string& file, const std::string& text) {
    static const ProfileSet profiles = load_profiles({});
    std::vector<FileResult> files{parse_bytes(file, text)};
    resolve_payers(files, profiles, std::nullopt);
    CheckOptions options;
    options.rules.select = {"T003"};
    return run_checks(files, profiles, options);
}

int unsuppressed(const std::vector<Finding>& findings) {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return !f.suppressed; }));
}

void replace(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("baseline: recorded findings stay suppressed when lines are added above them") {
    TempDir dir("edit");
    const std::string note = (dir.path / "note.txt").string();
    const std::string baseline = (dir.path / "baseline.json").string();
    const auto today = check_text(note, kBilled4);
    REQUIRE(today.size() == 1);
    CHECK(today[0].line == 14);
    CHECK(write_baseline(baseline, today) == std::nullopt);

    std::string edited = kBilled4;
    replace(edited, "S: Pt reports", "Referring physician: Dr. Chen\nAuthorization: A-55\nS: Pt reports");
    auto later = check_text(note, edited);
    REQUIRE(later.size() == 1);
    CHECK(later[0].line == 16);
    CHECK(apply_baseline(baseline, later) == std::nullopt);
    REQUIRE(later[0].suppressed.has_value());
    CHECK(later[0].suppressed->kind == "baseline");
    CHECK(later[0].suppressed->reason == "recorded in baseline " + baseline);

    // Re-indenting the line keeps it; changing its words makes it a new finding.
    std::string reindented = kBilled4;
    replace(reindented, "97110 Therapeutic exercise 33 min, 3 units", "  97110  Therapeutic exercise 33 min,  3 units");
    auto moved = check_text(note, reindented);
    REQUIRE(moved.size() == 1);
    CHECK(apply_baseline(baseline, moved) == std::nullopt);
    CHECK(moved[0].suppressed.has_value());

    std::string changed = kBilled4;
    replace(changed, "97110 Therapeutic exercise 33 min, 3 units", "97110 Ther ex 33 min, 3 units");
    auto fresh = check_text(note, changed);
    REQUIRE(fresh.size() == 1);
    CHECK(apply_baseline(baseline, fresh) == std::nullopt);
    CHECK_FALSE(fresh[0].suppressed.has_value());

    // The same finding in another file is new too.
    auto other = check_text((dir.path / "other.txt").string(), kBilled4);
    CHECK(apply_baseline(baseline, other) == std::nullopt);
    CHECK(unsuppressed(other) == 1);
}

TEST_CASE("baseline: the file format, relative paths, counts and stable FNV-1a hashes") {
    TempDir dir("format");
    const std::string a = (dir.path / "notes" / "a.txt").string();
    const std::string b = (dir.path / "b.txt").string();
    std::vector<Finding> findings = {finding("T003", b, 3, "97110 Therapeutic exercise 33 min, 3 units"),
                                     finding("T003", a, 5, "a"), finding("T003", a, 9, "a"),
                                     finding("T004", a, 5, "")};
    Finding inline_suppressed = finding("T003", a, 12, "x");
    inline_suppressed.suppressed = Suppression{"inline", "contract"};
    findings.push_back(inline_suppressed);
    const std::string baseline = (dir.path / "baseline.json").string();
    CHECK(write_baseline(baseline, findings) == std::nullopt);
    CHECK(read_file(baseline) ==
          "{\n"
          "  \"soaplint\": \"0.1.0\",\n"
          "  \"baseline\": [\n"
          "    {\"rule\":\"T003\",\"file\":\"b.txt\",\"anchor_hash\":\"e253a293b5b90dd1\",\"count\":1},\n"
          "    {\"rule\":\"T003\",\"file\":\"notes/a.txt\",\"anchor_hash\":\"af63dc4c8601ec8c\",\"count\":2},\n"
          "    {\"rule\":\"T004\",\"file\":\"notes/a.txt\",\"anchor_hash\":\"cbf29ce484222325\",\"count\":1}\n"
          "  ]\n"
          "}\n");
    // Nothing left behind but the baseline itself (written through a temporary file).
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

    // Three findings with the key now, two recorded: the third is new.
    std::vector<Finding> now = {finding("T003", a, 5, "a"), finding("T003", a, 9, "a"), finding("T003", a, 20, "a")};
    CHECK(apply_baseline(baseline, now) == std::nullopt);
    CHECK(now[0].suppressed.has_value());
    CHECK(now[1].suppressed.has_value());
    CHECK_FALSE(now[2].suppressed.has_value());
}

TEST_CASE("baseline: an empty run writes an empty list; rewriting keeps baseline-suppressed findings") {
    TempDir dir("rewrite");
    const std::string baseline = (dir.path / "baseline.json").string();
    CHECK(write_baseline(baseline, {}) == std::nullopt);
    CHECK(read_file(baseline) == "{\n  \"soaplint\": \"0.1.0\",\n  \"baseline\": []\n}\n");
    std::vector<Finding> findings = {finding("T003", (dir.path / "a.txt").string(), 2, "a")};
    CHECK(write_baseline(baseline, findings) == std::nullopt);
    CHECK(apply_baseline(baseline, findings) == std::nullopt);
    REQUIRE(findings[0].suppressed.has_value());
    CHECK(write_baseline(baseline, findings) == std::nullopt);  // overwrite in place
    std::vector<Finding> again = {finding("T003", (dir.path / "a.txt").string(), 7, "a")};
    CHECK(apply_baseline(baseline, again) == std::nullopt);
    CHECK(again[0].suppressed.has_value());
}

TEST_CASE("baseline: unreadable, invalid and malformed files are errors naming the file") {
    TempDir dir("errors");
    std::vector<Finding> findings = {finding("T003", "a.txt", 2, "a")};
    const std::string path = (dir.path / "baseline.json").string();
    CHECK(apply_baseline(path, findings) == "cannot read baseline " + path);
    write_file(path, "{\"baseline\": [");
    const auto invalid = apply_baseline(path, findings);
    REQUIRE(invalid.has_value());
    CHECK(invalid->rfind("baseline " + path + " is not valid JSON: ", 0) == 0);
    write_file(path, "{\"soaplint\": \"0.1.0\"}");
    CHECK(apply_baseline(path, findings) == "baseline " + path + " has no \"baseline\" list");
    write_file(path, "{\"baseline\": [{\"rule\": \"T003\", \"file\": \"a.txt\", \"anchor_hash\": \"x\", \"count\": 0}]}");
    CHECK(apply_baseline(path, findings) ==
          "baseline " + path + ": entry 1 needs \"rule\", \"file\", \"anchor_hash\" and a positive \"count\"");
    CHECK_FALSE(findings[0].suppressed.has_value());
    CHECK(write_baseline((dir.path / "missing-dir" / "b.json").string(), findings).has_value());
}

// ---- through the command line (needs the CLI wiring of suppressions and baselines) -------------

namespace {

// Runs `soaplint ARGS` with `dir` as the current directory.
soaplint::test::RunResult run_in(const fs::path& dir, const std::string& args) {
    return soaplint::test::run_soaplint_in(dir, args);
}

}  // namespace

TEST_CASE("baseline cli: --write-baseline records, --baseline tolerates, edits elsewhere keep it") {
    TempDir dir("cli");
    write_file(dir.path / "note.txt", kBilled4);
    CHECK(run_in(dir.path, "check --quiet note.txt").status == 1);

    const auto recorded = run_in(dir.path, "check --quiet --write-baseline baseline.json note.txt");
    CHECK(recorded.err == "");
    CHECK(recorded.status == 0);  // what was recorded is tolerated from now on
    CHECK(recorded.out == "");
    CHECK(read_file(dir.path / "baseline.json").find("\"rule\":\"T003\",\"file\":\"note.txt\"") != std::string::npos);

    const auto json = run_in(dir.path, "check --baseline baseline.json --format json note.txt");
    CHECK(json.status == 0);
    CHECK(json.out.find("\"kind\": \"baseline\"") != std::string::npos);
    CHECK(json.out.find("\"error\": 0") != std::string::npos);

    std::string edited = kBilled4;
    replace(edited, "S: Pt reports", "Referring physician: Dr. Chen\nAuthorization: A-55\nS: Pt reports");
    write_file(dir.path / "note.txt", edited);
    CHECK(run_in(dir.path, "check --quiet --baseline baseline.json note.txt").status == 0);

    replace(edited, "97110 Therapeutic exercise 33 min, 3 units", "97110 Therapeutic exercise 33 min, 3 units (re-eval)");
    write_file(dir.path / "note.txt", edited);
    const auto changed = run_in(dir.path, "check --quiet --baseline baseline.json note.txt");
    CHECK(changed.status == 1);
    CHECK(changed.out.find(":16:1: error:") != std::string::npos);

    const auto missing = run_in(dir.path, "check --quiet --baseline nowhere.json note.txt");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("cannot read baseline nowhere.json") != std::string::npos);
}

TEST_CASE("suppress cli: inline suppressions are kept in JSON with their reason; X002 follows --select") {
    TempDir dir("inline");
    std::string note = kBilled4;
    replace(note, "97110 Therapeutic exercise 33 min, 3 units",
            "soaplint: ignore-next-line T003 -- claim corrected to 97110 x2 by billing\n"
            "97110 Therapeutic exercise 33 min, 3 units");
    write_file(dir.path / "note.txt", note);
    const auto json = run_in(dir.path, "check --format json note.txt");
    CHECK(json.err == "");
    CHECK(json.status == 0);
    CHECK(json.out.find("\"reason\": \"claim corrected to 97110 x2 by billing\"") != std::string::npos);
    // The directive's words are not clinical content: no second 97110 line was read from it.
    CHECK(json.out.find("billed 5 units") == std::string::npos);
    CHECK(run_in(dir.path, "check note.txt").out == "");

    // A stale directive: reported, unless X002 or the rule it names did not run.
    replace(note, "33 min, 3 units", "33 min, 2 units");
    write_file(dir.path / "note.txt", note);
    const auto stale = run_in(dir.path, "check --quiet note.txt");
    CHECK(stale.status == 0);
    CHECK(stale.out == "note.txt:14:1: warning: suppression of T003 matched no finding on the next line; remove it [X002]\n");
    CHECK(run_in(dir.path, "check --quiet --ignore X002 note.txt").out == "");
    CHECK(run_in(dir.path, "check --quiet --select X002 note.txt").out == "");
    CHECK(run_in(dir.path, "check --quiet --fail-on warning note.txt").status == 1);
}
