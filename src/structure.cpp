#include "structure.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "grammar/api.hpp"
#include "suppress.hpp"
#include "vocabulary.hpp"

namespace soaplint {

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return ascii_alpha(c) != 0; }

// ---------------------------------------------------------------------------------------------
// Notes

bool is_blank(std::string_view line) { return trim(line).empty(); }

}  // namespace

namespace {

// ---------------------------------------------------------------------------------------------
// Logical lines: transcriptions that use commas for line breaks are cut back into lines.

struct Piece {
    std::size_t offset;  // byte offset in the physical line
    std::string_view text;
};

bool all_caps_phrase(std::string_view s) {
    s = trim(s);
    int letters = 0;
    for (char c : s) {
        if (is_alpha(c)) {
            if (!is_upper(c)) return false;
            ++letters;
        } else if (c != ' ' && c != '/' && c != '&' && c != '-' && c != '(' && c != ')') {
            return false;
        }
    }
    return letters >= 3;
}

// `HEADING:` (upper-case words and a colon) at the start of `s`, after blanks.
bool starts_with_caps_heading(std::string_view s) {
    s = trim(s);
    std::size_t i = 0;
    while (i < s.size() && i < 60 && (is_upper(s[i]) || s[i] == ' ' || s[i] == '/' || s[i] == '&' || s[i] == '-'))
        ++i;
    return i >= 3 && i < s.size() && s[i] == ':';
}

bool ends_with_conjunction(std::string_view s) {
    s = trim(s);
    return s.size() >= 4 && (s.substr(s.size() - 4) == " AND" || s.substr(s.size() - 2) == " &");
}

bool is_transcription_line(std::string_view line) {
    if (line.size() < 120) return false;
    int breaks = 0;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] != ',') continue;
        std::size_t j = i;
        while (j > 0 && line[j - 1] == ' ') --j;
        if (j > 0 && (line[j - 1] == ':' || line[j - 1] == '.') && ++breaks >= 2) return true;
    }
    return false;
}

std::vector<Piece> logical_pieces(std::string_view line) {
    if (!is_transcription_line(line)) return {Piece{0, line}};
    std::vector<Piece> pieces;
    std::size_t start = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != ',') continue;
        const std::string_view before = line.substr(start, i - start);
        const std::string_view after = line.substr(i + 1);
        std::size_t j = i;
        while (j > start && line[j - 1] == ' ') --j;
        const bool after_stop = j > start && (line[j - 1] == ':' || line[j - 1] == '.');
        // "ASSESSMENT AND ,PLAN:" is one heading cut by the scraper's comma.
        const bool joined = ends_with_conjunction(before);
        const bool caps_before = all_caps_phrase(before);
        if (!joined && (after_stop || caps_before || starts_with_caps_heading(after))) {
            pieces.push_back({start, before});
            start = i + 1;
        }
    }
    pieces.push_back({start, line.substr(start)});
    return pieces;
}

// ---------------------------------------------------------------------------------------------
// Headings

// Removes Markdown markup around a heading: `## `, `**`, `__`.
std::string_view strip_markup(std::string_view s) {
    s = trim(s);
    while (!s.empty() && s.front() == '#') s.remove_prefix(1);
    s = trim(s);
    while (s.size() >= 2 && (s.substr(0, 2) == "**" || s.substr(0, 2) == "__")) s.remove_prefix(2);
    while (s.size() >= 2 && (s.substr(s.size() - 2) == "**" || s.substr(s.size() - 2) == "__"))
        s.remove_suffix(2);
    return trim(s);
}

// Splits combined headings: "assessment/plan", "assessment and plan", "a/p", "a&p".
std::vector<std::string> heading_parts(const std::string& key) {
    for (std::string_view sep : {"/", " and ", " & ", "&"}) {
        const auto at = key.find(sep);
        if (at == std::string::npos || at == 0) continue;
        std::string left(trim(std::string_view(key).substr(0, at)));
        std::string right(trim(std::string_view(key).substr(at + sep.size())));
        if (!left.empty() && !right.empty()) return {left, right};
    }
    return {key};
}

// Goal headings often carry their timeframe: "SHORT-TERM GOALS TO BE ACHIEVED IN TWO WEEKS".
std::string goal_heading_stem(const std::string& key) {
    // `Treatment Goals (6 weeks)`, `SHORT TERM GOAL TO BE COMPLETED IN 4 WEEKS`, `Updated Goals (4 weeks)`.
    if (key.find("goal") != std::string::npos || key.find("outcome") != std::string::npos) {
        std::size_t cut = key.size();
        for (std::string_view stop : {" (", "(", " to be ", " in ", " within ", " for ", " x "})
            cut = std::min(cut, std::min(key.size(), sfind(key, stop)));
        std::string stem = key.substr(0, cut);
        if (stem.size() > 7 && stem.compare(0, 8, "updated ") == 0) stem = stem.substr(8);
        if (stem.size() > 8 && stem.compare(0, 8, "revised ") == 0) stem = stem.substr(8);
        if (cut < key.size() || stem != key) {
            const HeadingMeaning* meaning = heading_meaning(stem);
            if (meaning != nullptr && meaning->name == SectionName::goals) return stem;
        }
    }
    if (key.find("goals") == std::string::npos) return {};
    for (const std::string_view s : {"short term goals", "short-term goals", "long term goals", "long-term goals", "goals"}) {
        if (key.size() > s.size() && key.compare(0, s.size(), s) == 0 &&
            (key[s.size()] == ' ' || key[s.size()] == '(' || key[s.size()] == '/'))
            return std::string(s);
    }
    return {};
}

std::optional<Heading> read_heading_key(std::string_view raw) {
    // Most lines name no heading: the key goes into a buffer kept per thread, not a new string.
    static thread_local std::string buffer;
    heading_key_into(raw, buffer);
    const std::string& key = buffer;
    // A goals heading may carry a long timeframe: `UPDATED LONG-TERM GOALS (to be met by 10/27/2026, 6 weeks)`.
    if (key.empty() || (key.size() > 60 && (key.size() > 90 || goal_heading_stem(key).empty()))) return std::nullopt;
    Heading heading;
    const HeadingMeaning* meaning = heading_meaning(key);
    if (meaning == nullptr) meaning = heading_meaning(goal_heading_stem(key));
    if (meaning != nullptr) {
        heading.text = std::string(trim(strip_markup(raw)));
        heading.names = {meaning->name};
        heading.top_level = meaning->top_level;
        if (meaning->term != nullptr) heading.goal_term = meaning->term;
        heading.plan_of_care = key == "plan of care" || key == "poc" || key == "plan of treatment";
        return heading;
    }
    if (key.find('/') == std::string::npos && key.find('&') == std::string::npos && sfind(key, " and ") == std::string::npos)
        return std::nullopt;
    const auto parts = heading_parts(key);
    if (parts.size() != 2) return std::nullopt;
    const HeadingMeaning* first = heading_meaning(parts[0]);
    const HeadingMeaning* second = heading_meaning(parts[1]);
    if (first == nullptr || second == nullptr) return std::nullopt;
    // `CHIEF COMPLAINT / SUBJECTIVE`: a history label beside a section heading names that section.
    if (first->top_level != second->top_level) {
        heading.names = {first->top_level ? first->name : second->name};
    } else {
        if (!first->top_level) return std::nullopt;
        heading.names = {first->name, second->name};
    }
    heading.text = std::string(trim(strip_markup(raw)));
    return heading;
}

// The same labels recur in every note of a charting system (`Pain:`, `AROM:`, `Plan:`): what a
// text names is remembered per thread (bounded; the answer depends on the text alone).
std::optional<Heading> heading_from_key(std::string_view raw) {
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    static thread_local std::unordered_map<std::string, std::optional<Heading>, Hash, std::equal_to<>> known;
    if (const auto it = known.find(raw); it != known.end()) return it->second;
    std::optional<Heading> heading = read_heading_key(raw);
    if (known.size() >= 4096) known.clear();
    known.emplace(std::string(raw), heading);
    return heading;
}

// `P: (312) 555-0199` in a letterhead is a phone number, not a Plan heading.
bool phone_number_at(std::string_view s) {
    s = trim(s);
    int digits = 0;
    for (char c : s.substr(0, 16)) {
        if (ascii_digit(c)) ++digits;
        else if (c != '(' && c != ')' && c != '-' && c != '.' && c != ' ') break;
    }
    return digits >= 10 || (s.size() > 0 && s[0] == '(' && digits >= 3);
}

