// The scanners of checks/plan_scan.hpp, one pass each (see the header for what each matches).
#include "checks/plan_scan.hpp"

#include <algorithm>
#include <array>
#include <cctype>

// ---- Scanners (checks/plan_scan.hpp) ---------------------------------------------------------
//
// Each was a std::regex; each pattern's backtracking is worked out below so that one pass finds
// what the regex found. Two facts settle most of it: a digit run followed by something that must
// not be a digit (a separator, a unit, \b) can only be taken whole, and runs of spaces before
// something that must not be a space are taken whole too.
namespace soaplint::checks::plan_scan {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
// ECMAScript \w, which \b tests on both sides.
bool is_word(char c) { return is_alnum(c) || c == '_'; }
// ECMAScript \s in the C locale: space, \t \n \v \f \r.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// \b before the word character at `pos`, and after the one before `end`.
bool word_starts(std::string_view t, std::size_t pos) { return pos == 0 || !is_word(t[pos - 1]); }
bool word_ends(std::string_view t, std::size_t end) { return end == t.size() || !is_word(t[end]); }

template <class Pred>
std::size_t skip(std::string_view t, std::size_t pos, Pred pred) {
    while (pos < t.size() && pred(t[pos])) ++pos;
    return pos;
}
std::size_t skip_spaces(std::string_view t, std::size_t pos) { return skip(t, pos, is_space); }
std::size_t digits_end(std::string_view t, std::size_t pos) { return skip(t, pos, is_digit); }

// The end of lower-case `word` written at `pos` in any case (icase literals).
std::optional<std::size_t> literal(std::string_view t, std::size_t pos, std::string_view word) {
    if (t.size() - pos < word.size()) return std::nullopt;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (lower(t[pos + k]) != word[k]) return std::nullopt;
    return pos + word.size();
}

// `(?:w1|w2|...)\b` at `pos` where every wi ends in a letter: the whole word run at `pos` is one
// of them, since \b after a letter needs a non-word character (a plural `s` is just a longer wi).
bool word_is_one_of(std::string_view t, std::size_t pos, std::initializer_list<std::string_view> words) {
    const std::size_t end = skip(t, pos, is_word);
    for (const std::string_view w : words)
        if (end - pos == w.size() && literal(t, pos, w)) return true;
    return false;
}

// A digit run of 1-3 digits at `pos` taken whole (see above), or nothing.
std::optional<std::size_t> short_number(std::string_view t, std::size_t pos) {
    const std::size_t end = digits_end(t, pos);
    if (end == pos || end - pos > 3) return std::nullopt;
    return end;
}

// `[A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9]` at `pos`: the greedy middle gives back hyphens until
// an alphanumeric ends the token, at least four characters from `pos`.
std::optional<Span> token_at(std::string_view t, std::size_t pos) {
    if (pos >= t.size() || !is_alnum(t[pos])) return std::nullopt;
    const std::size_t run = skip(t, pos + 1, [](char c) { return is_alnum(c) || c == '-'; });
    for (std::size_t end = run; end >= pos + 4; --end)
        if (is_alnum(t[end - 1])) return Span{pos, end};
    return std::nullopt;
}

// `\s*:?\s*#?\s*` before a token: greedy, and giving anything back would leave a space, `:` or
// `#` where the token must start, so the greedy end is the only one.
std::size_t separators(std::string_view t, std::size_t pos) {
    pos = skip_spaces(t, pos);
    if (pos < t.size() && t[pos] == ':') ++pos;
    pos = skip_spaces(t, pos);
    if (pos < t.size() && t[pos] == '#') ++pos;
    return skip_spaces(t, pos);
}

bool is_date_separator(char c) { return c == '/' || c == '-'; }

// The end of a date at `pos`: `\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b`. Every digit run is
// taken whole; the optional year is tried first, and when it fails (`03/31/20265`) the date
// without it still matches if \b holds after the day (it does before `/` or `-`).
std::optional<std::size_t> date_at(std::string_view t, std::size_t pos) {
    if (!is_digit(t[pos]) || !word_starts(t, pos)) return std::nullopt;
    const std::size_t first = digits_end(t, pos);
    if (first - pos > 4 || first == t.size() || !is_date_separator(t[first])) return std::nullopt;
    const std::size_t second = digits_end(t, first + 1);
    if (second == first + 1 || second - (first + 1) > 2) return std::nullopt;
    if (second < t.size() && is_date_separator(t[second])) {
        const std::size_t third = digits_end(t, second + 1);
        if (third > second + 1 && third - (second + 1) <= 4 && word_ends(t, third)) return third;
    }
    if (word_ends(t, second)) return second;
    return std::nullopt;
}

// `(?:#|no\.?|number|num)` then the separators and the token, alternatives in the regex's order.
std::optional<Span> number_after_keyword(std::string_view t, std::size_t pos) {
    for (const std::string_view mark : {"#", "no.", "no", "number", "num"})
        if (const auto end = literal(t, pos, mark))
            if (const auto token = token_at(t, separators(t, *end))) return token;
    return std::nullopt;
}

// The inline authorization number with its keyword at `pos`: each keyword's long form first
// (greedy `(?:orization)?`), since `Authorization no. X` and `Auth no. X` differ in what follows.
std::optional<Span> authorization_number_at(std::string_view t, std::size_t pos) {
    for (const std::string_view keyword :
         {"authorization", "auth", "precertification", "precert", "pre-certification", "pre-cert"})
        if (const auto end = literal(t, pos, keyword))
            if (const auto number = number_after_keyword(t, skip_spaces(t, *end))) return number;
    return std::nullopt;
}

// Group 1 of count_before_visits at `pos` (see the header).
std::optional<Span> count_before_visits_at(std::string_view t, std::size_t pos) {
    if (!is_digit(t[pos]) || !word_starts(t, pos)) return std::nullopt;
    const auto count = short_number(t, pos);
    if (!count) return std::nullopt;
    std::size_t at = skip_spaces(t, *count);
    // `(twelve)`: `\(\w+\)` can only take the whole word; without it the `(` would be left.
    if (at < t.size() && t[at] == '(') {
        const std::size_t word = skip(t, at + 1, is_word);
        if (word > at + 1 && word < t.size() && t[word] == ')') at = skip_spaces(t, word + 1);
    }
    // At most one of the words fits (`auth\s+` needs the space right after `auth`); without it
    // the word itself would have to be `visits`.
    for (const std::string_view word : {"authorized", "approved", "auth", "additional", "more", "total"}) {
        const auto end = literal(t, at, word);
        if (end && *end < t.size() && is_space(t[*end])) {
            at = skip_spaces(t, *end);
            break;
        }
    }
    if (!word_is_one_of(t, at, {"visit", "visits", "session", "sessions", "treatment", "treatments"}))
        return std::nullopt;
    return Span{pos, *count};
}

// Group 1 of count_after_visits at `pos` (see the header).
std::optional<Span> count_after_visits_at(std::string_view t, std::size_t pos) {
    if (!word_starts(t, pos)) return std::nullopt;
    // `visits?\s+`: the word must end right before a space, whichever form it is.
    std::size_t at = pos;
    for (const std::string_view word : {"visits", "visit", "sessions", "session"}) {
        const auto end = literal(t, pos, word);
        if (end && *end < t.size() && is_space(t[*end])) {
            at = skip_spaces(t, *end);
            break;
        }
    }
    if (at == pos) return std::nullopt;
    auto verb = literal(t, at, "authorized");
    if (!verb) verb = literal(t, at, "approved");
    if (!verb) return std::nullopt;
    // `\s*:?\s*`, then digits taken whole and ending a word.
    std::size_t digits = skip_spaces(t, *verb);
    if (digits < t.size() && t[digits] == ':') digits = skip_spaces(t, digits + 1);
    const auto end = short_number(t, digits);
    if (!end || !word_ends(t, *end)) return std::nullopt;
    return Span{digits, *end};
}

// Groups of visit_of at `pos` (see the header).
std::optional<VisitOf> visit_of_at(std::string_view t, std::size_t pos) {
    if (!word_starts(t, pos)) return std::nullopt;
    const auto visit = literal(t, pos, "visit");
    if (!visit) return std::nullopt;
    std::size_t at = skip_spaces(t, *visit);
    // `(?:#|no\.?)?`: when present it must be taken, a number cannot start at `#`, `n` or `.`.
    if (at < t.size() && t[at] == '#') {
        ++at;
    } else if (const auto no = literal(t, at, "no")) {
        at = *no < t.size() && t[*no] == '.' ? *no + 1 : *no;
    }
    at = skip_spaces(t, at);
    const auto number = short_number(t, at);
    if (!number) return std::nullopt;
    std::size_t of = skip_spaces(t, *number);
    if (const auto word = literal(t, of, "of")) of = *word;
    else if (of < t.size() && t[of] == '/') ++of;
    else return std::nullopt;
    of = skip_spaces(t, of);
    // `(\d{1,3})(?![\d/-])`: fewer digits would leave a digit for the lookahead to refuse.
    const auto total = short_number(t, of);
    if (!total || (*total < t.size() && (t[*total] == '/' || t[*total] == '-'))) return std::nullopt;
    return VisitOf{Span{at, *number}, Span{of, *total}};
}

// The leftmost match: the first position where `at` matches.
template <class At>
auto leftmost(std::string_view t, At at) -> decltype(at(t, std::size_t{0})) {
    for (std::size_t pos = 0; pos < t.size(); ++pos)
        if (auto found = at(t, pos)) return found;
    return std::nullopt;
}

}  // namespace

