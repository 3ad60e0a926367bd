// C001-C005: the billed codes of a visit: NCCI pairs and their modifiers, codes soaplint does not
// know, massage billed outside a plan of care, codes the payer bundles.
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <string_view>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/codetables.hpp"
#include "src/language.hpp"

namespace soaplint::checks {
namespace {

// ---- shared ----------------------------------------------------------------------------------

// The date the code tables are read at: the note's date of service. A note without one (S002
// flags it) is read against the newest edits of the table, those never deleted, so that its
// findings do not depend on the day soaplint runs.
std::chrono::year_month_day table_date(const Note& note) {
    using namespace std::chrono;
    if (const auto& d = note.date_of_service)
        return year_month_day{year{d->year}, month{static_cast<unsigned>(d->month)}, day{static_cast<unsigned>(d->day)}};
    return year{9999} / December / 30;
}

// "97140 (manual therapy techniques)", or the bare code when soaplint does not know it.
std::string described(std::string_view code) {
    if (const auto info = codes::lookup_cpt(code)) return info->code + " (" + info->description + ")";
    return std::string(code);
}

std::string iso(std::chrono::year_month_day d) {
    return CivilDate{static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                     static_cast<int>(static_cast<unsigned>(d.day()))}
        .iso();
}

// The NCCI-associated modifier on a code (59, XE, XP, XS, XU), or "" when it has none.
std::string ncci_modifier(const Intervention& item) {
    for (const std::string& m : item.modifiers)
        if (m == "59" || m == "XE" || m == "XP" || m == "XS" || m == "XU") return m;
    return {};
}

// A pair of billed codes that an NCCI edit in force on the visit's date covers.
struct EditedPair {
    const Intervention* column1 = nullptr;
    const Intervention* column2 = nullptr;  // the code the edit denies
    codes::NcciEdit edit;
};

std::vector<EditedPair> edited_pairs(const Note& note) {
    std::vector<EditedPair> out;
    const auto& table = codes::active_ncci();
    const auto date = table_date(note);
    const auto& items = note.interventions;
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (std::size_t j = i + 1; j < items.size(); ++j) {
            if (items[i].cpt == items[j].cpt) continue;
            const auto edit = table.find(items[i].cpt, items[j].cpt, date);
            if (!edit) continue;
            const bool i_first = items[i].cpt == edit->column1;
            out.push_back({i_first ? &items[i] : &items[j], i_first ? &items[j] : &items[i], *edit});
        }
    }
    return out;
}

// ---- C001 ------------------------------------------------------------------------------------

std::string never_together_message(const EditedPair& p) {
    const std::string& c1 = p.column1->cpt;
    const std::string& c2 = p.column2->cpt;
    const std::string modifier = ncci_modifier(*p.column2);
    std::string m = described(c2) + " and " + described(c1) +
                    " are never billed together on one visit (NCCI edit, modifier indicator 0" +
                    (p.edit.deleted ? ", in force until " + iso(*p.edit.deleted) : std::string()) + "): " + c2 +
                    " is denied";
    if (!modifier.empty()) m += ", and the " + modifier + " modifier does not unlock this pair";
    return m + "; bill only one of the two codes for this visit";
}

// What makes the column-2 service distinct: a body region the manipulation did not treat, time
// outside the group session, else either.
std::string distinct_example(const EditedPair& p) {
    const std::string& c1 = p.column1->cpt;
    const std::string& c2 = p.column2->cpt;
    if (c1.starts_with("9894") || c1.starts_with("9892"))
        return "`" + c2 + "-XS` for a body region the manipulation did not treat";
    if (c1 == "97150") return "`" + c2 + "-59` for one-on-one time outside the group session";
    return "`" + c2 + "-59` for a separate body region or a separate session";
}

std::string needs_modifier_message(const EditedPair& p) {
    const std::string& c1 = p.column1->cpt;
    const std::string& c2 = p.column2->cpt;
    std::string m = described(c2) + " is bundled into " + described(c1) +
                    " on the same visit (NCCI edit, modifier indicator 1" +
                    (p.edit.deleted ? ", in force until " + iso(*p.edit.deleted) : std::string()) + "): " + c2 +
                    " is denied without modifier 59, XS, XE, XP or XU";
    const std::string misplaced = ncci_modifier(*p.column1);
    if (!misplaced.empty()) m += "; the " + misplaced + " on " + c1 + " does not count, it belongs on " + c2;
    return m + "; add the modifier to " + c2 + " only when it was a distinct service (" + distinct_example(p) +
           ", written in the note), otherwise leave " + c2 + " off the claim";
}

void check_pair_conflicts(const NoteContext& c) {
    for (const EditedPair& p : edited_pairs(c.note)) {
        if (p.edit.modifier_indicator == 0) {
            c.report.add(c.note, p.column2->pos, never_together_message(p));
        } else if (p.edit.modifier_indicator == 1 && ncci_modifier(*p.column2).empty()) {
            c.report.add(c.note, p.column2->pos, needs_modifier_message(p));
        }
    }
}

// ---- C002: body regions ----------------------------------------------------------------------

enum class Side { none, right, left, both };

struct Region {
    std::string_view key;    // "lumbar", "shoulder", "spine" (a group), ...
    std::string_view label;  // as a message names it: "lumbar spine", "shoulder"
    Side side = Side::none;
};

// Regions of the body a note names, and the groups that contain several of them. Spinal regions
// have no side (a left and a right lumbar technique treat one spinal region).
struct RegionTerm {
    std::string_view term;
    std::string_view key;
};

// Longer terms first: a shorter term inside a matched one is skipped (find_mentions).
constexpr RegionTerm kRegionTerms[] = {
    {"upper extremity", "upper extremity"}, {"upper extremities", "upper extremity"},
    {"upper limb", "upper extremity"}, {"lower extremity", "lower extremity"},
    {"lower extremities", "lower extremity"}, {"lower limb", "lower extremity"},
    {"c/t/l/s", "cervical+thoracic+lumbar+sacral"}, {"c/t/l", "cervical+thoracic+lumbar"},
    {"c/t", "cervical+thoracic"}, {"t/l", "thoracic+lumbar"}, {"l/s", "lumbar+sacral"},
    {"cervicothoracic", "cervical+thoracic"}, {"thoracolumbar", "thoracic+lumbar"}, {"lumbosacral", "lumbar+sacral"},
    {"lumbopelvic", "lumbar+pelvic"}, {"c-spine", "cervical"}, {"c spine", "cervical"}, {"t-spine", "thoracic"},
    {"t spine", "thoracic"}, {"l-spine", "lumbar"}, {"l spine", "lumbar"}, {"low back", "lumbar"},
    {"lower back", "lumbar"}, {"mid back", "thoracic"}, {"mid-back", "thoracic"}, {"midback", "thoracic"},
    {"upper back", "thoracic"}, {"rib cage", "rib cage"}, {"upper trapezius", "cervical"},
    {"upper trap", "cervical"}, {"levator scapulae", "cervical"}, {"suboccipital", "cervical"},
    {"rotator cuff", "shoulder"}, {"plantar fascia", "ankle/foot"}, {"it band", "thigh"},
    {"iliotibial", "thigh"}, {"si joint", "sacral"}, {"upper arm", "arm"}, {"lower leg", "leg"},
    {"cervical", "cervical"}, {"neck", "cervical"}, {"trapezius", "cervical"}, {"thoracic", "thoracic"},
    {"lumbar", "lumbar"}, {"sacroiliac", "sacral"}, {"sacral", "sacral"}, {"sacrum", "sacral"},
    {"coccyx", "sacral"}, {"sij", "sacral"}, {"pelvis", "pelvic"}, {"pelvic", "pelvic"},
    {"ribs", "rib cage"}, {"rib", "rib cage"}, {"tmj", "head"}, {"temporomandibular", "head"}, {"jaw", "head"},
    {"head", "head"}, {"shoulder", "shoulder"}, {"scapula", "shoulder"}, {"scapular", "shoulder"},
    {"glenohumeral", "shoulder"}, {"deltoid", "shoulder"}, {"biceps", "arm"}, {"triceps", "arm"},
    {"elbow", "elbow"}, {"forearm", "forearm"}, {"wrist", "wrist/hand"}, {"hand", "wrist/hand"},
    {"finger", "wrist/hand"}, {"thumb", "wrist/hand"}, {"hip", "hip"}, {"gluteal", "hip"}, {"glute", "hip"},
    {"piriformis", "hip"}, {"thigh", "thigh"}, {"hamstring", "thigh"}, {"quadriceps", "thigh"},
    {"quad", "thigh"}, {"knee", "knee"}, {"patella", "knee"}, {"patellar", "knee"}, {"calf", "leg"},
    {"gastrocnemius", "leg"}, {"gastroc", "leg"}, {"achilles", "leg"}, {"ankle", "ankle/foot"},
    {"foot", "ankle/foot"}, {"feet", "ankle/foot"}, {"heel", "ankle/foot"},
};

// Terms that name the spine, an extremity or the back as a whole.
constexpr RegionTerm kGroupTerms[] = {
    {"spine", "spine"}, {"spinal", "spine"}, {"paraspinal", "spine"}, {"back", "spine"},
};

struct RegionInfo {
    std::string_view key, label, group;  // group "" = none
    bool sided;
};

constexpr RegionInfo kRegions[] = {
    {"cervical", "cervical spine", "spine", false},   {"thoracic", "thoracic spine", "spine", false},
    {"lumbar", "lumbar spine", "spine", false},       {"sacral", "sacrum/SI joint", "spine", false},
    {"pelvic", "pelvis", "spine", false},             {"rib cage", "rib cage", "", false},
    {"head", "head/TMJ", "", false},                  {"shoulder", "shoulder", "upper extremity", true},
    {"arm", "upper arm", "upper extremity", true},    {"elbow", "elbow", "upper extremity", true},
    {"forearm", "forearm", "upper extremity", true},  {"wrist/hand", "wrist/hand", "upper extremity", true},
    {"hip", "hip", "lower extremity", true},          {"thigh", "thigh", "lower extremity", true},
    {"knee", "knee", "lower extremity", true},        {"leg", "lower leg", "lower extremity", true},
    {"ankle/foot", "ankle/foot", "lower extremity", true},
    {"spine", "spine", "", false},
    {"upper extremity", "upper extremity", "", true}, {"lower extremity", "lower extremity", "", true},
};

const RegionInfo& region_info(std::string_view key) {
    for (const RegionInfo& r : kRegions)
        if (r.key == key) return r;
    return kRegions[0];
}

bool is_word_char(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }

// The word that ends just before `at` (skipping "to", "the", "of", "at", "on" and punctuation).
std::string word_before(std::string_view lower, std::size_t at) {
    while (true) {
        std::size_t end = at;
        while (end > 0 && !is_word_char(lower[end - 1]) && lower[end - 1] != '/') --end;
        std::size_t begin = end;
        while (begin > 0 && (is_word_char(lower[begin - 1]) || lower[begin - 1] == '/')) --begin;
        const std::string word(lower.substr(begin, end - begin));
        if (word == "to" || word == "the" || word == "of" || word == "at" || word == "on") {
            at = begin;
            continue;
        }
        return word;
    }
}

std::string word_after(std::string_view lower, std::size_t at) {
    std::size_t begin = at;
    while (begin < lower.size() && (lower[begin] == ' ' || lower[begin] == '(' || lower[begin] == ',')) ++begin;
    std::size_t end = begin;
    while (end < lower.size() && (is_word_char(lower[end]) || lower[end] == '/')) ++end;
    return std::string(lower.substr(begin, end - begin));
}

std::optional<Side> side_word(std::string_view word) {
    if (word == "r" || word == "rt" || word == "right") return Side::right;
    if (word == "l" || word == "lt" || word == "left") return Side::left;
    if (word == "b" || word == "bil" || word == "bilat" || word == "bilateral" || word == "b/l" || word == "bl" ||
        word == "both" || word == "bilaterally")
        return Side::both;
    return std::nullopt;
}

Side side_of(std::string_view lower, std::size_t begin, std::size_t end) {
    if (const auto s = side_word(word_before(lower, begin))) return *s;
    if (const auto s = side_word(word_after(lower, end))) return *s;
    return Side::none;
}

void add_region(std::vector<Region>& out, std::string_view key, Side side) {
    const RegionInfo& info = region_info(key);
    out.push_back({info.key, info.label, info.sided ? side : Side::none});
}

// A term's key names one region, or several joined by '+' ("lumbar+sacral").
void add_term_regions(std::vector<Region>& out, std::string_view key, Side side) {
    while (true) {
        const std::size_t plus = key.find('+');
        add_region(out, key.substr(0, plus), side);
        if (plus == std::string_view::npos) break;
        key.remove_prefix(plus + 1);
    }
}

// Vertebral levels (C5-6, L4-L5, T12-L1) and the extremity abbreviations (RUE, LLE, B UE), written
// in capitals.
// `CMT 3-4 regions (C, T, L)`: the spinal regions as the letters a chiropractic charge prints.
void add_region_letters(std::string_view text, std::vector<Region>& out) {
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        const std::size_t close = text.find(')', open);
        if (close == std::string_view::npos || close - open > 24) continue;
        const std::string_view inside = text.substr(open + 1, close - open - 1);
        std::vector<char> letters;
        bool only_letters = !inside.empty();
        for (std::size_t i = 0; i < inside.size() && only_letters; ++i) {
            const char c = inside[i];
            if (c == ' ' || c == ',' || c == '/') continue;
            const bool alone = (i == 0 || !std::isalpha(static_cast<unsigned char>(inside[i - 1]))) &&
                               (i + 1 == inside.size() || !std::isalpha(static_cast<unsigned char>(inside[i + 1])));
            if (alone && std::string_view("CTLS").find(c) != std::string_view::npos) letters.push_back(c);
            else only_letters = false;
        }
        if (!only_letters || letters.empty()) continue;
        for (char c : letters) add_region(out, c == 'C' ? "cervical" : c == 'T' ? "thoracic" : c == 'L' ? "lumbar" : "sacral", Side::none);
    }
}

