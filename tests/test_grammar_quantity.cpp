// Tests of grammar/quantity.cpp. Quoted sentences marked "real" are taken verbatim from the
// corpora in shared/data (mtsamples, speech and PT plans of care); the rest are the forms of
// grammar/api.hpp and usual PT note shorthand.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "grammar/api.hpp"

using namespace soaplint::grammar;

namespace {

std::string_view spelled(std::string_view text, Span span) { return text.substr(span.begin, span.end - span.begin); }

// The only quantity in `text`; fails the test when there is not exactly one.
Quantity only_quantity(std::string_view text) {
    auto found = find_quantities(text);
    REQUIRE(found.size() == 1);
    return found.front();
}

}  // namespace

TEST_CASE("unit_name: the canonical unit spellings of SPEC section 5") {
    CHECK(unit_name(Unit::none) == "");
    CHECK(unit_name(Unit::deg) == "deg");
    CHECK(unit_name(Unit::per10) == "/10");
    CHECK(unit_name(Unit::per5) == "/5");
    CHECK(unit_name(Unit::percent) == "percent");
    CHECK(unit_name(Unit::cm) == "cm");
    CHECK(unit_name(Unit::m) == "m");
    CHECK(unit_name(Unit::ft) == "ft");
    CHECK(unit_name(Unit::in) == "in");
    CHECK(unit_name(Unit::kg) == "kg");
    CHECK(unit_name(Unit::lb) == "lb");
    CHECK(unit_name(Unit::s) == "s");
    CHECK(unit_name(Unit::min) == "min");
    CHECK(unit_name(Unit::h) == "h");
    CHECK(unit_name(Unit::reps) == "reps");
    CHECK(unit_name(Unit::points) == "points");
}

TEST_CASE("quantities: degrees with the sign, words and ranges; spans are byte offsets") {
    const std::string_view text = "Knee flexion 95\xC2\xB0 today";
    Quantity q = only_quantity(text);
    CHECK(q.value == 95);
    CHECK(q.unit == Unit::deg);
    CHECK(q.span.begin == 13);
    CHECK(q.span.end == 17);  // the degree sign is two bytes
    CHECK(spelled(text, q.span) == "95\xC2\xB0");

    CHECK(only_quantity("hip flexion 95 deg").unit == Unit::deg);
    CHECK(only_quantity("hip flexion 95 DEGREES").value == 95);
    CHECK(only_quantity("ER 90 degs").unit == Unit::deg);
    CHECK(only_quantity("Knee extension -5\xC2\xB0").value == -5);

    // real
    auto found = find_quantities("Range of motion is approximately -5 degrees to 95 degrees of flexion.");
    REQUIRE(found.size() == 2);
    CHECK(found[0].value == -5);
    CHECK(found[0].unit == Unit::deg);
    CHECK(found[1].value == 95);

    // real
    q = only_quantity("Both knees are passively extendable with about 10-15 degrees of fixed flexion deformity");
    CHECK(q.value == 10);
    CHECK(q.value_high == 15);
    CHECK(q.unit == Unit::deg);
    q = only_quantity("AROM 5-10\xC2\xB0");
    CHECK(q.value == 5);
    CHECK(q.value_high == 10);
}

TEST_CASE("quantities: temperatures are no degrees of motion") {
    CHECK(find_quantities("HR 86; RR 12; T 96.1\xC2\xB0 F;").size() == 2);  // real: HR and RR only
    CHECK(find_quantities("Temp 98.6\xC2\xB0""F").empty());
    CHECK(find_quantities("temperature 99.2 degrees Fahrenheit").empty());  // real
    CHECK(find_quantities("had temperature of 104 degrees F.").empty());    // real
    CHECK(find_quantities("Temperature 97.1 degrees.").empty());            // real
}

