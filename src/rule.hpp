// What a rule is: its documentation (ruff style: what it flags, why a payer cares, an example and
// what to write instead, the policy source) and its check, for one note or for an episode.
// The contract between the model and the rules: it sits beside the model so that the engine and
// the reporters never include anything from checks/. Each rule lives in its own file under
// checks/ and is listed once in checks/registry.cpp, which defines all_rules().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/model.hpp"
#include "src/profile.hpp"

namespace soaplint {

enum class Severity { info = 0, warning = 1, error = 2 };
const char* to_string(Severity severity);
std::optional<Severity> severity_from(std::string_view text);

struct Suppression {
    std::string kind;    // "inline" | "baseline"
    std::string reason;
};

// The note a finding is about, so that an auditor can group findings without joining `check`
// with `extract` (SPEC §6). Under --redact, patient and provider are keyed pseudonyms.
struct FindingNote {
    std::optional<std::string> patient;          // Patient ID / MRN, else the name as written
    std::optional<std::string> date_of_service;  // ISO
    std::string kind;                            // evaluation, daily, ... unknown
    std::optional<std::string> provider;         // name
    std::vector<std::string> credentials;
    std::optional<std::string> payer;            // profile name
    bool pseudonyms = false;                     // patient and provider already replaced (--redact)
};

struct Finding {
    std::string rule;
    std::string name;
    Severity severity = Severity::warning;
    std::string file;
    int line = 0;
    int column = 1;
    std::string message;
    int note_index = 0;
    std::string pointer;  // structured inputs: JSON Pointer of the note's resource ("" for text)
    int row = 0;          // CSV inputs: the note's data row (0 for others)
    std::optional<FindingNote> note;  // absent for findings about a whole input (X001, X003, X002)
    std::string anchor;  // text the finding is about (the line, trimmed), for content-keyed baselines; never printed
    std::optional<Suppression> suppressed;
};

// The notes of one patient in one run, ordered by date of service (undated notes last, in input order).
struct Episode {
    std::string key;  // "id:48213" or "name:maria lopez|1961-04-12"
    std::vector<const Note*> notes;
};

// The context of a finding on `note` (its resolved payer profile included).
FindingNote finding_note(const Note& note);

class Reporter;

struct NoteContext {
    const Note& note;
    const Profile& profile;
    const Episode* episode;  // the note's episode (always set by the engine)
    Reporter& report;
};

struct EpisodeContext {
    const Episode& episode;
    const Profile& profile;  // the profile of the episode (option, else its notes' payer)
    Reporter& report;
};

struct RuleInfo {
    std::string_view id;         // "T003"
    std::string_view name;       // "units-exceed-minutes"
    Severity severity = Severity::warning;
    std::string_view summary;    // one line: what it flags
    std::string_view rationale;  // why a payer objects
    std::string_view fix;        // what to write instead
    std::string_view source;     // the policy it comes from
    std::string_view bad;        // a failing example
    std::string_view good;       // a passing example
};

struct Rule {
    RuleInfo info;
    std::function<void(const NoteContext&)> check_note;        // may be empty
    std::function<void(const EpisodeContext&)> check_episode;  // may be empty
};

// Collects findings of the rule being run.
class Reporter {
public:
    explicit Reporter(std::vector<Finding>& sink) : sink_(sink) {}
    void set_rule(const RuleInfo& info) { rule_ = &info; }
    // A finding on `note` at a position (line 0 = the note's first line).
    void add(const Note& note, Position at, std::string message, std::string anchor = {});
    void add_line(const Note& note, int line, std::string message, std::string anchor = {}) {
        add(note, Position{line, 1}, std::move(message), std::move(anchor));
    }

private:
    std::vector<Finding>& sink_;
    const RuleInfo* rule_ = nullptr;
};

// All rules, in catalog order (registry.cpp).
const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id_or_name);

}  // namespace soaplint
