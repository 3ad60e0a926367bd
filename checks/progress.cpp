// R001-R004: the course of an episode (the notes of one patient, ordered by date of service):
// whether measures improve, whether progress reports and certifications come on time, and whether
// notes are copied forward. All four are episode rules; undated notes are left out of the date
// rules (R002, R003) because their place in the course is unknown (S002 reports them).
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "grammar/api.hpp"
#include "src/language.hpp"
#include "src/structure.hpp"

namespace soaplint::checks {
namespace {

std::vector<std::string_view> as_terms(std::initializer_list<std::string_view> list) { return {list}; }

// Where a finding about a whole note goes: its date line, else its first line.
Position note_position(const Note& note) {
    return note.date_line > 0 ? Position{note.date_line, 1} : note_start(note);
}

std::string describe(const Note& note) {
    if (note.date_of_service) return "the note of " + note.date_of_service->iso();
    return "the note at " + note.file + ":" + std::to_string(note.line);
}

CivilDate add_days(const CivilDate& date, int days) {
    using namespace std::chrono;
    const sys_days base{year_month_day{year{date.year}, month{static_cast<unsigned>(date.month)},
                                       day{static_cast<unsigned>(date.day)}}};
    const year_month_day out{base + std::chrono::days{days}};
    return CivilDate{static_cast<int>(out.year()), static_cast<int>(static_cast<unsigned>(out.month())),
                     static_cast<int>(static_cast<unsigned>(out.day()))};
}

CivilDate add_months(const CivilDate& date, int months) {
    using namespace std::chrono;
    year_month_day ymd{year{date.year}, month{static_cast<unsigned>(date.month)}, day{static_cast<unsigned>(date.day)}};
    ymd += std::chrono::months{months};
    if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // Jan 31 + 1 month = Feb 28/29
    return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Lines of `note` in any of `names` (a combined Assessment/Plan heading counts for both); a
// note without any heading is all one section when `whole_note_if_no_headings`.
std::vector<const Line*> lines_in_any(const Note& note, std::initializer_list<SectionName> names,
                                      bool whole_note_if_no_headings = true) {
    std::vector<const Line*> out;
    for (const Line& line : note.lines) {
        if (line.section < 0) {
            if (note.sections.empty() && whole_note_if_no_headings) out.push_back(&line);
            continue;
        }
        // A combined heading (Assessment/Plan) is entries with the same heading line and text;
        // run-in headings of a one-line transcription share a line but not their text.
        const Section& own = note.sections[static_cast<std::size_t>(line.section)];
        for (std::size_t k = static_cast<std::size_t>(line.section); k < note.sections.size(); ++k) {
            if (note.sections[k].line != own.line || note.sections[k].heading != own.heading) break;
            if (std::find(names.begin(), names.end(), note.sections[k].name) != names.end()) {
                out.push_back(&line);
                break;
            }
        }
    }
    return out;
}

// ---- R001 ------------------------------------------------------------------------------------

enum class Better { higher, lower, unknown };

// Which way a measure improves. Kinds without a clear direction (duration, count, weight, other)
// are not tracked: a longer "pain duration" is worse, a longer "sitting tolerance" is better.
Better direction(const Measurement& m) {
    static constexpr auto lower_outcomes = std::to_array<std::string_view>({
        "odi", "oswestry", "ndi", "neck disability", "quickdash", "quick dash", "dash", "prwe", "spadi", "womac",
        "fabq", "tug", "timed up and go"});
    static constexpr auto higher_outcomes = std::to_array<std::string_view>({
        "lefs", "berg", "6mwt", "six minute walk", "6 minute walk", "6-minute walk", "psfs", "koos", "hoos",
        "foto", "tinetti", "dgi", "abc"});
    if (m.kind == "rom" || m.kind == "strength" || m.kind == "distance") return Better::higher;
    if (m.kind == "pain") return Better::lower;
    if (m.kind != "outcome") return Better::unknown;
    if (contains_any(m.name, lower_outcomes)) return Better::lower;
    if (contains_any(m.name, higher_outcomes)) return Better::higher;
    // Timed tests (5x sit to stand, 10-meter walk in seconds): faster is better.
    if (m.unit == "s") return Better::lower;
    return Better::unknown;
}

// The value to compare: a manual-muscle-test grade keeps its + and - ("4-" < "4" < "4+"); a
// range ("pain 6-7/10") counts as its middle.
double score(const Measurement& m) {
    double v = *m.value;
    if (m.value_high) v = (v + *m.value_high) / 2;
    if (!m.grade.empty()) {
        if (m.grade.back() == '-') v = std::floor(v) - 1.0 / 3;
        if (m.grade.back() == '+') v = std::floor(v) + 1.0 / 3;
    }
    return v;
}

// Already the best the scale allows: nothing left to improve, so no stall.
bool at_best(const Measurement& m, Better better) {
    if (m.kind == "pain") return score(m) <= 0;
    if (m.kind == "strength" && m.unit == "/5") return score(m) >= 5;
    return better == Better::lower && m.kind == "outcome" && m.unit != "s" && score(m) <= 0;
}

std::string measure_key(const Measurement& m) { return m.kind + "|" + m.name + "|" + m.unit; }

struct Series {
    std::vector<const Measurement*> values;  // one per note, in episode order
    std::vector<const Note*> notes;
};

// Tracked measurements of each note, keyed by kind, name, unit and their order in the note (so that
// "strength R 4-/5, L 4/5" under one name stays two measures).
std::map<std::string, Series> series_of(const Episode& episode) {
    std::map<std::string, Series> out;
    for (const Note* note : episode.notes) {
        std::map<std::string, int> seen;
        for (const Measurement& m : note->measurements) {
            if (!m.value || m.earlier || direction(m) == Better::unknown) continue;  // a flowsheet's past columns
            const std::string base = measure_key(m);
            const std::string key = base + "#" + std::to_string(seen[base]++);
            out[key].values.push_back(&m);
            out[key].notes.push_back(note);
        }
    }
    return out;
}

bool improved(const Measurement& first, const Measurement& last) {
    const Better better = direction(last);
    return better == Better::higher ? score(last) > score(first) : score(last) < score(first);
}

std::string format_value(const Measurement& m) {
    std::ostringstream out;
    if (!m.grade.empty()) {
        out << m.grade;
    } else {
        out << *m.value;
        if (m.value_high) out << "-" << *m.value_high;
    }
    return out.str();
}

std::string unit_suffix(const std::string& unit) {
    if (unit.empty()) return "";
    if (unit[0] == '/') return unit;
    if (unit == "percent") return "%";
    return " " + unit;
}

// Whether the plan goes on after this note: a stated frequency or "continue ...", and no
// discharge. "Continue" is read in the Plan (the Assessment's "continues to show weakness" is a
// finding), or in the Assessment when the note has no Plan section.
bool plan_continues(const Note& note) {
    const bool has_plan = has_section(note, SectionName::plan) || has_section(note, SectionName::plan_of_care);
    const auto plan_lines = has_plan ? lines_in_any(note, {SectionName::plan, SectionName::plan_of_care})
                                     : lines_in_any(note, {SectionName::assessment});
    bool continues = note.frequency.has_value();
    bool ends = note.kind == NoteKind::discharge;
    for (const Line* line : plan_lines) {
        if (asserts_any(line->text, as_terms({"continue", "same plan", "current plan", "current poc", "plan unchanged"})))
            continues = true;
        if (asserts_any(line->text, as_terms({"discharge", "on hold", "hold therapy", "end of care", "terminate"})))
            ends = true;
    }
    return continues && !ends;
}

// The last note of the episode that measured anything tracked: its measures are the current ones.
std::size_t last_measuring_note(const Episode& episode, const std::map<std::string, Series>& all) {
    std::size_t last = 0;
    for (std::size_t k = 0; k < episode.notes.size(); ++k)
        for (const auto& [key, s] : all)
            if (s.notes.back() == episode.notes[k]) last = k;
    return last;
}

void check_no_progress(const EpisodeContext& c) {
    const auto all = series_of(c.episode);
    if (all.empty()) return;
    const std::size_t last_index = last_measuring_note(c.episode, all);
    const Note* last = c.episode.notes[last_index];
    std::vector<const Series*> tracked;
    for (const auto& [key, s] : all) {
        if (s.notes.back() != last || s.values.size() < 3) continue;
        const Measurement& first = *s.values[s.values.size() - 3];
        const Measurement& now = *s.values.back();
        if (at_best(now, direction(now))) continue;
        if (improved(first, now)) return;  // one measure improving is progress
        tracked.push_back(&s);
    }
    if (tracked.empty()) return;
    const auto after = c.episode.notes.begin() + static_cast<std::ptrdiff_t>(last_index) + 1;
    const bool later_treatment = std::any_of(after, c.episode.notes.end(), [](const Note* n) { return is_treatment_note(*n); });
    if (!later_treatment && !plan_continues(*last)) return;
    std::sort(tracked.begin(), tracked.end(), [](const Series* a, const Series* b) {
        return a->values.back()->pos.line < b->values.back()->pos.line ||
               (a->values.back()->pos.line == b->values.back()->pos.line &&
                a->values.back()->pos.column < b->values.back()->pos.column);
    });
    std::string list;
    for (const Series* s : tracked) {
        if (!list.empty()) list += "; ";
        const auto n = s->values.size();
        list += s->values.back()->name + " " + format_value(*s->values[n - 3]) + ", " + format_value(*s->values[n - 2]) +
                ", " + format_value(*s->values[n - 1]) + unit_suffix(s->values.back()->unit);
    }
    // Point at the exam's measure rather than the patient's reported pain when there is one.
    const auto in_exam = std::find_if(tracked.begin(), tracked.end(),
                                      [](const Series* s) { return s->values.back()->section != "subjective"; });
    c.report.add(*last, (in_exam != tracked.end() ? *in_exam : tracked.front())->values.back()->pos,
                 "no tracked measure improved over the last 3 visits that measured it (" + list +
                     ") yet care continues; document the change in measures or function, or modify the plan "
                     "(new approach, goals, referral or discharge) and state why skilled care is still needed");
}

// ---- R002 ------------------------------------------------------------------------------------

// Notes that are a day of care: treatment notes, evaluations and the reports.
bool visit_note(const Note& note) {
    if (is_treatment_note(note)) return true;
    switch (note.kind) {
        case NoteKind::evaluation:
        case NoteKind::reevaluation:
        case NoteKind::discharge:
            return true;
        case NoteKind::plan_of_care:
            return !note.interventions.empty();
        default:
            return false;
    }
}

// Notes that close a reporting period: a progress report, a re-evaluation, an updated plan of
// care, a discharge summary, or an evaluation after the first day.
bool report_note(const Note& note) {
    return note.kind == NoteKind::progress || note.kind == NoteKind::reevaluation || note.kind == NoteKind::discharge ||
           note.kind == NoteKind::plan_of_care || note.kind == NoteKind::evaluation;
}

struct CareDay {
    CivilDate date;
    std::vector<const Note*> notes;
    bool report = false;
};

std::vector<CareDay> care_days(const Episode& episode) {
    std::vector<CareDay> days;
    for (const Note* note : episode.notes) {
        if (!note->date_of_service || !visit_note(*note)) continue;
        if (days.empty() || days.back().date != *note->date_of_service) days.push_back(CareDay{*note->date_of_service, {}, false});
        days.back().notes.push_back(note);
        days.back().report = days.back().report || report_note(*note);
    }
    return days;
}

const char* report_noun(const Note& note) {
    switch (note.kind) {
        case NoteKind::evaluation: return "evaluation";
        case NoteKind::reevaluation: return "re-evaluation";
        case NoteKind::plan_of_care: return "plan of care";
        case NoteKind::discharge: return "discharge note";
        default: return "progress report";
    }
}

const Note& report_of(const CareDay& day) {
    for (const Note* note : day.notes)
        if (report_note(*note)) return *note;
    return *day.notes.front();
}

void check_progress_report(const EpisodeContext& c) {
    const int limit = c.profile.progress_report_visits;
    if (limit <= 0) return;
    const auto days = care_days(c.episode);
    int day_of_period = 0;
    const CareDay* last_report = nullptr;
    for (std::size_t k = 0; k < days.size(); ++k) {
        const CareDay& day = days[k];
        ++day_of_period;
        // The first reporting period starts on the first day of the episode, whatever that day's
        // note is (CMS): an evaluation that opens the episode is day 1 and does not end the period.
        const bool opening_evaluation = k == 0 && (report_of(day).kind == NoteKind::evaluation ||
                                                   report_of(day).kind == NoteKind::plan_of_care);
        if (day.report && !opening_evaluation) {
            day_of_period = 0;
            last_report = &day;
            continue;
        }
        // Day 11 is overdue; say so again every further period (days 21, 31, ...) while none is written.
        if (day_of_period <= limit || (day_of_period - 1) % limit != 0) continue;
        const Note& note = *day.notes.front();
        const Note* report = last_report ? &report_of(*last_report) : nullptr;
        const std::string since = report ? std::string("since the ") + report_noun(*report) + " of " +
                                               (report->date_of_service ? report->date_of_service->iso() : "?")
                                         : "of the episode (first day " + days.front().date.iso() + ")";
        c.report.add(note, note_position(note),
                     "treatment day " + std::to_string(day_of_period) + " " + since + " with no progress report; " +
                         c.profile.name + " requires one at least every " + std::to_string(limit) +
                         " treatment days: write a progress report on or before treatment day " + std::to_string(limit));
    }
}

// ---- R003 ------------------------------------------------------------------------------------

struct Certification {
    CivilDate date;
    const Note* note = nullptr;
    bool stated = false;  // written as a certification statement, not inferred from a signed plan
};

// "POC faxed to Dr. Lee for signature", "awaiting physician certification".
bool certification_pending(std::string_view lower) {
    static constexpr auto pending = std::to_array<std::string_view>({
        "pending", "awaiting", "await", "sent to", "faxed", "request", "not yet", "to be signed", "will be",
        "unsigned", "not signed", "not been", "needs", "need to", "for signature"});
    return (contains(lower, "certif") || contains(lower, "signature")) && contains_any(lower, pending);
}

// "Certified by Dr. Patel on 3/12/2026", "Physician certification: signed 3/12/2026", "POC
// certified", "Recertification signed by Dr. Lee 6/1/2026". Returns the date it names, else the
// note's date.
std::optional<CivilDate> certification_statement(const Note& note, const Line& line) {
    static constexpr auto whose = std::to_array<std::string_view>({
        "poc", "plan of care", "plan", "physician", "dr.", "dr ", "md", "npp", "referring", "certification",
        "recertif", "provider"});
    const std::string& lower = line.lower();
    if (!contains(lower, "certif") || !contains_any(lower, whose) || certification_pending(lower)) return std::nullopt;
    if (!asserts_any(line.text, as_terms({"certified", "recertified", "signed", "received", "approved"}))) return std::nullopt;
    const auto dates = grammar::find_dates(line.text);
    if (!dates.empty()) return CivilDate{dates.front().year, dates.front().month, dates.front().day};
    return note.date_of_service;
}

bool signed_note(const Note& note) { return note.provider && !note.provider->credentials.empty(); }

bool states_pending(const Note& note) {
    return std::any_of(note.lines.begin(), note.lines.end(),
                       [](const Line& l) { return certification_pending(ascii_lower(l.text)); });
}

// Certifications of the episode, by date: statements anywhere, and signed evaluations / plans
// of care / re-evaluations that do not say their certification is still pending.
std::vector<Certification> certifications(const Episode& episode) {
    std::vector<Certification> out;
    for (const Note* note : episode.notes) {
        bool stated = false;
        for (const Line& line : note->lines) {
            if (auto date = certification_statement(*note, line)) {
                out.push_back(Certification{*date, note, true});
                stated = true;
            }
        }
        if (!stated && is_plan_note(*note) && note->date_of_service && signed_note(*note) && !states_pending(*note))
            out.push_back(Certification{*note->date_of_service, note, false});
    }
    std::stable_sort(out.begin(), out.end(), [](const Certification& a, const Certification& b) { return a.date < b.date; });
    return out;
}

struct Plan {
    const Note* note = nullptr;
    CivilDate start, end;
    std::string length;  // "6 weeks", "through 2026-04-21"
};

// The end of a plan stated in days, weeks or months, or by an end date; a plan counted in
// visits has no end date (F003 counts its visits).
std::optional<Plan> plan_of(const Note& note) {
    if (!note.date_of_service || !note.duration) return std::nullopt;
    const Duration& d = *note.duration;
    Plan plan{&note, *note.date_of_service, *note.date_of_service, ""};
    if (d.end) {
        plan.end = *d.end;
        plan.length = "through " + d.end->iso();
    } else if (d.value && (d.unit == "week" || d.unit == "day" || d.unit == "month")) {
        plan.end = d.unit == "week" ? add_days(plan.start, 7 * *d.value)
                   : d.unit == "day" ? add_days(plan.start, *d.value)
                                     : add_months(plan.start, *d.value);
        plan.length = std::to_string(*d.value) + " " + d.unit + (*d.value == 1 ? "" : "s");
    } else {
        return std::nullopt;
    }
    return plan;
}

// Notes that set a plan: evaluations, plans of care, re-evaluations, progress reports (an updated
// plan) and notes that record a (re)certification. A daily note repeating "2x/week for 6 weeks"
// only restates the plan.
std::vector<Plan> plans(const Episode& episode, const std::vector<Certification>& certs) {
    std::vector<Plan> out;
    for (const Note* note : episode.notes) {
        const bool certified_here = std::any_of(certs.begin(), certs.end(),
                                                [&](const Certification& c) { return c.note == note && c.stated; });
        if (!is_plan_note(*note) && note->kind != NoteKind::progress && !certified_here) continue;
        if (auto plan = plan_of(*note)) out.push_back(*plan);
    }
    return out;
}

template <typename T, typename DateOf>
const T* latest_on_or_before(const std::vector<T>& items, const CivilDate& date, DateOf date_of) {
    const T* found = nullptr;
    for (const T& item : items)
        if (date_of(item) <= date && (!found || date_of(*found) <= date_of(item))) found = &item;
    return found;
}

void check_certification(const EpisodeContext& c) {
    std::vector<const Note*> treatments;
    std::optional<CivilDate> first_day;
    for (const Note* note : c.episode.notes) {
        if (!note->date_of_service) continue;
        if (is_treatment_note(*note)) treatments.push_back(note);
        if ((is_treatment_note(*note) || is_plan_note(*note)) && (!first_day || *note->date_of_service < *first_day))
            first_day = note->date_of_service;
    }
    if (treatments.empty()) return;  // nothing was treated: nothing to certify
    const auto certs = certifications(c.episode);
    const auto all_plans = plans(c.episode, certs);
    const Profile& p = c.profile;

    bool initial_reported = false;
    std::set<const void*> reported;  // each plan or certification gives at most one finding
    for (const Note* note : treatments) {
        const CivilDate date = *note->date_of_service;
        // (medicare) certification within N days of the first treatment.
        if (p.certification_days > 0 && !initial_reported) {
            const CivilDate due = add_days(*first_day, p.certification_days);
            const bool certified_in_time = std::any_of(certs.begin(), certs.end(),
                                                       [&](const Certification& x) { return x.date <= due; });
            if (date > due && !certified_in_time) {
                initial_reported = true;
                c.report.add(*note, note_position(*note),
                             "treatment on " + date.iso() + " but no plan-of-care certification is documented within " +
                                 std::to_string(p.certification_days) + " days of the first treatment (" +
                                 first_day->iso() + "); " + p.name + " needs the physician's or NPP's dated signature "
                                 "on the plan of care: record it (e.g. `POC certified by Dr. Lee, MD on 3/12/2026`)");
                continue;
            }
        }
        // Past the end of the latest plan of care.
        const Plan* plan = latest_on_or_before(all_plans, date, [](const Plan& x) { return x.start; });
        if (plan && date > plan->end && !reported.count(plan)) {
            reported.insert(plan);
            const Certification* cert = latest_on_or_before(certs, date, [](const Certification& x) { return x.date; });
            if (cert) reported.insert(cert);
            c.report.add(*note, note_position(*note),
                         "treatment on " + date.iso() + " is after the plan of care of " + plan->start.iso() + " (" +
                             plan->length + ") ended on " + plan->end.iso() +
                             "; write a re-evaluation or updated plan of care (recertified where the payer requires "
                             "it) before treating past its end");
            continue;
        }
        // (medicare) recertification at least every N days.
        if (p.recertification_days <= 0) continue;
        const Certification* cert = latest_on_or_before(certs, date, [](const Certification& x) { return x.date; });
        if (!cert || reported.count(cert)) continue;
        const int days = days_between(cert->date, date);
        if (days <= p.recertification_days) continue;
        reported.insert(cert);
        c.report.add(*note, note_position(*note),
                     "treatment on " + date.iso() + " is " + std::to_string(days) +
                         " days after the plan of care was certified (" + cert->date.iso() + "); " + p.name +
                         " requires recertification at least every " + std::to_string(p.recertification_days) +
                         " days: record the physician's or NPP's signed recertification (e.g. `POC recertified by "
                         "Dr. Lee, MD on 6/5/2026`)");
    }
}

// ---- R004 ------------------------------------------------------------------------------------

constexpr std::size_t kShingle = 3;        // words per shingle
constexpr std::size_t kShortestText = 12;  // words; shorter sections ("No new complaints.") are left alone
constexpr double kNearlySame = 0.9;        // Jaccard similarity of the shingle sets

// The words of a section, lower-case. In Subjective and Assessment, numbers become `#`: a
// paragraph that only changes "pain 4/10" to "pain 3/10" is still the old paragraph. In
// Objective the numbers are the findings, so they stay.
std::vector<std::string> section_words(const Note& note, SectionName name, bool keep_numbers) {
    std::vector<std::string> words;
    for (const Line* line : lines_in_any(note, {name}, false)) {
        std::string word;
        const auto flush = [&] {
            if (word.empty()) return;
            const bool number = std::any_of(word.begin(), word.end(), [](char ch) { return ascii_digit(ch); });
            words.push_back(number && !keep_numbers ? "#" : std::move(word));
            word.clear();
        };
        for (char ch : line->text) {
            const unsigned char u = static_cast<unsigned char>(ch);
            // "4/10", "4-/5" and "2.5" stay one word. ASCII tests: the C locale's, without its calls.
            if (ascii_alnum(ch) || u >= 0x80 || (!word.empty() && (ch == '/' || ch == '.' || ch == '-' || ch == '+')))
                word += ascii_lower(ch);
            else
                flush();
        }
        flush();
    }
    // A trailing "." or "-" is punctuation, not part of the word.
    for (std::string& w : words)
        while (w.size() > 1 && (w.back() == '.' || w.back() == '-' || w.back() == '/')) w.pop_back();
    return words;
}

// The section's 3-word sequences, hashed and sorted, so that two sections compare in one merge.
std::vector<std::size_t> shingles(const std::vector<std::string>& words) {
    std::vector<std::size_t> out;
    std::string s;  // reused: a shingle costs no allocation
    for (std::size_t k = 0; k + kShingle <= words.size(); ++k) {
        s = words[k];
        for (std::size_t j = 1; j < kShingle; ++j) s.append(1, ' ').append(words[k + j]);
        out.push_back(std::hash<std::string>{}(s));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double jaccard(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    if (a.empty() || b.empty()) return 0;
    // |A n B| / |A u B| cannot reach the threshold when the sizes differ too much: skip the merge.
    const double small = static_cast<double>(std::min(a.size(), b.size()));
    if (small / static_cast<double>(std::max(a.size(), b.size())) < kNearlySame) return 0;
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++common, ++i, ++j;
        }
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

struct SectionText {
    std::vector<std::string> words;
    std::vector<std::size_t> shingles;
};

const char* section_title(SectionName name) {
    switch (name) {
        case SectionName::subjective: return "Subjective";
        case SectionName::objective: return "Objective";
        default: return "Assessment";
    }
}

const char* write_instead(SectionName name) {
    switch (name) {
        case SectionName::subjective: return "write what the patient reports today";
        case SectionName::objective: return "write today's measurements and findings";
        default: return "write today's response to treatment and progress toward the goals";
    }
}

void check_cloned(const EpisodeContext& c) {
    const auto& notes = c.episode.notes;
    if (notes.size() < 2) return;
    for (SectionName name : {SectionName::subjective, SectionName::objective, SectionName::assessment}) {
        std::vector<SectionText> texts;
        for (const Note* note : notes) {
            SectionText t;
            t.words = section_words(*note, name, name == SectionName::objective);
            if (t.words.size() >= kShortestText) t.shingles = shingles(t.words);
            texts.push_back(std::move(t));
        }
        for (std::size_t k = 1; k < notes.size(); ++k) {
            if (texts[k].shingles.empty()) continue;
            double best = 0;
            std::size_t source = 0;
            bool identical = false;
            for (std::size_t j = 0; j < k; ++j) {
                if (texts[j].shingles.empty()) continue;
                const bool same = texts[j].words == texts[k].words;
                const double score = same ? 1.0 : jaccard(texts[j].shingles, texts[k].shingles);
                if (score >= best) {  // ties: the most recent earlier note
                    best = score;
                    source = j;
                    identical = same;
                }
            }
            if (best < kNearlySame) continue;
            const Section* section = section_named(*notes[k], name);
            const Position at = section ? Position{section->line, 1} : note_start(*notes[k]);
            // Numbers as written are compared only for the message, and only for identical texts.
            const bool same_numbers =
                identical && section_words(*notes[source], name, true) == section_words(*notes[k], name, true);
            const std::string how = identical ? (same_numbers ? "is the same as in "
                                                                                   : "is the same, apart from its numbers, as in ")
                                              : "is nearly the same (" + std::to_string(static_cast<int>(best * 100)) +
                                                    "% of its word sequences) as in ";
            c.report.add(*notes[k], at,
                         std::string("the ") + section_title(name) + " text " + how + describe(*notes[source]) +
                             "; copied-forward documentation does not show this visit's care: " + write_instead(name));
        }
    }
}

}  // namespace

std::vector<Rule> progress_rules() {
    return {
        Rule{{"R001", "no-objective-progress", Severity::warning,
              "In an episode, the tracked measures show no improvement over the last 3 visits that measured them "
              "while care continues. A tracked measure is one with a known direction (same name, kind and unit): "
              "ROM, strength, distance and LEFS / Berg / 6MWT / PSFS / KOOS / HOOS / FOTO / DGI / ABC improve "
              "upward; pain, ODI / NDI / QuickDASH / SPADI / WOMAC / PRWE / FABQ and timed tests (TUG, 5x sit to "
              "stand in seconds) improve downward. Durations, counts and weights have no fixed direction and are "
              "not tracked. The measures are those of the last note that measured any, each compared over its "
              "own last 3 measurements (latest vs. the first of the three; any gain counts); a measure already "
              "at the best of its scale (pain 0/10, MMT 5/5) is left out. Care continues when a later note bills "
              "treatment or that note's plan continues (`continue`, a frequency) and does not discharge.",
              "Payers pay for rehabilitative therapy while it produces measurable functional improvement; "
              "visit after visit of the same numbers with the same plan is the pattern reviewers deny as "
              "maintenance or as not reasonable and necessary.",
              "Measure and record what changed (ROM, strength, outcome scores), or change the plan (new approach, "
              "goals, referral or discharge) and state why skilled care is still needed.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2, §220.2, §220.3.D (progress toward "
              "goals, objective measures); commercial medical policies for physical therapy (measurable "
              "functional improvement required for continued care)",
              "03/03 O: Lumbar flexion AROM 45 deg\n03/05 O: Lumbar flexion AROM 45 deg\n03/10 O: Lumbar flexion "
              "AROM 44 deg\nP: Continue POC 2x/week.",
              "03/03 O: Lumbar flexion AROM 45 deg\n03/05 O: Lumbar flexion AROM 50 deg\n03/10 O: Lumbar flexion "
              "AROM 55 deg\nP: Continue POC 2x/week."},
             {}, check_no_progress},
        Rule{{"R002", "progress-report-overdue", Severity::warning,
              "More than the profile's number of treatment days (medicare: 10) pass without a progress report. "
              "Treatment days are the dated days with a treatment note, evaluation, re-evaluation or discharge "
              "(several notes on one date are one day). The first reporting period starts on the first day of the "
              "episode, whatever that day's note is (an opening evaluation counts as day 1 and does not end the "
              "period); a progress report, re-evaluation, updated plan of care or discharge note ends a period and "
              "the next starts the following day. Reported at the 11th treatment day of a period, and again every "
              "further 10 days while none is written.",
              "Medicare requires a progress report, written by the therapist, at least once every 10 treatment "
              "days; visits past the 10th without one do not meet the documentation requirement and are denied "
              "on review.",
              "Write a progress report (note type: progress report, with objective measures and progress toward "
              "each goal) on or before the 10th treatment day of each period.",
              "CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.D (Progress Report: at least once "
              "every 10 treatment days; the first reporting period begins on the first day of the episode)",
              "Visit 1 (evaluation) ... visit 11 (daily note), no progress report in between",
              "Visit 1 (evaluation) ... visit 10 (progress report) ... visit 11 (daily note)"},
             {}, check_progress_report},
        Rule{{"R003", "recertification-overdue", Severity::warning,
              "Treatment after the certified period: past the end of the latest plan of care (its end date, or "
              "its date plus its duration in days, weeks or months; every profile), more than the profile's "
              "recertification interval after the latest certification (medicare: 90 days), or (medicare) no "
              "certification within 30 days of the first day of care. A certification is a signed evaluation, "
              "plan of care or re-evaluation (dated by its date of service) unless it says the certification is "
              "pending (`faxed to Dr. Lee for signature`), or a statement naming a certification that is signed "
              "or received (`POC certified by Dr. Lee on 3/12/2026`, `Physician certification: signed 3/12/2026`; "
              "dated by the date it names, else the note's). A plan is set by an evaluation, plan of care, "
              "re-evaluation, progress report or a note recording a (re)certification; a daily note repeating the "
              "frequency does not extend it. Quiet when the episode has no treatment note, and on undated notes.",
              "Therapy is covered only under a plan of care in force: Medicare needs the physician's or NPP's "
              "certification within 30 days of the first treatment and recertification at least every 90 days, "
              "and every payer expects visits to fall inside the plan's stated duration. Visits outside it are "
              "denied as not under a certified plan.",
              "Before treating past the plan's end, write a re-evaluation or updated plan of care and record its "
              "(re)certification with the signer and date.",
              "42 CFR 424.24(c); 42 CFR 410.61(e); CMS Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2 "
              "(plan of care), §220.1.3 (certification and recertification)",
              "Evaluation 03/10/2026, Duration: 6 weeks\n...\nDaily note 05/05/2026 (no re-evaluation)",
              "Evaluation 03/10/2026, Duration: 6 weeks\nRe-evaluation 04/20/2026, Duration: 4 weeks, POC "
              "recertified by Dr. Lee, MD on 4/22/2026\nDaily note 05/05/2026"},
             {}, check_certification},
        Rule{{"R004", "cloned-note", Severity::warning,
              "A note's Subjective, Objective or Assessment text is the same, or nearly, as the same section of an "
              "earlier note of the episode: identical words, or a Jaccard similarity of at least 0.9 between their "
              "sets of 3-word sequences. In Subjective and Assessment numbers are ignored (changing only `pain "
              "4/10` to `3/10` still copies the paragraph); in Objective the numbers are the findings and count. "
              "Sections shorter than 12 words are not compared. Reported at the copied section's heading.",
              "Auditors and Medicare contractors treat copied-forward (cloned) documentation as not supporting "
              "the individual visit: each note must show that day's patient report, findings and response to "
              "care; cloned notes invite denial of every visit they cover and raise fraud concerns.",
              "Write each section for this visit: what the patient reports today, today's measurements, and "
              "today's response to treatment and progress toward goals.",
              "CMS Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.1.1 (cloned documentation); CMS Medicare "
              "Learning Network, Complying with Medical Record Documentation Requirements; OIG reports on "
              "copy-paste in electronic health records",
              "03/17 S: Pt reports LBP 4/10, able to sit 30 min, compliant with HEP, no new complaints since last "
              "visit.\n03/19 S: Pt reports LBP 4/10, able to sit 30 min, compliant with HEP, no new complaints "
              "since last visit.",
              "03/17 S: Pt reports LBP 4/10, able to sit 30 min, compliant with HEP.\n03/19 S: Pt reports LBP "
              "3/10 after gardening Sunday; sat through a 45-min church service; HEP 1x/day."},
             {}, check_cloned},
    };
}

}  // namespace soaplint::checks
