// .soaplint.ini: discovery upward from a directory, strict parsing with file:line errors, and
// the options it turns into command-line arguments.
#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

#include "golden.hpp"
#include "src/config.hpp"

namespace fs = std::filesystem;
using namespace soaplint;
using soaplint::test::write_file;

namespace {

const std::vector<std::string> kKeys = {"format", "payer", "select",  "ignore",   "fail-on", "output",
                                        "jobs",   "redact", "quiet",  "profiles", "ncci",    "baseline"};

// A throw-away directory of this test file (golden.hpp TempDir).
struct TempDir : soaplint::test::TempDir {
    explicit TempDir(const std::string& name) : soaplint::test::TempDir("config-" + name) {}
};

ConfigFile parse(const TempDir& dir, const std::string& text) {
    const fs::path file = dir.path / ".soaplint.ini";
    write_file(file, text);
    return read_config(file.string(), kKeys);
}

}  // namespace

TEST_CASE("config: keys become arguments in file order, with comments, sections and quotes") {
    TempDir dir("basic");
    const ConfigFile c = parse(dir,
                               "# practice defaults\n"
                               "[soaplint]\n"
                               "payer = medicare\n"
                               "; fail on warnings too\n"
                               "fail-on=warning   # inline comment\n"
                               "format = \"json\"\n"
                               "jobs = 2\n"
                               "\n"
                               "[check]\n"
                               "select = T, C001 ,G\n"
                               "ignore = T004\n");
    CHECK(c.errors.empty());
    CHECK(c.arguments == std::vector<std::string>{"--payer=medicare", "--fail-on=warning", "--format=json",
                                                  "--jobs=2", "--select=T,C001,G", "--ignore=T004"});
}

TEST_CASE("config: booleans as true/false/yes/no/1/0; false leaves the switch off") {
    TempDir dir("bool");
    CHECK(parse(dir, "quiet = yes\nredact = 1\n").arguments == std::vector<std::string>{"--quiet", "--redact"});
    CHECK(parse(dir, "quiet = TRUE\nredact = no\n").arguments == std::vector<std::string>{"--quiet"});
    CHECK(parse(dir, "quiet = false\nredact = 0\n").arguments.empty());
    const ConfigFile bad = parse(dir, "quiet = maybe\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0] == (dir.path / ".soaplint.ini").string() +
                               ":1: 'quiet' must be true or false (or yes/no, 1/0), not 'maybe'");
}

TEST_CASE("config: paths are relative to the config file's directory") {
    TempDir dir("paths");
    const ConfigFile c = parse(dir,
                               "baseline = .soaplint-baseline.json\n"
                               "output = reports/out.json\n"
                               "ncci = /abs/ncci.txt\n"
                               "profiles = profiles, more/profiles\n");
    CHECK(c.errors.empty());
    const std::string d = dir.path.string();
    CHECK(c.arguments == std::vector<std::string>{"--baseline=" + d + "/.soaplint-baseline.json",
                                                  "--output=" + d + "/reports/out.json", "--ncci=/abs/ncci.txt",
                                                  "--profiles=" + d + "/profiles", "--profiles=" + d + "/more/profiles"});
}

TEST_CASE("config: unknown keys are errors with file and line, with a hint for near misses") {
    TempDir dir("unknown");
    const std::string file = (dir.path / ".soaplint.ini").string();
    const ConfigFile c = parse(dir, "payer = medicare\n\ncolour = always\nfail_on = warning\n");
    REQUIRE(c.errors.size() == 2);
    CHECK(c.errors[0].rfind(file + ":3: unknown key 'colour' (known keys: format, payer,", 0) == 0);
    CHECK(c.errors[1] == file + ":4: unknown key 'fail_on'; did you mean 'fail-on'?");
    CHECK(c.arguments == std::vector<std::string>{"--payer=medicare"});
}

