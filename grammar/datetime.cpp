// Dates and clock times: find_dates, parse_date, find_times, find_time_range (see api.hpp).
//
// The X3 grammars below recognise the shapes; plain C++ around them checks what a grammar cannot
// say cheaply: calendar validity, word boundaries on both sides, and how far apart the two ends
// of a `Start ... Stop ...` range may be.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "common.hpp"

namespace soaplint::grammar {
namespace {

using detail::at_word_end;
using detail::at_word_start;
using detail::iterator;
namespace x3 = detail::x3;

bool is_digit(char c) { return c >= '0' && c <= '9'; }  // ASCII: the C locale's classes
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::size_t offset_of(std::string_view text, iterator it) {
    return static_cast<std::size_t>(it - text.begin());
}

iterator iterator_at(std::string_view text, std::size_t pos) {
    return text.begin() + static_cast<std::ptrdiff_t>(pos);
}

// ---------------------------------------------------------------------------------------------
// Shared number parsers

const x3::uint_parser<int, 10, 1, 2> one_or_two_digits{};
const x3::uint_parser<int, 10, 2, 2> two_digits{};
const x3::uint_parser<int, 10, 4, 4> four_digits{};
const auto word_end = !(x3::alnum | '_');

// ---------------------------------------------------------------------------------------------
// Dates

struct RawDate {
    int year = 0, month = 0, day = 0;
    char separator = 0;  // '/' or '-' for numeric forms; 0 for month names
};

const auto set_year = [](auto& ctx) { x3::_val(ctx).year = x3::_attr(ctx); };
const auto set_short_year = [](auto& ctx) { x3::_val(ctx).year = 2000 + x3::_attr(ctx); };
const auto set_month = [](auto& ctx) { x3::_val(ctx).month = x3::_attr(ctx); };
const auto set_day = [](auto& ctx) { x3::_val(ctx).day = x3::_attr(ctx); };

auto separator(char sep) {
    return x3::lit(sep)[([sep](auto& ctx) { x3::_val(ctx).separator = sep; })];
}

struct MonthNames : x3::symbols<int> {
    MonthNames() {
        add("january", 1)("jan", 1)("february", 2)("feb", 2)("march", 3)("mar", 3)  //
            ("april", 4)("apr", 4)("may", 5)("june", 6)("jun", 6)("july", 7)("jul", 7)  //
            ("august", 8)("aug", 8)("september", 9)("sept", 9)("sep", 9)  //
            ("october", 10)("oct", 10)("november", 11)("nov", 11)("december", 12)("dec", 12);
    }
};
const MonthNames month_names;

// A year of exactly four digits, or exactly two meaning 20yy.
const auto any_year = (four_digits[set_year] >> !x3::digit) |
                      (two_digits[set_short_year] >> !x3::digit);

// `2026-03-14`, `2026/03/14`
auto iso_date(char sep) {
    return four_digits[set_year] >> separator(sep) >> one_or_two_digits[set_month] >>
           x3::lit(sep) >> one_or_two_digits[set_day] >> !x3::digit;
}

// `3/14/2026`, `03/17/26`, `3-14-2026`: the year part is required, so `6/10` is no date.
auto us_date(char sep) {
    return one_or_two_digits[set_month] >> separator(sep) >> one_or_two_digits[set_day] >>
           x3::lit(sep) >> any_year;
}

const auto month_word = x3::no_case[month_names][set_month] >> !x3::alpha;
const auto ordinal = -x3::no_case[x3::lit("st") | "nd" | "rd" | "th"] >> word_end;
const auto day_number = one_or_two_digits[set_day] >> ordinal;
const auto comma_or_blank = (*x3::blank >> ',' >> *x3::blank) | +x3::blank;
const auto full_year = four_digits[set_year] >> !x3::digit;

// `March 14, 2026`, `Mar 14 2026`, `Mar. 14, 2026`, `Sept 3rd, 2026`
const auto month_day_year = month_word >> ((x3::lit('.') >> *x3::blank) | +x3::blank) >>
                            day_number >> comma_or_blank >> full_year;
// `14 March 2026`, `14 Mar. 2026`, `14-Mar-2026`
const auto day_month_year = day_number >> (+x3::blank | '-') >> month_word >> -x3::lit('.') >>
                            (comma_or_blank | '-') >> full_year;

const auto date_rule = x3::rule<struct date_tag, RawDate>{"date"} =
    (iso_date('-') | iso_date('/') | us_date('/') | us_date('-')) |
    (month_day_year | day_month_year);

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return days[static_cast<std::size_t>(month - 1)];
}

bool is_calendar_date(RawDate const& d) {
    return d.year >= 1900 && d.year <= 2099 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

// `c` at `pos` followed by a digit: the date would be a piece of a longer number chain.
bool separator_then_digit(std::string_view text, std::size_t pos, char c) {
    return pos + 1 < text.size() && text[pos] == c && is_digit(text[pos + 1]);
}

bool digit_then_separator(std::string_view text, std::size_t pos, char c) {
    return pos >= 2 && text[pos - 1] == c && is_digit(text[pos - 2]);
}

// The date is not glued to more numbers with its own separator or a decimal point
// (`1/2/2026/5`, `3.14/1/26`); an ISO `T` time may follow (`2026-03-14T10:02`).
bool stands_alone(std::string_view text, std::size_t begin, std::size_t end, char sep) {
    if (digit_then_separator(text, begin, '.')) return false;
    if (sep != 0 && digit_then_separator(text, begin, sep)) return false;
    if (separator_then_digit(text, end, '.')) return false;
    if (sep != 0 && separator_then_digit(text, end, sep)) return false;
    if (end < text.size() && (text[end] == 'T' || text[end] == 't') && end + 1 < text.size() &&
        is_digit(text[end + 1]))
        return true;
    return at_word_end(text, end);
}

bool can_start_date(std::string_view text, std::size_t pos) {
    if (!at_word_start(text, pos)) return false;
    char c = ascii_lower_char(text[pos]);
    return is_digit(c) || c == 'j' || c == 'f' || c == 'm' || c == 'a' || c == 's' || c == 'o' ||
           c == 'n' || c == 'd';
}

Date to_date(RawDate const& raw, Span span) { return Date{raw.year, raw.month, raw.day, span}; }

// ---------------------------------------------------------------------------------------------
// Clock times

struct RawTime {
    int hour = 0, minute = 0;
    int meridiem = 0;  // 0 none, 1 am, 2 pm
};

struct Meridiems : x3::symbols<int> {
    Meridiems() { add("am", 1)("a.m.", 1)("a.m", 1)("pm", 2)("p.m.", 2)("p.m", 2); }
};
const Meridiems meridiems;

const auto set_hour = [](auto& ctx) { x3::_val(ctx).hour = x3::_attr(ctx); };
const auto set_minute = [](auto& ctx) { x3::_val(ctx).minute = x3::_attr(ctx); };
const auto set_meridiem = [](auto& ctx) { x3::_val(ctx).meridiem = x3::_attr(ctx); };
const auto set_hhmm = [](auto& ctx) {
    x3::_val(ctx).hour = x3::_attr(ctx) / 100;
    x3::_val(ctx).minute = x3::_attr(ctx) % 100;
};

// `10:02`, `1:05 PM`, `10:02am`, `1:05 p.m.`, `10:02:33` (seconds ignored). Minutes need two
// digits, which keeps ratios such as `6:1` out.
const auto colon_time = one_or_two_digits[set_hour] >> ':' >> two_digits[set_minute] >>
                        -(':' >> two_digits) >> !x3::digit >>
                        -(*x3::blank >> x3::no_case[meridiems][set_meridiem] >> !x3::alpha);
// `1430 hrs`, `1330 hours`: four digits only count as a time with the word after them.
const auto military_time = four_digits[set_hhmm] >> *x3::blank >>
                           x3::no_case[x3::lit("hours") | "hrs" | "hr"] >> !x3::alpha;

const auto time_rule = x3::rule<struct time_tag, RawTime>{"time"} = colon_time | military_time;

// A time may start a word, or follow the `T` of an ISO date-time; never inside a longer number
// chain (`1.10:05`, `3:10:05:22`).
bool can_start_time(std::string_view text, std::size_t pos) {
    if (!is_digit(text[pos])) return false;
    if (digit_then_separator(text, pos, ':') || digit_then_separator(text, pos, '.')) return false;
    if (at_word_start(text, pos)) return true;
    return pos >= 2 && (text[pos - 1] == 'T' || text[pos - 1] == 't') && is_digit(text[pos - 2]);
}

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower_char(c);
    return out;
}

bool mentions_any(std::string_view haystack, std::initializer_list<std::string_view> words) {
    std::string lower = lower_copy(haystack);
    for (auto w : words)
        if (lower.find(w) != std::string::npos) return true;
    return false;
}

// `titer of 1:40`, `<1:80`, `a 50:50 mixture`, `ratio 2:30`: ratios and dilutions written like
// clock times (only checked for times without am/pm).
bool ratio_context(std::string_view text, std::size_t pos, std::size_t end) {
    if (pos > 0 && (text[pos - 1] == '<' || text[pos - 1] == '>')) return true;
    std::size_t from = pos > 16 ? pos - 16 : 0;
    if (mentions_any(text.substr(from, pos - from), {"titer", "titre", "ratio", "dilution"}))
        return true;
    std::size_t to = std::min(text.size(), end + 12);
    return mentions_any(text.substr(end, to - end), {"mix", "ratio", "dilution", "solution"});
}

struct TimeMatch {
    RawTime raw;
    std::size_t begin = 0, end = 0;
};

std::optional<TimeMatch> parse_time_at(std::string_view text, std::size_t pos) {
    if (pos >= text.size() || !can_start_time(text, pos)) return std::nullopt;
    iterator it = iterator_at(text, pos);
    RawTime raw;
    if (!x3::parse(it, text.end(), time_rule, raw)) return std::nullopt;
    std::size_t end = offset_of(text, it);
    if (!at_word_end(text, end) || separator_then_digit(text, end, '.') ||
        separator_then_digit(text, end, ':') || separator_then_digit(text, end, ','))
        return std::nullopt;
    if (raw.meridiem == 0 && ratio_context(text, pos, end)) return std::nullopt;
    return TimeMatch{raw, pos, end};
}

ClockTime to_clock(RawTime const& raw, Span span) {
    ClockTime t;
    t.hour = raw.hour;
    t.minute = raw.minute;
    t.span = span;
    bool minute_ok = raw.minute >= 0 && raw.minute <= 59;
    if (raw.meridiem == 0) {
        t.valid = minute_ok && raw.hour <= 23;
        return t;
    }
    // `00:15 AM` appears in exported records; accept it as midnight. `13:05 PM` cannot exist.
    bool hour_ok = raw.meridiem == 1 ? raw.hour <= 12 : (raw.hour >= 1 && raw.hour <= 12);
    t.valid = minute_ok && hour_ok;
    if (!t.valid) return t;
    if (raw.meridiem == 1 && raw.hour == 12) t.hour = 0;
    if (raw.meridiem == 2 && raw.hour < 12) t.hour = raw.hour + 12;
    return t;
}

int minutes_of_day(ClockTime const& t) { return t.hour * 60 + t.minute; }

// `10:02-10:55am`: the stop's am/pm also applies to a start written without one. When that
// would put the start after the stop (`11:30-12:15 pm`), the start takes the other half.
ClockTime start_with_meridiem_of(TimeMatch const& start, TimeMatch const& stop, Span span) {
    ClockTime plain = to_clock(start.raw, span);
    if (start.raw.meridiem != 0 || stop.raw.meridiem == 0 || start.raw.hour < 1 ||
        start.raw.hour > 12)
        return plain;
    ClockTime stop_clock = to_clock(stop.raw, {});
    RawTime same = start.raw;
    same.meridiem = stop.raw.meridiem;
    ClockTime guess = to_clock(same, span);
    if (stop_clock.valid && minutes_of_day(guess) > minutes_of_day(stop_clock)) {
        same.meridiem = stop.raw.meridiem == 1 ? 2 : 1;
        guess = to_clock(same, span);
    }
    return guess;
}

// ---------------------------------------------------------------------------------------------
// Time ranges

const auto range_connector =
    *x3::blank >>
    (x3::lit('-') | x3::lit("\xE2\x80\x93") | x3::lit("\xE2\x80\x94") |  // - en dash em dash
     (x3::no_case[x3::lit("until") | "till" | "through" | "thru" | "to"] >> word_end)) >>
    *x3::blank;

// What may sit between a keyword and its time: `Time in: 1:05`, `Start - 10:02`, `Start at 10:02`.
const auto keyword_tail = word_end >> *x3::blank >> -(x3::lit(':') | '-' | '=') >> *x3::blank >>
                          -(x3::no_case[x3::lit("at")] >> +x3::blank);

const auto start_keyword =
    x3::no_case[(x3::lit("time") >> (+x3::blank | '-') >> "in") |
                (x3::lit("start") >> -(x3::lit("ed") | "s") >> -(+x3::blank >> "time")) |
                (x3::lit("begin") >> -x3::lit("s")) | x3::lit("began") | x3::lit("in")] >>
    keyword_tail;

const auto stop_keyword =
    x3::no_case[(x3::lit("time") >> (+x3::blank | '-') >> "out") |
                (x3::lit("stop") >> -(x3::lit("ped") | "s") >> -(+x3::blank >> "time")) |
                (x3::lit("end") >> -(x3::lit("ed") | "s") >> -(+x3::blank >> "time")) |
                (x3::lit("finish") >> -x3::lit("ed")) | x3::lit("out")] >>
    keyword_tail;

const auto from_keyword = x3::no_case[x3::lit("from")] >> word_end >> +x3::blank;

// How far a `Stop`/`Time out` may be from its `Start`/`Time in` (one or two lines of a note).
constexpr std::size_t max_keyword_gap = 200;

// Returns the end of `parser` matched at `pos`, if it matches there.
template <class Parser>
std::optional<std::size_t> match_at(std::string_view text, std::size_t pos, Parser const& parser) {
    iterator it = iterator_at(text, pos);
    if (!x3::parse(it, text.end(), parser)) return std::nullopt;
    return offset_of(text, it);
}

TimeRange make_range(std::size_t begin, TimeMatch const& start,
                     TimeMatch const& stop) {
    TimeRange range;
    range.start = start_with_meridiem_of(start, stop, Span{start.begin, start.end});
    range.stop = to_clock(stop.raw, Span{stop.begin, stop.end});
    range.span = Span{begin, stop.end};
    return range;
}

// `10:02-10:55`, `10:02 am – 10:55 am`, `10:02 to 10:55` right after `time`.
std::optional<TimeMatch> connected_stop(std::string_view text, TimeMatch const& start) {
    auto after = match_at(text, start.end, range_connector);
    if (!after) return std::nullopt;
    return parse_time_at(text, *after);
}

// `Stop 10:55`, `Time out: 1:58 PM` somewhere in the next few lines after a start time.
std::optional<TimeMatch> keyword_stop(std::string_view text, std::size_t from) {
    std::size_t limit = std::min(text.size(), from + max_keyword_gap);
    for (std::size_t pos = from; pos < limit; ++pos) {
        if (!at_word_start(text, pos) || !is_alpha(text[pos])) continue;
        // `time out`, `stop`, `end`, `finish`, `out`: no other word leads a stop time.
        const char first = ascii_lower_char(text[pos]);
        if (first != 't' && first != 's' && first != 'e' && first != 'f' && first != 'o') continue;
        if (auto after = match_at(text, pos, stop_keyword))
            if (auto stop = parse_time_at(text, *after)) return stop;
    }
    return std::nullopt;
}

bool four_digits_at(std::string_view text, std::size_t pos) {
    if (pos + 4 > text.size()) return false;
    for (std::size_t i = pos; i < pos + 4; ++i)
        if (!is_digit(text[i])) return false;
    return pos + 4 == text.size() || !is_digit(text[pos + 4]);
}

// `1430-1530 hrs`: the `hrs` after the stop makes the bare four digits before it a time too.
std::optional<TimeRange> military_range_at(std::string_view text, std::size_t pos) {
    if (!four_digits_at(text, pos) || !at_word_start(text, pos)) return std::nullopt;
    auto stop_pos = match_at(text, pos + 4, range_connector);
    if (!stop_pos || !four_digits_at(text, *stop_pos)) return std::nullopt;
    auto stop = parse_time_at(text, *stop_pos);
    if (!stop) return std::nullopt;
    int hhmm = std::stoi(std::string(text.substr(pos, 4)));
    TimeMatch start{RawTime{hhmm / 100, hhmm % 100, 0}, pos, pos + 4};
    return make_range(pos, start, *stop);
}

std::optional<TimeRange> range_at(std::string_view text, std::size_t pos) {
    if (auto military = military_range_at(text, pos)) return military;
    std::size_t time_pos = pos;
    bool started_by_keyword = false;
    if (is_alpha(text[pos])) {
        // Only `time in`, `start`, `begin`/`began`, `in` and `from` lead a time: other words are no start.
        const char first = ascii_lower_char(text[pos]);
        if (first != 't' && first != 's' && first != 'b' && first != 'i' && first != 'f') return std::nullopt;
        if (auto after = match_at(text, pos, start_keyword)) {
            time_pos = *after;
            started_by_keyword = true;
        } else if (auto after_from = match_at(text, pos, from_keyword)) {
            time_pos = *after_from;
        } else {
            return std::nullopt;
        }
    }
    auto start = parse_time_at(text, time_pos);
    if (!start) return std::nullopt;
    if (auto stop = connected_stop(text, *start)) return make_range(pos, *start, *stop);
    if (!started_by_keyword) return std::nullopt;
    if (auto stop = keyword_stop(text, start->end)) return make_range(pos, *start, *stop);
    return std::nullopt;
}

bool has_time_marks(std::string_view text) {
    return text.find(':') != std::string_view::npos || text.find('h') != std::string_view::npos ||
           text.find('H') != std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::vector<Date> find_dates(std::string_view text) {
    std::vector<Date> dates;
    detail::scan<RawDate>(text, date_rule, can_start_date,
                          [&](RawDate const& raw, iterator first, iterator last) {
                              Span span = detail::span_of(text, first, last);
                              if (is_calendar_date(raw) &&
                                  stands_alone(text, span.begin, span.end, raw.separator))
                                  dates.push_back(to_date(raw, span));
                          });
    return dates;
}

std::optional<Date> parse_date(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (begin < end && blank(text[begin])) ++begin;
    while (end > begin && blank(text[end - 1])) --end;
    if (end > begin && text[end - 1] == '.') --end;
    while (end > begin && blank(text[end - 1])) --end;
    if (begin == end) return std::nullopt;
    iterator first = iterator_at(text, begin);
    iterator last = iterator_at(text, end);
    iterator it = first;
    RawDate raw;
    if (!x3::parse(it, last, date_rule, raw) || it != last || !is_calendar_date(raw))
        return std::nullopt;
    return to_date(raw, Span{begin, end});
}

std::vector<ClockTime> find_times(std::string_view text) {
    std::vector<ClockTime> times;
    if (!has_time_marks(text)) return times;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto match = parse_time_at(text, pos);
        if (!match) {
            ++pos;
            continue;
        }
        times.push_back(to_clock(match->raw, Span{match->begin, match->end}));
        pos = match->end;
    }
    return times;
}

std::optional<TimeRange> find_time_range(std::string_view text) {
    if (!has_time_marks(text)) return std::nullopt;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if (!at_word_start(text, pos) && !can_start_time(text, pos)) continue;
        if (auto range = range_at(text, pos)) return range;
    }
    return std::nullopt;
}

}  // namespace soaplint::grammar
