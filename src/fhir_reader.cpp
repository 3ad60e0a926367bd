#include "fhir_reader.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_set>
#include <vector>

#include "codetables.hpp"
#include "decode.hpp"
#include "extract.hpp"
#include "grammar/api.hpp"
#include "json_input.hpp"
#include "structure.hpp"

namespace soaplint {
namespace json = boost::json;
namespace g = grammar;

// =============================================================================================
// Text carried inside resources: base64 attachments, XHTML narrative, lines of resources

namespace fhir {

namespace {

int base64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::string printable(unsigned char c) {
    static constexpr char hex[] = "0123456789ABCDEF";
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
}

}  // namespace

bool decode_base64(std::string_view data, std::string& out, std::string& error) {
    out.clear();
    out.reserve(data.size() / 4 * 3 + 3);
    std::uint32_t bits = 0;
    int held = 0;           // bits held in `bits`
    std::size_t chars = 0;  // base64 characters read (padding and whitespace excluded)
    std::size_t padding = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;  // MIME line wrapping
        if (c == '=') {
            ++padding;
            continue;
        }
        const int value = base64_value(c);
        if (value < 0 || padding > 0) {
            error = (value < 0 ? printable(c) + " at character " : "data after the '=' padding at character ") +
                    std::to_string(i + 1) + " is not base64";
            return false;
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        held += 6;
        ++chars;
        if (held >= 8) {
            held -= 8;
            out.push_back(static_cast<char>((bits >> held) & 0xFF));
            bits &= (1u << held) - 1;
        }
    }
    if (chars % 4 == 1 || padding > 2) {
        error = "base64 data is truncated (" + std::to_string(chars) + " characters)";
        return false;
    }
    return true;
}

namespace {

// Elements that end a line of text where they open or close.
bool block_tag(std::string_view name) {
    static constexpr std::array<std::string_view, 36> names{
        "p", "div", "br", "li", "ul", "ol", "table", "tr", "thead", "tbody", "tfoot", "caption", "pre",
        "blockquote", "hr", "dl", "dt", "dd", "section", "article", "header", "footer", "nav", "aside",
        "address", "figure", "figcaption", "main", "h1", "h2", "h3", "h4", "h5", "h6", "title", "body"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// The character of an entity body (`amp`, `#176`, `#xB0`); nullopt when unknown.
std::optional<std::uint32_t> entity(std::string_view body) {
    if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        std::uint32_t cp = 0;
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7) return std::nullopt;
        for (char c : digits) {
            const int d = ascii_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return std::nullopt;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        return cp;
    }
    static constexpr std::array<std::pair<std::string_view, std::uint32_t>, 25> named{{
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}, {"deg", 0xB0},
        {"plusmn", 0xB1}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
        {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"times", 0xD7}, {"middot", 0xB7},
        {"bull", 0x2022}, {"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE}, {"sup2", 0xB2},
        {"micro", 0xB5}, {"le", 0x2264}, {"ge", 0x2265}}};
    for (const auto& [name, cp] : named)
        if (name == body) return cp;
    return std::nullopt;
}

// Plain text out of markup, one pass: whitespace runs collapse to one space outside <pre>.
class MarkupText {
public:
    explicit MarkupText(std::string_view html) : html_(html) { out_.reserve(html.size()); }

    std::string run() {
        while (pos_ < html_.size()) {
            const char c = html_[pos_];
            if (c == '<') tag();
            else if (c == '&') reference();
            else character(c);
        }
        end_line();
        while (!out_.empty() && out_.back() == '\n') out_.pop_back();
        return std::move(out_);
    }

private:
    void character(char c) {
        ++pos_;
        if (pre_ > 0) {
            if (c == '\n') end_line(true);
            else if (c != '\r') out_.push_back(c);
            return;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space_ = !out_.empty() && out_.back() != '\n';
            return;
        }
        text(std::string_view(&c, 1));
    }

    void text(std::string_view s) {
        if (space_) out_.push_back(' ');
        space_ = false;
        out_ += s;
    }

    // Ends the current line; blank lines are kept once (`keep_blank`) only inside <pre>.
    void end_line(bool keep_blank = false) {
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        if (!out_.empty() && (out_.back() != '\n' || keep_blank)) out_.push_back('\n');
        space_ = false;
    }

    void skip_past(std::string_view end) {
        const std::size_t at = html_.find(end, pos_);
        pos_ = at == std::string_view::npos ? html_.size() : at + end.size();
    }

    void reference() {
        // Only a few characters ahead: a text of `&` without `;` must not be searched to its end each time.
        const std::size_t near = html_.substr(pos_ + 1, 10).find(';');
        const std::size_t semi = near == std::string_view::npos ? near : pos_ + 1 + near;
        if (semi != std::string_view::npos) {
            if (const auto cp = entity(html_.substr(pos_ + 1, semi - pos_ - 1))) {
                std::string utf8;
                append_utf8(utf8, *cp == 0xA0 ? ' ' : *cp);
                pos_ = semi + 1;
                if (utf8 == " ") space_ = !out_.empty() && out_.back() != '\n';
                else text(utf8);
                return;
            }
        }
        ++pos_;
        text("&");
    }

    void tag() {
        const std::string_view rest = html_.substr(pos_);
        if (rest.starts_with("<!--")) return skip_past("-->");
        if (rest.starts_with("<![CDATA[")) {
            const std::size_t end = html_.find("]]>", pos_ + 9);
            const std::size_t stop = end == std::string_view::npos ? html_.size() : end;
            text(html_.substr(pos_ + 9, stop - pos_ - 9));
            pos_ = end == std::string_view::npos ? html_.size() : end + 3;
            return;
        }
        std::size_t i = pos_ + 1;
        const bool closing = i < html_.size() && html_[i] == '/';
        if (closing) ++i;
        const std::size_t name_start = i;
        while (i < html_.size() && (ascii_alnum(html_[i]) || html_[i] == ':' || html_[i] == '-')) ++i;
        std::string name = ascii_lower(html_.substr(name_start, i - name_start));
        if (const std::size_t colon = name.rfind(':'); colon != std::string::npos) name.erase(0, colon + 1);
        if (name.empty() && !closing && (i >= html_.size() || (html_[i] != '!' && html_[i] != '?'))) {
            ++pos_;  // a lone `<` in text (`pain < 3/10`)
            return text("<");
        }
        pos_ = tag_end(i);
        if (!closing && (name == "script" || name == "style")) return skip_element(name);
        if (name == "pre") pre_ = std::max(0, pre_ + (closing ? -1 : 1));
        if (block_tag(name)) end_line();
        if (name == "li" && !closing) out_ += "- ";
        if ((name == "td" || name == "th") && !closing && !out_.empty() && out_.back() != '\n') {
            out_ += "  ";  // cells apart, as a printed grid has them
            space_ = false;
        }
    }

    // Past the `>` of a tag whose name ends at `i`; quoted attribute values may hold `>`.
    std::size_t tag_end(std::size_t i) const {
        char quote = 0;
        for (; i < html_.size(); ++i) {
            const char c = html_[i];
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return html_.size();
    }

    void skip_element(const std::string& name) {
        const std::string close = "</" + name;
        const std::size_t at = ifind(html_, close, pos_);
        pos_ = at == std::string_view::npos ? html_.size() : tag_end(at + close.size());
    }

    std::string_view html_;
    std::size_t pos_ = 0;
    std::string out_;
    bool space_ = false;
    int pre_ = 0;
};

}  // namespace

std::string xhtml_to_text(std::string_view html) { return MarkupText(html).run(); }

std::unordered_map<std::string, int> resource_lines(std::string_view text) {
    std::unordered_map<std::string, int> lines;
    if (text.find('\n') == std::string_view::npos) return lines;
    struct Frame {
        bool array = false;
        std::size_t index = 0;  // array: the element being read
        std::string key;        // object: the member being read
        bool expect_key = true;
    };
    std::vector<Frame> stack;
    // Objects that are resources: the root, a root array's elements, `resource` members (Bundle
    // entries) and elements of `contained`.
    const auto is_resource = [&] {
        if (stack.empty()) return true;
        const Frame& top = stack.back();
        if (!top.array) return top.key == "resource";
        return stack.size() == 1 || (!stack[stack.size() - 2].array && stack[stack.size() - 2].key == "contained");
    };
    const auto pointer = [&] {
        std::string p;
        for (const Frame& f : stack) p = pointer_append(std::move(p), f.array ? std::to_string(f.index) : f.key);
        return p;
    };
    int line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
        } else if (c == '"') {
            const std::size_t start = ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\') ++i;
                else if (text[i] == '\n') ++line;
                ++i;
            }
            if (!stack.empty() && !stack.back().array && stack.back().expect_key) {
                stack.back().key.assign(text.substr(start, std::min(i, text.size()) - start));
                stack.back().expect_key = false;
            }
        } else if (c == ',') {
            if (!stack.empty()) {
                if (stack.back().array) ++stack.back().index;
                else stack.back().expect_key = true;
            }
        } else if (c == '{' || c == '[') {
            if (c == '{' && is_resource()) lines.emplace(pointer(), line);
            stack.push_back(Frame{c == '[', 0, {}, true});
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
        }
    }
    return lines;
}

// =============================================================================================
// Facts of one resource

namespace {

using json::array;
using json::object;

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (ascii_is_lower(c)) c = static_cast<char>(c - ('a' - 'A'));
    return out;
}

std::string_view str(const object* o, std::string_view key) { return o ? json_string(*o, key) : std::string_view{}; }
const object* obj(const object* o, std::string_view key) { return o ? json_object(*o, key) : nullptr; }
const array* arr(const object* o, std::string_view key) { return o ? json_array(*o, key) : nullptr; }
std::optional<double> num(const object* o, std::string_view key) { return o ? json_number(o->if_contains(key)) : std::nullopt; }

// The objects of an array member (or of a member that is a single object, as R4 allows some).
std::vector<const object*> objects(const object* o, std::string_view key) {
    std::vector<const object*> out;
    if (o == nullptr) return out;
    const json::value* v = o->if_contains(key);
    if (v == nullptr) return out;
    if (const object* one = v->if_object()) out.push_back(one);
    if (const array* many = v->if_array())
        for (const json::value& e : *many)
            if (const object* item = e.if_object()) out.push_back(item);
    return out;
}

std::vector<const object*> codings(const object* codeable) { return objects(codeable, "coding"); }

// What a CodeableConcept says in words: its text, else its first coding's display.
std::string concept_text(const object* codeable) {
    std::string_view text = str(codeable, "text");
    for (const object* coding : codings(codeable))
        if (text.empty()) text = str(coding, "display");
    return std::string(trim(text));
}

bool status_void(const object& r) {
    for (std::string_view key : {"status", "lifecycleStatus", "docStatus"}) {
        const std::string_view s = json_string(r, key);
        if (s == "entered-in-error" || s == "not-done" || s == "cancelled" || s == "rejected" || s == "revoked")
            return true;
    }
    return false;
}

std::optional<CivilDate> fhir_date(std::string_view value) {
    if (value.size() < 10) return std::nullopt;
    const auto d = g::parse_date(value.substr(0, 10));
    if (!d) return std::nullopt;
    return CivilDate{d->year, d->month, d->day};
}

// The clock of a dateTime as written (`2015-01-17T16:00:00+10:00` is 16:00 where it happened).
std::optional<Clock> fhir_clock(std::string_view value) {
    if (value.size() < 16 || value[10] != 'T' || value[13] != ':') return std::nullopt;
    for (std::size_t i : {11u, 12u, 14u, 15u})
        if (!ascii_digit(value[i])) return std::nullopt;
    Clock clock{(value[11] - '0') * 10 + (value[12] - '0'), (value[14] - '0') * 10 + (value[15] - '0')};
    clock.valid = clock.hour < 24 && clock.minute < 60;
    return clock;
}

// Minutes of a period within one day (`performedPeriod`), nullopt otherwise.
std::optional<int> period_minutes(const object* period) {
    const std::string_view start = str(period, "start"), end = str(period, "end");
    const auto a = fhir_clock(start), b = fhir_clock(end);
    if (!a || !b || !a->valid || !b->valid || start.substr(0, 10) != end.substr(0, 10)) return std::nullopt;
    const int minutes = b->minutes_of_day() - a->minutes_of_day();
    return minutes >= 0 ? std::optional<int>(minutes) : std::nullopt;
}

// ---- people ---------------------------------------------------------------------------------

// A HumanName as one string (`text`, else given + family), and its suffixes.
std::string human_name(const object* r, std::vector<std::string>* suffixes = nullptr) {
    const object* best = nullptr;
    for (const object* name : objects(r, "name")) {
        const std::string_view use = str(name, "use");
        if (best == nullptr || ((use == "official" || use == "usual") && str(best, "use") != "official")) best = name;
    }
    if (best == nullptr) return {};
    if (suffixes)
        for (const json::value& s : arr(best, "suffix") ? *arr(best, "suffix") : array{})
            if (s.is_string()) suffixes->emplace_back(s.get_string());
    if (const std::string_view text = str(best, "text"); !text.empty()) return std::string(trim(text));
    std::string out;
    if (const array* given = arr(best, "given"))
        for (const json::value& part : *given)
            if (part.is_string()) out += std::string(part.get_string()) + " ";
    out += std::string(str(best, "family"));
    return std::string(trim(out));
}

// Credentials a qualification or role coding stands for: the designation itself (`PT`), a NUCC
// taxonomy code, or the words of a therapist's title.
std::vector<std::string> credentials_of(const object* codeable) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> nucc{{
        {"225100000X", "PT"}, {"225200000X", "PTA"}, {"225X00000X", "OT"}, {"224Z00000X", "COTA"},
        {"225700000X", "LMT"}, {"111N00000X", "DC"}, {"235Z00000X", "SLP"}, {"207Q00000X", "MD"}}};
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> titles{{
        {"physical therapist assistant", "PTA"}, {"physical therapy assistant", "PTA"},
        {"physical therapist", "PT"}, {"occupational therapist", "OT"}, {"massage therapist", "LMT"},
        {"chiropractor", "DC"}}};
    std::vector<std::string> out;
    const auto add = [&](std::string_view c) {
        if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.emplace_back(c);
    };
    for (const object* coding : codings(codeable)) {
        const std::string_view code = str(coding, "code");
        if (is_credential(code)) add(code);
        for (const auto& [taxonomy, credential] : nucc)
            if (code == taxonomy) add(credential);
    }
    if (out.empty()) {
        const std::string words = ascii_lower(concept_text(codeable));
        for (const auto& [title, credential] : titles)
            if (contains(words, title)) {
                add(credential);
                break;
            }
    }
    return out;
}