TEST_CASE("config: malformed lines, unknown sections, duplicates, empty and invalid values") {
    TempDir dir("malformed");
    const std::string file = (dir.path / ".soaplint.ini").string();
    const ConfigFile c = parse(dir,
                               "payer medicare\n"          // 1: no '='
                               "[tool.ruff]\n"             // 2: unknown section
                               "select = T\n"              // 3: ignored (section already reported)
                               "[soaplint]\n"              // 4
                               "payer = medicare\n"        // 5
                               "payer = hcsc\n"            // 6: duplicate
                               "output =\n"                // 7: empty
                               "format = xml\n"            // 8: invalid
                               "fail-on = fatal\n"         // 9: invalid
                               "jobs = many\n"             // 10: invalid
                               "[soaplint\n");             // 11: malformed header
    CHECK(c.errors == std::vector<std::string>{
                          file + ":1: expected `key = value`, got 'payer medicare'",
                          file + ":2: unknown section '[tool.ruff]' (use [soaplint], [check] or [csv])",
                          file + ":6: 'payer' is already set on line 5",
                          file + ":7: no value for 'output'",
                          file + ":8: 'format' must be text, json, sarif, junit or github, not 'xml'",
                          file + ":9: 'fail-on' must be error, warning or info, not 'fatal'",
                          file + ":10: 'jobs' must be a number of threads (0 = every core), not 'many'",
                          file + ":11: malformed section header '[soaplint'"});
    CHECK(c.arguments == std::vector<std::string>{"--payer=medicare"});
}

namespace {

// The keys of `soaplint check` with the structured-input options.
const std::vector<std::string> kCsvKeys = {
    "format", "payer", "input-format", "csv-text", "csv-patient-id", "csv-patient-name", "csv-dob",
    "csv-date-of-service", "csv-provider", "csv-payer", "csv-kind", "csv-delimiter"};

ConfigFile parse_csv(const TempDir& dir, const std::string& text) {
    const fs::path file = dir.path / ".soaplint.ini";
    write_file(file, text);
    return read_config(file.string(), kCsvKeys);
}

}  // namespace

TEST_CASE("config: a csv section names the column mapping as --csv-* options") {
    TempDir dir("csv");
    const ConfigFile c = parse_csv(dir,
                                   "[soaplint]\n"
                                   "input-format = csv\n"
                                   "[csv]\n"
                                   "text = Note Text   # the narrative column\n"
                                   "patient_id = MRN\n"
                                   "patient-name = 3\n"
                                   "DOB = Birth Date\n"
                                   "date-of-service = Visit Date\n"
                                   "provider = Rendering Provider\n"
                                   "payer = Plan\n"
                                   "kind = Note Type\n"
                                   "delimiter = ;\n"
                                   "[soaplint]\n"
                                   "payer = medicare\n");
    CHECK(c.errors.empty());
    CHECK(c.arguments == std::vector<std::string>{
                             "--input-format=csv", "--csv-text=Note Text", "--csv-patient-id=MRN", "--csv-patient-name=3",
                             "--csv-dob=Birth Date", "--csv-date-of-service=Visit Date", "--csv-provider=Rendering Provider",
                             "--csv-payer=Plan", "--csv-kind=Note Type", "--csv-delimiter=;", "--payer=medicare"});
    // mtsamples.csv: the two-line mapping.
    CHECK(parse_csv(dir, "[csv]\ntext = transcription\n").arguments == std::vector<std::string>{"--csv-text=transcription"});
    CHECK(parse_csv(dir, "[csv]\ndelimiter = tab\n").arguments == std::vector<std::string>{"--csv-delimiter=tab"});
}

