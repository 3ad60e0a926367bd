// Shared pieces of every grammar translation unit: iterator type, word boundaries, and the scan
// loop that tries a parser only where it can start (a cheap pre-filter keeps throughput high).
// Included by grammar/*.cpp only; never by src/ or checks/.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include <cctype>
#include <string_view>

#include "api.hpp"

namespace soaplint::grammar::detail {

namespace x3 = boost::spirit::x3;
using iterator = std::string_view::const_iterator;

// ASCII tests inline (the C locale soaplint runs in classifies only ASCII; a call into libc per
// byte cost more than the test).
inline bool is_word_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// True when position `pos` of `text` starts a word (start of text or after a non-word byte).
inline bool at_word_start(std::string_view text, std::size_t pos) {
    return pos == 0 || !is_word_char(text[pos - 1]);
}

// True when position `pos` ends a word (end of text or a non-word byte follows).
inline bool at_word_end(std::string_view text, std::size_t pos) {
    return pos >= text.size() || !is_word_char(text[pos]);
}

inline Span span_of(std::string_view text, iterator first, iterator last) {
    return Span{static_cast<std::size_t>(first - text.begin()),
                static_cast<std::size_t>(last - text.begin())};
}

// Tries `parser` at every position where `can_start(text, pos)` holds; on a match calls
// `on_match(attribute, first, last)` and resumes after the match. `Attr` is the attribute type.
template <class Attr, class Parser, class CanStart, class OnMatch>
void scan(std::string_view text, Parser const& parser, CanStart can_start, OnMatch on_match) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!can_start(text, pos)) {
            ++pos;
            continue;
        }
        iterator first = text.begin() + static_cast<std::ptrdiff_t>(pos);
        iterator it = first;
        Attr attr{};
        if (x3::parse(it, text.end(), parser, attr) && it != first) {
            on_match(attr, first, it);
            pos = static_cast<std::size_t>(it - text.begin());
        } else {
            ++pos;
        }
    }
}

}  // namespace soaplint::grammar::detail
