// Billing codes: find_cpt (CPT/HCPCS lines with modifiers, units, minutes) and find_icd10
// (ICD-10-CM candidates, ICD-9 shaped and malformed codes). See api.hpp.
//
// X3 recognises the shapes; plain C++ decides what a grammar cannot say cheaply: what stands
// before a code (a state before a zip code, a vitals label before a number), how far a code's
// attributes reach, and how an ICD token is classified.
#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace soaplint::grammar {
namespace {

using detail::at_word_end;
using detail::at_word_start;
using detail::iterator;
namespace x3 = detail::x3;

bool is_digit(char c) { return c >= '0' && c <= '9'; }  // ASCII: the C locale's classes
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c; }

std::string upper_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upper(c);
    return out;
}

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

iterator iterator_at(std::string_view text, std::size_t pos) {
    return text.begin() + static_cast<std::ptrdiff_t>(pos);
}

// Parses `parser` at `pos` without reading past `limit`; returns the end offset on success.
template <class Parser, class Attr>
std::optional<std::size_t> match_at(std::string_view text, std::size_t pos, std::size_t limit,
                                    Parser const& parser, Attr& attr) {
    iterator it = iterator_at(text, pos);
    if (!x3::parse(it, iterator_at(text, limit), parser, attr)) return std::nullopt;
    return static_cast<std::size_t>(it - text.begin());
}

// `c` right before `pos` with a digit before it: `pos` continues a number (`1.5`, `10:25`).
bool digit_then(std::string_view text, std::size_t pos, char c) {
    return pos >= 2 && text[pos - 1] == c && is_digit(text[pos - 2]);
}

// `c` at `pos` with a digit after it.
bool then_digit(std::string_view text, std::size_t pos, char c) {
    return pos + 1 < text.size() && text[pos] == c && is_digit(text[pos + 1]);
}

// Start of the line holding `pos`, looking back at most `limit` bytes (keeps scans linear).
std::size_t line_start(std::string_view text, std::size_t pos, std::size_t limit) {
    std::size_t stop = pos > limit ? pos - limit : 0;
    while (pos > stop && text[pos - 1] != '\n' && text[pos - 1] != '\r') --pos;
    return pos;
}

// End of the line holding `pos`, looking ahead at most `limit` bytes.
std::size_t line_end(std::string_view text, std::size_t pos, std::size_t limit) {
    std::size_t stop = std::min(text.size(), pos + limit);
    while (pos < stop && text[pos] != '\n' && text[pos] != '\r') ++pos;
    return pos;
}

// The up-to-`count` words before `pos` on the same line, lower-cased, nearest first.
std::vector<std::string> words_before(std::string_view text, std::size_t pos, int count) {
    std::vector<std::string> words;
    std::size_t begin = line_start(text, pos, 60);
    std::size_t i = pos;
    while (i > begin && static_cast<int>(words.size()) < count) {
        while (i > begin && !is_alnum(text[i - 1])) --i;
        std::size_t end = i;
        while (i > begin && is_alnum(text[i - 1])) --i;
        if (end > i) words.push_back(lower_copy(text.substr(i, end - i)));
    }
    return words;
}

