// Splitting a decoded file into notes: a rule line or a page break ends a note only where the
// next one opens (its own title, date of service or patient block, then a body); a repeated
// letterhead after a signature or page footer opens the next visit of a history.
// read -> decode -> split (this file) -> structure -> extract.
#include <algorithm>

#include "structure.hpp"
#include "vocabulary.hpp"

namespace soaplint {

namespace {

bool is_blank(std::string_view line) { return trim(line).empty(); }

// Box-drawing characters (U+2500-U+257F: `─`, `═`, `━`) are three UTF-8 bytes E2 94/95 xx.
bool box_drawing_at(std::string_view s, std::size_t i) {
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
           (static_cast<unsigned char>(s[i + 1]) == 0x94 || static_cast<unsigned char>(s[i + 1]) == 0x95);
}

// A line drawn across the page: `---`, `===`, `***`, `___`, `~~~`, `────`, `═══`.
bool is_rule_line(std::string_view line) {
    line = trim(line);
    if (line.size() < 3) return false;
    if (box_drawing_at(line, 0)) {
        for (std::size_t i = 0; i < line.size();) {
            if (line[i] == ' ') { ++i; continue; }
            if (!box_drawing_at(line, i)) return false;
            i += 3;
        }
        return true;
    }
    const char c = line.front();
    if (c != '-' && c != '*' && c != '=' && c != '_' && c != '~') return false;
    return std::all_of(line.begin(), line.end(), [c](char x) { return x == c || x == ' '; });
}


bool is_top_heading(std::string_view line) {
    const auto heading = match_heading(line);
    return heading && heading->top_level;
}

// A sentence of the body, not a line of a header block.
bool is_prose(std::string_view line) {
    line = trim(line);
    return line.size() > 110 || (!line.empty() && line.back() == '.' && std::count(line.begin(), line.end(), ' ') >= 4);
}

// What the splitter asks of each line, answered once per line however often the line is read
// (the opener check reads ahead over the same lines again).
class PageLines {
public:
    explicit PageLines(std::vector<DecodedLine>& lines)
        : lines_(lines), closing_(lines.size(), -1), top_(lines.size(), -1), fields_done_(lines.size(), 0), fields_(lines.size()) {}
    std::size_t size() const { return lines_.size(); }
    const DecodedLine& operator[](std::size_t i) const { return lines_[i]; }
    DecodedLine& at(std::size_t i) { return lines_[i]; }
    bool closing(std::size_t i) {
        if (closing_[i] < 0) closing_[i] = is_closing_line(lines_[i].text) ? 1 : 0;
        return closing_[i] == 1;
    }
    bool top_heading(std::size_t i) {
        if (top_[i] < 0) top_[i] = is_top_heading(lines_[i].text) ? 1 : 0;
        return top_[i] == 1;
    }
    const std::vector<FieldHit>& fields(std::size_t i) {
        if (!fields_done_[i]) {
            fields_[i] = find_fields(lines_[i].text);
            fields_done_[i] = 1;
        }
        return fields_[i];
    }

private:
    std::vector<DecodedLine>& lines_;
    std::vector<signed char> closing_, top_;
    std::vector<char> fields_done_;
    std::vector<std::vector<FieldHit>> fields_;
};

struct Opener {
    bool found = false;
    std::optional<CivilDate> date;
    bool title = false;
    bool continued = false;  // the block says the note continues (`(cont.)`, `continued`)
    std::string patient;  // the patient ID (else name) the block names
};

// Whether lines from `i` open a note: a block of letterhead, title and header fields (no
// signature, footer, S/O/A/P heading or prose in it) that names a date of service (or, after a
// rule line, a title or a patient), followed by the note's body.
Opener opener_at(PageLines& lines, std::size_t i, bool after_rule) {
    Opener opener;
    bool patient = false;
    std::size_t k = i, seen = 0;
    for (; k < lines.size() && seen < 10; ++k) {
        const std::string_view t = lines[k].text;
        if (is_blank(t) || is_rule_line(t)) continue;
        ++seen;
        if (lines.closing(k)) break;
        const std::vector<FieldHit>& hits = lines.fields(k);
        if (const auto date = service_date_in(t, hits)) {
            if (!opener.date) opener.date = date;
            continue;
        }
        if (lines.top_heading(k)) break;
        if (has_field(hits, Field::patient) || has_field(hits, Field::patient_id)) {
            patient = true;
            const std::string who = patient_in(t, hits);
            if (opener.patient.empty() || has_field(hits, Field::patient_id)) opener.patient = who;
            continue;
        }
        if (is_prose(t)) break;
        // `PROGRESS REPORT (cont.)`, `Page 2 - continued`: the next page of the same note.
        if (ifind(t, "(cont") != std::string_view::npos || ifind(t, "continued") != std::string_view::npos) opener.continued = true;
        else if (is_kind_title(t)) opener.title = true;
    }
    const bool enough = opener.date || (after_rule && (opener.title || patient));
    if (!enough) return opener;
    // The body: a section heading soon after the block.
    for (std::size_t end = std::min(lines.size(), k + 60); k < end; ++k) {
        if (lines.top_heading(k)) {
            opener.found = true;
            break;
        }
    }
    return opener;
}

struct NoteSoFar {
    RawNote raw;
    bool body = false;                      // an S/O/A/P (or other top-level) heading was seen
    std::optional<CivilDate> date;          // its date of service
    std::string patient;                    // the patient its header names

