// Reporters: every format renders the same findings.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "src/rule.hpp"

namespace soaplint {

// The findings of a run given one at a time, in reporting order: a run may have more than it
// should hold in memory (src/finding_log.hpp). Calling it again gives them again.
using FindingSource = std::function<void(const std::function<void(const Finding&)>& visit)>;
FindingSource findings_of(const std::vector<Finding>& findings);

struct Summary {
    int files = 0, notes = 0, error = 0, warning = 0, info = 0;
};
Summary summarize(const std::vector<Finding>& findings, int files, int notes);

struct ReportOptions {
    bool redact = false;  // positions and rule messages only: no note text
    bool color = false;
};

// `file:line:col: severity: message [RULE]`, one per line; suppressed findings are not printed.
void write_text(std::ostream& out, const std::vector<Finding>& findings, const ReportOptions& options);
void write_text(std::ostream& out, const FindingSource& findings, const ReportOptions& options);
// SPEC §6.
void write_json(std::ostream& out, const std::vector<Finding>& findings, const Summary& summary);
void write_json(std::ostream& out, const FindingSource& findings, const Summary& summary);

// `soaplint rules`: the catalog, one rule per line; `soaplint rules ID`: its documentation.
void write_rule_list(std::ostream& out);
void write_rule_doc(std::ostream& out, const RuleInfo& rule);

}  // namespace soaplint

namespace soaplint {

struct FileResult;

// What every structured reporter needs besides the findings.
struct ReportContext {
    std::vector<std::string> files;  // every input, in input order (for JUnit test cases per file)
    int notes = 0;
    bool redact = false;
    std::vector<int> notes_per_file;  // parallel to `files`: each input's note count; empty = unknown
};

// SARIF 2.1.0: tool.driver.rules from the registry (name, shortDescription, fullDescription,
// help text and markdown from the rule documentation, defaultConfiguration.level), one result per
// finding with ruleId, ruleIndex, level, message, physicalLocation (artifactLocation.uri,
// region.startLine/startColumn), partialFingerprints (stable: rule + content anchor, not the line),
// and suppressions[] {kind: inSource|external, justification} for suppressed findings.
void write_sarif(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context);
void write_sarif(std::ostream& out, const FindingSource& findings, const ReportContext& context);
// JUnit XML: one <testsuite> per input file, one <testcase> per note (a file without notes: one
// test case for the file), failures for its unsuppressed findings at error/warning (info as
// <system-out>), X001 as an error.
void write_junit(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context);
void write_junit(std::ostream& out, const FindingSource& findings, const ReportContext& context);
// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE name::message`.
void write_github(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context);
void write_github(std::ostream& out, const FindingSource& findings, const ReportContext& context);

// --redact: a finding's message becomes its rule's fixed summary so no note text (names,
// quotes, numbers from the note) can reach any output.
void redact_finding(Finding& finding);

// `check --statistics[=rule|provider|payer]`: unsuppressed findings counted per rule (with its
// name and severity), per provider or per payer profile, most first; text or JSON.
void write_statistics(std::ostream& out, const FindingSource& findings, const std::string& by, bool json);

// A finding's note context as JSON (SPEC §6 `note`); null for a finding about a whole input.
boost::json::value finding_note_json(const std::optional<FindingNote>& note);
void redact_findings(std::vector<Finding>& findings);

}  // namespace soaplint