template <std::size_t N>
bool contains(std::array<std::string_view, N> const& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// The lower-cased alphabetic word starting at `pos` after optional blanks ("" if none).
std::string word_after(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    std::size_t end = pos;
    while (end < text.size() && is_alpha(text[end])) ++end;
    return lower_copy(text.substr(pos, end - pos));
}

// =============================================================================================
// CPT / HCPCS

const x3::uint_parser<int, 10, 1, 3> count_number{};
const auto word_end = !(x3::alnum | '_');
// Blanks carry no attribute, so number parsers keep a plain `int` attribute.
const auto blanks = x3::omit[*x3::blank];
const auto blanks1 = x3::omit[+x3::blank];

struct ModifierTable : x3::symbols<std::string> {
    ModifierTable() {
        for (char const* m : {"59", "xs", "xe", "xp", "xu", "gp", "go", "gn", "kx", "cq", "co",
                              "25", "52", "76", "77", "ga", "gy", "gz", "at", "kq", "51", "50",
                              "22", "96", "97"})
            add(m, upper_copy(m));
    }
};
const ModifierTable modifier_table;

const auto minutes_word = x3::no_case[x3::lit("minutes") | "minute" | "mins" | "min"] >> word_end;
const auto units_word = x3::no_case[x3::lit("units") | "unit"] >> -x3::lit("(s)") >> word_end;
// Words after a number that make it a count of something other than billing units. A symbol
// table rather than a long alternative: one longest-match lookup, and cheap to compile.
struct MeasureWords : x3::symbols<x3::unused_type> {
    MeasureWords() {
        for (char const* w : {"reps", "rep", "sets", "set", "weeks", "week", "wks", "wk", "days",
                              "day", "visits", "visit", "times", "laps", "trials", "bouts",
                              "minutes", "minute", "mins", "min", "seconds", "secs", "sec", "hours",
                              "hrs", "hr", "lbs", "lb", "kg", "feet", "ft", "months", "mo", "each",
                              "per", "units", "unit", "u"})
            add(w);
    }
};
const MeasureWords measure_words;
const auto measure_word = x3::no_case[measure_words] >> word_end;

// A measure word after a number, unless it is the next label (`units: 2 minutes: 23`).
const auto no_measure_after = !(blanks >> measure_word >> !(blanks >> (x3::lit(':') | '=')));

const auto push_back = [](auto& ctx) { x3::_val(ctx).push_back(x3::_attr(ctx)); };

// A modifier that is not the number of minutes or units (`97140 25 min`).
const auto modifier =
    x3::no_case[modifier_table] >> word_end >> !(x3::lit('-') >> x3::alpha) >>
    !(blanks >> (measure_word | x3::lit('\'') | "\xE2\x80\x99"));
const auto modifier_list_separator =
    blanks >> -(x3::lit(',') | '/' | '-' | '&' | (x3::no_case[x3::lit("and")] >> word_end)) >>
    blanks;
const auto modifier_list = modifier[push_back] % modifier_list_separator;
const auto modifier_keyword = x3::no_case[x3::lit("modifiers") | "modifier" | "mods" | "mod"] >>
                              word_end >> -x3::lit('.') >> blanks >> -x3::lit(':') >>
                              blanks;
const auto glued_separator = blanks >> (x3::lit('-') | '/' | ',') >> blanks;

// Modifiers written right after the code: `-59`, ` XS`, `-GP-59`, ` mod 59`, `(59)`.
const auto modifier_chain = x3::rule<struct chain_tag, std::vector<std::string>>{"modifiers"} =
    *((blanks >> '(' >> blanks >> modifier_list >> blanks >> ')') |
      ((glued_separator | blanks1) >> modifier_keyword >> modifier_list) |
      (glued_separator >> modifier[push_back]) |
      (blanks1 >> !(x3::lit("at") >> word_end) >> modifier[push_back]));  // `97140 at 10:02`

const auto keyword_modifiers =
    x3::rule<struct keyword_mods_tag, std::vector<std::string>>{"keyword modifiers"} =
        modifier_keyword >> modifier_list;

// `23 min`, `23 minutes`, `23-minute`, `minutes: 23`
const auto minutes_after_number = count_number >> blanks >> -(x3::lit('-') >> blanks) >>
                                  minutes_word;
const auto minutes_labelled = minutes_word >> blanks >> (x3::lit(':') | '=') >> blanks >>
                              count_number >> !x3::digit;
// `23'` (not feet and inches: `5'10"`)
const auto minutes_quoted = count_number >> (x3::lit('\'') | "\xE2\x80\x99" | "\xE2\x80\xB2") >>
                            !(x3::alnum | '\'' | '"');
// `2 units`, `(1 unit)`, `2 unit(s)`, `units: 2`, `Units = 2`, `units x 2`, `2u`, `2 U`
const auto units_after_number = count_number >> blanks >> units_word;
const auto units_labelled = units_word >> blanks >> -(x3::lit(':') | '=' | '#') >> blanks >>
                            -(x3::no_case['x'] >> blanks) >> count_number >> !x3::digit >>
                            no_measure_after;
const auto units_letter = count_number >> blanks >> x3::no_case['u'] >> word_end;
// `x2`, `x 2`, `X2`, `× 2`, `x2 units` - but not `3x10`, `3 x 10 reps`, `x 6 weeks`.
const auto units_times = (x3::no_case['x'] | x3::lit("\xC3\x97")) >> blanks >> count_number >>
                         word_end >> !(x3::lit('.') >> x3::digit) >>
                         ((blanks >> units_word) | no_measure_after);  // `x2 units`

// A number that is not part of a clock time, decimal, range or date (`10:25`, `1.5`, `10-15`).
bool free_number_at(std::string_view text, std::size_t pos) {
    if (!is_digit(text[pos]) || !at_word_start(text, pos)) return false;
    for (char c : {':', '.', '-', '/', ','})
        if (digit_then(text, pos, c)) return false;
    return true;
}

// Stated totals (`Total timed minutes: 38`, `Total treatment time 53 min`, `Timed minutes: 38`)
// belong to the note, not to the code before them.
bool after_total(std::string_view text, std::size_t pos) {
    // words_before(text, pos, 3) read in place: the first is `timed`, or any is `total`.
    const auto is = [](std::string_view word, std::string_view lower_word) {
        if (word.size() != lower_word.size()) return false;
        for (std::size_t k = 0; k < word.size(); ++k)
            if (lower(word[k]) != lower_word[k]) return false;
        return true;
    };
    const std::size_t begin = line_start(text, pos, 60);
    std::size_t i = pos;
    int seen = 0;
    while (i > begin && seen < 3) {
        while (i > begin && !is_alnum(text[i - 1])) --i;
        const std::size_t end = i;
        while (i > begin && is_alnum(text[i - 1])) --i;
        if (end > i) {
            const std::string_view word = text.substr(i, end - i);
            if ((seen == 0 && is(word, "timed")) || is(word, "total")) return true;
            ++seen;
        }
    }
    return false;
}

constexpr std::array<std::string_view, 53> state_codes{
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
    "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
    "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "VI"};

// `Portland, OR 97201`: a state abbreviation (as written, upper-case) and a blank before it.
bool after_state(std::string_view text, std::size_t pos) {
    if (pos < 3 || text[pos - 1] != ' ') return false;
    std::string_view two = text.substr(pos - 3, 2);
    if (!at_word_start(text, pos - 3)) return false;
    return contains(state_codes, two);
}

constexpr std::array<std::string_view, 16> quantity_words{
    "steps", "step", "feet", "ft", "lbs", "lb", "pounds", "mg", "ml",
    "calories", "cal", "dollars", "miles", "meters", "people", "patients"};

// The five characters before `sep_pos` look like a code (`97161` in `97161-97163`).
bool code_shaped_before(std::string_view text, std::size_t sep_pos) {
    if (sep_pos < 5 || !at_word_start(text, sep_pos - 5)) return false;
    char first = text[sep_pos - 5];
    if (first != '9' && first != '2' && first != 'G' && first != 'g') return false;
    for (std::size_t i = sep_pos - 4; i < sep_pos; ++i)
        if (!is_digit(text[i])) return false;
    return true;
}

// Five characters `9xxxx`, `2xxxx`, `Gxxxx` standing alone as a word and not a piece of a
// longer number, zip code, amount or count.
bool cpt_code_at(std::string_view text, std::size_t pos) {
    if (pos + 5 > text.size() || !at_word_start(text, pos)) return false;
    char first = text[pos];
    if (first != '9' && first != '2' && first != 'G' && first != 'g') return false;
    for (std::size_t i = 1; i < 5; ++i)
        if (!is_digit(text[pos + i])) return false;
    std::size_t end = pos + 5;
    if (!at_word_end(text, end) || then_digit(text, end, '.') || then_digit(text, end, ':'))
        return false;
    if (digit_then(text, pos, '.') || digit_then(text, pos, ':')) return false;
    for (char c : {',', '/', '-'}) {
        // `97161-97163`, `97140/97110`: a code after a code; `555-92345`, `1/2/20260`: not one.
        if (digit_then(text, pos, c) && !code_shaped_before(text, pos - 1)) return false;
    }
    if (pos > 0 && text[pos - 1] == '$') return false;
    if (after_state(text, pos)) return false;
    return !contains(quantity_words, word_after(text, end));
}

// How far after a code its minutes, units and modifiers may be written; keeps a transcribed
// paragraph that is one long line from lending a far-away number to the code.
constexpr std::size_t max_attribute_reach = 200;

std::vector<std::size_t> cpt_positions(std::string_view text) {
    std::vector<std::size_t> positions;
    for (std::size_t pos = 0; pos + 5 <= text.size(); ++pos)
        if (cpt_code_at(text, pos)) positions.push_back(pos);
    return positions;
}

// The first match of `parser` at a position in [from, to) accepted by `can_try`.
template <class Parser, class CanTry>
std::optional<int> first_count(std::string_view text, std::size_t from, std::size_t to,
                               Parser const& parser, CanTry can_try) {
    for (std::size_t pos = from; pos < to; ++pos) {
        if (!can_try(pos)) continue;
        int value = 0;
        if (match_at(text, pos, to, parser, value)) return value;
    }
    return std::nullopt;
}

// `units: 2 minutes: 23`: a number right after another label (`units:`, `min =`) is that
// label's value. `label` is the label's first three letters.
bool after_label(std::string_view text, std::size_t pos, std::string_view label) {
    std::size_t i = pos;
    bool colon = false;
    while (i > 0 && (is_blank(text[i - 1]) || text[i - 1] == ':' || text[i - 1] == '=')) {
        colon = colon || !is_blank(text[i - 1]);
        --i;
    }
    if (!colon) return false;  // `15 min 1 unit`: the 1 is not the label's value
    std::size_t end = i;
    while (i > 0 && is_alpha(text[i - 1])) --i;
    return end - i >= label.size() && lower_copy(text.substr(i, label.size())) == label;
}

std::optional<int> find_minutes(std::string_view text, std::size_t from, std::size_t to) {
    // The cheap tests first: after_total reads the words before `pos`.
    auto labelled_or_number = [&](std::size_t pos) {
        if (!at_word_start(text, pos)) return false;
        const bool candidate = free_number_at(text, pos) ? !after_label(text, pos, "uni") : lower(text[pos]) == 'm';
        return candidate && !after_total(text, pos);
    };
    if (auto m = first_count(text, from, to, minutes_after_number | minutes_labelled,
                             labelled_or_number))
        return m;
    auto number = [&](std::size_t pos) { return free_number_at(text, pos); };
    return first_count(text, from, to, minutes_quoted, number);
}

// `x2` counts as units unless a number of the code's text stands right before it (`3 x 10`);
// `from` is where that text starts, after the code and its modifiers.
bool times_sign_at(std::string_view text, std::size_t from, std::size_t pos) {
    bool sign = lower(text[pos]) == 'x' || (text[pos] == '\xC3' && pos + 1 < text.size() &&
                                            text[pos + 1] == '\x97');
    if (!sign || !at_word_start(text, pos)) return false;
    std::size_t i = pos;
    while (i > from && is_blank(text[i - 1])) --i;
    return i == from || !is_digit(text[i - 1]);
}

std::optional<int> find_units(std::string_view text, std::size_t from, std::size_t to) {
    auto labelled_or_number = [&](std::size_t pos) {
        if (!at_word_start(text, pos)) return false;
        const bool candidate = free_number_at(text, pos) ? !after_label(text, pos, "min") : lower(text[pos]) == 'u';
        return candidate && !after_total(text, pos);
    };
    if (auto u = first_count(text, from, to, units_after_number | units_labelled | units_letter,
                             labelled_or_number))
        return u;
    auto times = [&](std::size_t pos) { return times_sign_at(text, from, pos); };
    return first_count(text, from, to, units_times, times);
}

void add_unique(std::vector<std::string>& into, std::vector<std::string> const& from) {
    for (auto const& m : from)
        if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
}

// `modifier 59` written anywhere in the code's stretch of text.
void find_keyword_modifiers(std::string_view text, std::size_t from, std::size_t to,
                            std::vector<std::string>& modifiers) {
    for (std::size_t pos = from; pos < to; ++pos) {
        if (lower(text[pos]) != 'm' || !at_word_start(text, pos)) continue;
        std::vector<std::string> found;
        if (auto end = match_at(text, pos, to, keyword_modifiers, found)) {
            add_unique(modifiers, found);
            pos = *end - 1;
        }
    }
}

CptLine read_cpt_line(std::string_view text, std::size_t code_pos, std::size_t region_end) {
    CptLine line;
    line.code = upper_copy(text.substr(code_pos, 5));
    line.span = Span{code_pos, code_pos + 5};
    std::vector<std::string> chain;
    std::size_t after = code_pos + 5;
    if (auto end = match_at(text, after, region_end, modifier_chain, chain)) after = *end;
    add_unique(line.modifiers, chain);
    find_keyword_modifiers(text, after, region_end, line.modifiers);
    line.minutes = find_minutes(text, after, region_end);
    line.units = find_units(text, after, region_end);
    return line;
}

// =============================================================================================
// ICD-10-CM

// A run of letters and digits, with single dots inside it (`M54.50`, `M54.5.1`, `M54..5`).
const auto icd_token = x3::raw[x3::alnum >> *(x3::alnum | (+x3::lit('.') >> &x3::alnum))];

// Categories whose third character is a letter; any other letter there is prose (`A1C`, `Q4H`).
constexpr std::array<std::string_view, 10> letter_categories{"C4A", "C7A", "C7B", "D3A", "I1A",
                                                             "I5A", "J4A", "M1A", "O9A", "Z3A"};

// Three-character words that are real categories or vertebrae but mean something else in notes.
// (`cm H20` is water written with a zero).
constexpr std::array<std::string_view, 6> three_char_words{"B12", "N95", "T10",
                                                           "T11", "T12", "H20"};

bool icd10_head(std::string_view t) {
    if (t.size() < 3 || !is_alpha(t[0]) || upper(t[0]) == 'U' || !is_digit(t[1]) ||
        !is_alnum(t[2]))
        return false;
    return is_digit(t[2]) || contains(letter_categories, upper_copy(t.substr(0, 3)));
}

bool all_alnum(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c); });
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

