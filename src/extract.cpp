#include "extract.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "codetables.hpp"
#include "decode.hpp"
#include "grammar/api.hpp"
#include "layout.hpp"
#include "structure.hpp"

namespace soaplint {

std::string measurement_kind(std::string_view name, std::string_view unit);  // below, shared with rules

namespace {

namespace g = grammar;

// Whether a needle stands at a word start in the haystack ("flexion" in "hip flexion", stems
// allowed), never inside another word: no "rom" in "from", no "vas" in "cardiovascular". Short
// needles (abbreviations: "rom", "vas", "odi", "dash") must be whole words: no "vasopressin".
template <std::size_t N>
bool has_word_start(std::string_view haystack, const std::array<std::string_view, N>& needles,
                    bool short_whole = true) {
    const auto letter = [](char c) { return ascii_alpha(c); };
    // One pass over the haystack: at each word start, the needles that begin with its byte.
    // (The same answer as searching for each needle in turn; needles are never empty.)
    std::uint64_t firsts[4] = {0, 0, 0, 0};
    for (std::string_view word : needles) {
        const auto b = static_cast<unsigned char>(word.front());
        firsts[b >> 6] |= std::uint64_t{1} << (b & 63);
    }
    for (std::size_t at = 0; at < haystack.size(); ++at) {
        const auto b = static_cast<unsigned char>(haystack[at]);
        if (!(firsts[b >> 6] >> (b & 63) & 1) || (at > 0 && letter(haystack[at - 1]))) continue;
        for (std::string_view word : needles) {
            if (word.front() != haystack[at] || haystack.compare(at, word.size(), word) != 0) continue;
            const bool whole = short_whole && word.size() <= 4 && word != "pain";
            const std::size_t end = at + word.size();
            if (!whole || end >= haystack.size() || !letter(haystack[end])) return true;
        }
    }
    return false;
}

SectionName section_of(const Note& note, const Line& line) {
    return line.section >= 0 ? note.sections[static_cast<std::size_t>(line.section)].name : SectionName::other;
}

bool in_section(const Note& note, const Line& line, SectionName name) {
    // A combined heading (Assessment/Plan) owns the content of both its entries.
    for (auto k = line.section; k >= 0 && static_cast<std::size_t>(k) < note.sections.size(); ++k) {
        const Section& s = note.sections[static_cast<std::size_t>(k)];
        if (s.name == name) return true;
        if (!s.shares_next) break;
    }
    return false;
}

Position position_in(const Line& line, std::size_t byte) {
    return Position{line.number, line.column + utf8_columns(line.text, byte)};
}

CivilDate civil(const g::Date& d) { return CivilDate{d.year, d.month, d.day}; }

Clock clock(const g::ClockTime& t) { return Clock{t.hour, t.minute, t.valid}; }

// Replaces the bytes of `span` with blanks so later scans skip them but offsets stay put.
void blank(std::string& text, g::Span span) {
    for (std::size_t i = span.begin; i < span.end && i < text.size(); ++i) text[i] = ' ';
}

// Cheap byte tests that tell whether a grammar can match at all in a line: the grammars are
// exact but cost far more per byte than these scans.
bool has_digit_run(std::string_view text, int length) {
    int run = 0;
    for (char c : text) {
        run = (c >= '0' && c <= '9') ? run + 1 : 0;
        if (run >= length) return true;
    }
    return false;
}
bool may_hold_code(std::string_view text) { return has_digit_run(text, 4); }  // 97140, G0283
// A CPT/HCPCS code is `9xxxx`, `2xxxx` or `Gxxxx` (grammar/codes.cpp cpt_code_at): without those
// five bytes find_cpt finds nothing.
bool may_hold_cpt(std::string_view text) {
    if (!has_digit(text)) return false;
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    for (std::size_t i = 0; i + 5 <= text.size(); ++i) {
        const char c = text[i];
        if ((c == '9' || c == '2' || c == 'G' || c == 'g') && digit(i + 1) && digit(i + 2) && digit(i + 3) && digit(i + 4))
            return true;
    }
    return false;
}
bool may_hold_icd(std::string_view text) {
    if (!has_digit(text)) return false;  // both shapes below hold a digit
    if (has_digit_run(text, 3)) return true;  // ICD-9 shapes: 724.2
    for (std::size_t i = 0; i + 2 < text.size(); ++i)
        if (ascii_alpha(text[i]) && text[i + 1] >= '0' && text[i + 1] <= '9') return true;
    return false;
}
// A digit, one of `seps`, a digit: `10:02`, `3/14`, `3-14`.
bool digit_sep_digit(std::string_view text, std::string_view seps) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i)
        if (ascii_digit(text[i]) && seps.find(text[i + 1]) != std::string_view::npos && ascii_digit(text[i + 2])) return true;
    return false;
}
bool may_hold_time(std::string_view text) {
    return text.find(':') != std::string_view::npos || has_digit_run(text, 4);
}
// (may_hold_clock and may_hold_date below need a digit: has_digit answers for most lines first.)
// A clock time is `H:MM` or four digits (`1430 hrs`), and clock_text makes one only of `H.MM am`
// or four digits: without these the time grammars find nothing, before or after clock_text.
bool may_hold_clock(std::string_view text) { return has_digit(text) && (has_digit_run(text, 4) || digit_sep_digit(text, ":.")); }
// Every date has a four-digit year or a numeric `3/14`, `3-14` form.
bool may_hold_date(std::string_view text) { return has_digit(text) && (has_digit_run(text, 4) || digit_sep_digit(text, "/-")); }

// ---------------------------------------------------------------------------------------------
// Diagnoses

bool diagnosis_context(const Note& note, const Line& line, const std::string& lower) {
    if (in_section(note, line, SectionName::diagnosis)) return true;
    return contains(lower, "diagnos") || contains(lower, "dx") || contains(lower, "icd") ||
           contains(lower, "impression");
}

