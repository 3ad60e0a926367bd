// CSV charting exports: an RFC 4180 scanner, a header mapping, and one note per data row.
//
// Positions: a row's note text is read by the text pipeline (note_from_text) and placed where
// the cell's text starts in the file, so a finding inside a quoted multi-line cell points at
// the file's physical line. Columns are exact except after a doubled quote (`""`) on the same
// line: the note text holds one quote where the file has two, so later columns on that line
// read one less per doubled quote. Lines are always exact; we accept the small column shift
// rather than keep a per-character offset map for every cell.
#include "csv_reader.hpp"

#include <algorithm>
#include <array>

#include "decode.hpp"
#include "grammar/api.hpp"
#include "structure.hpp"
#include "text.hpp"

namespace soaplint {

// ---------------------------------------------------------------------------------------------
// The scanner

namespace {

// Characters (code points) in UTF-8 bytes: every byte that is not a continuation byte.
int count_chars(std::string_view bytes) {
    return static_cast<int>(std::count_if(bytes.begin(), bytes.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

void CsvScanner::take(std::size_t end, std::string& out) {
    const std::string_view piece = text_.substr(pos_, end - pos_);
    out.append(piece);
    column_ += count_chars(piece);
    pos_ = end;
}

void CsvScanner::newline() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r') {
        ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else if (text_[pos_] == '\n') {
        ++pos_;
    } else {
        return;
    }
    // A lone CR breaks a line too: the text pipeline (decode) counts lines the same way, so the
    // lines inside a cell and the file's lines stay in step.
    ++line_;
    column_ = 1;
}

void CsvScanner::unquoted(CsvField& field) {
    field.line = line_;
    field.column = column_;
    const char stops[] = {delimiter_, '\r', '\n'};
    const std::size_t end = text_.find_first_of(std::string_view(stops, 3), pos_);
    take(end == std::string_view::npos ? text_.size() : end, field.text);
}

void CsvScanner::quoted(CsvField& field) {
    ++pos_;  // the opening quote
    ++column_;
    field.line = line_;
    field.column = column_;
    // One find per quote or line break: linear in the field's size, however large.
    while (true) {
        const std::size_t stop = text_.find_first_of("\"\r\n", pos_);
        if (stop == std::string_view::npos) {
            take(text_.size(), field.text);
            open_quote_ = true;
            return;
        }
        take(stop, field.text);
        if (text_[pos_] == '"') {
            const bool doubled = pos_ + 1 < text_.size() && text_[pos_ + 1] == '"';
            pos_ += doubled ? 2 : 1;
            column_ += doubled ? 2 : 1;
            if (!doubled) break;
            field.text.push_back('"');
        } else {
            const std::size_t start = pos_;
            newline();
            field.text.append(text_.substr(start, pos_ - start));  // the cell's own line break
        }
    }
    // `"abc"def`: text after the closing quote is kept (as Python's csv does), never lost.
    CsvField tail;
    unquoted(tail);
    field.text += tail.text;
}

CsvScanner::Status CsvScanner::next(std::vector<CsvField>& fields, int& line) {
    fields.clear();
    if (pos_ >= text_.size() || open_quote_) return Status::end;
    line = line_;
    while (true) {
        CsvField& field = fields.emplace_back();
        // `a, "b, c"`: blanks before an opening quote (hand-edited files) still open a quoted field.
        std::size_t p = pos_;
        while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t') && text_[p] != delimiter_) ++p;
        if (p < text_.size() && text_[p] == '"') {
            column_ += static_cast<int>(p - pos_);
            pos_ = p;
            quoted(field);
            if (open_quote_) {
                line = field.line;
                return Status::unterminated;
            }
        } else {
            unquoted(field);
        }
        if (pos_ < text_.size() && text_[pos_] == delimiter_) {
            ++pos_;
            ++column_;
            continue;
        }
        newline();
        return Status::record;
    }
}

std::optional<char> csv_delimiter(std::string_view name, const std::string& file) {
    const std::string n = ascii_lower(name);
    if (n.empty()) {
        const std::string f = ascii_lower(file);
        return f.size() >= 4 && f.compare(f.size() - 4, 4, ".tsv") == 0 ? '\t' : ',';
    }
    if (n == "," || n == "comma") return ',';
    if (n == ";" || n == "semicolon") return ';';
    if (n == "|" || n == "pipe") return '|';
    if (n == "tab" || n == "\t" || n == "\\t") return '\t';
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The header mapping

namespace {

enum Role { kText, kPatientId, kPatientName, kDob, kDateOfService, kProvider, kPayer, kKind, kRoles };

struct RoleSpec {
    std::string CsvMapping::*member;
    const char* key;  // the `[csv]` key; the option is `--csv-` + key
    std::vector<std::string_view> defaults;  // usual header names, best first
};

const std::array<RoleSpec, kRoles>& role_specs() {
    static const std::array<RoleSpec, kRoles> specs{{
        {&CsvMapping::text, "text",
         {"transcription", "note_text", "note", "text", "narrative", "soap_note", "note_body", "documentation", "body"}},
        {&CsvMapping::patient_id, "patient-id", {"patient_id", "patient", "mrn", "client_id", "member_id", "patientid"}},
        {&CsvMapping::patient_name, "patient-name", {"patient_name", "name", "client_name"}},
        {&CsvMapping::dob, "dob", {"dob", "date_of_birth", "birth_date"}},
        {&CsvMapping::date_of_service, "date-of-service", {"date_of_service", "dos", "service_date", "visit_date", "date"}},
        {&CsvMapping::provider, "provider", {"provider", "therapist", "clinician", "rendering_provider"}},
        {&CsvMapping::payer, "payer", {"payer", "insurance", "payor", "plan"}},
        {&CsvMapping::kind, "kind", {"note_type", "kind", "visit_type", "type"}},
    }};
    return specs;
}

// `Date of Service`, `date_of_service`, `DATE-OF-SERVICE` are one name: ASCII letters lower-cased,
// ASCII blanks and punctuation dropped (the brief's spaces, `_` and `-`, and also `.` `#` `/`,
// so that `D.O.B.` and `Patient #` match too); other bytes kept.
std::string header_key(std::string_view name) {
    std::string key;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || ascii_alnum(c)) key.push_back(ascii_lower(c));
    }
    return key;
}

// The header's columns for a message: each name short, the list capped, so that a file that is
// not a CSV at all (its "header" a paragraph) still gives a readable error.
std::string list_columns(const std::vector<CsvField>& header) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < header.size() && i < 40; ++i) {
        std::string name(trim_space(header[i].text));
        if (name.size() > 60) {
            std::size_t cut = 57;
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
            name = name.substr(0, cut) + "...";
        }
        names.push_back(name.empty() ? "(unnamed)" : name);
    }
    std::string list = join(names, ", ");
    if (header.size() > 40) list += ", ... (" + std::to_string(header.size()) + " columns)";
    return list;
}

// A one-column header holding another delimiter: the likely fix, said in the error.
std::string delimiter_hint(const std::vector<CsvField>& header) {
    if (header.size() != 1) return {};
    for (const auto& [c, name] : {std::pair{';', ";"}, std::pair{'\t', "tab"}, std::pair{'|', "|"}, std::pair{',', ","}}) {
        if (header[0].text.find(c) != std::string::npos)
            return std::string("; the header looks delimited by '") + name + "': set --csv-delimiter '" + name +
                   "' (or `delimiter = " + name + "` in [csv])";
    }
    return {};
}

struct Columns {
    std::array<std::optional<std::size_t>, kRoles> index;
    bool ambiguous_patient = false;  // patient_id found by a `Patient`/`Client` header: id or name
};

// A column named by the user: a header name first, else a 1-based number; an error otherwise.
std::optional<std::size_t> named_column(const std::vector<std::string>& keys, const std::vector<CsvField>& header,
                                        const RoleSpec& spec, std::string_view wanted, std::string& error) {
    const std::string key = header_key(wanted);
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (!key.empty() && keys[i] == key) return i;
    const std::string_view w = trim_space(wanted);
    const std::string by = std::string(" named by --csv-") + spec.key + " ([csv] " + spec.key + ")";
    if (!w.empty() && w.size() < 7 && std::all_of(w.begin(), w.end(), ascii_digit)) {
        const std::size_t n = std::stoul(std::string(w));
        if (n >= 1 && n <= header.size()) return n - 1;
        error = "column " + std::string(w) + by + " is past the CSV header's " + std::to_string(header.size()) +
                " columns: " + list_columns(header);
        return std::nullopt;
    }
    error = "column '" + std::string(w) + "'" + by + " is not in the CSV header; its columns are: " +
            list_columns(header) + delimiter_hint(header);
    return std::nullopt;
}

// Which column plays which role; an error message when a named column is missing or no text
// column is found.
std::optional<Columns> map_columns(const std::vector<CsvField>& header, const CsvMapping& mapping, std::string& error) {
    std::vector<std::string> keys;
    for (const CsvField& f : header) keys.push_back(header_key(f.text));
    // An export with Subjective/Objective/Assessment/Plan columns: its `Plan` is the plan of
    // care, not the insurance plan that `Plan` names elsewhere.
    const bool soap_columns = std::any_of(keys.begin(), keys.end(), [](const std::string& k) {
        return k == "subjective" || k == "objective" || k == "assessment";
    });
    Columns columns;
    for (std::size_t r = 0; r < kRoles; ++r) {
        const RoleSpec& spec = role_specs()[r];
        const std::string& wanted = mapping.*spec.member;
        if (!trim_space(wanted).empty()) {
            columns.index[r] = named_column(keys, header, spec, wanted, error);
            if (!columns.index[r]) return std::nullopt;
            continue;
        }
        for (const std::string_view d : spec.defaults) {
            if (r == kPayer && d == "plan" && soap_columns) continue;
            const auto it = std::find(keys.begin(), keys.end(), header_key(d));
            if (it == keys.end()) continue;
            columns.index[r] = static_cast<std::size_t>(it - keys.begin());
            columns.ambiguous_patient = r == kPatientId && (d == "patient");
            break;
        }
    }
    if (!columns.index[kText]) {
        error = "no note text column in the CSV header (looked for transcription, note_text, note, text, narrative, "
                "soap_note, note_body, documentation, body); its columns are: " + list_columns(header) +
                delimiter_hint(header) + "; name it with --csv-text COLUMN or `text = COLUMN` in the [csv] section of .soaplint.ini";
        return std::nullopt;
    }
    return columns;
}

// ---------------------------------------------------------------------------------------------
// Rows to notes

// A cell's value as a header fact: one line, NFKC like the text reader's facts, trimmed.
std::string fact_value(const CsvField& field) {
    std::string flat = field.text;
    std::replace_if(flat.begin(), flat.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return std::string(trim_space(normalize_line(flat)));
}

// ISO, US M/D/YYYY and every form the date grammar reads; a timestamp's date part too
// (`2026-03-14 00:00:00`, `3/14/2026 10:02 AM`, as exports often write dates).
std::optional<CivilDate> date_value(const std::string& value) {
    auto date = grammar::parse_date(value);
    if (!date) {
        const auto dates = grammar::find_dates(value);
        if (!dates.empty()) date = dates.front();
    }
    if (!date) return std::nullopt;
    return CivilDate{date->year, date->month, date->day};
}

// The note kind a Note Type cell names, read exactly as a `Note type:` line of a text note is
// (structure.cpp's kind_from_text is internal to it; going through read_header_fields keeps one
// vocabulary instead of a copy that would drift).
NoteKind kind_value(const std::string& value) {
    Note probe;
    probe.lines.push_back(Line{"Note type: " + value, 1, 1, -1});
    read_header_fields(probe);
    return probe.kind;
}

// A value of a `Patient`/`Client` column: an id when it holds a digit and no blank (`4471`,
// `MRN-0042`), else a name (`Sato, Kenji`).
bool looks_like_patient_id(const std::string& value) {
    return has_digit(value) && value.find(' ') == std::string::npos;
}

// The mapped columns fill the note's header facts: the export's columns are the charting
// system's own record, so a non-empty cell wins over what the text says. One exception: a
// provider cell without credentials does not replace a signature that has them (`Alex Kim`
// in the column, `Alex Kim, PT, DPT` signing the note).
void fill_facts(Note& note, const std::vector<CsvField>& fields, const Columns& columns) {
    const auto cell = [&](Role role) -> const CsvField* {
        const auto& i = columns.index[role];
        return i && !trim_space(fields[*i].text).empty() ? &fields[*i] : nullptr;
    };
    if (const CsvField* f = cell(kPatientId)) {
        const std::string v = fact_value(*f);
        if (columns.ambiguous_patient && !looks_like_patient_id(v)) note.patient_name = v;
        else note.patient_id = v;
    }
    if (const CsvField* f = cell(kPatientName)) note.patient_name = fact_value(*f);
    if (const CsvField* f = cell(kDob))
        if (auto d = date_value(fact_value(*f))) note.dob = d;
    if (const CsvField* f = cell(kDateOfService)) {
        if (auto d = date_value(fact_value(*f))) {
            note.date_of_service = d;
            note.date_line = f->line;
        }
    }
    if (const CsvField* f = cell(kProvider)) {
        const std::string v = fact_value(*f);
        Provider p = parse_provider(v);
        if (p.name.empty() && !is_credential(v)) p.name = v;
        p.line = f->line;
        const bool keep_text = note.provider && !note.provider->credentials.empty() && p.credentials.empty();
        if (!p.name.empty() && !keep_text) note.provider = p;
    }
    if (const CsvField* f = cell(kPayer)) {
        note.payer_text = fact_value(*f);
        note.payer_line = f->line;
    }
    if (const CsvField* f = cell(kKind)) {
        if (const NoteKind kind = kind_value(fact_value(*f)); kind != NoteKind::unknown) {
            note.kind = kind;
            note.kind_from_title = false;
            note.generic_title = false;
        }
    }
}

bool blank_record(const std::vector<CsvField>& fields) {
    return std::all_of(fields.begin(), fields.end(), [](const CsvField& f) { return trim_space(f.text).empty(); });
}

class CsvReader {
public:
    CsvReader(const std::string& file, const CsvMapping& mapping) : mapping_(mapping) { result_.file = file; }

    FileResult read(std::string_view bytes) {
        Utf8Text text = decode_to_utf8(bytes);
        if (!text.error.empty()) return fail(text.error, 1);
        const auto delimiter = csv_delimiter(mapping_.delimiter, result_.file);
        if (!delimiter) {
            return fail("unknown CSV delimiter '" + mapping_.delimiter + "' (use ',', ';', '|' or tab)", 1);
        }
        CsvScanner scanner(text.text, *delimiter);
        if (!read_header(scanner)) return std::move(result_);
        read_rows(scanner);
        if (rows_ == 0 && result_.errors.empty()) result_.empty_reason = "a CSV export with no data rows";
        result_.notes.shrink_to_fit();
        return std::move(result_);
    }

private:
    FileResult fail(const std::string& message, int line) {
        error(message, line);
        return std::move(result_);
    }
    void error(const std::string& message, int line) { result_.errors.push_back({result_.file, message, line, 1, {}}); }

    bool read_header(CsvScanner& scanner) {
        int line = 1;
        CsvScanner::Status status;
        while ((status = scanner.next(fields_, line)) == CsvScanner::Status::record && blank_record(fields_)) {}
        if (status == CsvScanner::Status::end) {
            result_.empty_reason = "an empty CSV file (no header row)";
            return false;
        }
        if (status == CsvScanner::Status::unterminated) {
            error("the CSV header's quoted field opened on line " + std::to_string(line) + " is never closed", line);
            return false;
        }
        std::string message;
        const auto columns = map_columns(fields_, mapping_, message);
        if (!columns) {
            error(message, line);
            return false;
        }
        columns_ = *columns;
        header_size_ = fields_.size();
        return true;
    }

    void read_rows(CsvScanner& scanner) {
        int line = 1;
        for (auto status = scanner.next(fields_, line); status != CsvScanner::Status::end; status = scanner.next(fields_, line)) {
            if (status == CsvScanner::Status::unterminated) {
                error("row " + std::to_string(rows_ + 1) + ": the quoted field opened on line " + std::to_string(line) +
                          " is never closed (a stray '\"'?); the rest of the file could not be read",
                      line);
                return;
            }
            if (blank_record(fields_)) continue;  // blank lines, or Excel's trailing `,,,,` rows
            ++rows_;
            if (fields_.size() != header_size_) {
                error("row " + std::to_string(rows_) + " has " + std::to_string(fields_.size()) + " fields but the header has " +
                          std::to_string(header_size_) + "; the row is skipped (a field holding the delimiter, a quote or a "
                          "line break must be quoted)",
                      line);
                continue;
            }
            read_row(line);
        }
    }

    // One data row, one note: its text through the text pipeline, placed where the cell starts.
    void read_row(int line) {
        const CsvField& text = fields_[*columns_.index[kText]];
        Note note = note_from_text(result_.file, text.text, TextOrigin{text.line, text.column, false});
        fill_facts(note, fields_, columns_);
        note.index = static_cast<int>(result_.notes.size());
        note.row = rows_;
        note.line = line;
        result_.notes.push_back(std::move(note));
    }

    const CsvMapping& mapping_;
    FileResult result_;
    std::vector<CsvField> fields_;  // the record being read, reused
    Columns columns_;
    std::size_t header_size_ = 0;
    int rows_ = 0;  // data rows seen (blank lines not counted), read or skipped
};

}  // namespace

// Rows are independent records, so finish_notes (which carries a text file's shared header
// block into the notes below it) is not called: a row without a patient must not borrow the
// first row's patient.
FileResult read_csv(const std::string& file, std::string_view bytes, const CsvMapping& mapping) {
    return CsvReader(file, mapping).read(bytes);
}

}  // namespace soaplint
