// X002: suppressions that are not in order. src/suppress.cpp (apply_inline_suppressions) reports
// it while it applies the directives; the rule is here for its documentation and selection, and
// has no check of its own.
#include "checks/registry.hpp"

namespace soaplint::checks {

std::vector<Rule> suppression_rules() {
    return {Rule{{
        "X002", "unused-suppression", Severity::warning,
        "A `soaplint: ignore` directive that silences nothing, names no known rule, or gives no reason "
        "after `--`.",
        "A suppression is a note to the auditor: \"we know, and here is why\". One without a reason "
        "explains nothing and silences nothing; one that matches no finding is stale (the line was "
        "fixed or moved) and would hide the next real problem on that line.",
        "Give the reason after `--` (`soaplint: ignore T004 -- units per payer contract`), put the "
        "directive on the line of the finding (or use `ignore-next-line` / `ignore-file`), or remove it "
        "once the finding is gone.",
        "soaplint itself (SPEC §6: the reason is required and kept; a suppression that matched nothing "
        "is reported), like ruff's RUF100 unused-noqa.",
        "97110 Therapeutic exercise 38 min, 3 units  soaplint: ignore T003 -- units per payer contract\n"
        "(T003 has nothing to say here: the directive is stale)",
        "97110 Therapeutic exercise 33 min, 3 units  soaplint: ignore T003 -- contract 4471 pays per code\n"
        "(T003 finds 3 units on 33 minutes here: the directive silences it, with the reason kept)"},
        {}, {}}};
}

}  // namespace soaplint::checks
