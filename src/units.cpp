#include "units.hpp"

#include <numeric>

#include "model.hpp"

namespace soaplint {

// (minutes + 7) / 15 without the addition, which overflows at the top of int's range.
int units_for_minutes(int minutes) { return minutes < 8 ? 0 : minutes / 15 + (minutes % 15 >= 8 ? 1 : 0); }

UnitAllocation cms_units(const std::vector<TimedService>& services) {
    UnitAllocation out;
    out.units.assign(services.size(), 0);
    std::vector<int> remaining(services.size(), 0);
    int whole = 0;
    for (std::size_t i = 0; i < services.size(); ++i) {
        const int minutes = std::max(0, services[i].minutes);
        out.total_minutes = capped_sum(out.total_minutes, minutes);
        out.units[i] = minutes / 15;
        remaining[i] = minutes % 15;
        whole = capped_sum(whole, out.units[i]);
    }
    out.total_units = units_for_minutes(out.total_minutes);
    // Left-over units go to the codes with the most remaining minutes (the first on a tie).
    for (int left = out.total_units - whole; left > 0; --left) {
        std::size_t best = services.size();
        for (std::size_t i = 0; i < services.size(); ++i) {
            if (remaining[i] > 0 && (best == services.size() || remaining[i] > remaining[best])) best = i;
        }
        if (best == services.size()) break;
        ++out.units[best];
        remaining[best] = 0;
    }
    return out;
}

UnitAllocation ama_units(const std::vector<TimedService>& services) {
    UnitAllocation out;
    for (const TimedService& service : services) {
        const int minutes = std::max(0, service.minutes);
        out.units.push_back(units_for_minutes(minutes));
        out.total_minutes = capped_sum(out.total_minutes, minutes);
    }
    out.total_units = std::accumulate(out.units.begin(), out.units.end(), 0, capped_sum);
    return out;
}

UnitAllocation allocate_units(UnitMethod method, const std::vector<TimedService>& services) {
    return method == UnitMethod::cms ? cms_units(services) : ama_units(services);
}

const char* method_name(UnitMethod method) {
    return method == UnitMethod::cms ? "CMS total-time method" : "AMA per-code method";
}

}  // namespace soaplint
