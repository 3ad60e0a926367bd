// The embedded code tables: ICD-10-CM by fiscal year, the physical-medicine CPT table and the
// NCCI procedure-to-procedure edits (built in and loaded from a file).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "src/codetables.hpp"

namespace {

using namespace soaplint::codes;
using Status = IcdInfo::Status;
using std::chrono::year_month_day;

year_month_day date(int y, unsigned m, unsigned d) {
    return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

using Strings = std::vector<std::string>;

// A file in the temporary directory, removed when the test ends.
class TempFile {
public:
    explicit TempFile(const std::string& content) {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("soaplint_codetables_" + std::to_string(std::random_device{}()) + "_" +
                  std::to_string(counter++)))
                    .string();
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace

TEST_CASE("fiscal_year starts on October 1") {
    CHECK(fiscal_year(date(2025, 9, 30)) == 2025);
    CHECK(fiscal_year(date(2025, 10, 1)) == 2026);
    CHECK(fiscal_year(date(2023, 12, 31)) == 2024);
    CHECK(fiscal_year(date(2024, 1, 1)) == 2024);
    CHECK(fiscal_year(date(2024, 12, 31)) == 2025);
}

TEST_CASE("ICD-10-CM table covers FY2024 to FY2026") {
    IcdTableSummary summary = icd10_table_summary();
    CHECK(summary.first_fiscal_year == 2024);
    CHECK(summary.last_fiscal_year == 2026);
    CHECK(summary.billable_codes == 74783);
}

TEST_CASE("M54.5 is a header with children M54.50, M54.51, M54.59 in every loaded year") {
    for (auto dos : {date(2023, 10, 1), date(2024, 11, 15), date(2025, 10, 1), date(2026, 9, 30)}) {
        IcdInfo info = lookup_icd10("M54.5", dos);
        CHECK(info.status == Status::header);
        CHECK(info.description == "Low back pain");
        CHECK(info.billable_children == Strings{"M54.50", "M54.51", "M54.59"});
        CHECK(info.fiscal_year == fiscal_year(dos));
        CHECK(info.billable_fiscal_years.empty());
    }
}

TEST_CASE("M54.50 is billable, dotted or undotted, any case") {
    IcdInfo info = lookup_icd10("M54.50", date(2025, 3, 1));
    CHECK(info.status == Status::billable);
    CHECK(info.description == "Low back pain, unspecified");
    CHECK(info.fiscal_year == 2025);
    CHECK(info.billable_fiscal_years == std::vector<int>{2024, 2025, 2026});
    CHECK(info.billable_children.empty());
    CHECK(lookup_icd10("m5450", date(2025, 3, 1)).status == Status::billable);
    CHECK(lookup_icd10(" M54.59 ", std::nullopt).description == "Other low back pain");
}

TEST_CASE("descriptions decode across the front-coded lines") {
    CHECK(lookup_icd10("M54.16").description == "Radiculopathy, lumbar region");
    CHECK(lookup_icd10("M54.17").description == "Radiculopathy, lumbosacral region");
    CHECK(lookup_icd10("S83.511A").description ==
          "Sprain of anterior cruciate ligament of right knee, initial encounter");
    CHECK(lookup_icd10("Z96.651").description == "Presence of right artificial knee joint");
    CHECK(lookup_icd10("A00.0").description == "Cholera due to Vibrio cholerae 01, biovar cholerae");
}

TEST_CASE("common therapy codes are billable in all three years") {
    for (const char* code : {"M54.2", "M54.16", "M62.81", "R26.2", "R26.89", "Z96.651", "M25.561",
                             "S83.511A", "G89.29", "Z51.89"}) {
        for (auto dos : {date(2024, 1, 10), date(2025, 1, 10), date(2026, 1, 10)}) {
            INFO(code);
            CHECK(lookup_icd10(code, dos).status == Status::billable);
        }
    }
}

TEST_CASE("a code added in FY2026 is billable from 2025-10-01 only") {
    // G35.D (multiple sclerosis, unspecified) replaced G35 on 2025-10-01.
    IcdInfo after = lookup_icd10("G35.D", date(2025, 11, 1));
    CHECK(after.status == Status::billable);
    CHECK(after.description == "Multiple sclerosis, unspecified");
    CHECK(after.billable_fiscal_years == std::vector<int>{2026});

    IcdInfo before = lookup_icd10("G35.D", date(2023, 11, 1));
    CHECK(before.status == Status::unknown);
    CHECK(before.fiscal_year == 2024);
    CHECK(before.billable_fiscal_years == std::vector<int>{2026});
    CHECK(lookup_icd10("G35.D", date(2025, 9, 30)).status == Status::unknown);
}

TEST_CASE("a code subdivided in FY2026 is billable before and a header after") {
    IcdInfo old_note = lookup_icd10("G35", date(2024, 11, 1));
    CHECK(old_note.status == Status::billable);
    CHECK(old_note.description == "Multiple sclerosis");
    CHECK(old_note.billable_fiscal_years == std::vector<int>{2024, 2025});

    IcdInfo new_note = lookup_icd10("G35", date(2025, 11, 1));
    CHECK(new_note.status == Status::header);
    CHECK(new_note.billable_children ==
          Strings{"G35.A", "G35.B0", "G35.B1", "G35.B2", "G35.C0", "G35.C1", "G35.C2", "G35.D"});
}

TEST_CASE("dates outside the loaded fiscal years") {
    IcdInfo old_note = lookup_icd10("M54.5", date(2020, 6, 1));
    CHECK(old_note.status == Status::not_loaded);
    CHECK(old_note.fiscal_year == 2020);
    CHECK(old_note.billable_children.empty());
    CHECK(lookup_icd10("M54.50", date(2023, 9, 30)).status == Status::not_loaded);
    CHECK(lookup_icd10("M54.50", date(2023, 10, 1)).status == Status::billable);

    IcdInfo future = lookup_icd10("G35.D", date(2027, 3, 1));  // newest loaded year answers
    CHECK(future.status == Status::billable);
    CHECK(future.fiscal_year == 2026);
    CHECK(lookup_icd10("G35", std::nullopt).status == Status::header);
    CHECK(lookup_icd10("G35", std::nullopt).fiscal_year == 2026);
}

TEST_CASE("unknown and malformed codes") {
    CHECK(lookup_icd10("724.2", date(2025, 1, 1)).status == Status::unknown);
    CHECK(lookup_icd10("M54.5.1", date(2025, 1, 1)).status == Status::unknown);
    CHECK(lookup_icd10("M5", date(2025, 1, 1)).status == Status::unknown);
    CHECK(lookup_icd10("", date(2025, 1, 1)).status == Status::unknown);
    IcdInfo unused = lookup_icd10("M54.99", date(2025, 1, 1));
    CHECK(unused.status == Status::unknown);
    CHECK(unused.description.empty());
    CHECK(lookup_icd10("M5.45", date(2025, 1, 1)).status == Status::unknown);
}

TEST_CASE("a large header lists at most twelve children, the nearest first") {
    IcdInfo info = lookup_icd10("M54", date(2025, 1, 1));
    CHECK(info.status == Status::header);
    CHECK(info.description == "Dorsalgia");
    REQUIRE(info.billable_children.size() == IcdInfo::kMaxChildren);
    // M54.2, M54.6, M54.9 (four characters), then the first five-character codes; sorted.
    CHECK(info.billable_children.front() == "M54.00");
    CHECK(info.billable_children[8] == "M54.08");
    CHECK(info.billable_children[9] == "M54.2");
    CHECK(info.billable_children.back() == "M54.9");
    CHECK(std::is_sorted(info.billable_children.begin(), info.billable_children.end()));
}

TEST_CASE("dotted_icd10") {
    CHECK(dotted_icd10("M5450") == "M54.50");
    CHECK(dotted_icd10("S83511A") == "S83.511A");
    CHECK(dotted_icd10("M54") == "M54");
}

TEST_CASE("CPT table: timed and untimed codes") {
    auto manual = lookup_cpt("97140");
    REQUIRE(manual.has_value());
    CHECK(manual->code == "97140");
    CHECK(manual->timed);
    CHECK(manual->description == "manual therapy techniques");
    CHECK_FALSE(lookup_cpt("97010")->timed);
    CHECK_FALSE(lookup_cpt("97150")->timed);
    CHECK_FALSE(lookup_cpt("97161")->timed);
    CHECK(lookup_cpt("g0283")->code == "G0283");
    CHECK_FALSE(lookup_cpt("99213").has_value());
    CHECK_FALSE(is_timed_cpt("99213"));
    CHECK_FALSE(is_timed_cpt("97012"));
    CHECK(cpt_table().size() == 72);
}

TEST_CASE("CPT table: the timed codes of SPEC section 4") {
    for (const char* code : {"97032", "97033", "97035", "97110", "97112", "97113", "97116", "97124",
                             "97140", "97530", "97535", "97750"}) {
        INFO(code);
        CHECK(is_timed_cpt(code));
    }
    for (const char* code : {"97010", "97012", "97014", "97016", "97018", "97022", "97024", "97026",
                             "97028", "97150", "97161", "97162", "97163", "97164", "98940", "G0283"}) {
        INFO(code);
        CHECK_FALSE(is_timed_cpt(code));
    }
}

TEST_CASE("NCCI built-in: active edits in either order") {
    const NcciTable& table = NcciTable::builtin();
    CHECK(table.size() == 39762);
    auto dos = date(2024, 8, 1);

    auto massage = table.find("97124", "97140", dos);
    REQUIRE(massage.has_value());
    CHECK(massage->column1 == "97140");
    CHECK(massage->column2 == "97124");
    CHECK(massage->modifier_indicator == 0);
    CHECK_FALSE(massage->deleted.has_value());
    CHECK_FALSE(massage->effective.has_value());
    CHECK(table.find("97140", "97124", dos)->modifier_indicator == 0);

    auto chiro = table.find("97140", "98940", dos);
    REQUIRE(chiro.has_value());
    CHECK(chiro->column1 == "98940");
    CHECK(chiro->modifier_indicator == 1);

    auto group = table.find("97110", "97150", dos);
    REQUIRE(group.has_value());
    CHECK(group->column1 == "97150");
    CHECK(group->modifier_indicator == 1);
    CHECK_FALSE(group->deleted.has_value());

    CHECK_FALSE(table.find("97110", "97140", dos).has_value());  // only an old indicator-9 row
    CHECK_FALSE(table.find("97140", "nonsense", dos).has_value());
}

TEST_CASE("NCCI built-in: deleted edits apply only before their deletion date") {
    const NcciTable& table = NcciTable::builtin();
    auto old_edit = table.find("97530", "97140", date(2019, 6, 1));
    REQUIRE(old_edit.has_value());
    CHECK(old_edit->column1 == "97140");
    CHECK(old_edit->modifier_indicator == 1);
    CHECK(old_edit->deleted == date(2019, 12, 31));
    CHECK_FALSE(table.find("97140", "97530", date(2024, 1, 1)).has_value());
    CHECK_FALSE(table.find("97140", "97530", date(2019, 12, 31)).has_value());

    // 97150/97110: a row deleted 2019-12-31 and an active row; the earlier period wins in 2019.
    CHECK(table.find("97150", "97110", date(2019, 6, 1))->deleted == date(2019, 12, 31));

    // 97530/97535: rows deleted 2019-12-31 and 2021-12-31.
    CHECK(table.find("97530", "97535", date(2019, 6, 1))->deleted == date(2019, 12, 31));
    CHECK(table.find("97530", "97535", date(2021, 6, 1))->deleted == date(2021, 12, 31));
    CHECK_FALSE(table.find("97530", "97535", date(2022, 6, 1)).has_value());
}

TEST_CASE("NCCI built-in: indicator-9 edits are ignored") {
    const NcciTable& table = NcciTable::builtin();
    // 97530/97116: indicator 1 until 2019-12-31, then only an indicator-9 row (to 2020-10-01).
    CHECK(table.find("97530", "97116", date(2019, 6, 1))->modifier_indicator == 1);
    CHECK_FALSE(table.find("97530", "97116", date(2020, 6, 1)).has_value());
    CHECK_FALSE(table.find("97112", "97140", date(1998, 6, 1)).has_value());
}

TEST_CASE("NCCI load_file: CMS quarterly text layout") {
    TempFile file(
        "CPT only copyright 2024 American Medical Association. All rights reserved.\r\n"
        "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\t"
        "PTP Edit Rationale\r\n"
        "\t\t\t\t*=no data\t0=not allowed 1=allowed 9=not applicable\t\r\n"
        "97140\t97124\t\t20200101\t*\t0\tStandards of medical/surgical practice\r\n"
        "98940\t97140\t*\t19960101\t*\t1\tStandards of medical/surgical practice\r\n"
        "97530\t97116\t\t20200101\t20231231\t1\tMutually exclusive procedures\r\n"
        "97150\t97110\t\t20250101\t*\t1\tMutually exclusive procedures\r\n"
        "97750\t97530\t\t20200101\t*\t9\tMisuse of column two code with column one code\r\n"
        "this line is not an edit\r\n"
        "97110\t97112\t\t2020XX01\t*\t1\tbad effective date\r\n");
    std::string error;
    auto table = NcciTable::load_file(file.path(), error);
    REQUIRE(table.has_value());
    CHECK(error.empty());
    CHECK(table->size() == 5);

    auto massage = table->find("97124", "97140", date(2024, 8, 1));
    REQUIRE(massage.has_value());
    CHECK(massage->column1 == "97140");
    CHECK(massage->modifier_indicator == 0);
    CHECK(massage->effective == date(2020, 1, 1));
    CHECK_FALSE(table->find("97124", "97140", date(2019, 12, 31)).has_value());  // not yet effective

    CHECK(table->find("98940", "97140", date(2024, 8, 1))->modifier_indicator == 1);
    CHECK(table->find("97530", "97116", date(2023, 6, 1))->deleted == date(2023, 12, 31));
    CHECK_FALSE(table->find("97530", "97116", date(2024, 6, 1)).has_value());
    CHECK_FALSE(table->find("97150", "97110", date(2024, 8, 1)).has_value());
    CHECK(table->find("97150", "97110", date(2025, 1, 1)).has_value());
    CHECK_FALSE(table->find("97750", "97530", date(2024, 8, 1)).has_value());
    CHECK_FALSE(table->find("97110", "97112", date(2024, 8, 1)).has_value());
}

TEST_CASE("NCCI load_file: CSV with named columns") {
    TempFile file(
        "column_1,column_2,deletion_date,active,modifier_indicator,ptp_edit_rationale\n"
        "97140,97124,9999-12-31,Y,0,Standards of medical/surgical practice\n"
        "97140,97530,2019-12-31,N,1,Mutually exclusive procedures\n");
    std::string error;
    auto table = NcciTable::load_file(file.path(), error);
    REQUIRE(table.has_value());
    CHECK(table->size() == 2);
    CHECK(table->find("97124", "97140", date(2024, 8, 1))->modifier_indicator == 0);
    CHECK(table->find("97530", "97140", date(2019, 1, 2))->deleted == date(2019, 12, 31));
}

TEST_CASE("NCCI load_file: errors") {
    std::string error;
    CHECK_FALSE(NcciTable::load_file("/nonexistent/soaplint/ptp.txt", error).has_value());
    CHECK(error == "cannot open NCCI file /nonexistent/soaplint/ptp.txt");

    TempFile garbage("Column 1\tColumn 2\nnothing here\n");
    error.clear();
    CHECK_FALSE(NcciTable::load_file(garbage.path(), error).has_value());
    CHECK(error == "no NCCI procedure-to-procedure edit found in " + garbage.path());
}

TEST_CASE("the tables can be first used from several threads at once") {
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&good] {
            bool ok = lookup_icd10("M54.50", date(2025, 1, 1)).status == Status::billable &&
                      is_timed_cpt("97110") && NcciTable::builtin().find("97140", "97124", date(2025, 1, 1));
            if (ok) ++good;
        });
    for (auto& thread : threads) thread.join();
    CHECK(good == 4);
}

TEST_CASE("ICD-10-CM: the first and the last code of the embedded rows") {
    IcdInfo first = lookup_icd10("A00", date(2025, 1, 1));
    CHECK(first.status == Status::header);
    CHECK(first.description == "Cholera");
    IcdInfo cholera = lookup_icd10("A00.0", date(2025, 1, 1));
    CHECK(cholera.status == Status::billable);
    CHECK(cholera.description == "Cholera due to Vibrio cholerae 01, biovar cholerae");
    IcdInfo last = lookup_icd10("Z99.89", date(2025, 1, 1));
    CHECK(last.status == Status::billable);
    CHECK(last.description.ends_with("other enabling machines and devices"));
    CHECK(lookup_icd10("Z99.9", date(2025, 1, 1)).status == Status::unknown);
    CHECK(lookup_icd10("ZZZ", date(2025, 1, 1)).status == Status::unknown);
}

TEST_CASE("NCCI built-in rows (generated at build time) answer as the CSV read at run time") {
    const std::string csv = std::string(SOAPLINT_SOURCE_DIR) + "/data/ncci/ncci_ptp_physmed.csv";
    std::string error;
    auto loaded = NcciTable::load_file(csv, error);
    REQUIRE(loaded.has_value());
    const NcciTable& builtin = NcciTable::builtin();
    REQUIRE(builtin.size() == loaded->size());

    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);  // header
    std::size_t pairs = 0, mismatches = 0;
    auto same = [](const std::optional<NcciEdit>& x, const std::optional<NcciEdit>& y) {
        if (x.has_value() != y.has_value()) return false;
        return !x || (x->column1 == y->column1 && x->column2 == y->column2 &&
                      x->modifier_indicator == y->modifier_indicator && x->deleted == y->deleted &&
                      x->effective == y->effective);
    };
    while (std::getline(in, line)) {
        auto comma = line.find(',');
        std::string a = line.substr(0, comma), b = line.substr(comma + 1, 5);
        for (auto dos : {date(1995, 1, 1), date(2012, 6, 30), date(2019, 12, 30), date(2019, 12, 31), date(2024, 8, 1)}) {
            if (!same(builtin.find(a, b, dos), loaded->find(a, b, dos))) ++mismatches;
            if (!same(builtin.find(b, a, dos), loaded->find(b, a, dos))) ++mismatches;
        }
        ++pairs;
    }
    CHECK(pairs == 39762);
    CHECK(mismatches == 0);
}

TEST_CASE("NCCI tables stay valid when copied and moved") {
    NcciTable builtin_copy = NcciTable::builtin();
    CHECK(builtin_copy.size() == 39762);
    CHECK(builtin_copy.find("97124", "97140", date(2024, 8, 1))->column1 == "97140");

    std::optional<NcciTable> copy, moved;
    {
        TempFile file("column_1,column_2,deletion_date,modifier_indicator\n97140,97124,,0\n");
        std::string error;
        auto loaded = NcciTable::load_file(file.path(), error);
        REQUIRE(loaded.has_value());
        copy = *loaded;
        moved = std::move(*loaded);
    }
    for (const auto& table : {copy, moved}) {
        REQUIRE(table.has_value());
        CHECK(table->size() == 1);
        CHECK(table->find("97124", "97140", date(2024, 8, 1))->modifier_indicator == 0);
        CHECK_FALSE(table->find("97110", "97140", date(2024, 8, 1)).has_value());
    }
    NcciTable assigned = NcciTable::builtin();
    assigned = *copy;
    CHECK(assigned.size() == 1);
    assigned = NcciTable::builtin();
    CHECK(assigned.size() == 39762);
}
