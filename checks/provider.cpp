// Q001: who may bill what under the payer: credentials the payer never reimburses, codes only
// some credentials may bill, and codes the payer never covers, whoever bills them.
#include <algorithm>
#include <array>

#include "checks/helpers.hpp"
#include "checks/registry.hpp"
#include "src/codetables.hpp"

namespace soaplint::checks {
namespace {

// Specialty certifications and degrees: they add to a license but are not one, so they neither
// make a massage therapist eligible nor stand for a licensed profession.
constexpr std::array<std::string_view, 13> kNotALicense = {
    "NCBTMB", "CSCS", "OCS", "SCS", "CHT", "FAAOMPT", "COMT", "CLT", "GCS", "MS", "PHD", "BCB-PMD", "CPT"};

std::string described(std::string_view code) {
    if (const auto info = codes::lookup_cpt(code)) return info->code + " (" + info->description + ")";
    return std::string(code);
}

bool listed(const std::vector<std::string>& list, std::string_view credential) {
    return std::find(list.begin(), list.end(), credential) != list.end();
}

// A credential the profile bars: as listed, or a compound of one (`CPT-LMT`).
bool barred(const Profile& profile, std::string_view credential) {
    if (listed(profile.ineligible_credentials, credential)) return true;
    for (std::size_t start = 0; start < credential.size();) {
        const std::size_t dash = credential.find('-', start);
        const std::string_view part = credential.substr(start, dash - start);
        if (part != credential && listed(profile.ineligible_credentials, part)) return true;
        if (dash == std::string_view::npos) break;
        start = dash + 1;
    }
    return false;
}

bool not_a_license(std::string_view credential) {
    return std::find(kNotALicense.begin(), kNotALicense.end(), credential) != kNotALicense.end();
}

// The barred credential of a provider who holds no other license (`Jordan Reyes, LMT, NCBTMB`),
// or "" (a `PT, LMT` bills as a physical therapist).
std::string barred_credential(const Profile& profile, const std::vector<std::string>& credentials) {
    std::string found;
    for (const std::string& c : credentials) {
        if (barred(profile, c)) {
            if (found.empty()) found = c;
        } else if (!not_a_license(c)) {
            return "";
        }
    }
    return found;
}

std::string signed_as(const Provider& provider) {
    std::string out = provider.name;
    for (const std::string& c : provider.credentials) out += ", " + c;
    return out;
}

// "PT, DPT or DC" (with `last` "or"), "97124, 97140" (with `last` ",").
std::string joined(const std::vector<std::string>& items, std::string_view last = ",") {
    std::string out;
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (k > 0 && k + 1 == items.size() && last != ",") {
            out += ' ';
            out += last;
            out += ' ';
        } else if (k > 0) {
            out += ", ";
        }
        out += items[k];
    }
    return out;
}

std::vector<std::string> billed_codes(const Note& note) {
    std::vector<std::string> out;
    for (const Intervention& i : note.interventions) out.push_back(i.cpt);
    return out;
}

// Florida PIP: massage is never a PIP benefit, whoever provides it.
void check_excluded_codes(const NoteContext& c) {
    for (const Intervention& i : c.note.interventions) {
        if (!contains_code(c.profile.excluded_codes, i.cpt)) continue;
        c.report.add(c.note, i.pos,
                     described(i.cpt) + " is excluded under " + c.profile.title +
                         ": the payer never covers it, whoever provides it; leave " + i.cpt +
                         " off the claim to this payer");
    }
}

void check_provider(const NoteContext& c) {
    check_excluded_codes(c);
    const auto& provider = c.note.provider;
    if (!provider || provider->credentials.empty() || c.note.interventions.empty()) return;  // S003's business

    const std::string barred = barred_credential(c.profile, provider->credentials);
    if (!barred.empty()) {
        c.report.add_line(c.note, provider->line,
                          signed_as(*provider) + " bills " + joined(billed_codes(c.note)) + " to " + c.profile.title +
                              ", which does not reimburse a provider whose license is " + barred +
                              " for any code; the service must be furnished and billed by a provider the payer "
                              "credentials (e.g. a licensed physical therapist or physician), or not billed to this payer");
        return;
    }
    for (const Intervention& i : c.note.interventions) {
        const auto allowed = c.profile.code_credentials.find(i.cpt);
        if (allowed == c.profile.code_credentials.end()) continue;
        const bool may_bill = std::any_of(provider->credentials.begin(), provider->credentials.end(),
                                          [&](const std::string& cred) { return listed(allowed->second, cred); });
        if (may_bill) continue;
        c.report.add(c.note, i.pos,
                     described(i.cpt) + " is billed by " + signed_as(*provider) + ", but " + c.profile.title +
                         " pays " + i.cpt + " only when the provider is " + joined(allowed->second, "or") +
                         "; have the service furnished and billed by an eligible provider, or do not bill " + i.cpt +
                         " to this payer");
    }
}

}  // namespace

std::vector<Rule> provider_rules() {
    return {Rule{{
        "Q001", "provider-not-eligible", Severity::error,
        "The provider's credential cannot bill a code under the profile: a credential the payer never reimburses "
        "(a licensed massage therapist under medicare or Florida PIP), a code the payer pays only to some "
        "credentials (97124 under ibx), or a code the payer excludes whoever bills it (97124 under Florida PIP).",
        "A claim from a provider the payer does not credential for the service is denied in full, and if paid it "
        "is an overpayment to refund. Medicare pays outpatient therapy only to therapists, physicians and "
        "non-physician practitioners; Florida PIP reimburses no massage, and no licensed massage therapist.",
        "Have the service furnished and billed by an eligible provider (the message lists who may bill the code), "
        "or do not bill it to this payer. A provider with several licenses signs with all of them (`Sam Lee, PT, "
        "LMT`).",
        "Social Security Act §1861(p); 42 CFR 410.59-410.60; s. 627.736(1)(a)5, Fla. Stat.; Independence Blue "
        "Cross medical policy on massage therapy; the profile's `ineligible_credentials`, `credentials.CODE` and "
        "`excluded_codes` with their cited sources",
        "Payer: Medicare Part B\nProvider: Jordan Reyes, LMT\n97124 Massage therapy 30 min x2",
        "Payer: Medicare Part B\nProvider: Alex Kim, PT, DPT\n97124 Massage therapy 30 min x2"},
        check_provider, {}}};
}

}  // namespace soaplint::checks
