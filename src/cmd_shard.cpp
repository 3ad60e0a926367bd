#include "cli.hpp"

namespace soaplint {

int run_shard(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
    err << "soaplint shard: not built yet\n";
    return 2;
}

}  // namespace soaplint
