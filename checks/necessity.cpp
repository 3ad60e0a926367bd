// M001-M002: medical necessity in the clinician's own words. Both rules read prose, so every
// decision goes through src/language.hpp (ConText): a purpose or a plateau counts only when it is
// asserted: "not for relaxation", "denies stress", "has not plateaued", "if progress plateaus"
// are not findings.
//
// Sections read: the clinician's sections (Assessment, Plan, Plan of care, Treatment, and text
// before the first heading when a note has no headings at all). Subjective and History hold the
// patient's own words and past care ("previously reached MMI with chiropractic care"); Goals are
// judged by G004 (goal-not-functional), so they are not read for M001's purpose terms.
#include <array>
#include <cctype>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/decode.hpp"
#include "src/language.hpp"
#include "src/structure.hpp"

namespace soaplint::checks {
namespace {

// A phrase to look for. `stem` lets it match a longer word ("pamper" -> "pampering"); otherwise
// the mention must end where the phrase ends ("spa" is not "spasm", "add" is not "address").
struct Term {
    std::string_view text;
    bool stem = false;
};

template <std::size_t N>
std::vector<std::string_view> texts_of(const std::array<Term, N>& terms) {
    std::vector<std::string_view> out;
    for (const Term& t : terms) out.push_back(t.text);
    return out;
}

template <std::size_t N>
bool allows_stem(const std::array<Term, N>& terms, std::string_view text) {
    for (const Term& t : terms)
        if (t.text == text) return t.stem;
    return false;
}

// The asserted mentions of `terms` in `text`, whole words unless a term allows a longer word.
template <std::size_t N>
std::vector<Mention> asserted_mentions(std::string_view text, const std::array<Term, N>& terms) {
    std::vector<Mention> out;
    for (const Mention& m : find_mentions(text, texts_of(terms))) {
        if (!m.asserted()) continue;
        if (!allows_stem(terms, m.term) && m.end != m.begin + m.term.size()) continue;
        out.push_back(m);
    }
    return out;
}

template <std::size_t N>
bool asserts(std::string_view text, const std::array<Term, N>& terms) {
    return !asserted_mentions(text, terms).empty();
}

// The sentence of `lower` around [begin, end).
std::string_view sentence_around(std::string_view lower, std::size_t begin, std::size_t end) {
    const auto stop = [](char c) { return c == '.' || c == ';' || c == '!' || c == '?'; };
    std::size_t from = begin;
    while (from > 0 && !stop(lower[from - 1])) --from;
    std::size_t to = end;
    while (to < lower.size() && !stop(lower[to])) ++to;
    return lower.substr(from, to - from);
}

// The words right after a mention, for cues such as "stress on the knee" or "Wellness Center".
std::string_view text_after(std::string_view lower, const Mention& m) {
    std::size_t k = m.end;
    while (k < lower.size() && (lower[k] == ' ' || lower[k] == '-')) ++k;
    return lower.substr(k, 24);
}

template <std::size_t N>
bool starts_with_any(std::string_view s, const std::array<std::string_view, N>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return starts_with(s, p); });
}

// ---- which lines a rule reads ----------------------------------------------------------------

bool line_in_any(const Note& note, const Line& line, std::initializer_list<SectionName> names) {
    if (line.section < 0) return note.sections.empty();  // a note without headings: read it all
    // A combined heading (Assessment/Plan) is entries with the same heading line and text; run-in
    // headings of a one-line transcription share a line but not their text.
    const Section& own = note.sections[static_cast<std::size_t>(line.section)];
    for (std::size_t k = static_cast<std::size_t>(line.section); k < note.sections.size(); ++k) {
        const Section& s = note.sections[k];
        if (s.line != own.line || s.heading != own.heading) break;
        if (std::find(names.begin(), names.end(), s.name) != names.end()) return true;
    }
    return false;
}

// Where the clinician describes the care: assessment, plan, plan of care, treatment.
bool care_line(const Note& note, const Line& line) {
    return line_in_any(note, line, {SectionName::assessment, SectionName::plan, SectionName::plan_of_care,
                                    SectionName::treatment});
}

// Where the plan for the next visits is stated.
bool plan_line(const Note& note, const Line& line) {
    return line_in_any(note, line, {SectionName::assessment, SectionName::plan, SectionName::plan_of_care});
}

// Anywhere but the patient's own report and past history: a skilled rationale may be written in
// the assessment, the plan, the goals or beside the interventions.
bool rationale_line(const Note& note, const Line& line) {
    return !line_in_any(note, line, {SectionName::subjective, SectionName::history}) || note.sections.empty();
}

