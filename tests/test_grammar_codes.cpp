// Unit tests of grammar/codes.cpp: find_cpt and find_icd10.
// Forms marked "corpus" are copied from mtsamples / aci-bench / MTS-Dialog.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "grammar/api.hpp"

using namespace soaplint::grammar;

namespace {

// One CPT line summarised as "code mods=A,B units=N min=M" ("-" for a missing value).
std::string summary(CptLine const& line) {
    std::string out = line.code + " mods=";
    for (std::size_t i = 0; i < line.modifiers.size(); ++i)
        out += (i ? "," : "") + line.modifiers[i];
    out += " units=" + (line.units ? std::to_string(*line.units) : std::string("-"));
    out += " min=" + (line.minutes ? std::to_string(*line.minutes) : std::string("-"));
    return out;
}

// The only CPT line of `text`, summarised; "none" or "many" otherwise.
std::string only_cpt(std::string_view text) {
    auto lines = find_cpt(text);
    if (lines.empty()) return "none";
    if (lines.size() > 1) return "many";
    return summary(lines[0]);
}

std::vector<std::string> cpt_codes(std::string_view text) {
    std::vector<std::string> codes;
    for (auto const& line : find_cpt(text)) codes.push_back(line.code);
    return codes;
}

// All ICD candidates of `text` as "shape:code" joined by spaces ("" for none).
std::string icd(std::string_view text) {
    std::string out;
    for (auto const& code : find_icd10(text)) {
        if (!out.empty()) out += ' ';
        switch (code.shape) {
            case IcdCode::Shape::icd10: out += "icd10:"; break;
            case IcdCode::Shape::icd9: out += "icd9:"; break;
            case IcdCode::Shape::malformed: out += "malformed:"; break;
        }
        out += code.code;
    }
    return out;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("cpt: the forms of api.hpp") {
    CHECK(only_cpt("97140 Manual therapy 23 min x2") == "97140 mods= units=2 min=23");
    CHECK(only_cpt("97140-59 (2 units) 23'") == "97140 mods=59 units=2 min=23");
    CHECK(only_cpt("97140 XS GP") == "97140 mods=XS,GP units=- min=-");
    CHECK(only_cpt("CPT 97110 - Therapeutic exercise: 15 minutes, 1 unit") ==
          "97110 mods= units=1 min=15");
    CHECK(only_cpt("Manual therapy (97140): 23 min, 2 units") == "97140 mods= units=2 min=23");
}

TEST_CASE("cpt: modifiers as written, upper-cased") {
    CHECK(only_cpt("97140-XS") == "97140 mods=XS units=- min=-");
    CHECK(only_cpt("97140 59") == "97140 mods=59 units=- min=-");
    CHECK(only_cpt("97110-GP-59 x 2") == "97110 mods=GP,59 units=2 min=-");
    CHECK(only_cpt("97140 mod 59 2u") == "97140 mods=59 units=2 min=-");
    CHECK(only_cpt("97140 modifier 59, 23 mins") == "97140 mods=59 units=- min=23");
    CHECK(only_cpt("97140 (59) units: 2 minutes: 23") == "97140 mods=59 units=2 min=23");
    CHECK(only_cpt("97530 go kx") == "97530 mods=GO,KX units=- min=-");
    CHECK(only_cpt("97110 GN CQ 1 unit") == "97110 mods=GN,CQ units=1 min=-");
    CHECK(only_cpt("97140 CO XE XP XU") == "97140 mods=CO,XE,XP,XU units=- min=-");
    CHECK(only_cpt("97140 Manual therapy, modifier 59") == "97140 mods=59 units=- min=-");
    CHECK(only_cpt("22554-51:  Anterior cervical") == "22554 mods=51 units=- min=-");  // corpus
    CHECK(only_cpt("97140 25 min") == "97140 mods= units=- min=25");  // 25 is minutes here
    CHECK(only_cpt("97140 co-treat with OT 20 min") == "97140 mods= units=- min=20");
    CHECK(only_cpt("97140 at 10:02 manual therapy treatment 23 min") ==
          "97140 mods= units=- min=23");
    CHECK(only_cpt("98940-AT") == "98940 mods=AT units=- min=-");
}

TEST_CASE("cpt: units") {
    CHECK(only_cpt("97110 x2") == "97110 mods= units=2 min=-");
    CHECK(only_cpt("97110 X2") == "97110 mods= units=2 min=-");
    CHECK(only_cpt("97110 \xC3\x97 3") == "97110 mods= units=3 min=-");
    CHECK(only_cpt("97110 (1 unit)") == "97110 mods= units=1 min=-");
    CHECK(only_cpt("97110 Units = 3") == "97110 mods= units=3 min=-");
    CHECK(only_cpt("97110 2 U 30 mins") == "97110 mods= units=2 min=30");
    CHECK(only_cpt("97110 2 unit(s)") == "97110 mods= units=2 min=-");
    CHECK(only_cpt("97110 GP 3x10 reps 15 min 1 unit") == "97110 mods=GP units=1 min=15");
    CHECK(only_cpt("97110 3 x 10 reps") == "97110 mods= units=- min=-");
    CHECK(only_cpt("97530 GO x 6 weeks") == "97530 mods=GO units=- min=-");
    CHECK(only_cpt("97116 gait 150' 2 laps x2 15 min") == "97116 mods= units=2 min=15");
    CHECK(only_cpt("97124 Massage therapy 30 min x2 units") == "97124 mods= units=2 min=30");
    CHECK(only_cpt("97140 x 3 units, 38 min") == "97140 mods= units=3 min=38");
}

TEST_CASE("cpt: minutes") {
    CHECK(only_cpt("97112 neuro re-ed 23 minutes") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97112 (23 min)") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97112 minutes: 23") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97112 23-minute session") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97112 23\xE2\x80\x99") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97112 over 23 m of hallway") == "97112 mods= units=- min=-");
    CHECK(only_cpt("97112 10:02-10:25 neuro re-ed") == "97112 mods= units=- min=-");
    CHECK(only_cpt("97112 (10:02-10:25) 23 min") == "97112 mods= units=- min=23");
    CHECK(only_cpt("97110 Total timed minutes: 38") == "97110 mods= units=- min=-");
    CHECK(only_cpt("97110 Timed minutes: 38") == "97110 mods= units=- min=-");
    CHECK(only_cpt("97110 x 3 REPS, total 38 min") == "97110 mods= units=- min=-");
    CHECK(only_cpt("97110 height 5'10\" 12 min") == "97110 mods= units=- min=12");
}

TEST_CASE("cpt: attributes stop at the next code and at the end of the line") {
    auto lines = find_cpt("97110 2 U 30 mins; 97140 x2 8'");
    REQUIRE(lines.size() == 2);
    CHECK(summary(lines[0]) == "97110 mods= units=2 min=30");
    CHECK(summary(lines[1]) == "97140 mods= units=2 min=8");
    CHECK(lines[1].span.begin == 19);
    CHECK(lines[1].span.end == 24);

    lines = find_cpt("97010 hot pack\n23 min of 97140 manual");
    REQUIRE(lines.size() == 2);
    CHECK(summary(lines[0]) == "97010 mods= units=- min=-");
    CHECK(summary(lines[1]) == "97140 mods= units=- min=-");
}

TEST_CASE("cpt: which five-character words are codes") {
    CHECK(cpt_codes("G0283 e-stim unattended") == Codes{"G0283"});
    CHECK(cpt_codes("g0283 ,97010 hot pack") == Codes{"G0283", "97010"});
    CHECK(cpt_codes("dry needling 20560, 20561") == Codes{"20560", "20561"});
    CHECK(cpt_codes("97161-97163 are untimed") == Codes{"97161", "97163"});
    CHECK(cpt_codes("98940/97140") == Codes{"98940", "97140"});
    CHECK(cpt_codes("(CPT code 97605).") == Codes{"97605"});  // corpus
    CHECK(cpt_codes("Portland, OR 97201") == Codes{});
    CHECK(cpt_codes("Seattle WA 98101") == Codes{});
    CHECK(cpt_codes("PT 97110 today") == Codes{"97110"});
    CHECK(cpt_codes("walked 20000 steps") == Codes{});
    CHECK(cpt_codes("$25000") == Codes{});
    CHECK(cpt_codes("1/2/20261") == Codes{});
    CHECK(cpt_codes("971400 or 9714 or 97140.5 or A97140 or 97140b") == Codes{});
    CHECK(cpt_codes("555-92345") == Codes{});
    CHECK(cpt_codes("dental code 7210, CPT 41899") == Codes{});  // corpus; 4xxxx not in scope
    CHECK(cpt_codes("G028 G02833 GX0283") == Codes{});
}

TEST_CASE("cpt: garbage input never crashes or loops") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 97 + 13) % 256));
    for (std::string tail : {"9", "9714", "97140", "97140-", "97140 x", "97140 2", "97140 mod",
                             "97140 (", "97140 (59", "97140 \xC3", "G"}) {
        std::string text = garbage + tail;
        CHECK_NOTHROW(find_cpt(text));
        CHECK(find_cpt(tail).size() <= 1);
    }
    std::string chain;
    for (int i = 0; i < 20000; ++i) chain += "97140-";
    CHECK(find_cpt(chain).size() == 20000);
    CHECK(find_cpt("").empty());
}