std::string without_dates(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        if (const auto end = date_at(text, pos)) {
            out += ' ';
            pos = *end;
        } else {
            out += text[pos++];
        }
    }
    return out;
}

std::optional<Span> find_token(std::string_view text, std::size_t from) {
    for (std::size_t pos = from; pos < text.size(); ++pos)
        if (const auto token = token_at(text, pos)) return token;
    return std::nullopt;
}

bool starts_with_count_unit(std::string_view text) {
    return word_is_one_of(text, skip_spaces(text, 0),
                          {"visit", "visits", "unit", "units", "session", "sessions", "treatment", "treatments",
                           "day", "days", "week", "weeks", "month", "months"});
}

std::optional<std::string> number_in(std::string_view text) {
    const std::string blanked = without_dates(text);
    const std::string_view t = blanked;
    for (auto token = find_token(t, 0); token; token = find_token(t, token->end)) {
        const std::string_view s = slice(t, *token);
        if (std::none_of(s.begin(), s.end(), is_digit)) continue;
        if (starts_with_count_unit(t.substr(token->end))) continue;
        return std::string(s);
    }
    return std::nullopt;
}

std::optional<Span> inline_authorization_number(std::string_view text) {
    return leftmost(text, [](std::string_view t, std::size_t pos) -> std::optional<Span> {
        if (!word_starts(t, pos)) return std::nullopt;
        // `prior\s+` when written must be taken: without it the keyword would have to be `prior`.
        std::size_t at = pos;
        if (const auto prior = literal(t, pos, "prior"); prior && *prior < t.size() && is_space(t[*prior]))
            at = skip_spaces(t, *prior);
        return authorization_number_at(t, at);
    });
}

std::optional<Span> count_before_visits(std::string_view text) { return leftmost(text, count_before_visits_at); }

std::optional<Span> count_after_visits(std::string_view text) { return leftmost(text, count_after_visits_at); }

std::optional<VisitOf> visit_of(std::string_view text) { return leftmost(text, visit_of_at); }

}  // namespace soaplint::checks::plan_scan
