// S001-S003: the parts every note needs: the four SOAP sections of a treatment note, a date of
// service, and a signature with a professional designation.
#include <array>
#include <string>
#include <string_view>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/codetables.hpp"

namespace soaplint::checks {
namespace {

// The note's text as a therapist would name it in a message.
std::string note_kind_words(const Note& note) {
    switch (note.kind) {
        case NoteKind::daily: return "daily note";
        case NoteKind::progress: return "progress note";
        default: return "treatment note";
    }
}

// ---- S001 ------------------------------------------------------------------------------------

struct SoapPart {
    SectionName name;
    const char* title;    // "Subjective"
    const char* heading;  // "SUBJECTIVE:"
    const char* content;  // what belongs there
};

constexpr std::array<SoapPart, 4> kSoapParts{{
    {SectionName::subjective, "Subjective", "SUBJECTIVE:",
     "the patient's report today: symptoms, function since the last visit, response to treatment"},
    {SectionName::objective, "Objective", "OBJECTIVE:",
     "today's measured findings (ROM, strength, pain scale, outcome scores) and the treatment performed"},
    {SectionName::assessment, "Assessment", "ASSESSMENT:",
     "your skilled interpretation: response to treatment and progress toward the goals"},
    {SectionName::plan, "Plan", "PLAN:", "what comes next: frequency, what to progress, next visit"},
}};

// `PLAN OF CARE:` fills the plan part of a SOAP note.
bool is_part(const Section& section, SectionName part) {
    return section.name == part || (part == SectionName::plan && section.name == SectionName::plan_of_care);
}

// Text that fills a section without saying anything: `N/A`, `see above`, `same as last visit`.
bool placeholder_text(std::string_view text) {
    std::string t = ascii_lower(trim(text));
    while (!t.empty() && (t.back() == '.' || t.back() == ' ' || t.back() == ';')) t.pop_back();
    static constexpr std::array<std::string_view, 22> kPlaceholders = {
        "", "-", "--", "---", "n/a", "na", "n.a", "none", "nil", "tbd", "to be determined", "deferred",
        "see above", "same", "same as above", "same as before", "same as previous", "same as last visit",
        "same as last session", "unchanged from last visit", "see previous note", "..."};
    return std::find(kPlaceholders.begin(), kPlaceholders.end(), t) != kPlaceholders.end();
}

// The content lines of every section that fills `part` (a combined heading fills two parts).
std::vector<const Line*> part_lines(const Note& note, SectionName part) {
    std::vector<const Line*> out = lines_in(note, part);
    if (part == SectionName::plan) {
        for (const Line* line : lines_in(note, SectionName::plan_of_care))
            if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
    }
    return out;
}

void check_missing_sections(const NoteContext& c) {
    const Note& note = c.note;
    if (!is_treatment_note(note)) return;
    const bool has_history = has_section(note, SectionName::history);
    for (const SoapPart& part : kSoapParts) {
        const Section* first = nullptr;
        for (const Section& s : note.sections) {
            if (is_part(s, part.name)) {
                first = &s;
                break;
            }
        }
        const std::string add = std::string("add `") + part.heading + "` with " + part.content;
        if (first == nullptr) {
            std::string message = "this " + note_kind_words(note) + " has no " + part.title + " section";
            if (part.name == SectionName::subjective && has_history)
                message += " (a History or Chief Complaint heading gives background, not the patient's report "
                           "today)";
            c.report.add(note, note_start(note), message + "; " + add);
            continue;
        }
        const auto lines = part_lines(note, part.name);
        const bool said_nothing =
            std::all_of(lines.begin(), lines.end(), [](const Line* l) { return placeholder_text(l->text); });
        if (!said_nothing) continue;
        std::string message = std::string("the ") + part.title + " section " +
                              (lines.empty() ? std::string("is empty")
                                             : "holds only `" + std::string(trim(lines.front()->text)) + "`");
        c.report.add(note, Position{first->line, 1}, message + "; write " + part.content);
    }
}

// ---- S002 ------------------------------------------------------------------------------------

// A `Date of Service:`-like key at the start of a line, with what follows it.
std::optional<std::string> date_field_value(const Line& line) {
    std::string lower;
    for (char c : line.text)
        if (c != '*' && c != '_' && c != '#') lower.push_back(c);
    lower = ascii_lower(trim(lower));
    static constexpr std::array<std::string_view, 12> kKeys = {
        "date of service", "dos", "date", "visit date", "service date", "date of visit", "treatment date",
        "date of treatment", "date of evaluation", "evaluation date", "date of exam", "exam date"};
    for (std::string_view key : kKeys) {
        if (!starts_with(lower, key)) continue;
        std::string_view rest = trim(std::string_view(lower).substr(key.size()));
        if (rest.empty() || rest.front() != ':') continue;
        return std::string(trim(rest.substr(1)));
    }
    return std::nullopt;
}

void check_missing_date(const NoteContext& c) {
    const Note& note = c.note;
    if (note.date_of_service) return;
    for (const Line& line : note.lines) {
        const auto value = date_field_value(line);
        if (!value || value->empty()) continue;
        // The value as written (the lower-cased copy is only for matching the key).
        const std::string_view text = trim(line.text);
        const auto colon = text.find(':');
        std::string written(trim(text.substr(colon + 1)));
        while (!written.empty() && (written.front() == '*' || written.front() == '_')) written.erase(0, 1);
        c.report.add(note, Position{line.number, line.column},
                     "the date of service `" + std::string(trim(written)) +
                         "` cannot be read as a date; write the month, day and year (e.g. `Date of Service: "
                         "03/14/2026`)");
        return;
    }
    c.report.add(note, note_start(note),
                 "no date of service; add it at the top of the note (e.g. `Date of Service: 03/14/2026`) so the "
                 "note can be matched to the claim line it supports");
}

// ---- S003 ------------------------------------------------------------------------------------

// Degrees and specialty certifications: they follow a license designation, they do not replace
// it (`Alex Kim, PT, DPT, OCS` is signed; `Alex Kim, MS, CSCS` is not).
bool is_degree_or_certification(std::string_view credential) {
    // The same list as checks/provider.cpp (kNotALicense), plus MSOT.
    // Students (SPT, SPTA, OTS) sign only with a licensed co-signer.
    static constexpr std::array<std::string_view, 24> kNotLicenses = {
        "NCBTMB", "CSCS", "OCS", "SCS", "CHT", "FAAOMPT", "COMT", "CLT", "GCS", "MS", "MSOT", "PHD", "BCB-PMD", "CPT",
        "CCSP", "DACBSP", "CCEP", "DACNB", "DACBR", "NCS", "WCS", "PCS", "SPT", "SPTA"};
    return std::find(kNotLicenses.begin(), kNotLicenses.end(), credential) != kNotLicenses.end();
}

void check_missing_signature(const NoteContext& c) {
    const Note& note = c.note;
    if (note.unsigned_line > 0) {
        c.report.add(note, Position{note.unsigned_line, 1},
                     "the note is marked as a draft or not signed; a payer counts only signed notes: sign it "
                     "before the claim goes out (e.g. `Electronically signed by Alex Kim, PT, DPT on 03/14/2026`)");
        return;
    }
    if (!note.provider) {
        c.report.add(note, note_start(note),
                     "no signature: the treating provider's name and professional designation are missing; sign "
                     "the note (e.g. `Electronically signed by Alex Kim, PT, DPT on 03/14/2026`)");
        return;
    }
    const Provider& p = *note.provider;
    const Position at{p.line > 0 ? p.line : note.line, 1};
    if (p.credentials.empty()) {
        c.report.add(note, at,
                     "`" + p.name + "` signs without a professional designation; add the credential after the "
                     "name (e.g. `" + p.name + ", PT`; PTA, OT, LMT, DC, MD, ...)");
        return;
    }
    if (std::all_of(p.credentials.begin(), p.credentials.end(), is_degree_or_certification)) {
        c.report.add(note, at,
                     "`" + p.name + ", " + join(p.credentials) + "`: " + join(p.credentials, " and ") +
                         (p.credentials.size() == 1 ? " is a degree or certification" : " are degrees or certifications") +
                         ", not a license designation; add the license the provider practices under (e.g. `" + p.name +
                         ", PT, " + join(p.credentials) + "`)");
    }
}

}  // namespace

std::vector<Rule> section_rules() {
    return {
        Rule{{"S001", "missing-section", Severity::warning,
              "A daily or progress note lacks a Subjective, Objective, Assessment or Plan section, or one of them "
              "is empty (`N/A`, `see above`, `same as last visit`).",
              "Each treatment note has to stand on its own: what the patient reports, what you measured and "
              "did, why skilled care is still needed, and what comes next. A reviewer who cannot find one of "
              "them cannot see medical necessity for the visit and denies it; copy-forward placeholders read as "
              "no documentation at all.",
              "Write all four parts for every visit. A combined `Assessment/Plan` heading covers both. History or "
              "Chief Complaint headings do not replace Subjective: write the patient's report of today under "
              "Subjective.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.E (treatment notes); CMS Program "
              "Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.1; APTA Guidelines: Physical Therapy Documentation of "
              "Patient/Client Management (BOD G03-05-16-41)",
              "Note type: Daily note\nS: Pt reports less pain.\nO: see above\nP: Continue POC.",
              "Note type: Daily note\nS: Pt reports pain 3/10, sat through a 1-hour meeting.\nO: Lumbar flexion "
              "AROM 55 deg.\nA: Improving segmental mobility; skilled manual therapy still needed.\nP: Continue "
              "2x/week, progress core stabilization."},
             check_missing_sections, {}},
        Rule{{"S002", "missing-date-of-service", Severity::error,
              "A note has no date of service, or one that cannot be read as a date.",
              "Every claim line is billed for a date of service; a note without one cannot be matched to the "
              "claim, and the visit is treated as undocumented. Code tables and policies also apply as of that "
              "date.",
              "Write the date of service with month, day and year at the top of the note.",
              "CMS Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.1 (medical records must be dated); CMS "
              "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.E; NUCC 1500 claim form item 24A",
              "Patient: Maria Lopez\nDate of Service: 3/14\nProvider: Alex Kim, PT",
              "Patient: Maria Lopez\nDate of Service: 03/14/2026\nProvider: Alex Kim, PT"},
             check_missing_date, {}},
        Rule{{"S003", "missing-signature", Severity::error,
              "No signature with the provider's name and professional designation (PT, PTA, OT, LMT, DC, MD, ...): "
              "no provider at all, a name without a credential, or degrees and certifications only (MS, CSCS, "
              "OCS).",
              "Medicare and commercial payers deny services whose record is not signed by an identifiable, "
              "qualified provider: the reviewer must see who rendered the care and that the credential may bill "
              "it. An unsigned note is treated as if the visit was not documented.",
              "Sign every note with your name and license designation, e.g. `Electronically signed by Alex Kim, "
              "PT, DPT on 03/14/2026`, or put `Provider: Alex Kim, PT, DPT` in the header of an electronically "
              "signed export.",
              "CMS Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.4 (signature requirements); CMS Medicare "
              "Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3; state practice acts (title protection of PT, "
              "PTA, OT, LMT)",
              "Provider: Alex Kim",
              "Provider: Alex Kim, PT, DPT"},
             check_missing_signature, {}},
    };
}

}  // namespace soaplint::checks
