// The parser of the ICD-10-CM and NCCI tables (see codetable_rows.hpp): linked into both the
// build-time generator (data/tools/tablegen.cpp) and soaplint itself.
// Formats: data/icd10cm/README.md, data/ncci/README.md.
#include "codetable_rows.hpp"

#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <string>

namespace soaplint::codes::tabledata {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::optional<int> to_int(std::string_view s) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

// ==== ICD-10-CM =============================================================================

std::optional<IcdLine> parse_icd_line(std::string_view line) {
    Fields fields(line, '\t');
    if (fields.size() != 4 || fields[0].empty()) return std::nullopt;
    auto shared = to_int(fields[2]);
    if (!shared || *shared < 0) return std::nullopt;
    return IcdLine{fields[0], fields[1], static_cast<std::size_t>(*shared), fields[3]};
}

namespace {

// "2024-2026" / "2024,2026" / "-" -> bit mask relative to first_year.
std::uint32_t parse_years(std::string_view list, int first_year, int last_year) {
    std::uint32_t mask = 0;
    Fields parts(list, ',');
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::string_view part = parts[p];
        std::size_t dash = part.find('-');
        auto from = to_int(part.substr(0, dash));
        auto to = dash == std::string_view::npos ? from : to_int(part.substr(dash + 1));
        if (!from || !to) continue;
        for (int year = std::max(*from, first_year); year <= std::min(*to, last_year); ++year)
            mask |= 1u << (year - first_year);
    }
    return mask;
}

}  // namespace

IcdRows build_icd_rows(std::string_view text) {
    IcdRows table;
    for_each_line(text, [&table, text](std::string_view line) {
        if (line.starts_with('#')) {
            Fields fields(line, '\t');
            if (fields.size() == 3 && fields[0] == "#fiscal_years") {
                table.first_year = to_int(fields[1]).value_or(0);
                table.last_year = std::min(to_int(fields[2]).value_or(0), table.first_year + kMaxIcdYears - 1);
            }
            return;
        }
        auto parsed = parse_icd_line(line);
        if (!parsed || parsed->code.size() > 8) return;
        IcdRow row;
        row.line_offset = static_cast<std::uint32_t>(line.data() - text.data());
        row.years = parse_years(parsed->years, table.first_year, table.last_year);
        row.code_length = static_cast<std::uint8_t>(parsed->code.size());
        table.rows.push_back(row);
    });
    return table;
}

// ==== NCCI procedure-to-procedure edits ======================================================

std::int32_t day_number(std::chrono::year_month_day date) {
    return static_cast<std::int32_t>(std::chrono::sys_days(date).time_since_epoch().count());
}

std::optional<std::uint32_t> pack_code(std::string_view code) {
    code = trim(code);
    if (code.size() != 5) return std::nullopt;
    std::uint32_t value = 0;
    for (char c : code) {
        unsigned char u = static_cast<unsigned char>(std::toupper(static_cast<unsigned char>(c)));
        std::uint32_t digit;
        if (u >= '0' && u <= '9') digit = u - '0';
        else if (u >= 'A' && u <= 'Z') digit = u - 'A' + 10;
        else return std::nullopt;
        value = value * 36 + digit;
    }
    return value;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "YYYYMMDD" or "YYYY-MM-DD" -> day number; "", "*", 9999-12-31 -> no_date; else nullopt.
std::optional<std::int32_t> parse_edit_date(std::string_view text, std::int32_t no_date) {
    text = trim(text);
    if (text.empty() || text == "*" || text == "99991231" || text == "9999-12-31") return no_date;
    std::string digits;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-')
        digits = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) + std::string(text.substr(8, 2));
    else if (text.size() == 8)
        digits = text;
    if (digits.size() != 8 || !std::all_of(digits.begin(), digits.end(), is_digit)) return std::nullopt;
    std::string_view d = digits;
    std::chrono::year_month_day date{std::chrono::year{*to_int(d.substr(0, 4))},
                                     std::chrono::month{static_cast<unsigned>(*to_int(d.substr(4, 2)))},
                                     std::chrono::day{static_cast<unsigned>(*to_int(d.substr(6, 2)))}};
    if (!date.ok()) return std::nullopt;
    return day_number(date);
}

