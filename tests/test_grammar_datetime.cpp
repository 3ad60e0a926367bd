// Unit tests of grammar/datetime.cpp: find_dates, parse_date, find_times, find_time_range.
// Forms marked "corpus" are copied from mtsamples / aci-bench / primock57 / MTS-Dialog.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "grammar/api.hpp"

using namespace soaplint::grammar;

namespace {

// "yyyy-mm-dd" of the only date in `text`, "none" when there is none, "many" for several.
std::string only_date(std::string_view text) {
    auto dates = find_dates(text);
    if (dates.empty()) return "none";
    if (dates.size() > 1) return "many";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dates[0].year, dates[0].month, dates[0].day);
    return buf;
}

std::string parsed(std::string_view text) {
    auto date = parse_date(text);
    if (!date) return "none";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date->year, date->month, date->day);
    return buf;
}

// "hh:mm" (24-hour) of the only time in `text`, with " invalid" appended when not valid.
std::string only_time(std::string_view text) {
    auto times = find_times(text);
    if (times.empty()) return "none";
    if (times.size() > 1) return "many";
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d%s", times[0].hour, times[0].minute,
                  times[0].valid ? "" : " invalid");
    return buf;
}

// "hh:mm-hh:mm" of the first range in `text`.
std::string range(std::string_view text) {
    auto r = find_time_range(text);
    if (!r) return "none";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d%s", r->start.hour, r->start.minute,
                  r->stop.hour, r->stop.minute,
                  r->start.valid && r->stop.valid ? "" : " invalid");
    return buf;
}

std::string_view covered(std::string_view text, Span span) {
    return text.substr(span.begin, span.end - span.begin);
}

}  // namespace

TEST_CASE("dates: ISO and US numeric forms") {
    CHECK(only_date("Date of Service: 2026-03-14") == "2026-03-14");
    CHECK(only_date("DOS 3/14/2026") == "2026-03-14");
    CHECK(only_date("DOS: 03/17/26") == "2026-03-17");
    CHECK(only_date("3-14-2026") == "2026-03-14");
    CHECK(only_date("2026/03/14") == "2026-03-14");
    CHECK(only_date("seen on 02/19/2007 for") == "2007-02-19");      // corpus
    CHECK(only_date("history since 11/7/92") == "2092-11-07");       // corpus; 20yy by contract
    CHECK(only_date("treated on 04/14/2004, with") == "2004-04-14");  // corpus
    CHECK(only_date("seen 11-04-05 in clinic") == "2005-11-04");     // corpus
    CHECK(only_date("entered 2026-01-27.") == "2026-01-27");         // corpus
    CHECK(only_date("DOS:2026-03-14T10:02") == "2026-03-14");
}

TEST_CASE("dates: month names") {
    CHECK(only_date("March 14, 2026") == "2026-03-14");
    CHECK(only_date("Mar 14 2026") == "2026-03-14");
    CHECK(only_date("Mar. 14, 2026") == "2026-03-14");
    CHECK(only_date("14 March 2026") == "2026-03-14");
    CHECK(only_date("14-Mar-2026") == "2026-03-14");
    CHECK(only_date("Sept 3, 2026") == "2026-09-03");
    CHECK(only_date("Sep. 3rd, 2026") == "2026-09-03");
    CHECK(only_date("on October 4, 2000 the") == "2000-10-04");  // corpus
    CHECK(only_date("DECEMBER 22, 2008") == "2008-12-22");
    CHECK(only_date("june 13,2002") == "2002-06-13");
}

TEST_CASE("dates: spans are byte offsets of the whole date") {
    std::string_view text = "DOS: Mar. 14, 2026 and 3/20/26";
    auto dates = find_dates(text);
    REQUIRE(dates.size() == 2);
    CHECK(covered(text, dates[0].span) == "Mar. 14, 2026");
    CHECK(dates[0].span.begin == 5);
    CHECK(covered(text, dates[1].span) == "3/20/26");
    CHECK(dates[1].year == 2026);
    CHECK(dates[1].day == 20);
}

TEST_CASE("dates: a range of two dates gives both") {
    auto dates = find_dates("certified 3/14/2026-4/30/2026");
    REQUIRE(dates.size() == 2);
    CHECK(dates[0].month == 3);
    CHECK(dates[1].month == 4);
    CHECK(dates[1].day == 30);
}

TEST_CASE("dates: only real calendar dates") {
    CHECK(only_date("Feb 30, 2026") == "none");
    CHECK(only_date("2/30/2026") == "none");
    CHECK(only_date("2/29/2024") == "2024-02-29");
    CHECK(only_date("2/29/2025") == "none");
    CHECK(only_date("2000-02-29") == "2000-02-29");
    CHECK(only_date("4/31/2026") == "none");
    CHECK(only_date("13/12/2026") == "none");
    CHECK(only_date("2026-00-10") == "none");
    CHECK(only_date("12/31/1899") == "none");
}