// `L5S1`, `C5C6`, `T12L1`: two spinal levels written together.
bool spinal_levels(std::string_view t) {
    auto level = [&](std::size_t& i) {
        if (i >= t.size() || std::strchr("CTLS", upper(t[i])) == nullptr) return false;
        std::size_t start = ++i;
        while (i < t.size() && is_digit(t[i]) && i - start < 2) ++i;
        return i > start;
    };
    std::size_t i = 0;
    return level(i) && level(i) && i == t.size();
}

// Undotted words that are not diagnosis codes: `G0283` (HCPCS), `x10` (repetitions), `q4h`.
bool undotted_non_code(std::string_view t) {
    std::string u = upper_copy(t);
    if (u.size() == 5 && u[0] == 'G' && u[1] == '0' && all_digits(u.substr(1))) return true;
    if (u[0] == 'X' && all_digits(u.substr(1))) return true;
    if (u[0] == 'Q' && is_digit(u[1])) {  // dosing intervals: `q4h`, `q12h`, `q12hrs`
        std::size_t i = 1;
        while (i < u.size() && is_digit(u[i])) ++i;
        std::string_view rest = std::string_view(u).substr(i);
        if (rest == "H" || rest == "HR" || rest == "HRS") return true;
    }
    if (u.size() == 3 && contains(three_char_words, u)) return true;
    // `L45`, `C56`, `c67`: two adjacent spinal levels in shorthand (L4-5, C5-6).
    if (u.size() == 3 && std::strchr("CTL", u[0]) != nullptr && is_digit(u[2]) &&
        u[2] == u[1] + 1)
        return true;
    return spinal_levels(u);
}