bool contains_ignoring_case(std::string_view text, std::string_view lower_needle) {
    auto equal = [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; };
    return std::search(text.begin(), text.end(), lower_needle.begin(), lower_needle.end(), equal) != text.end();
}

}  // namespace

void NcciRowCollector::add_line(std::string_view line) {
    line = trim(line);
    if (line.empty()) return;
    char separator = line.find('\t') != std::string_view::npos ? '\t' : ',';
    Fields fields(line, separator);
    if (read_header(line, fields)) return;
    Columns columns = columns_for(fields.size(), separator);
    if (columns.modifier < 0) return;
    add_edit(fields, columns);
}

std::vector<NcciRow> NcciRowCollector::finish() && {
    std::sort(rows_.begin(), rows_.end(), [](const NcciRow& a, const NcciRow& b) {
        if (a.key != b.key) return a.key < b.key;
        if (a.deleted_day != b.deleted_day) return a.deleted_day < b.deleted_day;
        return a.modifier_indicator < b.modifier_indicator;
    });
    return std::move(rows_);
}

// A CSV header naming the columns (ours: column_1,column_2,deletion_date,modifier_indicator).
bool NcciRowCollector::read_header(std::string_view line, const Fields& fields) {
    if (!contains_ignoring_case(line, "column_1")) return false;
    Columns named;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name = ascii_lower(trim(fields[i]));
        int index = static_cast<int>(i);
        if (name == "column_1") named.column1 = index;
        else if (name == "column_2") named.column2 = index;
        else if (name == "effective_date") named.effective = index;
        else if (name == "deletion_date") named.deleted = index;
        else if (name == "modifier_indicator") named.modifier = index;
    }
    if (named.column1 < 0 || named.column2 < 0 || named.modifier < 0) return false;
    header_ = named;
    return true;
}

NcciRowCollector::Columns NcciRowCollector::columns_for(std::size_t field_count, char separator) const {
    if (header_) return *header_;
    if (separator == '\t' && field_count >= 6) return Columns{0, 1, 3, 4, 5};  // CMS layout
    if (field_count >= 4) return Columns{0, 1, -1, 2, 3};                      // our CSV
    return Columns{};
}

void NcciRowCollector::add_edit(const Fields& fields, const Columns& columns) {
    auto field = [&fields](int index) {
        return index >= 0 && static_cast<std::size_t>(index) < fields.size() ? trim(fields[static_cast<std::size_t>(index)])
                                                                               : std::string_view{};
    };
    auto first = pack_code(field(columns.column1));
    auto second = pack_code(field(columns.column2));
    std::string_view modifier = field(columns.modifier);
    if (!first || !second || modifier.size() != 1 || std::string_view("019").find(modifier[0]) == std::string_view::npos)
        return;
    auto effective = columns.effective < 0 ? std::optional<std::int32_t>(kNoEffectiveDate)
                                           : parse_edit_date(field(columns.effective), kNoEffectiveDate);
    auto deleted = parse_edit_date(field(columns.deleted), kNoDeletion);
    if (!effective || !deleted) return;
    NcciRow row;
    std::uint32_t low = std::min(*first, *second), high = std::max(*first, *second);
    row.key = (std::uint64_t{low} << 32) | high;
    row.column1_is_larger = *first > *second ? 1 : 0;
    row.effective_day = *effective;
    row.deleted_day = *deleted;
    row.modifier_indicator = static_cast<std::int8_t>(modifier[0] - '0');
    rows_.push_back(row);
}

}  // namespace soaplint::codes::tabledata
