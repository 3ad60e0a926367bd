// CSV charting exports: the RFC 4180 scanner, the header mapping, rows as notes with positions
// in the file, bad rows as X001 with their line, and real exports (fixtures, mtsamples.csv).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

#include "golden.hpp"
#include "src/csv_reader.hpp"
#include "src/reader.hpp"

namespace fs = std::filesystem;
using namespace soaplint;
using soaplint::test::read_file;
using soaplint::test::run_soaplint;

namespace {

const fs::path kSource = SOAPLINT_SOURCE_DIR;
const fs::path kFixtures = kSource / "fixtures" / "structured" / "csv";

// Every record of `text` as its fields' texts.
std::vector<std::vector<std::string>> records(std::string_view text, char delimiter = ',') {
    CsvScanner scanner(text, delimiter);
    std::vector<std::vector<std::string>> out;
    std::vector<CsvField> fields;
    int line = 0;
    while (scanner.next(fields, line) == CsvScanner::Status::record) {
        out.emplace_back();
        for (const CsvField& f : fields) out.back().push_back(f.text);
    }
    return out;
}

using Rows = std::vector<std::vector<std::string>>;

FileResult csv(const std::string& text, const CsvMapping& mapping = {}, const std::string& file = "export.csv") {
    return read_csv(file, text, mapping);
}

std::string errors_of(const FileResult& r) {
    std::string out;
    for (const InputError& e : r.errors) out += std::to_string(e.line) + ": " + e.message + "\n";
    return out;
}

}  // namespace

TEST_CASE("CSV scanner: quoted delimiters and doubled quotes") {
    CHECK(records("a,b,c\n1,\"x, y\",3\n") == Rows{{"a", "b", "c"}, {"1", "x, y", "3"}});
    CHECK(records("\"she said \"\"stop\"\"\",2\n") == Rows{{"she said \"stop\"", "2"}});
    CHECK(records("\"\",,\"\"\"\"\n") == Rows{{"", "", "\""}});
    // Empty last field, no final line break.
    CHECK(records("a,b,\n1,2,") == Rows{{"a", "b", ""}, {"1", "2", ""}});
}

TEST_CASE("CSV scanner: line breaks inside quotes belong to the field with CRLF or LF rows") {
    CHECK(records("h1,h2\r\n1,\"line one\r\nline two\"\r\n2,x\r\n") ==
          Rows{{"h1", "h2"}, {"1", "line one\r\nline two"}, {"2", "x"}});
    CHECK(records("h\n\"a\nb\nc\"\n") == Rows{{"h"}, {"a\nb\nc"}});
}

TEST_CASE("CSV scanner: positions of fields count lines and characters") {
    CsvScanner scanner("id,text\r\n7,\"é first\r\nsecond\"\r\n8,plain\r\n", ',');
    std::vector<CsvField> fields;
    int line = 0;
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    CHECK(line == 1);
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    CHECK(line == 2);
    REQUIRE(fields.size() == 2);
    CHECK(fields[1].line == 2);
    CHECK(fields[1].column == 4);  // after `7,"`
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    CHECK(line == 4);
    CHECK(fields[1].column == 3);
    CHECK(scanner.next(fields, line) == CsvScanner::Status::end);
}

TEST_CASE("CSV scanner: other delimiters and lenient quoting") {
    CHECK(records("a\tb\n\"x\ty\"\tz\n", '\t') == Rows{{"a", "b"}, {"x\ty", "z"}});
    CHECK(records("a;b\n\"1;2\";3\n", ';') == Rows{{"a", "b"}, {"1;2", "3"}});
    CHECK(records("a|b\n1|2\n", '|') == Rows{{"a", "b"}, {"1", "2"}});
    // A quote inside an unquoted field is text; text after a closing quote is kept.
    CHECK(records("5\" tall,\"abc\"def\n") == Rows{{"5\" tall", "abcdef"}});
    // Blanks before an opening quote still open it.
    CHECK(records("1, \"x, y\"\n") == Rows{{"1", "x, y"}});
}