bool vitals_word(std::string_view w) {
    static constexpr std::array<std::string_view, 42> words{
        "po2", "pco2", "chloride", "sodium", "potassium",
        "temp",    "temperature", "tmax",      "t",         "weight", "wt",     "weighs",
        "weighed", "height",      "ht",        "glucose",   "sugar",  "bmi",    "febrile",
        "fever",   "fevers",      "bp",        "hr",        "rr",     "pulse",  "vitals",
        "level",   "levels",      "increased", "decreased", "from",   "than",   "ck",
        "ldh",     "count",       "score",     "scored",    "total",  "about",  "approximately",
        "lab",     "labs"};
    return contains(words, w);
}

bool unit_word(std::string_view w) {
    static constexpr std::array<std::string_view, 36> words{
        "f",     "c",       "mg",      "mcg",    "g",      "kg",      "lb",      "lbs",   "pound",
        "pounds", "ml",     "cc",      "l",      "dl",     "mmhg",    "mm",      "cm",    "m",
        "ft",    "inches",  "degrees", "degree", "deg",    "bpm",     "units",   "u",     "min",
        "mins",  "minutes", "sec",     "hrs",    "hours",  "dollars", "percent", "meq",   "mmol"};
    return contains(words, w);
}

// `101.2 F`, `197.7 pounds`, `12.5%`, `temperature ... was 100.4`, `LDH 873.2`, `$150.00`:
// measurements and lab values, not codes.
bool measurement_context(std::string_view text, std::size_t begin, std::size_t end) {
    if (begin > 0 && text[begin - 1] == '$') return true;
    if (digit_then(text, begin, '/') || digit_then(text, begin, '-')) return true;
    std::size_t i = end;
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i < text.size() && (text[i] == '%' || text[i] == '/')) return true;
    if (text.substr(i, 2) == "\xC2\xB0") return true;  // degree sign
    if (unit_word(word_after(text, end))) return true;
    for (auto const& w : words_before(text, begin, 5))
        if (vitals_word(w)) return true;
    return false;
}