void add_abbreviated_regions(std::string_view text, std::vector<Region>& out) {
    add_region_letters(text, out);
    const std::string lower = ascii_lower(text);
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_word_char(text[i]) || (i > 0 && is_word_char(text[i - 1]))) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_word_char(text[end])) ++end;
        const std::string_view word = text.substr(i, end - i);
        const char first = word.front();
        const bool digits = std::all_of(word.begin() + 1, word.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
        if (word.size() >= 2 && word.size() <= 3 && digits && std::string_view("CTLS").find(first) != std::string_view::npos) {
            add_region(out, first == 'C' ? "cervical" : first == 'T' ? "thoracic" : first == 'L' ? "lumbar" : "sacral", Side::none);
        } else if (word == "UE" || word == "LE" || word == "RUE" || word == "LUE" || word == "BUE" || word == "RLE" ||
                   word == "LLE" || word == "BLE") {
            Side side = Side::none;
            if (word.size() == 3) side = first == 'R' ? Side::right : first == 'L' ? Side::left : Side::both;
            else if (const auto s = side_word(word_before(lower, i))) side = *s;
            add_region(out, word.ends_with("UE") ? "upper extremity" : "lower extremity", side);
        }
        i = end;
    }
}

// A mention of a listed term counts only as the term itself or its plural: "back" is not
// "backward", "poc" is not "pocket", and "hands-on" names no hand.
bool whole_term(std::string_view lower, const Mention& m) {
    const std::size_t extra = m.end - m.begin - m.term.size();
    if (extra > 1 || (extra == 1 && lower[m.end - 1] != 's')) return false;
    return lower.substr(m.end, 3) != "-on";
}

