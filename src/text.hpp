// Small ASCII text helpers every layer shares (notes are UTF-8; only ASCII letters change case,
// so multi-byte characters pass through untouched).
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

// ASCII character classes inline: soaplint runs in the C locale, whose classes are these, and a
// libc call per byte costs more than the test.
inline bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool ascii_alnum(char c) { return ascii_digit(c) || ascii_alpha(c); }
inline bool ascii_is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool ascii_is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Whether any byte is an ASCII digit, eight bytes at a time (most prose lines have none, and
// every number grammar needs one).
inline bool has_digit(std::string_view s) {
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        const std::uint64_t x = w ^ 0x3030303030303030ull;  // digits become bytes 0..9
        // A byte of x below 10 (the classic `hasless`: no false negatives); then the exact test.
        if (((x - 0x0A0A0A0A0A0A0A0Aull) & ~x & 0x8080808080808080ull) != 0)
            for (std::size_t k = i; k < i + 8; ++k)
                if (ascii_digit(s[k])) return true;
    }
    for (; i < s.size(); ++i)
        if (ascii_digit(s[i])) return true;
    return false;
}

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Without leading and trailing white space of any kind (blanks, tabs, CR, LF).
inline std::string_view trim_space(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };  // isspace in the C locale
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// The cells between the bars of a table row, trimmed: `| DOS | 05/06/2026 |` -> {"DOS", "05/06/2026"}.
inline std::vector<std::string> bar_cells(std::string_view text) {
    std::vector<std::string> cells;
    for (std::size_t bar = text.find('|'); bar != std::string_view::npos;) {
        const std::size_t next = text.find('|', bar + 1);
        if (next == std::string_view::npos) break;
        cells.emplace_back(trim_space(text.substr(bar + 1, next - bar - 1)));
        bar = next;
    }
    return cells;
}

inline bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// ASCII case-insensitive search without a lower-case copy: `lower_needle` must be lower case.
// Same result as `ascii_lower(haystack).find(lower_needle, from)`.
inline std::size_t ifind(std::string_view haystack, std::string_view lower_needle, std::size_t from = 0) {
    if (lower_needle.empty()) return from <= haystack.size() ? from : std::string_view::npos;
    if (haystack.size() < lower_needle.size()) return std::string_view::npos;
    const char first = lower_needle.front();
    const char first_upper = first >= 'a' && first <= 'z' ? static_cast<char>(first - ('a' - 'A')) : first;
    const std::size_t last = haystack.size() - lower_needle.size();
    // Candidates where the first byte stands in either case (memchr finds them), then the rest.
    std::size_t lower_at = haystack.find(first, from), upper_at = first_upper == first ? lower_at : haystack.find(first_upper, from);
    while (true) {
        const std::size_t i = std::min(lower_at, upper_at);
        if (i == std::string_view::npos || i > last) return std::string_view::npos;
        std::size_t k = 1;
        while (k < lower_needle.size() && ascii_lower(haystack[i + k]) == lower_needle[k]) ++k;
        if (k == lower_needle.size()) return i;
        if (i == lower_at) lower_at = haystack.find(first, i + 1);
        if (i == upper_at) upper_at = first_upper == first ? lower_at : haystack.find(first_upper, i + 1);
    }
}
inline bool icontains(std::string_view haystack, std::string_view lower_needle) {
    return ifind(haystack, lower_needle) != std::string_view::npos;
}
// `ascii_lower(text)` starts with `lower_prefix`.
inline bool istarts_with(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) return false;
    for (std::size_t k = 0; k < lower_prefix.size(); ++k)
        if (ascii_lower(text[k]) != lower_prefix[k]) return false;
    return true;
}

// `haystack.find(needle, from)` for short needles in short lines, compared in place: the library
// find calls memchr and memcmp at every byte that matches the needle's first one, which for a
// needle that starts with a blank is every blank of the line.
inline std::size_t sfind(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
    const std::size_t m = needle.size();
    if (m == 0) return from <= haystack.size() ? from : std::string_view::npos;
    if (haystack.size() < m) return std::string_view::npos;
    const char first = needle.front();
    for (std::size_t i = from, last = haystack.size() - m; i <= last; ++i) {
        if (haystack[i] != first) continue;
        std::size_t k = 1;
        while (k < m && haystack[i + k] == needle[k]) ++k;
        if (k == m) return i;
    }
    return std::string_view::npos;
}

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

template <std::size_t N>
bool contains_any(std::string_view haystack, const std::array<std::string_view, N>& needles) {
    return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return contains(haystack, n); });
}

// `a, b, c` (or with another separator).
inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

}  // namespace soaplint
