// G001-G004: the goals of a plan of care. The extractor (src/extract.cpp) finds the goals and
// judges each one's target, timeframe and whether it names a function; these rules decide which
// notes must state goals and which goals a payer would reject.
#include <array>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/language.hpp"
#include "src/structure.hpp"

namespace soaplint::checks {
namespace {

const char* kind_noun(const Note& note) {
    switch (note.kind) {
        case NoteKind::evaluation: return "evaluation";
        case NoteKind::reevaluation: return "re-evaluation";
        case NoteKind::plan_of_care: return "plan of care";
        case NoteKind::progress: return "progress report";
        default: return "note";
    }
}


// "Goals: see initial evaluation", "Goals remain as stated in the plan of care": the goals are
// written in another document, so this line is no goal to judge.
bool refers_elsewhere(const Goal& goal) {
    static constexpr std::array<std::string_view, 11> cues = {
        "see ", "refer to", "as stated", "as above", "as written", "as per ", "per initial", "per eval",
        "per poc", "per plan of care", "remain the same"};
    static constexpr std::array<std::string_view, 6> leads = {"remain", "continue", "unchanged", "same as",
                                                               "carried", "no change"};
    static constexpr std::array<std::string_view, 6> places = {"eval", "plan of care", "poc", "previous",
                                                                "attached", "last progress"};
    const std::string lower = ascii_lower(goal.text);
    if (contains_any(lower, cues)) return true;
    const std::string start = lower.substr(0, 12);
    return contains_any(start, leads) && contains_any(lower, places);
}

// "Met", "STG 2: Progressing - amb 150 ft with SPC", "Partially met, continue": a report on a goal's
// status (progress reports, re-evaluations), not a goal to judge.
bool status_report(const Goal& goal) {
    static constexpr std::array<std::string_view, 14> leads = {
        "met", "partially met", "not met", "not yet met", "progressing", "achieved", "partially achieved",
        "not achieved", "ongoing", "in progress", "deferred", "discontinued", "goal met", "goal not met"};
    std::string lower = ascii_lower(goal.text);
    std::size_t start = 0;
    while (start < lower.size() && !std::isalpha(static_cast<unsigned char>(lower[start]))) ++start;
    const std::string_view text = std::string_view(lower).substr(start);
    return std::any_of(leads.begin(), leads.end(), [&](std::string_view lead) {
        return text.substr(0, lead.size()) == lead &&
               (text.size() == lead.size() || !std::isalpha(static_cast<unsigned char>(text[lead.size()])));
    });
}

// Goals a rule can judge: stated in this note (any note: a session note that lists `help client
// relax` as its goal is judged too), not a pointer elsewhere, not a status report.
std::vector<const Goal*> judged_goals(const Note& note) {
    std::vector<const Goal*> out;
    for (const Goal& g : note.goals)
        if (!refers_elsewhere(g) && !status_report(g)) out.push_back(&g);
    return out;
}

// ---- G001 ------------------------------------------------------------------------------------

bool has_real_goals(const Note& note) {
    return std::any_of(note.goals.begin(), note.goals.end(),
                       [](const Goal& g) { return !refers_elsewhere(g) && !status_report(g); });
}

// Where to point: an empty goals heading if there is one, else the note's first line.
Position goals_position(const Note& note) {
    if (const Section* s = section_named(note, SectionName::goals)) return Position{s->line, 1};
    return note_start(note);
}

void check_no_goals(const NoteContext& c) {
    const Note& note = c.note;
    if (!is_plan_note(note) || has_real_goals(note)) return;
    // Every goal line points elsewhere or reports a status: the goals were set in another note.
    const bool refers = !note.goals.empty();
    if ((refers || note.kind == NoteKind::reevaluation) && c.episode) {
        // "Goals remain as in the initial evaluation", "STG 1: met": fine when that evaluation is in
        // the run. A re-evaluation may carry the goals of the plan it continues without restating them.
        for (const Note* other : c.episode->notes)
            if (other != &note && has_real_goals(*other)) return;
    }
    const std::string what = std::string("this ") + kind_noun(note);
    if (refers) {
        c.report.add(note, note.goals.front().pos,
                     what + " only refers to goals or their status, and no note of this patient in the run states "
                            "the goals; restate the measurable functional goals with their timeframes here");
        return;
    }
    c.report.add(note, goals_position(note),
                 what + " states no goals; add measurable functional goals with a timeframe (e.g. `STG (3 weeks): Pt "
                        "will sit 30 minutes at work with pain no greater than 3/10`)");
}

// ---- G002 ------------------------------------------------------------------------------------

void check_not_measurable(const NoteContext& c) {
    for (const Goal* g : judged_goals(c.note)) {
        if (g->measurable) continue;
        c.report.add(c.note, g->pos,
                     "this goal has no measurable target; state a number with a unit or scale, or a defined functional "
                     "criterion (e.g. `ambulate 300 ft without an assistive device`, `lumbar flexion AROM to 60°`)");
    }
}

// ---- G003 ------------------------------------------------------------------------------------

// "By discharge", "by the end of the plan of care": the plan's own duration is the timeframe.
bool ends_with_plan(const Goal& goal) {
    static constexpr std::array<std::string_view, 8> cues = {
        "by discharge", "at discharge", "upon discharge", "prior to discharge", "end of plan", "end of the plan",
        "end of poc", "end of the certification"};
    return contains_any(ascii_lower(goal.text), cues);
}

void check_no_timeframe(const NoteContext& c) {
    const Note& note = c.note;
    for (const Goal* g : judged_goals(note)) {
        if (g->timeframe) continue;
        // A long-term goal is by definition reached at the end of the plan: the plan's duration
        // (`2x/week for 6 weeks`, an end date) gives its timeframe.
        const bool plan_end = note.duration && ((g->term && *g->term == "long") || ends_with_plan(*g));
        if (plan_end) continue;
        c.report.add(note, g->pos,
                     "this goal has no timeframe; say by when it will be met (e.g. `in 4 weeks`, `within 8 visits`, "
                     "`by 2026-04-30`)");
    }
}

// ---- G004 ------------------------------------------------------------------------------------

const std::vector<std::string_view>& comfort_terms() {
    static const std::vector<std::string_view> terms = {
        "relax", "stress relief", "relieve stress", "reduce stress", "decrease stress", "manage stress",
        "stress reduction", "stress management", "less stress", "comfort", "well-being", "wellbeing", "wellness",
        "feel better", "pamper", "rejuvenat", "calm", "soothing", "sense of peace"};
    return terms;
}

const std::vector<std::string_view>& pain_terms() {
    static const std::vector<std::string_view> terms = {"pain", "discomfort", "sore", "ache", "aching", "symptom",
                                                        "tenderness", "hurt"};
    return terms;
}

void check_not_functional(const NoteContext& c) {
    const auto goals = judged_goals(c.note);
    for (const Goal* g : goals) {
        if (g->functional || !asserts_any(g->text, comfort_terms())) continue;
        c.report.add(c.note, g->pos,
                     "this goal aims at comfort, relaxation or stress relief with no function; payers do not pay for "
                     "that: tie it to an activity the patient cannot do now (e.g. `sleep 6 hours without waking from "
                     "neck pain`, `work at the computer 2 hours`)");
    }
    if (!c.profile.functional_goals_required) return;
    // Pain relief is a fine goal beside functional ones; only a plan whose goals are all pain
    // relief (or comfort) fails a payer that requires functional goals. Reported once, at the
    // first pain goal.
    const Goal* first_pain = nullptr;
    for (const Goal* g : goals) {
        if (g->functional) return;
        const bool pain = asserts_any(g->text, pain_terms());
        if (!pain && !asserts_any(g->text, comfort_terms())) return;
        if (pain && first_pain == nullptr) first_pain = g;
    }
    if (first_pain == nullptr) return;
    c.report.add(c.note, first_pain->pos,
                 "the goals aim at pain relief alone, and " + c.profile.name +
                     " requires functional goals; add a goal for the activity the pain limits (e.g. `lift 25 lb floor "
                     "to waist to return to full duty in 6 weeks`)");
}

}  // namespace

std::vector<Rule> goal_rules() {
    return {
        Rule{{"G001", "no-goals", Severity::error,
              "An evaluation, plan of care or re-evaluation states no goals. Goal lines that point elsewhere "
              "(`Goals remain as per initial evaluation`, `STG 1: met`), and a re-evaluation without goals, pass "
              "when another note of the patient in the run states them.",
              "A plan of care must contain goals: without them the payer cannot tell what skilled therapy is "
              "meant to achieve or when it should end, so the plan is not certifiable and the visits under it "
              "are denied.",
              "Write short- and long-term goals that are measurable, functional and have a timeframe. A "
              "re-evaluation may carry the goals of the evaluation it continues, when that note is linted with it.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2 (plan of care: diagnoses, "
              "long-term treatment goals, type, amount, duration and frequency); APTA Guidelines: Physical "
              "Therapy Documentation of Patient/Client Management",
              "PHYSICAL THERAPY INITIAL EVALUATION\nAssessment: good rehab potential.\nPlan: 2x/week for 6 weeks.",
              "PHYSICAL THERAPY INITIAL EVALUATION\nGoals: STG (3 weeks): Pt will sit 30 min with pain <= 3/10 to "
              "work at desk.\nPlan: 2x/week for 6 weeks."},
             check_no_goals, {}},
        Rule{{"G002", "goal-not-measurable", Severity::warning,
              "A goal has no measurable target: no number with a unit or scale, and no defined functional "
              "criterion such as `independently` or `without an assistive device`.",
              "A goal nobody can measure cannot be shown to be met or progressing, so the payer cannot tell "
              "whether therapy is working and reviewers treat the plan as unsupported.",
              "Give the goal a number with a unit (`to 120°`, `300 ft`, `pain 3/10`, `ODI 20%`) or a defined "
              "criterion (`independently`, `without an assistive device`, `return to full duty`).",
              "CMS Pub. 100-02 ch. 15 §220.1.2.B (goals are measurable and pertain to identified functional "
              "impairments); APTA Guidelines: Physical Therapy Documentation",
              "STG: Improve shoulder ROM in 3 weeks.",
              "STG: Increase R shoulder flexion AROM to 150° to reach the top shelf in 3 weeks."},
             check_not_measurable, {}},
        Rule{{"G003", "goal-without-timeframe", Severity::warning,
              "A goal states no timeframe (`in 4 weeks`, `within 6 visits`, `by 2026-04-30`). A long-term goal "
              "takes the plan's duration when the plan states one.",
              "Without a timeframe, progress toward the goal cannot be judged at the progress report, and the "
              "plan's duration is not supported by expected outcomes.",
              "Say by when the goal will be met: `in 4 weeks`, `within 8 visits`, `by 4/30/2026`, or put it under "
              "a heading that carries it (`Short-term goals (3 weeks):`).",
              "CMS Pub. 100-02 ch. 15 §220.1.2 (goals with the expected duration of the plan); APTA Guidelines: "
              "Physical Therapy Documentation (goals include the expected time to reach them)",
              "STG: Pt will ambulate 300 ft without an assistive device.",
              "STG: Pt will ambulate 300 ft without an assistive device in 3 weeks."},
             check_no_timeframe, {}},
        Rule{{"G004", "goal-not-functional", Severity::warning,
              "A goal aims only at comfort, relaxation or stress relief, with no function (ADL, work, mobility, "
              "sleep, sport); under a profile that requires functional goals, goals that are all pain relief.",
              "Insurers pay for therapy that restores function. Relaxation and stress relief are wellness care "
              "that policies exclude, and workers' compensation and Medicare ask what the patient will be able "
              "to do, not only how they will feel.",
              "Name the activity the goal restores and how much of it: `sleep through the night`, `type 2 hours "
              "at work`, `lift 25 lb to return to full duty`. A negated phrase (`not for relaxation`) is fine.",
              "CMS Pub. 100-02 ch. 15 §220.1.2.B and §220.2 (reasonable and necessary; functional goals); "
              "Independence Blue Cross and BCBS massage therapy medical policies (relaxation and wellness "
              "excluded); California MTUS 8 CCR §9792.20 (functional improvement)",
              "LTG: Client will feel relaxed and have less stress in 4 weeks.",
              "LTG: Client will sleep 6 hours without waking from neck pain in 4 weeks."},
             check_not_functional, {}},
    };
}

}  // namespace soaplint::checks