// The body regions a piece of text names, asserted (not "not the lumbar spine").
std::vector<Region> regions_in(std::string_view text) {
    static const std::vector<std::string_view> terms = [] {
        std::vector<std::string_view> all;
        for (const auto& t : kRegionTerms) all.push_back(t.term);
        for (const auto& t : kGroupTerms) all.push_back(t.term);
        return all;
    }();
    std::vector<Region> out;
    const std::string lower = ascii_lower(text);
    for (const Mention& m : find_mentions(text, terms)) {
        if (!m.asserted() || !whole_term(lower, m)) continue;
        std::string_view key;
        for (const auto& t : kRegionTerms)
            if (t.term == m.term) key = t.key;
        for (const auto& t : kGroupTerms)
            if (t.term == m.term) key = t.key;
        add_term_regions(out, key, side_of(lower, m.begin, m.end));
    }
    add_abbreviated_regions(text, out);
    // "lumbar spine", "upper extremity: R shoulder": the group word only repeats the specific region.
    std::erase_if(out, [&](const Region& group) {
        return std::any_of(out.begin(), out.end(), [&](const Region& r) { return region_info(r.key).group == group.key; });
    });
    return out;
}

bool sides_meet(Side a, Side b) { return a == Side::none || b == Side::none || a == Side::both || b == Side::both || a == b; }

