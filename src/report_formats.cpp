// The formats CI systems read (SARIF, JUnit XML, GitHub workflow commands) and --redact.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "model_json.hpp"
#include "report.hpp"
#include "pseudonym.hpp"

namespace soaplint {
namespace json = boost::json;

namespace {

// What a suppressed finding's reason becomes under --redact: an inline reason is note text.
constexpr const char* kRedactedReason = "(redacted)";

json::string to_json(std::string_view text) { return json::string(text.data(), text.size()); }

// Input files in input order, then any file that only findings name (e.g. an X001 for a path
// that does not exist and so never became an input). Under ReportContext::redact every writer
// redacts on its own too, so a caller that forgot redact_findings cannot leak note text.
std::vector<std::string> files_in_order(const FindingSource& findings, const ReportContext& context) {
    std::vector<std::string> files = context.files;
    std::set<std::string> known(files.begin(), files.end());
    findings([&](const Finding& f) {
        if (known.insert(f.file).second) files.push_back(f.file);
    });
    return files;
}

// ---------------------------------------------------------------------------------------------
// SARIF

const char* sarif_level(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: break;
    }
    return "note";
}

std::string rule_documentation(const RuleInfo& rule) {
    std::ostringstream doc;
    write_rule_doc(doc, rule);
    return doc.str();
}

json::object rule_descriptor(const RuleInfo& rule) {
    const std::string doc = rule_documentation(rule);
    return json::object{
        {"id", to_json(rule.id)},
        {"name", to_json(rule.name)},
        {"shortDescription", json::object{{"text", to_json(rule.summary)}}},
        {"fullDescription", json::object{{"text", to_json(rule.rationale)}}},
        {"help", json::object{{"text", doc}, {"markdown", doc}}},
        {"defaultConfiguration", json::object{{"level", sarif_level(rule.severity)}}},
        {"properties", json::object{{"source", to_json(rule.source)}}},
    };
}

// The registry's rules in catalog order, then any rule a finding names that the registry lacks
// (so every result has a rule to point its ruleIndex at).
struct SarifRules {
    json::array descriptors;
    std::map<std::string, std::size_t> index;
};

SarifRules registry_rules() {
    SarifRules rules;
    for (const Rule& rule : all_rules()) {
        rules.index.emplace(std::string(rule.info.id), rules.descriptors.size());
        rules.descriptors.push_back(rule_descriptor(rule.info));
    }
    return rules;
}

void add_rule_of(SarifRules& rules, const Finding& f) {
    if (!rules.index.emplace(f.rule, rules.descriptors.size()).second) return;
    json::object descriptor{{"id", f.rule}};
    if (!f.name.empty()) descriptor["name"] = f.name;
    rules.descriptors.push_back(std::move(descriptor));
}

// RFC 3986: a path as a URI reference. Unreserved characters, `/` and the sub-delimiters stay;
// everything else (spaces, `%`, `#`, `?`, `:`, non-ASCII bytes) is percent-encoded.
std::string uri_path(std::string_view path) {
    static constexpr std::string_view kKept = "-._~/!$&'()*+,;=@";
    std::string uri;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum || kKept.find(c) != std::string_view::npos) {
            uri.push_back(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", byte);
            uri += escaped;
        }
    }
    return uri;
}

// `./notes/a.txt` and `notes/a.txt` name the same file.
std::string_view without_dot_slash(std::string_view path) {
    while (path.substr(0, 2) == "./") path.remove_prefix(2);
    return path;
}

// A relative path stays relative to %SRCROOT% (what code-scanning dashboards expect); an absolute
// one becomes a file: URI.
json::object artifact_location(const std::string& file) {
    if (!file.empty() && file.front() == '/') return json::object{{"uri", "file://" + uri_path(file)}};
    return json::object{{"uri", uri_path(without_dot_slash(file))}, {"uriBaseId", "%SRCROOT%"}};
}

// FNV-1a, 64 bits: a fixed, portable hash (std::hash may differ between builds).
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// rule + file + anchor (the content the finding is about), and which of several findings with
// that key this is: stable when unrelated lines are added or removed, unlike a line number.
// `seen` counts the keys met so far.
std::string fingerprint(const Finding& f, std::map<std::string, int>& seen) {
    std::string key = f.rule;
    key.push_back('\0');
    key += without_dot_slash(f.file);
    key.push_back('\0');
    key += f.anchor;
    const int occurrence = seen[key]++;
    key.push_back('\0');
    key += std::to_string(occurrence);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
    return hex;
}

