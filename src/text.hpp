// Small ASCII text helpers every layer shares (notes are UTF-8; only ASCII letters change case,
// so multi-byte characters pass through untouched).
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Without leading and trailing white space of any kind (blanks, tabs, CR, LF).
inline std::string_view trim_space(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
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
