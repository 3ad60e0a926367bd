#include "decode.hpp"

#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

namespace soaplint {
namespace {

bool is_ascii(std::string_view s) {
    // Eight bytes at a time: any high bit set means a byte past ASCII.
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (word & 0x8080808080808080ull) return false;
    }
    for (; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
    return true;
}

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        // Runs of ASCII eight bytes at a time; U8_NEXT only where a byte is past ASCII.
        if (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) return false;
    }
    return true;
}

// Text that is UTF-8 but for a few stray bytes (one byte mangled by an export, a truncated
// character): its valid multi-byte characters outnumber the bad bytes. Such text is read as UTF-8
// with U+FFFD for each bad byte; reading it whole as Windows-1252 would turn every `°` of it into
// `Â°`. Windows-1252 text has hardly any valid UTF-8 multi-byte sequence and stays Windows-1252.
bool mostly_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    std::size_t good = 0, bad = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        ++(c < 0 ? bad : good);
    }
    return good > 0 && bad * 4 <= good + 3;  // 1 bad byte beside 1 good character; 2 beside 5; ...
}

// Valid UTF-8, each bad byte replaced by U+FFFD.
std::string repair_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    std::string out;
    out.reserve(s.size() + 16);
    while (i < n) {
        const int32_t start = i;
        if (p[i] < 0x80) {
            out.push_back(static_cast<char>(p[i++]));
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) out += "\xEF\xBF\xBD";
        else out.append(s.data() + start, static_cast<std::size_t>(i - start));
    }
    return out;
}

// Converts `bytes` from an ICU charset to UTF-8; empty optional-like result via `ok`.
std::string convert_to_utf8(std::string_view bytes, const char* charset, bool& ok) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()), charset);
    if (unicode.isBogus()) {
        ok = false;
        return {};
    }
    (void)status;
    std::string out;
    unicode.toUTF8String(out);
    ok = true;
    return out;
}

// UTF-16 without a BOM shows as NUL bytes at every other position in mostly-ASCII text.
const char* guess_bomless_utf16(std::string_view b) {
    if (b.size() < 4) return nullptr;
    std::size_t even_nul = 0, odd_nul = 0;
    const std::size_t n = std::min<std::size_t>(b.size(), 4096);
    for (std::size_t i = 0; i < n; ++i) {
        if (b[i] == '\0') (i % 2 == 0 ? even_nul : odd_nul)++;
    }
    const std::size_t half = n / 2;
    if (odd_nul * 10 > half * 7 && even_nul * 10 < half) return "UTF-16LE";
    if (even_nul * 10 > half * 7 && odd_nul * 10 < half) return "UTF-16BE";
    return nullptr;
}

// Binary data: NUL bytes, or many control characters that no text editor writes.
bool looks_binary(std::string_view utf8) {
    if (std::memchr(utf8.data(), 0, utf8.size()) != nullptr) return true;
    std::size_t control = 0;  // a loop without early exit: the compiler vectorises it
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        control += (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') ? 1 : 0;
    }
    return control * 20 > utf8.size() + 20;  // more than 5 % control characters
}

std::vector<DecodedLine> split_lines(std::string_view text) {
    std::vector<DecodedLine> lines;
    lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    // ASCII text needs no normalisation: a copy of each line is all there is to do.
    const bool ascii = is_ascii(text);
    const auto line_of = [&](std::string_view s) { return ascii ? std::string(s) : normalize_line(s); };
    int number = 1;
    std::size_t start = 0;
    // The next LF and the next CR (memchr finds each; a CR LF pair ends one line).
    std::size_t next_lf = text.find('\n'), next_cr = text.find('\r');
    while (true) {
        std::size_t i = std::min(next_lf, next_cr);
        if (i == std::string_view::npos) break;
        lines.push_back({line_of(text.substr(start, i - start)), number++});
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
        if (next_lf != std::string_view::npos && next_lf < start) next_lf = text.find('\n', start);
        if (next_cr != std::string_view::npos && next_cr < start) next_cr = text.find('\r', start);
    }
    if (start < text.size()) lines.push_back({line_of(text.substr(start)), number});
    return lines;
}

}  // namespace