json::object sarif_result(const Finding& f, std::size_t rule_index, std::size_t artifact_index,
                          const std::string& fingerprint) {
    json::object location = artifact_location(f.file);
    location["index"] = artifact_index;
    json::object result{
        {"ruleId", f.rule},
        {"ruleIndex", rule_index},
        {"level", sarif_level(f.severity)},
        {"message", json::object{{"text", f.message}}},
        {"locations",
         json::array{json::object{
             {"physicalLocation",
              json::object{{"artifactLocation", std::move(location)},
                           {"region", json::object{{"startLine", std::max(1, f.line)},
                                                   {"startColumn", std::max(1, f.column)}}}}}}}},
        {"partialFingerprints", json::object{{"soaplint/v1", fingerprint}}},
    };
    if (!f.pointer.empty() || f.row > 0 || f.note) {
        json::object where;
        if (!f.pointer.empty()) where["pointer"] = f.pointer;
        if (f.row > 0) where["row"] = f.row;
        if (f.note) where["note"] = finding_note_json(f.note);
        result["properties"] = std::move(where);
    }
    if (f.suppressed) {
        json::object suppression{{"kind", f.suppressed->kind == "baseline" ? "external" : "inSource"}};
        if (!f.suppressed->reason.empty()) suppression["justification"] = f.suppressed->reason;
        result["suppressions"] = json::array{std::move(suppression)};
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// JUnit XML

// XML 1.0 cannot carry most control characters even as references, nor U+FFFE/U+FFFF: those
// become `?`. In attributes, tab and line breaks become references so they survive
// attribute-value normalisation.
std::string xml_escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        const std::string_view next3 = text.substr(i, 3);
        if (next3 == "\xEF\xBF\xBE" || next3 == "\xEF\xBF\xBF") {
            out.push_back('?');
            i += 2;
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\'': out += attribute ? "&apos;" : "'"; break;
            case '\t': out += attribute ? "&#9;" : "\t"; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\r': out += "&#13;"; break;
            default: out.push_back(byte < 0x20 || byte == 0x7F ? '?' : c);
        }
    }
    return out;
}

std::string attr(std::string_view text) { return xml_escape(text, true); }
std::string body(std::string_view text) { return xml_escape(text, false); }

std::string finding_line(const Finding& f) {
    return f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " + to_string(f.severity) +
           ": " + f.message + " [" + f.rule + "]";
}

struct TestCase {
    std::string name;
    std::vector<const Finding*> failures;  // unsuppressed errors and warnings of rules
    std::vector<const Finding*> errors;    // X001: the input could not be checked at all
    std::vector<const Finding*> output;    // unsuppressed info findings
    bool failed() const { return !failures.empty(); }
    bool errored() const { return !errors.empty(); }
};

// One test case per note of the file; a file without notes (unreadable, or empty) is one test
// case for the whole file. `notes` is the file's note count, or -1 when the caller does not know
// it: then the notes are known as far as the findings name them (note_index), and a file without
// any finding is one passing test case.
std::vector<TestCase> test_cases_of(const std::vector<const Finding*>& findings, int notes) {
    for (const Finding* f : findings) {
        if (f->rule != "X001") notes = std::max(notes, f->note_index + 1);
    }
    std::vector<TestCase> cases;
    if (notes <= 0) cases.push_back(TestCase{"file", {}, {}, {}});
    for (int i = 0; i < notes; ++i) cases.push_back(TestCase{"note " + std::to_string(i + 1), {}, {}, {}});
    for (const Finding* f : findings) {
        if (f->suppressed) continue;
        const auto index = std::min(static_cast<std::size_t>(std::max(0, f->note_index)), cases.size() - 1);
        TestCase& test = cases[index];
        if (f->rule == "X001") test.errors.push_back(f);
        else if (f->severity == Severity::info) test.output.push_back(f);
        else test.failures.push_back(f);
    }
    return cases;
}

// `message` of a <failure>/<error>: the finding itself when there is one, else the rules.
std::string problem_summary(const std::vector<const Finding*>& problems) {
    if (problems.size() == 1) {
        const Finding& f = *problems.front();
        return f.rule + " " + f.name + ": " + f.message;
    }
    std::string rules;
    std::set<std::string> seen;
    for (const Finding* f : problems) {
        if (!seen.insert(f->rule).second) continue;
        rules += (rules.empty() ? "" : ", ") + f->rule;
    }
    return std::to_string(problems.size()) + " findings: " + rules;
}

void write_problem(std::ostream& out, const char* element, const std::vector<const Finding*>& problems) {
    const bool any_error = std::any_of(problems.begin(), problems.end(),
                                       [](const Finding* f) { return f->severity == Severity::error; });
    out << "      <" << element << " type=\"" << (any_error ? "error" : "warning") << "\" message=\""
        << attr(problem_summary(problems)) << "\">";
    for (const Finding* f : problems) out << body(finding_line(*f)) << "\n";
    out << "</" << element << ">\n";
}