bool single_letter_soap(std::string_view key) {
    return key.size() == 1 && (key[0] == 'S' || key[0] == 'O' || key[0] == 'A' || key[0] == 'P');
}

}  // namespace

std::optional<Heading> match_heading_at(std::string_view line);

// `1. Subjective`, `2) Objective`: a numbered section is its heading; so is `[S] SUBJECTIVE`.
std::optional<Heading> match_heading(std::string_view line) {
    const std::string_view stripped = trim(line);
    if (stripped.size() > 5 && stripped[0] == '[' && stripped[2] == ']' && stripped[3] == ' ' && is_upper(stripped[1])) {
        const std::size_t offset = static_cast<std::size_t>(stripped.data() - line.data()) + 4;
        if (auto heading = match_heading_at(line.substr(offset)); heading && heading->top_level) {
            heading->content_offset += offset;
            return heading;
        }
    }
    std::size_t digits = 0;
    while (digits < stripped.size() && digits < 2 && ascii_digit(stripped[digits])) ++digits;
    if (digits > 0 && digits + 2 < stripped.size() && (stripped[digits] == '.' || stripped[digits] == ')') &&
        stripped[digits + 1] == ' ' && is_upper(stripped[digits + 2])) {
        const std::size_t offset = static_cast<std::size_t>(stripped.data() - line.data()) + digits + 2;
        if (auto heading = match_heading_at(line.substr(offset)); heading && heading->top_level) {
            heading->content_offset += offset;
            return heading;
        }
    }
    return match_heading_at(line);
}

std::optional<Heading> match_heading_at(std::string_view line) {
    const std::string_view stripped = trim(line);
    if (stripped.empty()) return std::nullopt;
    // `S  LBP 5/10 ...`: a single S/O/A/P letter set off by a wide gap.
    const auto word_at = [&](std::size_t i) {  // a word of letters (`LBP`, `Palp:`), not `= adhesion` or `S13.4XXA`
        std::size_t j = i;
        while (j < stripped.size() && ascii_alpha(stripped[j])) ++j;
        return j - i >= 2 && (j == stripped.size() || !ascii_digit(stripped[j]));
    };
    if (stripped.size() > 4 && single_letter_soap(stripped.substr(0, 1)) && stripped[1] == ' ' && stripped[2] == ' ' &&
        word_at(3)) {
        if (auto heading = heading_from_key(stripped.substr(0, 1))) {
            heading->content_offset = static_cast<std::size_t>(stripped.data() - line.data()) + 3;
            return heading;
        }
    }
    const std::size_t lead = static_cast<std::size_t>(stripped.data() - line.data());
    // Form 1: `Heading:` / `S)` followed by content (or nothing).
    const std::size_t limit = std::min<std::size_t>(stripped.size(), 90);
    // The first mark that ends a heading: a colon, `S)` / `S>` / `S | text`, or ` - `.
    std::size_t paren_at = std::string_view::npos;
    if (limit > 1 && (stripped[1] == ')' || stripped[1] == '>')) paren_at = 1;
    else if (limit > 2 && stripped[2] == '|' && stripped[1] == ' ') paren_at = 2;
    const std::size_t colon_at = stripped.substr(0, limit).find(':');
    std::size_t dash_at = std::string_view::npos;  // ` - ` at 2 or later: memchr finds the dashes
    for (std::size_t d = stripped.find('-', 2); d != std::string_view::npos && d < limit; d = stripped.find('-', d + 1))
        if (stripped[d - 1] == ' ' && d + 1 < stripped.size() && stripped[d + 1] == ' ') {
            dash_at = d;
            break;
        }
    if (const std::size_t i = std::min({paren_at, colon_at, dash_at}); i < limit) {
        const bool paren = i == paren_at;
        std::string_view raw = stripped.substr(0, i);
        const std::string_view bare = strip_markup(raw);
        if (bare.size() == 1 && !single_letter_soap(bare)) return std::nullopt;
        if (paren && bare.size() != 1) return std::nullopt;
        auto heading = heading_from_key(raw);
        if (!heading) return std::nullopt;
        std::size_t content = i + 1;
        while (content < stripped.size() && (stripped[content] == '*' || stripped[content] == '_')) ++content;
        if (phone_number_at(stripped.substr(content))) return std::nullopt;
        heading->content_offset = lead + content;
        heading->inline_content = !trim(stripped.substr(content)).empty();
        return heading;
    }
    const std::size_t wide_gap = sfind(stripped, "   ");  // forms 3 and 4
    // Form 3: a capitalised heading in a grid's first cell: `OBJECTIVE        08/10 (IE)   09/14`.
    if (const std::size_t gap = wide_gap; gap != std::string_view::npos && gap >= 3 && gap <= 30 &&
                                                       all_caps_phrase(stripped.substr(0, gap))) {
        const auto soap = [](SectionName n) {
            return n == SectionName::subjective || n == SectionName::objective || n == SectionName::assessment || n == SectionName::plan;
        };
        if (auto heading = heading_from_key(stripped.substr(0, gap));
            heading && heading->top_level && heading->names.size() == 1 && soap(heading->names.front())) {
            std::size_t content = gap;
            while (content < stripped.size() && stripped[content] == ' ') ++content;
            heading->content_offset = lead + content;
            return heading;
        }
    }
    // Form 4: a goals heading over a status column: `GOALS (established at eval 08/31/2026)   STATUS`.
    if (const std::size_t gap = wide_gap; gap != std::string_view::npos && gap >= 5 && gap <= 60 &&
                                                       is_upper(stripped.front())) {
        const std::string_view rest = trim(stripped.substr(gap));
        if (rest.size() <= 24 && all_caps_phrase(rest)) {
            if (auto heading = heading_from_key(stripped.substr(0, gap));
                heading && heading->names.size() == 1 && heading->names.front() == SectionName::goals) {
                heading->content_offset = line.size();  // the column header is no content
                return heading;
            }
        }
    }
    // Form 2: the heading alone on its line: `Subjective`, `## Objective`, `**Assessment/Plan**`,
    // `SUBJECTIVE .........................` (a dot leader to the margin).
    std::string_view core = stripped;
    if (core.size() > 8 && core.substr(core.size() - 3) == "...")
        while (!core.empty() && (core.back() == '.' || core.back() == ' ')) core.remove_suffix(1);
    if (core.size() <= 48 && !single_letter_soap(strip_markup(core))) {
        auto heading = heading_from_key(core);
        if (heading) heading->content_offset = line.size();
        return heading;
    }
    return std::nullopt;
}