std::string normalize_line(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    // NFKC turns the masculine ordinal º into `o`: map degree look-alikes first.
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00BA)), icu::UnicodeString(static_cast<UChar32>(0x00B0)));
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x02DA)), icu::UnicodeString(static_cast<UChar32>(0x00B0)));
    // Typographic dashes and quotes as their ASCII forms, so grammars see one spelling.
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2013)), icu::UnicodeString('-'));
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2014)), icu::UnicodeString('-'));
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)), icu::UnicodeString('\''));
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00A0)), icu::UnicodeString(' '));
    // `2×/week`, `3×10`: the multiplication sign as the letter every chart also uses.
    unicode.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00D7)), icu::UnicodeString('x'));
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    std::string out;
    if (U_SUCCESS(status)) {
        icu::UnicodeString normalized = nfkc->normalize(unicode, status);
        if (U_SUCCESS(status)) {
            normalized.toUTF8String(out);
            return out;
        }
    }
    unicode.toUTF8String(out);
    return out;
}

int utf8_columns(std::string_view utf8, std::size_t bytes) {
    int columns = 0;
    for (std::size_t i = 0; i < bytes && i < utf8.size(); ++i) {
        if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) ++columns;
    }
    return columns;
}

namespace {

// The bytes' encoding found and, where it is not UTF-8, the text converted.
struct Converted {
    std::string encoding;
    std::string utf8;        // the converted text, when `converted`
    bool converted = false;
    std::string_view body;   // the input without its BOM, when not converted
    std::string error;
    std::string_view text() const { return converted ? std::string_view(utf8) : body; }
};

Converted convert(std::string_view bytes) {
    Converted out;
    const auto starts = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
    const char* utf16 = nullptr;
    if (starts("\xEF\xBB\xBF")) {
        out.encoding = "utf-8-bom";
        bytes.remove_prefix(3);
    } else if (starts("\xFF\xFE")) {
        utf16 = "UTF-16LE";
        out.encoding = "utf-16le";
        bytes.remove_prefix(2);
    } else if (starts("\xFE\xFF")) {
        utf16 = "UTF-16BE";
        out.encoding = "utf-16be";
        bytes.remove_prefix(2);
    } else if ((utf16 = guess_bomless_utf16(bytes)) != nullptr) {
        out.encoding = utf16[6] == 'L' ? "utf-16le" : "utf-16be";
    }
    if (utf16 != nullptr) {
        if (bytes.size() % 2 != 0) {
            out.error = "UTF-16 text with an odd number of bytes (truncated export?)";
            return out;
        }
        bool ok = false;
        out.converted = true;
        out.utf8 = convert_to_utf8(bytes, utf16, ok);
        if (!ok) out.error = "could not decode as " + out.encoding;
    } else if (is_valid_utf8(bytes)) {
        if (out.encoding.empty()) out.encoding = "utf-8";
        out.body = bytes;  // valid UTF-8 is read where it lies
    } else if (mostly_utf8(bytes)) {
        out.encoding = "utf-8-repaired";
        out.converted = true;
        out.utf8 = repair_utf8(bytes);
    } else {
        bool ok = false;
        out.converted = true;
        out.utf8 = convert_to_utf8(bytes, "windows-1252", ok);
        out.encoding = "windows-1252";
        if (!ok) out.error = "neither UTF-8 nor Windows-1252 text";
    }
    if (out.error.empty() && looks_binary(out.text())) out.error = "binary data, not a text note (NUL or control bytes)";
    return out;
}

}  // namespace

DecodedText decode(std::string_view bytes) {
    DecodedText out;
    const Converted converted = convert(bytes);
    out.encoding = converted.encoding;
    out.error = converted.error;
    if (out.error.empty()) out.lines = split_lines(converted.text());
    return out;
}

Utf8Text decode_to_utf8(std::string_view bytes) {
    Converted converted = convert(bytes);
    Utf8Text out;
    out.encoding = converted.encoding;
    out.error = converted.error;
    if (out.error.empty()) out.text = converted.converted ? std::move(converted.utf8) : std::string(converted.body);
    return out;
}

}  // namespace soaplint
