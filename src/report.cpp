#include "report.hpp"

#include <boost/json.hpp>

#include "model_json.hpp"

namespace soaplint {
namespace json = boost::json;

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

}  // namespace

void write_text(std::ostream& out, const std::vector<Finding>& findings, const ReportOptions& options) {
    for (const Finding& f : findings) {
        if (f.suppressed) continue;
        out << f.file << ":" << f.line << ":" << f.column << ": ";
        if (options.color) out << color_of(f.severity) << to_string(f.severity) << "\x1b[0m";
        else out << to_string(f.severity);
        out << ": " << f.message << " [" << f.rule << "]\n";
    }
}

void write_json(std::ostream& out, const std::vector<Finding>& findings, const Summary& summary) {
    json::array list;
    for (const Finding& f : findings) {
        json::object o{{"rule", f.rule},     {"name", f.name}, {"severity", to_string(f.severity)},
                       {"file", f.file},     {"line", f.line}, {"column", f.column},
                       {"message", f.message}, {"note_index", f.note_index}};
        if (f.suppressed) o["suppressed"] = json::object{{"kind", f.suppressed->kind}, {"reason", f.suppressed->reason}};
        list.push_back(std::move(o));
    }
    const json::object root{{"soaplint", kVersion},
                            {"summary", json::object{{"files", summary.files},
                                                     {"notes", summary.notes},
                                                     {"error", summary.error},
                                                     {"warning", summary.warning},
                                                     {"info", summary.info}}},
                            {"findings", std::move(list)}};
    write_pretty_json(out, root);
    out << "\n";
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
