// The rule families; checks/registry.cpp puts them in catalog order.
#pragma once

#include <vector>

#include "src/rule.hpp"

namespace soaplint::checks {

std::vector<Rule> section_rules();     // S001-S003   checks/sections.cpp
std::vector<Rule> diagnosis_rules();   // D001-D004   checks/diagnosis.cpp
std::vector<Rule> goal_rules();        // G001-G004   checks/goals.cpp
std::vector<Rule> objective_rules();   // O001-O003   checks/objective.cpp
std::vector<Rule> progress_rules();    // R001-R004   checks/progress.cpp
std::vector<Rule> necessity_rules();   // M001-M002   checks/necessity.cpp
std::vector<Rule> time_rules();        // T001-T008   checks/time_units.cpp
std::vector<Rule> code_rules();        // C001-C005   checks/codes.cpp
std::vector<Rule> plan_rules();        // F001-F004   checks/plan.cpp
std::vector<Rule> provider_rules();    // Q001        checks/provider.cpp
std::vector<Rule> input_rules();       // X001        checks/input.cpp
std::vector<Rule> no_notes_rules();    // X003        checks/input.cpp
std::vector<Rule> suppression_rules(); // X002        checks/suppression.cpp

}  // namespace soaplint::checks