TEST_CASE("quantities: pain scales out of 10") {
    Quantity q = only_quantity("He rated his pain today as 6/10, describing it");  // real
    CHECK(q.value == 6);
    CHECK(q.unit == Unit::per10);
    CHECK(q.denominator == 10);
    CHECK(!q.value_high);

    q = only_quantity("pain in her left arm and hand at a level of 8-9/10");  // real
    CHECK(q.value == 8);
    CHECK(q.value_high == 9);
    CHECK(q.unit == Unit::per10);

    q = only_quantity("pain 6 - 7/10");
    CHECK(q.value == 6);
    CHECK(q.value_high == 7);

    q = only_quantity("currently and she ranks it at 5 out of 10.");  // real
    CHECK(q.value == 5);
    CHECK(q.unit == Unit::per10);

    const std::string_view scale = "He ranks the pain a 7 on a scale of 1-10.";  // real
    q = only_quantity(scale);
    CHECK(q.value == 7);
    CHECK(q.unit == Unit::per10);
    CHECK(spelled(scale, q.span) == "7 on a scale of 1-10");

    q = only_quantity("His pain is a 5 to 6 on a scale of 1 to 10.");  // real
    CHECK(q.value == 5);
    CHECK(q.value_high == 6);
    CHECK(q.unit == Unit::per10);

    CHECK(only_quantity("pain 6 on a 0-10 scale").unit == Unit::per10);
    CHECK(only_quantity("6/10 pain").value == 6);

    auto found = find_quantities("an ache and ranges from 3/10 to 6/10 in intensity");  // real
    REQUIRE(found.size() == 2);
    CHECK(found[0].value == 3);
    CHECK(found[1].value == 6);
    CHECK(found[1].unit == Unit::per10);
}

TEST_CASE("quantities: manual muscle test grades keep the written sign") {
    Quantity q = only_quantity("hip abd 4-/5");
    CHECK(q.value == 4);
    CHECK(q.unit == Unit::per5);
    CHECK(q.denominator == 5);
    CHECK(q.grade == "4-");
    CHECK(only_quantity("4+/5").grade == "4+");
    CHECK(only_quantity("quads 3+/5").grade == "3+");
    CHECK(only_quantity("4 -/5").grade == "4-");
    CHECK(only_quantity("Muscle strength is 5/5 throughout").grade == "5");  // real

    // real: 4/4 is no known scale, the trailing `-` stays outside the grade
    q = only_quantity("4/4 strength in the upper extremities and 5-/5- strength in the lower extremities");
    CHECK(q.grade == "5-");
    CHECK(q.value == 5);
}

TEST_CASE("quantities: percent, distance, weight, time, decimals") {
    CHECK(only_quantity("ODI 32%").unit == Unit::percent);
    CHECK(only_quantity("ODI 32 %").value == 32);
    CHECK(only_quantity("32 percent").unit == Unit::percent);
    CHECK(only_quantity("girth 12 cm").unit == Unit::cm);
    Quantity q = only_quantity("walked 1.5 m");
    CHECK(q.value == 1.5);
    CHECK(q.unit == Unit::m);
    CHECK(only_quantity("300 ft").unit == Unit::ft);
    CHECK(only_quantity("The patient is to ambulate 20 feet with the most appropriate assistive device.").unit ==
          Unit::ft);  // real
    CHECK(only_quantity("3 inches").unit == Unit::in);
    CHECK(only_quantity("10 kg").unit == Unit::kg);
    CHECK(only_quantity("20 lb").unit == Unit::lb);
    CHECK(only_quantity("lift 20 lbs").unit == Unit::lb);
    CHECK(only_quantity("hold 12 sec").unit == Unit::s);
    CHECK(only_quantity("hold 12 s").unit == Unit::s);
    CHECK(only_quantity("30 seconds").unit == Unit::s);
    CHECK(only_quantity("6 min").unit == Unit::min);
    CHECK(only_quantity("6 minutes").unit == Unit::min);
    CHECK(only_quantity("1 hr").unit == Unit::h);
    CHECK(only_quantity("2 hours").unit == Unit::h);
    q = only_quantity("40.9");
    CHECK(q.value == 40.9);
    CHECK(q.unit == Unit::none);

    // real: `in.` is inches at the end of a phrase
    auto found = find_quantities("Height:  5 ft.  8 in.  Weight:  168 lbs.");
    REQUIRE(found.size() == 3);
    CHECK(found[0].unit == Unit::ft);
    CHECK(found[1].unit == Unit::in);
    CHECK(found[1].value == 8);
    CHECK(found[2].unit == Unit::lb);
    CHECK(found[2].value == 168);

    // `in` followed by more words is the preposition
    found = find_quantities("improve 3 in 4 weeks");
    REQUIRE(found.size() == 2);
    CHECK(found[0].unit == Unit::none);
    CHECK(found[1].unit == Unit::none);
}

