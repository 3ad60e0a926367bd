// Payer profiles (SPEC §4): strict parsing of the `key = value` files of data/profiles/, which
// are embedded in the binary (data/embed.S), plus the user's profile directories.
// Strict because a profile decides what gets flagged on a claim: a misspelt key silently
// ignored would leave a payer rule switched off without anyone noticing.
#include "profile.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

extern "C" {
extern const char soaplint_profile_medicare_begin[];
extern const char soaplint_profile_medicare_end[];
extern const char soaplint_profile_commercial_begin[];
extern const char soaplint_profile_commercial_end[];
extern const char soaplint_profile_ibx_begin[];
extern const char soaplint_profile_ibx_end[];
extern const char soaplint_profile_hcsc_begin[];
extern const char soaplint_profile_hcsc_end[];
extern const char soaplint_profile_workers_comp_begin[];
extern const char soaplint_profile_workers_comp_end[];
extern const char soaplint_profile_auto_pip_begin[];
extern const char soaplint_profile_auto_pip_end[];
extern const char soaplint_profile_auto_pip_florida_begin[];
extern const char soaplint_profile_auto_pip_florida_end[];
}

namespace soaplint {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view fallback_name = "commercial";
constexpr std::string_view source_suffix = ".source";
constexpr std::string_view credentials_prefix = "credentials.";
constexpr int max_count = 9999;

struct BuiltinProfile {
    std::string_view file;
    const char* begin;
    const char* end;
    std::string_view text() const { return {begin, static_cast<std::size_t>(end - begin)}; }
};

// In the order `soaplint profiles` lists them; commercial (the fallback) among them.
const std::array<BuiltinProfile, 7>& builtin_profiles() {
    static const std::array<BuiltinProfile, 7> builtins = {{
        {"medicare.ini", soaplint_profile_medicare_begin, soaplint_profile_medicare_end},
        {"commercial.ini", soaplint_profile_commercial_begin, soaplint_profile_commercial_end},
        {"ibx.ini", soaplint_profile_ibx_begin, soaplint_profile_ibx_end},
        {"hcsc.ini", soaplint_profile_hcsc_begin, soaplint_profile_hcsc_end},
        {"workers-comp.ini", soaplint_profile_workers_comp_begin, soaplint_profile_workers_comp_end},
        {"auto-pip.ini", soaplint_profile_auto_pip_begin, soaplint_profile_auto_pip_end},
        {"auto-pip-florida.ini", soaplint_profile_auto_pip_florida_begin, soaplint_profile_auto_pip_florida_end},
    }};
    return builtins;
}

// ---- text helpers ---------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// A byte of a word: ASCII letters and digits, and every byte of a UTF-8 multi-byte character
// (so "pip" does not match inside a word written with accented letters either).
bool is_word_byte(char c) { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

template <class Visit>
void for_each_line(std::string_view text, Visit&& visit) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        visit(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

// Splits a comma list into trimmed items; an empty value is an empty list.
std::vector<std::string_view> split_list(std::string_view value) {
    std::vector<std::string_view> items;
    if (trim(value).empty()) return items;
    while (true) {
        const std::size_t comma = value.find(',');
        items.push_back(trim(value.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return items;
}

// Lower-cases ASCII, writes every apostrophe look-alike as ' and collapses white space, so that
// "Workers’ Compensation" and "workers'  compensation" compare equal.
std::string normalize_payer_text(std::string_view text) {
    static constexpr std::array<std::string_view, 4> apostrophes = {"\xE2\x80\x98", "\xE2\x80\x99", "\xCA\xBC", "\xC2\xB4"};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto apostrophe = std::find_if(apostrophes.begin(), apostrophes.end(),
                                             [&](std::string_view a) { return text.substr(i).starts_with(a); });
        if (apostrophe != apostrophes.end()) {
            out.push_back('\'');
            i += apostrophe->size();
        } else if (is_space(text[i]) || text[i] == '\n') {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            ++i;
        } else {
            out.push_back(text[i] == '`' ? '\'' : ascii_lower(text[i]));
            ++i;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// `phrase` occurs in `text` as whole words (not "pip" inside "pipeline").
bool contains_phrase(std::string_view text, std::string_view phrase) {
    for (std::size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
        const bool starts_word = at == 0 || !is_word_byte(text[at - 1]) || !is_word_byte(phrase.front());
        const std::size_t after = at + phrase.size();
        const bool ends_word = after == text.size() || !is_word_byte(text[after]) || !is_word_byte(phrase.back());
        if (starts_word && ends_word) return true;
    }
    return false;
}

// ---- value parsers: each returns an error reason, or nothing when the value is good ---------

using Reason = std::optional<std::string>;

Reason parse_flag(std::string_view value, bool& out) {
    if (value == "yes") out = true;
    else if (value == "no") out = false;
    else return "expected yes or no";
    return {};
}

Reason parse_count(std::string_view value, int& out) {
    int number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || !is_digit(value.front()) || ec != std::errc{} || end != value.data() + value.size() ||
        number > max_count)
        return "expected a whole number from 0 to " + std::to_string(max_count);
    out = number;
    return {};
}

Reason parse_unit_method(std::string_view value, UnitMethod& out) {
    if (value == "cms") out = UnitMethod::cms;
    else if (value == "ama") out = UnitMethod::ama;
    else return "expected cms or ama";
    return {};
}

Reason parse_maintenance(std::string_view value, MaintenancePolicy& out) {
    if (value == "allowed") out = MaintenancePolicy::allowed;
    else if (value == "skilled_only") out = MaintenancePolicy::skilled_only;
    else if (value == "excluded") out = MaintenancePolicy::excluded;
    else return "expected allowed, skilled_only or excluded";
    return {};
}

// CPT (97124, 0552T) or HCPCS Level II (G0283): five letters or digits, at least four digits.
bool is_procedure_code(std::string_view code) {
    return code.size() == 5 && std::all_of(code.begin(), code.end(), is_ascii_alnum) &&
           std::count_if(code.begin(), code.end(), is_digit) >= 4;
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_upper);
    return out;
}

Reason parse_codes(std::string_view value, std::vector<std::string>& out) {
    std::vector<std::string> codes;
    for (std::string_view item : split_list(value)) {
        if (!is_procedure_code(item)) return "'" + std::string(item) + "' is not a CPT/HCPCS code";
        codes.push_back(upper(item));
    }
    out = std::move(codes);
    return {};
}

// Credentials as the note reader writes them: upper case, without dots (L.M.T. -> LMT).
Reason parse_credentials(std::string_view value, std::vector<std::string>& out) {
    std::vector<std::string> credentials;
    for (std::string_view item : split_list(value)) {
        std::string credential;
        for (char c : item) {
            if (c == '.') continue;
            if (!is_ascii_alnum(c) && c != '/' && c != '-') return "'" + std::string(item) + "' is not a credential";
            credential.push_back(ascii_upper(c));
        }
        if (credential.empty()) return "empty credential in list";
        credentials.push_back(std::move(credential));
    }
    out = std::move(credentials);
    return {};
}

Reason parse_phrases(std::string_view value, std::vector<std::string>& out) {
    std::vector<std::string> phrases;
    for (std::string_view item : split_list(value)) {
        std::string phrase = normalize_payer_text(item);
        if (std::none_of(phrase.begin(), phrase.end(), is_word_byte)) return "empty match phrase in list";
        phrases.push_back(std::move(phrase));
    }
    out = std::move(phrases);
    return {};
}

Reason parse_name(std::string_view value, std::string& out) {
    const bool good = !value.empty() && is_ascii_alnum(value.front()) &&
                      std::all_of(value.begin(), value.end(),
                                  [](char c) { return (is_ascii_alnum(c) && c == ascii_lower(c)) || c == '-'; });
    if (!good) return "expected lower-case letters, digits and '-'";
    out = value;
    return {};
}

Reason parse_text(std::string_view value, std::string& out) {
    if (value.empty()) return "expected text";
    out = value;
    return {};
}

// ---- the keys a profile file may set ----------------------------------------------------------

using Setter = Reason (*)(Profile&, std::string_view);

struct KeySpec {
    std::string_view key;
    Setter set;
};

const std::array<KeySpec, 20>& key_specs() {
    static const std::array<KeySpec, 20> specs = {{
        {"name", [](Profile& p, std::string_view v) { return parse_name(v, p.name); }},
        {"title", [](Profile& p, std::string_view v) { return parse_text(v, p.title); }},
        {"match", [](Profile& p, std::string_view v) { return parse_phrases(v, p.match); }},
        {"jurisdiction", [](Profile& p, std::string_view v) { return parse_name(v, p.jurisdiction); }},
        {"unit_method", [](Profile& p, std::string_view v) { return parse_unit_method(v, p.unit_method); }},
        {"progress_report_visits", [](Profile& p, std::string_view v) { return parse_count(v, p.progress_report_visits); }},
        {"certification_days", [](Profile& p, std::string_view v) { return parse_count(v, p.certification_days); }},
        {"recertification_days", [](Profile& p, std::string_view v) { return parse_count(v, p.recertification_days); }},
        {"require_total_minutes", [](Profile& p, std::string_view v) { return parse_flag(v, p.require_total_minutes); }},
        {"bundled_codes", [](Profile& p, std::string_view v) { return parse_codes(v, p.bundled_codes); }},
        {"maintenance", [](Profile& p, std::string_view v) { return parse_maintenance(v, p.maintenance); }},
        {"wellness_excluded", [](Profile& p, std::string_view v) { return parse_flag(v, p.wellness_excluded); }},
        {"plan_required_codes", [](Profile& p, std::string_view v) { return parse_codes(v, p.plan_required_codes); }},
        {"prior_auth_codes", [](Profile& p, std::string_view v) { return parse_codes(v, p.prior_auth_codes); }},
        {"prior_auth_after_visits", [](Profile& p, std::string_view v) { return parse_count(v, p.prior_auth_after_visits); }},
        {"require_referral", [](Profile& p, std::string_view v) { return parse_flag(v, p.require_referral); }},
        {"require_injury_date", [](Profile& p, std::string_view v) { return parse_flag(v, p.require_injury_date); }},
        {"functional_goals_required", [](Profile& p, std::string_view v) { return parse_flag(v, p.functional_goals_required); }},
        {"excluded_codes", [](Profile& p, std::string_view v) { return parse_codes(v, p.excluded_codes); }},
        {"ineligible_credentials", [](Profile& p, std::string_view v) { return parse_credentials(v, p.ineligible_credentials); }},
    }};
    return specs;
}

const KeySpec* find_key_spec(std::string_view key) {
    const auto& specs = key_specs();
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& spec) { return spec.key == key; });
    return it == specs.end() ? nullptr : &*it;
}

// The code of a `credentials.CODE` key, or nothing when `key` is not one.
std::optional<std::string> credential_key_code(std::string_view key) {
    if (!key.starts_with(credentials_prefix)) return {};
    const std::string_view code = key.substr(credentials_prefix.size());
    if (!is_procedure_code(code)) return {};
    return upper(code);
}

bool is_known_key(std::string_view key) { return find_key_spec(key) != nullptr || credential_key_code(key).has_value(); }

// ---- the parser -----------------------------------------------------------------------------

class ProfileParser {
public:
    ProfileParser(const std::string& origin, std::vector<std::string>& errors) : origin_(origin), errors_(errors) {
        profile_.file = origin;
    }

    void line(std::string_view raw, int number) {
        const std::string_view text = trim(raw);
        if (text.empty() || text.front() == '#') return;
        const std::size_t equals = text.find('=');
        if (equals == std::string_view::npos) return error(number, "expected 'key = value'");
        const std::string key(trim(text.substr(0, equals)));
        const std::string_view value = trim(text.substr(equals + 1));
        if (key.empty()) return error(number, "missing key before '='");
        if (key.ends_with(source_suffix)) return source(key, value, number);
        set_value(key, value, number);
    }

    std::optional<Profile> finish(std::size_t errors_before) {
        for (const auto& [key, line] : source_lines_)
            if (!value_lines_.contains(key)) error(line, "source for '" + key + "', which this file does not set");
        if (!value_lines_.contains("name")) error(1, "missing key 'name'");
        if (profile_.title.empty()) profile_.title = profile_.name;
        if (errors_.size() != errors_before) return std::nullopt;
        return std::move(profile_);
    }

private:
    void error(int line, const std::string& message) {
        errors_.push_back(origin_ + ":" + std::to_string(line) + ": " + message);
    }

    bool first_time(std::map<std::string, int>& lines, const std::string& key, int number) {
        const auto [it, inserted] = lines.emplace(key, number);
        if (!inserted) error(number, "duplicate key '" + key + "' (first set on line " + std::to_string(it->second) + ")");
        return inserted;
    }

    void source(const std::string& key, std::string_view value, int number) {
        const std::string base = key.substr(0, key.size() - source_suffix.size());
        if (!is_known_key(base)) return error(number, "unknown key '" + key + "'");
        if (value.empty()) return error(number, "empty source for '" + base + "'");
        if (first_time(source_lines_, base, number)) profile_.sources[base] = std::string(value);
    }

    void set_value(const std::string& key, std::string_view value, int number) {
        Reason reason;
        if (const KeySpec* spec = find_key_spec(key)) {
            if (!first_time(value_lines_, key, number)) return;
            reason = spec->set(profile_, value);
        } else if (const auto code = credential_key_code(key)) {
            if (!first_time(value_lines_, key, number)) return;
            reason = parse_credentials(value, profile_.code_credentials[*code]);
            if (!reason && profile_.code_credentials[*code].empty()) reason = "expected at least one credential";
        } else {
            return error(number, "unknown key '" + key + "'");
        }
        if (reason) return error(number, "bad value '" + std::string(value) + "' for '" + key + "': " + *reason);
        profile_.values[key] = std::string(value);
    }

    const std::string& origin_;
    std::vector<std::string>& errors_;
    Profile profile_;
    std::map<std::string, int> value_lines_;   // key -> line it was set on
    std::map<std::string, int> source_lines_;  // key -> line of its `.source`
};

// ---- loading --------------------------------------------------------------------------------

std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(text).str();
}

void add_or_replace(ProfileSet& set, Profile profile) {
    const auto same_name = std::find_if(set.profiles.begin(), set.profiles.end(),
                                        [&](const Profile& p) { return p.name == profile.name; });
    if (same_name != set.profiles.end()) *same_name = std::move(profile);
    else set.profiles.push_back(std::move(profile));
}

std::vector<fs::path> profile_files(const std::string& dir, std::vector<std::string>& errors) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        errors.push_back(dir + ": not a profile directory" + (ec ? " (" + ec.message() + ")" : std::string()));
        return files;
    }
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->path().extension() == ".ini" && it->is_regular_file(type_ec)) files.push_back(it->path());
    }
    if (ec) errors.push_back(dir + ": cannot list profile directory (" + ec.message() + ")");
    std::sort(files.begin(), files.end());  // a fixed order, so a duplicate name resolves the same way every run
    return files;
}

