#include "cli.hpp"

namespace soaplint {

int run_report(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
    err << "soaplint report: not built yet\n";
    return 2;
}

}  // namespace soaplint
