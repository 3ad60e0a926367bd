// The one header the rest of soaplint includes to use the grammars.
//
// Plain structs and functions only: no Spirit X3 here, so a change in a grammar recompiles only
// its own translation unit (grammar/*.cpp), never src/ or checks/.
//
// Every function scans UTF-8 text (already NFKC-normalised, degree look-alikes mapped to U+00B0)
// and reports byte offsets into the text it was given. Matching is case-insensitive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint::grammar {

// Byte offsets [begin, end) into the scanned text.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// ---------------------------------------------------------------------------------------------
// Dates and clock times (grammar/datetime.cpp)

struct Date {
    int year = 0, month = 0, day = 0;
    Span span;
};
// ISO `2026-03-14`, US `3/14/2026`, `03/17/26` (two-digit years are 20yy), `3-14-2026`,
// `March 14, 2026`, `Mar 14 2026`, `Mar. 14, 2026`, `14 March 2026`. Only real calendar dates.
std::vector<Date> find_dates(std::string_view text);
// The whole text (after trimming blanks and a trailing period) is one date.
std::optional<Date> parse_date(std::string_view text);

struct ClockTime {
    int hour = 0, minute = 0;  // 24-hour after AM/PM conversion
    bool valid = true;         // false for a clock time that cannot exist: 25:70, 13:05 PM
    Span span;
};
// `10:02`, `1:05 PM`, `10:02am`, `1:05 p.m.`, `14:30`, `1430` only when followed by `hrs`.
// A time with an impossible hour or minute (25:70) is returned with valid = false.
std::vector<ClockTime> find_times(std::string_view text);