namespace {

// A run-in heading inside a line: `... flaring up. OBJECTIVE: Vitals ...`. Returns its start
// and the heading; only top-level headings, written upper-case or capitalised.
struct RunIn {
    std::size_t start;
    Heading heading;
};

bool run_in_boundary(std::string_view s, std::size_t j) {
    if (j == 0) return false;  // the line-start heading is handled by match_heading
    if (s[j - 1] != ' ' && s[j - 1] != '\t') return false;
    if (j < 2) return false;
    const char before = s[j - 2];
    if (before == '.' || before == ';' || before == ',' || before == ' ' || before == '\t' || before == ':') return true;
    // `... ODI 40% Assessment: Pt ...`, `Pain 2/10 Assessment:`, `(see above) Plan:`: a run-in heading
    // after a measurement; `32 deg Assessment:` after a lower-case unit. Not `Pain Assessment:`.
    if (ascii_digit(before) || before == '%' || before == ')' || before == ']' || before == '"' ||
        before == '\'' || (static_cast<unsigned char>(before) & 0x80) != 0)  // `39° ASSESSMENT:`
        return true;
    if (ascii_is_lower(before)) {
        std::size_t w = j - 2;
        while (w > 0 && ascii_alpha(s[w - 1])) --w;
        const std::string word = ascii_lower(s.substr(w, j - 1 - w));
        static constexpr std::array<std::string_view, 16> joins = {"the", "a", "an", "of", "in", "per", "see", "and", "or",
                                                                   "to", "with", "for", "on", "under", "this", "my"};
        return ascii_is_lower(s[w]) && std::find(joins.begin(), joins.end(), word) == joins.end();
    }
    return false;
}

std::optional<RunIn> find_run_in(std::string_view s, std::size_t from) {
    for (std::size_t c = s.find(':', from); c != std::string_view::npos; c = s.find(':', c + 1)) {
        std::optional<RunIn> best;
        const std::size_t lowest = c > 30 ? c - 30 : 0;
        for (std::size_t j = c; j-- > std::max(lowest, from);) {
            if (!is_upper(s[j]) || !run_in_boundary(s, j)) continue;
            const std::string_view raw = s.substr(j, c - j);
            if (raw.size() == 1 && !(j >= 2 && (s[j - 2] == '.' || s[j - 2] == ' '))) continue;
            auto heading = heading_from_key(raw);
            if (!heading || !heading->top_level || phone_number_at(s.substr(c + 1))) continue;
            // `... with stairs. Pt goals: "stop falling"` is the patient's own wish in a sentence;
            // a goals section starts a line, or is written in capitals (`GOALS:`).
            // `... Progressing toward LTG: grip 45 lb` names a goal inside a sentence: no heading.
            if (heading->names.front() == SectionName::goals &&
                (!all_caps_phrase(raw) || !(j >= 2 && (s[j - 2] == '.' || s[j - 2] == ';' || s[j - 2] == ' '))))
                continue;
            // Capitalised or upper-case words only: "Plan:" yes, "plan:" no.
            heading->content_offset = c + 1;
            best = RunIn{j, *heading};
        }
        if (best) return best;
    }
    return std::nullopt;
}

Section& open_section(Note& note, SectionName name, const Heading& heading, int line) {
    Section section;
    section.name = name;
    section.heading = heading.text;
    section.line = line;
    section.first_line = line;
    section.last_line = line;
    note.sections.push_back(section);
    return note.sections.back();
}

struct SectionState {
    int current = -1;        // index of the open section
    int parts = 1;           // 2 for a combined heading: both entries receive the content
    bool top_level = false;  // the open section is S/O/A/P-level
};

void add_content(Note& note, SectionState& state, std::string_view text, int line_number, int column,
                 std::size_t byte_offset_in_physical, std::string_view physical) {
    (void)byte_offset_in_physical;
    (void)physical;
    const std::string_view content = trim(text);
    if (content.empty()) return;
    Line line;
    line.text = std::string(content);
    line.number = line_number;
    line.column = column;
    line.section = state.current;
    note.lines.push_back(std::move(line));
    for (int k = 0; k < state.parts && state.current >= 0; ++k) {
        Section& section = note.sections[static_cast<std::size_t>(state.current + k)];
        if (section.empty) section.first_line = line_number;
        section.empty = false;
        section.last_line = line_number;
    }
}

// Whether a heading opens a section here: sub-headings stay inside an open S/O/A/P section, and
// "Short-term goals (3 weeks):" inside Goals stays a line of it (its term and timeframe are read
// by the goal extractor).
bool opens_section(const Note& note, const SectionState& state, const Heading& heading) {
    if (!heading.top_level) return state.current < 0 || !state.top_level;
    // `Patient Goals:  "Sleep through the night"` in the Subjective is the patient's wish, a line
    // of the report; a goals heading of its own opens the goals.
    if (state.current >= 0 && heading.names.size() == 1 && heading.names.front() == SectionName::goals &&
        heading.inline_content) {
        const SectionName open = note.sections[static_cast<std::size_t>(state.current)].name;
        const std::string key = ascii_lower(heading.text);
        const bool patients = key.find("patient") != std::string::npos || key.find("pt goal") != std::string::npos ||
                              key.find("client") != std::string::npos;
        if (patients && (open == SectionName::subjective || open == SectionName::history)) return false;
    }
    // `PLAN:` then `Treatment today:` on the next line: the plan is written under a sub-heading.
    if (state.current >= 0 && heading.names.size() == 1 && heading.names.front() == SectionName::treatment) {
        const Section& open = note.sections[static_cast<std::size_t>(state.current)];
        if (open.empty && (open.name == SectionName::plan || open.name == SectionName::assessment)) return false;
    }
    if (state.current >= 0 && heading.names.size() == 1 && heading.names.front() == SectionName::goals &&
        note.sections[static_cast<std::size_t>(state.current)].name == SectionName::goals)
        return false;
    return true;
}

void start_heading(Note& note, SectionState& state, const Heading& heading, int line_number) {
    state.current = static_cast<int>(note.sections.size());
    state.parts = static_cast<int>(heading.names.size());
    state.top_level = heading.top_level;
    for (SectionName name : heading.names) open_section(note, name, heading, line_number).shares_next = true;
    note.sections.back().shares_next = false;
}

bool starts_with_header_field(std::string_view line);

// Handles one logical line: a heading at its start, run-in headings inside it, the content.
void place_piece(Note& note, SectionState& state, std::string_view physical, const Piece& piece,
                 int line_number) {
    const std::size_t offset = piece.offset;
    const std::string_view text = piece.text;
    std::size_t pos = 0;
    if (auto heading = match_heading(text)) {
        if (opens_section(note, state, *heading)) {
            start_heading(note, state, *heading, line_number);
            pos = heading->content_offset;
        }
    }
    // A header grid line (`Payor: MEDICARE   Plan: MEDICARE PART B`) holds fields, not headings
    // (asked only of a line where a run-in heading was found: a grid line is read in one piece).
    bool first = pos == 0;
    while (pos < text.size()) {
        auto run_in = find_run_in(text, pos);
        if (first && run_in && starts_with_header_field(text)) run_in.reset();
        first = false;
        const std::size_t end = run_in ? run_in->start : text.size();
        const std::size_t lead = text.find_first_not_of(" \t", pos);
        const std::size_t byte = offset + (lead == std::string_view::npos ? pos : lead);
        add_content(note, state, text.substr(pos, end - pos), line_number,
                    utf8_columns(physical, byte) + 1, byte, physical);
        if (!run_in) break;
        // `O: ... Observation: antalgic gait` names a part of the section already open.
        const bool same = state.current >= 0 && run_in->heading.names.size() == 1 &&
                          note.sections[static_cast<std::size_t>(state.current)].name == run_in->heading.names.front();
        if (!same && opens_section(note, state, run_in->heading)) start_heading(note, state, run_in->heading, line_number);
        pos = run_in->heading.content_offset;
    }
}

struct WrappedHeading {
    std::size_t cut;           // where the heading starts on the first line
    Heading heading;
    std::size_t next_content;  // where the content starts on the next line
};

// A heading word ending a line whose next line finishes the heading: `... 80 degrees ASSESSMENT`
// + `AND PLAN: Pt required cues`, `... ASSESSMENT AND` + `PLAN: ...`, `... Assessment` + `and Plan: ...`.
std::optional<WrappedHeading> heading_across_lines(std::string_view line, std::string_view next) {
    // The next line's colon within 24 bytes is asked below too; most lines fail it, so first.
    if (const std::size_t colon = trim(next).find(':'); colon == std::string_view::npos || colon > 24) return std::nullopt;
    std::string_view t = trim(line);
    std::string connector;  // `and` / `&` / `/` ending the first line
    for (std::string_view c : {" AND", " and", " &", "/"}) {
        if (t.size() > c.size() && t.substr(t.size() - c.size()) == c) {
            connector = std::string(trim(c));
            t = trim(t.substr(0, t.size() - c.size()));
            break;
        }
    }
    const std::size_t space = t.find_last_of(' ');
    const std::string_view word = space == std::string_view::npos ? t : t.substr(space + 1);
    if (word.size() < 4 || !is_upper(word.front())) return std::nullopt;
    const std::string_view n = trim(next);
    const std::size_t colon = n.find(':');
    if (colon == std::string_view::npos || colon > 24) return std::nullopt;
    std::string tail(n.substr(0, colon));
    if (connector.empty()) {
        const std::string lower = ascii_lower(tail);
        if (!(starts_with(lower, "and ") || starts_with(lower, "& ") || starts_with(lower, "/"))) return std::nullopt;
    } else {
        tail = connector + " " + tail;
    }
    auto heading = heading_from_key(std::string(word) + " " + tail);
    if (!heading || heading->names.size() != 2) return std::nullopt;
    heading->text = std::string(word) + " " + tail;
    const std::size_t cut = static_cast<std::size_t>(word.data() - line.data());
    const std::size_t content = static_cast<std::size_t>(n.data() - next.data()) + colon + 1;
    return WrappedHeading{cut, *heading, content};
}

}  // namespace

