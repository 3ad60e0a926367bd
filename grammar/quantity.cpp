// Quantities, plan frequency and duration, goal timeframes and stated minute totals.
//
// Every grammar here runs through one mutable State (the scan's, reached with state(ctx)): small
// actions write scratch fields while a candidate is parsed, and only the action on a complete
// alternative commits them, so a branch that fails half-way never leaves a result behind.
// Character tests are our own (ASCII only): X3's classifiers and no_case assert on the negative
// chars of UTF-8 and binary input in builds without NDEBUG.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>

#include "api.hpp"
#include "common.hpp"

namespace soaplint::grammar {

namespace {

using detail::is_word_char;
using detail::iterator;
namespace x3 = boost::spirit::x3;

// ---------------------------------------------------------------------------------------------
// Character tests and primitive parsers

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

// One character satisfying Pred; no attribute.
template <bool (*Pred)(char)>
struct char_if_parser : x3::parser<char_if_parser<Pred>> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        if (first == last || !Pred(*first)) return false;
        ++first;
        return true;
    }
};

char_if_parser<is_digit> const digit{};
char_if_parser<is_blank> const blank{};
char_if_parser<is_word_char> const word_char{};
auto const blanks = *blank;

// Length of `word` matched case-insensitively at `first` (0 when it does not match); with
// `whole_word` the match must not run on into a letter, digit or underscore.
template <class It>
std::size_t match_word(It first, It last, std::string_view word, bool whole_word) {
    It it = first;
    for (char c : word) {
        if (it == last || ascii_lower(*it) != c) return 0;
        ++it;
    }
    if (whole_word && it != last && is_word_char(*it)) return 0;
    return word.size();
}

// Case-insensitive literal (lower-case ASCII spelling); `kw` also requires a word end after it.
struct ilit_parser : x3::parser<ilit_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    std::string_view word;
    bool whole_word = false;

    constexpr ilit_parser(std::string_view w, bool whole) : word(w), whole_word(whole) {}

    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        std::size_t n = match_word(first, last, word, whole_word);
        if (n == 0) return false;
        first += static_cast<std::ptrdiff_t>(n);
        return true;
    }
};

constexpr ilit_parser ilit(std::string_view w) { return {w, false}; }
constexpr ilit_parser kw(std::string_view w) { return {w, true}; }

template <class T>
struct Word {
    std::string_view text;  // lower-case
    T value;
};

// A table of whole words mapped to values; the longest matching word wins. Attribute T: use it
// with an action (tables are never left to X3's attribute propagation).
template <class T, std::size_t N>
struct word_table_parser : x3::parser<word_table_parser<T, N>> {
    using attribute_type = T;
    static bool const has_attribute = true;
    std::array<Word<T>, N> words;
    std::array<std::uint64_t, 4> firsts{};  // the (lower-case) first bytes of the words

    constexpr explicit word_table_parser(std::array<Word<T>, N> w) : words(w) {
        for (auto const& word : words)
            if (!word.text.empty()) {
                const auto b = static_cast<unsigned char>(word.text.front());
                firsts[b >> 6] |= std::uint64_t{1} << (b & 63);
            }
    }

    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
        // No word starts with this byte: no match, without trying each word.
        if (first == last) return false;
        const auto b = static_cast<unsigned char>(ascii_lower(*first));
        if (((firsts[b >> 6] >> (b & 63)) & 1) == 0) return false;
        std::size_t best = 0;
        T const* value = nullptr;
        for (auto const& w : words) {
            std::size_t n = match_word(first, last, w.text, true);
            if (n > best) {
                best = n;
                value = &w.value;
            }
        }
        if (value == nullptr) return false;
        if constexpr (!std::is_same_v<std::remove_const_t<Attr>, x3::unused_type>) attr = *value;
        first += static_cast<std::ptrdiff_t>(best);
        return true;
    }
};

template <class T, class... W>
constexpr auto word_table(W... words) {
    return word_table_parser<T, sizeof...(W)>(std::array<Word<T>, sizeof...(W)>{words...});
}

using Name = std::string_view;  // a canonical unit or period name: "week", "visit", ...

// ---------------------------------------------------------------------------------------------
// The state every grammar of this file writes to

struct State {
    // quantities
    std::string_view first_text;  // the first number as written, for the MMT grade
    double value = 0;
    std::optional<double> high;
    double reps = 0;
    std::optional<double> reps_high;
    char sign = 0;                // the `+`/`-` of an MMT grade
    int denom_scratch = 0;
    Unit unit = Unit::none;
    Unit unit_scratch = Unit::none;
    std::optional<int> denom;
    bool skip = false;            // a date, clock time, code, temperature: no quantity
    // counts and periods (frequency, duration, timeframe)
    int count = 0;
    std::optional<int> count_high;
    Name name_scratch;
    Name name;
    int result_count = 0;         // visits of a frequency, value of a duration or timeframe
    iterator part_first{};        // the part of a match that is the result (duration after a
    iterator part_last{};         // frequency); unset: the whole match
    std::optional<Date> by;
    iterator by_first{};
    // totals
    StatedTotal::Kind kind = StatedTotal::Kind::timed;
    int minutes = 0;
};

