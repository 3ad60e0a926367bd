// The model of SPEC §5: what soaplint understood of a note, with the line of every fact.
// Absent facts are empty optionals or empty vectors, never guesses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "text.hpp"

namespace soaplint {

// a + b, held at the ends of int's range: minutes or units summed over a million lines must
// neither overflow (undefined behaviour) nor wrap to a negative count that no rule would flag.
inline int capped_sum(int a, int b) {
    const long long sum = static_cast<long long>(a) + b;
    return sum > 2147483647LL ? 2147483647 : sum < -2147483647LL - 1 ? -2147483647 - 1 : static_cast<int>(sum);
}

struct CivilDate {
    int year = 0, month = 0, day = 0;
    std::string iso() const;  // YYYY-MM-DD
    auto operator<=>(const CivilDate&) const = default;
};
int days_between(const CivilDate& from, const CivilDate& to);  // to - from, in days

struct Clock {
    int hour = 0, minute = 0;
    bool valid = true;
    std::string hhmm() const;  // 24-hour HH:MM
    int minutes_of_day() const { return hour * 60 + minute; }
};

// A position in the original file: 1-based line, 1-based column (in characters).
struct Position {
    int line = 0;
    int column = 1;
};

enum class NoteKind { evaluation, daily, progress, reevaluation, discharge, plan_of_care, unknown };
const char* to_string(NoteKind kind);

enum class SectionName {
    subjective, objective, assessment, plan, goals, plan_of_care, treatment, billing, history,
    diagnosis, other
};
const char* to_string(SectionName name);

struct Section {
    SectionName name = SectionName::other;
    std::string heading;  // as written, e.g. "Assessment/Plan"
    int line = 0;          // line of the heading
    int first_line = 0;    // first line of content (the heading line itself for run-in content)
    int last_line = 0;     // last line of content
    bool empty = true;     // no content at all
    bool shares_next = false;  // `Assessment/Plan`: this entry and the next one are one section
};

struct Provider {
    std::string name;
    std::vector<std::string> credentials;  // "PT", "DPT", "LMT", ...
    int line = 0;
};

struct Diagnosis {
    std::string code;  // dotted ICD-10-CM, or the raw text of a malformed / ICD-9 code
    enum class Shape { icd10, icd9, malformed } shape = Shape::icd10;
    Position pos;
    bool carried = false;  // stated once in a file's header above several notes, not in this note
};

struct Amount {
    std::optional<double> value;
    std::string unit;  // canonical unit or "" (none)
};

struct Timeframe {
    std::optional<int> value;
    std::string unit;                 // "day" | "week" | "month" | "visit" | "session" | ""
    std::optional<CivilDate> by;      // `by 2026-04-30`
};

struct Goal {
    std::string text;
    Position pos;
    std::optional<std::string> term;  // "short" | "long"
    std::optional<Amount> target;
    std::optional<Timeframe> timeframe;
    bool measurable = false;
    bool functional = false;
};

struct Measurement {
    std::string name;   // what was measured, lower-case: "r shoulder flexion arom"
    std::string kind;   // rom|strength|pain|outcome|distance|duration|weight|count|other
    std::optional<double> value;
    std::optional<double> value_high;
    std::string unit;   // canonical unit, "" when none was written
    std::string grade;  // MMT grade as written ("4-"), only for /5
    Position pos;
    std::string section;  // section it was found in ("objective", ...)
    bool earlier = false;  // a flowsheet column of an earlier visit: history, not this visit's finding
};

struct Intervention {
    std::string cpt;
    std::vector<std::string> modifiers;
    std::optional<int> minutes;
    std::optional<int> units;
    bool timed = false;
    Position pos;
    std::string line_text;  // the whole line, for region/body-part checks (never output)
};

struct Session {
    std::optional<Clock> start, stop;
    std::optional<int> minutes;  // stop - start when both are valid
    int line = 0;
};

struct Frequency {
    int visits = 0;
    std::string per;
    int line = 0;
};

struct Duration {
    std::optional<int> value;
    std::string unit;                 // "week" | "visit" | "month" | "day"
    std::optional<CivilDate> end;     // `through 2026-04-30`
    int line = 0;
};

// A logical line of the note after decoding: a physical line, or a piece of one where a
// transcription used commas for line breaks or ran headings together. Each belongs to one section.
struct Line {
    std::string text;  // UTF-8, NFKC-normalised; a heading at its start is removed
    int number = 0;    // 1-based line in the original file
    int column = 1;    // 1-based column of text[0] in the original line (characters)
    int section = -1;  // index into Note::sections, -1 before the first heading
    bool header = false;  // a `Key: value` header field line (Patient ID, DOS, ...)

    // The text in ASCII lower case, made on first use and kept: many rules read it. A note is
    // only ever read by one thread at a time (one file per reader, one episode per checker).
    const std::string& lower() const {
        if (lower_.size() != text.size()) lower_ = ascii_lower(text);  // not made yet, or released
        return lower_;
    }
    // Frees the cache: a batch holds every note in memory until its episodes are checked.
    void release_lower() const { std::string().swap(lower_); }

    // The cache (public only so that Line stays an aggregate: `Line{text, number, column, section}`).
    mutable std::string lower_{};
};

struct Note {
    std::string file;
    int index = 0;  // position of the note in its file
    int line = 0;   // first line of the note
    // Where a note from a structured input came from, so that findings point back to it: the
    // JSON Pointer of its resource or model entry (`/entry/3/resource`), the CSV data row.
    std::string pointer;
    int row = 0;
    // The note's text as read (decoded lines from `line` on, `\n`-joined), kept only when a
    // reader is asked to (`extract --with-text`), so that the JSON model can be read back whole.
    std::string source;
    NoteKind kind = NoteKind::unknown;
    bool kind_from_title = false;  // read from a title line or heading, not a `Note type:` field
    bool generic_title = false;    // titled `Progress Note(s)`, the name some systems give every visit
    bool therapy = false;  // a physical-medicine code, a therapist's credential or therapy words
    bool medical_legal = false;  // a Qualified Medical Evaluation, an IME: a report for a claim, not care
    std::optional<std::string> patient_id;
    std::optional<std::string> patient_name;
    std::optional<CivilDate> dob;
    std::optional<CivilDate> date_of_service;
    int date_line = 0;
    std::optional<std::string> payer;       // profile name once resolved, else as written
    std::optional<std::string> payer_text;  // the Payer:/Insurance: line as written
    int payer_line = 0;
    std::optional<Provider> provider;
    int unsigned_line = 0;  // a line that marks the note a draft or not signed (`Status: DRAFT - NOT SIGNED`)
    std::optional<std::string> referral;     // referring physician / Rx as written
    int referral_line = 0;
    std::optional<std::string> authorization;
    int authorization_line = 0;
    std::vector<Section> sections;
    std::vector<Diagnosis> diagnoses;
    std::vector<Goal> goals;
    std::vector<Measurement> measurements;
    std::vector<Intervention> interventions;
    Session session;
    std::optional<int> total_timed_minutes;
    int total_timed_line = 0;
    std::optional<int> total_treatment_minutes;
    int total_treatment_line = 0;
    std::optional<Frequency> frequency;
    std::optional<Duration> duration;
    std::vector<Line> lines;  // the note's text, for rules that read prose (never output as such)
    // `soaplint: ignore ...` directives cut out of the text (src/suppress.cpp); rules never see them.
    std::vector<Line> directives;
};

}  // namespace soaplint