// ---- term lists ------------------------------------------------------------------------------

// Care whose purpose is comfort or leisure, not treatment of an impairment. Body-part phrasing
// ("relaxation of the pelvic floor", "reduce stress on the knee") is filtered out afterwards.
constexpr auto kLeisurePurpose = std::to_array<Term>({
    {"for relaxation"}, {"relaxation massage"}, {"relaxation purposes"}, {"general relaxation"},
    {"overall relaxation"}, {"full body relaxation"}, {"promote relaxation"}, {"promotes relaxation"},
    {"promoting relaxation"}, {"relaxing massage"}, {"for relaxing"}, {"relaxation session"},
    {"relaxation treatment"}, {"relaxation and stress"}, {"stress relief"}, {"stress reduction"},
    {"relieve stress"}, {"relieves stress"}, {"relieving stress"}, {"reduce stress"}, {"reduces stress"},
    {"reducing stress"}, {"stress-relief"}, {"de-stress"}, {"destress"}, {"wellness"}, {"pamper", true},
    {"spa"}, {"day spa"}});

// Maintenance: keeping the present level of function rather than improving it.
constexpr auto kMaintenance = std::to_array<Term>({
    {"maintenance care"}, {"maintenance therapy"}, {"maintenance treatment"}, {"maintenance massage"},
    {"maintenance program"}, {"maintenance visit", true}, {"maintenance session", true}, {"maintenance phase"},
    {"maintenance plan"}, {"maintenance level"}, {"maintenance basis"}, {"maintenance pt"},
    {"maintenance physical therapy"}, {"for maintenance"}, {"as maintenance"}, {"skilled maintenance"},
    {"maintain current level"}, {"maintain current function"}, {"maintain current status"},
    {"maintain present level"}, {"maintain function"}, {"maintain her current", true},
    {"maintain his current", true}, {"maintain their current", true}});

// Why a therapist's skills are needed (Jimmo: maintenance is covered when they are).
constexpr auto kSkilledRationale = std::to_array<Term>({
    {"skilled"}, {"skills of", true}, {"skill of", true}, {"requires the skill", true}, {"complexity"},
    {"medical complexity"}, {"complex"}, {"prevent deterioration"}, {"prevent further deterioration"},
    {"prevent decline"}, {"prevent further decline"}, {"prevent regression"}, {"slow deterioration"},
    {"slow decline"}, {"slow the decline"}, {"slow progression"}, {"slow the progression"}});

// A plateau or maximum medical improvement.
constexpr auto kPlateau = std::to_array<Term>({
    {"plateau", true}, {"maximum medical improvement"}, {"maximal medical improvement"}, {"mmi"},
    {"maximum therapeutic benefit"}, {"maximal therapeutic benefit"}, {"maximum benefit"}, {"maximal benefit"},
    {"max benefit"}, {"maximum potential"}, {"maximal potential"}, {"max potential"},
    {"maximum rehab potential"}, {"no further improvement"}, {"no further progress"}, {"no further gains"},
    {"progress has stalled"}, {"progress has leveled off"}, {"progress has levelled off"}});

// The plan keeps the same treatment.
constexpr auto kContinues = std::to_array<Term>({
    {"continue", true}, {"same plan"}, {"same treatment"}, {"same poc"}, {"same program"}, {"same frequency"},
    {"current plan"}, {"current poc"}, {"current program"}, {"plan unchanged"}, {"poc unchanged"},
    {"no change"}, {"no changes"}, {"unchanged"}, {"as before"}, {"as previously"}, {"per poc"},
    {"per plan of care"}, {"ongoing"}});

// The plan changes, ends, or sends the patient elsewhere.
constexpr auto kChangesPlan = std::to_array<Term>({
    {"modify", true}, {"modified", true}, {"modification", true}, {"change", true}, {"progress to"},
    {"progressed to"}, {"progressing to"}, {"progress hep"}, {"progress exercise", true}, {"progress program"},
    {"progress resistance"}, {"progression of"}, {"advance", true}, {"new goal", true}, {"revise", true},
    {"update goals"}, {"updated goals"}, {"updated plan"}, {"new plan"}, {"discharge", true}, {"d/c"},
    {"discontinue", true}, {"refer", true}, {"transition", true}, {"taper", true}, {"reduce frequency"},
    {"decrease frequency"}, {"reduced frequency"}, {"decreased frequency"}, {"switch", true}, {"trial of"},
    {"add"}, {"added"}, {"adding"}, {"initiate", true}, {"re-evaluat", true}, {"reevaluat", true},
    {"re-eval", true}, {"prn"}, {"as needed"}, {"on hold"}, {"hold therapy"}});