// A note exported from a spreadsheet as CSV (`Field,Value` / `Patient,"Nguyen, Bao T."` /
// `Subjective,"Pt reports ..."` / `CPT,Minutes,Units` / `97110,30,2`): read as the labelled
// lines and tab-separated table it stands for. Same length, so every column stays where it was.
bool csv_export(const std::vector<DecodedLine>& lines) {
    return std::any_of(lines.begin(), lines.end(), [](const DecodedLine& l) {
        const std::string_view t = trim(l.text);
        const auto is = [&](std::string_view lower) { return t.size() == lower.size() && istarts_with(t, lower); };
        return is("field,value") || is("section,text") || is("label,value") || is("item,value");
    });
}

std::string csv_line(std::string_view text) {
    std::string out(text);
    if (out.find(',') == std::string::npos) return out;
    const bool quoted = out.find('"') != std::string::npos;
    const bool table_row = !quoted && std::count(out.begin(), out.end(), ',') >= 2;
    if (table_row) {
        std::replace(out.begin(), out.end(), ',', '\t');
        return out;
    }
    bool in_quotes = false, first = true;
    for (char& c : out) {
        if (c == '"') {
            in_quotes = !in_quotes;
            c = ' ';
        } else if (c == ',' && !in_quotes) {
            c = first ? ':' : ' ';
            first = false;
        }
    }
    return out;
}

