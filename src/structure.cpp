#include "structure.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "grammar/api.hpp"
#include "suppress.hpp"

namespace soaplint {

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// ---------------------------------------------------------------------------------------------
// Notes

bool is_separator_line(std::string_view line) {
    line = trim(line);
    if (line.size() < 3) return false;
    const char c = line.front();
    if (c != '-' && c != '*' && c != '=') return false;
    return std::all_of(line.begin(), line.end(), [c](char x) { return x == c || x == ' '; });
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

}  // namespace

std::vector<RawNote> split_notes(const std::vector<DecodedLine>& lines) {
    std::vector<RawNote> notes;
    RawNote current;
    const auto flush = [&] {
        const bool has_text = std::any_of(current.lines.begin(), current.lines.end(),
                                          [](const DecodedLine& l) { return !is_blank(l.text); });
        if (has_text) {
            current.index = static_cast<int>(notes.size());
            notes.push_back(std::move(current));
        }
        current = RawNote{};
    };
    for (const DecodedLine& line : lines) {
        const auto form_feed = line.text.find('\f');
        if (form_feed != std::string::npos) {
            // Text before the form feed ends the note; text after it starts the next one.
            DecodedLine before{line.text.substr(0, form_feed), line.number};
            DecodedLine after{line.text.substr(form_feed + 1), line.number};
            if (!is_blank(before.text)) current.lines.push_back(std::move(before));
            flush();
            if (!is_blank(after.text)) current.lines.push_back(std::move(after));
            continue;
        }
        if (is_separator_line(line.text)) {
            flush();
            continue;
        }
        current.lines.push_back(line);
    }
    flush();
    return notes;
}

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

struct HeadingWord {
    SectionName name;
    bool top_level;
    const char* term;  // goal term for STG/LTG headings
};

const std::unordered_map<std::string, HeadingWord>& heading_words() {
    using S = SectionName;
    static const std::unordered_map<std::string, HeadingWord> words = {
        {"subjective", {S::subjective, true, nullptr}},
        {"s", {S::subjective, true, nullptr}},
        {"subjective complaints", {S::subjective, true, nullptr}},
        {"subjective findings", {S::subjective, true, nullptr}},
        {"subjective report", {S::subjective, true, nullptr}},
        {"objective", {S::objective, true, nullptr}},
        {"o", {S::objective, true, nullptr}},
        {"objective findings", {S::objective, true, nullptr}},
        {"objective data", {S::objective, true, nullptr}},
        {"objective measures", {S::objective, true, nullptr}},
        {"objective measurements", {S::objective, true, nullptr}},
        {"objective exam", {S::objective, true, nullptr}},
        {"objective examination", {S::objective, true, nullptr}},
        {"assessment", {S::assessment, true, nullptr}},
        {"a", {S::assessment, true, nullptr}},
        {"clinical assessment", {S::assessment, true, nullptr}},
        {"impression", {S::assessment, true, nullptr}},
        {"clinical impression", {S::assessment, true, nullptr}},
        {"plan", {S::plan, true, nullptr}},
        {"p", {S::plan, true, nullptr}},
        {"treatment plan", {S::plan, true, nullptr}},
        {"plan of care", {S::plan, true, nullptr}},
        {"poc", {S::plan, true, nullptr}},
        {"plan of treatment", {S::plan, true, nullptr}},
        {"recommendations", {S::plan, true, nullptr}},
        {"recommendation", {S::plan, true, nullptr}},
        {"session plan", {S::plan, true, nullptr}},
        {"therapy plan", {S::plan, true, nullptr}},
        {"rehab plan", {S::plan, true, nullptr}},
        {"rehabilitation plan", {S::plan, true, nullptr}},
        {"care plan", {S::plan, true, nullptr}},
        {"discharge plan", {S::plan, true, nullptr}},
        {"goals", {S::goals, true, nullptr}},
        {"goal", {S::goals, true, nullptr}},
        {"functional goals", {S::goals, true, nullptr}},
        {"treatment goals", {S::goals, true, nullptr}},
        {"short term goals", {S::goals, true, "short"}},
        {"short-term goals", {S::goals, true, "short"}},
        {"short term goal", {S::goals, true, "short"}},
        {"short-term goal", {S::goals, true, "short"}},
        {"stg", {S::goals, true, "short"}},
        {"stgs", {S::goals, true, "short"}},
        {"long term goals", {S::goals, true, "long"}},
        {"long-term goals", {S::goals, true, "long"}},
        {"long term goal", {S::goals, true, "long"}},
        {"long-term goal", {S::goals, true, "long"}},
        {"ltg", {S::goals, true, "long"}},
        {"ltgs", {S::goals, true, "long"}},
        {"treatment", {S::treatment, true, nullptr}},
        {"treatments", {S::treatment, true, nullptr}},
        {"interventions", {S::treatment, true, nullptr}},
        {"intervention", {S::treatment, true, nullptr}},
        {"treatment provided", {S::treatment, true, nullptr}},
        {"treatment performed", {S::treatment, true, nullptr}},
        {"treatment today", {S::treatment, true, nullptr}},
        {"today's treatment", {S::treatment, true, nullptr}},
        {"services provided", {S::treatment, true, nullptr}},
        {"skilled interventions", {S::treatment, true, nullptr}},
        {"procedures", {S::treatment, true, nullptr}},
        {"billing", {S::billing, true, nullptr}},
        {"charges", {S::billing, true, nullptr}},
        {"cpt", {S::billing, true, nullptr}},
        {"cpt codes", {S::billing, true, nullptr}},
        {"codes billed", {S::billing, true, nullptr}},
        {"billing codes", {S::billing, true, nullptr}},
        {"services billed", {S::billing, true, nullptr}},
        {"diagnosis", {S::diagnosis, false, nullptr}},
        {"diagnoses", {S::diagnosis, false, nullptr}},
        {"dx", {S::diagnosis, false, nullptr}},
        {"treatment diagnosis", {S::diagnosis, false, nullptr}},
        {"medical diagnosis", {S::diagnosis, false, nullptr}},
        {"referral diagnosis", {S::diagnosis, false, nullptr}},
        {"diagnosis codes", {S::diagnosis, false, nullptr}},
        {"icd-10", {S::diagnosis, false, nullptr}},
        {"icd-10 codes", {S::diagnosis, false, nullptr}},
        {"history", {S::history, false, nullptr}},
        {"history of present illness", {S::history, false, nullptr}},
        {"hpi", {S::history, false, nullptr}},
        {"past medical history", {S::history, false, nullptr}},
        {"pmh", {S::history, false, nullptr}},
        {"chief complaint", {S::history, false, nullptr}},
        {"medical history", {S::history, false, nullptr}},
    };
    return words;
}

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

// Lower-case, markup and commas removed, blanks collapsed: "ASSESSMENT AND ,PLAN" -> "assessment and plan".
std::string heading_key(std::string_view raw) {
    std::string key;
    for (char c : raw) {
        if (c == '*' || c == '_' || c == '#' || c == ',') continue;
        if (c == ' ' || c == '\t') {
            if (!key.empty() && key.back() != ' ') key.push_back(' ');
            continue;
        }
        key.push_back(ascii_lower(c));
    }
    while (!key.empty() && (key.back() == ' ' || key.back() == '-')) key.pop_back();
    return key;
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
    if (key.find("goals") == std::string::npos) return {};
    for (const std::string_view s : {"short term goals", "short-term goals", "long term goals", "long-term goals", "goals"}) {
        if (key.size() > s.size() && key.compare(0, s.size(), s) == 0 &&
            (key[s.size()] == ' ' || key[s.size()] == '(' || key[s.size()] == '/'))
            return std::string(s);
    }
    return {};
}

std::optional<Heading> heading_from_key(std::string_view raw) {
    const std::string key = heading_key(raw);
    if (key.empty() || key.size() > 60) return std::nullopt;
    const auto& words = heading_words();
    Heading heading;
    auto it = words.find(key);
    if (it == words.end()) it = words.find(goal_heading_stem(key));
    if (it != words.end()) {
        heading.text = std::string(trim(strip_markup(raw)));
        heading.names = {it->second.name};
        heading.top_level = it->second.top_level;
        if (it->second.term != nullptr) heading.goal_term = it->second.term;
        heading.plan_of_care = key == "plan of care" || key == "poc" || key == "plan of treatment";
        return heading;
    }
    if (key.find_first_of("/&") == std::string::npos && key.find(" and ") == std::string::npos) return std::nullopt;
    const auto parts = heading_parts(key);
    if (parts.size() != 2) return std::nullopt;
    for (const auto& part : parts) {
        const auto it = words.find(part);
        if (it == words.end() || !it->second.top_level) return std::nullopt;
        heading.names.push_back(it->second.name);
    }
    heading.text = std::string(trim(strip_markup(raw)));
    return heading;
}

bool single_letter_soap(std::string_view key) {
    return key.size() == 1 && (key[0] == 'S' || key[0] == 'O' || key[0] == 'A' || key[0] == 'P');
}

}  // namespace