void load_directory(const std::string& dir, ProfileSet& set) {
    for (const fs::path& path : profile_files(dir, set.errors)) {
        const std::string origin = path.string();
        const auto text = read_file(path);
        if (!text) {
            set.errors.push_back(origin + ": cannot read profile file");
            continue;
        }
        if (auto profile = parse_profile(*text, origin, set.errors)) add_or_replace(set, std::move(*profile));
    }
}

std::optional<Profile> parse_builtin(const BuiltinProfile& builtin, std::vector<std::string>& errors) {
    auto profile = parse_profile(builtin.text(), "built-in:" + std::string(builtin.file), errors);
    if (profile) profile->file = "built-in";
    return profile;
}

}  // namespace

std::optional<Profile> parse_profile(std::string_view text, const std::string& origin, std::vector<std::string>& errors) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM, as Windows editors write it
    const std::size_t errors_before = errors.size();
    ProfileParser parser(origin, errors);
    int number = 0;
    for_each_line(text, [&](std::string_view line) { parser.line(line, ++number); });
    return parser.finish(errors_before);
}

ProfileSet load_profiles(const std::vector<std::string>& extra_dirs) {
    ProfileSet set;
    for (const BuiltinProfile& builtin : builtin_profiles())
        if (auto profile = parse_builtin(builtin, set.errors)) set.profiles.push_back(std::move(*profile));
    for (const std::string& dir : extra_dirs)
        if (!dir.empty()) load_directory(dir, set);
    return set;
}