// ---- M001 ------------------------------------------------------------------------------------

// A mention that names a body part, a place or the patient's future, not the care's purpose.
bool leisure_false_alarm(std::string_view text, std::string_view lower, const Mention& m) {
    // "SpA" / "SPA" is spondyloarthritis, not a spa.
    if (m.term == "spa" && (text.substr(m.begin, 3) == "SpA" || text.substr(m.begin, 3) == "SPA")) return true;
    static constexpr auto tissue_next = std::to_array<std::string_view>({"of ", "on ", "to the", "through", "across",
                                                                       "at the", "in the"});
    static constexpr auto place_next = std::to_array<std::string_view>({"center", "centre", "clinic", "institute"});
    static constexpr auto onward = std::to_array<std::string_view>({"discharg", "transition", "independent",
                                                                  "community", "after d/c", "on own", "gym"});
    const std::string_view after = text_after(lower, m);
    const bool stress = contains(m.term, "stress");
    if ((stress || contains(m.term, "relaxation")) && starts_with_any(after, tissue_next)) return true;
    if (m.term == "wellness" && starts_with_any(after, place_next)) return true;
    // Sending the patient on to a wellness program at discharge is good practice, not billed care.
    return m.term == "wellness" && contains_any(sentence_around(lower, m.begin, m.end), onward);
}

// Handing the program over to the patient ("independent with HEP for maintenance at discharge")
// is the end of skilled care, not maintenance billed as therapy; and medical uses of the word
// are no therapy at all.
bool maintenance_handed_over(std::string_view lower, const Mention& m) {
    // "for maintenance of airway / ventilation / anesthesia" is medical, not a therapy program
    // ("a maintenance program of flexion-biased exercise" is one).
    static constexpr auto medical_objects = std::to_array<std::string_view>({
        "airway", "ventilation", "anesthesia", "anaesthesia", "hemostasis", "hydration", "sedation", "blood",
        "glucose", "weight", "sobriety", "remission", "fluid", "skin", "wakefulness", "oxygen", "sinus rhythm",
        "normothermia", "euvolemia", "the airway", "adequate"});
    const std::string_view after = text_after(lower, m);
    if (starts_with(after, "of ") && starts_with_any(after.substr(3), medical_objects)) return true;
    static constexpr auto cues = std::to_array<std::string_view>({"discharg", "independent", "home exercise", "hep",
                                                                 "home program", "self-management", "on own",
                                                                 "on his own", "on her own", "gym", "community",
                                                                 "after d/c"});
    return contains_any(sentence_around(lower, m.begin, m.end), cues);
}

struct Hit {
    const Line* line = nullptr;
    std::string term;
    std::size_t begin = 0;
};

std::optional<Hit> first_leisure_purpose(const Note& note) {
    for (const Line& line : note.lines) {
        if (!care_line(note, line)) continue;
        const std::string& lower = line.lower();
        for (const Mention& m : asserted_mentions(line.text, kLeisurePurpose))
            if (!leisure_false_alarm(line.text, lower, m)) return Hit{&line, m.term, m.begin};
    }
    return std::nullopt;
}

std::optional<Hit> first_maintenance(const Note& note) {
    for (const Line& line : note.lines) {
        if (!care_line(note, line)) continue;
        const std::string& lower = line.lower();
        for (const Mention& m : asserted_mentions(line.text, kMaintenance))
            if (!maintenance_handed_over(lower, m)) return Hit{&line, m.term, m.begin};
    }
    return std::nullopt;
}

// Why the skill is needed: `skilled PT ... due to fall risk`, `skilled care to prevent decline`.
constexpr auto kSkillReasons = std::to_array<std::string_view>({
    " due to ", " because ", " to prevent", " to avoid", " for safety", " safely", " safety", " secondary to ",
    " to establish", " to design", " to train", " to teach", " to instruct", " given ", " risk of ", " fall risk",
    " to ensure", " to progress", " to modify", " to address", " to restore", " to improve", " to return"});