// A vital-sign label within 40 bytes: `BP`, `HR 94`, `RR16`, `96bpm`, `140/74mmHg`, `pulse`.
bool near_vitals(std::string_view text, std::size_t begin, std::size_t end) {
    static constexpr std::array<std::string_view, 10> cues{"bp",    "hr",   "rr",   "bpm", "mmhg",
                                                          "pulse", "spo2", "temp", "resp", "vitals"};
    std::size_t from = begin >= 40 ? begin - 40 : 0;
    std::size_t to = std::min(text.size(), end + 40);
    for (std::size_t i = from; i < to;) {
        while (i < to && !is_alnum(text[i])) ++i;
        std::size_t word_begin = i;
        while (i < to && is_alnum(text[i])) ++i;
        // The label without the numbers glued to it (`BP118` -> `bp`, `96bpm` -> `bpm`).
        std::size_t a = word_begin, b = i;
        while (a < b && is_digit(text[a])) ++a;
        while (b > a && is_digit(text[b - 1])) --b;
        if (b > a && contains(cues, lower_copy(text.substr(a, b - a)))) return true;
    }
    return false;
}

// Vital signs in shorthand: `T36.8C`, `T98.2` (temperature), `R18` (respiration), `P88`
// (pulse) next to `BP`/`HR`/`bpm`: not T, R or P codes.
bool vitals_shorthand(std::string_view text, std::string_view t, std::size_t begin,
                      std::size_t end) {
    char letter = upper(t[0]);
    if (letter != 'T' && letter != 'R' && letter != 'P') return false;
    std::string number(t.substr(1));
    if (letter == 'T' && (upper(number.back()) == 'C' || upper(number.back()) == 'F')) {
        number.pop_back();
        if (number.find('.') != std::string::npos) return true;  // `T36.8C`
    }
    number.erase(std::remove(number.begin(), number.end(), '.'), number.end());
    return all_digits(number) && near_vitals(text, begin, end);
}