bool regions_meet(const Region& a, const Region& b) {
    if (!sides_meet(a.side, b.side)) return false;
    return a.key == b.key || region_info(a.key).group == b.key || region_info(b.key).group == a.key;
}

// The part of a line that is about one code: from the code to the next billed code when the line
// starts with a code (`98941 CMT lumbar; 97140-59 STM R shoulder`), from the previous code to
// this one when descriptions come first (`Lumbar CMT (98941), R shoulder STM (97140-59)`).
std::string_view code_segment(std::string_view line, std::string_view code, const Note& note) {
    std::vector<std::size_t> starts;  // where each billed code stands in the line
    std::size_t own = std::string_view::npos;
    for (const Intervention& other : note.interventions) {
        for (std::size_t at = line.find(other.cpt); at != std::string_view::npos; at = line.find(other.cpt, at + 1)) {
            const bool word = (at == 0 || !is_word_char(line[at - 1])) &&
                              (at + other.cpt.size() >= line.size() || !is_word_char(line[at + other.cpt.size()]));
            if (!word) continue;
            starts.push_back(at);
            if (other.cpt == code && own == std::string_view::npos) own = at;
            break;
        }
    }
    if (own == std::string_view::npos || starts.size() < 2) return line;
    std::sort(starts.begin(), starts.end());
    const std::string lead = ascii_lower(line.substr(0, starts.front()));
    const bool codes_lead = std::none_of(lead.begin(), lead.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); }) ||
                            trim(lead) == "cpt" || trim(lead) == "cpt:";
    const auto here = std::find(starts.begin(), starts.end(), own);
    if (codes_lead) {
        const std::size_t end = here + 1 == starts.end() ? line.size() : *(here + 1);
        return line.substr(own, end - own);
    }
    const std::size_t begin = here == starts.begin() ? 0 : *(here - 1) + code.size();
    return line.substr(begin, own + code.size() - begin);
}