TEST_CASE("config: unknown csv keys and bad values are errors with file and line") {
    TempDir dir("csv-bad");
    const std::string file = (dir.path / ".soaplint.ini").string();
    const ConfigFile c = parse_csv(dir,
                                   "[csv]\n"                   // 1
                                   "text = transcription\n"    // 2
                                   "colour = red\n"            // 3: unknown in [csv]
                                   "delimiter = ::\n"          // 4: invalid
                                   "csv-text = note\n"         // 5: the prefix is not written in [csv]
                                   "[soaplint]\n"              // 6
                                   "input-format = xml\n"      // 7: invalid
                                   "text = body\n");           // 8: `text` is a [csv] key only
    REQUIRE(c.errors.size() == 5);
    CHECK(c.errors[0] == file + ":3: unknown key 'colour' in [csv] (known keys: text, patient-id, patient-name, dob, "
                                "date-of-service, provider, payer, kind, delimiter)");
    CHECK(c.errors[1] == file + ":4: 'csv-delimiter' must be ',', ';', '|' or tab, not '::'");
    CHECK(c.errors[2] == file + ":5: unknown key 'csv-text' in [csv] (known keys: text, patient-id, patient-name, dob, "
                                "date-of-service, provider, payer, kind, delimiter)");
    CHECK(c.errors[3] == file + ":7: 'input-format' must be auto, text, json, fhir, ndjson or csv, not 'xml'");
    CHECK(c.errors[4].rfind(file + ":8: unknown key 'text' (known keys: format, payer, input-format, csv-text,", 0) == 0);
    CHECK(c.arguments == std::vector<std::string>{"--csv-text=transcription"});
}

TEST_CASE("config: a file that cannot be read is an error, not an empty config") {
    const ConfigFile c = read_config("/nonexistent/dir/.soaplint.ini", kKeys);
    CHECK(c.errors == std::vector<std::string>{"/nonexistent/dir/.soaplint.ini: cannot read the config file"});
    CHECK(c.arguments.empty());
}

TEST_CASE("config: a UTF-8 BOM and CRLF line ends are accepted") {
    TempDir dir("bom");
    const ConfigFile c = parse(dir, "\xEF\xBB\xBFpayer = hcsc\r\nquiet = true\r\n");
    CHECK(c.errors.empty());
    CHECK(c.arguments == std::vector<std::string>{"--payer=hcsc", "--quiet"});
}

TEST_CASE("config: discovery looks in the directory, then its parents, up to the root") {
    TempDir dir("find");
    const fs::path nested = dir.path / "clinic" / "2026" / "march";
    fs::create_directories(nested);
    // Nothing in the tree yet: the search goes up to the root and finds nothing (this assumes no
    // .soaplint.ini in the system temp directory or above it).
    CHECK_FALSE(find_config(nested.string()).has_value());
    write_file(dir.path / ".soaplint.ini", "payer = medicare\n");
    CHECK(find_config(nested.string()) == (dir.path / ".soaplint.ini").string());
    CHECK(find_config(nested.string() + "/") == (dir.path / ".soaplint.ini").string());
    // The nearest one wins.
    write_file(dir.path / "clinic" / ".soaplint.ini", "payer = hcsc\n");
    CHECK(find_config(nested.string()) == (dir.path / "clinic" / ".soaplint.ini").string());
    CHECK(find_config((dir.path / "clinic").string()) == (dir.path / "clinic" / ".soaplint.ini").string());
    // A directory named .soaplint.ini is not a config file.
    fs::create_directories(nested / ".soaplint.ini");
    CHECK(find_config(nested.string()) == (dir.path / "clinic" / ".soaplint.ini").string());
    CHECK_FALSE(find_config("/").has_value());
}

// ---- through the command line (needs the CLI wiring of --config) -------------------------------

namespace {

// Runs `soaplint ARGS` with `dir` as the current directory.
soaplint::test::RunResult run_in(const fs::path& dir, const std::string& args) {
    return soaplint::test::run_soaplint_in(dir, args);
}

// A project whose note bills 97110 x3 for 33 minutes under Medicare (T003, an error).
struct Project : TempDir {
    fs::path sub;
    Project() : TempDir("cli") {
        sub = path / "notes" / "march";
        fs::create_directories(sub);
        fs::copy_file(fs::path(SOAPLINT_SOURCE_DIR) / "fixtures/rules/T003/bad-cms-33-plus-7-billed-4.txt", path / "note.txt");
    }
};

}  // namespace

