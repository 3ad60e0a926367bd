// check: notes -> episodes -> rules -> findings, under the profile of each note.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/rule.hpp"
#include "profile.hpp"
#include "reader.hpp"

namespace soaplint {

struct RuleSelection {
    std::vector<std::string> select;  // IDs, ID prefixes ("T", "T00") or names; empty = all
    std::vector<std::string> ignore;
    bool enabled(const RuleInfo& rule) const;
};

struct CheckOptions {
    std::optional<std::string> payer;  // --payer: a profile name; wins over the notes' payer lines
    RuleSelection rules;
    int jobs = 1;  // episodes are checked in parallel; the findings' order does not depend on it
};

// Sets each note's `payer` to its profile name (the option, else its Payer: line's profile,
// "commercial" when the line names no known payer; null when neither exists).
void resolve_payers(std::vector<FileResult>& files, const ProfileSet& profiles, const std::optional<std::string>& payer);

// Groups notes by patient (ID/MRN; else name + DOB), each ordered by date of service.
std::vector<Episode> build_episodes(const std::vector<FileResult>& files);

// Runs every enabled rule; findings sorted by file (input order), line, column, rule.
std::vector<Finding> run_checks(const std::vector<FileResult>& files, const ProfileSet& profiles,
                                const CheckOptions& options);

// X001 findings for inputs that could not be read.
std::vector<Finding> input_error_findings(const std::vector<InputError>& errors);

// Checks that every ID/prefix/name in a selection names a rule; returns the unknown ones.
std::vector<std::string> unknown_rule_selectors(const std::vector<std::string>& selectors);

}  // namespace soaplint
