// Reporters: every format renders the same findings.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "checks/rule.hpp"

namespace soaplint {

struct Summary {
    int files = 0, notes = 0, error = 0, warning = 0, info = 0;
};
Summary summarize(const std::vector<Finding>& findings, int files, int notes);

struct ReportOptions {
    bool redact = false;  // positions and rule messages only: no note text
    bool color = false;
};

// `file:line:col: severity: message [RULE]`, one per line; suppressed findings are not printed.
void write_text(std::ostream& out, const std::vector<Finding>& findings, const ReportOptions& options);
// SPEC §6.
void write_json(std::ostream& out, const std::vector<Finding>& findings, const Summary& summary);

// `soaplint rules`: the catalog, one rule per line; `soaplint rules ID`: its documentation.
void write_rule_list(std::ostream& out);
void write_rule_doc(std::ostream& out, const RuleInfo& rule);

}  // namespace soaplint