Provider practitioner_provider(const object& r) {
    std::vector<std::string> suffixes;
    Provider p;
    p.name = human_name(&r, &suffixes);
    for (const std::string& s : suffixes)
        if (is_credential(s)) p.credentials.push_back(s);
    for (const object* q : objects(&r, "qualification"))
        for (std::string& c : credentials_of(obj(q, "code")))
            if (std::find(p.credentials.begin(), p.credentials.end(), c) == p.credentials.end()) p.credentials.push_back(std::move(c));
    return p;
}

std::string patient_id(const object& r) {
    std::string_view first;
    for (const object* id : objects(&r, "identifier")) {
        for (const object* coding : codings(obj(id, "type")))
            if (str(coding, "code") == "MR" && !str(id, "value").empty()) return std::string(str(id, "value"));
        if (first.empty()) first = str(id, "value");
    }
    return std::string(first.empty() ? json_string(r, "id") : first);
}

// ---- codes ----------------------------------------------------------------------------------

bool icd10cm_system(std::string_view system) {
    return system == "http://hl7.org/fhir/sid/icd-10-cm" || system == "urn:oid:2.16.840.1.113883.6.90";
}

bool cpt_system(std::string_view system) {
    return system == "http://www.ama-assn.org/go/cpt" || system == "urn:oid:2.16.840.1.113883.6.12" ||
           system == "urn:oid:2.16.840.1.113883.6.285" || system == "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets" ||
           system == "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
}

// Physical-medicine code shapes soaplint knows whatever system a coding names.
bool cpt_shaped(std::string_view code) {
    if (code.size() != 5 || !std::all_of(code.begin() + 2, code.end(), ascii_digit)) return false;
    return code.starts_with("97") || code.starts_with("98") || code.starts_with("G0");
}

