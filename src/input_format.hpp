// Which reader turns an input into notes: text and Markdown (the default), the project's own
// JSON model, HL7 FHIR R4 (JSON or NDJSON), or CSV charting exports. Every reader produces the
// same Note model (SPEC §5), so rules, reporters and episodes work unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace soaplint {

enum class InputFormat { automatic, text, json, fhir, ndjson, csv };

// "text" | "json" | "fhir" | "ndjson" | "csv" | "auto"; nullopt for anything else.
std::optional<InputFormat> parse_input_format(std::string_view name);
const char* to_string(InputFormat format);

// Which CSV column holds which note field: a header name (matched case-insensitively, ignoring
// spaces, `_` and `-`) or a 1-based column number. Empty: found by its usual header names
// (`transcription`, `note_text`, `patient_id`, ...). A column named here that the file lacks is
// an error for that file (X001), never a silent guess.
struct CsvMapping {
    std::string text;             // the note itself (required: named or found)
    std::string patient_id;
    std::string patient_name;
    std::string dob;
    std::string date_of_service;
    std::string provider;         // "Alex Kim, PT, DPT"
    std::string payer;
    std::string kind;             // note type: evaluation, daily, progress, ...
    std::string delimiter;        // "" (by extension: `\t` for .tsv, else `,`), "," ";" "tab" "|"
    bool operator==(const CsvMapping&) const = default;
};

struct ReadOptions {
    InputFormat format = InputFormat::automatic;  // --input-format; automatic: extension, then content
    CsvMapping csv;
    bool keep_source = false;  // fill Note::source (extract --with-text)
};

// Where a piece of text embedded in a structured input (a CSV cell, a FHIR narrative or
// attachment) lies in its file, so that findings point back to it.
struct TextOrigin {
    int first_line = 1;    // line of the file where the text's first line is
    int first_column = 1;  // column of the text's first character on that line
    bool one_line = false; // every line of the text is reported at first_line (text inside a JSON string)
};

}  // namespace soaplint