void extract_diagnoses(Note& note) {
    for (const Line& line : note.lines) {
        if (!may_hold_icd(line.text)) continue;
        const bool context = diagnosis_context(note, line, line.lower());
        for (const g::IcdCode& code : g::find_icd10(line.text)) {
            const bool dotted = contains(code.raw, ".");
            if (code.shape == g::IcdCode::Shape::icd10 && !dotted && !context) continue;
            // `breaks q20 min`, `t3 lesion`: a code is written with its capital letter unless dotted.
            if (!dotted && !code.raw.empty() && ascii_is_lower(code.raw.front())) continue;
            if (code.shape != g::IcdCode::Shape::icd10 && !context) continue;
            const std::string text = code.shape == g::IcdCode::Shape::icd10 ? code.code : code.raw;
            const bool seen = std::any_of(note.diagnoses.begin(), note.diagnoses.end(),
                                          [&](const Diagnosis& d) { return d.code == text; });
            if (seen) continue;
            Diagnosis diagnosis;
            diagnosis.code = text;
            diagnosis.shape = code.shape == g::IcdCode::Shape::icd10 ? Diagnosis::Shape::icd10
                              : code.shape == g::IcdCode::Shape::icd9 ? Diagnosis::Shape::icd9
                                                                       : Diagnosis::Shape::malformed;
            diagnosis.pos = position_in(line, code.span.begin);
            note.diagnoses.push_back(diagnosis);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Interventions (CPT lines)

void merge_intervention(Intervention& into, const Intervention& more) {
    if (more.minutes) into.minutes = into.minutes ? capped_sum(*into.minutes, *more.minutes) : *more.minutes;
    if (more.units) into.units = into.units ? capped_sum(*into.units, *more.units) : *more.units;
    for (const auto& m : more.modifiers) {
        if (std::find(into.modifiers.begin(), into.modifiers.end(), m) == into.modifiers.end())
            into.modifiers.push_back(m);
    }
}

// The same code listed twice, once with its minutes (treatment) and once with its units
// (billing), is one service; two lines that both give minutes are two parts of one service.
bool complements(const Intervention& a, const Intervention& b) {
    const bool a_only_minutes = a.minutes && !a.units, b_only_units = b.units && !b.minutes;
    const bool a_only_units = a.units && !a.minutes, b_only_minutes = b.minutes && !b.units;
    return (a_only_minutes && b_only_units) || (a_only_units && b_only_minutes) || (!a.minutes && !a.units) ||
           (!b.minutes && !b.units);
}

// Only list marks or a billing label before the code: `98940 ...`, `- 97140`, `CPT: 97110`.
bool starts_with_code(std::string_view text, std::size_t code_begin) {
    std::string words;
    for (const char c : text.substr(0, code_begin))
        if (ascii_alpha(c)) words.push_back(ascii_lower(c));
    static constexpr auto labels = std::to_array<std::string_view>({"", "cpt", "code", "cptcode", "billed", "billing", "charge", "charges"});
    return std::find(labels.begin(), labels.end(), words) != labels.end();
}

// A whole number written alone in a table cell: `24`, `2`, `24 min`; `--` and blanks are none.
std::optional<int> cell_number(std::string_view cell) {
    cell = trim(cell);
    int value = 0, digits = 0;
    std::size_t i = 0;
    for (; i < cell.size() && ascii_digit(cell[i]); ++i, ++digits) value = value * 10 + (cell[i] - '0');
    if (digits == 0 || digits > 3) return std::nullopt;
    const std::string rest = ascii_lower(trim(cell.substr(i)));
    if (!rest.empty() && rest != "min" && rest != "mins" && rest != "minutes" && rest != "unit" && rest != "units" &&
        rest != "'" && rest != "m" && rest != "u")
        return std::nullopt;
    return value;
}

// A code's own description is not its minutes: `97140 Manual therapy, each 15 minutes`,
// `HC GAIT TRAINING EA 15 MIN`. Blanked (same length) before the code grammar reads the line.
std::string without_unit_definitions(std::string_view text) {
    std::string scan(text);
    const std::string lower = ascii_lower(text);
    // `(3 units, 8-minute rule on 40 timed minutes)`: how the units were counted, not a code's own.
    for (std::size_t open = lower.find('('); open != std::string::npos; open = lower.find('(', open + 1)) {
        const std::size_t close = lower.find(')', open);
        if (close == std::string::npos) break;
        const std::string_view inside = std::string_view(lower).substr(open, close - open);
        if (inside.find("rule") != std::string_view::npos || inside.find("total") != std::string_view::npos)
            std::fill(scan.begin() + static_cast<std::ptrdiff_t>(open), scan.begin() + static_cast<std::ptrdiff_t>(close + 1), ' ');
    }
    for (std::string_view rule : {"8-minute rule", "8 minute rule", "eight-minute rule", "8-min rule"})
        for (std::size_t at = lower.find(rule); at != std::string::npos; at = lower.find(rule, at + 1))
            std::fill(scan.begin() + static_cast<std::ptrdiff_t>(at), scan.begin() + static_cast<std::ptrdiff_t>(at + rule.size()), ' ');
    for (std::string_view lead : {"each 15", "ea 15", "per 15", "every 15", "each additional 15", "first 15", "initial 15"}) {
        for (std::size_t at = lower.find(lead); at != std::string::npos; at = lower.find(lead, at + 1)) {
            std::size_t end = at + lead.size();
            while (end < lower.size() && (lower[end] == ' ' || lower[end] == '-')) ++end;
            while (end < lower.size() && ascii_alpha(lower[end])) ++end;
            std::fill(scan.begin() + static_cast<std::ptrdiff_t>(at), scan.begin() + static_cast<std::ptrdiff_t>(end), ' ');
        }
    }
    // `Minutes 50    Units 3`: a label and its number without a colon.
    {
        const std::string low = ascii_lower(scan);
        for (std::string_view label : {"minutes ", "units ", "mins ", "min "}) {
            for (std::size_t at = low.find(label); at != std::string::npos; at = low.find(label, at + 1)) {
                const std::size_t after = at + label.size();
                std::size_t prev = at;
                while (prev > 0 && low[prev - 1] == ' ') --prev;
                // Not `25 min 2 units`: there the word is the unit of the number before it.
                const bool word_start = (at == 0 || !ascii_alpha(low[at - 1])) &&
                                        (prev == 0 || !ascii_digit(low[prev - 1]));
                if (word_start && after < low.size() && ascii_digit(low[after]))
                    scan[after - 1] = ':';
            }
        }
    }
    // `Minutes: 25   Qty: 2`: the quantity billed is the units (`Qty:` sits after the code, so the
    // code's own position is unchanged).
    for (std::size_t at = ascii_lower(scan).find("qty:"); at != std::string::npos; at = ascii_lower(scan).find("qty:", at + 6))
        scan.replace(at, 4, "units:");
    return scan;
}

void add_intervention(Note& note, Intervention item) {
    auto same = std::find_if(note.interventions.begin(), note.interventions.end(),
                             [&](const Intervention& i) { return i.cpt == item.cpt; });
    // `Treatment: 97124 massage x 50 min` above a billing row `97124 ... 50 min 3 units`: the
    // billing row states the whole service, not a second part of it.
    // (A line that states only units or only minutes, `Units: 97110 x 2`, fills gaps.)
    // More than 16 units of one code in a visit is no unit count: `(97124, 50 min)`.
    if (item.units && *item.units > 16) item.units.reset();
    if (same != note.interventions.end() && same->pos.line != item.pos.line) {
        const bool item_billed = item.minutes && item.units, same_billed = same->minutes && same->units;
        // The same minutes stated twice (a treatment line and the billing line) are one service.
        if (item_billed && same_billed && *item.minutes == *same->minutes) {
            same->units = item.units;
            same->line_text += "\n" + item.line_text;
            return;
        }
        if (item_billed != same_billed && (item_billed ? !same->units : !item.units)) {
            if (item_billed) {
                same->minutes = item.minutes;
                same->units = item.units;
                same->pos = item.pos;
            }
            for (const auto& m : item.modifiers)
                if (std::find(same->modifiers.begin(), same->modifiers.end(), m) == same->modifiers.end())
                    same->modifiers.push_back(m);
            same->line_text += "\n" + item.line_text;
            return;
        }
    }
    if (same != note.interventions.end() && (complements(*same, item) || same->pos.line != item.pos.line)) {
        if (complements(*same, item)) {
            if (!same->minutes) same->minutes = item.minutes;
            if (!same->units) same->units = item.units;
            for (const auto& m : item.modifiers)
                if (std::find(same->modifiers.begin(), same->modifiers.end(), m) == same->modifiers.end())
                    same->modifiers.push_back(m);
        } else {
            merge_intervention(*same, item);
        }
        same->line_text += "\n" + item.line_text;
        return;
    }
    note.interventions.push_back(std::move(item));
}

// `97140 Manual therapy x1 unit` then `      (soft tissue mobilization, 9 min)`: the minutes on
// the wrapped line below a code belong to it; so do `25 min   2 units` ending a wrapped
// description. Only the last quantity of such a line counts, and only when the code lacks it.
void read_wrapped_quantities(Intervention& item, std::string_view text) {
    const std::string head = ascii_lower(trim(text).substr(0, 12));
    for (std::string_view label : {"minutes:", "mins:", "min:", "time:"}) {
        if (!item.minutes && starts_with(head, label)) {
            std::size_t i = text.find(':') + 1;
            while (i < text.size() && text[i] == ' ') ++i;
            int value = 0, digits = 0;
            while (i < text.size() && ascii_digit(text[i]) && digits < 3) value = value * 10 + (text[i++] - '0'), ++digits;
            if (digits > 0) item.minutes = value;
        }
    }
    const auto found = g::find_quantities(text);
    for (auto q = found.rbegin(); q != found.rend(); ++q) {
        const std::string_view after = trim(text.substr(q->span.end));
        const bool at_end = after.empty() || after == ")" || after == ").";
        if (q->unit == g::Unit::min && !item.minutes && (at_end || text.substr(q->span.end).find("unit") != std::string_view::npos))
            item.minutes = static_cast<int>(q->value);
    }
    const std::string lower = ascii_lower(text);
    // `x1 unit`, `x 1 unit`, `2 units`: the first count of units on the line (not `total units 3`).
    for (std::size_t at = lower.find(" unit"); !item.units && at != std::string::npos; at = lower.find(" unit", at + 1)) {
        std::size_t e = at;
        std::size_t b = e;
        while (b > 0 && ascii_digit(lower[b - 1])) --b;
        if (b == e || e - b > 2) continue;
        const std::size_t before = b;
        if (before == 0 || lower[before - 1] == ' ' || lower[before - 1] == 'x' || lower[before - 1] == '(')
            item.units = std::stoi(lower.substr(b, e - b));
    }
}

// A billing grid: every row gives its code, modifiers, minutes and units from its own columns;
// the `Total` row gives the total timed minutes.
void read_billing_table(Note& note, const Table& table, std::vector<std::string>& billed_before) {
    const int code = table.column(ColumnRole::code);
    if (code < 0) return;
    const int modifier = table.column(ColumnRole::modifier), minutes = table.column(ColumnRole::minutes),
              units = table.column(ColumnRole::units);
    for (const TableRow& row : table.rows) {
        const auto cell = [&](int k) { return k < 0 ? std::string() : row.cells[static_cast<std::size_t>(k)]; };
        if (row.total) {
            const auto total = cell_number(cell(minutes));
            if (total && !note.total_timed_minutes) {
                note.total_timed_minutes = *total;
                note.total_timed_line = note.lines[static_cast<std::size_t>(row.first)].number;
            }
            continue;
        }
        // What the grammar reads: the code and every column that is not a description, a charge,
        // a diagnosis pointer or a date (a `Units / Time` column holding `x3 units (45 min)`).
        std::string scan = cell(code) + "  " + cell(modifier);
        for (std::size_t k = 0; k < table.roles.size(); ++k) {
            const ColumnRole role = table.roles[k];
            if (role == ColumnRole::none) scan += "  " + row.cells[k];
        }
        const auto found = g::find_cpt(without_unit_definitions(scan));
        if (found.empty() || found.front().span.begin >= cell(code).size()) continue;
        const g::CptLine& cpt = found.front();
        Intervention item;
        item.cpt = cpt.code;
        item.modifiers = cpt.modifiers;
        item.minutes = minutes >= 0 ? cell_number(cell(minutes)) : std::nullopt;
        item.units = units >= 0 ? cell_number(cell(units)) : std::nullopt;
        if (!item.minutes && (minutes < 0 || trim(cell(minutes)).empty())) item.minutes = cpt.minutes;
        if (!item.units && (units < 0 || trim(cell(units)).empty())) item.units = cpt.units;
        item.timed = codes::is_timed_cpt(cpt.code);
        // A second grid listing the same service (`CHARGES` and `SERVICES / BILLING`) repeats it.
        if (std::find(billed_before.begin(), billed_before.end(), item.cpt) != billed_before.end()) continue;
        const Line& first = note.lines[static_cast<std::size_t>(row.first)];
        item.pos = Position{first.number, std::max(1, row.cell_column[static_cast<std::size_t>(code)])};
        for (int i = row.first; i <= row.last; ++i) {
            const std::string& text = note.lines[static_cast<std::size_t>(i)].text;
            if (i > row.first) read_wrapped_quantities(item, text);  // `Minutes: 25 (bike 8', ...)`
            if (!item.line_text.empty()) item.line_text += "\n";
            item.line_text += text;
        }
        add_intervention(note, std::move(item));
    }
}

bool continues_code_line(const Line& line, const Line& code_line) {
    if (line.number != code_line.number + 1 && line.number > code_line.number + 3) return false;
    // Indented under the code, in parentheses, or the rest of an unfinished sentence
    // (`97140 manual` / `therapy x 1 unit (12 minutes).`).
    const bool unfinished = !code_line.text.empty() && code_line.text.back() != '.' && line.number == code_line.number + 1 &&
                            !line.text.empty() && ascii_is_lower(line.text.front());
    return line.column > code_line.column || (!line.text.empty() && line.text.front() == '(') || unfinished;
}

void extract_interventions(Note& note, const std::vector<Table>& tables) {
    std::vector<char> in_table(note.lines.size(), 0);
    std::vector<std::string> billed_before;  // codes billed by an earlier grid of the note
    for (const Table& table : tables) {
        if (table.column(ColumnRole::code) < 0) continue;
        read_billing_table(note, table, billed_before);
        for (const Intervention& i : note.interventions)
            if (std::find(billed_before.begin(), billed_before.end(), i.cpt) == billed_before.end()) billed_before.push_back(i.cpt);
        std::fill(in_table.begin() + table.header, in_table.begin() + table.last + 1, 1);
    }
    // A billing grid is the bill: elsewhere a code named without minutes or units
    // (`Interventions: ther ex (97110), gait training (97116)`) describes or plans care.
    const bool billed_by_grid = !note.interventions.empty();
    int last_code_line = -1;  // index of the last line that held codes (for wrapped lines below it)
    for (std::size_t index = 0; index < note.lines.size(); ++index) {
        const Line& line = note.lines[index];
        if (in_table[index] || line.header || in_section(note, line, SectionName::history)) continue;
        const bool plan = in_section(note, line, SectionName::plan) && !in_section(note, line, SectionName::billing);
        const bool has_code = may_hold_cpt(line.text);
        const std::vector<g::CptLine> found = has_code ? g::find_cpt(without_unit_definitions(line.text)) : std::vector<g::CptLine>{};
        if (found.empty()) {
            if (last_code_line >= 0 && !note.interventions.empty() &&
                continues_code_line(line, note.lines[static_cast<std::size_t>(last_code_line)])) {
                Intervention& item = note.interventions.back();
                if (item.pos.line == note.lines[static_cast<std::size_t>(last_code_line)].number) {
                    read_wrapped_quantities(item, line.text);
                    continue;
                }
            }
            last_code_line = -1;
            continue;
        }
        last_code_line = -1;
        for (const g::CptLine& cpt : found) {
            // "Continue 97140 next visit" in a plan is not a billed service; a line that starts
            // with its code (`98940 CMT lumbar` below the P: paragraph) is.
            if (plan && !cpt.minutes && !cpt.units && !starts_with_code(line.text, cpt.span.begin)) continue;
            if (billed_by_grid && !cpt.minutes && !cpt.units) continue;
            Intervention item;
            item.cpt = cpt.code;
            item.modifiers = cpt.modifiers;
            item.minutes = cpt.minutes;
            item.units = cpt.units;
            item.timed = codes::is_timed_cpt(cpt.code);
            item.pos = position_in(line, cpt.span.begin);
            item.line_text = line.text;
            add_intervention(note, std::move(item));
            last_code_line = static_cast<int>(index);  // the line's last code may continue below
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Session times and stated totals

bool digit_at(std::string_view s, std::size_t i) { return i < s.size() && ascii_digit(s[i]) != 0; }
bool letter_at(std::string_view s, std::size_t i) { return i < s.size() && ascii_alpha(s[i]) != 0; }

// Clock times as charting systems print them, rewritten to the forms the time grammar reads:
// `10:00a` -> `10:00 am`, `10.00 am` -> `10:00 am`, and in a time context (`Time In: 0915`,
// `Start Time: 1600`, `AM session 0930-10:05`) the 24-hour `0915` -> `09:15`.
std::string clock_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    const std::string lower = ascii_lower(text);
    static constexpr auto cues = std::to_array<std::string_view>({"time", "start", "stop", "in:", "out:", "in ", "out ",
                                                                   "session", "arriv", "depart", "from", "to "});
    for (std::size_t i = 0; i < text.size();) {
        const bool word_start = i == 0 || (!digit_at(text, i - 1) && text[i - 1] != '/' && text[i - 1] != '.' && text[i - 1] != ':');
        // H:MM or H.MM followed by a/p (am/pm).
        if (word_start && digit_at(text, i)) {
            std::size_t j = i;
            while (digit_at(text, j) && j - i < 2) ++j;
            if (j < text.size() && (text[j] == ':' || text[j] == '.') && digit_at(text, j + 1) && digit_at(text, j + 2) &&
                !digit_at(text, j + 3)) {
                std::size_t k = j + 3;
                std::size_t m = k;
                while (m < text.size() && text[m] == ' ') ++m;
                const char ap = m < lower.size() ? lower[m] : '\0';
                const bool meridiem = (ap == 'a' || ap == 'p') &&
                                      (!letter_at(text, m + 1) || (lower[m + 1] == 'm' && !letter_at(text, m + 2)) ||
                                       (lower[m + 1] == '.' ));
                if (text[j] == '.' && !meridiem) {
                    out.append(text.substr(i, k - i));
                    i = k;
                    continue;
                }
                out.append(text.substr(i, j - i)).push_back(':');
                out.append(text.substr(j + 1, 2));
                if (meridiem && (m + 1 >= text.size() || !letter_at(text, m + 1))) {
                    out.append(" ").push_back(ap);
                    out.push_back('m');
                    i = m + 1;
                    continue;
                }
                i = k;
                continue;
            }
            // HHMM in a time context, not part of a date or a longer number.
            if (digit_at(text, i + 1) && digit_at(text, i + 2) && digit_at(text, i + 3) && !digit_at(text, i + 4) &&
                (i + 4 >= text.size() || text[i + 4] != '/')) {
                const int hh = (text[i] - '0') * 10 + (text[i + 1] - '0'), mm = (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                const std::size_t from = i > 24 ? i - 24 : 0;
                const std::string_view before(lower.data() + from, i - from);
                const bool context = std::any_of(cues.begin(), cues.end(), [&](std::string_view c) {
                    return before.find(c) != std::string_view::npos;
                }) || (i + 4 < text.size() && text[i + 4] == '-') || (i > 0 && text[i - 1] == '-') ||
                                     (i >= 2 && text[i - 1] == ' ' && text[i - 2] == '-') ||   // `0915 - 1002`
                                     (i + 5 < text.size() && text[i + 4] == ' ' && text[i + 5] == '-');
                if (context && hh < 24 && mm < 60) {
                    out.append(text.substr(i, 2)).push_back(':');
                    out.append(text.substr(i + 2, 2));
                    i += 4;
                    continue;
                }
            }
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

// `12:40 - 1:25` is an afternoon visit, not one that stops before it starts; `1:10-1:40 PM`
// puts both times in the afternoon.
void afternoon(g::ClockTime& start, g::ClockTime& stop, std::string_view text) {
    const auto marked = [&](const g::ClockTime& t) {
        std::size_t m = t.span.end;
        while (m < text.size() && text[m] == ' ') ++m;
        const std::string tail = ascii_lower(text.substr(m, 2));
        return tail == "am" || tail == "pm" || text.substr(t.span.begin, t.span.end - t.span.begin).find_first_of("aApP") != std::string_view::npos;
    };
    if (!start.valid || !stop.valid) return;
    const int a = start.hour * 60 + start.minute, b = stop.hour * 60 + stop.minute;
    if (b < a && stop.hour < 12 && !marked(stop) && b + 720 > a && b + 720 - a <= 480) stop.hour += 12;
    else if (start.hour < 12 && stop.hour >= 12 && !marked(start) && a + 720 <= b && b - a > 480) start.hour += 12;
}

void set_session(Note& note, const g::ClockTime& start, const g::ClockTime& stop, int line) {
    note.session.start = clock(start);
    note.session.stop = clock(stop);
    note.session.line = line;
    if (start.valid && stop.valid) {
        const int minutes = clock(stop).minutes_of_day() - clock(start).minutes_of_day();
        if (minutes > 0) note.session.minutes = minutes;
    }
}

void extract_session(Note& note) {
    // `Appointment: 3:10 PM - 4:10 PM (booked)` then `Actual: 3:10 PM - 4:04 PM`: the visit is what happened.
    const auto actual = std::find_if(note.lines.begin(), note.lines.end(), [](const Line& line) {
        return starts_with(line.lower(), "actual") && may_hold_time(line.text) && may_hold_clock(line.text) &&
               g::find_time_range(clock_text(line.text));
    });
    for (auto it = actual != note.lines.end() ? actual : note.lines.begin(); it != note.lines.end(); ++it) {
        const Line& line = *it;
        if (!may_hold_time(line.text) || !may_hold_clock(line.text)) continue;
        const std::string text = clock_text(line.text);
        auto range = g::find_time_range(text);
        if (!range) continue;
        afternoon(range->start, range->stop, text);
        set_session(note, range->start, range->stop, line.number);
        // Two sessions in one visit (`AM session 0930-10:05, PM session 1:10-1:40 PM`): the
        // visit runs from the first start to the last stop; its minutes are the sessions' sum.
        const std::size_t rest = range->span.end;
        if (auto second = g::find_time_range(std::string_view(text).substr(rest))) {
            second->start.span.begin += rest, second->start.span.end += rest;
            second->stop.span.begin += rest, second->stop.span.end += rest;
            afternoon(second->start, second->stop, text);
            const int first_minutes = note.session.minutes.value_or(0);
            const int later = clock(second->start).minutes_of_day() - clock(range->stop).minutes_of_day();
            if (second->start.valid && second->stop.valid && later >= 0 && first_minutes > 0) {
                set_session(note, range->start, second->stop, line.number);
                const int second_minutes = clock(second->stop).minutes_of_day() - clock(second->start).minutes_of_day();
                if (second_minutes > 0) note.session.minutes = first_minutes + second_minutes;
            }
        }
        return;
    }
    // `| DOS | Start | Stop |` over `| 05/06/2026 | 2:15 PM | 3:02 PM |`: times under their labels.
    for (std::size_t i = 0; i + 1 < note.lines.size(); ++i) {
        const Line& labels = note.lines[i];
        const Line& values = note.lines[i + 1];
        if (labels.text.empty() || labels.text.front() != '|' || values.text.empty() || values.text.front() != '|') continue;
        const auto lower_cells = [](std::string_view text) {
            std::vector<std::string> cells = bar_cells(text);
            for (std::string& cell : cells) cell = ascii_lower(cell);
            return cells;
        };
        const auto heads = lower_cells(labels.text), cells = lower_cells(values.text);
        if (heads.size() != cells.size()) continue;
        std::optional<g::ClockTime> start, stop;
        for (std::size_t k = 0; k < heads.size(); ++k) {
            const auto times = g::find_times(clock_text(cells[k]));
            if (times.empty()) continue;
            if (heads[k] == "start" || heads[k] == "in" || heads[k] == "time in" || heads[k] == "start time") start = times.front();
            if (heads[k] == "stop" || heads[k] == "out" || heads[k] == "time out" || heads[k] == "end" || heads[k] == "stop time" ||
                heads[k] == "end time")
                stop = times.front();
        }
        if (start && stop) {
            set_session(note, *start, *stop, values.number);
            return;
        }
    }
    // `Time in/out .... 08:30 / 09:25`, `Start/Stop: 0800 / 0845`: one label, both times.
    for (const Line& line : note.lines) {
        const std::string& lower = line.lower();
        if (lower.find("in/out") == std::string::npos && lower.find("in / out") == std::string::npos &&
            lower.find("start/stop") == std::string::npos && lower.find("start/end") == std::string::npos)
            continue;
        const std::string text = clock_text(line.text);
        const auto times = g::find_times(text);
        if (times.size() >= 2) {
            g::ClockTime start = times[0], stop = times[1];
            afternoon(start, stop, text);
            set_session(note, start, stop, line.number);
            return;
        }
    }
    // Start and stop on separate lines: "Time in: 1:05 PM" ... "Time out: 1:58 PM". The cue must
    // stand right before the time: `she started ... ANA 1:40 ... stopped` is no session.
    std::optional<g::ClockTime> start, stop;
    int start_line = 0;
    static constexpr std::array<std::string_view, 6> start_cues{"time in", "start", "begin", "began", "arrival", "arrived"};
    static constexpr std::array<std::string_view, 7> stop_cues{"time out", "stop", "end time", "ended", "finish",
                                                                "departure", "departed"};
    for (const Line& line : note.lines) {
        if (!may_hold_time(line.text) || !may_hold_clock(line.text)) continue;
        const std::string text = clock_text(line.text);
        const auto times = g::find_times(text);
        if (times.empty()) continue;
        const std::string lower = ascii_lower(text);
        for (const g::ClockTime& time : times) {
            // `Treatment Start Time:   04/06/2026 09:00 CDT`: the cue may stand before a date.
            // A table row (`| Time In / Time Out | 10:00 / 11:05 |`) puts its label further away.
            const std::size_t reach = (may_hold_date(text) && !g::find_dates(text).empty()) || text.find('|') != std::string::npos ? 44 : 24;
            const std::size_t from = time.span.begin > reach ? time.span.begin - reach : 0;
            const std::string_view before = std::string_view(lower).substr(from, time.span.begin - from);
            if (!start && has_word_start(before, start_cues)) {
                start = time;
                start_line = line.number;
            } else if (!stop && has_word_start(before, stop_cues)) {
                stop = time;
            }
        }
    }
    if (start && stop) set_session(note, *start, *stop, start_line);
}

void extract_totals(Note& note) {
    for (const Line& line : note.lines) {
        if (!has_digit(line.text)) continue;
        // Every stated total opens with `total` or `timed` (grammar/quantity.cpp).
        if (!contains(line.lower(), "total") && !contains(line.lower(), "timed")) continue;
        for (const g::StatedTotal& total : g::find_totals(line.text)) {
            if (total.kind == g::StatedTotal::Kind::timed && !note.total_timed_minutes) {
                note.total_timed_minutes = total.minutes;
                note.total_timed_line = line.number;
            } else if (total.kind == g::StatedTotal::Kind::treatment && !note.total_treatment_minutes) {
                note.total_treatment_minutes = total.minutes;
                note.total_treatment_line = line.number;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Frequency and duration of the plan of care

bool plan_like(const Note& note, const Line& line) {
    return in_section(note, line, SectionName::plan) || in_section(note, line, SectionName::goals) ||
           in_section(note, line, SectionName::plan_of_care);
}

// Lines that may state a plan when no plan section does: not the patient's report or the exam,
// and not header fields ("Note type: Daily note" is no frequency).
bool may_state_plan(const Note& note, const Line& line) {
    if (in_section(note, line, SectionName::subjective) || in_section(note, line, SectionName::objective) ||
        in_section(note, line, SectionName::history))
        return false;
    const auto colon = line.text.find(':');
    if (colon != std::string::npos && colon < 24) {
        const std::string key = ascii_lower(line.text.substr(0, colon));
        if (contains(key, "note") || contains(key, "type") || contains(key, "visit") || contains(key, "date")) return false;
    }
    return true;
}

// Which bytes a text holds, folded into 64 bits (a letter's bit for either case): a needle whose
// bits are not all there cannot be in the text, and is not searched for.
std::uint64_t byte_mask(std::string_view text) {
    std::uint64_t mask = 0;
    for (char c : text) mask |= std::uint64_t{1} << (static_cast<unsigned char>(ascii_lower(c)) & 63);
    return mask;
}

// Needles with their byte masks: `in(text, byte_mask(text))` is contains_any(text, words).
template <std::size_t N>
struct MaskedNeedles {
    std::array<std::string_view, N> words;
    std::array<std::uint64_t, N> masks{};
    explicit MaskedNeedles(const std::array<std::string_view, N>& w) : words(w) {
        for (std::size_t k = 0; k < N; ++k) masks[k] = byte_mask(words[k]);
    }
    bool in(std::string_view haystack, std::uint64_t mask) const {
        for (std::size_t k = 0; k < N; ++k)
            if ((masks[k] & ~mask) == 0 && contains(haystack, words[k])) return true;
        return false;
    }
};

constexpr auto plan_end_cues = std::to_array<std::string_view>({"through", "thru", "until", "end date", "ending",
                                                                 "certification period", "cert period"});
bool plan_end_date_cue(const std::string& lower) { return contains_any(lower, plan_end_cues); }
bool plan_end_date_cue(const std::string& lower, std::uint64_t mask) {
    static const MaskedNeedles cues(plan_end_cues);
    return cues.in(lower, mask);
}

std::optional<CivilDate> plan_end_date(std::string_view text, const std::string& lower) {
    if (!plan_end_date_cue(lower)) return std::nullopt;
    const auto dates = g::find_dates(text);
    if (dates.empty()) return std::nullopt;
    return civil(dates.back());
}

// Cheap pre-filters: the grammars run only on lines that can hold what they look for.
bool may_hold_frequency(const std::string& lower, std::uint64_t mask) {
    static const MaskedNeedles cues(std::to_array<std::string_view>(
        {"x", "time", "twice", "once", "thrice", "week", "wk", "daily", "biw", "tiw", "qw", "per day", "a day"}));
    return cues.in(lower, mask);
}

// Every frequency the grammar reads has a count (a digit or `one` ... `twelve`), `once` /
// `twice` / `thrice`, `BIW` / `TIW` / `QW`, or `daily` / `weekly` (grammar/quantity.cpp).
bool counts_a_frequency(const std::string& lower, std::uint64_t mask) {
    if (has_digit(lower)) return true;
    static const MaskedNeedles words(std::to_array<std::string_view>(
        {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "once", "twice",
         "thrice", "biw", "tiw", "qw", "daily", "weekly"}));
    return words.in(lower, mask);
}

bool may_hold_duration(const std::string& lower, std::uint64_t mask) {
    static const MaskedNeedles cues(std::to_array<std::string_view>({"week", "wk", "visit", "session", "month", "day"}));
    return cues.in(lower, mask);
}

// A goal's own activity (`walk the dog 5x/wk`, `work 5 days a week`) is no plan of care.
bool goal_line(const Note& note, const Line& line) {
    const std::string& lower = line.lower();
    // `Frequency 2x/week, Duration 6 weeks` printed under the goals states the plan.
    if (starts_with(lower, "freq") || starts_with(lower, "duration") || starts_with(lower, "plan of care") ||
        starts_with(lower, "poc"))
        return false;
    if (in_section(note, line, SectionName::goals)) return true;
    if (starts_with(lower, "stg") || starts_with(lower, "ltg") || starts_with(lower, "goal")) return true;
    // `Pt will walk the dog 5x/wk` states a goal; `Patient will be seen 3 times a week` a plan.
    static constexpr auto plan_verbs = std::to_array<std::string_view>(
        {" will be seen", " will attend", " will receive", " will be treated", " will continue", " will be scheduled",
         " will return", " will follow"});
    return contains(std::string_view(lower).substr(0, 24), " will ") && !contains_any(lower, plan_verbs);
}

// `2x/week for 3 weeks then 1x/week for 3 weeks`: the plan runs 6 weeks.
std::optional<Duration> plan_duration(const Line& line, const std::string& text) {
    const auto first = g::find_duration(text);
    if (!first) return std::nullopt;
    Duration duration{first->value, first->unit, std::nullopt, line.number};
    const std::string lower = ascii_lower(text);
    for (std::size_t from = first->span.end; ;) {
        const auto then = lower.find("then", from);
        if (then == std::string::npos) break;
        const auto more = g::find_duration(std::string_view(text).substr(then));
        if (!more || more->unit != first->unit) break;
        duration.value = duration.value.value_or(0) + more->value;
        from = then + more->span.end;
    }
    return duration;
}

void extract_frequency_duration(Note& note) {
    if (note.medical_legal) return;  // a QME's recommendations are no plan of care
    for (int pass = 0; pass < 2 && (!note.frequency || !note.duration); ++pass) {
        for (const Line& line : note.lines) {
            // The second pass reads only the lines the first did not: a plan line read again
            // finds what it found before (nothing, or a fact already set).
            if (pass == 0 ? !plan_like(note, line) : plan_like(note, line) || !may_state_plan(note, line)) continue;
            const std::string& lower = line.lower();
            const std::uint64_t mask = byte_mask(lower);
            const bool frequency = !note.frequency && may_hold_frequency(lower, mask) && counts_a_frequency(lower, mask);
            const bool duration = !note.duration && may_hold_duration(lower, mask);
            if (!frequency && !duration && (note.duration || !plan_end_date_cue(lower, mask))) continue;
            if (goal_line(note, line)) continue;  // (pure: asked after the cheaper tests)
            // `**Frequency:** 2x/week · **Duration:** 8 weeks`: Markdown emphasis is no part of a value.
            std::string text = line.text;
            for (std::size_t i = 0; i + 1 < text.size(); ++i)
                if ((text[i] == '*' && text[i + 1] == '*') || (text[i] == '_' && text[i + 1] == '_')) text[i] = text[i + 1] = ' ';
            if (frequency) {
                if (auto f = g::find_frequency(text)) note.frequency = Frequency{f->visits, f->per, line.number};
            }
            if (!note.duration) {
                // plan_end_date tests its own cues before it reads dates.
                if (auto d = duration ? plan_duration(line, text) : std::nullopt) {
                    note.duration = d;
                } else if (auto end = plan_end_date(line.text, lower)) {
                    note.duration = Duration{std::nullopt, "", end, line.number};
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Goals

std::string digits_for_number_words(std::string_view text) {
    static constexpr auto words = std::to_array<std::pair<std::string_view, std::string_view>>({
        {"one", "1"}, {"two", "2"}, {"three", "3"}, {"four", "4"}, {"five", "5"}, {"six", "6"},
        {"seven", "7"}, {"eight", "8"}, {"nine", "9"}, {"ten", "10"}, {"twelve", "12"}, {"eleven", "11"},
    });
    std::string out;
    std::size_t i = 0;
    const std::string lower = ascii_lower(text);
    while (i < text.size()) {
        bool replaced = false;
        if (i == 0 || !ascii_alpha(text[i - 1])) {
            for (const auto& [word, digit] : words) {
                if (lower[i] != word.front()) continue;  // the cheap test first
                const std::size_t end = i + word.size();
                if (lower.compare(i, word.size(), word) == 0 &&
                    (end >= text.size() || !ascii_alpha(text[end]))) {
                    out.append(digit);
                    i = end;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out.push_back(text[i++]);
    }
    return out;
}

std::optional<Timeframe> timeframe_in(std::string_view text) {
    const std::string digits = digits_for_number_words(text);
    const auto found = g::find_timeframe(digits);
    if (!found) {
        // `STG (target 10/06/2026, 5 wks)`: a target date is the timeframe.
        const std::string lower = ascii_lower(text);
        const auto target = lower.find("target ");
        if (target == std::string::npos) return std::nullopt;
        const auto dates = g::find_dates(text.substr(target));
        if (dates.empty() || dates.front().span.begin > 10) return std::nullopt;
        return Timeframe{std::nullopt, "", civil(dates.front())};
    }
    Timeframe timeframe;
    timeframe.value = found->value;
    timeframe.unit = found->unit;
    if (found->by) timeframe.by = civil(*found->by);
    return timeframe;
}

struct GoalPrefix {
    std::string_view text;
    const char* term;
};

// Strips list markers and goal lead-ins; reports the term a lead-in names.
std::string_view strip_goal_prefix(std::string_view text, std::optional<std::string>& term, bool& had_prefix) {
    static constexpr auto prefixes = std::to_array<GoalPrefix>({
        {"short term goal", "short"}, {"short-term goal", "short"}, {"long term goal", "long"},
        {"long-term goal", "long"}, {"stg", "short"}, {"ltg", "long"}, {"goal", nullptr},
        {"short term", "short"}, {"short-term", "short"}, {"long term", "long"}, {"long-term", "long"},
        {"st goal", "short"}, {"lt goal", "long"}, {"objective", nullptr},
    });
    text = trim(text);
    // List markers: "1.", "2)", "-", "*", "#1", "a."
    std::size_t i = 0;
    while (i < text.size() && (text[i] == '-' || text[i] == '*' || text[i] == '#' || text[i] == ' ')) ++i;
    std::size_t j = i;
    while (j < text.size() && ascii_digit(text[j])) ++j;
    if (j > i && j < text.size() && (text[j] == '.' || text[j] == ')')) i = j + 1;
    text = trim(text.substr(i));
    char lower_bytes[20];  // the first 20 bytes in lower case, without a string on the heap
    const std::string_view head = text.substr(0, 20);
    for (std::size_t k = 0; k < head.size(); ++k) lower_bytes[k] = ascii_lower(head[k]);
    const std::string_view lower(lower_bytes, head.size());
    // Every prefix starts with `s`, `l`, `g` or `o`.
    if (lower.empty() || (lower[0] != 's' && lower[0] != 'l' && lower[0] != 'g' && lower[0] != 'o')) return text;
    for (const GoalPrefix& p : prefixes) {
        if (!starts_with(lower, p.text)) continue;
        std::size_t k = p.text.size();
        if (k < lower.size() && ascii_alpha(lower[k]) && lower[k] != 's') continue;
        while (k < text.size() && (ascii_alnum(text[k]) || text[k] == 's')) {
            if (!ascii_digit(text[k]) && text[k] != 's' && text[k] != 'S') break;
            ++k;
        }
        if (p.term != nullptr) term = p.term;
        had_prefix = true;
        return trim(text.substr(k));
    }
    return text;
}

bool is_goal_subheading(std::string_view text) {
    text = trim(text);
    if (text.empty()) return true;
    if (text.back() == ':' && text.size() < 70) return true;
    return false;
}

static constexpr auto outcome_names = std::to_array<std::string_view>({
    "odi", "oswestry", "ndi", "neck disability", "lefs", "quickdash", "quick dash", "dash", "prwe", "koos",
    "hoos", "foto", "psfs", "berg", "tug", "timed up and go", "6mwt", "six minute walk", "6 minute walk",
    "6-minute walk", "10mwt", "spadi", "womac", "fabq", "tinetti", "dgi", "abc scale", "sit to stand",
    "peg test", "hole peg", "uefi", "hoos jr", "koos jr", "nprs"});

static constexpr auto criterion_words = std::to_array<std::string_view>({
    "independen", "without assist", "without an assist", "without device", "without a device",
    "modified independent", "full duty", "no restrictions", "unrestricted", "without use of",
    "without the use of", "without using", "without the need", "without need", "return to work",
    // Charting shorthand for the same criteria: `be I with HEP`, `mod I`, `without AD`, `WNL`.
    " i with ", "mod i", "modified i", "without ad ", "without ad.", "w/o ad", "w/o assist", "w/o device", " indep ",
    " indep.", "indep w/",
    "without pain", "w/o pain", "pain free", "pain-free", "wnl", "within normal limits", "full rom", "full arom",
    "full range",
    // A test that will be negative (`Negative R Dix-Hallpike`) is a defined criterion.
    " negative ", "symptom-free", "symptom free", "no nystagmus", "no vertigo"});

// A number followed by a countable function (12 stairs, 2 blocks, 3 flights) is a target too.
std::optional<Amount> counted_target(const std::string& lower, const std::vector<g::Quantity>& bare) {
    static constexpr auto nouns = std::to_array<std::string_view>({"stair", "step", "block", "flight", "lap", "hour",
                                                              "time", "curb", "mile"});
    for (const g::Quantity& q : bare) {
        std::size_t k = q.span.end;
        while (k < lower.size() && lower[k] == ' ') ++k;
        for (std::string_view noun : nouns) {
            if (lower.compare(k, noun.size(), noun) == 0) return Amount{q.value, ""};
        }
        if (q.span.end < lower.size() && lower[q.span.end] == '\'') return Amount{q.value, "ft"};  // `amb 150'`
    }
    return std::nullopt;
}

// `(3 weeks): Pt will ...`, `1: Pt will ...`, `#2 - Pt will ...`: the goal's own words, without
// what is left of its lead-in (the timeframe is read from the whole text).
std::string_view goal_statement(std::string_view text) {
    for (;;) {
        text = trim(text);
        if (text.empty()) return text;
        const char first = text.front();
        if (first == ':' || first == '-' || first == '#' || first == '.') {
            text.remove_prefix(1);
            continue;
        }
        if (first == '(') {
            const std::size_t close = text.find(')');
            if (close != std::string_view::npos && close < 40) {
                const std::string_view rest = trim(text.substr(close + 1));
                if (!rest.empty() && (rest.front() == ':' || rest.front() == '-')) {
                    text = rest;
                    continue;
                }
            }
        }
        std::size_t digits = 0;
        while (digits < text.size() && ascii_digit(text[digits])) ++digits;
        if (digits > 0 && digits <= 2 && digits + 1 < text.size() &&
            (text[digits] == ':' || text[digits] == ')' || (text[digits] == '.' && text[digits + 1] == ' '))) {
            text.remove_prefix(digits + 1);
            continue;
        }
        return text;
    }
}

std::vector<std::string> words_of(std::string_view text);

Goal make_goal(const Line& line, std::string_view text, std::optional<std::string> term,
               const std::optional<Timeframe>& context_timeframe) {
    Goal goal;
    goal.text = std::string(goal_statement(text));
    goal.pos = Position{line.number, line.column};
    goal.term = std::move(term);
    goal.timeframe = timeframe_in(text);
    // `... and no loss of balance - 6 wks.`, `(6 weeks)`: a timeframe after a dash or in
    // parentheses at the end of the goal.
    if (!goal.timeframe) {
        std::string_view tail = trim(text);
        while (!tail.empty() && (tail.back() == '.' || tail.back() == ')' || tail.back() == ' ')) tail.remove_suffix(1);
        const std::size_t cut = tail.find_last_of("-(");
        const std::string end = ascii_lower(cut == std::string_view::npos ? std::string_view() : tail.substr(cut));
        const bool rate = end.find(" a ") != std::string::npos || end.find("per") != std::string::npos || end.find('/') != std::string::npos;
        if (cut != std::string_view::npos && tail.size() - cut <= 16 && !rate)
            if (auto tf = timeframe_in("in " + std::string(trim(tail.substr(cut + 1)))); tf && tf->value) goal.timeframe = tf;
    }
    if (!goal.timeframe) goal.timeframe = context_timeframe;
    // The timeframe's own numbers are no target: blank it before looking for one.
    std::string scan = digits_for_number_words(text);
    for (std::size_t i = 1; i < scan.size(); ++i) {
        if (scan[i] == '+' && ascii_digit(scan[i - 1])) scan[i] = ' ';  // `6+ hrs`
        // `a full 7-hr clinic day`, `a 6-inch line`: the number and its unit joined by a hyphen.
        if (scan[i] == '-' && ascii_digit(scan[i - 1]) && i + 1 < scan.size() &&
            ascii_alpha(scan[i + 1]))
            scan[i] = ' ';
    }
    if (auto found = g::find_timeframe(scan)) blank(scan, found->span);
    for (const auto& date : g::find_dates(scan)) blank(scan, date.span);
    const auto quantities = g::find_quantities(scan);
    std::vector<g::Quantity> bare;
    for (const g::Quantity& q : quantities) {
        if (q.unit == g::Unit::none) {
            bare.push_back(q);
        } else if (!goal.target) {
            goal.target = Amount{q.value_high && q.unit != g::Unit::per10 ? *q.value_high : q.value,
                                 std::string(g::unit_name(q.unit))};
        }
    }
    const std::string lower = ascii_lower(scan);
    if (!goal.target) goal.target = counted_target(lower, bare);
    // `perform 25 single-leg heel raises`: a count of something done is a target.
    for (const g::Quantity& q : bare) {
        if (goal.target || q.value < 2 || q.value != std::floor(q.value)) break;
        const auto after = words_of(std::string_view(lower).substr(q.span.end, std::min<std::size_t>(lower.size() - q.span.end, 40)));
        for (std::size_t w = 0; w < after.size() && w < 3; ++w)
            if (after[w].size() > 3 && after[w].back() == 's' && after[w] != "weeks" && after[w] != "days" && after[w] != "months" &&
                after[w] != "visits" && after[w] != "sessions")
                goal.target = Amount{q.value, ""};
    }
    // `QuickDASH below 20`, `ODI < 20%`: an outcome score is a target in the score's points.
    if (!goal.target && !bare.empty() && has_word_start(lower, outcome_names)) goal.target = Amount{bare.front().value, "points"};
    // `no more than 1 headache per week`, `in 4 of 5 trials`, `at least 3 times`: a counted criterion.
    static constexpr auto counted_criteria = std::to_array<std::string_view>({
        "no more than ", "no greater than ", "fewer than ", "less than ", "at least ", " or less", " or more",
        " or better", " trials", " opportunities", " attempts", "% of ", "<=", ">=", "< ", "> ", "\u2264", "\u2265",
        "at most ", "maximum of ", "minimum of "});
    const bool counted = std::any_of(lower.begin(), lower.end(), [](char c) { return ascii_digit(c) != 0; }) &&
                         contains_any(lower, counted_criteria);
    goal.measurable = goal.target.has_value() || counted || contains_any(" " + lower + " ", criterion_words);
    goal.functional = mentions_function(lower);
    return goal;
}

// "Met", "partially met - ...", "progressing toward ...": the words of a goal-status report.
bool reports_goal_status(std::string_view text) {
    static constexpr auto status = std::to_array<std::string_view>(
        {"met", "partially met", "not met", "not yet met", "progressing", "achieved", "partially achieved",
         "not achieved", "ongoing", "in progress", "were met", "was met",
         "has been met", "have been met", "is met", "are met", "is progressing", "are progressing"});
    std::string lower = ascii_lower(trim(text));
    while (!lower.empty() && (lower.front() == ':' || lower.front() == '-' || lower.front() == ' ')) lower.erase(0, 1);
    return std::any_of(status.begin(), status.end(), [&](std::string_view s) {
        return starts_with(lower, s) && (lower.size() == s.size() || !ascii_alpha(lower[s.size()]));
    });
}

// `Goal status: New`, `STG 1: ... - MET 03/17/2026`, `LTG 2: amb 300 ft - PARTIALLY MET`,
// `Goal 3: 4/10 opportunities`: reports on a goal, not a goal.
bool goal_status_line(std::string_view text) {
    const std::string lower = ascii_lower(trim(text));
    if (contains(lower, " will ")) return false;  // `Pt will amb 500 ft by 8/4 - MET`: a goal with its status
    if (starts_with(lower, "goal status") || starts_with(lower, "status:") || starts_with(lower, "status -")) return true;
    static constexpr auto endings = std::to_array<std::string_view>(
        {" - met", " - partially met", " - not met", " - progressing", " - ongoing", " - achieved", " - not achieved",
         " - discontinued", " - continue", " - revised", " -- met", ": met", ": partially met", ": not met",
         ": progressing", ": ongoing"});
    // `STG 1 (chair stand 8 reps) met; STG 2 met.`, `LTG ambulation 1000 ft in progress.`
    for (std::string_view word : {" met;", " met.", " met,", " met:", " met (", ") met", " in progress", " not met", " achieved"})
        if (lower.find(word) != std::string::npos) return true;
    if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, " met") == 0) return true;
    for (std::string_view e : endings) {
        const auto at = lower.rfind(e);
        if (at == std::string::npos) continue;
        const std::size_t end = at + e.size();
        if (end == lower.size() || !ascii_alpha(lower[end])) return true;
    }
    return false;
}

// What ends a block of goals on the page: a signature, a billed code, a page footer.
bool ends_goal_block(const Line& line) {
    const std::string& lower = line.lower();
    if (starts_with(lower, "electronically signed") || starts_with(lower, "signed") || starts_with(lower, "/s/") ||
        starts_with(lower, "therapist signature") || starts_with(lower, "signature"))
        return true;
    if (may_hold_code(line.text)) {
        const auto codes = g::find_cpt(line.text);
        if (!codes.empty() && starts_with_code(line.text, codes.front().span.begin)) return true;
    }
    return false;
}


bool list_marker(std::string_view text) {
    text = trim(text);
    if (text.empty()) return false;
    if (starts_with(text, "->")) return false;  // an arrow carries the line above on
    if (text.front() == '-' || text.front() == '*' || text.front() == '#' || starts_with(text, "\u2022")) return true;
    std::size_t i = 0;
    while (i < text.size() && i < 3 && ascii_digit(text[i])) ++i;
    if (i > 0 && i < text.size() && (text[i] == '.' || text[i] == ')')) return true;
    return text.size() > 2 && ascii_alpha(text[0]) && (text[1] == ')' || (text[1] == '.' && text[2] == ' ')) &&
           ascii_is_lower(text[0]);
}

// A goal table (`# | Goal | Baseline | Target | Target date | Status`): one goal per row, its
// term from a `STG1` cell or a Term column, its timeframe from its own column.
bool flowsheet(const Table& table);

void read_goal_table(Note& note, const Table& table, const std::optional<Timeframe>& context_timeframe) {
    const int goal_column = table.column(ColumnRole::goal);
    if (goal_column < 0 || flowsheet(table)) return;
    const int term_column = table.column(ColumnRole::term), when = table.column(ColumnRole::timeframe),
              target = table.column(ColumnRole::target), baseline = table.column(ColumnRole::baseline),
              current = table.column(ColumnRole::current);
    // `Goal (by 07/14/2026)`: a timeframe in the goal column's header holds for every row.
    std::optional<Timeframe> header_timeframe = timeframe_in(table.headers[static_cast<std::size_t>(goal_column)]);
    for (const TableRow& row : table.rows) {
        // `| Goal | Description | Timeframe |` with `STG1` under Goal: the words are the description's.
        const int words_column = trim(row.cells[static_cast<std::size_t>(goal_column)]).size() < 8 &&
                                         table.column(ColumnRole::description) >= 0
                                     ? table.column(ColumnRole::description)
                                     : goal_column;
        const std::string& text = row.cells[static_cast<std::size_t>(words_column)];
        if (trim(text).size() < 8 || row.total) continue;
        std::optional<std::string> term;
        for (std::size_t k = 0; k < row.cells.size(); ++k) {
            if (static_cast<int>(k) != term_column && !(table.roles[k] == ColumnRole::none && k == 0) &&
                !(words_column != goal_column && static_cast<int>(k) == goal_column))
                continue;
            const std::string lower = ascii_lower(row.cells[k]);
            if (starts_with(lower, "stg") || starts_with(lower, "short")) term = "short";
            if (starts_with(lower, "ltg") || starts_with(lower, "long")) term = "long";
        }
        std::string stated = text;
        std::optional<Timeframe> target_timeframe;  // a Target column holding `4 wks`
        if (target >= 0 && !row.cells[static_cast<std::size_t>(target)].empty()) {
            const std::string& cell = row.cells[static_cast<std::size_t>(target)];
            target_timeframe = timeframe_in("in " + cell);
            if (const auto date = g::parse_date(trim(cell))) target_timeframe = Timeframe{std::nullopt, "", civil(*date)};
            if (!target_timeframe) stated += " (target: " + cell + ")";
        }
        const Line& line = note.lines[static_cast<std::size_t>(row.first)];
        std::optional<Timeframe> timeframe = target_timeframe ? target_timeframe : header_timeframe ? header_timeframe : context_timeframe;
        // A target date printed against the goal's words (`... independently 05/04/2026`).
        if (!target_timeframe && (when < 0 || trim(row.cells[static_cast<std::size_t>(when)]).empty())) {
            const auto dates = g::find_dates(text);
            if (!dates.empty() && !timeframe_in(text)) timeframe = Timeframe{std::nullopt, "", civil(dates.back())};
        }
        if (when >= 0) {
            const std::string& cell = row.cells[static_cast<std::size_t>(when)];
            if (const auto date = g::parse_date(trim(cell))) timeframe = Timeframe{std::nullopt, "", civil(*date)};
            else if (auto tf = timeframe_in("in " + cell)) timeframe = tf;
        }
        Goal goal = make_goal(line, stated, term, timeframe);
        goal.text = text;
        // A row that records a measured baseline and today's value (`8 sec | 18 sec`) is measured.
        const auto has_digit = [&](int k) {
            return k >= 0 && std::any_of(row.cells[static_cast<std::size_t>(k)].begin(), row.cells[static_cast<std::size_t>(k)].end(),
                                         [](char c) { return ascii_digit(c) != 0; });
        };
        if (has_digit(baseline) && has_digit(current)) goal.measurable = true;
        goal.pos = Position{line.number, std::max(1, row.cell_column[static_cast<std::size_t>(words_column)])};
        note.goals.push_back(std::move(goal));
    }
}

// `Short Term Goals (4 weeks)`, `Long-term (3 weeks):`, `STG (2 weeks):`, `LTG's:`: a line that
// only names the goals below it (their term, their timeframe).
bool goal_subheading(std::string_view text, bool had_prefix) {
    text = trim(text);
    if (is_goal_subheading(text) || text.size() < 8) return true;
    // `Short Term Goals (4 weeks)` once its lead-in is cut: only the parenthesised timeframe.
    if (text.front() == '(' && text.find(')') == text.size() - 1 - (text.back() == ':' ? 1 : 0) && text.size() < 48) return true;
    // `Long-Term Goals - 6 weeks (by 06/16/2026)`: a lead-in followed by nothing but a timeframe.
    // The rest must open with the timeframe: `STG: Improve lumbar ROM in 3 weeks.` is a goal.
    if (text.front() == '-' || text.front() == ':') {
        const std::string rest(trim(text.substr(1)));
        std::string_view lead = rest;
        while (!lead.empty() && (lead.front() == '-' || lead.front() == ':' || lead.front() == ' ')) lead.remove_prefix(1);
        const std::string first = ascii_lower(lead.substr(0, lead.find(' ')));
        static constexpr auto time_words = std::to_array<std::string_view>(
            {"in", "within", "by", "over", "x", "target", "targets", "due", "for", "timeframe", "time", "date"});
        const bool opens_with_time =
            !lead.empty() && (ascii_digit(lead.front()) || lead.front() == '(' ||
                              std::find(time_words.begin(), time_words.end(), first) != time_words.end());
        if (opens_with_time && timeframe_in(rest) && std::count(rest.begin(), rest.end(), ' ') <= 5 &&
            rest.find(" will ") == std::string::npos)
            return true;
    }
    if (text.size() > 60 || text.back() == '.') return false;
    const std::string lower = ascii_lower(text);
    const bool names_goals = contains(lower, "goal") || starts_with(lower, "short") || starts_with(lower, "long") ||
                             starts_with(lower, "stg") || starts_with(lower, "ltg");
    return names_goals && !had_prefix && (contains(lower, "(") || contains(lower, "goals")) && !contains(lower, " will ");
}

void extract_goals(Note& note, const std::vector<Table>& tables) {
    std::optional<std::string> context_term;
    std::optional<Timeframe> context_timeframe;
    int context_section = -2;
    std::vector<char> in_table(note.lines.size(), 0);
    for (const Table& table : tables) {
        if (table.column(ColumnRole::goal) < 0 || flowsheet(table)) continue;
        const Line& header = note.lines[static_cast<std::size_t>(table.header)];
        std::optional<Timeframe> table_timeframe;
        if (header.section >= 0) table_timeframe = timeframe_in(note.sections[static_cast<std::size_t>(header.section)].heading);
        read_goal_table(note, table, table_timeframe);
        std::fill(in_table.begin() + table.header, in_table.begin() + table.last + 1, 1);
    }
    bool block_open = false;   // inside a goals section, before what ends its goals
    bool listed = false;       // the block's goals carry list markers
    int open_goal = -1;        // index in note.goals of the goal the next line may continue
    const Line* open_line = nullptr;
    const Line* status_open = nullptr;  // a status report whose next line may be its wrapped rest
    std::string open_text;
    for (std::size_t index = 0; index < note.lines.size(); ++index) {
        const Line& line = note.lines[index];
        const bool in_goals = in_section(note, line, SectionName::goals);
        if (in_goals && line.section != context_section) {
            // A new goals heading: its term and timeframe apply to the items under it.
            const Section& section = note.sections[static_cast<std::size_t>(line.section)];
            context_section = line.section;
            context_term.reset();
            const std::string heading = ascii_lower(section.heading);
            if (contains(heading, "short") || starts_with(heading, "stg")) context_term = "short";
            if (contains(heading, "long") || starts_with(heading, "ltg")) context_term = "long";
            context_timeframe = timeframe_in(section.heading);
            block_open = true;
            listed = false;
            open_goal = -1;
        }
        if (in_table[index] || (!line.text.empty() && line.text.front() == '+' && line.text.find("--") != std::string::npos))
            continue;  // a goal table, or a grid table's border
        if (in_goals) {
            if (page_furniture(line)) continue;  // a page break inside the goals
            if (!block_open) {
                // `LTG's:` after a page break or a paragraph opens the next block of goals.
                std::optional<std::string> sub_term;
                bool sub_prefix = false;
                const std::string_view rest = strip_goal_prefix(line.text, sub_term, sub_prefix);
                if (!(sub_prefix && goal_subheading(rest, false))) continue;
                block_open = true;
            }
            if (ends_goal_block(line)) {
                block_open = false;
                continue;
            }
        }
        std::optional<std::string> term;
        bool had_prefix = false;
        const std::string_view text = strip_goal_prefix(line.text, term, had_prefix);
        // `     - 6 wks.` finishing the goal above is no new bullet.
        const bool dash_timeframe = open_goal >= 0 && starts_with(trim(line.text), "- ") && trim(line.text).size() <= 22 &&
                                    timeframe_in("in " + std::string(trim(line.text).substr(2)));
        const bool marked = (had_prefix || list_marker(line.text)) && !dash_timeframe;
        // A goal wrapped over lines: the next line, indented or finishing the sentence.
        const bool status_label = starts_with(line.lower(), "goal status") || starts_with(line.lower(), "status");
        if (open_goal >= 0 && !marked && !status_label && open_line != nullptr && line.number == open_line->number + 1 &&
            line.section == open_line->section) {
            const bool indented = line.column > open_line->column;
            const bool unfinished = !open_text.empty() && open_text.back() != '.' && open_text.back() != ')';
            if (goal_status_line(open_text + " " + line.text)) {
                // `Goal 3: use rest breaks ... -` / `PARTIALLY MET, 4/10 opportunities`: a status report.
                note.goals.erase(note.goals.begin() + open_goal);
                open_goal = -1;
                continue;
            }
            if (indented || (unfinished && ascii_is_lower(line.text.front()))) {
                open_text += " " + line.text;
                const Goal& before = note.goals[static_cast<std::size_t>(open_goal)];
                Goal joined = make_goal(*open_line, goal_statement(open_text), before.term, before.timeframe);
                if (timeframe_in(open_text)) joined.timeframe = timeframe_in(open_text);
                joined.pos = before.pos;
                note.goals[static_cast<std::size_t>(open_goal)] = std::move(joined);
                open_line = &line;
                continue;
            }
        }
        open_goal = -1;
        // The wrapped rest of a status report (`... - all MET: amb 150 ft; indep` / `w/ HEP ...`).
        if (status_open != nullptr && !marked && line.number == status_open->number + 1 &&
            status_open->text.back() != '.' && !line.text.empty() &&
            (line.column > status_open->column || ascii_is_lower(line.text.front()))) {
            status_open = &line;
            continue;
        }
        status_open = nullptr;
        if (!in_goals && !had_prefix) continue;
        if (goal_status_line(line.text)) {
            status_open = &line;
            continue;
        }
        // `GOAL PROGRESS (POC ...)`, `Goal Status`, `Goals reviewed`: a label over goals, not one.
        if (had_prefix) {
            const std::string rest = ascii_lower(trim(text));
            static constexpr auto labels = std::to_array<std::string_view>(
                {"progress", "status", "summary", "review", "update", "s reviewed", "s progress", "s status", "(s)"});
            if (std::any_of(labels.begin(), labels.end(), [&](std::string_view l) { return starts_with(rest, l); })) continue;
        }
        if (!in_goals) {
            // Outside a goals section only an explicit STG/LTG/Goal lead-in makes a goal; the
            // lead-in must be followed by a colon or the goal's own text.
            const std::string& lower = line.lower();
            if (!(starts_with(lower, "stg") || starts_with(lower, "ltg") || contains(lower.substr(0, 20), "goal")))
                continue;
            if (in_section(note, line, SectionName::subjective) || in_section(note, line, SectionName::history)) continue;
            // "Goal partially met; ..." in an assessment reports on a goal; it states none.
            if (reports_goal_status(text)) continue;
        }
        if (goal_subheading(text, had_prefix && !term)) {
            // "Short-term goals (4 weeks):" inside a goals section sets the context for what follows.
            const std::optional<std::string> before = context_term;
            if (term) context_term = term;
            if (!term) {
                const std::string lower = ascii_lower(text);
                if (contains(lower, "short")) context_term = "short";
                if (contains(lower, "long")) context_term = "long";
            }
            // "Long Term Goals:" after "Short Term Goals (2 wks):" does not inherit the 2 weeks.
            if (auto tf = timeframe_in(text)) context_timeframe = tf;
            else if (context_term != before) context_timeframe.reset();
            if (in_goals) block_open = true, listed = false;
            continue;
        }
        // Prose after a list of goals is no goal: `Pt and family agree with the goals above.`
        if (in_goals && listed && !marked) {
            block_open = false;
            continue;
        }
        if (in_goals && marked) listed = true;
        std::string_view body = text;
        if (!body.empty() && body.front() == ':') body = trim(body.substr(1));
        note.goals.push_back(make_goal(line, body, term ? term : context_term, context_timeframe));
        open_goal = static_cast<int>(note.goals.size()) - 1;
        open_line = &line;
        open_text = std::string(body);
    }
}

// ---------------------------------------------------------------------------------------------
// Measurements

// Measurements are read in the exam and the patient's report, and (with their units) wherever
// the note restates one: an assessment's `rotation 40° after treatment`, a history's `pain 7/10`.
bool measurement_section(const Note& note, const Line& line) {
    if (line.section < 0) return note.sections.empty();
    const SectionName name = section_of(note, line);
    return name == SectionName::objective || name == SectionName::subjective || name == SectionName::assessment ||
           name == SectionName::history || name == SectionName::treatment || name == SectionName::other;
}

bool filler_word(std::string_view w) {
    static constexpr auto fillers = std::to_array<std::string_view>({
        "is", "was", "of", "at", "to", "=", "-", ":", "and", "with", "the", "pt", "patient", "reports",
        "reported", "rates", "rated", "has", "are", "were", "measured", "measures", "from", "down", "up",
        "than", "for", "by"});
    return std::find(fillers.begin(), fillers.end(), w) != fillers.end();
}

// A word's bytes in lower case, as words_of writes them.
std::string ascii_lower_words(std::string_view word) {
    std::string out(word);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// Splits into lower-case words, dropping punctuation around them.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        const bool part = ascii_alnum(c) || c == '/' || c == '\'' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
        if (part) {
            word.push_back(ascii_lower(c));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

bool word_part(char c) { return ascii_alnum(c) || c == '/' || c == '\'' || c == '-' || static_cast<unsigned char>(c) >= 0x80; }

// words_of(text).back() without splitting the rest ("" when there is no word).
std::string last_word_of(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0 && !word_part(text[end - 1])) --end;
    std::size_t begin = end;
    while (begin > 0 && word_part(text[begin - 1])) --begin;
    return ascii_lower_words(text.substr(begin, end - begin));
}

// words_of(text).front() ("" when there is no word).
std::string first_word_of(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size() && !word_part(text[begin])) ++begin;
    std::size_t end = begin;
    while (end < text.size() && word_part(text[end])) ++end;
    return ascii_lower_words(text.substr(begin, end - begin));
}

std::string join_words(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t k = from; k < to; ++k) {
        if (!out.empty()) out.push_back(' ');
        out += words[k];
    }
    return out;
}

// The words that name a measurement: back from the quantity to a delimiter, else after it.
// The words that name a measurement before it, back to a delimiter: "R shoulder flexion" in
// "R shoulder flexion 120°"; empty when none stand there.
std::string name_before(std::string_view text, std::size_t from, std::size_t begin) {
    std::size_t start = begin;
    while (start > from) {
        const char c = text[start - 1];
        // A period ends the name unless it is a decimal point (digits on both sides): `4+/5. LEFS`.
        const bool decimal = c == '.' && start >= 2 && ascii_digit(text[start - 2]) &&
                             start < text.size() && ascii_digit(text[start]);
        // `IR (PROM) 40°`: a short parenthesis is part of the name.
        if (c == ')') {
            const std::size_t open = text.rfind('(', start - 1);
            if (open != std::string_view::npos && open >= from && start - open <= 14) {
                start = open;
                continue;
            }
        }
        if (c == ',' || c == ';' || c == '(' || c == ')' || (c == '.' && !decimal)) break;
        --start;
    }
    // words_of, filler_word and join_words over spans of the text: only the name is copied.
    std::vector<std::string_view> words;
    const std::string_view part = text.substr(start, begin - start);
    for (std::size_t i = 0; i < part.size();) {
        while (i < part.size() && !word_part(part[i])) ++i;
        std::size_t j = i;
        while (j < part.size() && word_part(part[j])) ++j;
        if (j > i) words.push_back(part.substr(i, j - i));
        i = j;
    }
    const auto filler = [](std::string_view word) {
        if (word.size() > 8) return false;  // `measured`, `reported`: no filler is longer
        char lower[8];
        for (std::size_t k = 0; k < word.size(); ++k) lower[k] = ascii_lower(word[k]);
        return filler_word(std::string_view(lower, word.size()));
    };
    while (!words.empty() && filler(words.back())) words.pop_back();
    std::size_t first = words.size() > 6 ? words.size() - 6 : 0;
    while (first < words.size() && filler(words[first])) ++first;
    std::string name;
    for (std::size_t k = first; k < words.size(); ++k) {
        if (!name.empty()) name.push_back(' ');
        for (char c : words[k]) name.push_back(ascii_lower(c));
    }
    return name;
}

std::string measurement_name(std::string_view text, std::size_t from, std::size_t begin, std::size_t end) {
    std::string name = name_before(text, from, begin);
    if (!name.empty()) return name;
    // "120° of R shoulder flexion", "6/10 pain"
    std::size_t stop = end;
    while (stop < text.size() && text[stop] != ',' && text[stop] != ';' && text[stop] != '.' && text[stop] != '(') ++stop;
    auto after = words_of(text.substr(end, stop - end));
    std::size_t k = 0;
    while (k < after.size() && filler_word(after[k])) ++k;
    return join_words(after, k, std::min(after.size(), k + 4));
}

// The label before the first colon of a line: "AROM R shoulder: flexion 120°, abduction 95°".
std::string line_label(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon > 40) return {};
    const auto words = words_of(text.substr(0, colon));
    return join_words(words, 0, words.size());
}


static constexpr auto rom_words = std::to_array<std::string_view>({
    "flexion", "extension", "abduction", "adduction", "rotation", "rom", "arom", "prom", "dorsiflexion",
    "plantarflexion", "inversion", "eversion", "side bend", "sidebend", "lateral flexion", "range of motion"});

bool measure_word(std::string_view name) {
    static constexpr auto others = std::to_array<std::string_view>({"strength", "mmt", "pain", "grip", "nprs", "vas",
                                                                "girth", "circumference"});
    return has_word_start(name, rom_words) || has_word_start(name, others) || has_word_start(name, outcome_names);
}

// `5 of 5`, `38 out of 60`: a score over its scale, as `5/5` and `38/60` (same length, padded),
// unless what follows counts something else (`4 of 5 trials`, `6 of 7 days`).
void ratios_as_scales(std::string& scan) {
    static constexpr auto counted = std::to_array<std::string_view>({"trial", "opportunit", "attempt", "rep", "day", "step",
        "time", "visit", "session", "button", "week", "night", "hour", "set", "of the", "cue"});
    for (std::string_view word : {" out of ", " of "}) {
        for (std::size_t at = sfind(scan, word); at != std::string::npos; at = sfind(scan, word, at + 1)) {
            if (at == 0 || !ascii_digit(scan[at - 1])) continue;
            std::size_t end = at + word.size();
            if (end >= scan.size() || !ascii_digit(scan[end])) continue;
            std::size_t number_end = end;
            while (number_end < scan.size() && ascii_digit(scan[number_end])) ++number_end;
            std::size_t next = number_end;
            while (next < scan.size() && scan[next] == ' ') ++next;
            const std::string after = ascii_lower(std::string_view(scan).substr(next, 12));
            if (std::any_of(counted.begin(), counted.end(), [&](std::string_view c) { return starts_with(after, c); })) continue;
            const std::string denominator = scan.substr(end, number_end - end);
            std::string rewritten = "/" + denominator;
            rewritten.resize(number_end - at, ' ');
            scan.replace(at, number_end - at, rewritten);
        }
    }
}

// `Painful arc 70°-120°` is an arc from 70 to 120, not 70° and -120°: `70-120°` (same length).
void degree_arcs(std::string& scan) {
    static const std::string degree = "\u00b0";
    for (std::size_t at = scan.find(degree + "-"); at != std::string::npos; at = scan.find(degree + "-", at + 1)) {
        std::size_t end = at + degree.size() + 1;
        if (end >= scan.size() || !ascii_digit(scan[end])) continue;
        while (end < scan.size() && (ascii_digit(scan[end]) || scan[end] == '.')) ++end;
        std::string rewritten = "-" + scan.substr(at + degree.size() + 1, end - at - degree.size() - 1);
        if (scan.compare(end, degree.size(), degree) == 0) end += degree.size();
        rewritten += degree;
        rewritten.resize(end - at, ' ');
        scan.replace(at, end - at, rewritten);
    }
}

// The words between two values that leave the first one's measure in force: `, ` / ` at best, `
// / ` (` / ` down from `; not a new side or a new name (`, L knee ext `).
bool is_motion(const std::string& word);

bool continues_measure(std::string_view gap) {
    // `5/10 this week, down from 6/10`, `30% (38% on 04/02)`: an earlier value of the same measure.
    const std::string lower = ascii_lower(trim(gap));
    if (lower.ends_with("from") || lower.ends_with("(") || lower.ends_with("vs") || lower.ends_with("vs.")) return true;
    int words = 0;
    std::size_t i = 0;
    while (i < gap.size()) {
        while (i < gap.size() && !ascii_alpha(gap[i])) ++i;
        std::size_t j = i;
        while (j < gap.size() && ascii_alpha(gap[j])) ++j;
        if (j == i) break;
        const std::string word = ascii_lower(gap.substr(i, j - i));
        if (ascii_is_upper(gap[i]) || word == "r" || word == "l" || word == "rt" || word == "lt" ||
            word == "right" || word == "left" || word == "bilateral" || measure_word(word) || is_motion(word))
            return false;
        ++words;
        i = j;
    }
    return words <= 4;
}

// Replaces [at, at + length) by `with`, padded with blanks to the same length.
void rewrite(std::string& scan, std::size_t at, std::size_t length, std::string with) {
    with.resize(length, ' ');
    scan.replace(at, length, with);
}

// How charts write angles and distances, rewritten in place (same length) to the forms the
// quantity grammar reads: `50/80 deg` is 50° of 80 possible; `lacks 15°` is -15°; `IR @ 90° abd`
// names the position, not a value; `1,120 ft` is 1120 ft; `10 Meter Walk Test` is a test's name.
void chart_forms(std::string& scan) {
    const std::string lower = ascii_lower(scan);
    const auto digit = [&](std::size_t i) { return i < scan.size() && ascii_digit(scan[i]) != 0; };
    for (std::size_t i = 0; i < scan.size(); ++i) {
        // `50/80 deg`, `50/80°`: drop the possible range.
        if (scan[i] == '/' && i > 0 && digit(i - 1) && digit(i + 1)) {
            std::size_t e = i + 1;
            while (digit(e)) ++e;
            std::size_t u = e;
            while (u < scan.size() && scan[u] == ' ') ++u;
            if (lower.compare(u, 3, "deg") == 0 || lower.compare(u, 2, "\u00b0") == 0) rewrite(scan, i, e - i, "");
        }
        // `1,120 ft`: a thousands separator.
        if (scan[i] == ',' && i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) &&
            (i < 4 || !digit(i - 4))) {
            std::string moved = scan.substr(i + 1, 3) + " ";
            scan.replace(i, 4, moved);
        }
    }
    // `fingertips 8 in from floor`: inches, not the word `in`.
    for (std::size_t at = sfind(lower, " in from "); at != std::string::npos; at = sfind(lower, " in from ", at + 1))
        if (at > 0 && digit(at - 1)) scan[at + 3] = '.';
    const bool lacks = contains(lower, "lack") || contains(lower, "short of full");  // what every lead below holds
    for (std::string_view lead : {"lacks ", "lacking ", "lacks full extension by ", "short of full extension by "}) {
        if (!lacks) break;
        for (std::size_t at = lower.find(lead); at != std::string::npos; at = lower.find(lead, at + 1)) {
            std::size_t e = at + lead.size();
            while (digit(e) || (e < lower.size() && lower[e] == '.')) ++e;
            // `lacks 15°` is an angle short of neutral; `lacks 1.5 cm to the palm` is a distance.
            const bool angle = lower.compare(e, 2, "\u00b0") == 0 || lower.compare(e, 4, " deg") == 0 || lower.compare(e, 3, "deg") == 0;
            if (digit(at + lead.size()) && angle) rewrite(scan, at, lead.size(), std::string(lead.size() - 1, ' ') + "-");
        }
    }
    // `@ 90°`, `at 90° abd`, `in 90 deg of abduction`: where the joint was held.
    for (std::size_t at = lower.find('@'); at != std::string::npos; at = lower.find('@', at + 1)) {
        std::size_t e = at + 1;
        while (e < scan.size() && scan[e] == ' ') ++e;
        if (!digit(e)) continue;
        while (digit(e)) ++e;
        if (lower.compare(e, 2, "\u00b0") == 0) e += 2;
        rewrite(scan, at, e - at, "");
    }
    for (std::string_view lead : {" at ", " in "}) {
        for (std::size_t at = sfind(lower, lead); at != std::string::npos; at = sfind(lower, lead, at + 1)) {
            std::size_t e = at + lead.size();
            if (!digit(e)) continue;
            while (digit(e)) ++e;
            std::size_t unit_end = e;
            if (lower.compare(e, 2, "\u00b0") == 0) unit_end = e + 2;
            else if (lower.compare(e, 4, " deg") == 0) unit_end = e + 4;
            else continue;
            std::size_t w = unit_end;
            while (w < lower.size() && (lower[w] == ' ' || lower[w] == 's' || lower[w] == 'r' || lower[w] == 'e')) ++w;  // "degrees"
            if (lower.compare(w, 3, "abd") == 0 || lower.compare(w, 4, "flex") == 0 || lower.compare(w, 6, "of abd") == 0 ||
                lower.compare(w, 7, "of flex") == 0 || lower.compare(unit_end, 4, " abd") == 0)
                rewrite(scan, at + 1, unit_end - at - 1, "");
        }
    }
    // Every test name below ends in `walk`, `peg`, `sit` or `chair`.
    const bool test_name = contains(lower, "walk") || contains(lower, "peg") || contains(lower, "sit") || contains(lower, "chair");
    for (std::string_view name : {"10 meter walk", "10-meter walk", "10 m walk", "10-m walk", "10 metre walk", "9-hole peg", "9 hole peg", "5x sit", "5 x sit", "30 second chair", "30-second chair", "30 sec chair"}) {
        if (!test_name) break;
        for (std::size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1)) {
            std::size_t d = at;
            while (d < at + name.size() && digit(d)) scan[d++] = 'n';  // `n meter walk`: still the test's name
        }
    }
}

void blank_non_measures(std::string& scan) {
    chart_forms(scan);
    ratios_as_scales(scan);
    degree_arcs(scan);
    if (may_hold_date(scan))
        for (const auto& d : g::find_dates(scan)) blank(scan, d.span);
    if (may_hold_time(scan) && may_hold_clock(scan))
        for (const auto& t : g::find_times(scan)) blank(scan, t.span);
    if (may_hold_cpt(scan))
        for (const auto& c : g::find_cpt(scan)) blank(scan, c.span);
    if (may_hold_icd(scan))
        for (const auto& c : g::find_icd10(scan)) blank(scan, c.span);
}

// `0 to 126 degrees`: a bare number joined by `to` to a number with its unit starts a range
// (the quantity grammar reads only `0-126°`); one quantity from the first to the second.
std::vector<g::Quantity> join_to_ranges(std::string_view scan, const std::vector<g::Quantity>& found) {
    std::vector<g::Quantity> out;
    for (std::size_t k = 0; k < found.size(); ++k) {
        const g::Quantity& q = found[k];
        if (k + 1 < found.size() && q.unit == g::Unit::none && !q.value_high && found[k + 1].unit != g::Unit::none &&
            found[k + 1].unit != g::Unit::per5 && !found[k + 1].value_high &&
            ascii_lower(trim(scan.substr(q.span.end, found[k + 1].span.begin - q.span.end))) == "to") {
            g::Quantity range = found[k + 1];
            range.value = q.value;
            range.value_high = found[k + 1].value;
            range.span.begin = q.span.begin;
            out.push_back(range);
            ++k;
            continue;
        }
        out.push_back(q);
    }
    return out;
}

// A bare number that counts or dates something rather than measuring: `hip flexion 3 sets`,
// `knee pain for 1 month`, `pain #30` (a prescription count), `back pain in 1990`.
bool counted_or_dated(std::string_view scan, const g::Quantity& q) {
    static constexpr std::array<std::string_view, 26> nouns = {
        "set", "sets", "rep", "reps", "repetition", "repetitions", "x", "time", "times", "visit", "visits",
        "session", "sessions", "week", "weeks", "day", "days", "year", "years", "month", "months", "hour", "hours",
        "minute", "minutes", "mg"};
    const std::string after = first_word_of(scan.substr(q.span.end, std::min<std::size_t>(scan.size() - q.span.end, 16)));
    if (!after.empty() && std::find(nouns.begin(), nouns.end(), after) != nouns.end()) return true;
    std::size_t before = q.span.begin;
    while (before > 0 && scan[before - 1] == ' ') --before;
    if (before > 0 && scan[before - 1] == '#') return true;
    return q.value >= 1900 && q.value <= 2100 && q.value == std::floor(q.value);
}

// Whether the words right before a bare number name a measure (`flexion 120`, `pain 6`,
// `flexion R 120`), not a sentence that merely holds one (`diagnosed with pain in 1991`).
bool measure_named_last(const std::string& name) {
    static constexpr std::array<std::string_view, 8> sides = {"r", "l", "right", "left", "rt", "lt", "bilat",
                                                              "bilaterally"};
    static constexpr std::array<std::string_view, 8> trailing = {"jr", "score", "interval", "total", "raw", "prom", "arom", "aarom"};
    auto words = words_of(name);
    while (!words.empty() && std::find(sides.begin(), sides.end(), words.back()) != sides.end()) words.pop_back();
    // `HOOS JR interval score 62.5`, `flexion (PROM) 40`: the measure's name ends a few words back.
    while (words.size() > 1 && std::find(trailing.begin(), trailing.end(), words.back()) != trailing.end() &&
           !measure_word(words.back()))
        words.pop_back();
    return !words.empty() && (measure_word(words.back()) || words.back() == "motion");
}

// A rating past its scale: `pain 12/10`, `hip abduction 6/5`, `LEFS 85/80`. The quantity grammar
// rejects these as no scale at all, but implausible-measurement (O003) must see them; the words of
// the line tell such a rating from a date or a fraction.
struct OverScale {
    g::Span span;
    double value = 0;
    int scale = 0;
    std::string grade;  // as written for /5: "6", "6+"
};

// `seen on 12/10`, `since 11/10`: a month and day, not a rating.
bool after_date_word(std::string_view scan, std::size_t begin) {
    static constexpr std::array<std::string_view, 12> words = {"on", "since", "from", "until", "till", "by",
                                                               "dated", "date", "before", "after", "of", "dos"};
    const std::string before = last_word_of(scan.substr(0, begin));
    return !before.empty() && std::find(words.begin(), words.end(), before) != words.end();
}

// `8/10 trials`, `4/10 opportunities` count successes; `since 08/10`, `on 6/3` are dates: no rating.
bool counts_or_dates_a_scale(std::string_view scan, const g::Quantity& q) {
    if (q.unit != g::Unit::per10 && q.unit != g::Unit::per5) return false;
    static constexpr std::array<std::string_view, 14> counted = {"trial", "opportunit", "attempt", "step", "rep", "time",
                                                                 "cue", "prompt", "correct", "accura", "item", "word", "target", "set"};
    const std::string after = ascii_lower(trim(scan.substr(q.span.end, std::min<std::size_t>(scan.size() - q.span.end, 16))));
    if (std::any_of(counted.begin(), counted.end(), [&](std::string_view c) { return starts_with(after, c); })) return true;
    // `down from 6/10` is a rating: only words that stand before a date, never before a rating.
    static constexpr std::array<std::string_view, 8> date_words = {"since", "on", "dated", "until", "till", "before", "after", "dos"};
    const std::string before = last_word_of(scan.substr(0, q.span.begin));
    return !before.empty() && std::find(date_words.begin(), date_words.end(), before) != date_words.end();
}

std::vector<OverScale> over_scale_ratings(std::string_view scan) {
    static constexpr std::array<int, 10> scales = {5, 10, 20, 24, 28, 30, 50, 56, 80, 100};
    const auto digit = [&](std::size_t i) { return ascii_digit(scan[i]) != 0; };
    std::vector<OverScale> out;
    for (std::size_t slash = scan.find('/'); slash != std::string_view::npos; slash = scan.find('/', slash + 1)) {
        std::size_t j = slash + 1;
        while (j < scan.size() && scan[j] == ' ') ++j;
        const std::size_t d_begin = j;
        while (j < scan.size() && digit(j) && j - d_begin < 4) ++j;
        if (j == d_begin || j - d_begin > 3 || (j < scan.size() && (digit(j) || scan[j] == '/'))) continue;
        const int scale = std::stoi(std::string(scan.substr(d_begin, j - d_begin)));
        if (std::find(scales.begin(), scales.end(), scale) == scales.end()) continue;
        std::size_t i = slash;
        while (i > 0 && scan[i - 1] == ' ') --i;
        std::string sign;
        if (scale == 5 && i > 0 && (scan[i - 1] == '+' || scan[i - 1] == '-')) sign = scan[--i];
        const std::size_t n_end = i;
        while (i > 0 && (digit(i - 1) || (scan[i - 1] == '.' && i > 1 && digit(i - 2)))) --i;
        if (i == n_end || (i > 0 && (scan[i - 1] == '/' || scan[i - 1] == '.' || ascii_alnum(scan[i - 1]))))
            continue;
        // strtod, not stod: 400 digits must not throw out_of_range and end the whole run.
        const std::string number(scan.substr(i, n_end - i));
        const double value = std::strtod(number.c_str(), nullptr);
        if (!std::isfinite(value) || value <= scale || after_date_word(scan, i)) continue;
        out.push_back(OverScale{{i, j}, value, scale, std::string(scan.substr(i, n_end - i)) + sign});
    }
    return out;
}

// Measurements of the ratings past their scale, whose words name what was rated; their text is
// blanked in `scan` so it runs into no other measurement's name.
std::vector<Measurement> take_over_scale(const Note& note, const Line& line, std::string& scan) {
    std::vector<Measurement> out;
    const std::string lower = ascii_lower(scan);
    const bool pain_line = contains(lower, "pain") || contains(lower, "nprs") || contains(lower, "vas");
    for (const OverScale& r : over_scale_ratings(scan)) {
        Measurement m;
        m.name = measurement_name(scan, 0, r.span.begin, r.span.end);
        if (r.scale == 10) {
            if (!measure_word(m.name) && !pain_line) continue;
            if (!measure_word(m.name)) m.name = "pain";
            m.unit = "/10";
        } else if (r.scale == 5) {
            if (!measure_word(m.name)) continue;
            m.unit = "/5";
            m.grade = r.grade;
        } else {
            if (!has_word_start(m.name, outcome_names)) continue;
            m.unit = "points";
        }
        m.kind = measurement_kind(m.name, m.unit);
        m.value = r.value;
        m.pos = position_in(line, r.span.begin);
        m.section = to_string(section_of(note, line));
        blank(scan, r.span);
        out.push_back(std::move(m));
    }
    return out;
}

// No sentence end between `from` and `to`: "AROM: 45 deg. ODI: 44%" puts ODI in its own clause.
bool same_clause(std::string_view text, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
        if (text[i] == ';') return false;
        if (text[i] == '.' && !(i > 0 && ascii_digit(text[i - 1]) && i + 1 < text.size() &&
                                ascii_digit(text[i + 1])))
            return false;
    }
    return true;
}

bool is_side(std::string_view w) {
    return w == "r" || w == "l" || w == "rt" || w == "lt" || w == "left" || w == "right" || w == "bilateral" ||
           w == "bil" || w == "b";
}

// "hip abduction strength r" + "l" -> "hip abduction strength l".
std::string with_side(const std::string& previous, const std::string& side) {
    auto words = words_of(previous);
    if (!words.empty() && is_side(words.back())) words.pop_back();
    else if (!words.empty() && is_side(words.front())) words.erase(words.begin());
    return join_words(words, 0, words.size()) + " " + side;
}

// Motion words that name a measure only together with the joint before them in the list
// (`L knee flexion AROM 105°, ext -3°`): the ROM words and their charting abbreviations.
bool is_motion(const std::string& word) {
    static constexpr auto abbreviations = std::to_array<std::string_view>(
        {"flex", "ext", "abd", "add", "er", "ir", "df", "pf", "sb", "pronation", "supination", "sidebending"});
    const auto listed = [&](const auto& list) { return std::find(list.begin(), list.end(), word) != list.end(); };
    return listed(rom_words) || listed(abbreviations);
}

// `ext` after `l knee flexion arom` is `l knee ext`: the joint carries over.
std::string with_joint(const std::string& previous, const std::string& motion) {
    const auto motion_words = words_of(motion);
    if (motion_words.empty() || !std::all_of(motion_words.begin(), motion_words.end(), is_motion)) return motion;
    const auto words = words_of(previous);
    std::size_t joint = 0;
    while (joint < words.size() && !is_motion(words[joint])) ++joint;
    if (joint == 0 || joint == words.size()) return motion;
    return join_words(words, 0, joint) + " " + motion;
}

// A number followed by `to`, `-` or `through` and another number (`0 to a 110 degrees`).
bool opens_range(std::string_view text, std::size_t end) {
    auto skip_blanks = [&](std::size_t i) {
        while (i < text.size() && text[i] == ' ') ++i;
        return i;
    };
    std::size_t i = skip_blanks(end);
    const std::string rest = ascii_lower(text.substr(i, 12));
    if (starts_with(rest, "to ")) i += 3;
    else if (starts_with(rest, "through ")) i += 8;
    else if (starts_with(rest, "-")) i += 1;
    else return false;
    i = skip_blanks(i);
    if (ascii_lower(text.substr(i, 2)) == "a ") i = skip_blanks(i + 2);
    return i < text.size() && ascii_digit(text[i]);
}

// A unit soaplint does not measure therapy progress in: `12 mm`, `120 mg`, `80 bpm`, `5 mL`.
bool other_unit_after(std::string_view text, std::size_t end) {
    while (end < text.size() && text[end] == ' ') ++end;
    std::size_t stop = end;
    while (stop < text.size() && ascii_alpha(text[stop])) ++stop;
    static constexpr std::array<std::string_view, 10> units{"mm", "mmhg", "mg", "mcg", "ml", "cc", "bpm", "dl", "mmol", "meq"};
    const std::string word = ascii_lower(text.substr(end, stop - end));
    return std::find(units.begin(), units.end(), word) != units.end();
}

// The unit a table's caption, header or row label gives its bare numbers: `Shoulder ROM,
// degrees (goniometer)`, `R elbow extension AROM (deg)`, `Grip R (lb)`.
g::Unit caption_unit(std::string_view text) {
    const std::string lower = ascii_lower(text);
    if (contains(lower, "degree") || contains(lower, "(deg)") || contains(lower, "deg)") || contains(lower, "\u00b0")) return g::Unit::deg;
    if (contains(lower, "(lb)") || contains(lower, "(lbs)")) return g::Unit::lb;
    if (contains(lower, "(kg)")) return g::Unit::kg;
    if (contains(lower, "(sec)") || contains(lower, "(s)") || contains(lower, "(seconds)")) return g::Unit::s;
    if (contains(lower, "(ft)") || contains(lower, "(feet)")) return g::Unit::ft;
    if (contains(lower, "(cm)")) return g::Unit::cm;
    if (contains(lower, "(%)")) return g::Unit::percent;
    if (contains(lower, "(/10)") || contains(lower, "(0-10)")) return g::Unit::per10;
    if (contains(lower, "(/5)")) return g::Unit::per5;
    return g::Unit::none;
}

// A measurement table: measures down, Right/Left or Current (or visit dates, a flowsheet)
// across. Each cell is one measurement named by its row (and side); a flowsheet gives one per
// date, its earlier columns marked as earlier visits (the note's own finding is the last).
void read_measure_table(Note& note, const Table& table) {
    std::vector<int> columns;
    for (std::size_t k = 0; k < table.roles.size(); ++k) {
        const ColumnRole role = table.roles[k];
        if (role == ColumnRole::right || role == ColumnRole::left || role == ColumnRole::current) columns.push_back(static_cast<int>(k));
    }
    const int label_column = table.column(ColumnRole::measure) >= 0 ? table.column(ColumnRole::measure) : 0;
    const Line& header = note.lines[static_cast<std::size_t>(table.header)];
    std::string caption = header.text;
    if (table.header > 0 && note.lines[static_cast<std::size_t>(table.header - 1)].number == header.number - 1)
        caption += " " + note.lines[static_cast<std::size_t>(table.header - 1)].text;
    const g::Unit table_unit = caption_unit(caption);
    for (const TableRow& row : table.rows) {
        const std::string label = ascii_lower(trim(row.cells[static_cast<std::size_t>(label_column)]));
        if (label.empty() || row.total) continue;
        std::vector<int> take = columns;
        int latest = -1;  // the last visit with a value: this note's own finding
        for (std::size_t k = 0; k < table.roles.size(); ++k)
            if (table.roles[k] == ColumnRole::date && !trim(row.cells[k]).empty()) {
                take.push_back(static_cast<int>(k));
                latest = static_cast<int>(k);
            }
        const g::Unit label_unit = caption_unit(label);
        const g::Unit row_unit = label_unit != g::Unit::none ? label_unit : table_unit;
        const Line& line = note.lines[static_cast<std::size_t>(row.first)];
        for (int k : take) {
            const std::string& cell = row.cells[static_cast<std::size_t>(k)];
            const auto found = g::find_quantities(cell);
            if (found.empty() || found.front().span.begin > 1) continue;
            const g::Quantity& q = found.front();
            Measurement m;
            const ColumnRole role = table.roles[static_cast<std::size_t>(k)];
            m.name = role == ColumnRole::right ? "r " + label : role == ColumnRole::left ? "l " + label : label;
            const g::Unit unit = q.unit == g::Unit::none ? row_unit : q.unit;
            m.unit = std::string(g::unit_name(unit));
            m.kind = measurement_kind(m.name, m.unit);
            if (unit == g::Unit::none && m.kind != "outcome") continue;  // a bare number no caption explains
            if (m.kind == "outcome" && m.unit.empty()) m.unit = "points";  // `UEFI-15 (/60)  38`
            m.value = q.value;
            m.value_high = q.value_high;
            m.grade = q.unit == g::Unit::per5 ? q.grade : unit == g::Unit::per5 ? std::string(trim(cell)) : "";
            m.pos = Position{line.number, std::max(1, row.cell_column[static_cast<std::size_t>(k)])};
            m.section = to_string(section_of(note, line));
            m.earlier = table.roles[static_cast<std::size_t>(k)] == ColumnRole::date && k != latest;
            note.measurements.push_back(std::move(m));
        }
    }
}

// Measures down, visit dates across (or Right/Left, Current); a flowsheet's `Goal` column holds
// each measure's target value, not a goal statement.
bool flowsheet(const Table& table) { return std::count(table.roles.begin(), table.roles.end(), ColumnRole::date) >= 2; }

bool measure_table(const Table& table) {
    return std::any_of(table.roles.begin(), table.roles.end(), [](ColumnRole r) {
        return r == ColumnRole::right || r == ColumnRole::left || r == ColumnRole::current || r == ColumnRole::date;
    }) && table.column(ColumnRole::code) < 0 && (table.column(ColumnRole::goal) < 0 || flowsheet(table));
}

void extract_measurements(Note& note, const std::vector<Table>& tables) {
    std::vector<char> in_table(note.lines.size(), 0);
    for (const Table& table : tables) {
        if (!measure_table(table)) continue;
        read_measure_table(note, table);
        std::fill(in_table.begin() + table.header, in_table.begin() + table.last + 1, 1);
    }
    for (std::size_t index = 0; index < note.lines.size(); ++index) {
        const Line& line = note.lines[index];
        if (in_table[index] || !measurement_section(note, line)) continue;
        if (!has_digit(line.text)) continue;
        std::string scan = line.text;
        // List bullets are no part of a name.
        for (std::size_t k = 0; k < scan.size() && (scan[k] == '-' || scan[k] == '*' || scan[k] == ' '); ++k) scan[k] = ' ';
        blank_non_measures(scan);
        const std::string label = line_label(scan);
        std::vector<Measurement> found = take_over_scale(note, line, scan);
        std::size_t from = 0;
        const std::vector<g::Quantity> quantities = join_to_ranges(scan, g::find_quantities(scan));
        std::vector<char> speed(quantities.size(), 0);  // `0.8 m/s`: metres per second
        for (std::size_t k = 0; k < quantities.size(); ++k) {
            if (quantities[k].unit == g::Unit::m && scan.compare(quantities[k].span.end, 2, "/s") == 0) {
                speed[k] = 1;
                scan[quantities[k].span.end] = scan[quantities[k].span.end + 1] = ' ';
            }
        }
        const bool exam = section_of(note, line) == SectionName::objective || section_of(note, line) == SectionName::subjective ||
                          line.section < 0;
        for (std::size_t qi = 0; qi < quantities.size(); ++qi) {
            const g::Quantity& q = quantities[qi];
            // Outside the exam and the patient's report (an assessment restating `rotation 40°`)
            // only a value with its unit is a measurement.
            if (!exam && q.unit == g::Unit::none) continue;
            // `TUG -3.1 sec, 6MWT +56 m` in an assessment: changes, not measurements.
            if (!exam && (q.value < 0 || (q.span.begin > 0 && scan[q.span.begin - 1] == '+'))) continue;
            // `improved from 45 to 55°` restated in an assessment: the earlier value is history.
            if (!exam) {
                const std::size_t back = q.span.begin > 12 ? q.span.begin - 12 : 0;
                const std::string before = ascii_lower(scan.substr(back, q.span.begin - back));
                // ... and `improved 8°`, `increased by 10°` are changes, not measurements.
                if (contains(before, "from ") || contains(before, "improved ") || contains(before, "increased ") ||
                    contains(before, "decreased ") || contains(before, " by ") || contains(before, "gained "))
                    continue;
            }
            // `range of motion is 0 to a 110 degrees`: the bare 0 opens the arc whose end is the
            // measure; the end keeps the name written before the 0.
            if (q.unit == g::Unit::none && (opens_range(scan, q.span.end) || other_unit_after(scan, q.span.end))) continue;
            Measurement m;
            const std::size_t previous_end = from;
            const std::string before = name_before(scan, from, q.span.begin);
            const bool named_before = measure_named_last(before);
            m.name = before.empty() ? measurement_name(scan, from, q.span.begin, q.span.end) : before;
            from = q.span.end;
            if (!label.empty() && !contains(m.name, label) && !contains(label, m.name) && m.name.size() < 30 &&
                measure_word(label) && same_clause(scan, scan.find(':'), q.span.begin))
                m.name = label + (m.name.empty() ? "" : " " + m.name);
            // "R 4-/5, L 4/5": the second measure is named only by its side.
            if (is_side(m.name) && !found.empty()) m.name = with_side(found.back().name, m.name);
            else if (!found.empty()) m.name = with_joint(found.back().name, m.name);
            m.unit = speed[qi] ? "m/s" : std::string(g::unit_name(q.unit));
            // `pain 2/10 with walking, 5/10 at night`, `NDI 30% (38% on 04/02)`, `3/10 (down from 7/10)`:
            // a value that follows another of the same unit with no measure named between is that measure's.
            if (!found.empty() && q.unit != g::Unit::none && found.back().unit == m.unit && found.back().pos.line == line.number &&
                continues_measure(scan.substr(previous_end, q.span.begin - previous_end)))
                m.name = found.back().name;
            // Outside the exam only what is measured on a scale or in a unit of the body is kept:
            // not `total treatment time 53 min` under Treatment.
            if (!exam && m.kind.empty() && (m.unit == "min" || m.unit == "h" || m.unit == "s" || m.unit == "reps") &&
                !has_word_start(m.name, outcome_names))
                continue;
            // A bare number is a measurement only in the exam, right after a measure's name: not
            // `3 sets of hip flexion`, `hip flexion 2 sets`, `Dx: low back pain - 724.2`.
            if (counts_or_dates_a_scale(scan, q)) continue;
            // `HOOS JR 62.5 (41.2 at IE)`: a score's earlier value in parentheses is the same score.
            const bool earlier_score = q.unit == g::Unit::none && !found.empty() && found.back().kind == "outcome" &&
                                       found.back().pos.line == line.number &&
                                       trim(scan.substr(previous_end, q.span.begin - previous_end)) == "(";
            if (earlier_score) m.name = found.back().name;
            if (!earlier_score && q.unit == g::Unit::none &&
                (!measure_word(m.name) || section_of(note, line) == SectionName::subjective || !named_before ||
                 counted_or_dated(scan, q) || diagnosis_context(note, line, line.lower())))
                continue;
            if (m.name.empty()) continue;
            m.kind = measurement_kind(m.name, m.unit);
            if (m.kind == "outcome" && m.unit.empty()) m.unit = "points";  // `LEFS 52`, `HOOS JR 62.5`: a score
            // Without a unit only a value the measure can take is one: `low back pain - 724.2`
            // is an ICD-9 code, not a pain rating.
            if (q.unit == g::Unit::none && ((m.kind == "pain" && q.value > 10) || (m.kind == "strength" && q.value > 5) ||
                                            (m.kind == "rom" && q.value > 360)))
                continue;
            m.value = q.value;
            m.value_high = q.value_high;
            if (m.kind == "rom" && q.value_high && q.value <= 0) {
                m.value = q.value_high;  // "0-120°" is an arc: the measure is its end
                m.value_high.reset();
            }
            m.grade = q.unit == g::Unit::per5 ? q.grade : "";
            m.pos = position_in(line, q.span.begin);
            m.section = to_string(section_of(note, line));
            found.push_back(std::move(m));
        }
        std::stable_sort(found.begin(), found.end(),
                         [](const Measurement& a, const Measurement& b) { return a.pos.column < b.pos.column; });
        for (Measurement& m : found) note.measurements.push_back(std::move(m));
    }
    std::stable_sort(note.measurements.begin(), note.measurements.end(),
                     [](const Measurement& a, const Measurement& b) { return a.pos.line < b.pos.line; });
}

// ---------------------------------------------------------------------------------------------
// Note kind from billed codes, when no title or field named it

void infer_kind_from_codes(Note& note) {
    // Epic's `Progress Notes` heads every visit: a billed re-evaluation says what this one is.
    if (note.generic_title && std::any_of(note.interventions.begin(), note.interventions.end(), [](const Intervention& i) {
            return i.cpt == "97164" || i.cpt == "97168";
        }))
        note.kind = NoteKind::reevaluation;
    if (note.kind != NoteKind::unknown) return;
    for (const Intervention& i : note.interventions) {
        if (i.cpt == "97161" || i.cpt == "97162" || i.cpt == "97163" || i.cpt == "97165" || i.cpt == "97166" ||
            i.cpt == "97167") {
            note.kind = NoteKind::evaluation;
            return;
        }
        if (i.cpt == "97164" || i.cpt == "97168") {
            note.kind = NoteKind::reevaluation;
            return;
        }
    }
    if (std::any_of(note.interventions.begin(), note.interventions.end(), [](const Intervention& i) { return i.timed; }))
        note.kind = NoteKind::daily;
}

}  // namespace

bool mentions_function(std::string_view lower) {
    static constexpr auto function_words = std::to_array<std::string_view>({
        "adl", "activities of daily", "work", "job", "walk", "ambulat", "gait", "stair", "step", "sleep",
        "sport", "run", "jog", "lift", "carry", "reach", "overhead", "dress", "bath", "shower", "groom",
        "toilet", "drive", "driving", "sit", "stand", "transfer", "mobility", "household", "housework",
        "chores", "cook", "clean", "golf", "tennis", "play", "return to", "squat", "kneel", "bend", "push",
        "pull", "typing", "computer", "hobby", "exercise", "garden", "yard", "shop", "care for", "childcare",
        "balance", "fall", "bed mobility", "roll", "function", "lefs", "odi", "dash", "wash", "hair", "self care",
        "self-care", "hygiene", "feed", "eat", "fasten", "button", "writ", "grip", "grasp", "open jar",
        // Work tasks and daily tasks as therapists name them.
        "shift", "reposition", "patient handling", "put on", "take off", "don ", "doff", "shoes", "socks", "jacket",
        "coat", "turn a key", "doorknob", "key", "cut ", "scissors", "container", "open ", "classroom", "school",
        "duty", "shelf", "shelves", "reach", "pick up", "hold", "manipulat", "type", "keyboard", "craft", "play",
        "intercourse", "sexual", "contin", "leak", "void", "toilet", "participat", "handwriting", "copy", "class",
        "jumping", "climb", "swallow", "speak", "communicat"});
    // At a word start ("sitting", "walks"): "intensity" and "position" hold no "sit", "control"
    // no "roll", "understand" no "stand".
    return has_word_start(lower, function_words, false);
}

std::string measurement_kind(std::string_view name, std::string_view unit) {
    if (unit == "m/s") return "other";  // a speed (gait speed, 10MWT)
    if (has_word_start(name, outcome_names)) return "outcome";
    if (unit == "deg") return "rom";
    if (unit == "/10") return "pain";
    if (unit == "/5") return "strength";
    if (unit == "points") return "outcome";
    if (unit == "cm" || unit == "m" || unit == "ft" || unit == "in") return "distance";
    if (unit == "kg" || unit == "lb")
        return contains(name, "grip") || contains(name, "strength") || contains(name, "dynamometer") ? "strength" : "weight";
    if (unit == "s" || unit == "min" || unit == "h") return "duration";
    if (unit == "reps") return "count";
    if (has_word_start(name, rom_words)) return "rom";
    if (contains(name, "strength") || contains(name, "mmt")) return "strength";
    if (contains(name, "pain") || contains(name, "nprs") || contains(name, "vas")) return "pain";
    return "other";
}

// ---------------------------------------------------------------------------------------------
// A kind read from a title alone is kept for therapy notes only

// Something in the note says it is therapy: a physical-medicine code, a therapist's credential, or
// the words of therapy. `CARDIAC EVALUATION` or `ADMISSION PSYCHIATRIC EVALUATION` has none, and
// is not held to a therapy plan of care (goals, frequency, duration).
bool therapy_evidence(const Note& note) {
    if (note.medical_legal) return false;
    for (const Intervention& i : note.interventions)
        if (codes::lookup_cpt(i.cpt)) return true;
    if (note.provider)
        for (const std::string& credential : note.provider->credentials)
            if (credential_kind(credential) == CredentialKind::therapy) return true;
    static constexpr std::array<std::string_view, 14> words{
        "physical therap", "occupational therap", "speech therap", "massage", "chiropract",
        "plan of care", "rehab", "home exercise", "therapeutic exercise", "manual therapy",
        "therapeutic recreation", "recreational therap", "language therap", "hand therap"};
    for (const Line& line : note.lines)
        if (contains_any(line.lower(), words)) return true;
    return false;
}

void keep_kind_for_therapy(Note& note) {
    note.therapy = therapy_evidence(note);
    if (note.kind_from_title && !note.therapy) note.kind = NoteKind::unknown;
}

void extract_facts(Note& note) {
    const std::vector<Table> tables = find_tables(note);
    extract_diagnoses(note);
    extract_interventions(note, tables);
    extract_session(note);
    extract_totals(note);
    extract_frequency_duration(note);
    extract_goals(note, tables);
    extract_measurements(note, tables);
    keep_kind_for_therapy(note);
    infer_kind_from_codes(note);
    for (const Line& line : note.lines) line.release_lower();
    // A batch keeps every note until its episodes are checked: no slack capacity.
    note.lines.shrink_to_fit();
    note.sections.shrink_to_fit();
    note.measurements.shrink_to_fit();
    note.goals.shrink_to_fit();
    note.interventions.shrink_to_fit();
    note.diagnoses.shrink_to_fit();
}

}  // namespace soaplint
