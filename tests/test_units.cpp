// The CMS worked examples (Pub. 100-04 ch. 5 §20.2) and the AMA per-code method.
#include <doctest/doctest.h>

#include "src/units.hpp"

using namespace soaplint;

TEST_CASE("units: the 8-minute table") {
    CHECK(units_for_minutes(0) == 0);
    CHECK(units_for_minutes(7) == 0);
    CHECK(units_for_minutes(8) == 1);
    CHECK(units_for_minutes(22) == 1);
    CHECK(units_for_minutes(23) == 2);
    CHECK(units_for_minutes(37) == 2);
    CHECK(units_for_minutes(38) == 3);
    CHECK(units_for_minutes(52) == 3);
    CHECK(units_for_minutes(53) == 4);
    CHECK(units_for_minutes(67) == 4);
    CHECK(units_for_minutes(68) == 5);
    CHECK(units_for_minutes(113) == 8);
    CHECK(units_for_minutes(127) == 8);
}

TEST_CASE("units CMS: 24 min 97112 + 23 min 97110 = 47 min = 3 units, 2 + 1") {
    const auto a = cms_units({{"97112", 24}, {"97110", 23}});
    CHECK(a.total_minutes == 47);
    CHECK(a.total_units == 3);
    CHECK(a.units == std::vector<int>{2, 1});
    CHECK(ama_units({{"97112", 24}, {"97110", 23}}).units == std::vector<int>{2, 2});
}

TEST_CASE("units CMS: 20 + 20 = 40 min = 3 units, either code gets the third") {
    const auto a = cms_units({{"97110", 20}, {"97140", 20}});
    CHECK(a.total_units == 3);
    CHECK(a.units[0] + a.units[1] == 3);
    CHECK(std::max(a.units[0], a.units[1]) == 2);
    CHECK(ama_units({{"97110", 20}, {"97140", 20}}).total_units == 2);
}

TEST_CASE("units CMS: 33 min 97110 + 7 min 97140 = 40 min = 97110 x2, 97140 x1; AMA gives x2 and x0") {
    CHECK(cms_units({{"97110", 33}, {"97140", 7}}).units == std::vector<int>{2, 1});
    CHECK(ama_units({{"97110", 33}, {"97140", 7}}).units == std::vector<int>{2, 0});
}

TEST_CASE("units CMS: 18 + 13 + 10 + 8 (97035) = 49 min = 3 units to the codes with most minutes") {
    const auto a = cms_units({{"97110", 18}, {"97112", 13}, {"97140", 10}, {"97035", 8}});
    CHECK(a.total_minutes == 49);
    CHECK(a.total_units == 3);
    CHECK(a.units == std::vector<int>{1, 1, 1, 0});
    CHECK(ama_units({{"97110", 18}, {"97112", 13}, {"97140", 10}, {"97035", 8}}).units == std::vector<int>{1, 1, 1, 1});
}

TEST_CASE("units CMS: several services of 7 minutes or less: 7 + 7 + 7 = 21 min = 1 unit") {
    const auto a = cms_units({{"97110", 7}, {"97140", 7}, {"97112", 7}});
    CHECK(a.total_units == 1);
    CHECK(a.units[0] + a.units[1] + a.units[2] == 1);
    CHECK(ama_units({{"97110", 7}, {"97140", 7}, {"97112", 7}}).total_units == 0);
    CHECK(cms_units({{"97110", 7}}).total_units == 0);
}

TEST_CASE("units: method chosen by profile") {
    CHECK(allocate_units(UnitMethod::cms, {{"97110", 33}, {"97140", 7}}).total_units == 3);
    CHECK(allocate_units(UnitMethod::ama, {{"97110", 33}, {"97140", 7}}).total_units == 2);
    CHECK(std::string(method_name(UnitMethod::cms)) == "CMS total-time method");
}