// The State of the scan running on this thread (scan_with_state sets it). A pointer, not an
// x3::with<> directive: binding a State with x3::with copies the whole grammar expression (its
// word tables included) on every call, which cost more than the parsing itself.
thread_local State* current_state = nullptr;

template <class Ctx>
State& state(Ctx const&) {
    return *current_state;
}

std::string_view text_of(boost::iterator_range<iterator> const& range) {
    return {range.begin(), static_cast<std::size_t>(range.end() - range.begin())};
}

// A written number: at most 9 integer and 6 decimal digits (longer runs are ids, not measures).
std::optional<double> to_number(std::string_view written) {
    std::string_view digits = written.substr(written.starts_with('-') ? 1 : 0);
    std::size_t dot = digits.find('.');
    std::size_t whole = dot == std::string_view::npos ? digits.size() : dot;
    std::size_t fraction = dot == std::string_view::npos ? 0 : digits.size() - dot - 1;
    if (whole == 0 || whole > 9 || fraction > 6) return std::nullopt;
    double value = 0;
    auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), value);
    if (error != std::errc() || end != written.data() + written.size()) return std::nullopt;
    return value;
}

// Runs `grammar` at each position `can_start` allows, with a fresh State per attempt;
// `on_match(state, first, last)` sees each match.
template <class Grammar, class CanStart, class OnMatch>
void scan_with_state(std::string_view text, Grammar const& grammar, CanStart can_start, OnMatch on_match) {
    State st;
    State* const outer = current_state;  // a grammar may scan again inside a match
    current_state = &st;
    // A fresh State for every attempt: can_start is asked right before each one.
    const auto start = [&](std::string_view t, std::size_t pos) {
        if (!can_start(t, pos)) return false;
        st = State{};
        return true;
    };
    detail::scan<x3::unused_type>(text, grammar, start, [&](x3::unused_type, iterator first, iterator last) {
        on_match(st, first, last);
        current_state = &st;
    });
    current_state = outer;
}

// ---------------------------------------------------------------------------------------------
// Counts shared by frequency, duration and timeframe: `6`, `six`, `2-3`, `4 to 6`, `2- 3`

auto const number_word = word_table<int>(
    Word<int>{"one", 1}, Word<int>{"two", 2}, Word<int>{"three", 3}, Word<int>{"four", 4},
    Word<int>{"five", 5}, Word<int>{"six", 6}, Word<int>{"seven", 7}, Word<int>{"eight", 8},
    Word<int>{"nine", 9}, Word<int>{"ten", 10}, Word<int>{"eleven", 11}, Word<int>{"twelve", 12});

auto const small_count = x3::uint_parser<int, 10, 1, 3>{} >> !digit;

auto const set_count = [](auto& ctx) {
    state(ctx).count = x3::_attr(ctx);
    state(ctx).count_high.reset();
};
auto const set_count_high = [](auto& ctx) { state(ctx).count_high = x3::_attr(ctx); };

auto const count_low = small_count[set_count] | number_word[set_count];
auto const count_upper = small_count[set_count_high] | number_word[set_count_high];
auto const count_range = count_low >> -(blanks >> (ilit("-") | kw("to")) >> blanks >> count_upper);

// The upper end of a count range.
int counted(State const& st) { return std::max(st.count, st.count_high.value_or(st.count)); }

auto const set_name = [](auto& ctx) { state(ctx).name_scratch = x3::_attr(ctx); };

// ---------------------------------------------------------------------------------------------
// Quantities

auto const measure_unit = word_table<Unit>(
    Word<Unit>{"cm", Unit::cm}, Word<Unit>{"cms", Unit::cm}, Word<Unit>{"centimeter", Unit::cm},
    Word<Unit>{"centimeters", Unit::cm}, Word<Unit>{"centimetre", Unit::cm}, Word<Unit>{"centimetres", Unit::cm},
    Word<Unit>{"m", Unit::m}, Word<Unit>{"meter", Unit::m}, Word<Unit>{"meters", Unit::m},
    Word<Unit>{"metre", Unit::m}, Word<Unit>{"metres", Unit::m}, Word<Unit>{"ft", Unit::ft},
    Word<Unit>{"feet", Unit::ft}, Word<Unit>{"foot", Unit::ft}, Word<Unit>{"inch", Unit::in},
    Word<Unit>{"inches", Unit::in}, Word<Unit>{"kg", Unit::kg}, Word<Unit>{"kgs", Unit::kg},
    Word<Unit>{"kilogram", Unit::kg}, Word<Unit>{"kilograms", Unit::kg}, Word<Unit>{"lb", Unit::lb},
    Word<Unit>{"lbs", Unit::lb}, Word<Unit>{"pound", Unit::lb}, Word<Unit>{"pounds", Unit::lb},
    Word<Unit>{"s", Unit::s}, Word<Unit>{"sec", Unit::s}, Word<Unit>{"secs", Unit::s},
    Word<Unit>{"second", Unit::s}, Word<Unit>{"seconds", Unit::s}, Word<Unit>{"min", Unit::min},
    Word<Unit>{"mins", Unit::min}, Word<Unit>{"minute", Unit::min}, Word<Unit>{"minutes", Unit::min},
    Word<Unit>{"h", Unit::h}, Word<Unit>{"hr", Unit::h}, Word<Unit>{"hrs", Unit::h},
    Word<Unit>{"hour", Unit::h}, Word<Unit>{"hours", Unit::h});