    void add(PageLines& lines, std::size_t i) {
        const std::string_view text = lines[i].text;
        if (!body && lines.top_heading(i)) body = true;
        if (!date) date = service_date_in(text, lines.fields(i));
        if (!body && (has_field(lines.fields(i), Field::patient_id) || (patient.empty() && has_field(lines.fields(i), Field::patient))))
            patient = patient_in(text, lines.fields(i));
        raw.lines.push_back(std::move(lines.at(i)));  // the splitter never reads a line behind it again
    }
    // A page of the same note repeats its header: the same date, the same patient, no new title.
    bool continued_by(const Opener& opener) const {
        const bool same_patient = opener.patient.empty() || patient.empty() || opener.patient == patient;
        if (opener.continued) return same_patient;
        return !opener.title && opener.date && date && *opener.date == *date && same_patient;
    }
};

}  // namespace

std::vector<RawNote> split_notes(std::vector<DecodedLine> lines) {
    std::vector<RawNote> notes;
    NoteSoFar current;
    const auto flush = [&] {
        const bool has_text = std::any_of(current.raw.lines.begin(), current.raw.lines.end(),
                                          [](const DecodedLine& l) { return !is_blank(l.text); });
        if (has_text) {
            current.raw.index = static_cast<int>(notes.size());
            notes.push_back(std::move(current.raw));
        }
        current = NoteSoFar{};
    };
    std::vector<DecodedLine> page;  // form feeds cut physical lines in two: pieces, each with its line number
    std::vector<bool> after_feed;
    page.reserve(lines.size());
    after_feed.reserve(lines.size());
    for (DecodedLine& line : lines) {
        if (line.text.find('\f') == std::string::npos) {
            page.push_back(std::move(line));
            after_feed.push_back(false);
            continue;
        }
        std::size_t from = 0;
        bool feed = false;
        for (std::size_t ff = line.text.find('\f'); ; ff = line.text.find('\f', from)) {
            const std::size_t end = ff == std::string::npos ? line.text.size() : ff;
            if (end > from || ff == std::string::npos) {
                page.push_back({line.text.substr(from, end - from), line.number});
                after_feed.push_back(feed);
            }
            if (ff == std::string::npos) break;
            feed = true;
            from = ff + 1;
        }
    }
    PageLines cache(page);
    bool after_closing = true;  // the previous non-blank line ended a note (or there is none yet)
    bool after_rule = false;
    for (std::size_t i = 0; i < page.size(); ++i) {
        const DecodedLine& line = page[i];
        if (after_feed[i]) after_rule = true;  // a form feed is a page break: a rule line
        if (is_rule_line(line.text)) {
            after_rule = true;
            continue;  // rules are decoration: never content
        }
        if (is_blank(line.text)) {
            current.raw.lines.push_back(std::move(page[i]));
            continue;
        }
        const bool candidate = current.body && (after_rule || after_closing) && !cache.closing(i);
        if (candidate) {
            const Opener opener = opener_at(cache, i, after_rule);
            const bool new_date = !after_rule && opener.date && current.date && *opener.date != *current.date;
            if (opener.found && (after_rule ? !current.continued_by(opener) : new_date)) flush();
        }
        after_rule = false;
        after_closing = cache.closing(i);
        current.add(cache, i);
    }
    flush();
    return notes;
}

}  // namespace soaplint