std::optional<Heading> match_heading(std::string_view line) {
    const std::string_view stripped = trim(line);
    if (stripped.empty()) return std::nullopt;
    const std::size_t lead = static_cast<std::size_t>(stripped.data() - line.data());
    // Form 1: `Heading:` / `S)` followed by content (or nothing).
    const std::size_t limit = std::min<std::size_t>(stripped.size(), 48);
    for (std::size_t i = 0; i < limit; ++i) {
        const char c = stripped[i];
        const bool colon = c == ':';
        const bool paren = c == ')' && i == 1;
        const bool dash = c == '-' && i > 2 && stripped[i - 1] == ' ' && i + 1 < stripped.size() && stripped[i + 1] == ' ';
        if (!colon && !paren && !dash) continue;
        std::string_view raw = stripped.substr(0, i);
        const std::string_view bare = strip_markup(raw);
        if (bare.size() == 1 && !single_letter_soap(bare)) return std::nullopt;
        if (paren && bare.size() != 1) return std::nullopt;
        auto heading = heading_from_key(raw);
        if (!heading) return std::nullopt;
        std::size_t content = i + 1;
        while (content < stripped.size() && (stripped[content] == '*' || stripped[content] == '_')) ++content;
        heading->content_offset = lead + content;
        return heading;
    }
    // Form 2: the heading alone on its line: `Subjective`, `## Objective`, `**Assessment/Plan**`.
    if (stripped.size() <= 48 && !single_letter_soap(strip_markup(stripped))) {
        auto heading = heading_from_key(stripped);
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
    if (j >= 2 && (s[j - 2] == '.' || s[j - 2] == ';' || s[j - 2] == ',' || s[j - 2] == ' ' || s[j - 2] == '\t' || s[j - 2] == ':'))
        return true;
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
            if (!heading || !heading->top_level) continue;
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
    while (pos < text.size()) {
        const auto run_in = find_run_in(text, pos);
        const std::size_t end = run_in ? run_in->start : text.size();
        const std::size_t lead = text.find_first_not_of(" \t", pos);
        const std::size_t byte = offset + (lead == std::string_view::npos ? pos : lead);
        add_content(note, state, text.substr(pos, end - pos), line_number,
                    utf8_columns(physical, byte) + 1, byte, physical);
        if (!run_in) break;
        if (opens_section(note, state, run_in->heading)) start_heading(note, state, run_in->heading, line_number);
        pos = run_in->heading.content_offset;
    }
}

}  // namespace

