// Bytes of an input file -> UTF-8 lines, NFKC-normalised, with their original line numbers.
// Decoding is done with ICU; no input is ever rejected by a crash, only with a message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

struct DecodedLine {
    std::string text;  // UTF-8, NFKC, degree look-alikes mapped to U+00B0, no line terminator
    int number = 0;    // 1-based line number in the original file
};

struct DecodedText {
    std::string encoding;  // "utf-8", "utf-8-bom", "utf-8-repaired", "utf-16le", "utf-16be", "windows-1252"
    std::vector<DecodedLine> lines;
    std::string error;     // non-empty: the input could not be decoded (binary, bad UTF-16)
};

// Detects the encoding (BOM, UTF-16 without BOM by its NUL pattern, UTF-8 validity, else
// Windows-1252), rejects binary data, splits CRLF/LF/CR lines and normalises each line.
DecodedText decode(std::string_view bytes);

// The whole input as UTF-8 (BOM removed; UTF-16 and Windows-1252 converted, valid UTF-8
// copied as it is), for structured readers that parse the text themselves (JSON, CSV).
struct Utf8Text {
    std::string encoding;
    std::string text;
    std::string error;  // non-empty: could not be decoded, or binary data
};
Utf8Text decode_to_utf8(std::string_view bytes);

// NFKC with degree look-alikes (º ˚) mapped to ° first; ASCII passes through untouched.
std::string normalize_line(std::string_view utf8);

// Number of characters (code points) in the first `bytes` bytes of a UTF-8 string.
int utf8_columns(std::string_view utf8, std::size_t bytes);

}  // namespace soaplint