void add_diagnoses(const object* codeable, int line, std::vector<Diagnosis>& out) {
    for (const object* coding : codings(codeable)) {
        if (!icd10cm_system(str(coding, "system"))) continue;
        const std::string_view code = trim(str(coding, "code"));
        if (code.empty()) continue;
        Diagnosis d;
        d.pos = Position{line, 1};
        const auto found = g::find_icd10(code);
        if (found.size() == 1 && found.front().raw.size() == code.size()) {
            d.code = found.front().code;
            d.shape = static_cast<Diagnosis::Shape>(found.front().shape);
        } else {
            d.code = std::string(code);
            d.shape = Diagnosis::Shape::malformed;
        }
        if (std::none_of(out.begin(), out.end(), [&](const Diagnosis& o) { return o.code == d.code; })) out.push_back(std::move(d));
    }
}

// An intervention from a CPT/HCPCS coding of `codeable` (`97140`, `97140-59`), nullopt without one.
std::optional<Intervention> coded_intervention(const object* codeable, int line) {
    for (const object* coding : codings(codeable)) {
        std::string_view code = trim(str(coding, "code"));
        std::vector<std::string> modifiers;
        if (const std::size_t dash = code.find('-'); dash != std::string_view::npos) {
            for (std::string_view rest = code.substr(dash + 1); !rest.empty();) {
                const std::size_t next = rest.find('-');
                modifiers.emplace_back(ascii_upper(rest.substr(0, next)));
                rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
            }
            code = code.substr(0, dash);
        }
        const bool coded = cpt_system(str(coding, "system")) && code.size() == 5 && std::all_of(code.begin(), code.end(), ascii_alnum);
        if (!coded && !cpt_shaped(code)) continue;
        Intervention i;
        i.cpt = ascii_upper(code);
        i.modifiers = std::move(modifiers);
        i.timed = codes::is_timed_cpt(i.cpt);
        i.pos = Position{line, 1};
        i.line_text = i.cpt + " " + concept_text(codeable);
        return i;
    }
    return std::nullopt;
}

void add_modifier(Intervention& i, std::string_view code) {
    std::string m = ascii_upper(trim(code));
    if (!m.empty() && std::find(i.modifiers.begin(), i.modifiers.end(), m) == i.modifiers.end()) i.modifiers.push_back(std::move(m));
}

std::optional<int> whole(std::optional<double> value) {
    if (!value || !std::isfinite(*value) || *value < 0 || *value > 1e6) return std::nullopt;
    return static_cast<int>(std::lround(*value));
}

// Minutes of a Duration/Quantity (`{"value": 23, "code": "min"}`).
std::optional<int> duration_minutes(const object* q) {
    const std::string_view unit = str(q, "code").empty() ? str(q, "unit") : str(q, "code");
    const auto value = whole(num(q, "value"));
    if (!value) return std::nullopt;
    if (unit == "h" || unit == "hr" || unit == "hour" || unit == "hours") return *value * 60;
    if (unit == "min" || unit == "minutes" || unit == "minute" || unit.empty()) return value;
    return std::nullopt;
}

// Minutes, units and modifiers that systems put in extensions (no R4 element holds them on a
// Procedure): any extension whose URL names minutes/duration, units/quantity or a modifier.
void extension_quantities(const object& r, Intervention& i) {
    for (const object* ext : objects(&r, "extension")) {
        const std::string url = ascii_lower(str(ext, "url"));
        if (contains(url, "modifier")) {
            for (const object* coding : codings(obj(ext, "valueCodeableConcept"))) add_modifier(i, str(coding, "code"));
            add_modifier(i, str(ext, "valueCode"));
            add_modifier(i, str(ext, "valueString"));
        } else if (contains(url, "minute") || contains(url, "duration")) {
            auto m = duration_minutes(obj(ext, "valueDuration"));
            if (!m) m = duration_minutes(obj(ext, "valueQuantity"));
            if (!m) m = whole(json_number(ext->if_contains("valueInteger")));
            if (!m) m = whole(json_number(ext->if_contains("valueDecimal")));
            if (m && !i.minutes) i.minutes = m;
        } else if (contains(url, "unit") || contains(url, "quantity")) {
            auto u = whole(json_number(ext->if_contains("valueInteger")));
            if (!u) u = whole(num(obj(ext, "valueQuantity"), "value"));
            if (u && !i.units) i.units = u;
        }
    }
}

// `23 min, 2 units` in a Procedure's notes, read as the text reader reads a billing line.
void note_quantities(const object& r, Intervention& i) {
    for (const object* annotation : objects(&r, "note")) {
        const std::string line = i.cpt + " " + std::string(str(annotation, "text"));
        const auto found = g::find_cpt(line);
        if (found.empty() || found.front().code != i.cpt) continue;
        if (!i.minutes) i.minutes = found.front().minutes;
        if (!i.units) i.units = found.front().units;
        for (const std::string& m : found.front().modifiers) add_modifier(i, m);
    }
}

void add_body_site(const object& r, std::string_view key, Intervention& i) {
    for (const object* site : objects(&r, key)) i.line_text += " " + concept_text(site);
}

// ---- measurements ---------------------------------------------------------------------------

bool pain_name(std::string_view lower_name, const object* codeable) {
    for (const object* coding : codings(codeable)) {
        const std::string_view code = str(coding, "code");
        if (code == "72514-3" || code == "38208-5" || code == "38221-8") return true;  // LOINC pain severity
    }
    return contains(lower_name, "pain") || contains(lower_name, "nprs") || contains(lower_name, "vas");
}

// Canonical unit (SPEC §5) of a UCUM code or a written unit; nullopt for units soaplint does not
// measure therapy with (mm[Hg], kg/m2, mmol/L: vital signs and labs are no therapy measures).
std::optional<std::string> canonical_unit(std::string_view code) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 32> units{{
        {"deg", "deg"}, {"°", "deg"}, {"degrees", "deg"}, {"[lb_av]", "lb"}, {"lb", "lb"}, {"lbs", "lb"},
        {"kg", "kg"}, {"cm", "cm"}, {"m", "m"}, {"[in_i]", "in"}, {"in", "in"}, {"[ft_i]", "ft"}, {"ft", "ft"},
        {"s", "s"}, {"sec", "s"}, {"min", "min"}, {"h", "h"}, {"%", "percent"}, {"{score}", "points"},
        {"{points}", "points"}, {"points", "points"}, {"/10", "/10"}, {"{reps}", "reps"}, {"{repetitions}", "reps"},
        {"reps", "reps"}, {"/min", "/min"}, {"{beats}/min", "/min"}, {"{breaths}/min", "/min"}, {"m/s", "m/s"},
        {"/5", "/5"}, {"{grade}", "/5"}, {"1", ""}}};
    for (const auto& [ucum, canonical] : units)
        if (ucum == code) return std::string(canonical);
    return std::nullopt;
}

// A measurement from an Observation (or one of its components): `code` names it, the value is a
// valueQuantity in a unit soaplint knows, a pain valueInteger, or a valueString the grammar reads
// (`4-/5`).
std::optional<Measurement> measurement(const object& holder, const object* code, int line) {
    Measurement m;
    m.name = ascii_lower(concept_text(code));
    m.pos = Position{line, 1};
    m.section = "objective";
    if (m.name.empty()) return std::nullopt;
    const bool pain = pain_name(m.name, code);
    if (const object* q = obj(&holder, "valueQuantity")) {
        const std::string_view ucum = str(q, "code").empty() ? str(q, "unit") : str(q, "code");
        auto unit = canonical_unit(ucum);
        m.value = num(q, "value");
        if (!unit || !m.value) return std::nullopt;
        if (pain && (unit->empty() || *unit == "points")) unit = "/10";
        if (unit->empty()) return std::nullopt;  // a bare ratio is no therapy measure
        m.unit = *unit;
    } else if (const json::value* v = holder.if_contains("valueInteger"); v && pain) {
        m.value = json_number(v);
        m.unit = "/10";
    } else if (const std::string_view s = json_string(holder, "valueString"); !s.empty()) {
        const auto found = g::find_quantities(s);
        if (found.size() != 1 || found.front().unit == g::Unit::none) return std::nullopt;
        m.value = found.front().value;
        m.value_high = found.front().value_high;
        m.unit = std::string(g::unit_name(found.front().unit));
        m.grade = found.front().grade;
    } else {
        return std::nullopt;
    }
    m.kind = measurement_kind(m.name, m.unit);
    return m;
}