std::vector<Region> regions_of(const Intervention& item, const Note& note) {
    std::vector<Region> out;
    std::string_view rest = item.line_text;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        const auto found = regions_in(code_segment(rest.substr(0, end), item.cpt, note));
        out.insert(out.end(), found.begin(), found.end());
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return out;
}

std::string side_label(Side side) {
    switch (side) {
        case Side::right: return "right ";
        case Side::left: return "left ";
        case Side::both: return "bilateral ";
        case Side::none: break;
    }
    return "";
}

// 59 and XS say the second code was done on a separate site; XE (separate encounter), XP (separate
// practitioner) and XU (unusual non-overlapping service) claim something else, which the body
// region cannot confirm or refute.
bool claims_separate_site(const std::string& modifier) { return modifier == "59" || modifier == "XS"; }

void check_modifier_region(const NoteContext& c) {
    for (const EditedPair& p : edited_pairs(c.note)) {
        if (p.edit.modifier_indicator != 1) continue;
        // Group therapy beside an individual code is distinct by its time, not by a body region.
        if (p.column1->cpt == "97150" || p.column2->cpt == "97150") continue;
        const std::string modifier = ncci_modifier(*p.column2);
        if (!claims_separate_site(modifier)) continue;
        const std::string& c1 = p.column1->cpt;
        const std::string& c2 = p.column2->cpt;
        const std::string coded = c2 + "-" + modifier;
        const auto first = regions_of(*p.column1, c.note), second = regions_of(*p.column2, c.note);
        if (first.empty() || second.empty()) {
            const std::string missing = first.empty() && second.empty() ? "neither the " + c1 + " nor the " + c2 + " line names"
                                        : first.empty()                 ? "the " + c1 + " line names no"
                                                                        : "the " + c2 + " line names no";
            c.report.add(c.note, p.column2->pos,
                         coded + " bills " + c2 + " apart from " + c1 + " as a service on a separate body region, but " +
                             missing + (first.empty() && second.empty() ? " a body region" : " body region") +
                             "; write the region each code treated (e.g. `" + c1 + " ... lumbar, thoracic` and `" +
                             coded + " ... R shoulder`), or drop " + c2 + " if it treated the same region");
            continue;
        }
        for (const Region& a : first) {
            const auto same = std::find_if(second.begin(), second.end(), [&](const Region& b) { return regions_meet(a, b); });
            if (same == second.end()) continue;
            const Region& named = region_info(a.key).group == same->key ? a : *same;
            const Side side = named.side != Side::none ? named.side : a.side != Side::none ? a.side : same->side;
            c.report.add(c.note, p.column2->pos,
                         coded + " bills " + c2 + " apart from " + c1 + " as a service on a separate body region, but both "
                             "codes treated the " + side_label(side) + std::string(named.label) +
                             "; bill " + c2 + " with " + modifier + " only for a region " + c1 +
                             " did not treat, and name each code's region in the note; otherwise leave " + c2 +
                             " off the claim");
            break;
        }
    }
}

