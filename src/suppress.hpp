// Suppressions as auditors need them (SPEC §6): inline comments in a note, and baselines.
#pragma once

#include <functional>
#include <map>
#include <tuple>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/rule.hpp"
#include "reader.hpp"

namespace soaplint {

// One `soaplint: ignore...` directive of a note.
struct Directive {
    enum class Scope { line, next_line, file } scope = Scope::line;
    std::string file;
    int note_index = 0;
    int line = 0;         // line of the directive
    int column = 1;       // column of `soaplint:` (characters)
    int target_line = 0;  // the line it silences (line scopes)
    std::string anchor;   // the directive's line, for baselines of X002
    std::vector<std::string> rules;    // rule IDs it names (resolved from IDs or names)
    std::vector<std::string> unknown;  // selectors that name no rule
    std::string reason;
    std::set<std::string> used;        // rule IDs that silenced a finding
};

// Inline forms, anywhere in a note's text (a line of its own or the end of a line):
//   soaplint: ignore T004 -- reason            the findings of T004 on this line
//   soaplint: ignore-next-line T004,T003 -- reason
//   soaplint: ignore-file T004 -- reason       the whole file (every note of it)
// The reason after `--` is required. A directive without a reason, or one that matched nothing,
// is itself reported as rule X002 unused-suppression (checks/suppression.cpp), like ruff's RUF100.
// Applies the inline directives of `files` to `findings` (marks them suppressed with kind
// "inline" and the reason) and appends a finding for every directive that matched nothing or
// lacks a reason.
void apply_inline_suppressions(const std::vector<FileResult>& files, std::vector<Finding>& findings);
// The same, told which rules ran (--select/--ignore): a directive naming a rule that did not run
// could not have matched, so it is not reported as unused.
void apply_inline_suppressions(const std::vector<FileResult>& files, std::vector<Finding>& findings,
                               const std::function<bool(const std::string& rule_id)>& ran);

// The same in two steps, for a run that does not keep its notes: the directives of one file
// (collected while its notes are in memory), then applied to every finding of the run; `files`
// names the inputs in input order (X002 findings are inserted in that order).
std::vector<Directive> find_directives(const FileResult& file);
void apply_directives(std::vector<Directive> directives, const std::vector<std::string>& files,
                      std::vector<Finding>& findings, const std::function<bool(const std::string& rule_id)>& ran);

// The same one finding at a time, for findings that are streamed rather than held: apply() to
// each in reporting order, then problems() gives the X002 findings (unused directives, missing
// reasons), in directive order.
class InlineSuppressions {
public:
    explicit InlineSuppressions(std::vector<Directive> directives);
    void apply(Finding& finding);
    std::vector<Finding> problems(const std::function<bool(const std::string& rule_id)>& ran) const;
    bool empty() const { return directives_.empty(); }

private:
    std::vector<Directive> directives_;
};

// A baseline applied one finding at a time, in reporting order (a recorded count tolerates that
// many findings with the same key, the first ones met).
class Baseline {
public:
    std::optional<std::string> load(const std::string& path);  // an error message, or nothing
    void apply(Finding& finding);

private:
    std::string path_;
    std::map<std::tuple<std::string, std::string, std::string>, int> counts_;  // rule, file, anchor hash
};

// A baseline written from findings given one at a time.
class BaselineWriter {
public:
    explicit BaselineWriter(std::string path) : path_(std::move(path)) {}
    void add(const Finding& finding);
    std::optional<std::string> write() const;  // an error message, or nothing

private:
    std::string path_;
    std::map<std::tuple<std::string, std::string, std::string>, int> counts_;
};

// Byte offset where a `soaplint: ignore...` directive starts in a physical line (with a `<!--`
// before it), npos when there is none: the reader cuts directives out of the clinical text.
std::size_t find_directive(std::string_view line);

// Baseline: a JSON file of today's findings keyed by content (rule, file, the finding's anchor
// text), not line numbers. Findings present in the baseline are marked suppressed with kind
// "baseline". Returns an error message when the file cannot be read or parsed.
std::optional<std::string> apply_baseline(const std::string& path, std::vector<Finding>& findings);
std::optional<std::string> write_baseline(const std::string& path, const std::vector<Finding>& findings);

}  // namespace soaplint