auto const count_unit = word_table<Unit>(
    Word<Unit>{"rep", Unit::reps}, Word<Unit>{"reps", Unit::reps}, Word<Unit>{"repetition", Unit::reps},
    Word<Unit>{"repetitions", Unit::reps}, Word<Unit>{"point", Unit::points}, Word<Unit>{"points", Unit::points},
    Word<Unit>{"pts", Unit::points});

// Words after `3 x 10` that make it a size (`2 x 3 cm`) or a period (`3 x 6 weeks`), not reps.
auto const period_or_size_word = word_table<int>(
    Word<int>{"mm", 0}, Word<int>{"day", 0}, Word<int>{"days", 0}, Word<int>{"week", 0},
    Word<int>{"weeks", 0}, Word<int>{"wk", 0}, Word<int>{"wks", 0}, Word<int>{"month", 0},
    Word<int>{"months", 0}, Word<int>{"visit", 0}, Word<int>{"visits", 0}, Word<int>{"sessions", 0});

auto const degree_mark = ilit("\xC2\xB0") | kw("degrees") | kw("degree") | kw("degs") | kw("deg");

auto const mark_skip = [](auto& ctx) { state(ctx).skip = true; };

auto const on_first_number = [](auto& ctx) {
    State& st = state(ctx);
    std::string_view written = text_of(x3::_attr(ctx));
    auto value = to_number(written);
    if (!value) {
        x3::_pass(ctx) = false;
        return;
    }
    st.first_text = written;
    st.value = *value;
    st.high.reset();
    st.skip = false;  // every alternative that reads a number starts here: forget a failed one
};
auto const on_high_number = [](auto& ctx) {
    State& st = state(ctx);
    auto value = to_number(text_of(x3::_attr(ctx)));
    if (value) st.high = *value;
    if (value && *value < st.value) st.skip = true;  // `2-0` suture, `4-0`: a size, not a range
    x3::_pass(ctx) = value.has_value();
};
auto const on_reps = [](auto& ctx) {
    auto value = to_number(text_of(x3::_attr(ctx)));
    if (value) state(ctx).reps = *value;
    state(ctx).reps_high.reset();
    x3::_pass(ctx) = value.has_value();
};
auto const on_reps_high = [](auto& ctx) {
    auto value = to_number(text_of(x3::_attr(ctx)));
    if (value) state(ctx).reps_high = *value;
    x3::_pass(ctx) = value.has_value();
};
auto const commit_reps = [](auto& ctx) {
    State& st = state(ctx);
    st.value = st.reps;
    st.high = st.reps_high;
    st.unit = Unit::reps;
};
auto const on_sign = [](auto& ctx) { state(ctx).sign = *x3::_attr(ctx).begin(); };
auto const on_denominator = [](auto& ctx) { state(ctx).denom_scratch = x3::_attr(ctx); };
auto const commit_denominator = [](auto& ctx) { state(ctx).denom = state(ctx).denom_scratch; };
auto const commit_grade = [](auto& ctx) {
    State& st = state(ctx);
    if (st.high || st.denom_scratch != 5) {
        x3::_pass(ctx) = false;  // `4-/5` only: a range or another scale is no MMT grade
        return;
    }
    st.denom = 5;
};
auto const on_unit = [](auto& ctx) { state(ctx).unit_scratch = x3::_attr(ctx); };
auto const commit_unit = [](auto& ctx) { state(ctx).unit = state(ctx).unit_scratch; };

auto set_unit(Unit unit) {
    return [unit](auto& ctx) { state(ctx).unit = unit; };
}

auto const unsigned_number = x3::raw[+digit >> -(ilit(".") >> +digit)];
auto const signed_number = x3::raw[-ilit("-") >> +digit >> -(ilit(".") >> +digit)];

// Things that start with digits but are not quantities: dates, clock times, CPT codes,
// `1430 hrs`. They are consumed whole so no part of them is reported.
auto const check_military_time = [](auto& ctx) {
    std::string_view hhmm = text_of(x3::_attr(ctx));
    int hour = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int minute = (hhmm[2] - '0') * 10 + (hhmm[3] - '0');
    x3::_pass(ctx) = hour <= 23 && minute <= 59;
};
auto const date_like = (+digit >> ilit("/") >> +digit >> ilit("/") >> +digit) |
                       (+digit >> ilit("-") >> +digit >> ilit("-") >> +digit) |
                       (+digit >> ilit(".") >> +digit >> ilit(".") >> +digit);