// "skilled nursing facility" is a place, not a reason for skilled therapy. Where skilled care
// must be justified (`skilled_only`: Medicare, Jimmo), the word `skilled` alone (`Continue skilled
// PT`) says nothing about why: the line must give a reason, or name complexity or deterioration.
bool documents_skilled_need(const Note& note, bool reason_required) {
    for (const Line& line : note.lines) {
        if (!rationale_line(note, line)) continue;
        const std::string& lower = line.lower();
        for (const Mention& m : asserted_mentions(line.text, kSkilledRationale)) {
            if (m.term == "skilled" && starts_with(text_after(lower, m), "nursing")) continue;
            if (m.term == "skilled" && reason_required && !contains_any(" " + lower + " ", kSkillReasons)) continue;
            return true;
        }
    }
    return false;
}

Position hit_position(const Hit& hit) {
    return Position{hit.line->number, hit.line->column + utf8_columns(hit.line->text, hit.begin)};
}

void check_non_therapeutic(const NoteContext& c) {
    // An operative report or a psychiatric evaluation describes no therapy.
    if (!therapy_note(c.note)) return;
    if (c.profile.wellness_excluded) {
        if (const auto hit = first_leisure_purpose(c.note)) {
            c.report.add(c.note, hit_position(*hit),
                         "care is described as `" + hit->term + "`, a purpose the " + c.profile.name +
                             " profile does not pay for as medically necessary therapy; describe the impairment "
                             "treated and the functional goal instead (e.g. `STM R upper trapezius to restore "
                             "cervical rotation for driving`)");
        }
    }
    if (c.profile.maintenance == MaintenancePolicy::allowed) return;
    const auto hit = first_maintenance(c.note);
    if (!hit) return;
    if (c.profile.maintenance == MaintenancePolicy::excluded) {
        c.report.add(c.note, hit_position(*hit),
                     "care is described as maintenance (`" + hit->term + "`), which " + c.profile.name +
                         " does not cover; document the functional gains still expected from treatment, or "
                         "discharge to a home program");
    } else if (!documents_skilled_need(c.note, true)) {
        c.report.add(c.note, hit_position(*hit),
                     "care is described as maintenance (`" + hit->term + "`) with no documented need for a "
                     "therapist's skills; " + c.profile.name + " covers maintenance only when skilled care is needed "
                     "(Jimmo): state why (e.g. `skilled maintenance program required due to complexity of "
                     "condition to prevent deterioration`)");
    }
}

// ---- M002 ------------------------------------------------------------------------------------

// "tibial plateau fracture" is anatomy; a weight-loss plateau is not therapy.
bool plateau_false_alarm(std::string_view lower, const Mention& m) {
    static constexpr auto not_rehab = std::to_array<std::string_view>({"tibia", "fracture", " fx", "weight",
                                                                       "orif", "condyl"});
    return starts_with(m.term, "plateau") && contains_any(sentence_around(lower, m.begin, m.end), not_rehab);
}

std::optional<Hit> first_plateau(const Note& note) {
    for (const Line& line : note.lines) {
        if (!plan_line(note, line)) continue;
        const std::string& lower = line.lower();
        for (const Mention& m : asserted_mentions(line.text, kPlateau))
            if (!plateau_false_alarm(lower, m)) return Hit{&line, m.term, m.begin};
    }
    return std::nullopt;
}

bool continues(std::string_view text) { return asserts(text, kContinues); }
bool changes_plan(std::string_view text) { return asserts(text, kChangesPlan); }

bool plan_asserts(const Note& note, bool (*test)(std::string_view)) {
    return std::any_of(note.lines.begin(), note.lines.end(),
                       [&](const Line& line) { return plan_line(note, line) && test(line.text); });
}

// "Continue ..." is read in the Plan (the Assessment's "continues to demonstrate weakness" is a
// finding, not a plan); a note without a Plan section states its plan in the Assessment.
bool plan_continues(const Note& note) {
    const bool has_plan = has_section(note, SectionName::plan) || has_section(note, SectionName::plan_of_care);
    return std::any_of(note.lines.begin(), note.lines.end(), [&](const Line& line) {
        const bool where = has_plan ? line_in_any(note, line, {SectionName::plan, SectionName::plan_of_care})
                                    : plan_line(note, line);
        return where && continues(line.text);
    });
}


