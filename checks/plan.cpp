// F001-F004: the plan of care's frequency and duration, the visits it allows, and prior
// authorization.
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "checks/helpers.hpp"
#include "checks/plan_scan.hpp"
#include "checks/registry.hpp"
#include "src/language.hpp"
#include "src/structure.hpp"


namespace soaplint::checks {
namespace {

// A count the scanners found: one to three digits.
int number_at(std::string_view text, plan_scan::Span span) {
    int n = 0;
    for (const char c : plan_scan::slice(text, span)) n = n * 10 + (c - '0');
    return n;
}

const char* kind_noun(const Note& note) {
    switch (note.kind) {
        case NoteKind::evaluation: return "evaluation";
        case NoteKind::reevaluation: return "re-evaluation";
        case NoteKind::plan_of_care: return "plan of care";
        default: return "note";
    }
}

// ---- F001 / F002 -----------------------------------------------------------------------------

// "Pt discharged to HEP", "one-time visit", "no further skilled PT indicated": the evaluation or
// re-evaluation ends care, so it sets no frequency or duration.
bool closes_care(const Note& note) {
    static const std::vector<std::string_view> cues = {
        "discharged", "discharge from", "discharge to", "discharge pt", "discharge patient", "d/c to", "d/c from",
        "d/c'd", "one-time visit", "one time visit", "one-time consult", "evaluation only", "eval only",
        "further skilled", "further physical therapy", "further pt", "further therapy", "not a candidate",
        "not appropriate for"};
    static constexpr std::array<std::string_view, 6> conditions = {"when", "once", "after", "upon", "until", " if "};
    // "recently discharged from the hospital" is the patient's history, not the end of therapy.
    static constexpr std::array<std::string_view, 6> elsewhere = {"hospital", "acute", "snf", "inpatient",
                                                                   "skilled nursing", "facility"};
    for (const SectionName name : {SectionName::plan, SectionName::assessment, SectionName::plan_of_care}) {
        for (const Line* line : lines_in(note, name)) {
            const std::string& lower = line->lower();
            if (contains_any(lower, conditions) || contains_any(lower, elsewhere)) continue;
            // "no further skilled PT needed" closes care: ConText reads its "no" as a negation of
            // the cue, so the cues naming further care count when negated.
            for (const Mention& m : find_mentions(line->text, cues)) {
                const bool further = m.term.rfind("further", 0) == 0;
                if (further ? m.negated && !m.hypothetical : m.asserted()) return true;
            }
        }
    }
    return false;
}

// Plan notes that must state frequency and duration: evaluations, plans of care and
// re-evaluations (a recertification restates them), unless the note ends care.
bool needs_frequency_duration(const Note& note) { return is_plan_note(note) && !closes_care(note); }

Position plan_position(const Note& note) {
    for (const SectionName name : {SectionName::plan_of_care, SectionName::plan})
        if (const Section* s = section_named(note, name)) return Position{s->line, 1};
    return note_start(note);
}

void check_missing_frequency(const NoteContext& c) {
    const Note& note = c.note;
    if (note.frequency || !needs_frequency_duration(note)) return;
    const Position at = note.duration ? Position{note.duration->line, 1} : plan_position(note);
    c.report.add(note, at,
                 std::string("this ") + kind_noun(note) +
                     " states no treatment frequency; add how often the patient will be seen (e.g. `Frequency: "
                     "2x/week`, `3 times per week`)");
}

void check_missing_duration(const NoteContext& c) {
    const Note& note = c.note;
    if (note.duration || !needs_frequency_duration(note)) return;
    const Position at = note.frequency ? Position{note.frequency->line, 1} : plan_position(note);
    c.report.add(note, at,
                 std::string("this ") + kind_noun(note) +
                     " states no duration of care; add how long the plan runs (e.g. `2x/week for 6 weeks`, `x 8 "
                     "visits`, `through 2026-04-30`)");
}

// ---- Authorization ---------------------------------------------------------------------------

// Lines and header values that talk about authorization.
bool about_authorization(const std::string& lower) {
    return contains(lower, "auth") || contains(lower, "precert") || contains(lower, "pre-cert") ||
           contains(lower, "approved");
}

bool pending(const std::string& lower) {
    static constexpr std::array<std::string_view, 9> words = {"pending", "requested", "request sent", "submitted",
                                                              "denied", "awaiting", "waiting", "not yet", "expired"};
    return contains_any(lower, words);
}

// Whether the note documents an authorization number: its `Authorization:` / `Auth #:` field, or
// a line such as `Prior auth #HC-55821 obtained`.
bool documents_authorization(const Note& note) {
    if (note.authorization) {
        const std::string lower = ascii_lower(*note.authorization);
        if (!pending(lower) && plan_scan::number_in(*note.authorization)) return true;
    }
    for (const Line& line : note.lines) {
        const std::string& lower = line.lower();
        if (!about_authorization(lower) || pending(lower)) continue;
        // Only the first inline number of the line is judged, as it always was.
        const auto number = plan_scan::inline_authorization_number(line.text);
        if (number && plan_scan::number_in(plan_scan::slice(line.text, *number))) return true;
    }
    return false;
}

// Visits authorized, as the note states them: `Authorization: 12 visits`, `auth for 12 visits`,
// `12 visits authorized`, `approved for 12 visits`, `visits authorized: 12`.
std::optional<int> authorized_visits(const Note& note) {
    std::optional<int> found;
    const auto scan = [&](const std::string& written) {
        const std::string lower = ascii_lower(written);
        if (pending(lower)) return;
        const std::string text = plan_scan::without_dates(written);
        // `visits authorized: 12` is read before `12 visits`.
        auto count = plan_scan::count_after_visits(text);
        if (!count) count = plan_scan::count_before_visits(text);
        if (count) found = number_at(text, *count);
    };
    if (note.authorization) scan(*note.authorization);
    for (const Line& line : note.lines) {
        if (found) break;
        const std::string& lower = line.lower();
        if (!about_authorization(lower) || line.number == note.authorization_line) continue;
        scan(line.text);
    }
    return found;
}

// ---- F003 ------------------------------------------------------------------------------------

// A note that is a visit of the plan's period: dated, and not a discharge summary written
// without treatment.
bool counts_as_visit(const Note& note) {
    return note.date_of_service && (note.kind != NoteKind::discharge || !note.interventions.empty());
}

// Whether the note starts a new plan period: an evaluation or plan of care always; a
// re-evaluation when it sets frequency, duration or an authorized count (a recertification).
bool starts_plan(const Note& note) {
    if (!note.date_of_service) return false;
    if (note.kind == NoteKind::evaluation || note.kind == NoteKind::plan_of_care) return true;
    return note.kind == NoteKind::reevaluation && (note.frequency || note.duration || authorized_visits(note));
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

struct PlanLimit {
    int visits = 0;
    std::string how;  // "2x/week for 6 weeks"
};

std::string plural(int n, const std::string& unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); }

// Visits the plan's frequency and duration allow: visits/week x weeks, or `x 8 visits`.
std::optional<PlanLimit> plan_limit(const Note& plan) {
    if (!plan.duration) return std::nullopt;
    const Duration& d = *plan.duration;
    if (d.unit == "visit" && d.value) return PlanLimit{*d.value, "x " + plural(*d.value, "visit")};
    if (!plan.frequency || plan.frequency->visits <= 0) return std::nullopt;
    const Frequency& f = *plan.frequency;
    // The plan's length in days; a started week or month counts whole, in the patient's favour.
    int days = 0;
    std::string span;
    if (d.value && d.unit == "week") {
        days = *d.value * 7;
        span = "for " + plural(*d.value, "week");
    } else if (d.value && d.unit == "day") {
        days = *d.value;
        span = "for " + plural(*d.value, "day");
    } else if (d.value && d.unit == "month") {
        days = static_cast<int>(std::ceil(*d.value * 365.25 / 12));
        span = "for " + plural(*d.value, "month");
    } else if (d.end && plan.date_of_service) {
        days = days_between(*plan.date_of_service, *d.end) + 1;
        span = "through " + d.end->iso();
    }
    if (days <= 0) return std::nullopt;
    int visits = 0;
    if (f.per == "week") visits = f.visits * ceil_div(days, 7);
    else if (f.per == "day") visits = f.visits * days;
    else if (f.per == "month") visits = f.visits * ceil_div(days, 30);
    if (visits <= 0) return std::nullopt;
    return PlanLimit{visits, std::to_string(f.visits) + "x/" + f.per + " " + span};
}

// `Visit 13 of 12`: the note's own count past its total.
struct StatedVisit {
    int number = 0, total = 0;
    Position pos;
};

std::optional<StatedVisit> stated_visit_over(const Note& note) {
    for (const Line& line : note.lines) {
        if (!contains(line.lower(), "visit")) continue;  // cheap filter before the scan
        // Only the line's first `visit N of M` counts, as it always did.
        const auto stated = plan_scan::visit_of(line.text);
        if (!stated) continue;
        const int n = number_at(line.text, stated->number), total = number_at(line.text, stated->total);
        if (total > 0 && n > total) return StatedVisit{n, total, Position{line.number, line.column}};
    }
    return std::nullopt;
}

Position visit_position(const Note& note) {
    return note.date_line > 0 ? Position{note.date_line, 1} : note_start(note);
}

struct PlanPeriod {
    const Note* plan = nullptr;
    std::optional<PlanLimit> limit;
    std::optional<int> authorized;
    int visits = 0;
    std::optional<CivilDate> last_visit;
    bool plan_reported = false, auth_reported = false;
};

void report_over_plan(const EpisodeContext& c, const Note& note, const PlanPeriod& p) {
    c.report.add(note, visit_position(note),
                 "this is visit " + std::to_string(p.visits) + " since the " + kind_noun(*p.plan) + " of " +
                     p.plan->date_of_service->iso() + ", whose plan allows " + plural(p.limit->visits, "visit") + " (" +
                     p.limit->how + "); re-evaluate and update the plan of care before more visits, or correct its "
                     "frequency and duration");
}

void report_over_authorization(const EpisodeContext& c, const Note& note, const PlanPeriod& p) {
    c.report.add(note, visit_position(note),
                 "this is visit " + std::to_string(p.visits) + " since the " + kind_noun(*p.plan) + " of " +
                     p.plan->date_of_service->iso() + " but only " + plural(*p.authorized, "visit") +
                     (*p.authorized == 1 ? " is" : " are") +
                     " authorized; obtain and document an authorization for more visits before treating");
}

void check_visits_exceed_plan(const EpisodeContext& c) {
    std::optional<PlanPeriod> period;
    for (const Note* note : c.episode.notes) {
        const auto stated_over = stated_visit_over(*note);
        if (stated_over) {
            c.report.add(*note, stated_over->pos,
                         "the note counts visit " + std::to_string(stated_over->number) + " of " +
                             std::to_string(stated_over->total) +
                             ": more visits than planned or authorized; update the plan of care or the authorization");
        }
        if (starts_plan(*note)) {
            period = PlanPeriod{note, plan_limit(*note), authorized_visits(*note), 0, note->date_of_service, false, false};
            continue;
        }
        if (!period || !counts_as_visit(*note) || *note->date_of_service <= *period->plan->date_of_service) continue;
        if (auto authorized = authorized_visits(*note)) period->authorized = authorized;
        if (period->last_visit && *note->date_of_service == *period->last_visit) continue;  // one visit a day
        period->last_visit = note->date_of_service;
        ++period->visits;
        if (stated_over) {
            // Reported above; the episode's own count would only repeat it for this note.
            period->auth_reported = period->auth_reported || (period->authorized && period->visits > *period->authorized);
            period->plan_reported = period->plan_reported || (period->limit && period->visits > period->limit->visits);
            continue;
        }
        if (period->authorized && period->visits > *period->authorized && !period->auth_reported) {
            period->auth_reported = true;
            report_over_authorization(c, *note, *period);
        } else if (period->limit && period->visits > period->limit->visits && !period->plan_reported) {
            period->plan_reported = true;
            report_over_plan(c, *note, *period);
        }
    }
}

// ---- F004 ------------------------------------------------------------------------------------

// The note's visit number in its episode: dated visits up to it, one a day.
int visit_number(const Note& note, const Episode* episode) {
    if (episode == nullptr) return 1;
    int number = 0;
    std::optional<CivilDate> last;
    for (const Note* other : episode->notes) {
        const bool new_day = !other->date_of_service || !last || *other->date_of_service != *last;
        if (new_day) ++number;
        if (other->date_of_service) last = other->date_of_service;
        if (other == &note) break;
    }
    return std::max(number, 1);
}

bool authorized_in_episode(const Note& note, const Episode* episode) {
    if (documents_authorization(note)) return true;
    if (episode == nullptr) return false;
    for (const Note* other : episode->notes) {
        if (other == &note) break;
        if (documents_authorization(*other)) return true;
    }
    return false;
}

void check_prior_authorization(const NoteContext& c) {
    const Profile& p = c.profile;
    if (p.prior_auth_codes.empty()) return;
    std::vector<const Intervention*> needing;
    for (const Intervention& i : c.note.interventions)
        if (contains_code(p.prior_auth_codes, i.cpt)) needing.push_back(&i);
    if (needing.empty()) return;
    const int visit = visit_number(c.note, c.episode);
    if (p.prior_auth_after_visits > 0 && visit <= p.prior_auth_after_visits) return;
    if (authorized_in_episode(c.note, c.episode)) return;
    std::string codes;
    for (const Intervention* i : needing) {
        if (contains(codes, i->cpt)) continue;
        codes += (codes.empty() ? "" : ", ") + i->cpt;
    }
    std::string when = p.prior_auth_after_visits > 0
                           ? " past visit " + std::to_string(p.prior_auth_after_visits) + " (this is visit " +
                                 std::to_string(visit) + ")"
                           : "";
    std::string what = !c.note.authorization ? "no authorization number is documented in this note or an earlier "
                                               "note of the episode"
                       : pending(ascii_lower(*c.note.authorization)) ? "the authorization is not granted yet"
                                                                     : "the authorization line gives no authorization "
                                                                       "number";
    c.report.add(c.note, needing.front()->pos,
                 p.name + " requires prior authorization for " + codes + when + ", and " + what +
                     "; obtain it before treating and write it in the note (e.g. `Auth #: HC-55821`)");
}

}  // namespace

std::vector<Rule> plan_rules() {
    return {
        Rule{{"F001", "missing-frequency", Severity::warning,
              "An evaluation, plan of care or re-evaluation states no treatment frequency (`2x/week`). A note "
              "that ends care (discharge, one-time visit) needs none.",
              "The plan of care must say how often the patient will be treated; without it the payer cannot "
              "certify the plan, and every visit under it lacks the order it depends on.",
              "Write the frequency in the plan: `Frequency: 2x/week`, `3 times per week`, `2-3x/wk`.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2 (plan of care: amount, "
              "frequency and duration); 42 CFR §410.61(b)",
              "Plan: manual therapy and therapeutic exercise for 6 weeks.",
              "Plan: manual therapy and therapeutic exercise 2x/week for 6 weeks."},
             check_missing_frequency, {}},
        Rule{{"F002", "missing-duration", Severity::warning,
              "An evaluation, plan of care or re-evaluation states no duration of care (`for 6 weeks`, `x 8 "
              "visits`, an end date). A note that ends care needs none.",
              "Payers certify a plan for a period; without a duration the plan has no end, its goals no horizon, "
              "and the visits after certification cannot be matched to it.",
              "Write the duration: `for 6 weeks`, `x 8 visits`, `through 4/30/2026`.",
              "CMS Pub. 100-02 ch. 15 §220.1.2 (duration of the plan); 42 CFR §410.61(b)",
              "Plan: manual therapy and therapeutic exercise 2x/week.",
              "Plan: manual therapy and therapeutic exercise 2x/week for 6 weeks."},
             check_missing_duration, {}},
        Rule{{"F003", "visits-exceed-plan", Severity::warning,
              "The episode has more visits after a plan of care than its frequency x duration allow (2x/week for "
              "6 weeks = 12), or more than the authorized count (`Authorization: 12 visits`); reported at the "
              "first visit over. A note that counts `Visit 13 of 12` is reported too.",
              "Visits beyond the plan are not covered by its certification, and visits beyond the authorization "
              "are denied outright: the payer approved a number, not an open episode.",
              "Re-evaluate and update the plan of care (new frequency and duration, recertification) or obtain "
              "an authorization for more visits before treating past the limit.",
              "CMS Pub. 100-02 ch. 15 §220.1.2-§220.1.3 (plan of care, recertification when the plan changes); "
              "payer prior-authorization terms (authorized visit counts)",
              "03/02/2026 Initial evaluation. P: 2x/week for 2 weeks.\n03/04, 03/06, 03/09, 03/11: daily notes\n"
              "03/13/2026 Daily note (visit 5 of a 4-visit plan)",
              "03/02/2026 Initial evaluation. P: 2x/week for 2 weeks.\n03/04, 03/06, 03/09, 03/11: daily notes\n"
              "03/13/2026 Re-evaluation. P: 2x/week for 3 more weeks."},
             {}, check_visits_exceed_plan},
        Rule{{"F004", "missing-prior-authorization", Severity::error,
              "The profile requires prior authorization for a billed code (hcsc: 97124; ibx: therapy codes past "
              "a visit count) and no authorization number is documented in the note or an earlier note of the "
              "episode.",
              "Services that need prior authorization are denied without it, whatever the documentation; the "
              "authorization number in the record is what ties the visit to the approval.",
              "Obtain the authorization before treating and write its number in the note: `Auth #: HC-55821`.",
              "Payer prior-authorization policies: BCBS of Illinois benefit preauthorization (97124); "
              "Independence Blue Cross outpatient therapy precertification past a visit count (set per contract)",
              "Insurance: Blue Cross Blue Shield of Illinois\n97124 Massage therapy 30 min x2 units",
              "Insurance: Blue Cross Blue Shield of Illinois\nAuth #: HC-55821\n97124 Massage therapy 30 min x2 units"},
             check_prior_authorization, {}},
    };
}

}  // namespace soaplint::checks