void build_structure(const RawNote& raw_note, Note& note) {
    RawNote csv;
    if (csv_export(raw_note.lines)) {
        csv.index = raw_note.index;
        for (const DecodedLine& line : raw_note.lines) csv.lines.push_back({csv_line(line.text), line.number});
    }
    const RawNote& raw = csv.lines.empty() ? raw_note : csv;
    note.index = raw.index;
    note.line = raw.lines.empty() ? 0 : raw.lines.front().number;
    for (const DecodedLine& physical : raw.lines) {
        if (!is_blank(physical.text)) {
            note.line = physical.number;
            break;
        }
    }
    SectionState state;
    std::size_t skip = 0;  // bytes of this line that finish a heading begun on the line above
    for (std::size_t index = 0; index < raw.lines.size(); ++index) {
        const DecodedLine& physical = raw.lines[index];
        // `soaplint: ignore ...` is an instruction to soaplint, not clinical content: cut it out
        // before anything reads the line, and keep it for src/suppress.cpp.
        std::string_view text = physical.text;
        if (const std::size_t cut = find_directive(text); cut != std::string_view::npos) {
            note.directives.push_back(Line{std::string(text.substr(cut)), physical.number, utf8_columns(text, cut) + 1});
            text = text.substr(0, cut);
        }
        std::size_t from = std::min(skip, text.size());
        skip = 0;
        // `... 80 degrees ASSESSMENT` / `AND PLAN: Pt required cues`: a heading wrapped over two lines.
        if (index + 1 < raw.lines.size()) {
            if (const auto wrapped = heading_across_lines(text, raw.lines[index + 1].text)) {
                text = text.substr(0, wrapped->cut);
                if (from < text.size())
                    for (const Piece& piece : logical_pieces(text.substr(from)))
                        place_piece(note, state, text, Piece{piece.offset + from, piece.text}, physical.number);
                if (opens_section(note, state, wrapped->heading)) start_heading(note, state, wrapped->heading, raw.lines[index + 1].number);
                skip = wrapped->next_content;
                continue;
            }
        }
        const std::string_view rest = text.substr(from);
        for (const Piece& piece : logical_pieces(rest)) {
            place_piece(note, state, text, Piece{piece.offset + from, piece.text}, physical.number);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Header fields

namespace {

// All `Key:` occurrences of known keys in a line: at its start, or after a wide gap, `|`, `;`.
std::vector<FieldHit> find_fields_in(std::string_view line);

// `Date of Service .. 09/22/2026`, `Patient .......... Fairbanks`: dot leaders instead of a colon.
std::string leaders_as_colons(std::string_view line) {
    std::string out(line);
    for (std::size_t dots = out.find(" .."); dots != std::string::npos; dots = out.find(" ..", dots + 1)) {
        if (dots == 0) continue;
        std::size_t end = dots + 1;
        while (end < out.size() && out[end] == '.') ++end;
        if (end < out.size() && out[end] == ' ') {
            out[dots] = ':';
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(dots + 1), out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
        }
    }
    return out;
}

}  // namespace

std::vector<FieldHit> find_fields(std::string_view line) {
    if (sfind(line, " ..") != std::string_view::npos) return find_fields_in(leaders_as_colons(line));
    if (line.find(':') == std::string_view::npos) return {};
    return find_fields_in(line);
}

namespace {

std::vector<FieldHit> find_fields_in(std::string_view line) {
    std::vector<FieldHit> hits;
    std::string key;
    for (std::size_t c = line.find(':'); c != std::string_view::npos; c = line.find(':', c + 1)) {
        const std::size_t lowest = c > 48 ? c - 48 : 0;
        for (std::size_t j = lowest; j < c; ++j) {
            const bool boundary = j == 0 || (j >= 2 && line[j - 1] == ' ' && (line[j - 2] == ' ' || line[j - 2] == '|' || line[j - 2] == ';' || line[j - 2] == ',')) ||
                                  line[j - 1] == '\t' || line[j - 1] == '|';
            if (!boundary) continue;
            heading_key_into(line.substr(j, c - j), key);
            while (!key.empty() && (key.front() == '-' || key.front() == ' ')) key.erase(0, 1);
            // `Date of Service (final visit / discharge):` is a date of service.
            if (const auto open = key.find(" ("); open != std::string::npos && key.back() == ')') key.erase(open);
            std::optional<Field> field = field_meaning(key);
            // `Referring/Treating Physician:`: the first of two labels joined by a slash.
            if (const auto slash = key.find('/'); !field && slash != std::string::npos && slash > 0) {
                const auto space = key.find(' ', slash);
                field = field_meaning(key.substr(0, slash) + (space == std::string::npos ? "" : key.substr(space)));
                if (!field) field = field_meaning(key.substr(0, slash));
            }
            if (!field) continue;
            std::size_t value = c + 1;
            while (value < line.size() && (line[value] == '*' || line[value] == '_')) ++value;
            hits.push_back({*field, j, value});
            break;
        }
    }
    return hits;
}

std::string field_value(std::string_view line, const std::vector<FieldHit>& hits, std::size_t k);

// A header grid line: fields from its start, several of them or one with a short value (a
// sentence after `Visit:` is prose that may run into a heading).
bool starts_with_header_field(std::string_view line) {
    const auto hits = find_fields(line);
    if (hits.empty() || hits.front().key_start != static_cast<std::size_t>(line.find_first_not_of(" \t"))) return false;
    return hits.size() >= 2 || field_value(line, hits, 0).size() <= 40;
}

// Where a grid's value ends when the next label is one soaplint does not know: a wide gap (or a
// `·`) followed by `Label:` (`Therapist: Tom Berg, PT   Student: Ana Ruiz, SPTA`, `Acct #: 0071144`).
std::size_t next_label(std::string_view line, std::size_t from, std::size_t end) {
    for (std::size_t i = from; i < end; ++i) {
        const bool dot = line.compare(i, 2, "\u00b7") == 0 || (line[i] == '|' && i > 0 && line[i - 1] == ' ');
        const bool gap = i + 2 < end && ((line[i] == ' ' && line[i + 1] == ' ' && line[i + 2] == ' ') || line[i] == '\t');
        if (dot) return i;
        if (!gap) continue;
        std::size_t j = i;
        while (j < end && (line[j] == ' ' || line[j] == '\t')) ++j;
        std::size_t k = j;
        while (k < end && k - j <= 28 && (ascii_alnum(line[k]) || line[k] == ' ' || line[k] == '#' ||
                                          line[k] == '.' || line[k] == '/' || line[k] == '(' || line[k] == ')' || line[k] == '\'' || line[k] == '-'))
            ++k;
        if (k > j && k < end && line[k] == ':' && ascii_alpha(line[j])) return i;
        i = j;
    }
    return end;
}

std::string field_value(std::string_view line, const std::vector<FieldHit>& hits, std::size_t k) {
    std::size_t end = k + 1 < hits.size() ? hits[k + 1].key_start : line.size();
    end = next_label(line, hits[k].value_start, end);
    std::string_view value = trim(line.substr(hits[k].value_start, end - hits[k].value_start));
    while (!value.empty() && value.front() == '.') value.remove_prefix(1);  // a dot leader's tail
    value = trim(value);
    while (!value.empty() && (value.back() == '|' || value.back() == ';' || value.back() == ',')) value.remove_suffix(1);
    return std::string(trim(value));
}

bool looks_like_id(std::string_view value) {
    if (value.empty() || value.size() > 24) return false;
    bool digit = false;
    for (char c : value) {
        if (ascii_digit(c)) digit = true;
        else if (!is_alpha(c) && c != '-' && c != '#') return false;
    }
    return digit;
}

std::optional<CivilDate> to_civil(const grammar::Date& d) { return CivilDate{d.year, d.month, d.day}; }

std::optional<CivilDate> first_date(std::string_view text) {
    const auto dates = grammar::find_dates(text);
    if (dates.empty()) return std::nullopt;
    return to_civil(dates.front());
}

// Words of `text`, lower-cased, punctuation as blanks, padded with a blank on each side, so
// that " re eval" finds `Re-Evaluation` but not `renal failure evaluation`.
std::string padded_words(std::string_view text) {
    std::string out = " ";
    for (const char c : text) {
        const bool word_char = ascii_alnum(c) != 0 || (c & 0x80) != 0;
        const char mapped = word_char ? ascii_lower(c) : ' ';
        if (mapped != ' ' || out.back() != ' ') out.push_back(mapped);
    }
    if (out.back() != ' ') out.push_back(' ');
    return out;
}

// A medical-legal report (a Qualified Medical Evaluation, an IME) examines for a claim; it is
// not therapy, whatever it calls itself.
bool medical_legal(const std::string& padded) {
    return padded.find(" qualified medical") != std::string::npos || padded.find(" independent medical") != std::string::npos ||
           padded.find(" qme ") != std::string::npos || padded.find(" ime ") != std::string::npos ||
           padded.find(" medical legal") != std::string::npos;
}

}  // namespace

NoteKind kind_from_text(std::string_view text) {
    const std::string t = padded_words(text);
    // `w` starts at a word boundary (a leading blank in `w` is that boundary).
    const auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
    if (medical_legal(t)) return NoteKind::unknown;
    if (has(" re eval") || has(" reeval") || has(" recert") || has(" re exam") || has(" reexam")) return NoteKind::reevaluation;
    if (has(" discharge")) return NoteKind::discharge;
    if (has(" progress note") || has(" progress report") || has(" progress summary") || t == " progress ")
        return NoteKind::progress;
    if (has(" eval") || has(" initial exam") || has(" initial visit") || has(" initial consult") ||
        has(" therapy assessment") || has(" initial assessment") || t == " exam " || t == " examination ")
        return NoteKind::evaluation;
    if (has(" plan of care") || has(" poc ") || has(" certification")) return NoteKind::plan_of_care;
    if (has(" daily") || has(" treatment note") || has(" visit note") || has(" soap note") || has(" session note") ||
        has(" group therapy") || has(" therapy note") ||
        has(" follow up") || has(" treatment encounter") || has(" routine visit"))
        return NoteKind::daily;
    return NoteKind::unknown;
}

namespace {

// A title line naming the note type: "PHYSICAL THERAPY INITIAL EVALUATION", "Daily Note".
bool looks_like_title(std::string_view text) {
    text = trim(strip_markup(text));
    // `Clinicient Insight :: Initial Evaluation & Plan of Care`: the title follows the system's name.
    if (const auto sep = text.rfind(" :: "); sep != std::string_view::npos) text = trim(text.substr(sep + 4));
    // `PHYSICAL THERAPY PROGRESS REPORT          Page 1 of 2`: the title is the first cell.
    if (const auto gap = text.find("   "); gap != std::string_view::npos && gap > 0) text = text.substr(0, gap);
    if (text.empty() || text.size() > 70 || text.find(':') != std::string_view::npos) return false;
    // A sentence is not a title: `Prescription evaluation for Crohn's disease.`
    if (text.back() == '.' || std::count(text.begin(), text.end(), ' ') >= 10) return false;
    const std::string t = ascii_lower(text);
    for (const char* word : {"note", "evaluation", "eval", "report", "summary", "plan of care", "re-evaluation", "visit", "discharge",
                             "progress", "exam", "consultation", "therapy assessment", "initial assessment"}) {
        if (t.find(word) != std::string::npos) return true;
    }
    return false;
}

void apply_field(Note& note, Field field, const std::string& value, int line) {
    switch (field) {
        case Field::patient:
            if (value.empty()) break;
            // `PT: Jenna Cole, PT, DPT`: the physical therapist, not the patient.
            if (const Provider p = parse_provider(value); !p.name.empty() && !p.credentials.empty()) {
                apply_field(note, Field::provider, value, line);
                break;
            }
            if (looks_like_id(value)) {
                if (!note.patient_id) note.patient_id = value;
            } else if (!note.patient_name) {
                note.patient_name = value;
            }
            break;
        case Field::patient_id:
            if (!note.patient_id && !value.empty()) note.patient_id = value;
            break;
        case Field::dob:
            if (!note.dob) note.dob = first_date(value);
            break;
        case Field::date_of_service:
            if (!note.date_of_service) {
                note.date_of_service = first_date(value);
                if (note.date_of_service) note.date_line = line;
            }
            break;
        case Field::provider:
        case Field::signature: {
            Provider provider = parse_provider(value);
            provider.line = line;
            const auto therapist = [](const Provider& p) {
                return std::any_of(p.credentials.begin(), p.credentials.end(),
                                   [](const std::string& c) { return credential_kind(c) == CredentialKind::therapy; });
            };
            // The therapist who signs treated the patient, not the physician a header names.
            const bool better = !note.provider || (note.provider->credentials.empty() && !provider.credentials.empty()) ||
                                (field == Field::signature && therapist(provider) && !therapist(*note.provider));
            if (!provider.name.empty() && better) note.provider = provider;
            // `Signed: Brandon Keller` under `Provider: Keller, Brandon`: the signature is what
            // lacks the credential.
            else if (field == Field::signature && !provider.name.empty() && note.provider && note.provider->credentials.empty())
                note.provider->line = line;
            break;
        }
        case Field::payer:
            if (!note.payer_text && !value.empty()) {
                note.payer_text = value;
                note.payer_line = line;
            }
            break;
        case Field::referral:
            if (!note.referral && !value.empty()) {
                note.referral = value;
                note.referral_line = line;
            }
            break;
        case Field::authorization:
            if (!note.authorization && !value.empty()) {
                note.authorization = value;
                note.authorization_line = line;
            }
            break;
        case Field::note_type:
            if (const NoteKind kind = kind_from_text(value); kind != NoteKind::unknown) note.kind = kind;
            break;
        case Field::cosigner:         // the supervising therapist co-signs; the provider is who treated
        case Field::secondary_payer:  // the profile is the primary payer's
            break;
    }
}

// `Date of Birth      03/02/1968      Encounter Date  10/06/2026`: labels and values in cells
// of a grid without colons. A cell that is exactly a known label gives the next cell its value.
// `| Patient | DOS        | Payer |` over `| Sato, Kenji | 11/03/2026 | UHC |`: labels across a
// header table, their values in the row below.
void read_labels_over_values(Note& note, const Line& labels, const Line& values) {
    if (labels.text.empty() || labels.text.front() != '|' || values.text.empty() || values.text.front() != '|') return;
    const auto heads = bar_cells(labels.text), cells = bar_cells(values.text);
    if (heads.size() < 2 || heads.size() != cells.size()) return;
    int known = 0;
    for (const std::string& h : heads) known += field_meaning(heading_key(h)) ? 1 : 0;
    if (known < 2) return;
    for (std::size_t k = 0; k < heads.size(); ++k)
        if (const auto field = field_meaning(heading_key(heads[k])); field && !cells[k].empty())
            apply_field(note, *field, cells[k], values.number);
}

// `| Date of Service          | 02/09/2026 |`: a header printed as a two-column table.
void read_label_value_row(Note& note, const Line& line) {
    const std::vector<std::string> cells = bar_cells(line.text);
    // `| Date of service | Oct 6, 2026 | Visit | 10 |`: label and value pairs side by side.
    if (cells.size() == 4 || cells.size() == 6) {
        for (std::size_t k = 0; k + 1 < cells.size(); k += 2) {
            if (cells[k].empty() || cells[k + 1].empty()) continue;
            if (const auto field = field_meaning(heading_key(cells[k]))) apply_field(note, *field, cells[k + 1], line.number);
        }
        return;
    }
    if (cells.size() != 2 || cells[0].empty() || cells[1].empty()) return;
    std::string key = heading_key(cells[0]);
    if (const auto slash = key.find(" / "); slash != std::string::npos) key = key.substr(0, slash);  // `DOB / Sex`
    if (const auto field = field_meaning(key)) {
        std::string value = cells[1];
        if (const auto slash = value.find(" / "); slash != std::string::npos && *field != Field::provider) value = value.substr(0, slash);
        apply_field(note, *field, value, line.number);
    } else if (note.kind == NoteKind::unknown && (key == "document" || key == "note" || key == "form")) {
        note.kind = kind_from_text(cells[1]);
        note.kind_from_title = note.kind != NoteKind::unknown;
    }
}

void read_label_value_grid(Note& note, const Line& line) {
    std::vector<std::string> cells;
    std::string_view text = line.text;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && !(text[j] == ' ' && j + 1 < text.size() && text[j + 1] == ' ')) ++j;
        if (j > i) cells.emplace_back(text.substr(i, j - i));
        i = j;
    }
    if (cells.size() < 2) return;
    for (std::size_t k = 0; k + 1 < cells.size(); ++k) {
        // A label may run into its value after one space (`Treating Therapist Ingrid Solberg, OTR/L`).
        if (const auto field = field_meaning(heading_key(cells[k]))) {
            apply_field(note, *field, cells[k + 1], line.number);
            ++k;
        }
    }
}


// A closing line that is only a name and credentials: "Alex Kim, PT, DPT", "Dr. Lee Park DC".
bool bare_signature(std::string_view text) {
    bool seen_credential = false;
    int name_words = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != ',') ++j;
        if (j == i) break;
        const std::string_view token = text.substr(i, j - i);
        if (is_credential(token)) {
            seen_credential = true;
        } else {
            if (seen_credential || !is_upper(token.front())) return false;  // prose, not a signature
            ++name_words;
        }
        i = j;
    }
    return seen_credential && name_words >= 2 && name_words <= 5;
}