TEST_CASE("icd10: dotted, undotted and three-character codes") {
    CHECK(icd("Dx: M54.50 low back pain") == "icd10:M54.50");
    CHECK(icd("M5450") == "icd10:M54.50");
    CHECK(icd("Dx M54") == "icd10:M54");
    CHECK(icd("Dx M54.") == "icd10:M54");
    CHECK(icd("m54.50") == "icd10:M54.50");
    CHECK(icd("S39.012A, M25.511, M62.830, Z96.651, G89.29") ==
          "icd10:S39.012A icd10:M25.511 icd10:M62.830 icd10:Z96.651 icd10:G89.29");
    CHECK(icd("S39012A") == "icd10:S39.012A");
    CHECK(icd("C7A.1 M1A.0") == "icd10:C7A.1 icd10:M1A.0");
    CHECK(icd("I10 hypertension") == "icd10:I10");
    CHECK(icd("(V71.09)") == "icd9:V71.09");  // corpus: ICD-9 V code
    CHECK(icd("Referral dx: R51.9 headache, current T84.84XA") == "icd10:R51.9 icd10:T84.84XA");
}

TEST_CASE("icd10: raw text and span") {
    std::string_view text = "Diagnoses: m5450, M54.5.1";
    auto codes = find_icd10(text);
    REQUIRE(codes.size() == 2);
    CHECK(codes[0].raw == "m5450");
    CHECK(codes[0].code == "M54.50");
    CHECK(codes[0].span.begin == 11);
    CHECK(codes[0].span.end == 16);
    CHECK(codes[1].shape == IcdCode::Shape::malformed);
    CHECK(codes[1].raw == "M54.5.1");
    CHECK(codes[1].span.begin == 18);
}