void check_plateau_continued(const NoteContext& c) {
    if (c.note.kind == NoteKind::discharge || !therapy_note(c.note)) return;
    const auto hit = first_plateau(c.note);
    if (!hit) return;
    if (!plan_continues(c.note) || plan_asserts(c.note, changes_plan)) return;
    if (documents_skilled_need(c.note, c.profile.maintenance == MaintenancePolicy::skilled_only)) return;
    c.report.add(c.note, hit_position(*hit),
                 "the note states a plateau (`" + hit->term + "`) yet the plan continues the same treatment, with no "
                 "skilled-maintenance rationale and no change of plan; change the plan (new goals, progression, "
                 "discharge or referral) or document why a therapist's skills are still needed (e.g. `skilled "
                 "maintenance program needed to prevent deterioration of gait safety`)");
}

}  // namespace

std::vector<Rule> necessity_rules() {
    return {
        Rule{{"M001", "non-therapeutic-purpose", Severity::warning,
              "Care described as wellness, relaxation, stress relief, pampering or spa care; or as maintenance "
              "where the profile excludes maintenance (ibx, hcsc); or, under medicare, as maintenance without a "
              "documented need for skilled care. Reads the Assessment, Plan, Plan of care and Treatment sections "
              "(not Subjective, History or Goals: the patient's own words and past care are not the clinician's "
              "description of care, and goals are G004's). Only asserted mentions count: `not for relaxation`, "
              "`denies stress`, `if appropriate, may transition to wellness care` are fine, and so are "
              "body-part phrasings (`relaxation of the pelvic floor`, `reduce stress on the knee`), facility names "
              "(`Wellness Center`) and handing over at discharge (`independent with HEP for maintenance`, "
              "`discharged to community wellness program`). A skilled rationale is an asserted `skilled`, `skills "
              "of a therapist`, `complexity`, `prevent deterioration` / `decline` anywhere outside Subjective and "
              "History (`skilled nursing` does not count). A note that says it is not therapy (a title such as "
              "`CARDIAC EVALUATION`, a physician's credential or a surgical code, and no therapy code, credential "
              "or words) is not judged.",
              "Payers pay for treatment of an illness or injury, not for comfort: a note that calls the session "
              "relaxation, wellness or stress relief tells the reviewer it was not medically necessary, and the "
              "visit is denied whatever else the note says. Commercial plans that exclude maintenance deny it "
              "outright; Medicare covers maintenance only when the skills of a therapist are needed, so "
              "maintenance without a skilled rationale is denied.",
              "Describe the impairment treated, the technique and the functional goal; for maintenance under "
              "Medicare, state why a therapist's skills are needed (complexity, safety, preventing deterioration).",
              "Social Security Act §1862(a)(1)(A); CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.2 "
              "(reasonable and necessary, skilled therapy; maintenance programs §220.2.D); Jimmo v. Sebelius "
              "settlement (D. Vt. 2013); HCSC medical policy THE803.008; Independence Blue Cross massage therapy "
              "policy",
              "A: Client tolerated session well.\nP: Continue massage for relaxation and stress relief 1x/week.",
              "A: Client tolerated session well; cervical rotation improved 10 deg.\nP: Continue STM to upper "
              "trapezius 1x/week to restore cervical rotation for driving; treatment is not for relaxation."},
             check_non_therapeutic, {}},
        Rule{{"M002", "plateau-continued", Severity::warning,
              "The note states a plateau or maximum medical improvement (asserted: `has not plateaued` is fine) "
              "yet the plan continues the same treatment (`continue`, `same plan`, `no change`), with no "
              "skilled-maintenance rationale and no change of plan (modify, progress to, new goals, discharge, "
              "refer, taper). Reads the Assessment, Plan and Plan of care sections; a discharge note, and a note "
              "that says it is not therapy (as for M001), are never flagged. Under medicare a plateau alone is "
              "not a finding: the missing skilled rationale is.",
              "Therapy is paid while it produces progress or while a therapist's skills are needed to maintain "
              "function; once the note itself says progress has stopped, continuing the same plan without saying "
              "why skilled care is still needed reads as maintenance care the payer does not owe.",
              "Change the plan (new goals, a different approach, a referral or discharge to a home program), or "
              "document why skilled care must continue (skilled maintenance to prevent deterioration).",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.2.B-D (improvement standard, "
              "maintenance programs); Jimmo v. Sebelius settlement (D. Vt. 2013); HCSC medical policy THE803.008 "
              "(maintenance services not covered)",
              "A: Pt has plateaued in lumbar ROM and function.\nP: Continue current POC 2x/week.",
              "A: Pt has plateaued in lumbar ROM and function.\nP: Discharge to HEP next visit; will re-assess if "
              "symptoms return."},
             check_plateau_continued, {}},
    };
}

}  // namespace soaplint::checks