// `Electronically signed by Alex Kim, PT on 3/14/2026`, `/s/ Alex Kim, PT`, or a closing line
// that is a name with credentials only.
void read_signature_line(Note& note, const Line& line) {
    std::string_view text = trim(line.text);
    std::size_t skip = 0;
    static constexpr std::array<std::string_view, 13> leads = {
        "/es/ ", "electronically signed by: ", "electronically signed by ", "signed electronically by ",
        "electronically signed: ", "signed electronically: ", "e-signed by ", "e-signed: ",
        "signed by: ", "signed by ", "/s/ ", "signed: ", "signature: "};
    for (std::string_view lead : leads) {
        if (istarts_with(text, lead)) {
            skip = lead.size();
            break;
        }
    }
    if (skip == 0 && (istarts_with(text, "signed electronically ") || istarts_with(text, "electronically signed ")) &&
        ifind(text, " by ") != std::string_view::npos)
        skip = ifind(text, " by ") + 4;  // `Signed electronically 04/20/2026 5:47 PM by NGUYEN, LINH (OT)`
    // The first `  `, ` - ` and ` / ` of the line, found in one pass over its blanks.
    std::size_t gap = std::string_view::npos, dash = std::string_view::npos, slash = std::string_view::npos;
    for (std::size_t i = text.find(' '); i != std::string_view::npos && i + 1 < text.size(); i = text.find(' ', i + 1)) {
        const char next = text[i + 1];
        if (next == ' ') {
            if (gap == std::string_view::npos) gap = i;
        } else if (i + 2 < text.size() && text[i + 2] == ' ') {
            if (next == '-' && dash == std::string_view::npos) dash = i;
            if (next == '/' && slash == std::string_view::npos) slash = i;
        }
        if (gap != std::string_view::npos && dash != std::string_view::npos && slash != std::string_view::npos) break;
    }
    // `Jenna Cole, PT, DPT     Signed 07/09/2026`, `Kyle Brandt, DC, CCSP  -  e-signed ...`: the
    // signature is the first cell of the line.
    if (skip == 0) {
        std::size_t end = gap;
        if (dash != std::string_view::npos && (end == std::string_view::npos || dash < end)) end = dash;
        const std::string_view after = end == std::string_view::npos ? std::string_view() : text.substr(end);
        // `Jordan Pike, PTA (FL PTA 31872)   e-signed ...`: the license in parentheses is no part of it.
        if (end != std::string_view::npos) {
            const std::size_t open = sfind(text.substr(0, end), " (");
            if (open != std::string_view::npos) end = open;
        }
        if (end != std::string_view::npos && end > 0 && bare_signature(trim(text.substr(0, end))) &&
            (icontains(after, "sign") || icontains(after, "lic") || icontains(after, "npi")))
            text = trim(text.substr(0, end));
    }
    // `Ana Ruiz, SPTA / Tom Berg, PT`: a student's signature with the co-signer's. (`text` may be
    // the line's first cell now, a prefix of the line: the first ` / ` in it is the line's, if it fits.)
    if (slash != std::string_view::npos && slash + 3 > text.size()) slash = std::string_view::npos;
    const bool cosigned = slash != std::string_view::npos && bare_signature(trim(text.substr(0, slash))) &&
                          bare_signature(trim(text.substr(slash + 3)));
    if (skip == 0 && !cosigned && (text.size() > 60 || !bare_signature(text))) return;
    Provider provider = parse_provider(text.substr(skip));
    if (provider.name.empty() || provider.credentials.empty()) return;
    provider.line = line.number;
    if (!note.provider || note.provider->credentials.empty()) note.provider = provider;
}

}  // namespace

std::optional<CredentialKind> credential_kind(std::string_view token) {
    using K = CredentialKind;
    struct Entry {
        std::string_view name;
        CredentialKind kind;
    };
    static constexpr auto credentials = std::to_array<Entry>({
        {"PT", K::therapy}, {"DPT", K::therapy}, {"PTA", K::therapy}, {"MPT", K::therapy}, {"MSPT", K::therapy},
        {"OT", K::therapy}, {"OTR", K::therapy}, {"OTR/L", K::therapy}, {"OTD", K::therapy}, {"COTA", K::therapy},
        {"COTA/L", K::therapy}, {"LMT", K::therapy}, {"CMT", K::therapy}, {"LMP", K::therapy}, {"LMBT", K::therapy},
        {"RMT", K::therapy}, {"NCMT", K::other}, {"NCBTMB", K::therapy}, {"DC", K::therapy}, {"ATC", K::therapy},
        {"CHT", K::therapy}, {"SLP", K::therapy}, {"CCC-SLP", K::therapy},
        {"MD", K::medical}, {"DO", K::medical}, {"NP", K::medical}, {"PA", K::medical}, {"PA-C", K::medical},
        {"RN", K::medical}, {"FNP", K::medical},
        {"LAT", K::other}, {"CPT-LMT", K::other}, {"MSOT", K::other}, {"DNP", K::other}, {"CSCS", K::other}, {"OCS", K::other}, {"SCS", K::other}, {"FAAOMPT", K::other}, {"COMT", K::other},
        {"CLT", K::other}, {"PHD", K::other}, {"MS", K::other}, {"BCB-PMD", K::other}, {"GCS", K::other},
        {"CCSP", K::other}, {"DACBSP", K::other}, {"CCEP", K::other}, {"DACNB", K::other}, {"DACBR", K::other},
        {"NCS", K::other}, {"WCS", K::other}, {"PCS", K::other}, {"ATP", K::other},
        {"SPT", K::other}, {"SPTA", K::other}, {"OTS", K::other}, {"MOT", K::other}});
    // The letters credentials start with: any other first byte names none (`5/10`, `with`).
    static const auto firsts = [] {
        std::array<bool, 256> table{};
        for (const Entry& e : credentials) table[static_cast<unsigned char>(e.name.front())] = true;
        return table;
    }();
    const std::size_t first = token.find_first_not_of('.');
    if (first == std::string_view::npos) return std::nullopt;
    const char lead = ascii_is_lower(token[first]) ? static_cast<char>(token[first] - ('a' - 'A')) : token[first];
    if (!firsts[static_cast<unsigned char>(lead)]) return std::nullopt;
    static constexpr std::size_t longest = 7;  // `CPT-LMT`, `FAAOMPT`
    char upper[longest];
    std::size_t n = 0;
    for (char c : token) {
        if (c == '.') continue;  // L.M.T. -> LMT
        if (n == longest) return std::nullopt;  // longer than any credential
        upper[n++] = ascii_is_lower(c) ? static_cast<char>(c - ('a' - 'A')) : c;
    }
    const std::string_view t(upper, n);
    if (std::any_of(token.begin(), token.end(), ascii_is_lower) && t != "PHD" && token != "OTR/L")
        return std::nullopt;  // credentials are written in capitals; "Pt" is the patient
    const auto it = std::find_if(credentials.begin(), credentials.end(), [&](const Entry& e) { return e.name == t; });
    if (it == credentials.end()) return std::nullopt;
    return it->kind;
}