void observation_facts(const object& r, Note& note, int line) {
    if (auto m = measurement(r, obj(&r, "code"), line)) note.measurements.push_back(std::move(*m));
    for (const object* component : objects(&r, "component"))
        if (auto m = measurement(*component, obj(component, "code"), line)) note.measurements.push_back(std::move(*m));
}

// ---- goals, plans ---------------------------------------------------------------------------

std::optional<Amount> amount(const object* q) {
    if (q == nullptr || !num(q, "value")) return std::nullopt;
    const auto unit = canonical_unit(str(q, "code").empty() ? str(q, "unit") : str(q, "code"));
    return Amount{num(q, "value"), unit.value_or("")};
}

std::string time_unit(std::string_view ucum) {
    if (ucum == "d" || ucum == "day" || ucum == "days") return "day";
    if (ucum == "wk" || ucum == "week" || ucum == "weeks") return "week";
    if (ucum == "mo" || ucum == "month" || ucum == "months") return "month";
    return {};
}

// A goal read as the text reader reads a goal line (target, timeframe, measurable, functional
// judged the same way), then what the resource states in structure added where the text lacks it.
void goal_facts(const object& r, Note& note, int line) {
    std::string text = concept_text(obj(&r, "description"));
    if (text.empty()) return;
    const Note read = note_from_text({}, "GOALS:\n" + text, TextOrigin{line, 1, true});
    Goal goal = read.goals.empty() ? Goal{} : read.goals.front();
    goal.text = text;
    goal.pos = Position{line, 1};
    for (const object* target : objects(&r, "target")) {
        if (!goal.target) goal.target = amount(obj(target, "detailQuantity"));
        if (!goal.target) {
            const object* range = obj(target, "detailRange");
            goal.target = amount(obj(range, "low"));
            if (!goal.target) goal.target = amount(obj(range, "high"));
        }
        if (!goal.timeframe)
            if (const auto due = fhir_date(str(target, "dueDate"))) goal.timeframe = Timeframe{std::nullopt, "", *due};
        if (const object* due = obj(target, "dueDuration"); due && !goal.timeframe) {
            const std::string unit = time_unit(str(due, "code").empty() ? str(due, "unit") : str(due, "code"));
            if (const auto value = whole(num(due, "value")); value && !unit.empty()) goal.timeframe = Timeframe{value, unit, std::nullopt};
        }
        if (goal.target || obj(target, "measure")) goal.measurable = true;
    }
    const std::string lower = ascii_lower(text);
    goal.functional = goal.functional || mentions_function(lower);
    if (!goal.term) {
        if (contains(lower, "short term") || contains(lower, "short-term") || lower.starts_with("stg")) goal.term = "short";
        else if (contains(lower, "long term") || contains(lower, "long-term") || lower.starts_with("ltg")) goal.term = "long";
    }
    note.goals.push_back(std::move(goal));
}

// `repeat` of a Timing: 2 per 1 wk -> 2x/week; boundsDuration 6 wk or count 12 -> the duration.
void timing_facts(const object* repeat, Note& note, int line) {
    if (repeat == nullptr) return;
    const auto frequency = whole(num(repeat, "frequencyMax")) ? whole(num(repeat, "frequencyMax")) : whole(num(repeat, "frequency"));
    const std::string per = time_unit(str(repeat, "periodUnit"));
    if (frequency && *frequency > 0 && whole(num(repeat, "period")).value_or(1) == 1 && !per.empty() && !note.frequency)
        note.frequency = Frequency{*frequency, per, line};
    if (note.duration) return;
    const object* bounds = obj(repeat, "boundsDuration");
    const std::string unit = time_unit(str(bounds, "code").empty() ? str(bounds, "unit") : str(bounds, "code"));
    if (const auto value = whole(num(bounds, "value")); value && !unit.empty()) note.duration = Duration{value, unit, std::nullopt, line};
    else if (const auto count = whole(num(repeat, "count")); count && *count > 0) note.duration = Duration{count, "visit", std::nullopt, line};
    else if (const auto end = fhir_date(str(obj(repeat, "boundsPeriod"), "end"))) note.duration = Duration{std::nullopt, "", end, line};
}

void plan_end(const object* period, Note& note, int line) {
    if (note.duration) return;
    if (const auto end = fhir_date(str(period, "end"))) note.duration = Duration{std::nullopt, "", end, line};
}

// ---- per type -------------------------------------------------------------------------------

void encounter_facts(const object& r, Note& note, int line) {
    const object* period = obj(&r, "period");
    note.date_of_service = fhir_date(str(period, "start"));
    if (note.date_of_service) note.date_line = line;
    const std::string_view start = str(period, "start"), end = str(period, "end");
    // A session is one sitting: a stay over several days has no start/stop clock of a visit.
    if (fhir_clock(start) && fhir_clock(end) && start.substr(0, 10) == end.substr(0, 10)) {
        note.session.start = fhir_clock(start);
        note.session.stop = fhir_clock(end);
        note.session.minutes = period_minutes(period);
        note.session.line = line;
    }
    for (const object* reason : objects(&r, "reasonCode")) add_diagnoses(reason, line, note.diagnoses);
}

void procedure_facts(const object& r, Note& note, int line) {
    if (const std::string_view performed = json_string(r, "performedDateTime"); !performed.empty()) note.date_of_service = fhir_date(performed);
    if (!note.date_of_service) note.date_of_service = fhir_date(str(obj(&r, "performedPeriod"), "start"));
    for (const object* performer : objects(&r, "performer")) {
        const Provider p = parse_provider(str(obj(performer, "actor"), "display"));
        if (!note.provider && !p.name.empty()) note.provider = Provider{p.name, p.credentials, line};
    }
    for (const object* reason : objects(&r, "reasonCode")) add_diagnoses(reason, line, note.diagnoses);
    auto item = coded_intervention(obj(&r, "code"), line);
    if (!item) return;
    item->minutes = period_minutes(obj(&r, "performedPeriod"));
    extension_quantities(r, *item);
    note_quantities(r, *item);
    add_body_site(r, "bodySite", *item);
    note.interventions.push_back(std::move(*item));
}

void charge_item_facts(const object& r, Note& note, int line) {
    if (json_string(r, "status") == "not-billable") return;
    auto item = coded_intervention(obj(&r, "code"), line);
    if (!item) return;
    item->units = whole(num(obj(&r, "quantity"), "value"));
    extension_quantities(r, *item);
    add_body_site(r, "bodysite", *item);
    note.interventions.push_back(std::move(*item));
    note.date_of_service = fhir_date(json_string(r, "occurrenceDateTime"));
}

// A Claim item as an intervention (CPT in productOrService, modifiers, quantity).
std::optional<Intervention> claim_item(const object& item, int line) {
    auto i = coded_intervention(obj(&item, "productOrService"), line);
    if (!i) return std::nullopt;
    for (const object* modifier : objects(&item, "modifier"))
        for (const object* coding : codings(modifier)) add_modifier(*i, str(coding, "code"));
    i->units = whole(num(obj(&item, "quantity"), "value"));
    extension_quantities(item, *i);
    for (const object* site : objects(&item, "bodySite")) i->line_text += " " + concept_text(site);
    return i;
}

void claim_facts(const object& r, Note& note, int line) {
    for (const object* item : objects(&r, "item"))
        if (auto i = claim_item(*item, line)) note.interventions.push_back(std::move(*i));
    for (const object* d : objects(&r, "diagnosis")) add_diagnoses(obj(d, "diagnosisCodeableConcept"), line, note.diagnoses);
    for (const object* insurance : objects(&r, "insurance"))
        for (const json::value& ref : arr(insurance, "preAuthRef") ? *arr(insurance, "preAuthRef") : array{})
            if (ref.is_string() && !note.authorization) {
                note.authorization = std::string(ref.get_string());
                note.authorization_line = line;
            }
    if (const std::string_view insurer = str(obj(&r, "insurer"), "display"); !insurer.empty()) {
        note.payer_text = std::string(insurer);
        note.payer_line = line;
    }
}