TEST_CASE("CSV scanner: an unterminated quote ends the scan with its line") {
    CsvScanner scanner("a,b\n1,\"never closed\n2,3\n", ',');
    std::vector<CsvField> fields;
    int line = 0;
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    CHECK(scanner.next(fields, line) == CsvScanner::Status::unterminated);
    CHECK(line == 2);
    CHECK(scanner.next(fields, line) == CsvScanner::Status::end);
}

TEST_CASE("CSV delimiter: by name or by extension") {
    CHECK(csv_delimiter("", "a.csv") == ',');
    CHECK(csv_delimiter("", "A.TSV") == '\t');
    CHECK(csv_delimiter("tab", "a.csv") == '\t');
    CHECK(csv_delimiter(";", "a.csv") == ';');
    CHECK(csv_delimiter("|", "a.csv") == '|');
    CHECK(csv_delimiter("semicolon", "a.csv") == ';');
    CHECK_FALSE(csv_delimiter("::", "a.csv"));
}

TEST_CASE("CSV rows become notes: default mapping by header names") {
    const FileResult r = csv("Visit ID,Patient ID,Patient Name,DOB,Date of Service,Provider,Payer,Note Type,Note Text\r\n"
                             "V1,4471,\"Sato, Kenji\",1968-03-02,3/14/2026,\"Alex Kim, PT, DPT\",Medicare Part B,Re-Evaluation,"
                             "\"SUBJECTIVE: doing well\r\nOBJECTIVE: flexion 55 deg\"\r\n"
                             "V2,4472,Ann Lee,,2026-03-15 00:00:00,Jo Park,Aetna,Daily Note,S: ok\r\n");
    CHECK(errors_of(r) == "");
    REQUIRE(r.notes.size() == 2);
    const Note& a = r.notes[0];
    CHECK(a.index == 0);
    CHECK(a.row == 1);
    CHECK(a.line == 2);
    CHECK(a.patient_id == "4471");
    CHECK(a.patient_name == "Sato, Kenji");
    REQUIRE(a.dob);
    CHECK(a.dob->iso() == "1968-03-02");
    REQUIRE(a.date_of_service);
    CHECK(a.date_of_service->iso() == "2026-03-14");
    CHECK(a.date_line == 2);
    REQUIRE(a.provider);
    CHECK(a.provider->name == "Alex Kim");
    CHECK(a.provider->credentials == std::vector<std::string>{"PT", "DPT"});
    CHECK(a.payer_text == "Medicare Part B");
    CHECK(a.kind == NoteKind::reevaluation);
    REQUIRE(a.sections.size() == 2);
    CHECK(a.sections[0].line == 2);
    CHECK(a.sections[1].line == 3);
    REQUIRE(a.measurements.size() == 1);
    CHECK(a.measurements[0].pos.line == 3);
    const Note& b = r.notes[1];
    CHECK(b.index == 1);
    CHECK(b.row == 2);
    CHECK(b.line == 4);
    CHECK_FALSE(b.dob);  // an empty cell is an absent fact
    REQUIRE(b.date_of_service);
    CHECK(b.date_of_service->iso() == "2026-03-15");
    CHECK(b.kind == NoteKind::daily);
    REQUIRE(b.provider);
    CHECK(b.provider->name == "Jo Park");
}

TEST_CASE("CSV rows are independent: no facts carried from one row to the next") {
    const FileResult r = csv("patient_id,note\n4471,\"Patient ID: 4471\nS: ok\"\n,S: no patient here\n");
    CHECK(errors_of(r) == "");
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0].patient_id == "4471");
    CHECK_FALSE(r.notes[1].patient_id);
}