auto const clock_like = +digit >> ilit(":") >> digit >> *digit;
auto const cpt_like = ilit("9") >> digit >> digit >> digit >> digit >> !digit >> *(ilit("-") >> +word_char);
auto const military_time = x3::raw[digit >> digit >> digit >> digit][check_military_time] >> !digit >> blanks >>
                           (kw("hrs") | kw("hours") | kw("hr") | kw("h"));
auto const not_a_quantity = (date_like | clock_like | cpt_like | military_time)[mark_skip];

auto const range_tail = blanks >> ilit("-") >> blanks >> unsigned_number[on_high_number];
auto const head = signed_number[on_first_number] >> -range_tail;

auto const temperature_tail = blanks >> (kw("fahrenheit") | kw("celsius") | kw("centigrade") | kw("f") | kw("c")) >>
                              -ilit(".");
auto const degree_suffix = (blanks >> degree_mark >> -temperature_tail[mark_skip])[set_unit(Unit::deg)];

auto const denominator = x3::uint_parser<int, 10, 1, 3>{}[on_denominator] >> !digit;
auto const grade_suffix =
    (blanks >> x3::raw[ilit("+") | ilit("-")][on_sign] >> blanks >> ilit("/") >> blanks >> denominator)[commit_grade];
auto const slash_suffix = (blanks >> ilit("/") >> blanks >> denominator)[commit_denominator] |
                          (blanks >> ilit("/") >> blanks >> +digit)[mark_skip];  // `1/2026`: no scale
auto const out_of_suffix = (blanks >> kw("out") >> +blank >> kw("of") >> +blank >> denominator)[commit_denominator];
// `4 on a scale of 1-10`, `2 on a scale from 0 to 10`, `6 on a 0-10 scale`, `6 on a 0-10 pain scale`
auto const scale_bounds = x3::omit[x3::uint_parser<int, 10, 1, 3>{}] >> blanks >> (ilit("-") | kw("to")) >> blanks >>
                          denominator;
auto const on_scale_suffix =
    (blanks >> kw("on") >> +blank >> -((kw("a") | kw("the")) >> +blank) >>
     ((kw("scale") >> +blank >> (kw("of") | kw("from")) >> +blank >> scale_bounds) |
      (scale_bounds >> +blank >> -(kw("pain") >> +blank) >> kw("scale"))))[commit_denominator];
auto const scale_suffix = grade_suffix | slash_suffix | out_of_suffix | on_scale_suffix;

auto const percent_suffix = (blanks >> (ilit("%") | kw("percent")))[set_unit(Unit::percent)];

auto const reps_word = x3::omit[count_unit];
auto const reps_count = unsigned_number[on_reps] >> -(blanks >> ilit("-") >> blanks >> unsigned_number[on_reps_high]);
auto const not_a_size = !(blanks >> (degree_mark | x3::omit[measure_unit] | x3::omit[period_or_size_word] |
                                     (ilit("x") >> blanks >> digit) | ilit("%")));
// `3x10`, `3 x 10 reps`, `2 sets of 10`, `3 sets x 10-15 reps`
auto const sets_by_reps = (blanks >> ilit("x") >> blanks >> reps_count >> !word_char >> not_a_size >>
                           -(blanks >> reps_word))[commit_reps];
auto const sets_of_reps = (blanks >> (kw("sets") | kw("set")) >> blanks >> (kw("of") | ilit("x")) >> blanks >>
                           reps_count >> !word_char >> -(blanks >> reps_word))[commit_reps];
auto const reps_suffix = sets_by_reps | sets_of_reps;

// `in` is inches only at the end of a phrase (`3 in.`, `5 ft 2 in,`): `3 in 4 weeks` is not.
auto const phrase_end = x3::eoi | ilit(".") | ilit(",") | ilit(";") | ilit(":") | ilit(")") | ilit("\n") | ilit("\r");
auto const inches_suffix = (blanks >> kw("in") >> &(blanks >> phrase_end))[set_unit(Unit::in)];
auto const unit_suffix = (blanks >> (measure_unit[on_unit] | count_unit[on_unit]))[commit_unit] | inches_suffix;

// A number followed by letters (`4th`, `2x`) is a word, not a bare number.
auto const bare_suffix = (!word_char) | (+word_char)[mark_skip];

auto const suffix = degree_suffix | scale_suffix | percent_suffix | reps_suffix | unit_suffix | bare_suffix;

// `5 to 6 on a scale of 1 to 10`: a `to` range only counts in front of a scale phrase.
auto const to_range_on_scale = signed_number[on_first_number] >> blanks >> kw("to") >> blanks >>
                               unsigned_number[on_high_number] >> on_scale_suffix;

// `0 to 120 degrees`: a ROM arc written with `to`.
auto const to_range_degrees = signed_number[on_first_number] >> blanks >> kw("to") >> blanks >>
                              unsigned_number[on_high_number] >> degree_suffix;

auto const quantity_grammar = not_a_quantity | to_range_on_scale | to_range_degrees | (head >> suffix);

bool is_connector(char c) { return c == '/' || c == ':' || c == '-' || c == '+' || c == '.' || c == ','; }