void coverage_facts(const object& r, Note& note, int line) {
    std::string payer;
    for (const object* payor : objects(&r, "payor"))
        if (payer.empty()) payer = std::string(trim(str(payor, "display")));
    for (const object* c : objects(&r, "class"))
        if (payer.empty()) payer = std::string(trim(str(c, "name")));
    if (payer.empty()) payer = concept_text(obj(&r, "type"));
    if (payer.empty()) return;
    note.payer_text = payer;
    note.payer_line = line;
}

void request_facts(const object& r, Note& note, int line) {
    timing_facts(obj(obj(&r, "occurrenceTiming"), "repeat"), note, line);
    plan_end(obj(&r, "occurrencePeriod"), note, line);
    for (const object* reason : objects(&r, "reasonCode")) add_diagnoses(reason, line, note.diagnoses);
    if (const std::string_view requester = str(obj(&r, "requester"), "display"); !requester.empty()) {
        note.referral = std::string(requester);
        note.referral_line = line;
    }
}

void care_plan_facts(const object& r, Note& note, int line) {
    for (const object* activity : objects(&r, "activity")) {
        const object* detail = obj(activity, "detail");
        timing_facts(obj(obj(detail, "scheduledTiming"), "repeat"), note, line);
        plan_end(obj(detail, "scheduledPeriod"), note, line);
    }
    plan_end(obj(&r, "period"), note, line);
}

}  // namespace

Note resource_facts(const json::object& r, int line) {
    Note note;
    note.line = line;
    if (status_void(r)) return note;
    const std::string_view type = json_string(r, "resourceType");
    if (type == "Patient") {
        note.patient_id = patient_id(r);
        if (std::string name = human_name(&r); !name.empty()) note.patient_name = std::move(name);
        note.dob = fhir_date(json_string(r, "birthDate"));
    } else if (type == "Practitioner") {
        Provider p = practitioner_provider(r);
        p.line = line;
        if (!p.name.empty() || !p.credentials.empty()) note.provider = std::move(p);
    } else if (type == "PractitionerRole") {
        Provider p = parse_provider(str(obj(&r, "practitioner"), "display"));
        for (const object* code : objects(&r, "code"))
            for (std::string& c : credentials_of(code))
                if (std::find(p.credentials.begin(), p.credentials.end(), c) == p.credentials.end()) p.credentials.push_back(std::move(c));
        p.line = line;
        if (!p.name.empty() || !p.credentials.empty()) note.provider = std::move(p);
    } else if (type == "Encounter") {
        encounter_facts(r, note, line);
    } else if (type == "Condition") {
        const std::string_view verification = str(obj(&r, "verificationStatus"), "text");
        bool refuted = verification == "refuted";
        for (const object* coding : codings(obj(&r, "verificationStatus"))) refuted = refuted || str(coding, "code") == "refuted";
        if (!refuted) add_diagnoses(obj(&r, "code"), line, note.diagnoses);
    } else if (type == "Observation") {
        observation_facts(r, note, line);
    } else if (type == "Goal") {
        goal_facts(r, note, line);
    } else if (type == "CarePlan") {
        care_plan_facts(r, note, line);
    } else if (type == "ServiceRequest") {
        request_facts(r, note, line);
    } else if (type == "Procedure") {
        procedure_facts(r, note, line);
    } else if (type == "ChargeItem") {
        charge_item_facts(r, note, line);
    } else if (type == "Claim") {
        claim_facts(r, note, line);
    } else if (type == "Coverage") {
        coverage_facts(r, note, line);
    }
    return note;
}

}  // namespace fhir

// =============================================================================================
// Resources of a file, indexed so that references resolve

namespace {

using json::array;
using json::object;
using fhir::resource_facts;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Resource {
    const object* json = nullptr;
    std::string_view type, id;
    std::string pointer;       // JSON Pointer in its document ("" the root)
    int line = 1;              // line of the file where it starts (its NDJSON line)
    std::size_t container = kNone;  // the resource whose `contained` holds it
};

std::string_view reference_of(const object* holder) { return holder ? json_string(*holder, "reference") : std::string_view{}; }

// References of a member that holds one Reference or an array of them.
std::vector<const object*> reference_objects(const object* o, std::string_view key) {
    std::vector<const object*> out;
    if (o == nullptr) return out;
    const json::value* v = o->if_contains(key);
    if (v == nullptr) return out;
    if (const object* one = v->if_object()) out.push_back(one);
    if (const array* many = v->if_array())
        for (const json::value& e : *many)
            if (const object* item = e.if_object()) out.push_back(item);
    return out;
}

class Resources {
public:
    // Where resources start in a document: a map by pointer, or one line for all (NDJSON).
    struct Lines {
        const std::unordered_map<std::string, int>* by_pointer = nullptr;
        int fixed = 1;
        int of(const std::string& pointer, int fallback) const {
            if (by_pointer == nullptr) return fixed;
            const auto it = by_pointer->find(pointer);
            return it == by_pointer->end() ? fallback : it->second;
        }
    };

    // A resource, a Bundle (its entries, recursively) or an array of resources at `pointer`.
    void collect(const json::value& value, const std::string& pointer, const Lines& lines, int fallback_line) {
        if (const array* list = value.if_array()) {
            if (!pointer.empty()) return;  // arrays of resources only at the top of a document
            for (std::size_t k = 0; k < list->size(); ++k) collect((*list)[k], pointer_append(pointer, std::to_string(k)), lines, fallback_line);
            return;
        }
        const object* o = value.if_object();
        if (o == nullptr || json_string(*o, "resourceType").empty()) return;
        const std::size_t index = add(*o, pointer, kNone, lines.of(pointer, fallback_line));
        const int line = all_[index].line;
        const auto entries = reference_objects(o, "entry");
        for (std::size_t k = 0; k < entries.size() && all_[index].type == "Bundle"; ++k) {
            const json::value* resource = entries[k]->if_contains("resource");
            if (resource == nullptr) continue;
            const std::size_t first = all_.size();
            collect(*resource, pointer + "/entry/" + std::to_string(k) + "/resource", lines, line);
            const std::string_view full_url = json_string(*entries[k], "fullUrl");
            if (all_.size() > first && !full_url.empty()) index_.emplace(std::string(full_url), first);
        }
    }

    std::optional<std::size_t> resolve(std::size_t from, std::string_view reference) const {
        if (reference.empty()) return std::nullopt;
        if (reference.front() == '#') {
            std::size_t root = from;
            while (all_[root].container != kNone) root = all_[root].container;
            return find(std::to_string(root) + std::string(reference));
        }
        if (auto found = find(reference)) return found;
        if (const std::size_t history = reference.find("/_history/"); history != std::string_view::npos) {
            reference = reference.substr(0, history);
            if (auto found = find(reference)) return found;
        }
        // An absolute URL of a server (`http://example.org/fhir/Patient/1`): its `Type/id` tail.
        if (reference.find("://") == std::string_view::npos) return std::nullopt;
        const std::size_t last = reference.rfind('/');
        if (last == std::string_view::npos || last == 0) return std::nullopt;
        const std::size_t type = reference.rfind('/', last - 1);
        return type == std::string_view::npos ? std::nullopt : find(reference.substr(type + 1));
    }

    std::optional<std::size_t> resolve(std::size_t from, const object* reference, std::string_view type) const {
        const auto found = resolve(from, reference_of(reference));
        return found && all_[*found].type == type ? found : std::nullopt;
    }

    const std::vector<Resource>& all() const { return all_; }
    const Resource& operator[](std::size_t i) const { return all_[i]; }

private:
    std::optional<std::size_t> find(std::string_view key) const {
        const auto it = index_.find(std::string(key));
        return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }

    std::size_t add(const object& o, const std::string& pointer, std::size_t container, int line) {
        const std::size_t index = all_.size();
        all_.push_back(Resource{&o, json_string(o, "resourceType"), json_string(o, "id"), pointer, line, container});
        const Resource& r = all_.back();
        if (!r.id.empty()) {
            if (container != kNone) index_.emplace(std::to_string(container) + "#" + std::string(r.id), index);
            else index_.emplace(std::string(r.type) + "/" + std::string(r.id), index);
        }
        // Conditional references (`Practitioner?identifier=system|value`), as bulk exports write them.
        if (container == kNone && (r.type == "Practitioner" || r.type == "Patient" || r.type == "Organization"))
            for (const object* id : reference_objects(&o, "identifier")) {
                const std::string prefix = std::string(r.type) + "?identifier=";
                const std::string_view system = json_string(*id, "system"), value = json_string(*id, "value");
                if (value.empty()) continue;
                index_.emplace(prefix + std::string(system) + "|" + std::string(value), index);
                index_.emplace(prefix + std::string(value), index);
            }
        const auto contained = reference_objects(&o, "contained");
        for (std::size_t k = 0; k < contained.size() && container == kNone; ++k)
            if (!json_string(*contained[k], "resourceType").empty())
                add(*contained[k], pointer + "/contained/" + std::to_string(k), index, line);
        return index;
    }

    std::vector<Resource> all_;
    std::unordered_map<std::string, std::size_t> index_;
};

// =============================================================================================
// Joining resources to a note

// The encounters a resource points at (the member differs by type).
std::vector<const object*> encounter_references(const Resource& r) {
    if (r.type == "DocumentReference") return reference_objects(json_object(*r.json, "context"), "encounter");
    if (r.type == "ChargeItem") return reference_objects(r.json, "context");
    if (r.type == "Claim") {
        std::vector<const object*> out;
        for (const object* item : reference_objects(r.json, "item"))
            for (const object* e : reference_objects(item, "encounter")) out.push_back(e);
        return out;
    }
    return reference_objects(r.json, "encounter");
}

// References worth following from a joined resource: its goals, conditions, orders, members.
std::vector<const object*> related_references(const Resource& r) {
    std::vector<const object*> out;
    const auto take = [&](const object* o, std::string_view key) {
        for (const object* ref : reference_objects(o, key)) out.push_back(ref);
    };
    if (r.type == "CarePlan") {
        take(r.json, "goal");
        take(r.json, "addresses");
        take(r.json, "basedOn");
    } else if (r.type == "Encounter") {
        for (const object* d : reference_objects(r.json, "diagnosis")) take(d, "condition");
        take(r.json, "basedOn");
        take(r.json, "reasonReference");
    } else if (r.type == "Procedure" || r.type == "ServiceRequest") {
        take(r.json, "basedOn");
        take(r.json, "reasonReference");
    } else if (r.type == "Claim") {
        for (const object* d : reference_objects(r.json, "diagnosis")) take(d, "diagnosisReference");
        for (const object* i : reference_objects(r.json, "insurance")) take(i, "coverage");
    } else if (r.type == "Observation") {
        take(r.json, "hasMember");
    } else if (r.type == "Goal") {
        take(r.json, "addresses");
    }
    return out;
}

void section_entries(const object* holder, std::vector<const object*>& out, int depth) {
    for (const object* section : reference_objects(holder, "section")) {
        for (const object* entry : reference_objects(section, "entry")) out.push_back(entry);
        if (depth < 16) section_entries(section, out, depth + 1);
    }
}

// Merges a billed service into the list: the same code from a Procedure (minutes) and a
// ChargeItem or Claim item (units) is one service, not two.
void merge_intervention(std::vector<Intervention>& list, Intervention item) {
    for (Intervention& i : list) {
        if (i.cpt != item.cpt || (i.units && item.units) || (i.minutes && item.minutes)) continue;
        if (!i.units) i.units = item.units;
        if (!i.minutes) i.minutes = item.minutes;
        for (std::string& m : item.modifiers)
            if (std::find(i.modifiers.begin(), i.modifiers.end(), m) == i.modifiers.end()) i.modifiers.push_back(std::move(m));
        if (item.line_text.size() > i.line_text.size()) i.line_text = std::move(item.line_text);
        return;
    }
    list.push_back(std::move(item));
}

// The facts of a file's resources joined to one note (a document or an encounter).
class Joiner {
public:
    explicit Joiner(const Resources& resources) : rs_(resources), members_(resources.all().size()) {
        for (std::size_t i = 0; i < rs_.all().size(); ++i) {
            for (std::size_t e : encounters_of(i)) members_[e].push_back(i);
            if (rs_[i].type != "Coverage" || fhir::status_void(*rs_[i].json)) continue;
            for (std::string_view key : {"beneficiary", "subscriber"})
                if (const auto who = rs_.resolve(i, json_object(*rs_[i].json, key), "Patient")) coverage_of_.emplace(*who, i);
        }
    }

    std::vector<std::size_t> encounters_of(std::size_t i) const {
        std::vector<std::size_t> out;
        for (const object* ref : encounter_references(rs_[i]))
            if (const auto e = rs_.resolve(i, ref, "Encounter"); e && std::find(out.begin(), out.end(), *e) == out.end()) out.push_back(*e);
        return out;
    }

    // Resources joined to `d`: its encounters and what points at them, a Composition's section
    // entries, and what those lead to (goals of a care plan, conditions, orders), in file order.
    std::vector<std::size_t> joined(std::size_t d) const {
        std::vector<std::size_t> out;
        std::unordered_set<std::size_t> seen;  // `d` too: an Encounter note's own facts count
        const auto push = [&](std::optional<std::size_t> i) {
            if (i && seen.insert(*i).second) out.push_back(*i);
        };
        std::vector<std::size_t> encounters = encounters_of(d);
        if (rs_[d].type == "Encounter") encounters.push_back(d);
        for (std::size_t e : encounters) {
            push(e);
            for (std::size_t m : members_[e]) push(m);
        }
        std::vector<const object*> entries;
        if (rs_[d].type == "Composition") section_entries(rs_[d].json, entries, 0);
        for (const object* entry : entries) push(rs_.resolve(d, reference_of(entry)));
        for (const object* ref : related_references(rs_[d])) push(rs_.resolve(d, reference_of(ref)));
        constexpr std::size_t kMaxJoined = 10000;  // a reference chain never pulls a whole export in
        for (std::size_t k = 0; k < out.size() && out.size() < kMaxJoined; ++k)
            for (const object* ref : related_references(rs_[out[k]])) push(rs_.resolve(out[k], reference_of(ref)));
        std::sort(out.begin(), out.end());
        return out;
    }

    // Fills what the note's narrative lacks from the resources joined to it (SPEC §5 facts).
    void fill(Note& note, std::size_t d) const {
        const std::vector<std::size_t> set = joined(d);
        const std::vector<std::size_t> encounters = rs_[d].type == "Encounter" ? std::vector<std::size_t>{d} : encounters_of(d);
        Structured structured;
        for (std::size_t i : set) add_facts(structured, i, encounters, note.line);
        const Note& s = structured.facts;
        const std::optional<std::size_t> patient = fill_patient(note, d, encounters);
        fill_provider(note, d, encounters, set);
        fill_payer(note, s, patient);
        fill_lists(note, s);
        fill_date(note, d, structured);
        if (!note.session.start && !note.session.stop && s.session.start) note.session = s.session;
        if (!note.frequency && s.frequency) note.frequency = s.frequency;
        if (!note.duration && s.duration) note.duration = s.duration;
        if (!note.referral && s.referral) {
            note.referral = s.referral;
            note.referral_line = note.line;
        }
        if (!note.authorization && s.authorization) {
            note.authorization = s.authorization;
            note.authorization_line = note.line;
        }
    }

private:
    struct Structured {
        Note facts;                               // what the joined resources say
        std::optional<CivilDate> procedure_date;  // when a joined Procedure was performed
    };