TEST_CASE("CSV mapping: explicit names ignore case and punctuation and numbers count from 1") {
    const std::string text = "ID;Client;Visit_Date;Body Text\n9;MRN-0042;03/02/2026;S: fine\n";
    CsvMapping m;
    m.delimiter = ";";
    m.text = "body-text";
    m.patient_id = "2";
    m.date_of_service = "VISIT DATE";
    const FileResult r = csv(text, m);
    CHECK(errors_of(r) == "");
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].patient_id == "MRN-0042");
    REQUIRE(r.notes[0].date_of_service);
    CHECK(r.notes[0].date_of_service->iso() == "2026-03-02");
    REQUIRE(r.notes[0].sections.size() == 1);
}

TEST_CASE("CSV mapping: a `Patient` column holds an id or a name") {
    const FileResult r = csv("Patient,Narrative\n\"Sato, Kenji\",S: ok\nA-4471,S: ok\n");
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0].patient_name == "Sato, Kenji");
    CHECK_FALSE(r.notes[0].patient_id);
    CHECK(r.notes[1].patient_id == "A-4471");
}

TEST_CASE("CSV mapping: a Plan column is the payer except beside SOAP columns") {
    const FileResult insurance = csv("Plan,note_text\nMedicare Part B,S: ok\n");
    REQUIRE(insurance.notes.size() == 1);
    CHECK(insurance.notes[0].payer_text == "Medicare Part B");
    const FileResult soap = csv("Assessment,Plan,note_text\nbetter,Continue 2x/week,S: ok\n");
    REQUIRE(soap.notes.size() == 1);
    CHECK_FALSE(soap.notes[0].payer_text);
}

TEST_CASE("CSV mapping: a named column the header lacks is an error naming it and the columns") {
    CsvMapping m;
    m.text = "Note Body";
    const FileResult r = csv("Visit ID,Note Text\n1,S: ok\n", m);
    CHECK(r.notes.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 1);
    CHECK(r.errors[0].message ==
          "column 'Note Body' named by --csv-text ([csv] text) is not in the CSV header; its columns are: Visit ID, Note Text");
    m.text = "";
    m.payer = "7";
    const FileResult past = csv("Visit ID,Note Text\n1,S: ok\n", m);
    REQUIRE(past.errors.size() == 1);
    CHECK(past.errors[0].message == "column 7 named by --csv-payer ([csv] payer) is past the CSV header's 2 columns: Visit ID, Note Text");
}

TEST_CASE("CSV mapping: no text column found says how to name one") {
    const FileResult r = csv("id,description\n1,x\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("no note text column in the CSV header") == 0);
    CHECK(r.errors[0].message.find("its columns are: id, description") != std::string::npos);
    CHECK(r.errors[0].message.find("--csv-text COLUMN or `text = COLUMN` in the [csv] section") != std::string::npos);
    // A semicolon export read with commas: the error points at the delimiter.
    const FileResult semi = csv("id;note_text\n1;S: ok\n");
    REQUIRE(semi.errors.size() == 1);
    CHECK(semi.errors[0].message.find("the header looks delimited by ';': set --csv-delimiter ';'") != std::string::npos);
}

TEST_CASE("CSV bad rows: a wrong field count is an error with its line and the other rows are read") {
    const FileResult r = csv("id,note_text\r\n"
                             "1,\"S: first\r\nO: two lines\"\r\n"
                             "2,S: unquoted, comma\r\n"
                             "3\r\n"
                             "\r\n"
                             "4,S: last\r\n");
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].line == 4);
    CHECK(r.errors[0].message == "row 2 has 3 fields but the header has 2; the row is skipped (a field holding the "
                                 "delimiter, a quote or a line break must be quoted)");
    CHECK(r.errors[1].line == 5);
    CHECK(r.errors[1].message.find("row 3 has 1 fields but the header has 2") == 0);
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0].row == 1);
    CHECK(r.notes[1].row == 4);  // the blank line is no row
    CHECK(r.notes[1].line == 7);
    CHECK(r.notes[1].index == 1);
}