// The note's context (SPEC §6) as JUnit properties, from the first finding that names the note.
void write_note_properties(std::ostream& out, const TestCase& test) {
    const FindingNote* note = nullptr;
    for (const auto* list : {&test.failures, &test.output})
        for (const Finding* f : *list)
            if (note == nullptr && f->note) note = &*f->note;
    if (note == nullptr) return;
    std::string credentials;
    for (const std::string& c : note->credentials) credentials += (credentials.empty() ? "" : ", ") + c;
    out << "      <properties>\n";
    const auto property = [&](const char* name, const std::optional<std::string>& value) {
        if (value) out << "        <property name=\"" << name << "\" value=\"" << attr(*value) << "\"/>\n";
    };
    property("patient", note->patient);
    property("date_of_service", note->date_of_service);
    property("kind", note->kind);
    property("provider", note->provider);
    property("credentials", credentials.empty() ? std::nullopt : std::optional<std::string>(credentials));
    property("payer", note->payer);
    out << "      </properties>\n";
}

void write_test_case(std::ostream& out, const std::string& file, const TestCase& test) {
    out << "    <testcase name=\"" << attr(test.name) << "\" classname=\"" << attr(file) << "\" file=\"" << attr(file)
        << "\"";
    if (!test.failed() && !test.errored() && test.output.empty()) {
        out << "/>\n";
        return;
    }
    out << ">\n";
    write_note_properties(out, test);
    if (test.errored()) write_problem(out, "error", test.errors);
    if (test.failed()) write_problem(out, "failure", test.failures);
    if (!test.output.empty()) {
        out << "      <system-out>";
        for (const Finding* f : test.output) out << body(finding_line(*f)) << "\n";
        out << "</system-out>\n";
    }
    out << "    </testcase>\n";
}

struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0;
    void add(const TestCase& test) {
        ++tests;
        // A test case with both is an error: the JUnit convention counts it once.
        if (test.errored()) ++errors;
        else if (test.failed()) ++failures;
    }
};

std::string count_attributes(const Counts& counts) {
    return "tests=\"" + std::to_string(counts.tests) + "\" failures=\"" + std::to_string(counts.failures) +
           "\" errors=\"" + std::to_string(counts.errors) + "\"";
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

const char* github_command(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: break;
    }
    return "notice";
}

// The runner's escaping (actions/toolkit command.ts): data escapes % CR LF; property values
// also `:` and `,`, which would otherwise end the value.
std::string github_escape(std::string_view text, bool property) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            case ':': out += property ? "%3A" : ":"; break;
            case ',': out += property ? "%2C" : ","; break;
            default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace

void write_sarif(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context) {
    write_sarif(out, findings_of(findings), context);
}

// Written as it goes: the document is laid out with a placeholder for its results, and the
// results are streamed into that place one finding at a time, the same bytes as one
// pretty-printed document.
void write_sarif(std::ostream& out, const FindingSource& findings, const ReportContext& context) {
    SarifRules rules = registry_rules();
    findings([&](const Finding& f) { add_rule_of(rules, f); });
    const std::vector<std::string> files = files_in_order(findings, context);
    std::map<std::string, std::size_t> artifact_index;
    json::array artifacts;
    for (const std::string& file : files) {
        artifact_index.emplace(file, artifacts.size());
        artifacts.push_back(
            json::object{{"location", artifact_location(file)}, {"roles", json::array{"analysisTarget"}}});
    }
    static constexpr std::string_view kPlaceholder = "\x01soaplint-results\x01";
    json::object driver{{"name", "soaplint"},
                        {"version", kVersion},
                        {"semanticVersion", kVersion},
                        {"rules", std::move(rules.descriptors)}};
    json::object run{{"tool", json::object{{"driver", std::move(driver)}}},
                     {"columnKind", "unicodeCodePoints"},
                     {"artifacts", std::move(artifacts)},
                     {"results", to_json(kPlaceholder)}};
    const json::object log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                           {"version", "2.1.0"},
                           {"runs", json::array{std::move(run)}}};
    std::ostringstream layout;
    write_pretty_json(layout, log);
    const std::string text = layout.str();
    const std::string placeholder = json::serialize(to_json(kPlaceholder));
    const std::size_t at = text.rfind(placeholder);
    out << text.substr(0, at) << "[";
    bool first = true;
    std::map<std::string, int> seen;  // fingerprint keys of the current file
    std::string seen_file;
    findings([&](const Finding& shown) {
        Finding f = shown;
        if (context.redact) redact_finding(f);
        if (f.file != seen_file) seen.clear(), seen_file = f.file;  // keys hold the file: counts never cross files
        out << (first ? "\n        " : ",\n        ");
        write_pretty_json(out, sarif_result(f, rules.index.at(f.rule), artifact_index.at(f.file), fingerprint(f, seen)), 8);
        first = false;
    });
    out << (first ? "]" : "\n      ]") << text.substr(at + placeholder.size()) << "\n";
}