// A number starts at a digit (or a `-` directly before one) that is not inside a word, a
// decimal, a code like `C5-6` or `M54.50`, or the tail of `10:02` / `3/14`.
bool can_start_number(std::string_view text, std::size_t pos) {
    char c = text[pos];
    bool negative = c == '-' && pos + 1 < text.size() && is_digit(text[pos + 1]);
    if (!is_digit(c) && !negative) return false;
    if (pos == 0) return true;
    char prev = text[pos - 1];
    if (is_word_char(prev) || prev == '.') return false;
    if (negative && (prev == '-' || prev == '+' || prev == '/')) return false;
    if (is_connector(prev) && pos >= 2 && is_word_char(text[pos - 2])) return false;
    return true;
}

// `1. ` or `2) ` at the start of a line: a list marker, not a number.
bool is_list_marker(std::string_view text, std::size_t pos) {
    std::size_t line_start = pos;
    while (line_start > 0 && is_blank(text[line_start - 1])) --line_start;
    if (line_start > 0 && text[line_start - 1] != '\n' && text[line_start - 1] != '\r') return false;
    std::size_t end = pos;
    while (end < text.size() && end - pos < 3 && is_digit(text[end])) ++end;
    if (end == pos || end - pos > 2 || end >= text.size()) return false;
    if (text[end] != '.' && text[end] != ')') return false;
    return end + 1 == text.size() || is_blank(text[end + 1]) || text[end + 1] == '\n' || text[end + 1] == '\r';
}

// `Temperature 97.1 degrees`: a temperature named earlier on the line, shortly before.
bool follows_temperature_word(std::string_view text, std::size_t begin) {
    std::size_t from = begin > 30 ? begin - 30 : 0;
    std::string_view before = text.substr(from, begin - from);
    if (auto newline = before.rfind('\n'); newline != std::string_view::npos) before.remove_prefix(newline + 1);
    std::string lower(before);
    std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
    return lower.find("temp") != std::string::npos;
}

bool is_common_scale_maximum(int d) { return d == 20 || d == 24 || d == 28 || d == 30; }

// `12/25` reads as a month and day unless the denominator is a usual score maximum.
bool looks_like_month_day(double a, int d) { return a >= 1 && a <= 12 && d <= 31 && !is_common_scale_maximum(d); }

// Turns `a/d` into a pain scale, an MMT grade or an outcome score; false when `a/d` is none of
// them (blood pressure 124/78, a fraction 1/2, a date 12/25, a dose 5/500).
bool apply_scale(Quantity& q, State const& st) {
    int d = *st.denom;
    double top = q.value_high.value_or(q.value);
    if (q.value < 0) return false;
    if (d == 10) {
        q.unit = Unit::per10;
        return top <= 10;
    }
    if (d == 5) {
        q.unit = Unit::per5;
        if (!q.value_high) q.grade = std::string(st.first_text) + (st.sign != 0 ? std::string(1, st.sign) : "");
        return top <= 5;
    }
    q.unit = Unit::points;
    return d >= 20 && d <= 150 && top <= d && !looks_like_month_day(q.value, d);
}

std::optional<Quantity> finish_quantity(State const& st, std::string_view text, iterator first, iterator last) {
    if (st.skip) return std::nullopt;
    Quantity q;
    q.value = st.value;
    q.value_high = st.high;
    q.unit = st.unit;
    q.span = detail::span_of(text, first, last);
    if (st.denom) {
        q.denominator = st.denom;
        if (!apply_scale(q, st)) return std::nullopt;
    }
    if (q.unit == Unit::deg && follows_temperature_word(text, q.span.begin)) return std::nullopt;
    return q;
}

// ---------------------------------------------------------------------------------------------
// Frequency

auto const period_noun = word_table<Name>(
    Word<Name>{"day", "day"}, Word<Name>{"days", "day"}, Word<Name>{"d", "day"}, Word<Name>{"week", "week"},
    Word<Name>{"weeks", "week"}, Word<Name>{"wk", "week"}, Word<Name>{"wks", "week"}, Word<Name>{"w", "week"},
    Word<Name>{"month", "month"}, Word<Name>{"months", "month"}, Word<Name>{"mo", "month"},
    Word<Name>{"mos", "month"});
auto const period_adverb = word_table<Name>(Word<Name>{"daily", "day"}, Word<Name>{"weekly", "week"},
                                            Word<Name>{"monthly", "month"});
auto const period = period_noun[set_name] | period_adverb[set_name];

auto const times_word = ilit("x") | kw("times") | kw("time") | kw("visits") | kw("visit") | kw("sessions") |
                        kw("session") | kw("days");
auto const per_word = ilit("/") | kw("per") | kw("a") | kw("an") | kw("each") | kw("every");

auto const commit_frequency = [](auto& ctx) {
    State& st = state(ctx);
    st.result_count = counted(st);
    st.name = st.name_scratch;
};
auto fixed_frequency(int visits, Name per) {
    return [visits, per](auto& ctx) {
        state(ctx).result_count = visits;
        state(ctx).name = per;
    };
}

auto const adverb_count = word_table<int>(Word<int>{"once", 1}, Word<int>{"twice", 2}, Word<int>{"thrice", 3});