TEST_CASE("dates: scores, ratios and longer numbers are not dates") {
    CHECK(only_date("pain 6/10 today") == "none");
    CHECK(only_date("MMT 4/5 hip abd") == "none");
    CHECK(only_date("BP 124/78") == "none");
    CHECK(only_date("LEFS 45/80") == "none");
    CHECK(only_date("296-20-270") == "none");  // corpus
    CHECK(only_date("1/2/2026/5") == "none");
    CHECK(only_date("20260314") == "none");
    CHECK(only_date("13/14/20266") == "none");
    CHECK(only_date("March 2026") == "none");
    CHECK(only_date("Mayday 5 2026") == "none");
    CHECK(only_date("v1.3/14/2026") == "none");
}

TEST_CASE("parse_date: the whole text is one date") {
    CHECK(parsed("2026-03-14") == "2026-03-14");
    CHECK(parsed("  March 14, 2026.  ") == "2026-03-14");
    CHECK(parsed("03/17/26") == "2026-03-17");
    CHECK(parsed("3/14/2026 10:02") == "none");
    CHECK(parsed("on 3/14/2026") == "none");
    CHECK(parsed("2026-02-30") == "none");
    CHECK(parsed("") == "none");
    CHECK(parsed(" . ") == "none");
    auto date = parse_date("  Mar 14 2026.");
    REQUIRE(date.has_value());
    CHECK(date->span.begin == 2);
    CHECK(date->span.end == 13);
}

TEST_CASE("times: 12-hour and 24-hour clock times") {
    CHECK(only_time("1:05 PM") == "13:05");
    CHECK(only_time("at 10:02am") == "10:02");
    CHECK(only_time("1:05 p.m.") == "13:05");
    CHECK(only_time("at 2:30 a.m., then") == "02:30");  // corpus
    CHECK(only_time("at 6:00AM, on") == "06:00");       // corpus
    CHECK(only_time("8:15AM") == "08:15");              // corpus
    CHECK(only_time("10:17 p.m. on") == "22:17");       // corpus
    CHECK(only_time("1:00 A.M.") == "01:00");
    CHECK(only_time("14:30") == "14:30");
    CHECK(only_time("12:15 a.m.") == "00:15");
    CHECK(only_time("12:46 p.m.") == "12:46");  // corpus
    CHECK(only_time("12:00 PM") == "12:00");
    CHECK(only_time("0:45") == "00:45");
    CHECK(only_time("at 7:31:15, shows") == "07:31");  // corpus; seconds ignored
}

TEST_CASE("times: four digits only with hrs/hours") {
    CHECK(only_time("1430 hrs") == "14:30");
    CHECK(only_time("at 1330 hours") == "13:30");  // corpus
    CHECK(only_time("at 0048 hours.") == "00:48");  // corpus
    CHECK(only_time("1430hrs") == "14:30");
    CHECK(only_time("walked 1430 ft") == "none");
    CHECK(only_time("1430") == "none");
}

TEST_CASE("times: impossible times are returned as invalid") {
    CHECK(only_time("Time in 25:70") == "25:70 invalid");
    CHECK(only_time("13:05 PM") == "13:05 invalid");
    CHECK(only_time("10:60") == "10:60 invalid");
    CHECK(only_time("2575 hrs") == "25:75 invalid");
    CHECK(only_time("0:30 PM") == "00:30 invalid");
}

TEST_CASE("times: ratios and pieces of longer numbers are not times") {
    CHECK(only_time("ratio 6:1") == "none");
    CHECK(only_time("121:05") == "none");
    CHECK(only_time("1:055") == "none");
    CHECK(only_time("v1.10:05") == "none");
    CHECK(only_time("lidocaine with 1:20,000 epinephrine") == "none");  // corpus
    CHECK(only_time("using a 50:50 mixture of 2% plain") == "none");   // corpus
    CHECK(only_time("normal<1:80") == "none");                         // corpus
    CHECK(only_time("at 5 pm") == "none");
    CHECK(only_time("") == "none");
}

TEST_CASE("times: spans cover the am/pm marker") {
    std::string_view text = "Seen 1:05 p.m. and 14:30.";
    auto times = find_times(text);
    REQUIRE(times.size() == 2);
    CHECK(covered(text, times[0].span) == "1:05 p.m.");
    CHECK(covered(text, times[1].span) == "14:30");
    CHECK(times[1].span.begin == 19);
}