struct TimeRange {
    ClockTime start, stop;
    Span span;
};
// `10:02-10:55`, `10:02 am - 10:55 am`, `10:02 to 10:55`, `from 10:02 to 10:55`,
// `Start 10:02 Stop 10:55`, `Start time: 10:02 ... End time: 10:55`,
// `Time in 1:05 PM Time out 1:58 PM`, `Time in: 1:05 PM, Time out: 1:58 PM`, `In 9:00 Out 9:45`.
// `10:02-10:55am` applies the trailing am/pm to both ends when the start has none.
std::optional<TimeRange> find_time_range(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Quantities, frequency, duration, goal timeframes, stated totals (grammar/quantity.cpp)

enum class Unit { none, deg, per10, per5, percent, cm, m, ft, in, kg, lb, s, min, h, reps, points };
// Canonical spelling of SPEC §5: "deg", "/10", "/5", "percent", "cm", ... ; "" for none.
std::string_view unit_name(Unit unit);

struct Quantity {
    double value = 0;
    std::optional<double> value_high;  // the upper end of a range: `6-7/10` gives 6 and 7
    Unit unit = Unit::none;
    std::optional<int> denominator;    // the written scale of `x/y` forms: 10, 5, 80 (LEFS 45/80)
    std::string grade;                 // MMT grade as written for /5 forms: "4-", "4+", "3+", "5"
    Span span;
};
// Numbers with their unit or scale: `95°`, `95 deg`, `95 degrees`, `6/10`, `6-7/10`,
// `4-/5`, `4+/5`, `4/5`, `45/80`, `32%`, `12 cm`, `1.5 m`, `300 ft`, `3 in`, `10 kg`, `20 lb`,
// `20 lbs`, `12 sec`, `12 s`, `30 seconds`, `6 min`, `1 hr`, `10 reps`, `3x10` (sets x reps, unit
// reps, value 10), `45 points`/`pts`. Bare numbers (`120`) are returned with Unit::none so the
// caller can judge them. Numbers that are parts of dates, clock times, blood pressures (124/78)
// or codes are not returned: callers pass text with those already blanked when they need to.
std::vector<Quantity> find_quantities(std::string_view text);

struct Frequency {
    int visits = 0;            // the upper end of `2-3x/week`
    std::string per;           // "day", "week", "month"
    Span span;
};
// `2x/week`, `2x/wk`, `2 x per week`, `2-3x/week`, `twice weekly`, `twice a week`,
// `3 times per week`, `three times a week`, `1-2 times a week`, `BIW`, `TIW`, `QW`, `daily`.
std::optional<Frequency> find_frequency(std::string_view text);

struct Duration {
    int value = 0;
    std::string unit;          // "day", "week", "month", "visit"
    Span span;
};
// `for 6 weeks`, `x 6 wks`, `x6 weeks`, `x 8 visits`, `for 8 visits`, `over 4 weeks`,
// `6 weeks` after a frequency (`2x/week for 6 weeks`, `2x/wk x 6 wk`). Not an end date: callers
// use find_dates for `through 2026-04-30`.
std::optional<Duration> find_duration(std::string_view text);

struct Timeframe {
    std::optional<int> value;  // 4 in `in 4 weeks`; empty when a date is given
    std::string unit;          // "day", "week", "month", "visit", "session"; "" with a date
    std::optional<Date> by;    // `by 2026-04-30`, `by 4/30/2026`
    Span span;
};
// A goal's timeframe: `in 4 weeks`, `within 6 visits`, `within 2-3 weeks` (upper end),
// `by 2026-04-30`, `by 4/30/26`, `x 4 weeks`, `in 4 wks`, `(4 weeks)`, `4 weeks:` as a lead-in.
std::optional<Timeframe> find_timeframe(std::string_view text);

struct StatedTotal {
    enum class Kind { timed, treatment } kind = Kind::timed;
    int minutes = 0;
    Span span;
};
// Stated totals: `Total timed minutes: 38`, `Total timed code minutes 38`, `Timed minutes: 38`,
// `Total timed treatment: 38 min` (timed); `Total treatment time: 53 min`, `Total time: 53
// minutes`, `Total treatment minutes 53`, `Total session time 53 min` (treatment).
std::vector<StatedTotal> find_totals(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Billing codes (grammar/codes.cpp)

struct CptLine {
    std::string code;                    // "97140", "G0283"
    std::vector<std::string> modifiers;  // "59", "XS", "GP", "KX" as written, upper-cased
    std::optional<int> units;            // `x2`, `2 units`, `(1 unit)`, `2u`, `units: 2`
    std::optional<int> minutes;          // `23 min`, `23 minutes`, `23'`, `23 mins`, `minutes: 23`
    Span span;                           // the code itself
};
// CPT/HCPCS procedure codes with what follows them up to the next code on the line:
// `97140 Manual therapy 23 min x2`, `97140-59 (2 units) 23'`, `97140 XS GP`, `CPT 97110 -
// Therapeutic exercise: 15 minutes, 1 unit`, `Manual therapy (97140): 23 min, 2 units`.
// Only five-character codes of the forms `9xxxx`, `2xxxx`, `Gxxxx` that stand alone as a word.
// Minutes that belong to a clock-time range (`10:02-10:25`) are not taken as minutes.
std::vector<CptLine> find_cpt(std::string_view text);

struct IcdCode {
    enum class Shape {
        icd10,      // letter, 2 more characters, optional dot and up to 4 more: M54.50, M5450
        icd9,       // ICD-9 shaped: `724.2`, `719.41`, `V57.1`
        malformed   // ICD-10-like but broken: `M54.5.1`, `M54..5`, `M54.50000`
    } shape = Shape::icd10;
    std::string code;  // icd10: upper-case, dotted after the third character ("M54.50"); others raw
    std::string raw;   // as written
    Span span;
};
// Diagnosis-code candidates in a line. ICD-10-CM: a letter (not U), a digit, a digit or letter,
// then optionally `.` and 1-4 letters/digits; undotted forms (`M5450`) are accepted and dotted.
// Words that merely look like codes in prose (`L5` vertebra, `T12`, `C5-6`) are not returned
// unless they have at least 4 characters after the letter or a dot.
std::vector<IcdCode> find_icd10(std::string_view text);

}  // namespace soaplint::grammar
