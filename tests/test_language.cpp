// ConText-style negation, hedging and scope.
#include <doctest/doctest.h>

#include "src/language.hpp"

using namespace soaplint;

namespace {
const std::vector<std::string_view> kRelax = {"relax", "stress relief", "wellness", "spa"};
}

TEST_CASE("language: asserted, negated, hypothetical mentions") {
    CHECK(asserts_any("Massage for relaxation and stress relief.", kRelax));
    CHECK_FALSE(asserts_any("Treatment is not for relaxation.", kRelax));
    CHECK_FALSE(asserts_any("Skilled care rather than relaxation massage.", kRelax));
    CHECK_FALSE(asserts_any("Pt no longer seeks wellness massage.", kRelax));
    CHECK_FALSE(asserts_any("Pt denies wanting spa treatment.", kRelax));
    CHECK_FALSE(asserts_any("If symptoms resolve, may transition to wellness care.", kRelax));
    CHECK_FALSE(asserts_any("Relaxation is not the goal of care.", kRelax));
}

TEST_CASE("language: terminators end a negation's scope") {
    CHECK(asserts_any("No pain today but pt requests relaxation massage.", kRelax));
    CHECK(asserts_any("Not painful; relaxation massage provided.", kRelax));
    CHECK(asserts_any("Without complications, however relaxation was the focus.", kRelax));
}

TEST_CASE("language: mention offsets and flags") {
    const auto m = find_mentions("Pt relaxed. Not for relaxation.", kRelax);
    REQUIRE(m.size() == 2);
    CHECK(m[0].begin == 3);
    CHECK(m[0].asserted());
    CHECK(m[1].negated);
    CHECK(find_mentions("Prerelaxation", kRelax).empty());
}

TEST_CASE("language: `not yet` keeps its negation") {
    const std::vector<std::string_view> plateau = {"plateau"};
    CHECK_FALSE(asserts_any("Patient has not yet reached a plateau.", plateau));
    CHECK(asserts_any("Patient has reached a plateau.", plateau));
}
