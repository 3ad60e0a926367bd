// check: notes -> store -> episodes -> rules -> findings, under the profile of each note.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "finding_log.hpp"
#include "profile.hpp"
#include "reader.hpp"
#include "src/rule.hpp"
#include "suppress.hpp"

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
    // Bytes of parsed notes kept in memory while they wait for their episode; past it they go
    // to a temporary file. The findings do not depend on it.
    std::size_t memory_budget = std::size_t{8} << 20;
    ReadOptions read;  // --input-format and the CSV column mapping
};

// What `check` learned from its inputs, without the notes themselves.
struct CheckRun {
    std::vector<int> notes_per_file;     // parallel to the inputs
    int notes = 0;
    std::vector<InputError> errors;      // inputs that could not be read (X001), in input order
    std::vector<InputError> empty;       // inputs read without error that hold no note (X003), in input order
    std::vector<Directive> directives;   // inline suppressions, in input order
    // Every rule's findings, sorted as run_checks sorts them; findings->files() names the inputs
    // in input order as positions name them (`<stdin>` for `-`).
    std::unique_ptr<FindingLog> findings;
    std::uint64_t spilled_bytes = 0;     // notes written to the temporary file
    std::size_t entry_runs = 1;          // sorted runs of per-note entries (1: none spilled)
};

// The whole of `check` over many inputs in bounded memory. Pass 1 reads the files (`jobs`
// threads), resolves each note's payer and stores the note in compact binary form, in memory up
// to `options.memory_budget`, then in an unlinked temporary file; it keeps of each note only its
// episode key's hash and where it is stored. Pass 2 sorts those by patient, reads back the notes
// of one episode at a time and runs every rule on it. The findings are those `run_checks` gives
// on the same files, whatever the jobs and the budget.
CheckRun check_inputs(const std::vector<std::string>& inputs, const ProfileSet& profiles, const CheckOptions& options,
                      const std::function<void(const FileResult&)>& on_file_done = {});

// Sets each note's `payer` to its profile name (the option, else its Payer: line's profile,
// "commercial" when the line names no known payer; null when neither exists).
void resolve_payers(std::vector<FileResult>& files, const ProfileSet& profiles, const std::optional<std::string>& payer);
void resolve_payers(FileResult& file, const ProfileSet& profiles, const std::optional<std::string>& payer);

// Groups notes by patient (ID/MRN; else name + DOB), each ordered by date of service.
std::vector<Episode> build_episodes(const std::vector<FileResult>& files);

// Runs every enabled rule; findings sorted by file (input order), line, column, rule.
std::vector<Finding> run_checks(const std::vector<FileResult>& files, const ProfileSet& profiles,
                                const CheckOptions& options);

// X001 findings for inputs that could not be read.
std::vector<Finding> input_error_findings(const std::vector<InputError>& errors);

// X003 findings for inputs that hold no note.
std::vector<Finding> empty_input_findings(const std::vector<InputError>& empty);

// Checks that every ID/prefix/name in a selection names a rule; returns the unknown ones.
std::vector<std::string> unknown_rule_selectors(const std::vector<std::string>& selectors);

}  // namespace soaplint