void write_junit(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context) {
    write_junit(out, findings_of(findings), context);
}

namespace {

// Calls visit(file index, file's findings) for every file of `files` in order, the findings of one
// file at a time. Findings come sorted by file, except the X001 ones (unreadable inputs), which
// come first: they are few and are held until their file's turn.
void for_each_file(const FindingSource& findings, const std::vector<std::string>& files, bool redact,
                   const std::function<void(std::size_t, const std::vector<const Finding*>&)>& visit) {
    const auto as_shown = [redact](Finding f) {
        if (redact) redact_finding(f);
        return f;
    };
    std::map<std::string, std::vector<Finding>> unreadable;
    findings([&](const Finding& f) {
        if (f.rule == "X001") unreadable[f.file].push_back(as_shown(f));
    });
    std::size_t next = 0;
    std::vector<Finding> group;
    const auto flush_through = [&](std::size_t last) {
        for (; next <= last && next < files.size(); ++next) {
            std::vector<const Finding*> all;
            if (auto it = unreadable.find(files[next]); it != unreadable.end())
                for (const Finding& f : it->second) all.push_back(&f);
            if (!group.empty() && group.front().file == files[next])
                for (const Finding& f : group) all.push_back(&f);
            visit(next, all);
        }
    };
    const auto index_of = [&](const std::string& file) {
        for (std::size_t i = next; i < files.size(); ++i)
            if (files[i] == file) return i;
        return files.size();  // already written (cannot happen with sorted findings)
    };
    findings([&](const Finding& shown) {
        if (shown.rule == "X001") return;
        if (!group.empty() && group.front().file != shown.file) {
            flush_through(index_of(group.front().file));
            group.clear();
        }
        group.push_back(as_shown(shown));
    });
    if (!group.empty()) flush_through(index_of(group.front().file));
    flush_through(files.size());
}

}  // namespace

// Written file by file: a first pass counts the test cases for the totals the root element
// carries, a second writes each file's suite; only one file's findings are held at a time.
void write_junit(std::ostream& out, const FindingSource& findings, const ReportContext& context) {
    const std::vector<std::string> files = files_in_order(findings, context);
    const auto notes_of = [&](std::size_t i) { return i < context.notes_per_file.size() ? context.notes_per_file[i] : -1; };
    Counts total;
    for_each_file(findings, files, context.redact, [&](std::size_t i, const std::vector<const Finding*>& list) {
        for (const TestCase& test : test_cases_of(list, notes_of(i))) total.add(test);
    });
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"soaplint\" " << count_attributes(total) << ">\n";
    for_each_file(findings, files, context.redact, [&](std::size_t i, const std::vector<const Finding*>& list) {
        const std::vector<TestCase> suite = test_cases_of(list, notes_of(i));
        Counts counts;
        for (const TestCase& test : suite) counts.add(test);
        out << "  <testsuite name=\"" << attr(files[i]) << "\" " << count_attributes(counts) << " skipped=\"0\">\n";
        for (const TestCase& test : suite) write_test_case(out, files[i], test);
        out << "  </testsuite>\n";
    });
    out << "</testsuites>\n";
}

void write_github(std::ostream& out, const std::vector<Finding>& findings, const ReportContext& context) {
    write_github(out, findings_of(findings), context);
}

void write_github(std::ostream& out, const FindingSource& findings, const ReportContext& context) {
    findings([&](const Finding& shown) {
        if (shown.suppressed) return;
        Finding f = shown;
        if (context.redact) redact_finding(f);
        out << "::" << github_command(f.severity) << " file=" << github_escape(f.file, true)
            << ",line=" << f.line << ",col=" << f.column
            << ",title=" << github_escape(f.rule + " " + f.name, true) << "::" << github_escape(f.message, false)
            << "\n";
    });
}

void redact_finding(Finding& f) {
    const Rule* rule = find_rule(f.rule);
    if (rule) f.message = std::string(rule->info.summary);
    else f.message = f.name.empty() ? f.rule : f.name;
    // An inline reason is text from the note. The anchor stays: it is never printed, and
    // fingerprints and baselines need it.
    if (f.suppressed) f.suppressed->reason = kRedactedReason;
    // Who: keyed pseudonyms an auditor can still group by.
    if (f.note && !f.note->pseudonyms) {
        if (f.note->patient) f.note->patient = pseudonym("patient", *f.note->patient);
        if (f.note->provider) f.note->provider = pseudonym("provider", *f.note->provider);
        f.note->pseudonyms = true;
    }
}

void redact_findings(std::vector<Finding>& findings) {
    for (Finding& f : findings) redact_finding(f);
}

}  // namespace soaplint