// `2x/week`, `2 x per week`, `2-3x/wk`, `3 times a week`, `2/wk`, `5 days a week`, `3x weekly`
auto const counted_frequency =
    count_range >> blanks >>
    ((times_word >> blanks >> -(per_word >> blanks) >> period) | ((ilit("/") | kw("per")) >> blanks >> period));
// `twice weekly`, `once a week`, `twice per day`
auto const adverb_frequency = adverb_count[set_count] >> blanks >> -(per_word >> blanks) >> period;
// `Daily note`, `activities of daily living`: `daily` that names something else.
auto const not_a_schedule = !(blanks >> (kw("living") | kw("note") | kw("notes") | kw("progress") | kw("activities") |
                                         kw("life") | kw("log")));
auto const frequency_grammar =
    (counted_frequency | adverb_frequency)[commit_frequency] |
    (kw("biw")[fixed_frequency(2, "week")] | kw("tiw")[fixed_frequency(3, "week")] |
     kw("qw")[fixed_frequency(1, "week")] | kw("qwk")[fixed_frequency(1, "week")]) |
    ((kw("daily") >> not_a_schedule)[fixed_frequency(1, "day")] |
     (kw("weekly") >> not_a_schedule)[fixed_frequency(1, "week")]);

bool at_word_start_alnum(std::string_view text, std::size_t pos) {
    return detail::at_word_start(text, pos) && is_word_char(text[pos]) && text[pos] != '_';
}

// ---------------------------------------------------------------------------------------------
// Duration

auto const duration_unit = word_table<Name>(
    Word<Name>{"day", "day"}, Word<Name>{"days", "day"}, Word<Name>{"week", "week"}, Word<Name>{"weeks", "week"},
    Word<Name>{"wk", "week"}, Word<Name>{"wks", "week"}, Word<Name>{"month", "month"},
    Word<Name>{"months", "month"}, Word<Name>{"mo", "month"}, Word<Name>{"mos", "month"},
    Word<Name>{"visit", "visit"}, Word<Name>{"visits", "visit"}, Word<Name>{"session", "visit"},
    Word<Name>{"sessions", "visit"}, Word<Name>{"treatment", "visit"}, Word<Name>{"treatments", "visit"},
    Word<Name>{"appointment", "visit"}, Word<Name>{"appointments", "visit"});

// Words between the lead and the count: `for the next 4 weeks`, `x an additional 6 visits`.
auto const count_filler = (kw("the") >> +blank >> (kw("next") | kw("following"))) | kw("another") |
                          (kw("an") >> +blank >> kw("additional")) | kw("additional") |
                          (kw("a") >> +blank >> (kw("total") | kw("period")) >> +blank >> kw("of")) |
                          (kw("up") >> +blank >> kw("to")) | kw("approximately") | kw("approx");
auto const more_word = kw("more") | kw("additional") | kw("further");
auto const set_one = [](auto& ctx) {
    state(ctx).count = 1;
    state(ctx).count_high.reset();
};
// `for a week`: `a` counts one only right before a calendar unit (`for an appointment` is none).
auto const calendar_unit = word_table<Name>(
    Word<Name>{"day", "day"}, Word<Name>{"week", "week"}, Word<Name>{"wk", "week"}, Word<Name>{"month", "month"});
auto const article_count = (kw("a") | kw("an"))[set_one] >> +blank >> &x3::omit[calendar_unit];
auto const counted_unit = (count_range | article_count) >> blanks >> -(more_word >> +blank) >> duration_unit[set_name];

auto const lead_x = ilit("x") >> &(blank | digit);
// `Duration: 6 weeks`, `Duration of care - 8 visits`: the label of a plan-of-care field.
auto const duration_label =
    kw("duration") >> -(+blank >> kw("of") >> +blank >> (kw("care") | kw("treatment") | kw("therapy") | kw("services"))) >>
    blanks >> -(ilit(":") | ilit("-") | ilit("="));
auto const duration_lead = kw("for") | lead_x | kw("over") | duration_label;
auto const commit_duration = [](auto& ctx) {
    State& st = state(ctx);
    st.result_count = counted(st);
    st.name = st.name_scratch;
};
auto const mark_part = [](auto& ctx) {
    state(ctx).part_first = x3::_attr(ctx).begin();
    state(ctx).part_last = x3::_attr(ctx).end();
};
// `2x/week 6 weeks`, `2x/wk, 6 wks`: a bare count right after a frequency.
auto const after_frequency =
    frequency_grammar >> blanks >> -((ilit(",") | ilit(";") | ilit("-")) >> blanks) >> x3::raw[counted_unit][mark_part];
auto const duration_grammar =
    ((duration_lead >> blanks >> -(count_filler >> +blank) >> counted_unit) | after_frequency)[commit_duration];

// ---------------------------------------------------------------------------------------------
// Timeframe