// ---- C003 ------------------------------------------------------------------------------------

struct RetiredCode {
    std::string_view code;
    std::string_view deleted;  // ISO date the code stopped being valid
    std::string_view replacement;
};

// Physical-medicine codes AMA deleted that still turn up in templates.
constexpr RetiredCode kRetiredCodes[] = {
    {"97001", "2017-01-01", "97161-97163 (PT evaluation, by complexity)"},
    {"97002", "2017-01-01", "97164 (PT re-evaluation)"},
    {"97003", "2017-01-01", "97165-97167 (OT evaluation, by complexity)"},
    {"97004", "2017-01-01", "97168 (OT re-evaluation)"},
    {"97762", "2018-01-01", "97763 (orthotic/prosthetic management, later encounter)"},
    {"97532", "2020-01-01", "97129/97130 (cognitive function intervention)"},
    {"97127", "2020-01-01", "97129/97130 (cognitive function intervention)"},
};

// Known codes one slip away: two neighbouring digits swapped (97410 -> 97140), else one digit
// wrong when that leaves at most three candidates.
std::vector<std::string> near_codes(std::string_view code) {
    std::vector<std::string> swapped, changed;
    for (const codes::CptInfo& known : codes::cpt_table()) {
        if (known.code.size() != code.size()) continue;
        std::vector<std::size_t> diff;
        for (std::size_t k = 0; k < code.size(); ++k)
            if (known.code[k] != code[k]) diff.push_back(k);
        if (diff.size() == 1) changed.push_back(known.code);
        if (diff.size() == 2 && diff[1] == diff[0] + 1 && known.code[diff[0]] == code[diff[1]] &&
            known.code[diff[1]] == code[diff[0]])
            swapped.push_back(known.code);
    }
    if (!swapped.empty()) return swapped;
    return changed.size() <= 3 ? changed : std::vector<std::string>{};
}

std::string suggestion(std::string_view code) {
    const auto near = near_codes(code);
    if (near.empty()) return "";
    std::string out = "; did you mean ";
    for (std::size_t k = 0; k < near.size(); ++k) {
        if (k > 0) out += k + 1 == near.size() ? " or " : ", ";
        out += described(near[k]);
    }
    return out + "?";
}

void check_unknown_codes(const NoteContext& c) {
    for (const Intervention& i : c.note.interventions) {
        if (codes::lookup_cpt(i.cpt)) continue;
        const auto retired = std::find_if(std::begin(kRetiredCodes), std::end(kRetiredCodes),
                                          [&](const RetiredCode& r) { return r.code == i.cpt; });
        if (retired != std::end(kRetiredCodes)) {
            const std::string deleted(retired->deleted);
            const bool gone = !c.note.date_of_service || c.note.date_of_service->iso() >= deleted;
            c.report.add(c.note, i.pos,
                         gone ? i.cpt + " was deleted from CPT on " + deleted + "; bill " + std::string(retired->replacement) +
                                    " instead"
                              : i.cpt + " was valid on this date of service (deleted from CPT on " + deleted +
                                    ") but soaplint no longer knows it, so its units, time and code pairs are not checked");
            continue;
        }
        const std::string hint = suggestion(i.cpt);
        c.report.add(c.note, i.pos,
                     i.cpt + " is not a physical-medicine code soaplint knows, so its units, time and code pairs are "
                             "not checked" + (hint.empty() ? "; make sure it is the code you meant" : hint));
    }
}

// ---- C004 ------------------------------------------------------------------------------------