TEST_CASE("icd10: malformed and ICD-9 shapes") {
    CHECK(icd("M54.5.1") == "malformed:M54.5.1");
    CHECK(icd("M54..5") == "malformed:M54..5");
    CHECK(icd("M54.50000") == "malformed:M54.50000");
    CHECK(icd("M545.1") == "malformed:M545.1");
    CHECK(icd("Low back pain - 724.2, Herniated disc - 722.10") ==  // corpus
          "icd9:724.2 icd9:722.10");
    CHECK(icd("ICD9 CODE(S):,724.4  Thoracic") == "icd9:724.4");  // corpus
    CHECK(icd("(ICD-9 code 998.59).") == "icd9:998.59");         // corpus
    CHECK(icd("719.41 and V57.1") == "icd9:719.41 icd9:V57.1");
    CHECK(icd("E849.0") == "");
}

TEST_CASE("icd10: prose that only looks like codes") {
    CHECK(icd("L5-S1 C5-6 T12 S1 L4 C7-T1") == "");
    CHECK(icd("facet injections at L34, L45, L5S1.") == "");  // corpus
    CHECK(icd("disc degeneration at c56 , and c67") == "");   // corpus
    CHECK(icd("T12L1 T10 T11") == "");
    CHECK(icd("A1C 7.2, vitamin B12, H2O, N95 mask") == "");
    CHECK(icd("q4h, q12h, Q6HRS, 3 sets x10") == "");
    CHECK(icd("G0283 97140") == "");
    CHECK(icd("U07.1 u071") == "");
    CHECK(icd("HLA-B27 negative, A57-year-old") == "");  // corpus
    CHECK(icd("14cm H20, protein 88") == "");             // corpus
}

TEST_CASE("icd10: vitals, lab values and measurements are not codes") {
    CHECK(icd("temp 98.6 F, 101.2 F, weight 197.7 pounds") == "");
    CHECK(icd("724.2 mg and 724.2% and 724.2\xC2\xB0") == "");
    CHECK(icd("T98.2 96bpm 140/74mmHg R18,Thin") == "");     // corpus
    CHECK(icd("BP118/66.  HR83. RR 20. T36.8C.") == "");     // corpus
    CHECK(icd("EXAM:, T36.0, BP121/85, HR 94") == "");       // corpus
    CHECK(icd("the temperature of 102.4 with") == "");      // corpus
    CHECK(icd("weight has increased to 189.5 from 185.2") == "");  // corpus
    CHECK(icd("Total CK 1198.6, LDH 873.2") == "");              // corpus
    CHECK(icd("$150.00 copay, 192.168.1.1") == "");
    CHECK(icd("BP 120/80, pain 6/10, 3.5 cm") == "");
}

TEST_CASE("icd10: garbage input never crashes or loops") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 57 + 3) % 256));
    for (std::string tail : {"M", "M5", "M54", "M54.", "M54..", "724.", "T", "V5", "q1"}) {
        std::string text = garbage + tail;
        CHECK_NOTHROW(find_icd10(text));
    }
    CHECK(find_icd10(std::string(100000, '.')).empty());
    CHECK(find_icd10(std::string(100000, 'M')).empty());
    std::string dots = "M54";
    for (int i = 0; i < 10000; ++i) dots += ".5";
    auto codes = find_icd10(dots);
    REQUIRE(codes.size() == 1);
    CHECK(codes[0].shape == IcdCode::Shape::malformed);
    CHECK(find_icd10("").empty());
}