auto const timeframe_unit = word_table<Name>(
    Word<Name>{"day", "day"}, Word<Name>{"days", "day"}, Word<Name>{"week", "week"}, Word<Name>{"weeks", "week"},
    Word<Name>{"wk", "week"}, Word<Name>{"wks", "week"}, Word<Name>{"month", "month"},
    Word<Name>{"months", "month"}, Word<Name>{"mo", "month"}, Word<Name>{"mos", "month"},
    Word<Name>{"visit", "visit"}, Word<Name>{"visits", "visit"}, Word<Name>{"session", "session"},
    Word<Name>{"sessions", "session"}, Word<Name>{"treatment", "visit"}, Word<Name>{"treatments", "visit"});

// The date after `by`, read with the date grammar of datetime.cpp through the public api.
struct date_after_by_parser : x3::parser<date_after_by_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <class It, class Ctx, class RCtx, class Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
        // A date is short: a window keeps `by` in a long text from rescanning all of it.
        auto size = std::min<std::ptrdiff_t>(last - first, 40);
        std::string_view window(first, static_cast<std::size_t>(size));
        std::vector<Date> dates = grammar::find_dates(window);
        if (dates.empty() || dates.front().span.begin != 0) return false;
        Date date = dates.front();
        It end = first + static_cast<std::ptrdiff_t>(date.span.end);
        if (end != last && is_word_char(*end)) return false;
        State& st = state(ctx);
        st.by = date;
        st.by_first = first;
        first = end;
        return true;
    }
};
date_after_by_parser const date_after_by{};

auto const commit_timeframe = [](auto& ctx) {
    State& st = state(ctx);
    st.result_count = counted(st);
    st.name = st.name_scratch;
};
auto const timeframe_count = count_range >> blanks >> timeframe_unit[set_name];
auto const timeframe_filler = (kw("the") >> +blank >> (kw("next") | kw("following"))) | kw("approximately") |
                              kw("approx");
auto const timeframe_lead = kw("in") | kw("within") | lead_x | kw("over");
// `in 4 weeks`, `within the next 2-3 weeks`, `x 4 weeks`
auto const lead_timeframe = timeframe_lead >> blanks >> -(timeframe_filler >> +blank) >> timeframe_count;
// `(4 weeks)`, `(within 6 visits)`, `[8 wks]`
auto const bracket_timeframe = (ilit("(") | ilit("[")) >> blanks >> -((kw("in") | kw("within")) >> +blank) >>
                               timeframe_count >> blanks >> (ilit(")") | ilit("]"));
// `4 weeks:` and `4-week goals` as lead-ins of a goal
auto const leadin_timeframe = (timeframe_count >> blanks >> ilit(":")) |
                              (count_range >> (ilit("-") | +blank) >> timeframe_unit[set_name] >> +blank >>
                               (kw("goals") | kw("goal")));
// `by week 4`, `by visit 6`
auto const by_numbered = kw("by") >> +blank >> -(kw("the") >> +blank) >> -(kw("end") >> +blank >> kw("of") >> +blank) >>
                         timeframe_unit[set_name] >> blanks >> count_low;
auto const timeframe_grammar =
    (lead_timeframe | bracket_timeframe | leadin_timeframe | by_numbered)[commit_timeframe] |
    (kw("by") >> blanks >> date_after_by);

// Whether a (lower-cased) byte is one of `firsts`: the bytes a grammar's alternatives can start with.
bool starts_one_of(char c, std::string_view firsts) {
    return (c >= '0' && c <= '9') || firsts.find(ascii_lower(c)) != std::string_view::npos;
}

// A count (a digit or `one` ... `twelve`: o t f s e n), `in` / `within` / `x` / `over`, `by`.
bool can_start_timeframe(std::string_view text, std::size_t pos) {
    return text[pos] == '(' || text[pos] == '[' || (at_word_start_alnum(text, pos) && starts_one_of(text[pos], "otfsenixwb"));
}

// ---------------------------------------------------------------------------------------------
// Stated totals

auto const minutes_word = kw("minutes") | kw("minute") | kw("mins") | kw("min");
auto const minutes_in_parens = blanks >> ilit("(") >> blanks >> minutes_word >> blanks >> ilit(")");
auto const total_separator = blanks >> -((ilit(":") | ilit("=") | ilit("-") | kw("of") | kw("is") | kw("was")) >> blanks);
// Minutes of a total; not `2 hours`, `3 units`, `10:02`, `1.5`.
auto const other_measure = kw("hours") | kw("hour") | kw("hrs") | kw("hr") | kw("h") | kw("seconds") | kw("sec") |
                           kw("secs") | kw("s") | kw("units") | kw("unit") | kw("days") | kw("weeks") | kw("visits") |
                           ilit("%");
auto const on_minutes = [](auto& ctx) { state(ctx).minutes = x3::_attr(ctx); };
auto const total_minutes = x3::uint_parser<int, 10, 1, 4>{}[on_minutes] >> !digit >> !(ilit(":") >> digit) >>
                           !(ilit(".") >> digit) >> !(blanks >> other_measure) >>
                           -(blanks >> (minutes_word | ilit("'")));

auto set_kind(StatedTotal::Kind kind) {
    return [kind](auto& ctx) { state(ctx).kind = kind; };
}

