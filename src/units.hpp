// Timed-code units from documented minutes, by the two methods payers use (SPEC §4).
#pragma once

#include <string>
#include <vector>

#include "profile.hpp"

namespace soaplint {

struct TimedService {
    std::string code;
    int minutes = 0;
};

struct UnitAllocation {
    std::vector<int> units;  // per service, in input order
    int total_units = 0;
    int total_minutes = 0;
};

// Units for a number of minutes: 0 for 0-7, 1 for 8-22, 2 for 23-37, ... floor((m + 7) / 15).
int units_for_minutes(int minutes);

// CMS total-time method: units of the pooled minutes; each code first gets its whole 15-minute
// units, the units left go one at a time to the codes with the most remaining minutes.
UnitAllocation cms_units(const std::vector<TimedService>& services);

// AMA/CPT per-code method: each code on its own, 8 minutes earning a unit; no pooling.
UnitAllocation ama_units(const std::vector<TimedService>& services);

UnitAllocation allocate_units(UnitMethod method, const std::vector<TimedService>& services);

// "CMS total-time method" / "AMA per-code method".
const char* method_name(UnitMethod method);

}  // namespace soaplint