TEST_CASE("quantities: repetitions, sets x reps and outcome points") {
    Quantity q = only_quantity("SLR 3x10");
    CHECK(q.value == 10);
    CHECK(q.unit == Unit::reps);
    CHECK(only_quantity("bridges 3 x 10").value == 10);
    CHECK(only_quantity("2 sets of 10").value == 10);
    q = only_quantity("3 sets x 10-15 reps");
    CHECK(q.value == 10);
    CHECK(q.value_high == 15);
    CHECK(only_quantity("The patient is to tolerate 20 reps of standing exercises").unit == Unit::reps);  // real
    CHECK(only_quantity("The patient is to tolerate 30 repetitions of all lower extremity exercises.").value ==
          30);  // real

    // real: sizes are no sets x reps
    auto found = find_quantities("it measures 3.2 x 1.7 x 2.3 cm.");
    REQUIRE(found.size() == 3);
    CHECK(found[0].unit == Unit::none);
    CHECK(found[1].unit == Unit::none);
    CHECK(found[2].unit == Unit::cm);
    CHECK(found[2].value == 2.3);

    CHECK(only_quantity("45 points").unit == Unit::points);
    CHECK(only_quantity("45 pts").unit == Unit::points);
    q = only_quantity("LEFS 45/80");
    CHECK(q.value == 45);
    CHECK(q.unit == Unit::points);
    CHECK(q.denominator == 80);
}

TEST_CASE("quantities: bare numbers are returned without a unit") {
    Quantity q = only_quantity("HR 72");
    CHECK(q.value == 72);
    CHECK(q.unit == Unit::none);
    CHECK(!q.denominator);
}

TEST_CASE("quantities: dates, times, blood pressure, codes and words with digits are not quantities") {
    CHECK(find_quantities("DOS 3/14/2026").empty());
    CHECK(find_quantities("DOS 2026-03-14").empty());
    CHECK(find_quantities("in at 10:02").empty());
    CHECK(find_quantities("BP 124/78").empty());
    CHECK(find_quantities("Blood pressure is 111/70.").empty());  // real
    CHECK(find_quantities("97140 manual therapy").empty());
    CHECK(find_quantities("97140-59").empty());
    CHECK(find_quantities("Dx M54.50").empty());
    CHECK(find_quantities("L5 C5-6 T12 x2").empty());
    CHECK(find_quantities("1430 hrs").empty());
    CHECK(find_quantities("4th visit, 2nd set").empty());
    CHECK(find_quantities("Vicodin 5/500 mg").empty());
    CHECK(find_quantities("closed using 2-0 Vicryl and then 4-0 Monocryl").empty());  // real
    CHECK(find_quantities("seen 12/25 and 3/14").empty());
    CHECK(find_quantities("2x/week, 2-3x/week").empty());

    // list markers at the start of a line are not numbers, numbers after them are
    auto found = find_quantities("1. Walk 20 feet\n2) run");
    REQUIRE(found.size() == 1);
    CHECK(found[0].value == 20);
    CHECK(found[0].unit == Unit::ft);
}

TEST_CASE("quantities: garbage, empty and truncated input") {
    CHECK(find_quantities("").empty());
    CHECK(find_quantities("-").empty());
    CHECK(find_quantities("/").empty());
    CHECK(only_quantity("5-").value == 5);
    CHECK(only_quantity("5/").value == 5);
    CHECK(only_quantity("4 -/").unit == Unit::none);
    CHECK(find_quantities(std::string(5000, '9')).empty());
    const std::string binary("\xff\xfe\x00\x80\xC2\xB0\x01-\xC2/\xB0", 11);
    CHECK(find_quantities(binary).empty());
    CHECK(find_quantities("\xC2\xB0\xC2\xB0 deg %").empty());
}