    void add_facts(Structured& structured, std::size_t i, const std::vector<std::size_t>& encounters, int line) const {
        Note& s = structured.facts;
        const Resource& r = rs_[i];
        Note f = r.type == "Claim" ? claim_facts_for(i, encounters, line) : resource_facts(*r.json, line);
        for (Diagnosis& d : f.diagnoses)
            if (std::none_of(s.diagnoses.begin(), s.diagnoses.end(), [&](const Diagnosis& o) { return o.code == d.code; }))
                s.diagnoses.push_back(std::move(d));
        for (Measurement& m : f.measurements) s.measurements.push_back(std::move(m));
        for (Goal& g : f.goals) s.goals.push_back(std::move(g));
        for (Intervention& item : f.interventions) merge_intervention(s.interventions, std::move(item));
        if (r.type == "Encounter" && !s.date_of_service) {
            s.date_of_service = f.date_of_service;
            s.session = f.session;
        }
        if (r.type == "Procedure" && !structured.procedure_date) structured.procedure_date = f.date_of_service;
        if (!s.frequency) s.frequency = f.frequency;
        if (!s.duration) s.duration = f.duration;
        if (!s.referral) s.referral = f.referral;
        if (!s.authorization) s.authorization = f.authorization;
        if (!s.payer_text) s.payer_text = f.payer_text;
    }

    // A Claim's facts with only the items of the note's encounters (items that name none count).
    Note claim_facts_for(std::size_t i, const std::vector<std::size_t>& encounters, int line) const {
        Note f = resource_facts(*rs_[i].json, line);
        f.interventions.clear();
        for (const object* item : reference_objects(rs_[i].json, "item")) {
            const auto refs = reference_objects(item, "encounter");
            const bool ours = refs.empty() || std::any_of(refs.begin(), refs.end(), [&](const object* ref) {
                const auto e = rs_.resolve(i, ref, "Encounter");
                return e && std::find(encounters.begin(), encounters.end(), *e) != encounters.end();
            });
            if (!ours) continue;
            if (auto service = fhir::claim_item(*item, line)) merge_intervention(f.interventions, std::move(*service));
        }
        return f;
    }

    // Patient facts of the document's (else its encounter's) subject; returns the Patient.
    std::optional<std::size_t> fill_patient(Note& note, std::size_t d, const std::vector<std::size_t>& encounters) const {
        std::vector<std::pair<std::size_t, const object*>> subjects;
        for (const object* s : reference_objects(rs_[d].json, "subject")) subjects.emplace_back(d, s);
        for (std::size_t e : encounters)
            for (const object* s : reference_objects(rs_[e].json, "subject")) subjects.emplace_back(e, s);
        for (const auto& [owner, subject] : subjects) {
            const auto p = rs_.resolve(owner, subject, "Patient");
            if (!p) continue;
            const Note f = resource_facts(*rs_[*p].json, note.line);
            if (!note.patient_id) note.patient_id = f.patient_id;
            if (!note.patient_name) note.patient_name = f.patient_name;
            if (!note.dob) note.dob = f.dob;
            return p;
        }
        for (const auto& [owner, subject] : subjects) {
            const std::string_view display = trim(json_string(*subject, "display"));
            if (!display.empty() && !note.patient_id && !note.patient_name) note.patient_name = std::string(display);
        }
        return std::nullopt;
    }

    // Who a reference names: a Practitioner, a PractitionerRole (its practitioner and role), or
    // the display text (`Paul Therapist, PT`).
    Provider provider_of(std::size_t owner, const object* ref) const {
        const auto found = rs_.resolve(owner, reference_of(ref));
        Provider p;
        if (found && rs_[*found].type == "Practitioner") {
            p = fhir::resource_facts(*rs_[*found].json).provider.value_or(Provider{});
        } else if (found && rs_[*found].type == "PractitionerRole") {
            p = fhir::resource_facts(*rs_[*found].json).provider.value_or(Provider{});
            const object* practitioner = json_object(*rs_[*found].json, "practitioner");
            if (const auto who = rs_.resolve(*found, practitioner, "Practitioner")) {
                Provider named = fhir::resource_facts(*rs_[*who].json).provider.value_or(Provider{});
                for (std::string& c : p.credentials)
                    if (std::find(named.credentials.begin(), named.credentials.end(), c) == named.credentials.end()) named.credentials.push_back(std::move(c));
                p = std::move(named);
            }
        }
        if (p.name.empty()) {
            Provider shown = parse_provider(json_string(*ref, "display"));
            p.name = shown.name;
            if (p.credentials.empty()) p.credentials = shown.credentials;
        }
        return p;
    }

    // The signer (attester, authenticator), the author, the encounter's participants, the
    // performers: the first with a credential, else the first with a name.
    void fill_provider(Note& note, std::size_t d, const std::vector<std::size_t>& encounters, const std::vector<std::size_t>& set) const {
        if (note.provider) return;
        std::vector<std::pair<std::size_t, const object*>> candidates;
        const object* doc = rs_[d].json;
        for (const object* a : reference_objects(doc, "attester"))
            if (const object* party = json_object(*a, "party")) candidates.emplace_back(d, party);
        for (const object* a : reference_objects(doc, "authenticator")) candidates.emplace_back(d, a);
        for (const object* a : reference_objects(doc, "author")) candidates.emplace_back(d, a);
        for (std::size_t e : encounters)
            for (const object* p : reference_objects(rs_[e].json, "participant"))
                if (const object* who = json_object(*p, "individual")) candidates.emplace_back(e, who);
        for (std::size_t i : set)
            if (rs_[i].type == "Procedure")
                for (const object* p : reference_objects(rs_[i].json, "performer"))
                    if (const object* actor = json_object(*p, "actor")) candidates.emplace_back(i, actor);
        std::optional<Provider> named;
        for (const auto& [owner, ref] : candidates) {
            Provider p = provider_of(owner, ref);
            p.line = note.line;
            if (!p.name.empty() && !p.credentials.empty()) {
                note.provider = std::move(p);
                return;
            }
            if (!named && !p.name.empty()) named = std::move(p);
        }
        note.provider = std::move(named);
    }

    // The payer of a joined Claim, else a Coverage whose beneficiary or subscriber is the note's patient.
    void fill_payer(Note& note, const Note& s, std::optional<std::size_t> patient) const {
        if (note.payer_text) return;
        std::optional<std::string> payer = s.payer_text;
        // A Coverage of nobody in particular is not guessed to be this patient's.
        if (const auto c = patient ? coverage_of_.find(*patient) : coverage_of_.end(); !payer && c != coverage_of_.end())
            payer = resource_facts(*rs_[c->second].json).payer_text;
        if (!payer) return;
        note.payer_text = std::move(payer);
        note.payer_line = note.line;
    }

    // Per fact: what the narrative states stays; a measure, code or service it does not name is
    // added from the structure. Goals come as a set: the narrative's, else the structure's.
    static void fill_lists(Note& note, const Note& s) {
        add_missing(note.diagnoses, s.diagnoses, [](const Diagnosis& a, const Diagnosis& b) { return a.code == b.code; });
        add_missing(note.measurements, s.measurements, [](const Measurement& a, const Measurement& b) { return a.name == b.name; });
        add_missing(note.interventions, s.interventions, [](const Intervention& a, const Intervention& b) { return a.cpt == b.cpt; });
        if (note.goals.empty()) note.goals = s.goals;
    }

    template <typename T, typename Same>
    static void add_missing(std::vector<T>& stated, const std::vector<T>& structured, Same same) {
        const std::size_t narrative = stated.size();
        for (const T& item : structured)
            if (std::none_of(stated.begin(), stated.begin() + static_cast<std::ptrdiff_t>(narrative), [&](const T& s) { return same(s, item); }))
                stated.push_back(item);
    }

    // The encounter's start, a joined procedure's date, else the document's own date.
    void fill_date(Note& note, std::size_t d, const Structured& structured) const {
        if (note.date_of_service) return;
        note.date_of_service = structured.facts.date_of_service ? structured.facts.date_of_service : structured.procedure_date;
        // A DocumentReference's clinical period, else when the document was written.
        const object* doc = rs_[d].json;
        const object* context = json_object(*doc, "context");
        const object* period = context ? json_object(*context, "period") : nullptr;
        for (std::string_view value : {period ? json_string(*period, "start") : std::string_view{}, json_string(*doc, "date")})
            if (!note.date_of_service) note.date_of_service = fhir::fhir_date(value);
        if (note.date_of_service) note.date_line = note.line;
    }

