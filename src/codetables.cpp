// Parses the embedded code tables (data/embed.S) once, on first use, into sorted vectors.
// Formats: data/icd10cm/README.md, data/ncci/README.md and the header of data/cpt/physmed.tsv.
#include "codetables.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <limits>

extern "C" {
extern const char soaplint_icd10cm_begin[];
extern const char soaplint_icd10cm_end[];
extern const char soaplint_ncci_ptp_begin[];
extern const char soaplint_ncci_ptp_end[];
extern const char soaplint_cpt_physmed_begin[];
extern const char soaplint_cpt_physmed_end[];
}

namespace soaplint::codes {
namespace {

using std::chrono::year_month_day;

std::string_view embedded(const char* begin, const char* end) {
    return {begin, static_cast<std::size_t>(end - begin)};
}

// ---- small text helpers -------------------------------------------------------------------

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Calls visit(line) for every line of text, without the line end (LF or CRLF).
template <class Visit>
void for_each_line(std::string_view text, Visit&& visit) {
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        visit(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

// The fields of one line, without allocating: at most kMax, the last one keeps the rest.
class Fields {
public:
    static constexpr std::size_t kMax = 16;
    Fields(std::string_view line, char separator) {
        while (count_ + 1 < kMax) {
            std::size_t end = line.find(separator);
            fields_[count_++] = line.substr(0, end);
            if (end == std::string_view::npos) return;
            line.remove_prefix(end + 1);
        }
        fields_[count_++] = line;
    }
    std::size_t size() const { return count_; }
    std::string_view operator[](std::size_t i) const { return fields_[i]; }

private:
    std::array<std::string_view, kMax> fields_{};
    std::size_t count_ = 0;
};

std::optional<int> to_int(std::string_view s) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

std::int32_t day_number(year_month_day date) {
    return static_cast<std::int32_t>(std::chrono::sys_days(date).time_since_epoch().count());
}

year_month_day from_day_number(std::int32_t day) {
    return year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}

}  // namespace

int fiscal_year(year_month_day dos) {
    int year = static_cast<int>(dos.year());
    return static_cast<unsigned>(dos.month()) >= 10 ? year + 1 : year;
}

// ==== ICD-10-CM =============================================================================

namespace {

// One data line of icd10cm.tsv: code, billable years, shared prefix length, description suffix.
struct IcdLine {
    std::string_view code, years;
    std::size_t shared = 0;
    std::string_view suffix;
};

std::optional<IcdLine> parse_icd_line(std::string_view line) {
    Fields fields(line, '\t');
    if (fields.size() != 4 || fields[0].empty()) return std::nullopt;
    auto shared = to_int(fields[2]);
    if (!shared || *shared < 0) return std::nullopt;
    return IcdLine{fields[0], fields[1], static_cast<std::size_t>(*shared), fields[3]};
}

class IcdTable {
public:
    explicit IcdTable(std::string_view text) : text_(text) {
        for_each_line(text, [this](std::string_view line) { add_line(line); });
    }

    int first_year() const { return first_year_; }
    int last_year() const { return last_year_; }
    std::size_t billable_codes() const {
        return static_cast<std::size_t>(std::count_if(
            rows_.begin(), rows_.end(), [](const Row& row) { return row.years != 0; }));
    }

    IcdInfo lookup(const std::string& code, std::optional<year_month_day> dos) const {
        IcdInfo info;
        info.fiscal_year = dos ? std::min(fiscal_year(*dos), last_year_) : last_year_;
        auto it = std::lower_bound(rows_.begin(), rows_.end(), code,
                                   [this](const Row& row, const std::string& c) { return code_of(row) < c; });
        std::size_t index = static_cast<std::size_t>(it - rows_.begin());
        bool exact = it != rows_.end() && code_of(*it) == code;
        std::uint32_t years = exact ? it->years : 0;
        info.billable_fiscal_years = years_of(years);

        if (info.fiscal_year < first_year_) {
            info.status = IcdInfo::Status::not_loaded;
            if (years != 0) info.description = description(index);
            return info;
        }
        std::uint32_t year_bit = 1u << (info.fiscal_year - first_year_);
        if (years & year_bit) {
            info.status = IcdInfo::Status::billable;
            info.description = description(index);
            return info;
        }
        info.billable_children = billable_descendants(code, exact ? index + 1 : index, year_bit);
        if (!info.billable_children.empty()) {
            info.status = IcdInfo::Status::header;
            if (exact) info.description = description(index);
        } else if (years != 0) {
            info.description = description(index);
        }
        return info;
    }

private:
    struct Row {
        std::uint32_t line_offset = 0;  // into text_
        std::uint8_t code_length = 0;
        std::uint32_t years = 0;  // bit (fy - first_year_) set = billable in that fiscal year
    };
    static constexpr int kMaxYears = 32;

    std::string_view code_of(const Row& row) const { return text_.substr(row.line_offset, row.code_length); }

    void add_line(std::string_view line) {
        if (line.starts_with('#')) {
            Fields fields(line, '\t');
            if (fields.size() == 3 && fields[0] == "#fiscal_years") {
                first_year_ = to_int(fields[1]).value_or(0);
                last_year_ = std::min(to_int(fields[2]).value_or(0), first_year_ + kMaxYears - 1);
            }
            return;
        }
        auto parsed = parse_icd_line(line);
        if (!parsed || parsed->code.size() > 8) return;
        rows_.push_back(Row{static_cast<std::uint32_t>(line.data() - text_.data()),
                            static_cast<std::uint8_t>(parsed->code.size()), parse_years(parsed->years)});
    }

    // "2024-2026" / "2024,2026" / "-" -> bit mask relative to first_year_.
    std::uint32_t parse_years(std::string_view list) const {
        std::uint32_t mask = 0;
        Fields parts(list, ',');
        for (std::size_t p = 0; p < parts.size(); ++p) {
            std::string_view part = parts[p];
            std::size_t dash = part.find('-');
            auto from = to_int(part.substr(0, dash));
            auto to = dash == std::string_view::npos ? from : to_int(part.substr(dash + 1));
            if (!from || !to) continue;
            for (int year = std::max(*from, first_year_); year <= std::min(*to, last_year_); ++year)
                mask |= 1u << (year - first_year_);
        }
        return mask;
    }

    std::vector<int> years_of(std::uint32_t mask) const {
        std::vector<int> years;
        for (int year = first_year_; year <= last_year_; ++year)
            if (mask & (1u << (year - first_year_))) years.push_back(year);
        return years;
    }

    std::optional<IcdLine> line_at(std::size_t index) const {
        std::string_view rest = text_.substr(rows_[index].line_offset);
        return parse_icd_line(rest.substr(0, rest.find('\n')));
    }

    // Front-coded descriptions: each line keeps only what differs from the line before, and a
    // line with shared = 0 (at least every 16th) restarts. Decode forward from the restart.
    std::string description(std::size_t index) const {
        std::size_t start = index;
        while (start > 0) {
            auto line = line_at(start);
            if (!line || line->shared == 0) break;
            --start;
        }
        std::string text;
        for (std::size_t i = start; i <= index; ++i) {
            auto line = line_at(i);
            if (!line) continue;
            text.resize(std::min(line->shared, text.size()));
            text += line->suffix;
        }
        return text;
    }

    std::vector<std::string> billable_descendants(const std::string& code, std::size_t from,
                                                  std::uint32_t year_bit) const {
        std::vector<std::string_view> found;
        for (std::size_t i = from; i < rows_.size() && code_of(rows_[i]).starts_with(code); ++i)
            if (rows_[i].years & year_bit) found.push_back(code_of(rows_[i]));
        if (found.size() > IcdInfo::kMaxChildren) {
            auto nearest_first = [](std::string_view a, std::string_view b) {
                return a.size() != b.size() ? a.size() < b.size() : a < b;
            };
            std::partial_sort(found.begin(), found.begin() + IcdInfo::kMaxChildren, found.end(), nearest_first);
            found.resize(IcdInfo::kMaxChildren);
            std::sort(found.begin(), found.end());
        }
        std::vector<std::string> children;
        for (std::string_view child : found) children.push_back(dotted_icd10(child));
        return children;
    }

    std::string_view text_;
    std::vector<Row> rows_;  // in file order, which is sorted by code
    int first_year_ = 0, last_year_ = -1;
};

const IcdTable& icd_table() {
    static const IcdTable table(embedded(soaplint_icd10cm_begin, soaplint_icd10cm_end));
    return table;
}

// "m54.50" / "M5450" -> "M5450"; nullopt when not ICD-10-CM shaped: a letter, then two to six
// letters or digits, the dot only after the third character. The second character is a digit
// in every code but the QA0 block added in FY2026, so it is not checked.
std::optional<std::string> undotted_icd10(std::string_view code) {
    code = trim(code);
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code[i] == '.' && i == 3) continue;
        if (!is_alnum(code[i])) return std::nullopt;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(code[i])));
    }
    if (out.size() < 3 || out.size() > 7) return std::nullopt;
    if (!std::isalpha(static_cast<unsigned char>(out[0]))) return std::nullopt;
    return out;
}

}  // namespace

