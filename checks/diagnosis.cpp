// D001-D004: the diagnosis a claim needs (present, ICD-10-CM shaped, billable on the date of
// service) and, where the payer asks, the physician's referral and the injury behind the claim.
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <string_view>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "grammar/api.hpp"
#include "src/codetables.hpp"
#include "src/language.hpp"

namespace soaplint::checks {
namespace {

using codes::IcdInfo;


// The code tables answer as of the date of service; an impossible date counts as none.
std::optional<std::chrono::year_month_day> dos_of(const Note& note) {
    if (!note.date_of_service) return std::nullopt;
    const CivilDate& d = *note.date_of_service;
    const std::chrono::year_month_day ymd{std::chrono::year{d.year}, std::chrono::month{static_cast<unsigned>(d.month)},
                                          std::chrono::day{static_cast<unsigned>(d.day)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::string fy(int year) { return "FY" + std::to_string(year); }

// "FY2026", or "FY2026, the newest table: the note has no date of service".
std::string table_year(const Note& note, const IcdInfo& info) {
    return dos_of(note) ? fy(info.fiscal_year) : fy(info.fiscal_year) + ", the newest loaded table, as the note has no date of service";
}

// ---- what a line says ------------------------------------------------------------------------

// The line's text without Markdown markup, lower-cased, for matching labels.
std::string label_text(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != '*' && c != '_' && c != '#') out.push_back(c);
    std::string_view t = trim(out);
    while (!t.empty() && (t.front() == '-' || t.front() == ' ')) t.remove_prefix(1);
    return ascii_lower(t);
}

// `Label: value` with one of `labels`: the value as written (lower-case), else nullopt.
std::optional<std::string> labelled_value(std::string_view text, const std::vector<std::string_view>& labels) {
    const std::string lower = label_text(text);
    for (std::string_view label : labels) {
        if (!starts_with(lower, label)) continue;
        std::string_view rest = trim(std::string_view(lower).substr(label.size()));
        if (rest.empty() || rest.front() != ':') continue;
        return std::string(trim(rest.substr(1)));
    }
    return std::nullopt;
}

const std::vector<std::string_view> kDiagnosisLabels = {
    "diagnosis", "diagnoses", "dx", "treatment diagnosis", "treating diagnosis", "medical diagnosis",
    "referral diagnosis", "referring diagnosis", "pt diagnosis", "physical therapy diagnosis", "primary diagnosis",
    "secondary diagnosis", "diagnosis codes", "icd-10", "icd-10 codes", "icd10", "icd-10-cm", "working diagnosis"};

// A `Letter Letter/digit ...` token of a diagnosis line that the code table knows: the FY2026 QA0
// block has a letter in the second position, which the extractor's scanner does not pick up.
bool line_has_table_code(std::string_view text, std::optional<std::chrono::year_month_day> dos) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
        std::string_view token = text.substr(i, j - i);
        while (!token.empty() && token.back() == '.') token.remove_suffix(1);
        const bool shaped = token.size() >= 3 && std::isalpha(static_cast<unsigned char>(token[0])) &&
                            std::any_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (shaped) {
            const auto status = codes::lookup_icd10(token, dos).status;
            if (status == IcdInfo::Status::billable || status == IcdInfo::Status::header) return true;
        }
        i = j;
    }
    return false;
}

// ---- D001 ------------------------------------------------------------------------------------

bool episode_has_plan_note(const NoteContext& c) {
    if (c.episode == nullptr) return false;
    return std::any_of(c.episode->notes.begin(), c.episode->notes.end(),
                       [](const Note* n) { return is_plan_note(*n); });
}

std::string kind_words(const Note& note) {
    switch (note.kind) {
        case NoteKind::evaluation: return "evaluation";
        case NoteKind::reevaluation: return "re-evaluation";
        case NoteKind::plan_of_care: return "plan of care";
        case NoteKind::progress: return "progress note";
        case NoteKind::daily: return "daily note";
        default: return "treatment note";
    }
}

void check_missing_diagnosis(const NoteContext& c) {
    const Note& note = c.note;
    const bool plan_note = is_plan_note(note);
    const bool stands_alone = is_treatment_note(note) && !episode_has_plan_note(c);
    if (!plan_note && !stands_alone) return;
    if (!note.diagnoses.empty()) return;  // D002/D003 judge the codes written
    const Line* words_only = nullptr;
    const auto section_lines = lines_in(note, SectionName::diagnosis);
    for (const Line& line : note.lines) {
        const auto value = labelled_value(line.text, kDiagnosisLabels);
        const bool in_section = std::find(section_lines.begin(), section_lines.end(), &line) != section_lines.end();
        const bool diagnosis_line = (value && !value->empty()) || in_section;
        if (!diagnosis_line) continue;
        if (line_has_table_code(line.text, dos_of(note))) return;
        if (words_only == nullptr) words_only = &line;
    }
    const std::string example = "(e.g. `Dx: M54.50 Low back pain, unspecified`)";
    const std::string what = stands_alone && !plan_note
                                 ? "this " + kind_words(note) +
                                       " stands alone (no evaluation or plan of care of this patient in the run) and "
                                       "has no ICD-10-CM diagnosis code"
                                 : "no ICD-10-CM diagnosis code on this " + kind_words(note);
    if (words_only != nullptr) {
        c.report.add(note, Position{words_only->number, words_only->column},
                     what + ": the diagnosis is written in words only; add its ICD-10-CM code " + example);
        return;
    }
    c.report.add(note, note_start(note), what + "; add the treating diagnosis " + example);
}

// ---- D002 ------------------------------------------------------------------------------------

struct Icd9Crosswalk {
    std::string_view icd9;
    std::string_view icd10;   // the usual ICD-10-CM code (or category) for therapy claims
    std::string_view words;   // what it is
};

// The ICD-9 codes therapy notes still carry most often, with the ICD-10-CM code the CMS General
// Equivalence Mappings lead to (categories are expanded to the billable codes of the date).
constexpr std::array<Icd9Crosswalk, 16> kIcd9Crosswalk{{
    {"724.2", "M54.50", "low back pain"},
    {"724.5", "M54.9", "back pain, unspecified"},
    {"723.1", "M54.2", "neck pain (cervicalgia)"},
    {"724.4", "M54.1", "radiculitis"},
    {"719.41", "M25.51", "shoulder pain"},
    {"719.45", "M25.55", "hip pain"},
    {"719.46", "M25.56", "knee pain"},
    {"719.47", "M25.57", "ankle and foot pain"},
    {"728.87", "M62.81", "muscle weakness (generalized)"},
    {"729.1", "M79.1", "myalgia"},
    {"726.10", "M75.10", "rotator cuff disorder"},
    {"726.32", "M77.1", "lateral epicondylitis"},
    {"715.16", "M17.1", "primary osteoarthritis of the knee"},
    {"715.96", "M17.9", "osteoarthritis of the knee"},
    {"847.0", "S13.4XXA", "neck sprain"},
    {"847.2", "S33.5XXA", "lumbar sprain"},
}};

// Billable codes for a suggestion on this date: the code itself, or its billable children.
std::vector<std::string> billable_forms(std::string_view code, std::optional<std::chrono::year_month_day> dos) {
    const IcdInfo info = codes::lookup_icd10(code, dos);
    if (info.status == IcdInfo::Status::billable) return {std::string(code)};
    if (info.status == IcdInfo::Status::header) return info.billable_children;
    return {};
}

std::string icd9_message(const Diagnosis& d, const Note& note) {
    std::string message = "`" + d.code +
                          "` is an ICD-9 code; claims need ICD-10-CM codes since 2015-10-01";
    const auto hit = std::find_if(kIcd9Crosswalk.begin(), kIcd9Crosswalk.end(),
                                  [&](const Icd9Crosswalk& x) { return x.icd9 == d.code; });
    if (hit != kIcd9Crosswalk.end()) {
        const auto forms = billable_forms(hit->icd10, dos_of(note));
        if (!forms.empty())
            return message + "; for " + std::string(hit->words) +
                   (forms.size() == 1 ? " the usual code is " + forms.front()
                                      : " the codes are " + join(forms) + "; pick the most specific");
    }
    return message + "; write the ICD-10-CM code of the diagnosis (e.g. `M54.50 Low back pain, unspecified`)";
}

std::string malformed_message(const Diagnosis& d, const Note& note) {
    std::string message = "`" + d.code +
                          "` is not shaped like an ICD-10-CM code (a letter, two characters, a dot, then up to four "
                          "more, e.g. M54.50)";
    // `M54.5.1` with its stray dots removed may be the code that was meant.
    std::string bare;
    for (char c : d.code)
        if (c != '.') bare.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (bare.size() >= 4 && bare.size() <= 7 &&
        codes::lookup_icd10(bare, dos_of(note)).status == IcdInfo::Status::billable)
        return message + "; did you mean " + codes::dotted_icd10(bare) + "?";
    return message + "; correct it from the ICD-10-CM tabular list";
}

void check_malformed(const NoteContext& c) {
    for (const Diagnosis& d : c.note.diagnoses) {
        if (d.carried || d.shape == Diagnosis::Shape::icd10) continue;  // a carried code is judged where it is written
        // An ICD-9-looking `V` code can be a valid ICD-10-CM external-cause code.
        if (codes::lookup_icd10(d.code, dos_of(c.note)).status == IcdInfo::Status::billable) continue;
        c.report.add(c.note, d.pos, d.shape == Diagnosis::Shape::icd9 ? icd9_message(d, c.note) : malformed_message(d, c.note));
    }
}

// ---- D003 ------------------------------------------------------------------------------------

// "M54.50 (Low back pain, unspecified)" for short lists, the bare codes for long ones.
std::string child_list(const std::vector<std::string>& children, std::optional<std::chrono::year_month_day> dos) {
    std::vector<std::string> items;
    const bool describe = children.size() <= 4;
    for (const std::string& child : children) {
        std::string item = child;
        if (describe) {
            const std::string words = codes::lookup_icd10(child, dos).description;
            if (!words.empty()) item += " (" + words + ")";
        }
        items.push_back(item);
    }
    std::string list = join(items);
    if (children.size() >= IcdInfo::kMaxChildren) list += ", among others";
    return list;
}

// "billable in FY2024 only", "billable FY2024-FY2025".
std::string years_words(const std::vector<int>& years) {
    if (years.size() == 1) return fy(years.front()) + " only";
    return fy(years.front()) + "-" + fy(years.back());
}

std::string header_message(const Diagnosis& d, const Note& note, const IcdInfo& info) {
    std::string message = "`" + d.code + "` is not a billable code in " + table_year(note, info) + ": it is a category";
    if (!info.description.empty()) message += " (" + info.description + ")";
    if (!info.billable_fiscal_years.empty() && info.billable_fiscal_years.back() < info.fiscal_year)
        message += " that was billable until " + fy(info.billable_fiscal_years.back()) + " and has been split since";
    return message + "; code to the highest specificity: " + child_list(info.billable_children, dos_of(note));
}

// The nearest shorter code the table knows: `M54.52` -> the category M54.5 and its children.
std::string nearest_known(const std::string& code, std::optional<std::chrono::year_month_day> dos) {
    std::string shorter = code;
    while (shorter.size() > 3) {
        shorter.pop_back();
        if (!shorter.empty() && shorter.back() == '.') shorter.pop_back();
        const IcdInfo info = codes::lookup_icd10(shorter, dos);
        if (info.status == IcdInfo::Status::billable) return "; did you mean " + shorter + " (" + info.description + ")?";
        if (info.status == IcdInfo::Status::header)
            return "; codes under " + shorter + " are " + child_list(info.billable_children, dos);
    }
    return "; check the code against the ICD-10-CM tabular list";
}

std::string unknown_message(const Diagnosis& d, const Note& note, const IcdInfo& info) {
    std::string message = "`" + d.code + "` is not in the ICD-10-CM table for " + table_year(note, info);
    const auto& years = info.billable_fiscal_years;
    if (!years.empty()) {
        const bool later = years.front() > info.fiscal_year;
        message += later ? "; it becomes valid only in " + fy(years.front()) + " (from October 1, " +
                               std::to_string(years.front() - 1) + ")"
                         : "; it was deleted after " + fy(years.back()) + " (billable " + years_words(years) + ")";
        if (!info.description.empty()) message += ": " + info.description;
        return message + nearest_known(d.code, dos_of(note));
    }
    return message + nearest_known(d.code, dos_of(note));
}

void check_invalid(const NoteContext& c) {
    for (const Diagnosis& d : c.note.diagnoses) {
        if (d.carried || d.shape != Diagnosis::Shape::icd10) continue;
        const IcdInfo info = codes::lookup_icd10(d.code, dos_of(c.note));
        switch (info.status) {
            case IcdInfo::Status::billable:
            case IcdInfo::Status::not_loaded:  // before the oldest table: nothing to judge it by
                break;
            case IcdInfo::Status::header:
                c.report.add(c.note, d.pos, header_message(d, c.note, info));
                break;
            case IcdInfo::Status::unknown:
                c.report.add(c.note, d.pos, unknown_message(d, c.note, info));
                break;
        }
    }
}

// ---- D004 ------------------------------------------------------------------------------------

// Word stems that may take an ending ("injur" -> injury, injured); every other term matches as a
// whole word or phrase only ("doi" is not "doing", "fell" not "fellow").
bool stem_term(std::string_view term) {
    static constexpr std::array<std::string_view, 4> kStems = {"injur", "twist", "accident", "collision"};
    return std::find(kStems.begin(), kStems.end(), term) != kStems.end();
}

// An asserted (neither negated nor hypothetical) mention of one of the terms.
std::vector<Mention> asserted_mentions(std::string_view text, const std::vector<std::string_view>& terms) {
    std::vector<Mention> out;
    for (const Mention& m : find_mentions(text, terms)) {
        const bool whole = m.end - m.begin == m.term.size() || stem_term(m.term);
        if (whole && m.asserted()) out.push_back(m);
    }
    return out;
}

bool says(std::string_view text, const std::vector<std::string_view>& terms) {
    return !asserted_mentions(text, terms).empty();
}

// A referral field that says there is none: `Referral: none`, `Rx: pending`, `self-referred`.
bool empty_referral_value(std::string_view value) {
    const std::string v = ascii_lower(trim(value));
    static constexpr std::array<std::string_view, 22> kNoReferral = {
        "none", "n/a", "na", "no", "not ", "pending", "self", "direct access", "unknown", "tbd", "awaiting",
        "waiting", "requested", "requesting", "request", "needed", "needs", "required", "missing", "expired", "-",
        "?"};
    if (v.empty()) return true;
    return std::any_of(kNoReferral.begin(), kNoReferral.end(), [&](std::string_view word) { return starts_with(v, word); });
}

// Prose that documents a referral or prescription. These phrases say it alone ("referred by Dr.
// Patel", "Rx from Dr. Patel", "physician's prescription on file") ...
const std::vector<std::string_view> kReferralPhrases = {
    "referred by", "referral from", "referral by", "rx from", "prescription from", "script from",
    "physician's prescription", "physicians prescription", "physician prescription", "physician's order",
    "physician order", "physician's referral", "physician referral", "doctor's order", "doctor's referral",
    "md order", "md referral", "referring physician", "referring provider", "referring md", "referral on file",
    "rx on file", "prescription on file", "referral received", "rx received", "prescription received",
    "order from dr", "orders from dr", "referral dated", "rx dated"};
// ... these only when therapy follows ("referred to physical therapy", "Rx for PT 2x/wk"), as
// "referred pain", "referred her for an MRI" and "prescription for Atarax" are no therapy referral.
const std::vector<std::string_view> kReferralWords = {"referred", "referral", "rx", "prescription", "script",
                                                      "order", "orders"};
const std::vector<std::string_view> kTherapyWords = {
    "physical therapy", "physiotherapy", "therapy", "rehab", "rehabilitation", "occupational therapy", "massage",
    "chiropractic", "manual therapy", "evaluation and treatment", "eval and treat", "eval & treat", "e&t", "pt", "ot",
    "dpt", "this clinic", "our clinic", "this office", "our office"};

// Whether one of the first few words after a referral word names therapy.
bool therapy_follows(std::string_view lower, std::size_t from) {
    std::size_t end = from;
    int words = 0;
    while (end < lower.size() && lower[end] != '.' && lower[end] != ';' && lower[end] != ',') {
        if (lower[end] == ' ' && end + 1 < lower.size() && lower[end + 1] != ' ' && ++words > 4) break;
        ++end;
    }
    const std::string_view window = lower.substr(from, end - from);
    for (std::string_view word : kTherapyWords) {
        for (std::size_t at = window.find(word); at != std::string_view::npos; at = window.find(word, at + 1)) {
            const bool start_ok = at == 0 || !std::isalnum(static_cast<unsigned char>(window[at - 1]));
            const std::size_t stop = at + word.size();
            const bool end_ok = stop >= window.size() || !std::isalnum(static_cast<unsigned char>(window[stop]));
            if (start_ok && end_ok) return true;
        }
    }
    return false;
}

// "self-referred", "self referral": the patient came without a physician's order;
// "in order to": not an order.
bool not_a_referral(std::string_view lower, const Mention& m) {
    const std::size_t from = m.begin >= 5 ? m.begin - 5 : 0;
    const std::string_view before = lower.substr(from, m.begin - from);
    return contains(before, "self") || (starts_with(m.term, "order") && before.ends_with("in "));
}

// Words around a mention that make it a referral still to come: "awaiting referral from Dr. X".
bool pending(std::string_view lower, const Mention& m) {
    std::size_t start = m.begin;
    while (start > 0 && lower[start - 1] != '.' && lower[start - 1] != ';') --start;
    std::size_t end = m.end;
    while (end < lower.size() && lower[end] != '.' && lower[end] != ';') ++end;
    const std::string_view before = lower.substr(start, m.begin - start);
    const std::string_view after = lower.substr(m.end, end - m.end);
    for (std::string_view cue : {"await", "waiting", "request", "need", "obtain", "will get", "to get"})
        if (contains(before, cue)) return true;
    for (std::string_view cue : {"pending", "requested", "not yet", "expired", "to follow", "not received"})
        if (contains(after, cue)) return true;
    return false;
}

bool documents_referral(const Note& note) {
    if (note.referral && !empty_referral_value(*note.referral)) return true;
    for (const Line& line : note.lines) {
        const std::string& lower = line.lower();
        for (const Mention& m : asserted_mentions(line.text, kReferralPhrases))
            if (!pending(lower, m) && !not_a_referral(lower, m)) return true;
        for (const Mention& m : asserted_mentions(line.text, kReferralWords))
            if (therapy_follows(lower, m.end) && !pending(lower, m) && !not_a_referral(lower, m)) return true;
    }
    return false;
}

// Mentions of the injury or accident itself: a date in the same sentence dates it.
const std::vector<std::string_view> kInjuryTerms = {
    "date of injury", "injury date", "doi", "date of accident", "accident date", "date of loss", "injur", "accident",
    "mva", "mvc", "collision", "fell", "fall on", "fall at", "slipped", "tripped", "onset", "hurt", "rear-ended",
    "rear ended", "crash", "at work on", "work-related", "work related", "on the job", "while working", "while at work"};

// How it happened. Event words say it alone; activity words only in a sentence about the injury
// ("injured his back while lifting a box"), as "lift 20 lb" is also a goal.
const std::vector<std::string_view> kMechanismEvents = {
    "fell", "fall from", "fall at work", "slipped on", "slipped and", "slipped off", "slipped at", "tripped",
    "struck by", "hit by", "caught in", "crushed", "crush injury", "rear-ended", "rear ended", "t-boned", "collision",
    "motor vehicle", "mva", "mvc", "car accident", "auto accident", "vehicle accident", "crash"};
const std::vector<std::string_view> kMechanismActivities = {
    "while", "when", "lifting", "lifted", "pulling", "pulled", "pushing", "pushed", "carrying", "twist", "bending",
    "reaching", "climbing", "repetitive", "overuse", "unloading", "loading", "stocking", "transferring", "moving",
    "jumped", "landed", "stepped"};

const std::vector<std::string_view> kMechanismLabels = {"mechanism of injury", "mechanism", "moi", "how injured",
                                                        "how injury occurred", "cause of injury"};

// The sentences of a line: transcriptions put a whole history on one line. "Dr." and "Mar." do
// not end a sentence.
std::vector<std::string_view> sentences(std::string_view text) {
    static constexpr std::array<std::string_view, 18> kAbbreviations = {
        "dr", "mr", "mrs", "ms", "st", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec"};
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '.' && c != ';' && c != '!' && c != '?') continue;
        if (i + 1 < text.size() && text[i + 1] != ' ') continue;  // 2.5, 3/14, end of line handled below
        if (c == '.') {
            std::size_t w = i;
            while (w > start && std::isalpha(static_cast<unsigned char>(text[w - 1]))) --w;
            if (std::find(kAbbreviations.begin(), kAbbreviations.end(), ascii_lower(text.substr(w, i - w))) !=
                kAbbreviations.end())
                continue;
        }
        out.push_back(text.substr(start, i + 1 - start));
        start = i + 1;
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

bool documents_injury_date(const Note& note) {
    for (std::size_t i = 0; i < note.lines.size(); ++i) {
        const Line& line = note.lines[i];
        if (line.number == note.date_line) continue;
        const std::string label = label_text(line.text);
        if (starts_with(label, "dob") || starts_with(label, "date of birth") || starts_with(label, "d.o.b")) continue;
        // A sentence wrapped onto the next line (`since lifting a 50 lb tote` / `at work on 09/14/2026.`).
        std::string text = line.text;
        if (i + 1 < note.lines.size() && note.lines[i + 1].number == line.number + 1 && note.lines[i + 1].section == line.section &&
            note.lines[i + 1].number != note.date_line)
            text += " " + note.lines[i + 1].text;
        const auto dates = grammar::find_dates(text);
        if (dates.empty() || !says(text, kInjuryTerms)) continue;
        for (std::string_view sentence : sentences(text)) {
            const std::size_t begin = static_cast<std::size_t>(sentence.data() - text.data());
            const bool dated = std::any_of(dates.begin(), dates.end(), [&](const grammar::Date& d) {
                return d.span.begin >= begin && d.span.end <= begin + sentence.size();
            });
            if (dated && says(sentence, kInjuryTerms)) return true;
        }
    }
    return false;
}

bool documents_mechanism(const Note& note) {
    for (std::size_t i = 0; i < note.lines.size(); ++i) {
        const Line& line = note.lines[i];
        const auto value = labelled_value(line.text, kMechanismLabels);
        if (value && !value->empty() && !empty_referral_value(*value)) return true;
        // `Date of Injury: 08/18/2026. Mechanism: while lifting a 50-lb case ...`: a label after a sentence.
        for (std::string_view sentence : sentences(line.text)) {
            const auto labelled = labelled_value(trim(sentence), kMechanismLabels);
            if (labelled && labelled->size() > 8 && !empty_referral_value(*labelled)) return true;
        }
        if (says(line.text, kMechanismEvents)) return true;
        // A sentence wrapped onto the next line: `spasm following lifting` / `injury.`
        std::string text = line.text;
        if (i + 1 < note.lines.size() && note.lines[i + 1].number == line.number + 1 && note.lines[i + 1].section == line.section)
            text += " " + note.lines[i + 1].text;
        if (!says(text, kInjuryTerms) || !says(text, kMechanismActivities)) continue;
        for (std::string_view sentence : sentences(text))
            if (says(sentence, kInjuryTerms) && says(sentence, kMechanismActivities)) return true;
    }
    return false;
}

// Auto/PIP profiles speak of an accident, the others of a work injury.
bool accident_wording(const Profile& profile) {
    const std::string name = ascii_lower(profile.name);
    return contains(name, "auto") || contains(name, "pip") || contains(name, "no-fault");
}

// Reported once per episode: on its first note with this note's payer.
bool first_note_of_payer(const NoteContext& c) {
    if (c.episode == nullptr) return true;
    for (const Note* n : c.episode->notes)
        if (n->payer == c.note.payer) return n == &c.note;
    return true;
}

template <class Documents>
bool episode_documents(const NoteContext& c, Documents documents) {
    if (c.episode == nullptr) return documents(c.note);
    return std::any_of(c.episode->notes.begin(), c.episode->notes.end(), [&](const Note* n) { return documents(*n); });
}

Position payer_position(const Note& note) {
    return note.payer_line > 0 ? Position{note.payer_line, 1} : note_start(note);
}

void check_missing_referral(const NoteContext& c) {
    const Profile& p = c.profile;
    if (!p.require_referral && !p.require_injury_date) return;
    if (c.note.medical_legal) return;  // a QME or IME reports on a claim; it is no therapy claim
    if (!first_note_of_payer(c)) return;
    const Note& note = c.note;
    const std::string payer = p.title.empty() ? p.name : p.title;
    if (p.require_referral && !episode_documents(c, documents_referral)) {
        std::string message = payer + " pays therapy only on a physician's referral or prescription, and none is "
                              "documented";
        if (note.referral) message += " (the referral field says `" + *note.referral + "`)";
        c.report.add(note, note.referral ? Position{note.referral_line, 1} : payer_position(note),
                     message + "; add the referring physician and the order (e.g. `Referring physician: Dr. Sarah "
                               "Patel, MD (Rx dated 03/02/2026)`)");
    }
    if (!p.require_injury_date) return;
    const bool accident = accident_wording(p);
    const bool dated = episode_documents(c, documents_injury_date);
    const bool described = episode_documents(c, documents_mechanism);
    if (dated && described) return;
    const std::string event = accident ? "accident" : "work injury";
    std::vector<std::string> missing;
    if (!dated) missing.push_back(std::string("the date of ") + (accident ? "the accident" : "injury"));
    if (!described) missing.push_back("how it happened");
    const std::string example = accident ? "`Date of accident: 02/27/2026; rear-ended at a stop light`"
                                         : "`Date of injury: 02/27/2026; injured L shoulder lifting a 50 lb box at work`";
    c.report.add(note, payer_position(note),
                 payer + " needs the " + event + " documented: " + join(missing, " and ") +
                     (missing.size() == 1 ? " is" : " are") + " missing; add " + (missing.size() == 1 ? "it" : "them") +
                     " (e.g. " + example + ")");
}

}  // namespace

std::vector<Rule> diagnosis_rules() {
    return {
        Rule{{"D001", "missing-diagnosis", Severity::error,
              "An evaluation, re-evaluation or plan of care states no ICD-10-CM diagnosis code; so does a daily or "
              "progress note that stands alone (no evaluation or plan of care of the patient in the run).",
              "Every claim line points to a diagnosis: it is what makes the care medically necessary. The plan of "
              "care has to name the condition treated, and a treatment note read on its own must show it; without "
              "a code the payer rejects the claim or cannot tie the visit to a covered condition.",
              "Write the treating diagnosis with its ICD-10-CM code, e.g. `Dx: M54.50 Low back pain, unspecified`. "
              "A diagnosis in words only is not enough. An ICD-9 or malformed code is reported by D002 instead.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2 (plan of care: diagnoses); CMS "
              "Medicare Claims Processing Manual (Pub. 100-04) ch. 23 §10 (ICD-10-CM on claims); HIPAA code set "
              "rule, 45 CFR 162.1002",
              "Note type: Initial evaluation\nDiagnosis: low back pain",
              "Note type: Initial evaluation\nDiagnosis: M54.50 Low back pain, unspecified"},
             check_missing_diagnosis, {}},
        Rule{{"D002", "malformed-icd10", Severity::error,
              "Something written as a diagnosis code is not shaped like an ICD-10-CM code: an ICD-9 code (`724.2`, "
              "`719.41`) or a broken one (`M54.5.1`, `M54..5`). The undotted claim form `M5450` is fine (M54.50).",
              "Claims with dates of service since 2015-10-01 must carry ICD-10-CM codes; an ICD-9 or garbled code "
              "is rejected before anyone reads the note, and the note no longer supports the code on the claim.",
              "Write the ICD-10-CM code: a letter, two characters, a dot and up to four more (`M54.50`, "
              "`S33.5XXA`). The message suggests the usual ICD-10-CM code for common ICD-9 codes.",
              "HIPAA code set rule, 45 CFR 162.1002(c) (ICD-10-CM from 2015-10-01); CMS MLN Matters SE1325; CMS "
              "General Equivalence Mappings (ICD-9-CM to ICD-10-CM)",
              "Dx: 724.2 Lumbago",
              "Dx: M54.50 Low back pain, unspecified"},
             check_malformed, {}},
        Rule{{"D003", "invalid-icd10", Severity::error,
              "A well-formed diagnosis code is not a valid billable code in the ICD-10-CM table of the date of "
              "service: a category that has more specific codes (M54.5 since 2021-10-01), a code deleted or not "
              "yet in force, or no code at all. A note dated before the oldest loaded table (FY2024, from "
              "2023-10-01, in the built-in one) is not judged: there is no table to judge it by.",
              "Payers accept only codes billable on the date of service, coded to the highest specificity; a "
              "category code or a deleted code is rejected, and the whole claim comes back.",
              "Use the billable code the message suggests (the category's children, or the code that replaced a "
              "deleted one), e.g. M54.50 instead of M54.5.",
              "CMS/NCHS ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.2 (code to the highest "
              "number of characters available); ICD-10-CM annual update effective October 1 (CMS code "
              "descriptions in tabular order, FY2024-FY2026)",
              "Date of Service: 03/14/2026\nDx: M54.5 Low back pain",
              "Date of Service: 03/14/2026\nDx: M54.50 Low back pain, unspecified"},
             check_invalid, {}},
        Rule{{"D004", "missing-referral", Severity::warning,
              "The payer profile requires a physician's referral or prescription (workers' compensation, auto "
              "PIP) and the patient's notes in the run document none; where the profile requires it, also the "
              "injury or accident: its date and how it happened. Reported once per episode.",
              "Workers' compensation and PIP carriers pay therapy only on the treating physician's order for the "
              "injury of the claim: without the referral, or without the date and mechanism that tie the care to "
              "the work injury or the accident, the bill is denied or held for review.",
              "Document the referral (`Referring physician: Dr. Sarah Patel, MD (Rx dated 03/02/2026)` or `Pt "
              "referred by Dr. Patel`) and the injury (`Date of injury: 02/27/2026; injured L shoulder lifting a "
              "50 lb box at work`). `No referral on file` or `Referral: pending` is not a referral.",
              "SPEC §4 profiles workers-comp and auto-pip; e.g. California 8 CCR §9785 (treating physician); s. "
              "627.736(1)(a) Fla. Stat. (PIP care upon referral by a physician); NUCC 1500 claim form items 10, 14 "
              "and 17 (accident indicator, date of injury, referring provider)",
              "Payer: Travelers Workers' Comp\nS: Shoulder pain after work injury. No referral on file.",
              "Payer: Travelers Workers' Comp\nReferring physician: Dr. Sarah Patel, MD\nDate of injury: 02/27/2026; "
              "injured L shoulder lifting a box at work."},
             check_missing_referral, {}},
    };
}

}  // namespace soaplint::checks