// A note refers to an existing plan of care: "per plan of care", "POC dated 3/10", "rehab plan".
bool refers_to_plan(const Note& note) {
    static const std::vector<std::string_view> terms = {
        "plan of care", "plan of treatment", "poc", "rehabilitation plan", "rehab plan", "care plan",
        "therapy plan", "pt plan", "physical therapy plan", "certification period", "cert period"};
    static constexpr std::array<std::string_view, 8> not_yet = {"pending", "to be established", "to be written",
                                                                "not yet", "awaiting", "requested", "needed", "will be"};
    for (const Section& s : note.sections)
        if (s.name == SectionName::plan_of_care && !s.empty) return true;
    for (const Line& line : note.lines) {
        const std::string& lower = line.lower();
        for (const Mention& m : find_mentions(line.text, terms)) {
            if (!m.asserted() || !whole_term(lower, m)) continue;
            const std::string_view after = std::string_view(lower).substr(m.end, 40);
            if (std::none_of(not_yet.begin(), not_yet.end(), [&](std::string_view w) { return after.find(w) != std::string_view::npos; }))
                return true;
        }
    }
    return false;
}

// The note states a plan's elements itself: a frequency, with a duration or goals.
bool states_plan(const Note& note) { return note.frequency && (note.duration || !note.goals.empty()); }

// An evaluation, plan of care or re-evaluation of the episode set the plan on or before the visit.
bool episode_has_plan(const NoteContext& c) {
    for (const Note* other : c.episode->notes) {
        if (other == &c.note || !is_plan_note(*other)) continue;
        if (!other->date_of_service || !c.note.date_of_service || *other->date_of_service <= *c.note.date_of_service)
            return true;
    }
    return false;
}

// The date of the episode's first plan note written after the visit, if any.
std::optional<CivilDate> later_plan(const NoteContext& c) {
    for (const Note* other : c.episode->notes)
        if (other != &c.note && is_plan_note(*other) && other->date_of_service) return other->date_of_service;
    return std::nullopt;
}

void check_massage_outside_plan(const NoteContext& c) {
    if (c.profile.plan_required_codes.empty()) return;
    const bool in_episode = c.episode && episode_has_plan(c);
    if (is_plan_note(c.note) || in_episode || refers_to_plan(c.note) || states_plan(c.note)) return;
    const auto later = c.episode ? later_plan(c) : std::nullopt;
    const std::string why = later ? "the episode's evaluation or plan of care is dated " + later->iso() +
                                        ", after this visit, and the note neither refers to a plan nor states its "
                                        "frequency and duration"
                                  : "no evaluation or plan of care in the episode, and the note neither refers to one "
                                    "nor states its frequency and duration";
    for (const Intervention& i : c.note.interventions) {
        if (!contains_code(c.profile.plan_required_codes, i.cpt)) continue;
        c.report.add(c.note, i.pos,
                     described(i.cpt) + " is billed to " + c.profile.title + ", which pays it only inside a PT/rehab "
                     "plan of care, but no plan covers this visit: " + why + "; cite the plan (e.g. `Continue 2x/week "
                     "x 6 weeks per plan of care dated 03/10/2026`) or bill " + i.cpt +
                     " only once an evaluation has set the plan");
    }
}

// ---- C005 ------------------------------------------------------------------------------------

void check_bundled_codes(const NoteContext& c) {
    for (const Intervention& i : c.note.interventions) {
        if (!contains_code(c.profile.bundled_codes, i.cpt)) continue;
        c.report.add(c.note, i.pos,
                     described(i.cpt) + " is bundled under " + c.profile.title +
                         ": it is never paid separately and comes back as a denied line; document the service in the "
                         "note but leave " + i.cpt + " off the claim");
    }
}

}  // namespace