std::string dotted_icd10(std::string_view undotted) {
    std::string code(undotted);
    if (code.size() > 3) code.insert(3, ".");
    return code;
}

IcdInfo lookup_icd10(std::string_view code, std::optional<year_month_day> dos) {
    const IcdTable& table = icd_table();
    auto undotted = undotted_icd10(code);
    if (!undotted) {
        IcdInfo info;
        info.fiscal_year = dos ? std::min(fiscal_year(*dos), table.last_year()) : table.last_year();
        if (info.fiscal_year < table.first_year()) info.status = IcdInfo::Status::not_loaded;
        return info;
    }
    return table.lookup(*undotted, dos);
}

IcdTableSummary icd10_table_summary() {
    const IcdTable& table = icd_table();
    return {table.first_year(), table.last_year(), table.billable_codes()};
}

// ==== CPT / HCPCS ===========================================================================

namespace {

std::vector<CptInfo> parse_cpt_table(std::string_view text) {
    std::vector<CptInfo> table;
    for_each_line(text, [&table](std::string_view line) {
        if (line.empty() || line.starts_with('#')) return;
        Fields fields(line, '\t');
        if (fields.size() != 3 || (fields[1] != "0" && fields[1] != "1")) return;
        table.push_back(CptInfo{upper(trim(fields[0])), fields[1] == "1", std::string(trim(fields[2]))});
    });
    std::sort(table.begin(), table.end(), [](const CptInfo& a, const CptInfo& b) { return a.code < b.code; });
    return table;
}

}  // namespace

