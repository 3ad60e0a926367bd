// Payer profiles (SPEC §4): the built-in files, strict parsing, user directories, payer matching.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "src/profile.hpp"

namespace {

using namespace soaplint;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

const Strings builtin_names = {"medicare", "commercial", "ibx", "hcsc", "workers-comp", "auto-pip", "auto-pip-florida"};

// Every parameter a built-in profile states explicitly, so a reader sees each one and its source.
const Strings parameter_keys = {
    "match", "unit_method", "progress_report_visits", "certification_days", "recertification_days",
    "require_total_minutes", "bundled_codes", "maintenance", "wellness_excluded", "plan_required_codes",
    "prior_auth_codes", "prior_auth_after_visits", "require_referral", "require_injury_date",
    "functional_goals_required", "excluded_codes", "ineligible_credentials"};

// A fresh directory in the temporary directory, removed with its files when the test ends.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("soaplint_profiles_" + std::to_string(std::random_device{}()) + "_" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string write(const std::string& file, const std::string& text) const {
        const fs::path path = path_ / file;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    std::string path() const { return path_.string(); }

private:
    fs::path path_;
};

const Profile& require_profile(const ProfileSet& set, std::string_view name) {
    const Profile* profile = set.find(name);
    REQUIRE(profile != nullptr);
    return *profile;
}

std::string matched_name(const ProfileSet& set, std::string_view payer) {
    const Profile* profile = set.match_payer(payer);
    return profile ? profile->name : "(none)";
}

