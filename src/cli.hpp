// The command line of SPEC §2: soaplint check | extract | rules | report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace soaplint {

// Runs soaplint with `args` (without the program name); returns the exit status.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace soaplint