TEST_CASE("frequency: the forms of api.hpp") {
    auto f = find_frequency("PT 2x/week for 6 weeks");
    REQUIRE(f);
    CHECK(f->visits == 2);
    CHECK(f->per == "week");
    CHECK(f->span.begin == 3);
    CHECK(f->span.end == 10);
    CHECK(find_frequency("2x/wk")->per == "week");
    CHECK(find_frequency("2 x per week")->visits == 2);
    f = find_frequency("2-3x/week");
    REQUIRE(f);
    CHECK(f->visits == 3);
    CHECK(find_frequency("twice weekly")->visits == 2);
    CHECK(find_frequency("twice a week")->visits == 2);
    CHECK(find_frequency("3 times per week")->visits == 3);
    CHECK(find_frequency("three times a week")->visits == 3);
    CHECK(find_frequency("1-2 times a week")->visits == 2);
    f = find_frequency("BIW");
    REQUIRE(f);
    CHECK(f->visits == 2);
    CHECK(f->per == "week");
    CHECK(find_frequency("TIW x 4 weeks")->visits == 3);
    CHECK(find_frequency("QW")->visits == 1);
    f = find_frequency("HEP daily");
    REQUIRE(f);
    CHECK(f->visits == 1);
    CHECK(f->per == "day");
}

TEST_CASE("frequency: real forms of the corpora") {
    auto f = find_frequency("The patient will be seen three times per week for 4 weeks and then reduce it");
    REQUIRE(f);
    CHECK(f->visits == 3);
    CHECK(f->per == "week");
    CHECK(find_frequency("Outpatient skilled speech therapy two times a week for the next 12 weeks.")->visits == 2);
    f = find_frequency("She will have home health visits one time per week for 3 weeks");
    REQUIRE(f);
    CHECK(f->visits == 1);
    f = find_frequency("2- 3 times a day");
    REQUIRE(f);
    CHECK(f->visits == 3);
    CHECK(f->per == "day");
    CHECK(find_frequency("5-6x/day")->visits == 6);
    CHECK(find_frequency("1 x day")->per == "day");
    CHECK(find_frequency("6 times/day")->visits == 6);
    f = find_frequency("two times per month");
    REQUIRE(f);
    CHECK(f->per == "month");
    CHECK(find_frequency("once a week")->visits == 1);
    CHECK(find_frequency("thrice weekly")->visits == 3);
    CHECK(find_frequency("5 days a week")->visits == 5);
    CHECK(find_frequency("3x weekly")->visits == 3);
    CHECK(find_frequency("Frequency: 2/wk")->visits == 2);
}

TEST_CASE("frequency: what is not a frequency") {
    CHECK(!find_frequency(""));
    CHECK(!find_frequency("Daily note"));
    CHECK(!find_frequency("independent with activities of daily living"));
    CHECK(!find_frequency("x 6 weeks"));
    CHECK(!find_frequency("2x10 reps"));
    CHECK(!find_frequency("twice"));
    CHECK(!find_frequency("2x/"));
}