TEST_CASE("time ranges: connected forms") {
    CHECK(range("10:02-10:55") == "10:02-10:55");
    CHECK(range("10:02 am - 10:55 am") == "10:02-10:55");
    CHECK(range("10:02 to 10:55") == "10:02-10:55");
    CHECK(range("from 10:02 to 10:55") == "10:02-10:55");
    CHECK(range("Time: 10:02 - 10:55") == "10:02-10:55");
    CHECK(range("Session 9:00-9:53") == "09:00-09:53");
    CHECK(range("10:02 AM \xE2\x80\x93 10:55 AM") == "10:02-10:55");  // en dash
    CHECK(range("1:05 PM until 1:58 PM") == "13:05-13:58");
    CHECK(range("10. 13:30-13:50") == "13:30-13:50");         // corpus
    CHECK(range("around 7:00-8:00 when") == "07:00-08:00");   // corpus
    CHECK(range("7:00 to 7:30") == "07:00-07:30");            // corpus
    CHECK(range("1430-1530 hrs") == "14:30-15:30");
}

TEST_CASE("time ranges: a trailing am/pm applies to a bare start") {
    CHECK(range("10:02-10:55am") == "10:02-10:55");
    CHECK(range("1:05-1:58 PM") == "13:05-13:58");
    CHECK(range("3:00-6:00AM") == "03:00-06:00");       // corpus
    CHECK(range("12:00 to 1:00 a.m.") == "00:00-01:00");  // corpus
    CHECK(range("11:30-12:15 pm") == "11:30-12:15");
    CHECK(range("1:30 PM-2:00") == "13:30-02:00");  // no back-propagation from start to stop
}

TEST_CASE("time ranges: keyword forms") {
    CHECK(range("Start 10:02 Stop 10:55") == "10:02-10:55");
    CHECK(range("Start time: 10:02 ... End time: 10:55") == "10:02-10:55");
    CHECK(range("Start time: 10:02 AM\nModalities ...\nEnd time: 10:55 AM") == "10:02-10:55");
    CHECK(range("Time in 1:05 PM Time out 1:58 PM") == "13:05-13:58");
    CHECK(range("Time in: 1:05 PM, Time out: 1:58 PM") == "13:05-13:58");
    CHECK(range("Time In: 1:05 PM / Time Out: 1:58 PM") == "13:05-13:58");
    CHECK(range("In 9:00 Out 9:45") == "09:00-09:45");
    CHECK(range("Started at 9:00, ended at 9:45") == "09:00-09:45");
    CHECK(range("Start: 1430 hrs End: 1530 hrs") == "14:30-15:30");
}

TEST_CASE("time ranges: span and the times inside it") {
    std::string_view text = "Note. Time in: 1:05 PM, Time out: 1:58 PM. Tolerated well.";
    auto r = find_time_range(text);
    REQUIRE(r.has_value());
    CHECK(covered(text, r->span) == "Time in: 1:05 PM, Time out: 1:58 PM");
    CHECK(covered(text, r->start.span) == "1:05 PM");
    CHECK(covered(text, r->stop.span) == "1:58 PM");
}

TEST_CASE("time ranges: invalid ends stay visible, the first range wins") {
    CHECK(range("25:70-26:00") == "25:70-26:00 invalid");
    CHECK(range("Start 10:55 Stop 10:02") == "10:55-10:02");  // a checker flags stop < start
    CHECK(range("9:00-9:30 then 10:00-10:30") == "09:00-09:30");
}

TEST_CASE("time ranges: no range") {
    CHECK(range("at 10:02 then later 10:55") == "none");
    CHECK(range("Start 10:02") == "none");
    CHECK(range("pain at 1:05 PM") == "none");
    CHECK(range("pain 6-7/10 for 2-3 weeks") == "none");
    CHECK(range("Time 1430-1530") == "none");
    CHECK(range("") == "none");
}

TEST_CASE("garbage input never crashes or loops") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
    std::string tails[] = {"1",   "1:",   "1:0",  "12/",  "12/1/", "Mar",  "Mar 1", "Mar 1,",
                           "T",   "Time in", "1430 h", "\xE2\x80", "10:02 -", "from ", "2026-"};
    for (auto const& tail : tails) {
        std::string text = garbage + tail;
        CHECK_NOTHROW(find_dates(text));
        CHECK_NOTHROW(find_times(text));
        CHECK_NOTHROW(find_time_range(text));
        CHECK_NOTHROW(parse_date(text));
        CHECK(find_times(tail).size() <= 1);
    }
    std::string big(200000, '9');
    big += ":00 - 1:00";
    CHECK(find_times(big).size() == 1);  // only the `1:00` after the long digit run
    CHECK_FALSE(find_time_range(big).has_value());
    CHECK(find_dates(std::string(100000, '/')).empty());
    std::string colons;
    for (int i = 0; i < 20000; ++i) colons += "1:00:";
    CHECK(find_time_range(colons).has_value() == false);
}