TEST_CASE("CSV bad rows: an unterminated quote at the end is an error with its line") {
    const FileResult r = csv("id,note_text\n1,S: ok\n2,\"S: never\nclosed\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 3);
    CHECK(r.errors[0].message.find("row 2: the quoted field opened on line 3 is never closed") == 0);
    CHECK(r.notes.size() == 1);
}

TEST_CASE("CSV empty inputs: header only or empty file or blank rows") {
    const FileResult header_only = csv("id,note_text\r\n");
    CHECK(header_only.errors.empty());
    CHECK(header_only.notes.empty());
    CHECK(header_only.empty_reason == "a CSV export with no data rows");
    CHECK(csv("id,note_text\n\n,\n ,  \n").empty_reason == "a CSV export with no data rows");
    const FileResult empty = csv("");
    CHECK(empty.errors.empty());
    CHECK(empty.empty_reason == "an empty CSV file (no header row)");
    // A row whose text cell is empty is still a note (an empty note is what an auditor must see).
    const FileResult blank_text = csv("id,note_text\n1,\n");
    CHECK(blank_text.errors.empty());
    CHECK(blank_text.notes.size() == 1);
}

TEST_CASE("CSV encodings: UTF-8 BOM and UTF-16LE and Windows-1252 exports") {
    const std::string body = "note_text,patient_id\r\n\"S: pain 4/10\r\nO: flexion 50 deg\",12\r\n";
    const FileResult bom = csv("\xEF\xBB\xBF" + body);
    CHECK(errors_of(bom) == "");
    REQUIRE(bom.notes.size() == 1);
    CHECK(bom.notes[0].patient_id == "12");
    std::string utf16 = "\xFF\xFE";
    for (const char c : body) utf16 += std::string{c, '\0'};
    const FileResult wide = csv(utf16);
    CHECK(errors_of(wide) == "");
    REQUIRE(wide.notes.size() == 1);
    REQUIRE(wide.notes[0].measurements.size() >= 1);
    CHECK(wide.notes[0].measurements.back().pos.line == 3);
    const FileResult latin = csv("note_text,patient_name\r\nS: ok,Jos\xE9 Ni\xF1o\r\n");
    CHECK(errors_of(latin) == "");
    REQUIRE(latin.notes.size() == 1);
    CHECK(latin.notes[0].patient_name == "Jos\xC3\xA9 Ni\xC3\xB1o");
    const FileResult binary = csv(std::string("\x00\x01\x02\x03\x00\xFF\x00", 7) + std::string(200, '\0'));
    CHECK(binary.errors.size() == 1);
}

TEST_CASE("CSV dispatch: parse_bytes reads .csv and .tsv by extension and --input-format csv") {
    ReadOptions options;
    CHECK(parse_bytes("a.tsv", "id\tnote_text\n1\tS: ok\n", options).notes.size() == 1);
    CHECK(parse_bytes("a.csv", "id,note_text\n1,S: ok\n2,S: ok\n", options).notes.size() == 2);
    options.format = InputFormat::csv;
    options.csv.text = "2";
    const FileResult r = parse_bytes("-", "id,body\n1,S: ok\n", options);
    CHECK(errors_of(r) == "");
    CHECK(r.notes.size() == 1);
}

TEST_CASE("CSV positions: a billing line inside a quoted multi-line cell keeps its file line and column") {
    const FileResult r = read_input((kFixtures / "daily-notes-units-over.csv").string());
    CHECK(errors_of(r) == "");
    REQUIRE(r.notes.size() == 2);
    const Note& second = r.notes[1];
    CHECK(second.row == 2);
    CHECK(second.patient_id == "48213");
    CHECK(second.payer_text == "Medicare Part B");
    CHECK(second.kind == NoteKind::daily);
    REQUIRE(second.interventions.size() == 2);
    CHECK(second.interventions[0].cpt == "97110");
    CHECK(second.interventions[0].pos.line == 44);
    CHECK(second.interventions[0].units == 3);
    REQUIRE(second.session.minutes);
    CHECK(*second.session.minutes == 48);
    CHECK(second.session.line == 43);
    // The first line of a cell starts after its opening quote.
    const std::string file = read_file(kFixtures / "daily-notes-units-over.csv");
    const std::size_t cell = file.find("\"Diagnosis: M54.50");
    const std::size_t line_start = file.rfind('\n', cell) + 1;
    REQUIRE(!r.notes[0].diagnoses.empty());
    CHECK(r.notes[0].diagnoses[0].pos.line == 2);
    CHECK(r.notes[0].diagnoses[0].pos.column == static_cast<int>(cell - line_start) + 1 + 1 + 11);  // `Diagnosis: `
}

TEST_CASE("CSV check: the fixture pair gives T003 on the exact line and nothing when billed right") {
    const auto bad = run_soaplint("check --format text fixtures/structured/csv/daily-notes-units-over.csv");
    CHECK(bad.status == 1);
    CHECK(bad.out == read_file(kFixtures / "daily-notes-units-over.csv.expect"));
    CHECK(bad.out.find("fixtures/structured/csv/daily-notes-units-over.csv:44:") != std::string::npos);
    CHECK(bad.out.find("[T003]") != std::string::npos);
    const auto good = run_soaplint("check --format text fixtures/structured/csv/daily-notes-pass.csv");
    CHECK(good.status == 0);
    CHECK(good.out == read_file(kFixtures / "daily-notes-pass.csv.expect"));
    CHECK(good.out.find("[T003]") == std::string::npos);
}

TEST_CASE("CSV check: a mapped column the header lacks stops the run with exit status 2") {
    const auto run = run_soaplint("check --format text --csv-text Narrative --csv-payer 12 fixtures/structured/csv/daily-notes-pass.csv");
    CHECK(run.status == 2);
    CHECK(run.out.find("daily-notes-pass.csv:1:1: error: cannot read input: column 'Narrative' named by --csv-text ([csv] text) "
                       "is not in the CSV header; its columns are: Visit ID, Patient ID, Patient Name, DOB, Date of Service, "
                       "Provider, Payer, Note Type, Note Text [X001]") != std::string::npos);
}

TEST_CASE("CSV check: bad inputs give X001 with the line and the run goes on") {
    const auto run = run_soaplint("check --format text fixtures/structured/csv/bad-row-field-count.csv "
                                  "fixtures/structured/csv/no-text-column.csv fixtures/structured/csv/daily-notes-pass.csv");
    CHECK(run.status == 2);
    CHECK(run.out == read_file(kFixtures / "bad-inputs.expect"));
    CHECK(run.out.find("bad-row-field-count.csv:15:1: error: cannot read input: row 2 has 10 fields but the header has 9") != std::string::npos);
    CHECK(run.out.find("[X001]") != std::string::npos);
}

TEST_CASE("CSV scale: a 100 MB single field reads in linear time") {
    std::string big = "id,note_text\n1,\"S: ";
    big.reserve(100u << 20);
    while (big.size() < (100u << 20)) big += "pain with lifting, \"\"better\"\" today; ";
    big += "\"\n";
    const auto start = std::chrono::steady_clock::now();
    CsvScanner scanner(big, ',');
    std::vector<CsvField> fields;
    int line = 0;
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    REQUIRE(scanner.next(fields, line) == CsvScanner::Status::record);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(fields[1].text.size() > (90u << 20));
    MESSAGE("100 MB field scanned in " << seconds << " s");
    CHECK(seconds < 10);
}

TEST_CASE("CSV mtsamples: 4999 rows read as 4999 notes with text=transcription") {
    const fs::path path = kSource / ".." / "shared" / "data" / "mtsamples" / "mtsamples.csv";
    if (!fs::exists(path)) {
        MESSAGE("skipped: " << path.string() << " is absent");
        return;
    }
    ReadOptions options;
    options.csv.text = "transcription";
    const FileResult r = read_input(path.string(), options);
    CHECK(errors_of(r) == "");
    CHECK(r.notes.size() == 4999);
    CHECK(r.notes.back().row == 4999);
    // The defaults find the same column (`transcription` is the first usual name).
    CHECK(read_input(path.string()).notes.size() == 4999);
}