TEST_CASE("duration: the forms of api.hpp and of real plans") {
    auto d = find_duration("PT 2x/week for 6 weeks");
    REQUIRE(d);
    CHECK(d->value == 6);
    CHECK(d->unit == "week");
    CHECK(d->span.begin == 11);
    CHECK(d->span.end == 22);
    CHECK(find_duration("x 6 wks")->value == 6);
    CHECK(find_duration("x6 weeks")->unit == "week");
    d = find_duration("x 8 visits");
    REQUIRE(d);
    CHECK(d->value == 8);
    CHECK(d->unit == "visit");
    CHECK(find_duration("for 8 visits")->unit == "visit");
    CHECK(find_duration("for 8 sessions")->unit == "visit");
    CHECK(find_duration("over 4 weeks")->value == 4);
    CHECK(find_duration("for 2 months")->unit == "month");
    CHECK(find_duration("for 4-6 weeks")->value == 6);
    CHECK(find_duration("for the next 4 weeks")->value == 4);
    CHECK(find_duration("Duration: 6 weeks")->value == 6);

    // after a frequency, with or without a lead word
    d = find_duration("2x/wk x 6 wk");
    REQUIRE(d);
    CHECK(d->value == 6);
    const std::string_view plan = "2x/week 6 weeks";
    d = find_duration(plan);
    REQUIRE(d);
    CHECK(d->value == 6);
    CHECK(spelled(plan, d->span) == "6 weeks");

    // real
    CHECK(find_duration("The patient to be seen three times a week for 6 weeks for the following:")->value == 6);
    d = find_duration("evaluate and treat his right shoulder and neck as indicated x 6 visits and he");
    REQUIRE(d);
    CHECK(d->unit == "visit");
    d = find_duration("a trial of a resting wrist splint at night for the next 4 to 6 weeks.");
    REQUIRE(d);
    CHECK(d->value == 6);
    CHECK(find_duration("Keflex 500 mg tablets, #20, one PO q.6h. x 5 days.")->unit == "day");
    CHECK(find_duration("LONG-TERM GOALS: for six weeks")->value == 6);
}

TEST_CASE("duration: what is not a duration") {
    CHECK(!find_duration(""));
    CHECK(!find_duration("in 4 weeks"));
    CHECK(!find_duration("stand for 10 minutes"));
    CHECK(!find_duration("come back for an appointment"));
    CHECK(!find_duration("smoked for 3 years"));
    CHECK(!find_duration("for"));
}

TEST_CASE("timeframe: counts of weeks, visits and sessions") {
    const std::string_view goal = "Pt will ambulate 300 ft independently in 4 weeks";
    auto t = find_timeframe(goal);
    REQUIRE(t);
    CHECK(t->value == 4);
    CHECK(t->unit == "week");
    CHECK(!t->by);
    CHECK(spelled(goal, t->span) == "in 4 weeks");
    t = find_timeframe("within 6 visits");
    REQUIRE(t);
    CHECK(t->value == 6);
    CHECK(t->unit == "visit");
    CHECK(find_timeframe("within 2-3 weeks")->value == 3);
    CHECK(find_timeframe("x 4 weeks")->value == 4);
    CHECK(find_timeframe("in 2 wks")->unit == "week");
    CHECK(find_timeframe("in 6 sessions")->unit == "session");
    CHECK(find_timeframe("(4 weeks)")->value == 4);
    CHECK(find_timeframe("4 weeks: pt will climb stairs")->value == 4);
    t = find_timeframe("LTG (8 weeks): independent with HEP");
    REQUIRE(t);
    CHECK(t->value == 8);
    CHECK(find_timeframe("STG 4 weeks: reduce pain")->value == 4);
    CHECK(find_timeframe("within the next 4 weeks")->value == 4);
    // real
    t = find_timeframe("SHORT-TERM GOALS (THREE WEEKS):");
    REQUIRE(t);
    CHECK(t->value == 3);
    t = find_timeframe("LONG-TERM GOALS TO BE ACCOMPLISHED IN ONE MONTH:");
    REQUIRE(t);
    CHECK(t->value == 1);
    CHECK(t->unit == "month");
    CHECK(find_timeframe("SHORT TERM GOALS/ONE WEEK GOALS:")->unit == "week");
}

TEST_CASE("timeframe: an end date after `by`") {
    const std::string_view iso = "Goal: ROM 120 deg by 2026-04-30.";
    auto t = find_timeframe(iso);
    REQUIRE(t);
    REQUIRE(t->by);
    CHECK(!t->value);
    CHECK(t->unit == "");
    CHECK(t->by->year == 2026);
    CHECK(t->by->month == 4);
    CHECK(t->by->day == 30);
    CHECK(spelled(iso, t->by->span) == "2026-04-30");
    CHECK(spelled(iso, t->span) == "by 2026-04-30");

    const std::string_view us = "independent by 4/30/2026";
    t = find_timeframe(us);
    REQUIRE(t);
    REQUIRE(t->by);
    CHECK(t->by->month == 4);
    CHECK(t->by->day == 30);
    CHECK(t->by->year == 2026);
    CHECK(spelled(us, t->by->span) == "4/30/2026");
}