const std::vector<CptInfo>& cpt_table() {
    static const std::vector<CptInfo> table =
        parse_cpt_table(embedded(soaplint_cpt_physmed_begin, soaplint_cpt_physmed_end));
    return table;
}

std::optional<CptInfo> lookup_cpt(std::string_view code) {
    const auto& table = cpt_table();
    std::string wanted = upper(trim(code));
    auto it = std::lower_bound(table.begin(), table.end(), wanted,
                               [](const CptInfo& info, const std::string& c) { return info.code < c; });
    if (it == table.end() || it->code != wanted) return std::nullopt;
    return *it;
}

bool is_timed_cpt(std::string_view code) {
    auto info = lookup_cpt(code);
    return info && info->timed;
}

// ==== NCCI procedure-to-procedure edits ======================================================

namespace {

constexpr std::int32_t kNoDeletion = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kNoEffectiveDate = std::numeric_limits<std::int32_t>::min();

// A CPT/HCPCS code (five characters 0-9 A-Z) in base 36, so that numeric order = text order.
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

std::string unpack_code(std::uint32_t value) {
    std::string code(5, '0');
    for (int i = 4; i >= 0; --i) {
        std::uint32_t digit = value % 36;
        value /= 36;
        code[static_cast<std::size_t>(i)] = static_cast<char>(digit < 10 ? '0' + digit : 'A' + digit - 10);
    }
    return code;
}

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

// Turns the lines of an edit file into table rows; lines that are not an edit are skipped.
class NcciRowCollector {
public:
    void add_line(std::string_view line) {
        line = trim(line);
        if (line.empty()) return;
        char separator = line.find('\t') != std::string_view::npos ? '\t' : ',';
        Fields fields(line, separator);
        if (read_header(line, fields)) return;
        Columns columns = columns_for(fields.size(), separator);
        if (columns.modifier < 0) return;
        add_edit(fields, columns);
    }

