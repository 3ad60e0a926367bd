// soaplint_tablegen: the build-time step that turns the text code tables into the sorted binary
// row files data/embed.S embeds (layout: src/codetable_rows.hpp), so soaplint parses nothing at
// start-up. Run by the build (data/embed.cmake):
//   soaplint_tablegen icd10cm data/icd10cm/icd10cm.tsv icd10cm_rows.bin
//   soaplint_tablegen ncci data/ncci/ncci_ptp_physmed.csv ncci_rows.bin
// Rows are written field by field, little-endian, padding zeroed, so the output is reproducible.
#include "codetable_rows.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

using namespace soaplint::codes::tabledata;

template <class T>
void put(std::string& out, T value) {
    auto bits = static_cast<std::make_unsigned_t<T>>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) out += static_cast<char>((bits >> (8 * i)) & 0xffu);
}

void put_header(std::string& out, const std::array<char, 8>& magic, std::size_t row_size, std::size_t row_count,
                int first_year, int last_year, std::size_t source_size) {
    out.append(magic.data(), magic.size());
    put(out, static_cast<std::uint32_t>(row_size));
    put(out, static_cast<std::uint32_t>(row_count));
    put(out, static_cast<std::int32_t>(first_year));
    put(out, static_cast<std::int32_t>(last_year));
    put(out, static_cast<std::uint64_t>(source_size));
}

std::string icd_rows(std::string_view text, std::string& error) {
    IcdRows table = build_icd_rows(text);
    if (table.rows.empty() || table.first_year <= 0 || table.last_year < table.first_year) {
        error = "no #fiscal_years line or no code";
        return {};
    }
    auto code_of = [text](const IcdRow& row) { return text.substr(row.line_offset, row.code_length); };
    for (std::size_t i = 1; i < table.rows.size(); ++i)
        if (code_of(table.rows[i]) < code_of(table.rows[i - 1])) {
            error = "codes not sorted at " + std::string(code_of(table.rows[i]));
            return {};
        }
    std::string out;
    put_header(out, kIcdMagic, sizeof(IcdRow), table.rows.size(), table.first_year, table.last_year, text.size());
    for (const IcdRow& row : table.rows) {
        put(out, row.line_offset);
        put(out, row.years);
        put(out, row.code_length);
        out.append(row.padding.size(), '\0');
    }
    if (out.size() != sizeof(TableHeader) + table.rows.size() * sizeof(IcdRow)) error = "row layout";
    return out;
}

std::string ncci_rows(std::string_view text, std::string& error) {
    NcciRowCollector collector;
    for_each_line(text, [&collector](std::string_view line) { collector.add_line(line); });
    std::vector<NcciRow> rows = std::move(collector).finish();
    if (rows.empty()) {
        error = "no edit";
        return {};
    }
    std::string out;
    put_header(out, kNcciMagic, sizeof(NcciRow), rows.size(), 0, -1, text.size());
    for (const NcciRow& row : rows) {
        put(out, row.key);
        put(out, row.effective_day);
        put(out, row.deleted_day);
        put(out, row.modifier_indicator);
        put(out, row.column1_is_larger);
        out.append(row.padding.size(), '\0');
    }
    if (out.size() != sizeof(TableHeader) + rows.size() * sizeof(NcciRow)) error = "row layout";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: soaplint_tablegen icd10cm|ncci INPUT OUTPUT\n");
        return 2;
    }
    const std::string kind = argv[1], input = argv[2], output = argv[3];
    std::ifstream in(input, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "soaplint_tablegen: cannot read %s\n", input.c_str());
        return 1;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string error;
    std::string rows = kind == "icd10cm" ? icd_rows(text, error)
                       : kind == "ncci"  ? ncci_rows(text, error)
                                         : (error = "unknown table kind " + kind, std::string());
    if (!error.empty()) {
        std::fprintf(stderr, "soaplint_tablegen: %s: %s\n", input.c_str(), error.c_str());
        return 1;
    }
    // Write to a temporary file first, so an interrupted run leaves no truncated output behind.
    const std::string temporary = output + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
        if (!out) {
            std::fprintf(stderr, "soaplint_tablegen: cannot write %s\n", temporary.c_str());
            return 1;
        }
    }
    if (std::rename(temporary.c_str(), output.c_str()) != 0) {
        std::fprintf(stderr, "soaplint_tablegen: cannot write %s\n", output.c_str());
        return 1;
    }
    return 0;
}