bool contains(const Strings& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("every built-in profile loads without error, in a fixed order") {
    const ProfileSet set = load_profiles({});
    CHECK(set.errors == Strings{});
    Strings names;
    for (const Profile& profile : set.profiles) names.push_back(profile.name);
    CHECK(names == builtin_names);
    for (const Profile& profile : set.profiles) CHECK(profile.file == "built-in");
}

TEST_CASE("every built-in profile states every parameter and cites a source for every value") {
    const ProfileSet set = load_profiles({});
    for (const Profile& profile : set.profiles) {
        CAPTURE(profile.name);
        CHECK(!profile.title.empty());
        for (const std::string& key : parameter_keys) {
            CAPTURE(key);
            CHECK(profile.values.contains(key));
        }
        for (const auto& [key, value] : profile.values) {
            if (key == "name" || key == "title") continue;  // identity, not a policy fact
            CAPTURE(key);
            const auto source = profile.sources.find(key);
            REQUIRE(source != profile.sources.end());
            CHECK(source->second.size() > 20);  // a citation, not a placeholder
        }
    }
}

TEST_CASE("medicare: CMS total-time units, 10-visit progress reports, 30/90-day certification, 97010 bundled") {
    const ProfileSet set = load_profiles({});
    const Profile& medicare = require_profile(set, "medicare");
    CHECK(medicare.title == "Medicare Part B (CMS)");
    CHECK(medicare.unit_method == UnitMethod::cms);
    CHECK(medicare.progress_report_visits == 10);
    CHECK(medicare.certification_days == 30);
    CHECK(medicare.recertification_days == 90);
    CHECK(medicare.require_total_minutes);
    CHECK(medicare.bundled_codes == Strings{"97010"});
    CHECK(medicare.maintenance == MaintenancePolicy::skilled_only);
    CHECK(medicare.wellness_excluded);
    CHECK(medicare.plan_required_codes == Strings{"97124"});
    CHECK(medicare.prior_auth_codes.empty());
    CHECK_FALSE(medicare.require_referral);
    CHECK(medicare.functional_goals_required);
    CHECK(contains(medicare.ineligible_credentials, "LMT"));
    CHECK_FALSE(contains(medicare.ineligible_credentials, "PT"));
    CHECK(medicare.values.at("bundled_codes") == "97010");
    CHECK(medicare.sources.at("progress_report_visits").find("§220.3") != std::string::npos);
}

TEST_CASE("hcsc: AMA per-code units, prior authorization for 97124 from the first visit, no maintenance") {
    const ProfileSet set = load_profiles({});
    const Profile& hcsc = require_profile(set, "hcsc");
    CHECK(hcsc.unit_method == UnitMethod::ama);
    CHECK(hcsc.prior_auth_codes == Strings{"97124"});
    CHECK(hcsc.prior_auth_after_visits == 0);
    CHECK(hcsc.maintenance == MaintenancePolicy::excluded);
    CHECK(hcsc.plan_required_codes == Strings{"97124"});
    CHECK(hcsc.sources.at("unit_method").find("2019-07-22") != std::string::npos);
}

TEST_CASE("ibx: 97124 only in a plan of care and only by approved credentials; prior auth past a visit count") {
    const ProfileSet set = load_profiles({});
    const Profile& ibx = require_profile(set, "ibx");
    CHECK(ibx.unit_method == UnitMethod::cms);
    CHECK(ibx.plan_required_codes == Strings{"97124"});
    CHECK(ibx.maintenance == MaintenancePolicy::excluded);
    CHECK(ibx.wellness_excluded);
    CHECK(ibx.prior_auth_after_visits == 40);
    CHECK(contains(ibx.prior_auth_codes, "97124"));
    CHECK_FALSE(contains(ibx.prior_auth_codes, "97161"));  // evaluations need no precertification
    REQUIRE(ibx.code_credentials.contains("97124"));
    const Strings& who = ibx.code_credentials.at("97124");
    for (const char* credential : {"PT", "DPT", "PTA", "OT", "OTR", "OTR/L", "DC", "MD", "DO"}) {
        CAPTURE(credential);
        CHECK(contains(who, credential));
    }
    CHECK_FALSE(contains(who, "LMT"));
    CHECK(ibx.sources.at("prior_auth_after_visits").find("varies") != std::string::npos);
}

TEST_CASE("workers-comp and auto-pip need the referral and the injury date; Florida PIP excludes massage") {
    const ProfileSet set = load_profiles({});
    const Profile& comp = require_profile(set, "workers-comp");
    CHECK(comp.unit_method == UnitMethod::cms);
    CHECK(comp.require_referral);
    CHECK(comp.require_injury_date);
    CHECK(comp.functional_goals_required);

    const Profile& pip = require_profile(set, "auto-pip");
    CHECK(pip.require_referral);
    CHECK(pip.require_injury_date);
    CHECK(pip.jurisdiction == "none");
    CHECK(pip.excluded_codes.empty());
    CHECK(pip.ineligible_credentials.empty());

    const Profile& florida = require_profile(set, "auto-pip-florida");
    CHECK(florida.jurisdiction == "florida");
    CHECK(contains(florida.excluded_codes, "97124"));
    CHECK(contains(florida.ineligible_credentials, "LMT"));
    CHECK(florida.require_referral);
    CHECK(florida.sources.at("excluded_codes").find("627.736") != std::string::npos);
}

TEST_CASE("commercial is the AMA fallback and has no match phrases") {
    const ProfileSet set = load_profiles({});
    const Profile& commercial = set.fallback();
    CHECK(commercial.name == "commercial");
    CHECK(commercial.unit_method == UnitMethod::ama);
    CHECK(commercial.match.empty());
    CHECK(&commercial == set.find("commercial"));

    const ProfileSet empty;  // a set without commercial still falls back to the embedded one
    CHECK(empty.fallback().name == "commercial");
    CHECK(empty.fallback().unit_method == UnitMethod::ama);
}

TEST_CASE("find is case-insensitive and exact") {
    const ProfileSet set = load_profiles({});
    REQUIRE(set.find("Medicare") != nullptr);
    CHECK(set.find("Medicare")->name == "medicare");
    CHECK(set.find("AUTO-PIP")->name == "auto-pip");
    CHECK(set.find("medi") == nullptr);
    CHECK(set.find("") == nullptr);
}

TEST_CASE("match_payer picks the profile of a Payer: line") {
    const ProfileSet set = load_profiles({});
    CHECK(matched_name(set, "Medicare Part B") == "medicare");
    CHECK(matched_name(set, "Blue Cross Blue Shield of Illinois") == "hcsc");
    CHECK(matched_name(set, "Blue Cross and Blue Shield of Illinois PPO") == "hcsc");
    CHECK(matched_name(set, "BCBSIL") == "hcsc");
    // HCSC's other Blue plans (exports print them so).
    CHECK(matched_name(set, "BCBS of Montana") == "hcsc");
    CHECK(matched_name(set, "Blue Cross Blue Shield of Oklahoma") == "hcsc");
    CHECK(matched_name(set, "Blue Cross and Blue Shield of Texas PPO") == "hcsc");
    CHECK(matched_name(set, "BCBS of New Mexico") == "hcsc");
    CHECK(matched_name(set, "MEDICARE PART B (Primary)") == "medicare");
    CHECK(matched_name(set, "Independence Blue Cross") == "ibx");
    CHECK(matched_name(set, "Keystone Health Plan East HMO") == "ibx");
    CHECK(matched_name(set, "Travelers Workers' Compensation") == "workers-comp");
    CHECK(matched_name(set, "Hartford WORKERS\xE2\x80\x99 COMP  claim 123") == "workers-comp");  // curly apostrophe
    CHECK(matched_name(set, "GEICO PIP") == "auto-pip");
    CHECK(matched_name(set, "Progressive no-fault") == "auto-pip");
    CHECK(matched_name(set, "Florida PIP (State Farm)") == "auto-pip-florida");
    CHECK(set.match_payer("Aetna") == nullptr);
    CHECK(set.match_payer("") == nullptr);
}

TEST_CASE("match_payer: the longest phrase wins, phrases match whole words only") {
    const ProfileSet set = load_profiles({});
    // "independence blue cross" is longer than "medicare"
    CHECK(matched_name(set, "Independence Blue Cross Medicare Advantage") == "ibx");
    // "florida pip" is longer than "pip"
    CHECK(matched_name(set, "GEICO Florida PIP") == "auto-pip-florida");
    CHECK(set.match_payer("Pipeline Health Benefits") == nullptr);  // "pip" inside a word
    CHECK(set.match_payer("Zibx Insurance") == nullptr);
    CHECK(set.match_payer("medicareplus") == nullptr);
}

TEST_CASE("a user profile directory overrides a built-in and adds a profile") {
    TempDir dir;
    const std::string medicare_path = dir.write("my-medicare.ini",
                                                "name = medicare\n"
                                                "title = Medicare (our MAC)\n"
                                                "match = medicare\n"
                                                "unit_method = cms\n"
                                                "progress_report_visits = 12\n");
    dir.write("aetna.ini",
              "# Aetna commercial PPO\n"
              "name = aetna\r\n"
              "title = Aetna PPO\r\n"
              "match = Aetna, Aetna  Better Health\r\n"
              "match.source = card\r\n"
              "bundled_codes = 97010\r\n");
    dir.write("notes.txt", "not a profile = at all\n");  // only *.ini files are profiles

    const ProfileSet set = load_profiles({dir.path()});
    CHECK(set.errors == Strings{});
    CHECK(set.profiles.size() == builtin_names.size() + 1);

    const Profile& medicare = require_profile(set, "medicare");
    CHECK(medicare.file == medicare_path);
    CHECK(medicare.title == "Medicare (our MAC)");
    CHECK(medicare.progress_report_visits == 12);
    CHECK(medicare.bundled_codes.empty());  // a replacement, not a merge
    CHECK(matched_name(set, "Medicare Part B") == "medicare");

    const Profile& aetna = require_profile(set, "aetna");
    CHECK(aetna.match == Strings{"aetna", "aetna better health"});
    CHECK(aetna.values.at("match") == "Aetna, Aetna  Better Health");  // as written
    CHECK(aetna.bundled_codes == Strings{"97010"});
    CHECK(matched_name(set, "AETNA PPO") == "aetna");
    CHECK(&set.fallback() == set.find("commercial"));
}

TEST_CASE("a broken user profile is reported with file and line and leaves the built-in in place") {
    TempDir dir;
    const std::string path = dir.write("medicare.ini",
                                       "name = medicare\n"
                                       "\n"
                                       "progress_reports = 10\n"
                                       "certification_days = thirty\n"
                                       "require_referral = maybe\n");
    const ProfileSet set = load_profiles({dir.path()});
    CHECK(set.errors == Strings{
                            path + ":3: unknown key 'progress_reports'",
                            path + ":4: bad value 'thirty' for 'certification_days': expected a whole number from 0 to 9999",
                            path + ":5: bad value 'maybe' for 'require_referral': expected yes or no",
                        });
    CHECK(require_profile(set, "medicare").file == "built-in");
    CHECK(require_profile(set, "medicare").progress_report_visits == 10);
}

TEST_CASE("a missing profile directory is an error, not an exception") {
    const std::string missing = (fs::temp_directory_path() / "soaplint_no_such_profiles_dir_xyz").string();
    const ProfileSet set = load_profiles({missing});
    REQUIRE(set.errors.size() == 1);
    CHECK(set.errors[0].starts_with(missing + ": not a profile directory"));
    CHECK(set.profiles.size() == builtin_names.size());
}

TEST_CASE("the commercial fallback is never matched by a phrase, even a user's") {
    TempDir dir;
    dir.write("commercial.ini", "name = commercial\nmatch = aetna\n");
    const ProfileSet set = load_profiles({dir.path()});
    CHECK(set.errors == Strings{});
    CHECK(require_profile(set, "commercial").match == Strings{"aetna"});
    CHECK(set.match_payer("Aetna") == nullptr);
}

TEST_CASE("parse_profile: strict keys and values, errors name origin and line") {
    Strings errors;
    SUBCASE("unknown key, also as a source") {
        CHECK_FALSE(parse_profile("name = x\nunit = cms\nunit.source = CMS\n", "x.ini", errors));
        CHECK(errors == Strings{"x.ini:2: unknown key 'unit'", "x.ini:3: unknown key 'unit.source'"});
    }
    SUBCASE("bad enum values") {
        CHECK_FALSE(parse_profile("name = x\nunit_method = CMS\nmaintenance = never\n", "x.ini", errors));
        CHECK(errors == Strings{"x.ini:2: bad value 'CMS' for 'unit_method': expected cms or ama",
                                "x.ini:3: bad value 'never' for 'maintenance': expected allowed, skilled_only or excluded"});
    }
    SUBCASE("bad codes, names and credentials") {
        CHECK_FALSE(parse_profile("name = X Y\nbundled_codes = 97010, 9701\ncredentials.97124 =\ningeligible = LMT\n",
                                  "x.ini", errors));
        CHECK(errors == Strings{"x.ini:1: bad value 'X Y' for 'name': expected lower-case letters, digits and '-'",
                                "x.ini:2: bad value '97010, 9701' for 'bundled_codes': '9701' is not a CPT/HCPCS code",
                                "x.ini:3: bad value '' for 'credentials.97124': expected at least one credential",
                                "x.ini:4: unknown key 'ingeligible'"});  // a bad name is not also reported missing
    }
    SUBCASE("a credentials key must name a code") {
        CHECK_FALSE(parse_profile("name = x\ncredentials.massage = PT\n", "x.ini", errors));
        CHECK(errors == Strings{"x.ini:2: unknown key 'credentials.massage'"});
    }
    SUBCASE("duplicates, empty sources and sources of unset keys") {
        CHECK_FALSE(parse_profile("name = x\nname = y\nmatch.source =\nbundled_codes.source = PFS\n", "x.ini", errors));
        CHECK(errors == Strings{"x.ini:2: duplicate key 'name' (first set on line 1)", "x.ini:3: empty source for 'match'",
                                "x.ini:4: source for 'bundled_codes', which this file does not set"});
    }
    SUBCASE("a line without '='") {
        CHECK_FALSE(parse_profile("name = x\nunit_method cms\n", "x.ini", errors));
        CHECK(errors == Strings{"x.ini:2: expected 'key = value'"});
    }
    SUBCASE("out-of-range and signed numbers") {
        CHECK_FALSE(parse_profile("name = x\nprogress_report_visits = -1\ncertification_days = 10000\n", "x.ini", errors));
        CHECK(errors.size() == 2);
        CHECK(errors[0].starts_with("x.ini:2: bad value '-1'"));
        CHECK(errors[1].starts_with("x.ini:3: bad value '10000'"));
    }
}

TEST_CASE("parse_profile: BOM, CRLF, comments, lists and credentials normalised, values kept as written") {
    Strings errors;
    const auto profile = parse_profile("\xEF\xBB\xBF# comment\r\n"
                                       "name = acme\r\n"
                                       "   # indented comment\r\n"
                                       "bundled_codes = 97010 ,g0283\r\n"
                                       "ineligible_credentials = L.M.T., lmp\r\n"
                                       "credentials.97140 = PT, OTR/L\r\n"
                                       "credentials.97140.source = contract §4\r\n"
                                       "prior_auth_after_visits = 0012\r\n"
                                       "jurisdiction = new-york\r\n",
                                       "acme.ini", errors);
    REQUIRE(profile);
    CHECK(errors == Strings{});
    CHECK(profile->name == "acme");
    CHECK(profile->title == "acme");  // defaults to the name
    CHECK(profile->file == "acme.ini");
    CHECK(profile->bundled_codes == Strings{"97010", "G0283"});
    CHECK(profile->ineligible_credentials == Strings{"LMT", "LMP"});
    CHECK(profile->code_credentials.at("97140") == Strings{"PT", "OTR/L"});
    CHECK(profile->sources.at("credentials.97140") == "contract §4");
    CHECK(profile->prior_auth_after_visits == 12);
    CHECK(profile->jurisdiction == "new-york");
    CHECK(profile->values.at("bundled_codes") == "97010 ,g0283");
    CHECK(profile->values.at("ineligible_credentials") == "L.M.T., lmp");
    CHECK(profile->values.size() == 6);
    // defaults of keys the file does not set
    CHECK(profile->unit_method == UnitMethod::ama);
    CHECK(profile->wellness_excluded);
    CHECK(profile->maintenance == MaintenancePolicy::allowed);
}
