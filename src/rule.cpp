#include "rule.hpp"

#include <algorithm>

#include "structure.hpp"

namespace soaplint {

const char* to_string(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: break;
    }
    return "error";
}

std::optional<Severity> severity_from(std::string_view text) {
    if (text == "info") return Severity::info;
    if (text == "warning") return Severity::warning;
    if (text == "error") return Severity::error;
    return std::nullopt;
}

namespace {

// The text of the note's line `number`, for content-keyed baselines.
std::string line_text(const Note& note, int number) {
    std::string text;
    for (const Line& line : note.lines) {
        if (line.number != number) continue;
        if (!text.empty()) text += " ";
        text += line.text;
    }
    return text;
}

}  // namespace

FindingNote finding_note(const Note& note) {
    FindingNote context;
    context.patient = note.patient_id ? note.patient_id : note.patient_name;
    if (note.date_of_service) context.date_of_service = note.date_of_service->iso();
    context.kind = to_string(note.kind);
    if (note.provider && !note.provider->name.empty()) context.provider = note.provider->name;
    if (note.provider) context.credentials = note.provider->credentials;
    context.payer = note.payer;
    return context;
}

void Reporter::add(const Note& note, Position at, std::string message, std::string anchor) {
    Finding f;
    f.rule = std::string(rule_->id);
    f.name = std::string(rule_->name);
    f.severity = rule_->severity;
    f.file = note.file;
    f.line = at.line > 0 ? at.line : note.line;
    f.column = std::max(1, at.column);
    f.message = std::move(message);
    f.note_index = note.index;
    f.pointer = note.pointer;
    f.row = note.row;
    f.note = finding_note(note);
    f.anchor = anchor.empty() ? std::string(trim(line_text(note, f.line))) : std::move(anchor);
    sink_.push_back(std::move(f));
}

const Rule* find_rule(std::string_view id_or_name) {
    const auto& rules = all_rules();
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) {
        return r.info.id == id_or_name || r.info.name == id_or_name;
    });
    return it == rules.end() ? nullptr : &*it;
}

}  // namespace soaplint
