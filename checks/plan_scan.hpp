// Hand-written scanners of checks/plan.cpp (F003, F004): dates to blank, authorization numbers,
// authorized visit counts, `Visit 13 of 12`.
//
// Each scanner matches exactly what a former std::regex matched (quoted above it, all but the
// date case-insensitive), with ECMAScript semantics: \b and \w over [A-Za-z0-9_], \s over space
// and \t \n \v \f \r, the leftmost match, greedy repeats with backtracking. Non-ASCII bytes are
// never word, digit or space characters. tests/test_plan_scanners.cpp compares each with its regex.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace soaplint::checks::plan_scan {

// Byte offsets [begin, end) into the scanned text.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

inline std::string_view slice(std::string_view text, Span span) {
    return text.substr(span.begin, span.end - span.begin);
}

// Every date replaced by one space (`3/2/2026`, `03/31`, `2026-03-02`):
// regex_replace of `\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b` with " ".
std::string without_dates(std::string_view text);

// The first token at or after `from`: `[A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9]`.
std::optional<Span> find_token(std::string_view text, std::size_t from);

// Whether the text starts with a count's unit: `^\s*(visits?|units?|sessions?|treatments?|days?|
// weeks?|months?)\b`.
bool starts_with_count_unit(std::string_view text);

// The authorization number in a text: the first token with a digit, in the text with its dates
// blanked, that no count unit follows (`HC-55821`, `#A1234567`, `778812`; not `12 visits`).
std::optional<std::string> number_in(std::string_view text);

// The number of an inline authorization (`Prior auth #HC-55821`, `Auth # : HC-1`): group 1 of
// `\b(?:prior\s+)?(?:auth(?:orization)?|precert(?:ification)?|pre-cert(?:ification)?)\s*
// (?:#|no\.?|number|num)\s*:?\s*#?\s*([A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9])`.
std::optional<Span> inline_authorization_number(std::string_view text);

// A count before its visits (`12 visits`, `12 (twelve) authorized visits`): group 1 of
// `\b(\d{1,3})\s*(?:\(\w+\)\s*)?(?:authorized\s+|approved\s+|auth\s+|additional\s+|more\s+|
// total\s+)?(?:visits?|sessions?|treatments?)\b`.
std::optional<Span> count_before_visits(std::string_view text);

// A count after its visits (`visits authorized: 12`): group 1 of
// `\b(?:visits?|sessions?)\s+(?:authorized|approved)\s*:?\s*(\d{1,3})\b`.
std::optional<Span> count_after_visits(std::string_view text);

// `Visit 13 of 12`, `visit #3/12`, `Visit no. 4 of 10`: groups 1 and 2 of
// `\bvisit\s*(?:#|no\.?)?\s*(\d{1,3})\s*(?:of|/)\s*(\d{1,3})(?![\d/-])`.
struct VisitOf {
    Span number, total;
};
std::optional<VisitOf> visit_of(std::string_view text);

}  // namespace soaplint::checks::plan_scan