// `HLA-B27`, `Isovue-M200`, `CTSU/C40502`: the end of a compound name, not a code on its own.
bool glued_to_word_before(std::string_view text, std::size_t begin) {
    return begin >= 2 && (text[begin - 1] == '-' || text[begin - 1] == '/') &&
           is_alpha(text[begin - 2]);
}

std::optional<IcdCode> icd9_code(std::string_view text, std::string_view t, Span span) {
    std::size_t dot = t.find('.');
    if (dot == std::string_view::npos || t.find('.', dot + 1) != std::string_view::npos)
        return std::nullopt;
    std::string_view head = t.substr(0, dot), tail = t.substr(dot + 1);
    if (tail.empty() || tail.size() > 2 || !all_digits(tail)) return std::nullopt;
    bool numeric = head.size() == 3 && all_digits(head);
    bool v_code = head.size() == 3 && upper(head[0]) == 'V' && all_digits(head.substr(1));
    if (!numeric && !v_code) return std::nullopt;
    if (numeric && measurement_context(text, span.begin, span.end)) return std::nullopt;
    // 100.0-108.9 are body temperatures in °F far more often than the ICD-9 spirochete codes.
    if (numeric && head >= "100" && head <= "108") return std::nullopt;
    return IcdCode{IcdCode::Shape::icd9, std::string(t), std::string(t), span};
}

