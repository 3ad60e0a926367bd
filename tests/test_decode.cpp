#include <doctest/doctest.h>

#include <string>

#include "src/decode.hpp"

using namespace soaplint;

TEST_CASE("decode: UTF-8 with BOM, CRLF, LF and CR line ends keep original line numbers") {
    const auto text = decode("\xEF\xBB\xBFS: pain 6/10\r\nO: AROM 95\xC2\xB0\rA: ok\nP: continue");
    CHECK(text.error.empty());
    CHECK(text.encoding == "utf-8-bom");
    REQUIRE(text.lines.size() == 4);
    CHECK(text.lines[0].text == "S: pain 6/10");
    CHECK(text.lines[1].text == "O: AROM 95\xC2\xB0");
    CHECK(text.lines[2].number == 3);
    CHECK(text.lines[3].text == "P: continue");
}

TEST_CASE("decode: UTF-16LE and UTF-16BE with BOM") {
    const std::string le("\xFF\xFE" "S\0:\0 \0p\0a\0i\0n\0\n\0O\0K\0", 22);
    auto text = decode(le);
    CHECK(text.error.empty());
    CHECK(text.encoding == "utf-16le");
    REQUIRE(text.lines.size() == 2);
    CHECK(text.lines[0].text == "S: pain");
    CHECK(text.lines[1].text == "OK");
    const std::string be("\xFE\xFF\0S\0:\0 \0x", 10);
    text = decode(be);
    CHECK(text.encoding == "utf-16be");
    REQUIRE(text.lines.size() == 1);
    CHECK(text.lines[0].text == "S: x");
}

TEST_CASE("decode: UTF-16LE without BOM is recognised by its NUL pattern") {
    std::string le;
    for (char c : std::string("Date of Service: 3/14/2026\nS: pain")) {
        le.push_back(c);
        le.push_back('\0');
    }
    const auto text = decode(le);
    CHECK(text.error.empty());
    CHECK(text.encoding == "utf-16le");
    REQUIRE(text.lines.size() == 2);
    CHECK(text.lines[0].text == "Date of Service: 3/14/2026");
}

TEST_CASE("decode: Windows-1252 bytes become UTF-8; degree sign and masculine ordinal map to degrees") {
    const auto text = decode("AROM 95\xB0 flexion, 90\xBA abduction, caf\xE9");
    CHECK(text.encoding == "windows-1252");
    REQUIRE(text.lines.size() == 1);
    CHECK(text.lines[0].text == "AROM 95\xC2\xB0 flexion, 90\xC2\xB0 abduction, caf\xC3\xA9");
}

TEST_CASE("decode: NFKC folds compatibility forms; ring above becomes a degree sign") {
    CHECK(normalize_line("\xEF\xBC\x96/10") == "6/10");              // fullwidth 6
    CHECK(normalize_line("95\xCB\x9A") == "95\xC2\xB0");             // ring above
    CHECK(normalize_line("10:02\xE2\x80\x93" "10:55") == "10:02-10:55");  // en dash
    CHECK(normalize_line("plain ascii") == "plain ascii");
}

TEST_CASE("decode: binary data and truncated UTF-16 are errors, never a crash") {
    const char png_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    const std::string png(png_bytes, sizeof png_bytes - 1);
    CHECK_FALSE(decode(png).error.empty());
    CHECK_FALSE(decode(std::string("\xFF\xFE" "A\0B", 5)).error.empty());
    CHECK(decode("").error.empty());
    CHECK(decode("").lines.empty());
}

TEST_CASE("decode: utf8_columns counts characters, not bytes") {
    CHECK(utf8_columns("95\xC2\xB0 x", 5) == 4);
    CHECK(utf8_columns("abc", 2) == 2);
}
