// The scanners of checks/plan.cpp (issue 9: no std::regex in rules) against the seven regexes
// they replaced: the same matches, byte for byte, on crafted strings, generated combinations,
// random strings and every line of every fixture. The regexes live here and nowhere else.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "checks/plan_scan.hpp"

namespace fs = std::filesystem;
namespace scan = soaplint::checks::plan_scan;

namespace {

// ---- The former implementation, verbatim patterns ------------------------------------------

namespace old {

const std::regex date(R"(\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b)");
const std::regex token(R"([A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9])");
const std::regex count_after(R"(^\s*(visits?|units?|sessions?|treatments?|days?|weeks?|months?)\b)",
                             std::regex::icase);
const std::regex inline_number(
    R"(\b(?:prior\s+)?(?:auth(?:orization)?|precert(?:ification)?|pre-cert(?:ification)?)\s*(?:#|no\.?|number|num)\s*:?\s*#?\s*([A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9]))",
    std::regex::icase);
const std::regex count_first(
    R"(\b(\d{1,3})\s*(?:\(\w+\)\s*)?(?:authorized\s+|approved\s+|auth\s+|additional\s+|more\s+|total\s+)?(?:visits?|sessions?|treatments?)\b)",
    std::regex::icase);
const std::regex count_last(R"(\b(?:visits?|sessions?)\s+(?:authorized|approved)\s*:?\s*(\d{1,3})\b)",
                            std::regex::icase);
const std::regex visit_of(R"(\bvisit\s*(?:#|no\.?)?\s*(\d{1,3})\s*(?:of|/)\s*(\d{1,3})(?![\d/-]))",
                          std::regex::icase);

std::string without_dates(const std::string& text) { return std::regex_replace(text, date, " "); }

std::optional<std::string> number_in(const std::string& text) {
    const std::string text_without_dates = without_dates(text);
    for (auto it = std::sregex_iterator(text_without_dates.begin(), text_without_dates.end(), token);
         it != std::sregex_iterator(); ++it) {
        const std::string t = it->str();
        if (!std::any_of(t.begin(), t.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
            continue;
        const std::string after = text_without_dates.substr(static_cast<std::size_t>(it->position() + it->length()));
        if (std::regex_search(after, count_after)) continue;
        return t;
    }
    return std::nullopt;
}

}  // namespace old

// ---- Comparison ------------------------------------------------------------------------------

using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

std::string show(const std::optional<std::pair<std::size_t, std::size_t>>& span) {
    return span ? std::to_string(span->first) + "+" + std::to_string(span->second) : "none";
}

std::optional<std::pair<std::size_t, std::size_t>> group(const std::string& text, const std::regex& re, int n) {
    std::smatch m;
    if (!std::regex_search(text, m, re)) return std::nullopt;
    return std::pair{static_cast<std::size_t>(m.position(n)), static_cast<std::size_t>(m.length(n))};
}

std::optional<std::pair<std::size_t, std::size_t>> pos_len(const std::optional<scan::Span>& span) {
    if (!span) return std::nullopt;
    return std::pair{span->begin, span->end - span->begin};
}

struct Differential {
    long strings = 0;
    std::vector<std::string> mismatches;

    void differ(const std::string& what, const std::string& text, const std::string& was, const std::string& is) {
        if (mismatches.size() < 25)
            mismatches.push_back(what + " on [" + text + "]: regex " + was + ", scanner " + is);
        else
            mismatches.emplace_back();
    }

    void groups(const std::string& text) {
        if (auto was = group(text, old::inline_number, 1), is = pos_len(scan::inline_authorization_number(text));
            was != is)
            differ("inline_number", text, show(was), show(is));
        if (auto was = group(text, old::count_first, 1), is = pos_len(scan::count_before_visits(text)); was != is)
            differ("count_first", text, show(was), show(is));
        if (auto was = group(text, old::count_last, 1), is = pos_len(scan::count_after_visits(text)); was != is)
            differ("count_last", text, show(was), show(is));
        const auto visit = scan::visit_of(text);
        if (auto was = group(text, old::visit_of, 1), is = pos_len(visit ? std::optional(visit->number) : std::nullopt);
            was != is)
            differ("visit_of number", text, show(was), show(is));
        if (auto was = group(text, old::visit_of, 2), is = pos_len(visit ? std::optional(visit->total) : std::nullopt);
            was != is)
            differ("visit_of total", text, show(was), show(is));
    }

    void tokens(const std::string& text) {
        Spans was, is;
        for (auto it = std::sregex_iterator(text.begin(), text.end(), old::token); it != std::sregex_iterator(); ++it)
            was.emplace_back(static_cast<std::size_t>(it->position()), static_cast<std::size_t>(it->length()));
        for (auto t = scan::find_token(text, 0); t; t = scan::find_token(text, t->end))
            is.emplace_back(t->begin, t->end - t->begin);
        if (was != is) differ("token", text, std::to_string(was.size()) + " tokens", std::to_string(is.size()) + " tokens");
        // count_after on what follows each token (where number_in asks) and on the whole text.
        std::vector<std::size_t> starts = {0};
        for (const auto& [pos, len] : was) starts.push_back(pos + len);
        for (const std::size_t from : starts) {
            const std::string after = text.substr(from);
            const bool w = std::regex_search(after, old::count_after), i = scan::starts_with_count_unit(after);
            if (w != i) differ("count_after", after, w ? "match" : "none", i ? "match" : "none");
        }
    }

    void compare(const std::string& text) {
        ++strings;
        const std::string blanked = old::without_dates(text);
        if (const std::string is = scan::without_dates(text); is != blanked) differ("date", text, blanked, is);
        const auto was_number = old::number_in(text), is_number = scan::number_in(text);
        if (was_number != is_number)
            differ("number_in", text, was_number.value_or("none"), is_number.value_or("none"));
        tokens(text);
        tokens(blanked);
        groups(text);
        // authorized_visits reads its counts in the text with its dates blanked.
        if (blanked != text) groups(blanked);
        // documents_authorization reads the number in the inline group.
        if (const auto g = group(text, old::inline_number, 1)) {
            const std::string number = text.substr(g->first, g->second);
            if (old::number_in(number) != scan::number_in(number))
                differ("number_in (group)", number, old::number_in(number).value_or("none"),
                       scan::number_in(number).value_or("none"));
        }
    }

    void report() const {
        MESSAGE(strings << " strings compared");
        for (const std::string& m : mismatches)
            if (!m.empty()) FAIL_CHECK(m);
        CHECK(mismatches.size() == 0);
    }
};

// ---- Inputs ----------------------------------------------------------------------------------

const std::vector<std::string> kCrafted = {
    "", " ", "a", "1", "12", "123", "1234", "12345",
    // dates
    "3/2/2026", "03/31", "2026-03-02", "12/2026", "03/31/20265", "1/2/3", "1/2/", "1/2-", "1-2-3", "12345/6",
    "1/234", "1/23/4", "99/99/9999", "0/0", "DOS 3/2/2026.", "on 03/02/26, 03/04 and 03/06", "a3/2/2026",
    "_3/2/2026", "3/2/2026x", "3/2/2026_", "3/2/2026/5", "3/2/20261/5", "3//2", "3-/2", "1/2/3/4/5/6",
    "2026-03-02T10:00", "10:02-10:55", "1-2", "1-22-333", "1-22-4444-", "-1/2", "1/2°", "°1/2", "1/2–3",
    "12/2026 visits", "from 3/2 to 4/30/2026", "3/2/2026\t4/2/2026", "1/1 1/1 1/1",
    // tokens and numbers
    "HC-55821", "#A1234567", "778812", "A--1", "A-1", "AB-1", "A1-", "A1--", "-A12-", "ab-c", "abcd",
    "A1B2-C3D4-", "HC-55821-", "HC--", "1-1-1", "12 visits", "12 VISITS", "12\tvisits", "12 visits.",
    "1234 visits", "1234 visitsx", "1234 visit_", "1234 days", "1234 wk", "1234 weeks", "1234 months ago",
    "1234 units", "1234 sessions", "1234 treatment", "1234 treatments", "1234 Days", "1234\v\fdays",
    "HC-55821 12 visits", "12 visits HC-55821", "Auth 1234 visits, number 5678", "abc", "ab12", "a-b-c-1",
    // inline authorization numbers
    "Auth # : HC-1", "Auth #: HC-55821", "Auth#HC-55821", "Auth # HC-55821", "Authorization: HC-55821",
    "Authorization number: 12-34", "prior authorization number: 12-34", "Prior auth #HC-55821 obtained",
    "PRIOR AUTH NO. 778812", "prior  auth no 778812", "prior\tauthorization num A123", "priorauth # A123",
    "Precert # 55821", "precertification no.55821", "pre-cert #55821", "Pre-Certification Number 55821",
    "pre cert # 55821", "auth no.A12", "auth no. A12", "Authorization no.A12", "authorization numbe12",
    "auth numb12", "auth number12", "auth numberX", "auth num bers 12", "auth  #  :  #  HC-1", "auth : # 1234",
    "auth #: : 1234", "auth ## 1234", "auth #:#:1234", "xauth # 1234", "_auth # 1234", "1auth # 1234",
    "authority # 1234", "authno. 1234", "auth no 12 visits", "auth # 3/2/2026", "auth # 1234 visits",
    "auth # ABCD", "auth # A-B-C-D-1", "auth # 1---", "auth # 12--3", "Auth # HC-55821; auth # 99",
    "see auth # x1 then auth # 12345", "auth #° 1234", "auth # –1234", "AUTH # hc-55821", "aUtH No. 5",
    "Authorization #: 12 visits approved", "auth # 12 visits", "prior prior auth # 1234", "prior auth",
    // counts
    "Authorization: 12 visits", "auth for 12 visits", "12 visits authorized", "approved for 12 visits",
    "visits authorized: 12", "Visits Authorized 12", "visit approved:12", "sessions approved : 8",
    "session authorized 8x", "visits authorized 1234", "visits authorized: 12.", "visitsauthorized 12",
    "visits  authorized12", "visitss authorized 12", "visits\tapproved\t12", "visits authorizedx 12",
    "12 (twelve) visits", "12 (twelve)visits", "12(twelve) authorized visits", "12 () visits", "12 (a b) visits",
    "12 (twelve visits", "12 authorized visits", "12 auth visits", "12 authvisits", "12 additional sessions",
    "12 more treatments", "12 total visits", "12 totalvisits", "12visits", "x12 visits", "_12 visits",
    "1234 visits", "12 visitsx", "12 visit_", "12 treatment", "12 Treatments.", "3 more visits approved",
    "visits authorized: 12, 6 visits used", "6 visits used, visits authorized: 12", "12 (°) visits",
    "12 authorized  visits", "12 AUTHORIZED VISITS", "12 approved\nvisits", "0 visits", "000 visits",
    // visit N of M
    "Visit 13 of 12", "visit #3/12", "Visit no. 4 of 10.", "visit 3 of 1234", "visit 10/12/2026",
    "Visit 13 of 12-", "Visit 13 of 12/", "Visit 13 of 12x", "Visit 13 of 12.5", "VISIT 13 OF 12",
    "visit13of12", "visit #13 / 12", "visit # 13 / 12", "visit no 13 of 12", "visit no.13of12", "visit nov 13",
    "Visits 13 of 12", "revisit 13 of 12", "re-visit 13 of 12", "visit 1234 of 12", "visit 123 of 123",
    "visit 0 of 0", "visit 5 of 4 and visit 3 of 12", "visit 3 of 12 and visit 5 of 4", "visit 3 of",
    "visit of 12", "visit # no. 3 of 4", "visit\t3\tof\t4", "visit 3 /12", "Visit 13 of 12°", "visit 3 of 12–",
    "Visit 2/12 today", "visit 2/12/26", "visit 12 of 10 - progress", "visit 4 of 10 (auth 12 visits)",
};

// Fragments glued in every order of three: the crafted strings cover each pattern's branches;
// these reach their seams (a token after a date, a count after a separator, ...).
const std::vector<std::string> kFragments = {
    "visit", "Visit ", "visits", " of ", "/", "-", "#", "no.", "No ", "auth", "Authorization", "prior ",
    "pre-cert", "precert", " ", "\t", ":", "12", "3", "1234", "2026", "HC", "A1", "x", "_", "(", ")",
    "approved", "authorized", " visits", "sessions", "more ", "°", "–", ".", "number", "num", "days",
};

std::vector<std::string> combinations() {
    std::vector<std::string> out;
    for (const auto& a : kFragments)
        for (const auto& b : kFragments)
            for (const auto& c : kFragments) out.push_back(a + b + c);
    return out;
}

// Random strings of fragments and single bytes, from a fixed seed.
std::vector<std::string> random_strings(int count) {
    std::mt19937 rng(20261202);
    std::vector<std::string> out;
    const std::string bytes = "0123456789aAvVsStT-/#.:() \t_x\xc2\xb0";
    for (int n = 0; n < count; ++n) {
        std::string s;
        const int parts = 1 + static_cast<int>(rng() % 12);
        for (int k = 0; k < parts; ++k) {
            if (rng() % 3 == 0) s += bytes[rng() % bytes.size()];
            else s += kFragments[rng() % kFragments.size()];
        }
        out.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("plan scanners: what the regexes matched, on crafted strings") {
    Differential d;
    for (const std::string& s : kCrafted) {
        d.compare(s);
        d.compare(s + " ");
        d.compare("x " + s);
        d.compare("Note: " + s + "; 12 visits");
    }
    d.report();
    CHECK(kCrafted.size() >= 200);
}

TEST_CASE("plan scanners: what the regexes matched, on combinations and random strings") {
    Differential d;
    for (const std::string& s : combinations()) d.compare(s);
    for (const std::string& s : random_strings(5000)) d.compare(s);
    d.report();
}

TEST_CASE("plan scanners: what the regexes matched, on every fixture line") {
    Differential d;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SOAPLINT_SOURCE_DIR) / "fixtures")) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        for (std::string line; std::getline(in, line);) d.compare(line);
    }
    d.report();
    CHECK(d.strings > 50000);
}

TEST_CASE("plan scanners: the regexes' edge cases, kept") {
    // A year of five digits is no year, but the day before it still ends a date (`/` is no word).
    CHECK(scan::without_dates("03/31/20265") == " /20265");
    CHECK(scan::without_dates("visit 10/12/2026 and 3/2") == "visit   and  ");
    // The token gives back trailing hyphens.
    CHECK(scan::number_in("HC-55821--") == "HC-55821");
    CHECK(scan::number_in("12 visits") == std::nullopt);
    CHECK(scan::number_in("Auth # : HC-1") == "HC-1");
    // `numbe12`: `num` then a token cut from the word.
    const std::string cut = "authorization numbe12";
    const auto number = scan::inline_authorization_number(cut);
    REQUIRE(number);
    CHECK(scan::slice(cut, *number) == "be12");
    // `visit 3 of 1234`: no shorter total escapes the lookahead.
    CHECK_FALSE(scan::visit_of("visit 3 of 1234"));
    CHECK_FALSE(scan::visit_of("visit 10/12/2026"));
    const std::string over = "Visit no. 13 of 12.";
    const auto stated = scan::visit_of(over);
    REQUIRE(stated);
    CHECK(scan::slice(over, stated->number) == "13");
    CHECK(scan::slice(over, stated->total) == "12");
}
