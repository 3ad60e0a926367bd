// The one registry: every rule family, in the order of the catalog (SPEC §7).
#include "checks/registry.hpp"

namespace soaplint {

const std::vector<Rule>& all_rules() {
    static const std::vector<Rule> rules = [] {
        std::vector<Rule> all;
        for (auto family : {checks::section_rules, checks::diagnosis_rules, checks::goal_rules,
                            checks::objective_rules, checks::progress_rules, checks::necessity_rules,
                            checks::time_rules, checks::code_rules, checks::plan_rules,
                            checks::provider_rules, checks::input_rules, checks::suppression_rules,
                            checks::no_notes_rules}) {
            for (Rule& rule : family()) all.push_back(std::move(rule));
        }
        return all;
    }();
    return rules;
}

}  // namespace soaplint
