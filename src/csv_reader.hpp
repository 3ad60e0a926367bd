// CSV charting exports (RFC 4180): one note per row, columns mapped to note fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reader.hpp"

namespace soaplint {

// Reads a CSV export: each data row becomes one note whose text is the mapped text column read
// by the text reader, and whose header facts come from the mapped columns. Findings point at the
// row's line in the file and carry the row (Note::row, 1-based data row).
//
// Rows are independent records: a row's facts are never carried into the next one (unlike the
// header block of a text file). A row whose field count differs from the header's is an error
// (X001) with its line and is skipped: its columns cannot be trusted to be the mapped ones.
FileResult read_csv(const std::string& file, std::string_view bytes, const CsvMapping& mapping);

// The delimiter a mapping names: "," ";" "|" "tab" (also "\t", "comma", "semicolon", "pipe");
// empty: tab for a `.tsv` file, else comma. nullopt for anything else.
std::optional<char> csv_delimiter(std::string_view name, const std::string& file);

// One field of a CSV record, unquoted, with where its text starts in the file.
struct CsvField {
    std::string text;
    int line = 1;    // 1-based line of the field's first character (after an opening quote)
    int column = 1;  // 1-based column, in characters
};

// An RFC 4180 record scanner over UTF-8 text, one record at a time, in linear time: quoted
// fields may hold the delimiter, line breaks (CRLF, LF or CR) and doubled quotes.
class CsvScanner {
public:
    CsvScanner(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    enum class Status { record, end, unterminated };
    // The next record into `fields` (cleared first) and the line it starts on. `unterminated`:
    // a quoted field opened on `line` never closes; the scan is over.
    Status next(std::vector<CsvField>& fields, int& line);

private:
    void quoted(CsvField& field);
    void unquoted(CsvField& field);
    void take(std::size_t end, std::string& out);  // appends text_[pos_, end), counting columns
    void newline();                                // consumes CRLF, LF or CR

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
    bool open_quote_ = false;
};

}  // namespace soaplint
