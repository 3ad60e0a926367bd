// O001-O003: the objective measurements that prove a need for skilled care and show progress.
#include <array>
#include <cmath>
#include <sstream>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/structure.hpp"

namespace soaplint::checks {
namespace {

// "120", "4.5", "-10": a value as a therapist writes it.
std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

// What the message calls a measurement: its name, else its kind.
std::string label(const Measurement& m) { return m.name.empty() ? m.kind : m.name; }

// Whether `word` stands as a whole word in `name`.
bool word_in(std::string_view name, std::string_view word) {
    for (std::size_t at = name.find(word); at != std::string_view::npos; at = name.find(word, at + 1)) {
        const bool start = at == 0 || !std::isalpha(static_cast<unsigned char>(name[at - 1]));
        const std::size_t end = at + word.size();
        const bool stop = end >= name.size() || !std::isalpha(static_cast<unsigned char>(name[end]));
        if (start && stop) return true;
    }
    return false;
}

// ---- O001 ------------------------------------------------------------------------------------

// Whether the measurement was written in the Objective section (also the objective part of a
// combined heading such as `Subjective/Objective`).
bool in_objective(const Measurement& m, const std::vector<const Line*>& objective_lines) {
    if (m.section == "objective") return true;
    return std::any_of(objective_lines.begin(), objective_lines.end(), [&](const Line* line) {
        return line->number == m.pos.line && m.pos.column >= line->column &&
               m.pos.column <= line->column + static_cast<int>(line->text.size());
    });
}

// Minutes of treatment, exercise dosage and modality settings are what was done, not what was
// found: "tolerated 30 min of manual therapy", "moist heat 10 min", "bike 8 min".
bool describes_treatment(const Measurement& m) {
    static constexpr std::array<std::string_view, 22> words = {
        "tolerat", "treatment", "session", "massage", "therapy", "hot pack", "moist heat", "heat", "ice",
        "cold pack", "cryo", "stim", "ultrasound", "traction", "bike", "treadmill", "nustep", "elliptical",
        "hep", "performed", "mobilization", "soft tissue"};
    return (m.kind == "duration" || m.kind == "count" || m.kind == "other") && contains_any(m.name, words);
}

// Vital signs are measurements too (cardiopulmonary and post-operative rehab record them):
// `BP 124/78`, `HR 72`, `SpO2 97%`, `pulse of 106`, `weight 186 lb`.
bool records_vitals(const std::vector<const Line*>& lines) {
    static constexpr std::array<std::string_view, 13> vitals = {
        "bp", "blood pressure", "hr", "heart rate", "pulse", "spo2", "sao2", "o2 sat", "oxygen saturation", "rr",
        "respirations", "temperature", "weight"};
    for (const Line* line : lines) {
        if (std::none_of(line->text.begin(), line->text.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
            continue;
        const std::string& lower = line->lower();
        for (std::string_view v : vitals)
            if (word_in(lower, v)) return true;
    }
    return false;
}

void check_no_measures(const NoteContext& c) {
    const Note& note = c.note;
    const Section* objective = section_named(note, SectionName::objective);
    // A note without an Objective section, or with an empty one, is missing-section's (S001) finding.
    if (objective == nullptr || objective->empty) return;
    // A note that says it is not therapy (an operative report, a cardiac evaluation) is not held
    // to the measurements that prove skilled therapy.
    if (!therapy_note(note)) return;
    const auto lines = lines_in(note, SectionName::objective);
    const bool measured = std::any_of(note.measurements.begin(), note.measurements.end(), [&](const Measurement& m) {
        // A value without its unit is still a measurement; measurement-missing-unit (O002) reports the unit.
        return m.value && in_objective(m, lines) && !describes_treatment(m);
    });
    if (measured || records_vitals(lines)) return;
    c.report.add(note, Position{objective->line, 1},
                 "the Objective section has no measurement with a number; record what you measured today (e.g. "
                 "`R shoulder flexion AROM 120°`, `hip abduction 4-/5`, `pain 6/10`, `TUG 14 sec`, `LEFS 42/80`)");
}

// ---- O002 ------------------------------------------------------------------------------------

// The unit or scale a therapist would write for a measurement of this kind.
const char* expected_unit(const std::string& kind) {
    if (kind == "rom") return "degrees (e.g. `120°`)";
    if (kind == "strength") return "the MMT scale (e.g. `4/5`, `4-/5`)";
    if (kind == "pain") return "the pain scale (e.g. `6/10`)";
    return nullptr;
}

void check_missing_unit(const NoteContext& c) {
    for (const Measurement& m : c.note.measurements) {
        if (!m.value || !m.unit.empty()) continue;
        const char* unit = expected_unit(m.kind);
        if (unit == nullptr) continue;
        c.report.add(c.note, m.pos,
                     label(m) + " " + number(*m.value) + " has no unit or scale, so a reviewer cannot read it; write " +
                         unit);
    }
}

// ---- O003 ------------------------------------------------------------------------------------

// Generous ceilings of active or passive range of motion per region, in degrees, well above the
// normal values (AAOS): a value past them is a typo (1200 for 120) or a wrong unit. A ROM past
// 360° or below -90° is impossible anywhere.
struct RomLimit {
    std::string_view region;
    double most;
};
constexpr std::array<RomLimit, 16> kRomLimits = {{
    {"shoulder", 240}, {"knee", 180},   {"elbow", 180},   {"hip", 180},      {"ankle", 120},
    {"wrist", 180},    {"forearm", 200}, {"cervical", 180}, {"neck", 180},     {"lumbar", 180},
    {"thoracic", 180}, {"trunk", 180},  {"spine", 180},   {"finger", 180},   {"thumb", 180},
    {"toe", 180},
}};
constexpr double kRomMost = 360, kRomLeast = -90;

// Highest possible scores of common outcome measures (unit `points` or none). ODI and NDI are
// written both as raw scores (0-50) and as percentages (0-100): only past 100 is impossible.
struct ScoreLimit {
    std::string_view name;
    double most;
};
constexpr std::array<ScoreLimit, 9> kScoreLimits = {{
    {"lefs", 80}, {"berg", 56}, {"ndi", 100}, {"odi", 100}, {"oswestry", 100}, {"tinetti", 28}, {"dgi", 24},
    {"womac", 96}, {"psfs", 10},
}};


// A change rather than a level: "improved 150%", "increase of 120%".
bool names_a_change(std::string_view name) {
    static constexpr std::array<std::string_view, 8> words = {"improv", "increase", "gain", "change", "progress",
                                                              "decrease", "reduc", "from"};
    return contains_any(name, words);
}

// A percentage with a ceiling of 100: a disability or outcome score (ODI 32%, QuickDASH 45%),
// not a ratio to a norm (`110% of predicted`, grip `105% of the uninvolved side`) or a change.
bool bounded_percent(const Measurement& m) {
    static constexpr std::array<std::string_view, 5> bounded = {"disabilit", "impairment", "score", "index", "scale"};
    static constexpr std::array<std::string_view, 7> ratios = {"predicted", "normal", "uninvolved", "contralateral",
                                                               "other side", "body weight", "symmetry"};
    if (names_a_change(m.name) || contains_any(m.name, ratios)) return false;
    return m.kind == "outcome" || contains_any(m.name, bounded);
}

std::optional<std::string> implausible(const Measurement& m, double v) {
    const std::string shown = label(m) + " " + number(v);
    if (m.unit == "/10" && (v > 10 || v < 0))
        return shown + "/10 is outside the 0-10 pain scale; correct the rating";
    if (m.unit == "/5" && (v > 5 || v < 0))
        return label(m) + " " + (m.grade.empty() ? number(v) : m.grade) +
               "/5 is outside the 0-5 manual muscle test scale; correct the grade";
    if (m.unit == "percent" && (v < 0 || v > 100) && bounded_percent(m))
        return shown + "% is outside the 0-100% range of the score; correct the value";
    if (m.unit == "deg") {
        if (v > kRomMost || v < kRomLeast)
            return shown + "° is not a possible range of motion; correct the value (a typo or a wrong unit?)";
        if (m.kind == "rom") {
            for (const RomLimit& limit : kRomLimits) {
                if (word_in(m.name, limit.region) && v > limit.most)
                    return shown + "° is beyond any " + std::string(limit.region) + " range of motion (more than " +
                           number(limit.most) + "°); correct the value";
            }
        }
    }
    static constexpr std::array<std::string_view, 11> never_negative = {"cm", "m", "ft", "in", "kg", "lb", "s",
                                                                        "min", "h", "reps", "points"};
    const bool positive_unit = std::find(never_negative.begin(), never_negative.end(), m.unit) != never_negative.end();
    if (v < 0 && (positive_unit || m.kind == "count" || m.kind == "duration" || m.kind == "distance" ||
                  m.kind == "weight"))
        return shown + (m.unit.empty() ? "" : " " + m.unit) +
               " is negative; a distance, time, weight, count or score cannot be, correct the value";
    if ((m.unit == "points" || m.unit.empty()) && m.kind == "outcome") {
        for (const ScoreLimit& limit : kScoreLimits) {
            if (word_in(m.name, limit.name) && v > limit.most)
                return shown + " is above the highest " + upper(limit.name) + " score (" + number(limit.most) +
                       "); correct the score";
        }
    }
    return std::nullopt;
}

void check_implausible(const NoteContext& c) {
    for (const Measurement& m : c.note.measurements) {
        if (!m.value) continue;
        auto problem = implausible(m, *m.value);
        if (!problem && m.value_high) problem = implausible(m, *m.value_high);
        if (problem) c.report.add(c.note, m.pos, *problem);
    }
}

}  // namespace

std::vector<Rule> objective_rules() {
    return {
        Rule{{"O001", "no-objective-measures", Severity::warning,
              "The Objective section holds no quantified measurement (range of motion, strength grade, pain "
              "rating, outcome score, distance or time). A note with no Objective section at all is "
              "missing-section's (S001) finding. A note that says it is not therapy (a title such as `CARDIAC "
              "EVALUATION`, a physician's credential or a surgical code, and no therapy code, credential or "
              "words) is not judged.",
              "Medical necessity and progress are proven with numbers. An Objective section of observations "
              "alone (`tight upper traps`, `tolerated well`) gives the reviewer nothing to compare visit to "
              "visit, and care without measured progress is denied as not reasonable and necessary.",
              "Measure something every visit that the goals track: ROM in degrees, MMT grades, pain x/10, "
              "girth, a timed test or an outcome score.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3 (documentation: objective "
              "measurements of progress); APTA Guidelines: Physical Therapy Documentation (tests and measures)",
              "O: Upper trapezius hypertonicity bilaterally. Pt tolerated treatment well.",
              "O: Upper trapezius hypertonicity bilaterally. Cervical rotation R 50°, L 65°. NDI 24 points."},
             check_no_measures, {}},
        Rule{{"O002", "measurement-missing-unit", Severity::warning,
              "A range of motion, strength grade or pain rating is written as a bare number, without its unit "
              "or scale (`shoulder flexion 120`, `strength 4`, `pain 6`).",
              "A number without a unit cannot be compared or audited: 120 may be degrees or a percentage of "
              "normal, 4 may be out of 5 or of 10. Reviewers discount measurements they cannot read.",
              "Write the unit or scale: `120°`, `4/5`, `6/10`.",
              "CMS Pub. 100-02 ch. 15 §220.3 (objective, measurable documentation); APTA Guidelines: Physical "
              "Therapy Documentation",
              "O: R shoulder flexion 120, abduction 95. Pain 6.",
              "O: R shoulder flexion 120°, abduction 95°. Pain 6/10."},
             check_missing_unit, {}},
        Rule{{"O003", "implausible-measurement", Severity::error,
              "A value outside what its scale allows: pain above 10/10, a manual muscle test above 5/5, a "
              "range of motion beyond what the joint can do (always past 360° or below -90°), a score above "
              "100%, a negative count, time or distance, an outcome score above its maximum (LEFS 80, Berg 56).",
              "An impossible value is a documentation error; it makes the reviewer doubt every other number in "
              "the record and can sink the claim on audit.",
              "Correct the value; check for a typo (1200 for 120) or a value written on the wrong scale.",
              "CMS Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2 (records must be accurate and "
              "support the services); scale definitions: 0-10 NPRS, 0-5 MMT (Kendall), AAOS normal joint ranges",
              "O: Pain 12/10. Hip abduction 6/5. Knee flexion 400°.",
              "O: Pain 8/10. Hip abduction 4/5. Knee flexion 120°."},
             check_implausible, {}},
    };
}

}  // namespace soaplint::checks
