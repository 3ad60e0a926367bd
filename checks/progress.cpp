// Rules of this family land in a later commit.
#include "checks/registry.hpp"

namespace soaplint::checks {

std::vector<Rule> progress_rules() { return {}; }

}  // namespace soaplint::checks
