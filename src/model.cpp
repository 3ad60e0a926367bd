#include "model.hpp"

#include <chrono>
#include <cstdio>

namespace soaplint {

std::string CivilDate::iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

int days_between(const CivilDate& from, const CivilDate& to) {
    using namespace std::chrono;
    const sys_days a{year_month_day{year{from.year}, month{static_cast<unsigned>(from.month)}, day{static_cast<unsigned>(from.day)}}};
    const sys_days b{year_month_day{year{to.year}, month{static_cast<unsigned>(to.month)}, day{static_cast<unsigned>(to.day)}}};
    return static_cast<int>((b - a).count());
}

std::string Clock::hhmm() const {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", hour % 100, minute % 100);
    return buffer;
}

const char* to_string(NoteKind kind) {
    switch (kind) {
        case NoteKind::evaluation: return "evaluation";
        case NoteKind::daily: return "daily";
        case NoteKind::progress: return "progress";
        case NoteKind::reevaluation: return "reevaluation";
        case NoteKind::discharge: return "discharge";
        case NoteKind::plan_of_care: return "plan_of_care";
        case NoteKind::unknown: break;
    }
    return "unknown";
}

const char* to_string(SectionName name) {
    switch (name) {
        case SectionName::subjective: return "subjective";
        case SectionName::objective: return "objective";
        case SectionName::assessment: return "assessment";
        case SectionName::plan: return "plan";
        case SectionName::goals: return "goals";
        case SectionName::plan_of_care: return "plan";
        case SectionName::treatment: return "treatment";
        case SectionName::billing: return "billing";
        case SectionName::history: return "history";
        case SectionName::diagnosis: return "diagnosis";
        case SectionName::other: break;
    }
    return "other";
}

}  // namespace soaplint