bool is_credential(std::string_view token) { return credential_kind(token).has_value(); }

namespace {

Provider parse_one_provider(std::string_view text);


std::string title_case(std::string_view w) {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i)
        out.push_back(i == 0 || w[i - 1] == '-' ? w[i] : ascii_lower(w[i]));
    return out;
}

// How exports print a provider, rewritten to `First Last, CRED`: `Dr. Lena Marsh, DC` drops the
// title, `NGUYEN, LINH (OT)` is `Linh Nguyen, OT`.
std::string normal_provider_text(std::string_view text) {
    text = trim(text);
    // `Evaluating PT: Lydia Ferraro, PT, DPT` after a signature lead: the label is no name.
    if (const auto colon = text.rfind(": "); colon != std::string_view::npos && colon < 30) text = trim(text.substr(colon + 2));
    for (std::string_view title : {"Dr. ", "Dr ", "DR. "})
        if (starts_with(text, title)) text = trim(text.substr(title.size()));
    std::string out(text);
    const auto open = out.find('(');
    const auto close = out.find(')', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos && is_credential(trim(std::string_view(out).substr(open + 1, close - open - 1))))
        out = out.substr(0, open) + ", " + std::string(trim(std::string_view(out).substr(open + 1, close - open - 1))) + out.substr(close + 1);
    const auto comma = out.find(", ");
    if (comma != std::string::npos) {
        const std::string_view last = std::string_view(out).substr(0, comma);
        std::string_view rest = std::string_view(out).substr(comma + 2);
        const auto end = rest.find_first_of(", ");
        const std::string_view first = rest.substr(0, end);
        const bool one_word = last.find(' ') == std::string_view::npos && !last.empty() && !first.empty() &&
                              is_upper(last.front()) && is_upper(first.front());
        if (one_word && !is_credential(first) && !is_credential(last))  // `NGUYEN, LINH`, `Nguyen, Thomas PT`
            out = title_case(first) + " " + title_case(last) + std::string(end == std::string_view::npos ? "" : rest.substr(end));
    }
    return out;
}

}  // namespace

// `Ana Ruiz, SPTA / Tom Berg, PT`: a student and the therapist who co-signs; the therapist is
// the provider of record.
Provider parse_provider(std::string_view text) {
    const std::string normal = normal_provider_text(text);
    const auto slash = normal.find(" / ");
    if (slash == std::string::npos) return parse_one_provider(normal);
    Provider left = parse_one_provider(normal.substr(0, slash));
    Provider right = parse_one_provider(normal_provider_text(normal.substr(slash + 3)));
    const auto licensed = [](const Provider& p) {
        return std::any_of(p.credentials.begin(), p.credentials.end(),
                           [](const std::string& c) { return credential_kind(c) == CredentialKind::therapy || credential_kind(c) == CredentialKind::medical; });
    };
    return licensed(right) || !licensed(left) ? right : left;
}

namespace {

Provider parse_one_provider(std::string_view text) {
    Provider provider;
    text = trim(text);
    // Cut a trailing date/time: "Alex Kim, PT on 03/14/2026 at 10:55".
    const std::string lower = ascii_lower(text);
    for (std::string_view cut : {" on ", " date", " at ", " (", " - "}) {
        const auto at = lower.find(cut);
        if (at != std::string::npos && at > 0) {
            text = text.substr(0, at);
            break;
        }
    }
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != '\t') ++j;
        if (j > i) tokens.push_back(text.substr(i, j - i));
        i = j;
    }
    std::string name;
    bool in_credentials = false;
    for (std::string_view token : tokens) {
        if (is_credential(token)) {
            in_credentials = true;
            std::string cred;
            for (char c : token)
                if (c != '.') cred.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
            if (std::find(provider.credentials.begin(), provider.credentials.end(), cred) == provider.credentials.end())
                provider.credentials.push_back(cred);
        } else if (!in_credentials) {
            // `Marcus Bell 09/14/2026 7:02 PM`: the name ends where a date or time starts.
            if (ascii_digit(token.front())) in_credentials = true;
            else {
                if (!name.empty()) name.push_back(' ');
                name.append(token);
            }
        }
    }
    const bool has_letter = std::any_of(name.begin(), name.end(), is_alpha);
    const auto words = std::count(name.begin(), name.end(), ' ') + 1;
    if (has_letter && words <= 6) provider.name = name;
    return provider;
}

}  // namespace

// `Status: DRAFT - NOT SIGNED`, `Signature: DRAFT`, `*** UNSIGNED ***`: the note is not signed.
bool marks_unsigned_lower(std::string_view lower);

bool marks_unsigned(std::string_view text) { return marks_unsigned_lower(ascii_lower(text)); }

// The same for a text already in lower case.
bool marks_unsigned_lower(std::string_view lower) {
    // Every cue below holds `sign` or `draft`.
    if (!contains(lower, "sign") && !contains(lower, "draft")) return false;
    if (contains(lower, "not signed") || contains(lower, "unsigned") || contains(lower, "signature pending") ||
        contains(lower, "pending signature") || contains(lower, "awaiting signature"))
        // The physician's certification of the plan is R003's business, not the note's signature.
        return !contains(lower, "physician") && !contains(lower, "md ") && !contains(lower, "certif") &&
               !contains(lower, "plan of care") && !contains(lower, "poc");
    const std::string_view t = trim(lower);
    return t == "draft" || starts_with(t, "status: draft") || starts_with(t, "signature: draft") || starts_with(t, "** draft") ||
           starts_with(t, "*** draft") || starts_with(t, "draft -") || starts_with(t, "draft note");
}

// A header line that is a date, alone or with the visit's times: Jane App's
// `Thu, Apr 9, 2026 · 9:00 AM - 9:45 AM`, a letter's `June 22, 2026`.
std::optional<CivilDate> date_line(std::string_view text) {
    text = trim(text);
    static constexpr std::array<std::string_view, 7> weekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (text.size() > 3 && std::find(weekdays.begin(), weekdays.end(), ascii_lower(text.substr(0, 3))) != weekdays.end()) {
        const std::size_t comma = text.find(',');
        if (comma == std::string_view::npos || comma > 10) return std::nullopt;
        text = trim(text.substr(comma + 1));
    }
    const auto dates = grammar::find_dates(text);
    if (dates.empty() || dates.front().span.begin != 0) return std::nullopt;
    const std::string_view rest = trim(text.substr(dates.front().span.end));
    const bool with_times = !rest.empty() && (rest.rfind("\u00b7", 0) == 0 || rest.front() == '|' || rest.front() == '-' ||
                                              rest.front() == '@' || rest.rfind("at ", 0) == 0) &&
                            !grammar::find_times(rest).empty();
    if (!rest.empty() && !with_times) return std::nullopt;
    return to_civil(dates.front());
}

// `DOS 3/12/26` without a colon, at the start of a line or after a wide gap.
std::optional<CivilDate> bare_dos(std::string_view text) {
    for (std::size_t at = text.find("DOS "); at != std::string_view::npos; at = text.find("DOS ", at + 1)) {
        const bool boundary = at == 0 || (at >= 2 && text[at - 1] == ' ' && (text[at - 2] == ' ' || text[at - 2] == '|')) ||
                              text[at - 1] == '\t';
        if (!boundary) continue;
        std::size_t from = at + 4;
        while (from < text.size() && text[from] == ' ') ++from;  // `DOS      01/27/2026`
        const auto dates = grammar::find_dates(text.substr(from, 20));
        if (!dates.empty() && dates.front().span.begin <= 1) return to_civil(dates.front());
    }
    return std::nullopt;
}

