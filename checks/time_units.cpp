// T001-T008: treatment time and timed units.
#include <numeric>
#include <sstream>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/codetables.hpp"
#include "src/units.hpp"

namespace soaplint::checks {
namespace {

constexpr int kLongestSession = 8 * 60;

std::vector<const Intervention*> timed_interventions(const Note& note) {
    std::vector<const Intervention*> out;
    for (const Intervention& i : note.interventions)
        if (i.timed) out.push_back(&i);
    return out;
}

// ---- T001 ------------------------------------------------------------------------------------

void check_missing_time(const NoteContext& c) {
    const auto timed = timed_interventions(c.note);
    for (const Intervention* i : timed) {
        if (!i->minutes)
            c.report.add(c.note, i->pos,
                         i->cpt + " is a timed code but no minutes are documented for it; write the minutes "
                                  "spent on it (e.g. `" + i->cpt + " 23 min`)");
    }
    if (!timed.empty() && (!c.note.session.start || !c.note.session.stop)) {
        c.report.add(c.note, timed.front()->pos,
                     "timed codes are billed but the session's start and stop times are not documented; add "
                     "them (e.g. `Time in 10:02 AM / Time out 10:55 AM`)");
    }
}

// ---- T002 ------------------------------------------------------------------------------------

void check_time_range(const NoteContext& c) {
    const Session& s = c.note.session;
    if (!s.start || !s.stop) return;
    const Position at{s.line, 1};
    if (!s.start->valid || !s.stop->valid) {
        const Clock& bad = !s.start->valid ? *s.start : *s.stop;
        c.report.add(c.note, at, "the time " + std::to_string(bad.hour) + ":" + (bad.minute < 10 ? "0" : "") +
                                     std::to_string(bad.minute) + " cannot exist; correct the session's clock times");
        return;
    }
    const int minutes = s.stop->minutes_of_day() - s.start->minutes_of_day();
    if (minutes <= 0) {
        c.report.add(c.note, at, "the session stops (" + s.stop->hhmm() + ") before it starts (" + s.start->hhmm() +
                                     "); correct the start and stop times");
    } else if (minutes > kLongestSession) {
        c.report.add(c.note, at, "the session lasts " + std::to_string(minutes) +
                                     " minutes, longer than 8 hours; check the start and stop times (AM/PM?)");
    }
}

// ---- T003 / T004 -----------------------------------------------------------------------------

struct UnitCheck {
    std::vector<const Intervention*> codes;  // timed codes with minutes and billed units
    UnitAllocation allocation;
    int billed = 0;
};

// Timed codes that state both minutes and units, allocated under the profile's method. Codes
// without minutes take part with 0 minutes only when every timed code states its units.
std::optional<UnitCheck> unit_check(const Note& note, const Profile& profile) {
    UnitCheck check;
    std::vector<TimedService> services;
    for (const Intervention* i : timed_interventions(note)) {
        if (!i->minutes || !i->units) continue;
        check.codes.push_back(i);
        services.push_back({i->cpt, *i->minutes});
        check.billed = capped_sum(check.billed, *i->units);
    }
    if (check.codes.empty()) return std::nullopt;
    check.allocation = allocate_units(profile.unit_method, services);
    return check;
}

std::string supported_list(const UnitCheck& check) {
    std::string out;
    for (std::size_t k = 0; k < check.codes.size(); ++k) {
        if (!out.empty()) out += ", ";
        out += check.codes[k]->cpt + " x" + std::to_string(check.allocation.units[k]);
    }
    return out;
}

std::string method_clause(const Profile& profile) {
    return std::string("under the ") + method_name(profile.unit_method) + " (" + profile.name + ")";
}

// The most units one code can receive under CMS: its whole units plus one for a remainder.
int cms_ceiling(int minutes) { return minutes / 15 + (minutes % 15 > 0 ? 1 : 0); }

void check_units_exceed(const NoteContext& c) {
    const auto check = unit_check(c.note, c.profile);
    if (!check) return;
    const bool cms = c.profile.unit_method == UnitMethod::cms;
    const bool pooled_excess = cms && check->billed > check->allocation.total_units;
    for (std::size_t k = 0; k < check->codes.size(); ++k) {
        const Intervention& i = *check->codes[k];
        const int billed = *i.units, minutes = *i.minutes, supported = check->allocation.units[k];
        const bool excess = cms ? (pooled_excess && billed > supported) || billed > cms_ceiling(minutes)
                                : billed > supported;
        if (!excess) continue;
        std::ostringstream m;
        if (cms) {
            m << i.cpt << " billed " << billed << (billed == 1 ? " unit" : " units") << " but its minutes support "
              << supported << ": the visit's " << check->allocation.total_minutes << " timed minutes support "
              << check->allocation.total_units << (check->allocation.total_units == 1 ? " unit" : " units")
              << " in all (" << check->billed << " billed) " << method_clause(c.profile) << ": "
              << supported_list(*check) << "; bill the supported units or document the missing minutes";
        } else {
            m << i.cpt << " billed " << billed << (billed == 1 ? " unit" : " units") << " but its " << minutes
              << " timed minutes support " << supported << " " << method_clause(c.profile)
              << "; " << (supported == 0 ? "a code under 8 minutes earns no unit on its own, so do not bill it"
                                         : "bill " + i.cpt + " x" + std::to_string(supported))
              << " or document the missing minutes";
        }
        c.report.add(c.note, i.pos, m.str());
    }
}

void check_units_below(const NoteContext& c) {
    const auto check = unit_check(c.note, c.profile);
    if (!check) return;
    if (c.profile.unit_method == UnitMethod::cms) {
        if (check->billed >= check->allocation.total_units) return;
        std::ostringstream m;
        m << "timed codes billed " << check->billed << (check->billed == 1 ? " unit" : " units") << " but the visit's " << check->allocation.total_minutes
          << " timed minutes support " << check->allocation.total_units << " " << method_clause(c.profile) << ": "
          << supported_list(*check);
        c.report.add(c.note, check->codes.front()->pos, m.str());
        return;
    }
    for (std::size_t k = 0; k < check->codes.size(); ++k) {
        const Intervention& i = *check->codes[k];
        if (*i.units >= check->allocation.units[k]) continue;
        std::ostringstream m;
        m << i.cpt << " billed " << *i.units << (*i.units == 1 ? " unit" : " units") << " but its " << *i.minutes
          << " timed minutes support " << check->allocation.units[k] << " " << method_clause(c.profile);
        c.report.add(c.note, i.pos, m.str());
    }
}

// ---- T005 / T006 -----------------------------------------------------------------------------

int sum_minutes(const Note& note, bool timed_only) {
    int sum = 0;
    for (const Intervention& i : note.interventions)
        if (i.minutes && (!timed_only || i.timed)) sum = capped_sum(sum, *i.minutes);
    return sum;
}

bool any_minutes(const Note& note, bool timed_only) {
    return std::any_of(note.interventions.begin(), note.interventions.end(),
                       [&](const Intervention& i) { return i.minutes && (!timed_only || i.timed); });
}

void check_minutes_exceed_session(const NoteContext& c) {
    if (!any_minutes(c.note, false)) return;
    const int sum = sum_minutes(c.note, false);
    if (c.note.session.minutes && sum > *c.note.session.minutes) {
        c.report.add(c.note, Position{c.note.session.line, 1},
                     "the codes' minutes add up to " + std::to_string(sum) + " but the session lasted " +
                         std::to_string(*c.note.session.minutes) + " minutes (" + c.note.session.start->hhmm() + "-" +
                         c.note.session.stop->hhmm() + "); correct the minutes or the times");
    } else if (c.note.total_treatment_minutes && sum > *c.note.total_treatment_minutes) {
        c.report.add(c.note, Position{c.note.total_treatment_line, 1},
                     "the codes' minutes add up to " + std::to_string(sum) + " but the total treatment time is " +
                         std::to_string(*c.note.total_treatment_minutes) + " minutes; correct the minutes or the total");
    }
}

void check_total_mismatch(const NoteContext& c) {
    const Note& n = c.note;
    // A timed code without minutes is T001's finding; the total cannot be checked against it.
    const bool all_timed_have_minutes = std::all_of(n.interventions.begin(), n.interventions.end(),
                                                    [](const Intervention& i) { return !i.timed || i.minutes; });
    if (n.total_timed_minutes && any_minutes(n, true) && all_timed_have_minutes) {
        const int sum = sum_minutes(n, true);
        if (sum != *n.total_timed_minutes)
            c.report.add(n, Position{n.total_timed_line, 1},
                         "stated total timed minutes (" + std::to_string(*n.total_timed_minutes) +
                             ") differ from the sum of the timed codes' minutes (" + std::to_string(sum) +
                             "); make them agree");
    }
    // Time in/out bound the visit; the treatment inside may be a few minutes shorter (check-in,
    // changing, a restroom break): only a total past the visit, or well short of it, contradicts it.
    if (n.total_treatment_minutes && n.session.minutes &&
        (*n.total_treatment_minutes > *n.session.minutes || *n.total_treatment_minutes + 15 < *n.session.minutes)) {
        c.report.add(n, Position{n.total_treatment_line, 1},
                     "stated total treatment time (" + std::to_string(*n.total_treatment_minutes) +
                         " min) differs from stop - start (" + n.session.start->hhmm() + "-" + n.session.stop->hhmm() +
                         " = " + std::to_string(*n.session.minutes) + " min); make them agree");
    }
}

// ---- T007 / T008 -----------------------------------------------------------------------------

void check_untimed_units(const NoteContext& c) {
    for (const Intervention& i : c.note.interventions) {
        if (i.timed || !i.units || *i.units <= 1 || !codes::lookup_cpt(i.cpt)) continue;
        c.report.add(c.note, i.pos,
                     i.cpt + " is a service-based (untimed) code billed once per visit, but " +
                         std::to_string(*i.units) + " units are billed; bill 1 unit");
    }
}

void check_missing_totals(const NoteContext& c) {
    if (!c.profile.require_total_minutes) return;
    const auto timed = timed_interventions(c.note);
    if (timed.empty()) return;
    // Minutes written for every timed code add up to the total for the reader (a code without
    // minutes is T001's finding); time in and out state the total treatment time.
    const bool per_code = std::all_of(timed.begin(), timed.end(), [](const Intervention* i) { return i->minutes.has_value(); });
    std::string missing;
    if (!c.note.total_timed_minutes && !per_code) return;  // T001 reports the code without minutes
    if (!c.note.total_treatment_minutes && !c.note.session.minutes) missing = "total treatment time";
    if (missing.empty()) return;
    c.report.add(c.note, timed.front()->pos,
                 c.profile.name + " requires every treatment note to state total timed-code minutes and total "
                                  "treatment time; add the " + missing + " (e.g. `Total timed minutes: 38`, `Total "
                                  "treatment time: 53 min`)");
}

}  // namespace

std::vector<Rule> time_rules() {
    return {
        Rule{{"T001", "missing-treatment-time", Severity::error,
              "A timed code is billed without minutes for it, or without the session's start and stop times.",
              "Timed codes are paid in 15-minute units: without the minutes per code and the session times a "
              "reviewer cannot verify a single unit, and the whole line is denied.",
              "Write the minutes beside each timed code and the session's start and stop (time in / time out).",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.E; Medicare Claims Processing Manual "
              "(Pub. 100-04) ch. 5 §20.2; AMA CPT time rules",
              "97140 Manual therapy x2 units",
              "Time in 10:02 AM  Time out 10:55 AM\n97140 Manual therapy 23 min, 2 units"},
             check_missing_time, {}},
        Rule{{"T002", "invalid-time-range", Severity::error,
              "A clock time that cannot exist (25:70), a session that stops before it starts, or one longer than 8 hours.",
              "Impossible times make every minute count in the note unverifiable; auditors treat them as "
              "documentation errors.",
              "Correct the times; write AM/PM or 24-hour times consistently.",
              "CMS Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.4 (signature/record integrity); Pub. 100-02 ch. 15 §220.3",
              "Time in 10:55  Time out 10:02",
              "Time in 10:02  Time out 10:55"},
             check_time_range, {}},
        Rule{{"T003", "units-exceed-minutes", Severity::error,
              "Billed timed units exceed what the documented minutes support under the profile's method.",
              "Units beyond the minutes are overbilling: the payer recoups them and may audit the provider's "
              "other claims.",
              "Bill the units the minutes support (the message lists them per code), or document the minutes "
              "actually spent.",
              "CMS Pub. 100-04 ch. 5 §20.2 (total-time method, 8-minute rule); AMA CPT 'Time' rule (per-code, "
              "unit attained at 8 minutes)",
              "97110 Therapeutic exercise 20 min, 2 units",
              "97110 Therapeutic exercise 20 min, 1 unit"},
             check_units_exceed, {}},
        Rule{{"T004", "units-below-minutes", Severity::info,
              "Billed fewer timed units than the documented minutes support.",
              "Not a denial risk, but revenue left on the table, or minutes that were written wrong.",
              "Bill the supported units, or correct the minutes.",
              "CMS Pub. 100-04 ch. 5 §20.2; AMA CPT 'Time' rule",
              "97110 Therapeutic exercise 38 min, 1 unit",
              "97110 Therapeutic exercise 38 min, 3 units"},
             check_units_below, {}},
        Rule{{"T005", "minutes-exceed-session", Severity::error,
              "Per-code minutes add up to more than the session (stop - start) or the stated total treatment time.",
              "Minutes that do not fit in the session cannot all have happened; the payer denies the excess or "
              "the visit.",
              "Correct the per-code minutes or the session times.",
              "CMS Pub. 100-02 ch. 15 §220.3.E (total treatment time); Pub. 100-04 ch. 5 §20.2",
              "Time 10:00-10:30\n97110 20 min\n97140 20 min",
              "Time 10:00-10:45\n97110 20 min\n97140 20 min"},
             check_minutes_exceed_session, {}},
        Rule{{"T006", "total-mismatch", Severity::warning,
              "Stated total timed minutes differ from the sum of the per-code timed minutes, or stated total "
              "treatment time exceeds stop - start or falls more than 15 minutes short of it (a few minutes inside "
              "the visit that are not treatment are normal).",
              "Totals that contradict the detail make the reviewer doubt both; Medicare uses the total timed "
              "minutes to count units.",
              "Make the totals equal to the detail, or correct the detail.",
              "CMS Pub. 100-02 ch. 15 §220.3.E",
              "97110 20 min\n97140 15 min\nTotal timed minutes: 40",
              "97110 20 min\n97140 15 min\nTotal timed minutes: 35"},
             check_total_mismatch, {}},
        Rule{{"T007", "untimed-code-units", Severity::error,
              "A service-based (untimed) code such as 97010, 97014 or 97161-97163 is billed with more than one unit.",
              "Untimed codes are paid once per visit whatever the time; extra units are denied and look like "
              "overbilling.",
              "Bill untimed codes as 1 unit.",
              "AMA CPT (service-based codes); CMS NCCI MUE values for 97010-97028, 97161-97168",
              "97014 Electrical stimulation unattended 20 min x2",
              "97014 Electrical stimulation unattended 20 min x1"},
             check_untimed_units, {}},
        Rule{{"T008", "missing-total-minutes", Severity::warning,
              "The profile requires total timed-code minutes and total treatment time on every treatment note "
              "(medicare) and the note gives no total treatment time: neither a stated total nor time in and out. "
              "Minutes written for every timed code give the timed total (a code without minutes is T001's).",
              "Medicare requires both totals in each treatment note; without them the record does not support "
              "the units billed.",
              "Add `Total timed code minutes: N` and `Total treatment time: N min`.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.E",
              "97110 Therapeutic exercise 23 min, 2 units",
              "97110 Therapeutic exercise 23 min, 2 units\nTotal timed minutes: 23\nTotal treatment time: 30 min"},
             check_missing_totals, {}},
    };
}

}  // namespace soaplint::checks