std::optional<IcdCode> icd10_code(std::string_view text, std::string_view t, Span span) {
    if (!icd10_head(t)) return std::nullopt;
    std::string raw(t);
    std::string head = upper_copy(t.substr(0, 3));
    std::string_view rest = t.substr(3);
    if (rest.empty()) {
        if (undotted_non_code(t) || vitals_shorthand(text, t, span.begin, span.end))
            return std::nullopt;
        // `A57-year-old`, `HLA-B27`: part of a hyphenated word.
        if (span.end + 1 < text.size() && text[span.end] == '-' && is_alpha(text[span.end + 1]))
            return std::nullopt;
        if (glued_to_word_before(text, span.begin)) return std::nullopt;
        return IcdCode{IcdCode::Shape::icd10, head, raw, span};
    }
    auto malformed = IcdCode{IcdCode::Shape::malformed, raw, raw, span};
    if (rest[0] == '.') {
        std::string_view tail = rest.substr(1);
        if (!all_alnum(tail) || tail.size() > 4) return malformed;
        if (vitals_shorthand(text, t, span.begin, span.end)) return std::nullopt;
        return IcdCode{IcdCode::Shape::icd10, head + "." + upper_copy(tail), raw, span};
    }
    if (rest.find('.') != std::string_view::npos) return malformed;  // `M545.1`
    if (rest.size() > 4 || undotted_non_code(t)) return std::nullopt;  // ids, HCPCS, `L5S1`
    if (glued_to_word_before(text, span.begin)) return std::nullopt;
    return IcdCode{IcdCode::Shape::icd10, head + "." + upper_copy(rest), raw, span};
}

// `E849.0` is an ICD-9 external-cause code; it is neither reported nor called malformed.
bool icd9_e_code(std::string_view t) {
    return t.size() >= 6 && upper(t[0]) == 'E' && all_digits(t.substr(1, 3)) && t[4] == '.';
}

std::optional<IcdCode> classify_icd_token(std::string_view text, std::string_view t, Span span) {
    if (icd9_e_code(t)) return std::nullopt;
    if (auto code = icd9_code(text, t, span)) return code;
    return icd10_code(text, t, span);
}

// Only tokens that begin like a code are parsed: letter + digit, or three digits + dot.
bool can_start_icd(std::string_view text, std::size_t pos) {
    if (!at_word_start(text, pos) || digit_then(text, pos, '.') ||
        (pos >= 2 && text[pos - 1] == '.' && is_alpha(text[pos - 2])))
        return false;
    char c = text[pos];
    if (is_alpha(c)) return pos + 2 < text.size() && is_digit(text[pos + 1]);
    return pos + 4 < text.size() && is_digit(c) && is_digit(text[pos + 1]) &&
           is_digit(text[pos + 2]) && text[pos + 3] == '.';
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<CptLine> find_cpt(std::string_view text) {
    std::vector<CptLine> lines;
    std::vector<std::size_t> positions = cpt_positions(text);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        std::size_t region_end = line_end(text, positions[i], max_attribute_reach);
        if (i + 1 < positions.size()) region_end = std::min(region_end, positions[i + 1]);
        lines.push_back(read_cpt_line(text, positions[i], region_end));
    }
    return lines;
}

std::vector<IcdCode> find_icd10(std::string_view text) {
    std::vector<IcdCode> codes;
    detail::scan<std::string>(text, icd_token, can_start_icd,
                              [&](std::string const& token, iterator first, iterator last) {
                                  Span span = detail::span_of(text, first, last);
                                  if (auto code = classify_icd_token(text, token, span))
                                      codes.push_back(*code);
                              });
    return codes;
}

}  // namespace soaplint::grammar