TEST_CASE("timeframe: what is not a timeframe") {
    CHECK(!find_timeframe(""));
    CHECK(!find_timeframe("by discharge"));
    CHECK(!find_timeframe("improve in 3 areas"));
    CHECK(!find_timeframe("by"));
    CHECK(!find_timeframe("(4"));
}

TEST_CASE("totals: timed minutes") {
    const std::string_view line = "Total timed minutes: 38";
    auto totals = find_totals(line);
    REQUIRE(totals.size() == 1);
    CHECK(totals[0].kind == StatedTotal::Kind::timed);
    CHECK(totals[0].minutes == 38);
    CHECK(totals[0].span.begin == 0);
    CHECK(totals[0].span.end == line.size());
    const std::string_view timed[] = {"Total timed code minutes 38", "Timed minutes: 38",
                                      "Total timed treatment: 38 min", "Total Timed Code Treatment Minutes: 38",
                                      "Timed code minutes = 38"};
    for (std::string_view text : timed) {
        CAPTURE(text);
        totals = find_totals(text);
        REQUIRE(totals.size() == 1);
        CHECK(totals[0].kind == StatedTotal::Kind::timed);
        CHECK(totals[0].minutes == 38);
    }
}

TEST_CASE("totals: treatment time") {
    const std::string_view treatment[] = {"Total treatment time: 53 min", "Total time: 53 minutes",
                                          "Total treatment minutes 53", "Total session time 53 min",
                                          "Total Treatment Time (minutes): 53", "Total Time: 53 min",
                                          "Total treatment time 53'"};
    for (std::string_view text : treatment) {
        CAPTURE(text);
        auto totals = find_totals(text);
        REQUIRE(totals.size() == 1);
        CHECK(totals[0].kind == StatedTotal::Kind::treatment);
        CHECK(totals[0].minutes == 53);
    }
    const std::string_view both = "TOTAL TIMED MINUTES: 38 TOTAL TREATMENT MINUTES: 53";
    auto totals = find_totals(both);
    REQUIRE(totals.size() == 2);
    CHECK(totals[0].kind == StatedTotal::Kind::timed);
    CHECK(totals[1].kind == StatedTotal::Kind::treatment);
    CHECK(totals[1].minutes == 53);
    CHECK(spelled(both, totals[1].span) == "TOTAL TREATMENT MINUTES: 53");
}

TEST_CASE("totals: what is not a stated total") {
    CHECK(find_totals("Untimed minutes: 15").empty());
    CHECK(find_totals("Total untimed minutes: 15").empty());
    CHECK(find_totals("Total tourniquet time for the case was 30 minutes").empty());  // real
    CHECK(find_totals("She slept for a total sleep time of 398 minutes").empty());    // real
    CHECK(find_totals("Total time for this discharge 37 minutes").empty());           // real
    CHECK(find_totals("Timed Up and Go: 12 sec").empty());
    CHECK(find_totals("Total time: 10:02-10:55").empty());
    CHECK(find_totals("Total treatment time: 2 hours").empty());
    CHECK(find_totals("Total time:").empty());
    CHECK(find_totals("").empty());
}

TEST_CASE("quantity: ROM arcs written with `to` (real: mtsamples 1863)") {
    using namespace soaplint::grammar;
    const auto q = find_quantities("range of motion of the right knee is 0 to 90 degrees and the left knee, 0 to 85 degrees.");
    REQUIRE(q.size() == 2);
    CHECK(q[0].value == 0);
    CHECK(q[0].value_high.value_or(-1) == 90);
    CHECK(q[0].unit == Unit::deg);
    CHECK(q[1].value_high.value_or(-1) == 85);
    const auto plain = find_quantities("walk 5 to 6 blocks");
    for (const auto& x : plain) CHECK(x.unit != Unit::deg);
}