TEST_CASE("config cli: .soaplint.ini in a parent directory applies; the command line wins") {
    Project p;
    write_file(p.path / ".soaplint.ini", "[soaplint]\nignore = T003\nformat = json\nquiet = yes\n");
    const auto quiet = run_in(p.sub, "check ../../note.txt");
    CHECK(quiet.err == "");
    CHECK(quiet.status == 0);
    CHECK(quiet.out.find("\"error\": 0") != std::string::npos);  // JSON, from the config
    // --ignore on the command line replaces the config's list rather than adding to it.
    const auto loud = run_in(p.sub, "check --ignore T006 --format text ../../note.txt");
    CHECK(loud.status == 1);
    CHECK(loud.out == "../../note.txt:14:1: error: 97110 billed 3 units but its minutes support 2: the visit's 40 timed "
                      "minutes support 3 units in all (4 billed) under the CMS total-time method (medicare): 97110 x2, "
                      "97140 x1; bill the supported units or document the missing minutes [T003]\n");
}

TEST_CASE("config cli: --config names the file; unknown keys stop the run with file and line") {
    Project p;
    write_file(p.path / "team.ini", "# team settings\ncolour = always\n");
    const auto bad = run_in(p.sub, "check --config ../../team.ini ../../note.txt");
    CHECK(bad.status == 2);
    CHECK(bad.out == "");
    CHECK(bad.err.find("../../team.ini:2: unknown key 'colour'") != std::string::npos);
    write_file(p.path / "team.ini", "select = T006\n");
    const auto good = run_in(p.sub, "check --config ../../team.ini ../../note.txt");
    CHECK(good.err == "");
    CHECK(good.status == 0);
    CHECK(good.out == "");
    const auto missing = run_in(p.sub, "check --config nowhere.ini ../../note.txt");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("nowhere.ini: cannot read the config file") != std::string::npos);
}

TEST_CASE("config cli: a baseline named in the config is found relative to the config file") {
    Project p;
    CHECK(run_in(p.path, "check --write-baseline baseline.json note.txt").status == 0);
    write_file(p.path / ".soaplint.ini", "baseline = baseline.json\n");
    const auto run = run_in(p.sub, "check ../../note.txt");
    CHECK(run.err == "");
    CHECK(run.status == 0);
}

TEST_CASE("config cli: a csv section maps the columns of a CSV export") {
    Project p;
    // `Visit Narrative` and `Client MRN` are no usual header names: only the mapping finds them.
    write_file(p.path / "export.txt", "Client MRN;Visit Narrative\r\n103;\"S: pain 4/10\r\nO: flexion 55 deg\"\r\n");
    const auto unmapped = run_in(p.sub, "check --input-format csv --csv-delimiter ';' ../../export.txt");
    CHECK(unmapped.status == 2);
    CHECK(unmapped.out.find("no note text column in the CSV header") != std::string::npos);
    write_file(p.path / ".soaplint.ini",
               "input-format = csv\n[csv]\ntext = visit narrative\npatient_id = Client MRN\ndelimiter = ;\n");
    const auto mapped = run_in(p.sub, "check --format json --select X ../../export.txt");
    CHECK(mapped.err == "");
    CHECK(mapped.status == 0);
    CHECK(mapped.out.find("\"notes\": 1") != std::string::npos);
    // The command line wins over the config: a column the header lacks stops the run (X001, exit 2).
    const auto wrong = run_in(p.sub, "check --csv-text Body ../../export.txt");
    CHECK(wrong.status == 2);
    CHECK(wrong.out.find("column 'Body' named by --csv-text ([csv] text) is not in the CSV header; its columns are: "
                         "Client MRN, Visit Narrative") != std::string::npos);
    write_file(p.path / ".soaplint.ini", "[csv]\nnote = Visit Narrative\n");
    const auto unknown = run_in(p.sub, "check ../../export.txt");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find(".soaplint.ini:2: unknown key 'note' in [csv] (known keys: text, patient-id,") != std::string::npos);
}
