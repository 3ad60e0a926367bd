#include "report.hpp"

#include <algorithm>
#include <map>
#include <boost/json.hpp>

#include "model_json.hpp"

namespace soaplint {
namespace json = boost::json;

FindingSource findings_of(const std::vector<Finding>& findings) {
    return [&findings](const std::function<void(const Finding&)>& visit) {
        for (const Finding& f : findings) visit(f);
    };
}

Summary summarize(const std::vector<Finding>& findings, int files, int notes) {
    Summary s;
    s.files = files;
    s.notes = notes;
    for (const Finding& f : findings) {
        if (f.suppressed) continue;
        switch (f.severity) {
            case Severity::error: ++s.error; break;
            case Severity::warning: ++s.warning; break;
            case Severity::info: ++s.info; break;
        }
    }
    return s;
}

namespace {

const char* color_of(Severity s) {
    switch (s) {
        case Severity::error: return "\x1b[31m";
        case Severity::warning: return "\x1b[33m";
        case Severity::info: break;
    }
    return "\x1b[36m";
}

// A file name or message as one line of a terminal or a log: control bytes (a newline or an ESC
// in a file name, which would split the finding or drive the terminal) shown escaped.
std::string printable(std::string_view text) {
    if (std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return std::string(text);
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (u < 0x20 || u == 0x7f) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0xF]);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

void write_text(std::ostream& out, const std::vector<Finding>& findings, const ReportOptions& options) {
    write_text(out, findings_of(findings), options);
}

void write_text(std::ostream& out, const FindingSource& findings, const ReportOptions& options) {
    findings([&](const Finding& f) {
        if (f.suppressed) return;
        out << printable(f.file) << ":" << f.line << ":" << f.column << ": ";
        if (options.color) out << color_of(f.severity) << to_string(f.severity) << "\x1b[0m";
        else out << to_string(f.severity);
        out << ": " << printable(f.message) << " [" << f.rule << "]\n";
    });
}

// Streamed one finding at a time (the same bytes as one pretty-printed document): a tree of every
// finding of an audit would cost about 2 KB each.
void write_json(std::ostream& out, const std::vector<Finding>& findings, const Summary& summary) {
    write_json(out, findings_of(findings), summary);
}

namespace {

struct StatisticsRow {
    std::string key;          // rule ID, provider or payer
    std::string name;         // rule name; provider credentials
    std::string severity;     // rule severity
    std::size_t count = 0, error = 0, warning = 0, info = 0;
};

std::string group_of(const Finding& f, const std::string& by, std::string& detail) {
    if (by == "rule") return f.rule;
    if (!f.note) return "(no note)";
    if (by == "payer") return f.note->payer.value_or("(none)");
    for (const std::string& c : f.note->credentials) detail += (detail.empty() ? "" : ", ") + c;
    return f.note->provider.value_or("(none)");
}

std::vector<StatisticsRow> statistics_rows(const FindingSource& findings, const std::string& by) {
    std::map<std::string, StatisticsRow> rows;
    findings([&](const Finding& f) {
        if (f.suppressed) return;
        std::string detail;
        const std::string key = group_of(f, by, detail);
        StatisticsRow& row = rows[key];
        row.key = key;
        if (by == "rule") {
            row.name = f.name;
            row.severity = to_string(f.severity);
        } else if (row.name.empty()) {
            row.name = detail;
        }
        ++row.count;
        ++(f.severity == Severity::error ? row.error : f.severity == Severity::warning ? row.warning : row.info);
    });
    std::vector<StatisticsRow> out;
    for (auto& [key, row] : rows) out.push_back(std::move(row));
    std::stable_sort(out.begin(), out.end(), [](const StatisticsRow& a, const StatisticsRow& b) { return a.count > b.count; });
    return out;
}

}  // namespace

void write_statistics(std::ostream& out, const FindingSource& findings, const std::string& by, bool as_json) {
    const std::vector<StatisticsRow> rows = statistics_rows(findings, by);
    if (as_json) {
        json::array list;
        for (const StatisticsRow& r : rows) {
            json::object o;
            if (by == "rule") o = {{"rule", r.key}, {"name", r.name}, {"severity", r.severity}, {"count", r.count}};
            else o = {{by, r.key}, {"count", r.count}, {"error", r.error}, {"warning", r.warning}, {"info", r.info}};
            if (by == "provider") o["credentials"] = r.name;
            list.push_back(std::move(o));
        }
        write_pretty_json(out, json::object{{"statistics", by}, {"rows", std::move(list)}});
        out << "\n";
        return;
    }
    for (const StatisticsRow& r : rows) {
        std::string count = std::to_string(r.count);
        count.insert(0, count.size() < 6 ? 6 - count.size() : 0, ' ');
        if (by == "rule") {
            std::string name = r.name;
            name.resize(std::max<std::size_t>(name.size(), 34), ' ');
            out << count << "  " << r.key << "  " << name << r.severity << "\n";
        } else {
            out << count << "  " << r.error << " errors, " << r.warning << " warnings, " << r.info << " info  " << r.key
                << (r.name.empty() ? "" : " (" + r.name + ")") << "\n";
        }
    }
}

json::value finding_note_json(const std::optional<FindingNote>& note) {
    if (!note) return nullptr;
    const auto text = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
    json::array credentials;
    for (const std::string& c : note->credentials) credentials.emplace_back(c);
    return json::object{{"patient", text(note->patient)},
                        {"date_of_service", text(note->date_of_service)},
                        {"kind", note->kind},
                        {"provider", text(note->provider)},
                        {"credentials", std::move(credentials)},
                        {"payer", text(note->payer)}};
}

void write_json(std::ostream& out, const FindingSource& findings, const Summary& summary) {
    const json::object counts{{"files", summary.files},
                              {"notes", summary.notes},
                              {"error", summary.error},
                              {"warning", summary.warning},
                              {"info", summary.info}};
    out << "{\n  \"soaplint\": " << json::serialize(json::string(kVersion)) << ",\n  \"summary\": ";
    write_pretty_json(out, counts, 2);
    out << ",\n  \"findings\": [";
    bool first = true;
    findings([&](const Finding& f) {
        json::object o{{"rule", f.rule},     {"name", f.name}, {"severity", to_string(f.severity)},
                       {"file", f.file},     {"line", f.line}, {"column", f.column},
                       {"message", f.message}, {"note_index", f.note_index}};
        if (!f.pointer.empty()) o["pointer"] = f.pointer;
        if (f.row > 0) o["row"] = f.row;
        o["note"] = finding_note_json(f.note);
        if (f.suppressed) o["suppressed"] = json::object{{"kind", f.suppressed->kind}, {"reason", f.suppressed->reason}};
        out << (first ? "\n    " : ",\n    ");
        write_pretty_json(out, o, 4);
        first = false;
    });
    out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

void write_rule_list(std::ostream& out) {
    for (const Rule& rule : all_rules()) {
        const RuleInfo& r = rule.info;
        std::string name(r.name);
        name.resize(std::max<std::size_t>(name.size(), 34), ' ');
        std::string severity(to_string(r.severity));
        severity.resize(8, ' ');
        out << r.id << "  " << name << severity << r.summary << "\n";
    }
}

void write_rule_doc(std::ostream& out, const RuleInfo& r) {
    out << "# " << r.id << " " << r.name << " (" << to_string(r.severity) << ")\n\n"
        << "## What it flags\n\n" << r.summary << "\n\n"
        << "## Why a payer cares\n\n" << r.rationale << "\n\n"
        << "## Example\n\n```\n" << r.bad << "\n```\n\n"
        << "## Write instead\n\n" << r.fix << "\n\n```\n" << r.good << "\n```\n\n"
        << "## Source\n\n" << r.source << "\n";
}

}  // namespace soaplint
