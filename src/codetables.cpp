// The embedded code tables (data/embed.S). ICD-10-CM and NCCI rows were built and sorted at
// build time (data/tools/tablegen.cpp, codetable_rows.hpp) and are used in place, unparsed; only
// the small CPT table is parsed, once, on first use. Formats: data/icd10cm/README.md,
// data/ncci/README.md and the header of data/cpt/physmed.tsv.
#include "codetables.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

extern "C" {
extern const char soaplint_icd10cm_begin[];
extern const char soaplint_icd10cm_end[];
extern const char soaplint_icd10cm_rows_begin[];
extern const char soaplint_icd10cm_rows_end[];
extern const char soaplint_ncci_rows_begin[];
extern const char soaplint_ncci_rows_end[];
extern const char soaplint_cpt_physmed_begin[];
extern const char soaplint_cpt_physmed_end[];
}

namespace soaplint::codes {

using namespace tabledata;

namespace {

using std::chrono::year_month_day;

std::string_view embedded(const char* begin, const char* end) {
    return {begin, static_cast<std::size_t>(end - begin)};
}

// Only when the build embedded a stale or foreign row file.
[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "soaplint: corrupt embedded code table (%s); rebuild soaplint\n", what);
    std::abort();
}

// The rows of a table file written by soaplint_tablegen, in place.
template <class Row>
std::span<const Row> embedded_rows(std::string_view file, const std::array<char, 8>& magic, TableHeader& header) {
    if (file.size() < sizeof header) fail("size");
    std::memcpy(&header, file.data(), sizeof header);
    if (header.magic != magic || header.row_size != sizeof(Row)) fail("header");
    if (file.size() - sizeof header != std::size_t{header.row_count} * sizeof(Row)) fail("row count");
    const char* rows = file.data() + sizeof header;
    if (reinterpret_cast<std::uintptr_t>(rows) % alignof(Row) != 0) fail("alignment");
    return {reinterpret_cast<const Row*>(rows), header.row_count};
}

// ---- small text helpers -------------------------------------------------------------------

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

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

class IcdTable {
public:
    // text: icd10cm.tsv; rows: its code lines (tablegen), which index into it.
    IcdTable(std::string_view text, std::string_view rows) : text_(text) {
        TableHeader header;
        rows_ = embedded_rows<Row>(rows, kIcdMagic, header);
        if (header.source_size != text.size()) fail("ICD-10-CM rows of another icd10cm.tsv");
        first_year_ = header.first_year;
        last_year_ = header.last_year;
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
    using Row = IcdRow;

    std::string_view code_of(const Row& row) const { return text_.substr(row.line_offset, row.code_length); }

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
    std::span<const Row> rows_;  // in file order, which is sorted by code
    int first_year_ = 0, last_year_ = -1;
};

const IcdTable& icd_table() {
    static const IcdTable table(embedded(soaplint_icd10cm_begin, soaplint_icd10cm_end),
                                embedded(soaplint_icd10cm_rows_begin, soaplint_icd10cm_rows_end));
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
    if (undotted.size() <= 3) return std::string(undotted);
    // Built by appending: GCC 12 warns falsely (-Wrestrict) on std::string::insert here.
    std::string code;
    code.reserve(undotted.size() + 1);
    code.append(undotted.substr(0, 3)).append(1, '.').append(undotted.substr(3));
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

std::string unpack_code(std::uint32_t value) {
    std::string code(5, '0');
    for (int i = 4; i >= 0; --i) {
        std::uint32_t digit = value % 36;
        value /= 36;
        code[static_cast<std::size_t>(i)] = static_cast<char>(digit < 10 ? '0' + digit : 'A' + digit - 10);
    }
    return code;
}

}  // namespace

const NcciTable& NcciTable::builtin() {
    static const NcciTable table = [] {
        TableHeader header;
        NcciTable builtin;
        builtin.embedded_ = embedded_rows<Row>(embedded(soaplint_ncci_rows_begin, soaplint_ncci_rows_end),
                                               kNcciMagic, header);
        return builtin;
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
    NcciTable table;
    table.owned_ = std::move(collector).finish();
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
    std::span<const Row> rows = this->rows();
    Row wanted;
    wanted.key = key;
    auto [begin, end] = std::equal_range(rows.begin(), rows.end(), wanted,
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