// `Reporting period: ...`, `since the initial evaluation`, `Goal status`: a report over a period.
bool reports_a_period(const Note& note) {
    static constexpr std::array<std::string_view, 14> cues = {
        "reporting period", "report period", "progress report", "since the initial", "since initial", "since ie",
        "since eval", "since the evaluation", "since start of care", "since soc", "goal status", "status of goals",
        "visits to date", "progress summary"};
    bool goal_status = false, compared_to_start = false;
    for (const Line& line : note.lines) {
        const std::string lower = ascii_lower(line.text);
        if (std::any_of(cues.begin(), cues.end(), [&](std::string_view c) { return lower.find(c) != std::string::npos; }))
            return true;
        // `STG 1 (chair stand 8 reps) met` with `9 reps (visit 1: 5 reps)`: goals reviewed against the start.
        if ((lower.find("stg") != std::string::npos || lower.find("ltg") != std::string::npos || lower.find("goal") != std::string::npos) &&
            (lower.find(" met") != std::string::npos || lower.find("progressing") != std::string::npos))
            goal_status = true;
        if (lower.find("visit 1:") != std::string::npos || lower.find("visit 1)") != std::string::npos ||
            lower.find("at initial") != std::string::npos || lower.find("at ie") != std::string::npos || lower.find("(ie") != std::string::npos)
            compared_to_start = true;
    }
    return goal_status && compared_to_start;
}

void read_header_fields(Note& note) {
    int title_lines_seen = 0;
    bool legal = false;  // a medical-legal report: no therapy kind from its headings either
    bool dated_by_line = false;  // the date came from a bare date line: a labelled date of service wins
    bool generic_progress_title = false;  // titled `Progress Note`, the name some systems give every visit
    for (Line& line : note.lines) {
        const auto hits = find_fields(line.text);
        const bool before_body = line.section < 0 || note.sections[static_cast<std::size_t>(line.section)].name == SectionName::diagnosis ||
                                 note.sections[static_cast<std::size_t>(line.section)].name == SectionName::history;
        if (!note.date_of_service && before_body) {
            if (auto date = bare_dos(line.text)) {
                note.date_of_service = date;
                note.date_line = line.number;
            } else if (hits.empty() && (date = date_line(line.text))) {
                note.date_of_service = date;
                note.date_line = line.number;
                dated_by_line = true;
            }
        }
        // A header line: fields from its start, or a print header's `OKAFOR, JAMES   Acct #: 0071144`.
        line.header = !hits.empty() && (hits.front().key_start == 0 ||
                                        (hits.front().key_start <= 40 && line.text.substr(0, hits.front().key_start).find('.') == std::string::npos &&
                                         hits.front().field != Field::signature && hits.front().field != Field::date_of_service));
        for (std::size_t k = 0; k < hits.size(); ++k) {
            if (hits[k].field == Field::date_of_service && dated_by_line) {
                if (first_date(field_value(line.text, hits, k))) note.date_of_service.reset(), dated_by_line = false;
            }
            std::string value = field_value(line.text, hits, k);
            // `Appointment: Initial Assessment (60 min) · Monday, 9 March 2026, 4:00 PM`: the date
            // follows the appointment's name on the same line.
            if (hits[k].field == Field::date_of_service && !first_date(value) && !note.date_of_service)
                if (first_date(std::string_view(line.text).substr(hits[k].value_start))) value = line.text.substr(hits[k].value_start);
            apply_field(note, hits[k].field, value, line.number);
        }
        if (hits.empty() || hits.front().field == Field::signature) read_signature_line(note, line);
        if (note.unsigned_line == 0 && marks_unsigned_lower(line.lower())) note.unsigned_line = line.number;
        if (hits.empty() && line.section < 0) read_label_value_grid(note, line);
        if (hits.empty() && line.section < 0 && !line.text.empty() && line.text.front() == '|') read_label_value_row(note, line);
        if (hits.empty() && line.section < 0 && &line != &note.lines.back()) read_labels_over_values(note, line, *(&line + 1));
        if (note.kind == NoteKind::unknown && hits.empty() && title_lines_seen < 8 && line.section < 0 && !legal) {
            ++title_lines_seen;
            std::string_view title = trim(line.text);
            // `SUMMIT OCCUPATIONAL REHAB       WORKERS' COMPENSATION - PT DAILY NOTE`: a letterhead
            // line may carry the title in its last cell.
            if (const auto gap = title.rfind("   "); gap != std::string_view::npos && !looks_like_title(title.substr(0, title.find("   "))) &&
                                                       kind_from_text(trim(title.substr(gap))) != NoteKind::unknown)
                title = trim(title.substr(gap));
            if (medical_legal(padded_words(line.text))) legal = note.medical_legal = true;
            else if (looks_like_title(title)) {
                if (const auto gap = title.find("   "); gap != std::string_view::npos && gap > 0) title = title.substr(0, gap);
                note.kind = kind_from_text(title);
                note.kind_from_title = note.kind != NoteKind::unknown;
                generic_progress_title = note.kind == NoteKind::progress && padded_words(title).find(" progress note") != std::string::npos;
            }
        }
    }
    // SimplePractice and eClinicalWorks print `Progress Note(s)` on every visit: such a note is a
    // progress report only when it reports progress over a period.
    if (generic_progress_title && !reports_a_period(note)) note.kind = NoteKind::daily;
    note.generic_title = generic_progress_title;
    if (note.kind == NoteKind::unknown && !legal) {
        for (const Section& section : note.sections) {
            // `Goals (from eval 05/11/2026):` points at another note; it names none.
            const bool points_elsewhere = section.heading.find_first_of("0123456789") != std::string::npos ||
                                          ascii_lower(section.heading).find("from") != std::string::npos;
            if (section.heading.size() < 60 && !points_elsewhere && looks_like_title(section.heading)) {
                if (const NoteKind kind = kind_from_text(section.heading); kind != NoteKind::unknown) {
                    note.kind = kind;
                    note.kind_from_title = true;
                    break;
                }
            }
        }
    }
}


// ---------------------------------------------------------------------------------------------
// Header lines as the note splitter (src/split.cpp) reads them.

// `Printed 04/15/2026 8:03 AM by kmorales   Page 1 of 1`, `Page 2 of 4   CONFIDENTIAL`.
bool is_page_footer(std::string_view line) {
    const std::string_view t = trim(line);
    const auto page = ifind(t, "page ");
    if (page != std::string_view::npos && ifind(t, " of ", page) != std::string_view::npos &&
        page + 5 < t.size() && ascii_digit(t[page + 5]))
        return true;
    return istarts_with(t, "printed ") || istarts_with(t, "printed on ");
}

namespace {

bool starts_with_signature(std::string_view line) {
    static constexpr std::array<std::string_view, 9> leads = {"electronically signed", "signed electronically", "signed by", "signed:",
                                                              "/s/", "signature:", "e-signed", "co-signed", "cosigned"};
    const std::string_view t = trim(line);
    for (std::string_view lead : leads)
        if (istarts_with(t, lead)) return true;
    return false;
}

}  // namespace

// What ends a note on paper: a signature or a page footer.
bool is_closing_line(std::string_view line) {
    return starts_with_signature(line) || is_page_footer(line) ||
           (line.find(':') == std::string_view::npos && bare_signature(trim(line)));
}

// The date a line gives as the date of service: `Visit Date: 04/14/2026`, `DOS 3/12/26`.
std::optional<CivilDate> service_date_in(std::string_view line) { return service_date_in(line, find_fields(line)); }

std::optional<CivilDate> service_date_in(std::string_view line, const std::vector<FieldHit>& hits) {
    for (std::size_t k = 0; k < hits.size(); ++k)
        if (hits[k].field == Field::date_of_service) return first_date(field_value(line, hits, k));
    return bare_dos(line);
}

bool has_field(std::string_view line, Field field) { return has_field(find_fields(line), field); }

bool has_field(const std::vector<FieldHit>& hits, Field field) {
    return std::any_of(hits.begin(), hits.end(), [&](const FieldHit& h) { return h.field == field; });
}

bool is_kind_title(std::string_view line) {
    return looks_like_title(line) && kind_from_text(line) != NoteKind::unknown;
}

// The patient a header line names: its Patient ID/MRN, else the patient's name ("" for none).
std::string patient_in(std::string_view line) { return patient_in(line, find_fields(line)); }

std::string patient_in(std::string_view line, const std::vector<FieldHit>& hits) {
    std::string name;
    for (std::size_t k = 0; k < hits.size(); ++k) {
        if (hits[k].field == Field::patient_id) return field_value(line, hits, k);
        if (hits[k].field == Field::patient && name.empty()) name = field_value(line, hits, k);
    }
    return name;
}

}  // namespace soaplint
