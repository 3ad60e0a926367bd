// The binary row formats of the ICD-10-CM and NCCI code tables and the one parser that builds
// them. At build time data/tools/tablegen.cpp turns data/icd10cm/icd10cm.tsv and
// data/ncci/ncci_ptp_physmed.csv into sorted row files that data/embed.S embeds; at run time
// codetables.cpp uses those rows in place, and the same parser reads `--ncci FILE`.
#pragma once

#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace soaplint::codes::tabledata {

// ---- binary layout: a TableHeader, then row_count rows of row_size bytes, little-endian --------

struct TableHeader {
    std::array<char, 8> magic{};
    std::uint32_t row_size = 0, row_count = 0;
    std::int32_t first_year = 0, last_year = -1;  // ICD-10-CM: the loaded fiscal years
    std::uint64_t source_size = 0;                 // bytes of the text file the rows index
};
inline constexpr std::array<char, 8> kIcdMagic{'S', 'L', 'I', 'C', 'D', '1', '0', '1'};
inline constexpr std::array<char, 8> kNcciMagic{'S', 'L', 'N', 'C', 'C', 'I', '0', '1'};

// One code of icd10cm.tsv, in file order (sorted by code).
struct IcdRow {
    std::uint32_t line_offset = 0;  // of the code's line in icd10cm.tsv
    std::uint32_t years = 0;        // bit (fy - first_year) set = billable in that fiscal year
    std::uint8_t code_length = 0;
    std::array<std::uint8_t, 3> padding{};
};

// One edit; rows sorted by key, then deletion day, then indicator.
struct NcciRow {
    std::uint64_t key = 0;  // the two codes packed, smaller one in the high half
    std::int32_t effective_day = 0, deleted_day = 0;  // days since 1970-01-01
    std::int8_t modifier_indicator = 0;
    std::uint8_t column1_is_larger = 0;  // 1: column 1 is the key's second (larger) code
    std::array<std::uint8_t, 6> padding{};
};

static_assert(std::endian::native == std::endian::little, "the embedded tables are little-endian");
static_assert(std::is_trivially_copyable_v<TableHeader> && sizeof(TableHeader) == 32 &&
              offsetof(TableHeader, row_size) == 8 && offsetof(TableHeader, first_year) == 16 &&
              offsetof(TableHeader, source_size) == 24);
static_assert(std::is_trivially_copyable_v<IcdRow> && sizeof(IcdRow) == 12 && alignof(IcdRow) == 4 &&
              offsetof(IcdRow, years) == 4 && offsetof(IcdRow, code_length) == 8);
static_assert(std::is_trivially_copyable_v<NcciRow> && sizeof(NcciRow) == 24 && alignof(NcciRow) == 8 &&
              offsetof(NcciRow, effective_day) == 8 && offsetof(NcciRow, deleted_day) == 12 &&
              offsetof(NcciRow, modifier_indicator) == 16 && offsetof(NcciRow, column1_is_larger) == 17);

inline constexpr std::int32_t kNoDeletion = std::numeric_limits<std::int32_t>::max();
inline constexpr std::int32_t kNoEffectiveDate = std::numeric_limits<std::int32_t>::min();
inline constexpr int kMaxIcdYears = 32;

// ---- small text helpers -------------------------------------------------------------------

// Without blanks, tabs and double quotes at both ends and a CR at the end.
std::string_view trim(std::string_view s);

std::optional<int> to_int(std::string_view s);

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

// ---- ICD-10-CM ----------------------------------------------------------------------------

// One data line of icd10cm.tsv: code, billable years, shared prefix length, description suffix.
struct IcdLine {
    std::string_view code, years;
    std::size_t shared = 0;
    std::string_view suffix;
};
std::optional<IcdLine> parse_icd_line(std::string_view line);

struct IcdRows {
    int first_year = 0, last_year = -1;  // from the #fiscal_years line
    std::vector<IcdRow> rows;            // the code lines, in file order
};
IcdRows build_icd_rows(std::string_view text);

// ---- NCCI procedure-to-procedure edits ----------------------------------------------------

std::int32_t day_number(std::chrono::year_month_day date);  // days since 1970-01-01

// A CPT/HCPCS code (five characters 0-9 A-Z, any case) in base 36, so numeric order = text order.
std::optional<std::uint32_t> pack_code(std::string_view code);

// Turns the lines of an edit file (our CSV, a CSV with named columns or the CMS quarterly text
// file) into rows; lines that are not an edit are skipped. finish() sorts them.
class NcciRowCollector {
public:
    void add_line(std::string_view line);
    std::vector<NcciRow> finish() &&;

private:
    struct Columns {
        int column1 = -1, column2 = -1, effective = -1, deleted = -1, modifier = -1;
    };
    bool read_header(std::string_view line, const Fields& fields);
    Columns columns_for(std::size_t field_count, char separator) const;
    void add_edit(const Fields& fields, const Columns& columns);

    std::optional<Columns> header_;
    std::vector<NcciRow> rows_;
};

}  // namespace soaplint::codes::tabledata
