// The code tables soaplint ships: ICD-10-CM (billable codes per fiscal year), the physical-medicine
// CPT/HCPCS codes it knows, and the NCCI procedure-to-procedure edits of the physical-medicine
// codes. The tables are embedded in the binary (data/embed.S); the ICD-10-CM and NCCI rows are
// built and sorted at build time (data/tools/tablegen.cpp) and used in place, so start-up parses
// nothing but the small CPT table. Every function here is safe to call from several threads.
#pragma once

#include "codetable_rows.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint::codes {

// The US federal fiscal year of a date: it starts on October 1 (2025-10-01 -> 2026).
// ICD-10-CM releases follow it.
int fiscal_year(std::chrono::year_month_day dos);

// ---- ICD-10-CM ----------------------------------------------------------------------------

struct IcdInfo {
    enum class Status {
        billable,    // a valid billable code in the fiscal year
        header,      // a category/subcategory: a strict prefix of billable codes of that year
        unknown,     // neither (or not ICD-10-CM shaped at all)
        not_loaded,  // the date of service is before the oldest loaded fiscal year
    } status = Status::unknown;
    // Long description, the newest the table has (CMS reworded 51 of ~75,000 descriptions
    // between FY2024 and FY2026; the table keeps one). Header: the newest header description
    // known (may be empty). Unknown/not_loaded: the code's newest description
    // if the code is billable in some other loaded year, else empty.
    std::string description;
    // Header only: billable descendants in the fiscal year, dotted; the nearest ones (fewest
    // characters) first when there are more than kMaxChildren, then sorted.
    std::vector<std::string> billable_children;
    // The fiscal year the answer is for: the year of the date of service, the newest loaded year
    // when the date is later than it or absent.
    int fiscal_year = 0;
    // The loaded fiscal years in which the code itself is billable (ascending), e.g. to say
    // "valid only from FY2026" or "deleted after FY2025".
    std::vector<int> billable_fiscal_years;

    static constexpr std::size_t kMaxChildren = 12;
};

// Accepts the dotted (M54.50) and the undotted claim form (M5450), any case.
// Without a date of service: the newest loaded fiscal year.
IcdInfo lookup_icd10(std::string_view code,
                     std::optional<std::chrono::year_month_day> dos = std::nullopt);

// "M5450" -> "M54.50"; codes of three characters or fewer are returned unchanged.
std::string dotted_icd10(std::string_view undotted);

struct IcdTableSummary {
    int first_fiscal_year = 0, last_fiscal_year = 0;
    std::size_t billable_codes = 0;  // billable in at least one loaded year
};
IcdTableSummary icd10_table_summary();

// ---- CPT / HCPCS --------------------------------------------------------------------------

struct CptInfo {
    std::string code;
    bool timed = false;       // billed in 15-minute units (8-minute rule / AMA per-code rule)
    std::string description;  // soaplint's own short wording, not the AMA descriptor
};

std::optional<CptInfo> lookup_cpt(std::string_view code);  // any case; nullopt when unknown
bool is_timed_cpt(std::string_view code);                   // false when unknown
const std::vector<CptInfo>& cpt_table();                    // all known codes, sorted by code

// ---- NCCI procedure-to-procedure edits -----------------------------------------------------

struct NcciEdit {
    std::string column1, column2;  // as in the table (column 2 is the code that gets denied)
    int modifier_indicator = 0;    // 0 = never together, 1 = allowed with 59/X{E,P,S,U}, 9 = n/a
    std::optional<std::chrono::year_month_day> deleted;    // none = no deletion date
    std::optional<std::chrono::year_month_day> effective;  // none = not known (built-in table)
};

class NcciTable {
public:
    // The physical-medicine edits of the CMS practitioner file of 2024-07-01.
    static const NcciTable& builtin();
    // Reads our CSV (data/ncci/ncci_ptp_physmed.csv, or any CSV with a header naming
    // column_1, column_2, deletion_date, modifier_indicator and optionally effective_date) or
    // the CMS quarterly PTP text file (tab-separated: Column 1, Column 2, *=in existence prior
    // to 1996, Effective Date YYYYMMDD, Deletion Date YYYYMMDD or '*', Modifier, Rationale).
    // Header and other unreadable lines are skipped; error is set and nullopt returned only
    // when the file cannot be read or holds no edit at all.
    static std::optional<NcciTable> load_file(const std::string& path, std::string& error);

    // The edit on the pair (in either order) in force on the date of service: effective on or
    // before it (when known) and deleted after it. Indicator-9 edits are ignored. When several
    // rows qualify, the one with the earliest deletion date wins (the row of the period the date
    // falls in), then the stricter indicator.
    std::optional<NcciEdit> find(std::string_view a, std::string_view b,
                                 std::chrono::year_month_day dos) const;
    std::size_t size() const { return rows().size(); }

private:
    using Row = tabledata::NcciRow;
    // Sorted by key, then deletion date, then indicator: the built-in rows in .rodata, or the
    // rows of a loaded file.
    std::span<const Row> rows() const { return embedded_.empty() ? std::span<const Row>(owned_) : embedded_; }
    std::vector<Row> owned_;         // load_file
    std::span<const Row> embedded_;  // builtin(); never points into owned_, so copies are safe
};

// The edits rules use: the built-in table unless `--ncci FILE` replaced it (set once, before
// any rule runs).
const NcciTable& active_ncci();
void set_active_ncci(NcciTable table);

}  // namespace soaplint::codes