const Profile* ProfileSet::find(std::string_view name) const {
    const auto it = std::find_if(profiles.begin(), profiles.end(), [&](const Profile& p) { return iequals(p.name, name); });
    return it == profiles.end() ? nullptr : &*it;
}

const Profile* ProfileSet::match_payer(std::string_view payer_text) const {
    const std::string text = normalize_payer_text(payer_text);
    const Profile* best = nullptr;
    std::size_t best_length = 0;
    for (const Profile& profile : profiles) {
        if (profile.name == fallback_name) continue;  // the fallback is chosen by absence, never by a phrase
        for (const std::string& phrase : profile.match)
            if (phrase.size() > best_length && contains_phrase(text, phrase)) {
                best = &profile;
                best_length = phrase.size();
            }
    }
    return best;
}

const Profile& ProfileSet::fallback() const {
    if (const Profile* commercial = find(fallback_name)) return *commercial;
    // A set built by hand (or a test) without commercial still gets the embedded one.
    static const Profile embedded = [] {
        std::vector<std::string> ignored;
        for (const BuiltinProfile& builtin : builtin_profiles())
            if (builtin.file == "commercial.ini")
                if (auto profile = parse_builtin(builtin, ignored)) return std::move(*profile);
        Profile plain;
        plain.name = fallback_name;
        plain.title = "Commercial insurance";
        plain.file = "built-in";
        return plain;
    }();
    return embedded;
}

}  // namespace soaplint