std::vector<Rule> code_rules() {
    return {
        Rule{{"C001", "code-pair-conflict", Severity::error,
              "Two codes of one visit form an NCCI procedure-to-procedure pair in force on the date of service: "
              "indicator 0 pairs are never billable together; indicator 1 pairs need 59/XS/XE/XP/XU on the "
              "column-2 code.",
              "Medicare and most payers run the NCCI edits on every claim: the column-2 code of an edited pair is "
              "denied automatically. Massage (97124) and manual therapy (97140) are never paid on one visit; "
              "manual therapy, massage or neuromuscular re-education beside chiropractic manipulation, or "
              "individual codes beside group therapy, are paid only when the modifier shows a distinct service.",
              "Bill only one code of an indicator-0 pair. For an indicator-1 pair, put 59 or XS (XE, XP, XU) on "
              "the column-2 code only when it really was a separate service, and document why (a separate body "
              "region, a separate session); otherwise leave it off the claim.",
              "CMS National Correct Coding Initiative, procedure-to-procedure edits (practitioner file, quarterly; "
              "built in: 2024-07-01); NCCI Policy Manual for Medicare Services ch. I §E (modifiers 59, XE, XP, XS, "
              "XU) and ch. XI (physical medicine and rehabilitation)",
              "97140 Manual therapy 15 min, 1 unit\n97124 Massage 15 min, 1 unit",
              "97140 Manual therapy 30 min, 2 units"},
             check_pair_conflicts, {}},
        Rule{{"C002", "modifier-without-distinct-region", Severity::warning,
              "An indicator-1 NCCI pair is unlocked with 59 or XS on the column-2 code, but the note names the same "
              "body region for both codes, or no region for one of them.",
              "59 and XS tell the payer the second service was done on a separate body region. When the note shows "
              "the same region, or none, the modifier is unsupported: the payer recoups the payment on review, and "
              "the OIG lists modifier 59 misuse as a recurring audit target.",
              "Name the body region each code treated on its line (`98941 CMT lumbar, thoracic` / `97140-59 STM R "
              "shoulder`), and use the modifier only when the regions differ.",
              "NCCI Policy Manual for Medicare Services ch. I §E (modifier 59 and XS: separate site or structure) "
              "and ch. XI (chiropractic manipulative treatment with manual therapy on a different anatomic region); HHS OIG, "
              "\"Use of Modifier 59 to Bypass Medicare's National Correct Coding Initiative Edits\" (OEI-03-02-00771)",
              "98941 CMT lumbar, thoracic\n97140-59 Manual therapy lumbar paraspinals 12 min",
              "98941 CMT lumbar, thoracic\n97140-59 Manual therapy R shoulder 12 min"},
             check_modifier_region, {}},
        Rule{{"C003", "unknown-cpt", Severity::info,
              "A billed code that soaplint's physical-medicine code table does not know: a typo, a deleted code, or "
              "a code outside physical medicine.",
              "A mistyped or deleted code is rejected outright; and soaplint cannot check units, time or code pairs "
              "for a code it does not know.",
              "Correct the code (the message suggests the nearest known one, or the replacement of a deleted code).",
              "AMA CPT Professional (physical medicine and rehabilitation 97010-97799, chiropractic and "
              "osteopathic manipulation); CMS HCPCS Level II (G0283); CPT 2017 (97001-97004 replaced by "
              "97161-97168)",
              "97410 Manual therapy 23 min, 2 units",
              "97140 Manual therapy 23 min, 2 units"},
             check_unknown_codes, {}},
        Rule{{"C004", "massage-outside-plan", Severity::error,
              "A code the profile pays only inside a plan of care (97124 under ibx, hcsc, medicare) is billed with "
              "no plan of care or rehab episode: no evaluation or plan of care in the episode, and the note neither "
              "refers to one nor states frequency with duration or goals.",
              "These payers cover massage only as part of a rehabilitation plan set by a therapist's evaluation; "
              "stand-alone massage is treated as wellness care and denied.",
              "Bill the code within the plan: refer to the plan of care (`per plan of care dated 03/10/2026`) and "
              "its frequency and duration, or have the patient evaluated first.",
              "42 CFR 410.61 and CMS Pub. 100-02 ch. 15 §220.1.2 (services furnished under a written plan of care); "
              "Independence Blue Cross medical policy on massage therapy; HCSC physical therapy medical policy",
              "Payer: Independence Blue Cross\n97124 Massage, full body, 60 min x4\nP: Return as needed.",
              "Payer: Independence Blue Cross\n97124 Massage, lumbar, 30 min x2\nP: Continue 2x/week x 4 weeks per "
              "plan of care."},
             check_massage_outside_plan, {}},
        Rule{{"C005", "bundled-code", Severity::info,
              "A code the profile never pays separately, such as 97010 (hot or cold packs) under medicare.",
              "A bundled code is paid as part of the other services of the visit; billed on its own line it is "
              "denied, which adds noise to the claim and to the practice's denial rate.",
              "Document the service in the note, but leave the code off the claim.",
              "CMS Medicare Physician Fee Schedule Relative Value File, status indicator B (bundled code): 97010",
              "Payer: Medicare\n97010 Hot pack lumbar 10 min\n97110 Therapeutic exercise 25 min, 2 units",
              "Payer: Medicare\nHot pack lumbar 10 min (not billed)\n97110 Therapeutic exercise 25 min, 2 units"},
             check_bundled_codes, {}},
    };
}

}  // namespace soaplint::checks