    const Resources& rs_;
    std::vector<std::vector<std::size_t>> members_;  // by Encounter: the resources that point at it
    std::unordered_map<std::size_t, std::size_t> coverage_of_;  // by Patient: its first Coverage
};

// =============================================================================================
// Notes

// A Composition as text: its title, then each section's title as a heading line and its
// narrative (nested sections follow their parent).
void append_sections(const object* holder, std::string& text, int depth) {
    for (const object* section : reference_objects(holder, "section")) {
        std::string title(trim(json_string(*section, "title")));
        if (title.empty()) title = fhir::concept_text(json_object(*section, "code"));
        if (!title.empty()) text += title + (title.back() == ':' ? "\n" : ":\n");
        if (const object* narrative = json_object(*section, "text")) text += fhir::xhtml_to_text(json_string(*narrative, "div")) + "\n";
        if (depth < 16) append_sections(section, text, depth + 1);
    }
}

std::string composition_text(const object& c) {
    std::string text(trim(json_string(c, "title")));
    if (!text.empty()) text += "\n";
    append_sections(&c, text, 0);
    return text;
}

// The text of a DocumentReference: its first attachment in a text type that decodes (an
// attachment given only by `url`, or a PDF, is not read). Bad base64 or binary data is an error
// with the attachment's pointer; the next attachment is tried.
std::string document_text(const std::string& file, const Resource& r, std::vector<InputError>& errors) {
    const auto contents = reference_objects(r.json, "content");
    for (std::size_t k = 0; k < contents.size(); ++k) {
        const object* attachment = json_object(*contents[k], "attachment");
        if (attachment == nullptr) continue;
        std::string type = ascii_lower(trim(json_string(*attachment, "contentType").substr(0, json_string(*attachment, "contentType").find(';'))));
        const bool html = type == "text/html" || type == "application/xhtml+xml";
        if (type != "text/plain" && type != "text/markdown" && type != "text/x-markdown" && !html) continue;
        const std::string_view data = json_string(*attachment, "data");
        if (data.empty()) continue;
        const std::string pointer = r.pointer + "/content/" + std::to_string(k) + "/attachment/data";
        std::string bytes, error;
        if (!fhir::decode_base64(data, bytes, error)) {
            errors.push_back({file, "attachment data is not valid base64: " + error, r.line, 1, pointer});
            continue;
        }
        Utf8Text text = decode_to_utf8(bytes);
        if (!text.error.empty()) {
            errors.push_back({file, "attachment is not text: " + text.error, r.line, 1, pointer});
            continue;
        }
        return html ? fhir::xhtml_to_text(text.text) : std::move(text.text);
    }
    return {};
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n\f") == std::string_view::npos; }

// After structured facts joined the note: the kind its billed codes tell (as the text reader
// does), therapy evidence from codes and credentials, and a draft document marked unsigned.
void settle(Note& note, const object& source) {
    for (const Intervention& i : note.interventions) note.therapy = note.therapy || codes::lookup_cpt(i.cpt).has_value();
    if (note.provider)
        for (const std::string& c : note.provider->credentials) note.therapy = note.therapy || credential_kind(c) == CredentialKind::therapy;
    if (note.kind == NoteKind::unknown) {
        for (const Intervention& i : note.interventions) {
            if (i.cpt == "97161" || i.cpt == "97162" || i.cpt == "97163" || i.cpt == "97165" || i.cpt == "97166" || i.cpt == "97167")
                note.kind = NoteKind::evaluation;
            else if ((i.cpt == "97164" || i.cpt == "97168") && note.kind == NoteKind::unknown)
                note.kind = NoteKind::reevaluation;
        }
    }
    if (note.kind == NoteKind::unknown &&
        std::any_of(note.interventions.begin(), note.interventions.end(), [](const Intervention& i) { return i.timed; }))
        note.kind = NoteKind::daily;
    const bool draft = json_string(source, "status") == "preliminary" || json_string(source, "docStatus") == "preliminary";
    if (draft && note.unsigned_line == 0) note.unsigned_line = note.line;
}

void shrink(Note& note) {
    note.lines.shrink_to_fit();
    note.sections.shrink_to_fit();
    note.measurements.shrink_to_fit();
    note.goals.shrink_to_fit();
    note.interventions.shrink_to_fit();
    note.diagnoses.shrink_to_fit();
}

// Notes of the collected resources: one per Composition and DocumentReference with text, and
// one per Encounter that no such note covers but that has billed services or measurements.
void build_notes(const std::string& file, const Resources& rs, FileResult& result) {
    const Joiner joiner(rs);
    std::vector<std::pair<std::size_t, Note>> notes;
    std::vector<char> covered(rs.all().size(), 0);
    for (std::size_t i = 0; i < rs.all().size(); ++i) {
        const Resource& r = rs[i];
        if ((r.type != "Composition" && r.type != "DocumentReference") || fhir::status_void(*r.json)) continue;
        const std::string text = r.type == "Composition" ? composition_text(*r.json) : document_text(file, r, result.errors);
        if (blank(text)) continue;
        Note note = note_from_text(file, text, TextOrigin{r.line, 1, true});
        note.pointer = r.pointer.empty() ? "/" : r.pointer;
        joiner.fill(note, i);
        for (std::size_t e : joiner.encounters_of(i)) covered[e] = 1;
        notes.emplace_back(i, std::move(note));
    }
    for (std::size_t i = 0; i < rs.all().size(); ++i) {
        const Resource& r = rs[i];
        if (r.type != "Encounter" || covered[i] || fhir::status_void(*r.json)) continue;
        Note note;
        note.file = file;
        note.line = r.line;
        note.pointer = r.pointer.empty() ? "/" : r.pointer;
        joiner.fill(note, i);
        if (note.interventions.empty() && note.measurements.empty()) continue;
        notes.emplace_back(i, std::move(note));
    }
    std::sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [i, note] : notes) {
        settle(note, *rs[i].json);
        shrink(note);
        note.index = static_cast<int>(result.notes.size());
        result.notes.push_back(std::move(note));
    }
    result.notes.shrink_to_fit();
    // Resources that give no note are no error; but an input that yields nothing must say so.
    if (!result.notes.empty()) return;
    if (rs.all().empty()) {
        if (result.errors.empty()) result.empty_reason = "no FHIR resource in the input (no JSON object with a resourceType)";
    } else {
        result.empty_reason = "FHIR resources but no note (no Composition or DocumentReference with text, no encounter with "
                              "billed services or measurements)";
    }
}

}  // namespace

bool looks_like_fhir(const boost::json::value& document) {
    if (const auto* o = document.if_object()) return o->contains("resourceType");
    if (const auto* a = document.if_array()) return !a->empty() && a->front().is_object() && a->front().get_object().contains("resourceType");
    return false;
}

FileResult read_fhir_document(const std::string& file, std::string_view text, const boost::json::value& document) {
    FileResult result;
    result.file = file;
    result.bytes = text.size();
    if (!looks_like_fhir(document)) {
        result.errors.push_back({file, "not FHIR: neither a resource (an object with resourceType), a Bundle nor an array of resources"});
        return result;
    }
    const auto lines = fhir::resource_lines(text);
    Resources resources;
    resources.collect(document, "", Resources::Lines{&lines, 1}, 1);
    build_notes(file, resources, result);
    return result;
}

FileResult read_fhir(const std::string& file, std::string_view bytes, bool ndjson) {
    std::string storage;
    const std::string_view text = json_bytes(bytes, storage);
    if (!ndjson) {
        InputError error;
        const auto document = parse_json_text(file, text, error);
        if (document) return read_fhir_document(file, text, *document);
        FileResult result;
        result.file = file;
        result.bytes = bytes.size();
        result.errors.push_back(std::move(error));
        return result;
    }
    FileResult result;
    result.file = file;
    result.bytes = bytes.size();
    // Each line is a document of its own: a bad line is an error at that line, the others are read.
    std::deque<json::value> documents;  // stable addresses: resources point into them
    Resources resources;
    int line = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view record = text.substr(pos, end - pos);
        pos = end + 1;
        if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
        if (blank(record)) continue;
        InputError error;
        auto document = parse_json_text(file, record, error, line);
        if (!document) {
            result.errors.push_back(std::move(error));
            continue;
        }
        documents.push_back(std::move(*document));
        resources.collect(documents.back(), "", Resources::Lines{nullptr, line}, line);
    }
    build_notes(file, resources, result);
    return result;
}

}  // namespace soaplint