void build_structure(const RawNote& raw, Note& note) {
    note.index = raw.index;
    note.line = raw.lines.empty() ? 0 : raw.lines.front().number;
    for (const DecodedLine& physical : raw.lines) {
        if (!is_blank(physical.text)) {
            note.line = physical.number;
            break;
        }
    }
    SectionState state;
    for (const DecodedLine& physical : raw.lines) {
        // `soaplint: ignore ...` is an instruction to soaplint, not clinical content: cut it out
        // before anything reads the line, and keep it for src/suppress.cpp.
        std::string_view text = physical.text;
        if (const std::size_t cut = find_directive(text); cut != std::string_view::npos) {
            note.directives.push_back(Line{std::string(text.substr(cut)), physical.number, utf8_columns(text, cut) + 1});
            text = text.substr(0, cut);
        }
        for (const Piece& piece : logical_pieces(text)) {
            place_piece(note, state, text, piece, physical.number);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Header fields

namespace {

enum class Field { patient, patient_id, dob, date_of_service, provider, payer, referral, authorization, note_type, signature };

const std::unordered_map<std::string, Field>& field_keys() {
    static const std::unordered_map<std::string, Field> keys = {
        {"patient", Field::patient}, {"patient name", Field::patient}, {"client", Field::patient},
        {"client name", Field::patient}, {"name", Field::patient}, {"pt name", Field::patient},
        {"patient id", Field::patient_id}, {"patient #", Field::patient_id}, {"mrn", Field::patient_id},
        {"client id", Field::patient_id}, {"medical record number", Field::patient_id},
        {"medical record #", Field::patient_id}, {"chart #", Field::patient_id}, {"id", Field::patient_id},
        {"dob", Field::dob}, {"d.o.b.", Field::dob}, {"d.o.b", Field::dob}, {"date of birth", Field::dob},
        {"date of service", Field::date_of_service}, {"dos", Field::date_of_service},
        {"date", Field::date_of_service}, {"visit date", Field::date_of_service},
        {"service date", Field::date_of_service}, {"date of visit", Field::date_of_service},
        {"treatment date", Field::date_of_service}, {"date of treatment", Field::date_of_service},
        {"date of evaluation", Field::date_of_service}, {"evaluation date", Field::date_of_service},
        {"date of exam", Field::date_of_service}, {"exam date", Field::date_of_service},
        {"provider", Field::provider}, {"therapist", Field::provider},
        {"treating therapist", Field::provider}, {"clinician", Field::provider},
        {"rendering provider", Field::provider}, {"treating provider", Field::provider},
        {"physical therapist", Field::provider}, {"massage therapist", Field::provider},
        {"occupational therapist", Field::provider},
        {"signed", Field::signature}, {"signature", Field::signature}, {"signed by", Field::signature},
        {"electronically signed by", Field::signature}, {"therapist signature", Field::signature},
        {"provider signature", Field::signature},
        {"payer", Field::payer}, {"payor", Field::payer}, {"insurance", Field::payer},
        {"insurer", Field::payer}, {"primary insurance", Field::payer}, {"insurance carrier", Field::payer},
        {"carrier", Field::payer},
        {"referring physician", Field::referral}, {"referral", Field::referral}, {"rx", Field::referral},
        {"referred by", Field::referral}, {"referring provider", Field::referral},
        {"referring md", Field::referral}, {"prescription", Field::referral},
        {"prescribing physician", Field::referral}, {"referral source", Field::referral},
        {"authorization", Field::authorization}, {"auth #", Field::authorization},
        {"auth", Field::authorization}, {"authorization #", Field::authorization},
        {"authorization number", Field::authorization}, {"auth number", Field::authorization},
        {"auth no", Field::authorization}, {"prior authorization", Field::authorization},
        {"prior auth", Field::authorization}, {"prior auth #", Field::authorization},
        {"note type", Field::note_type}, {"visit type", Field::note_type},
        {"type of note", Field::note_type}, {"document type", Field::note_type},
    };
    return keys;
}

struct FieldHit {
    Field field;
    std::size_t key_start;
    std::size_t value_start;
};

// All `Key:` occurrences of known keys in a line: at its start, or after a wide gap, `|`, `;`.
std::vector<FieldHit> find_fields(std::string_view line) {
    std::vector<FieldHit> hits;
    const auto& keys = field_keys();
    for (std::size_t c = line.find(':'); c != std::string_view::npos; c = line.find(':', c + 1)) {
        const std::size_t lowest = c > 32 ? c - 32 : 0;
        for (std::size_t j = lowest; j < c; ++j) {
            const bool boundary = j == 0 || (j >= 2 && line[j - 1] == ' ' && (line[j - 2] == ' ' || line[j - 2] == '|' || line[j - 2] == ';' || line[j - 2] == ',')) ||
                                  line[j - 1] == '\t' || line[j - 1] == '|';
            if (!boundary) continue;
            std::string key = heading_key(line.substr(j, c - j));
            while (!key.empty() && (key.front() == '-' || key.front() == ' ')) key.erase(0, 1);
            const auto it = keys.find(key);
            if (it == keys.end()) continue;
            std::size_t value = c + 1;
            while (value < line.size() && (line[value] == '*' || line[value] == '_')) ++value;
            hits.push_back({it->second, j, value});
            break;
        }
    }
    return hits;
}

std::string field_value(std::string_view line, const std::vector<FieldHit>& hits, std::size_t k) {
    const std::size_t end = k + 1 < hits.size() ? hits[k + 1].key_start : line.size();
    std::string_view value = trim(line.substr(hits[k].value_start, end - hits[k].value_start));
    while (!value.empty() && (value.back() == '|' || value.back() == ';' || value.back() == ',')) value.remove_suffix(1);
    return std::string(trim(value));
}

bool looks_like_id(std::string_view value) {
    if (value.empty() || value.size() > 24) return false;
    bool digit = false;
    for (char c : value) {
        if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
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
        const bool word_char = std::isalnum(static_cast<unsigned char>(c)) != 0 || (c & 0x80) != 0;
        const char mapped = word_char ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : ' ';
        if (mapped != ' ' || out.back() != ' ') out.push_back(mapped);
    }
    if (out.back() != ' ') out.push_back(' ');
    return out;
}

NoteKind kind_from_text(std::string_view text) {
    const std::string t = padded_words(text);
    // `w` starts at a word boundary (a leading blank in `w` is that boundary).
    const auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
    if (has(" re eval") || has(" reeval") || has(" recert")) return NoteKind::reevaluation;
    if (has(" discharge")) return NoteKind::discharge;
    if (has(" progress note") || has(" progress report") || has(" progress summary") || t == " progress ")
        return NoteKind::progress;
    if (has(" eval")) return NoteKind::evaluation;
    if (has(" plan of care") || has(" poc ") || has(" certification")) return NoteKind::plan_of_care;
    if (has(" daily") || has(" treatment note") || has(" visit note") || has(" soap note") || has(" session note") ||
        has(" follow up") || has(" treatment encounter") || has(" routine visit"))
        return NoteKind::daily;
    return NoteKind::unknown;
}

// A title line naming the note type: "PHYSICAL THERAPY INITIAL EVALUATION", "Daily Note".
bool looks_like_title(std::string_view text) {
    text = trim(strip_markup(text));
    if (text.empty() || text.size() > 70 || text.find(':') != std::string_view::npos) return false;
    // A sentence is not a title: `Prescription evaluation for Crohn's disease.`
    if (text.back() == '.' || std::count(text.begin(), text.end(), ' ') >= 10) return false;
    const std::string t = ascii_lower(text);
    for (const char* word : {"note", "evaluation", "eval", "report", "summary", "plan of care", "re-evaluation", "visit", "discharge", "progress"}) {
        if (t.find(word) != std::string::npos) return true;
    }
    return false;
}

void apply_field(Note& note, Field field, const std::string& value, int line) {
    switch (field) {
        case Field::patient:
            if (value.empty()) break;
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
            const bool better = !note.provider || (note.provider->credentials.empty() && !provider.credentials.empty());
            if (!provider.name.empty() && better) note.provider = provider;
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
    const std::string lower = ascii_lower(text);
    std::size_t skip = 0;
    for (std::string_view lead : {"electronically signed by ", "signed electronically by ", "signed by ", "/s/ ", "signed: ", "signature: "}) {
        if (lower.rfind(lead, 0) == 0) {
            skip = lead.size();
            break;
        }
    }
    if (skip == 0 && (text.size() > 60 || !bare_signature(text))) return;
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
        {"CLT", K::other}, {"PHD", K::other}, {"MS", K::other}, {"BCB-PMD", K::other}, {"GCS", K::other}});
    std::string t;
    for (char c : token) {
        if (c == '.') continue;  // L.M.T. -> LMT
        t.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (token.find_first_of("abcdefghijklmnopqrstuvwxyz") != std::string_view::npos && t != "PHD" && token != "OTR/L")
        return std::nullopt;  // credentials are written in capitals; "Pt" is the patient
    const auto it = std::find_if(credentials.begin(), credentials.end(), [&](const Entry& e) { return e.name == t; });
    if (it == credentials.end()) return std::nullopt;
    return it->kind;
}

bool is_credential(std::string_view token) { return credential_kind(token).has_value(); }

Provider parse_provider(std::string_view text) {
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
            if (!name.empty()) name.push_back(' ');
            name.append(token);
        }
    }
    const bool has_letter = std::any_of(name.begin(), name.end(), is_alpha);
    const auto words = std::count(name.begin(), name.end(), ' ') + 1;
    if (has_letter && words <= 6) provider.name = name;
    return provider;
}

void read_header_fields(Note& note) {
    int title_lines_seen = 0;
    for (Line& line : note.lines) {
        const auto hits = find_fields(line.text);
        line.header = !hits.empty() && hits.front().key_start == 0;
        for (std::size_t k = 0; k < hits.size(); ++k) {
            apply_field(note, hits[k].field, field_value(line.text, hits, k), line.number);
        }
        if (hits.empty()) read_signature_line(note, line);
        if (note.kind == NoteKind::unknown && hits.empty() && title_lines_seen < 4 && line.section < 0) {
            ++title_lines_seen;
            if (looks_like_title(line.text)) {
                note.kind = kind_from_text(line.text);
                note.kind_from_title = note.kind != NoteKind::unknown;
            }
        }
    }
    if (note.kind == NoteKind::unknown) {
        for (const Section& section : note.sections) {
            if (section.heading.size() < 60 && looks_like_title(section.heading)) {
                if (const NoteKind kind = kind_from_text(section.heading); kind != NoteKind::unknown) {
                    note.kind = kind;
                    note.kind_from_title = true;
                    break;
                }
            }
        }
    }
}

}  // namespace soaplint
