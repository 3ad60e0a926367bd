// Payer profiles (SPEC §4): data files, not code. Built-in profiles live in data/profiles/*.ini
// and are embedded; a user adds or overrides one with a file in a profile directory
// (--profiles DIR, $SOAPLINT_PROFILES, or data/profiles beside the binary's parent folder).
// Every value may cite its source with a `KEY.source = ...` line beside it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

enum class UnitMethod { cms, ama };
enum class MaintenancePolicy { allowed, skilled_only, excluded };

struct Profile {
    std::string name;         // "medicare"
    std::string title;        // "Medicare Part B (CMS)"
    std::string file;         // where it was loaded from ("built-in" for embedded ones)
    std::vector<std::string> match;  // lower-case phrases a Payer: line may contain
    std::string jurisdiction = "none";  // a state whose special rules apply ("florida"), else "none"
    UnitMethod unit_method = UnitMethod::ama;
    int progress_report_visits = 0;       // 0 = no progress-report rule
    int certification_days = 0;           // plan certified within N days of first treatment
    int recertification_days = 0;         // recertify at least every N days
    bool require_total_minutes = false;   // T008
    std::vector<std::string> bundled_codes;  // C005
    MaintenancePolicy maintenance = MaintenancePolicy::allowed;
    bool wellness_excluded = true;        // M001 relaxation / spa
    std::vector<std::string> plan_required_codes;  // C004: these codes need a plan of care
    std::vector<std::string> prior_auth_codes;     // F004
    int prior_auth_after_visits = 0;      // F004: authorization needed past N visits (0 = always)
    bool require_referral = false;        // D004
    bool require_injury_date = false;     // workers-comp / auto: injury or accident date
    bool functional_goals_required = false;  // pain relief alone is not a goal
    std::vector<std::string> excluded_codes;        // never payable (Florida PIP: 97124)
    std::vector<std::string> ineligible_credentials;  // cannot bill at all (medicare: LMT)
    std::map<std::string, std::vector<std::string>> code_credentials;  // code -> who may bill it
    std::map<std::string, std::string> sources;  // key -> citation
    std::map<std::string, std::string> values;   // every key as written, for `soaplint profiles`
};

struct ProfileSet {
    std::vector<Profile> profiles;
    std::vector<std::string> errors;  // "file:line: message"
    const Profile* find(std::string_view name) const;
    // The profile whose match phrases occur in a Payer:/Insurance: line; nullptr when none.
    const Profile* match_payer(std::string_view payer_text) const;
    const Profile& fallback() const;  // "commercial"
};

// Parses one profile file's text; errors carry `origin:line:`.
std::optional<Profile> parse_profile(std::string_view text, const std::string& origin, std::vector<std::string>& errors);

// Built-in profiles, then the files of `extra_dirs` (a file with a built-in's name replaces it).
ProfileSet load_profiles(const std::vector<std::string>& extra_dirs);

}  // namespace soaplint