auto const timed_word = kw("code") | kw("codes") | kw("treatment") | kw("therapy") | kw("tx") | minutes_word |
                        kw("time");
// `Total timed minutes: 38`, `Total Timed Code Treatment Minutes: 38`, `Timed code minutes = 38`
auto const timed_total = ((kw("total") >> +blank >> kw("timed") >> *(+blank >> timed_word)) |
                          (kw("timed") >> +(+blank >> timed_word))) >>
                         -minutes_in_parens >> total_separator >> total_minutes;
auto const treatment_qualifier = kw("treatment") | kw("session") | kw("visit") | kw("therapy") | kw("tx");
auto const time_word = kw("time") | minutes_word;
// `Total treatment time: 53 min`, `Total Treatment Time (minutes): 53`, `Total time: 53 minutes`
auto const treatment_total = kw("total") >> ((+(+blank >> treatment_qualifier) >> -(+blank >> time_word)) |
                                             (+blank >> time_word)) >>
                             -minutes_in_parens >> -(+blank >> kw("spent")) >> total_separator >> total_minutes;
auto const totals_grammar = timed_total[set_kind(StatedTotal::Kind::timed)] |
                            treatment_total[set_kind(StatedTotal::Kind::treatment)];

bool can_start_total(std::string_view text, std::size_t pos) {
    return (text[pos] == 't' || text[pos] == 'T') && detail::at_word_start(text, pos);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The public functions

std::string_view unit_name(Unit unit) {
    switch (unit) {
        case Unit::none: return "";
        case Unit::deg: return "deg";
        case Unit::per10: return "/10";
        case Unit::per5: return "/5";
        case Unit::percent: return "percent";
        case Unit::cm: return "cm";
        case Unit::m: return "m";
        case Unit::ft: return "ft";
        case Unit::in: return "in";
        case Unit::kg: return "kg";
        case Unit::lb: return "lb";
        case Unit::s: return "s";
        case Unit::min: return "min";
        case Unit::h: return "h";
        case Unit::reps: return "reps";
        case Unit::points: return "points";
    }
    return "";
}

std::vector<Quantity> find_quantities(std::string_view text) {
    std::vector<Quantity> found;
    auto can_start = [](std::string_view t, std::size_t pos) {
        return can_start_number(t, pos) && !is_list_marker(t, pos);
    };
    scan_with_state(text, quantity_grammar, can_start, [&](State const& st, iterator first, iterator last) {
        if (auto q = finish_quantity(st, text, first, last)) found.push_back(std::move(*q));
    });
    return found;
}

std::optional<Frequency> find_frequency(std::string_view text) {
    std::optional<Frequency> found;
    // A count (a digit, `one` ... `twelve`), `once` / `twice` / `thrice`, `biw` / `tiw` / `qw`, `daily` / `weekly`.
    auto can_start = [&](std::string_view t, std::size_t pos) {
        return !found && at_word_start_alnum(t, pos) && starts_one_of(t[pos], "otfsenbqdw");
    };
    scan_with_state(text, frequency_grammar, can_start, [&](State const& st, iterator first, iterator last) {
        if (!found) found = Frequency{st.result_count, std::string(st.name), detail::span_of(text, first, last)};
    });
    return found;
}

std::optional<Duration> find_duration(std::string_view text) {
    std::optional<Duration> found;
    // `for` / `x` / `over` / `duration`, or a frequency (see find_frequency).
    auto can_start = [&](std::string_view t, std::size_t pos) {
        return !found && at_word_start_alnum(t, pos) && starts_one_of(t[pos], "otfsenbqdwx");
    };
    scan_with_state(text, duration_grammar, can_start, [&](State const& st, iterator first, iterator last) {
        if (found) return;
        if (st.part_first != iterator{}) {
            first = st.part_first;
            last = st.part_last;
        }
        found = Duration{st.result_count, std::string(st.name), detail::span_of(text, first, last)};
    });
    return found;
}

std::optional<Timeframe> find_timeframe(std::string_view text) {
    std::optional<Timeframe> found;
    auto can_start = [&](std::string_view t, std::size_t pos) { return !found && can_start_timeframe(t, pos); };
    scan_with_state(text, timeframe_grammar, can_start, [&](State const& st, iterator first, iterator last) {
        if (found) return;
        Timeframe tf;
        tf.span = detail::span_of(text, first, last);
        if (st.by) {
            Date date = *st.by;
            auto offset = static_cast<std::size_t>(st.by_first - text.begin());
            date.span.begin += offset;
            date.span.end += offset;
            tf.by = date;
        } else {
            tf.value = st.result_count;
            tf.unit = std::string(st.name);
        }
        found = std::move(tf);
    });
    return found;
}

std::vector<StatedTotal> find_totals(std::string_view text) {
    std::vector<StatedTotal> found;
    scan_with_state(text, totals_grammar, can_start_total, [&](State const& st, iterator first, iterator last) {
        found.push_back(StatedTotal{st.kind, st.minutes, detail::span_of(text, first, last)});
    });
    return found;
}

}  // namespace soaplint::grammar