    NcciTable finish() && {
        std::sort(rows_.begin(), rows_.end(), [](const NcciTable::Row& a, const NcciTable::Row& b) {
            if (a.key != b.key) return a.key < b.key;
            if (a.deleted_day != b.deleted_day) return a.deleted_day < b.deleted_day;
            return a.modifier_indicator < b.modifier_indicator;
        });
        NcciTable table;
        table.rows_ = std::move(rows_);
        return table;
    }

private:
    struct Columns {
        int column1 = -1, column2 = -1, effective = -1, deleted = -1, modifier = -1;
    };

    // A CSV header naming the columns (ours: column_1,column_2,deletion_date,modifier_indicator).
    bool read_header(std::string_view line, const Fields& fields) {
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

    Columns columns_for(std::size_t field_count, char separator) const {
        if (header_) return *header_;
        if (separator == '\t' && field_count >= 6) return Columns{0, 1, 3, 4, 5};  // CMS layout
        if (field_count >= 4) return Columns{0, 1, -1, 2, 3};                      // our CSV
        return Columns{};
    }

    void add_edit(const Fields& fields, const Columns& columns) {
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
        NcciTable::Row row;
        std::uint32_t low = std::min(*first, *second), high = std::max(*first, *second);
        row.key = (std::uint64_t{low} << 32) | high;
        row.column1_is_larger = *first > *second;
        row.effective_day = *effective;
        row.deleted_day = *deleted;
        row.modifier_indicator = static_cast<std::int8_t>(modifier[0] - '0');
        rows_.push_back(row);
    }

    std::optional<Columns> header_;
    std::vector<NcciTable::Row> rows_;
};

const NcciTable& NcciTable::builtin() {
    static const NcciTable table = [] {
        NcciRowCollector collector;
        for_each_line(embedded(soaplint_ncci_ptp_begin, soaplint_ncci_ptp_end),
                      [&collector](std::string_view line) { collector.add_line(line); });
        return std::move(collector).finish();
    }();
    return table;
}

std::optional<NcciTable> NcciTable::load_file(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open NCCI file " + path;
        return std::nullopt;
    }
    NcciRowCollector collector;
    std::string line;
    while (std::getline(in, line)) collector.add_line(line);
    if (in.bad()) {
        error = "cannot read NCCI file " + path;
        return std::nullopt;
    }
    NcciTable table = std::move(collector).finish();
    if (table.size() == 0) {
        error = "no NCCI procedure-to-procedure edit found in " + path;
        return std::nullopt;
    }
    return table;
}

std::optional<NcciEdit> NcciTable::find(std::string_view a, std::string_view b, year_month_day dos) const {
    auto first = pack_code(a), second = pack_code(b);
    if (!first || !second) return std::nullopt;
    std::uint64_t key = (std::uint64_t{std::min(*first, *second)} << 32) | std::max(*first, *second);
    auto [begin, end] = std::equal_range(rows_.begin(), rows_.end(), Row{key, 0, 0, 0, false},
                                         [](const Row& x, const Row& y) { return x.key < y.key; });
    std::int32_t day = day_number(dos);
    const Row* best = nullptr;
    // Rows of one key are sorted by deletion date, then indicator: the first in force wins.
    for (auto it = begin; it != end && !best; ++it)
        if (it->modifier_indicator != 9 && it->effective_day <= day && day < it->deleted_day) best = &*it;
    if (!best) return std::nullopt;

    auto low = static_cast<std::uint32_t>(key >> 32), high = static_cast<std::uint32_t>(key & 0xffffffffu);
    NcciEdit edit;
    edit.column1 = unpack_code(best->column1_is_larger ? high : low);
    edit.column2 = unpack_code(best->column1_is_larger ? low : high);
    edit.modifier_indicator = best->modifier_indicator;
    if (best->deleted_day != kNoDeletion) edit.deleted = from_day_number(best->deleted_day);
    if (best->effective_day != kNoEffectiveDate) edit.effective = from_day_number(best->effective_day);
    return edit;
}

namespace {
std::optional<NcciTable>& replacement_ncci() {
    static std::optional<NcciTable> table;
    return table;
}
}  // namespace

const NcciTable& active_ncci() {
    const auto& replacement = replacement_ncci();
    return replacement ? *replacement : NcciTable::builtin();
}

void set_active_ncci(NcciTable table) { replacement_ncci() = std::move(table); }

}  // namespace soaplint::codes
