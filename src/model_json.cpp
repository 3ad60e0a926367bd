#include "model_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace soaplint {
namespace json = boost::json;

namespace {

json::value string_or_null(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::value int_or_null(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value date_or_null(const std::optional<CivilDate>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

json::value unit_or_null(const std::string& unit) { return unit.empty() ? json::value(nullptr) : json::value(unit); }

json::value provider_json(const std::optional<Provider>& provider) {
    if (!provider) return nullptr;
    json::array credentials;
    for (const auto& c : provider->credentials) credentials.emplace_back(c);
    return json::object{{"name", provider->name}, {"credentials", std::move(credentials)}};
}

json::array sections_json(const Note& note) {
    json::array out;
    for (const Section& s : note.sections) out.push_back(json::object{{"name", to_string(s.name)}, {"line", s.line}});
    return out;
}

json::array diagnoses_json(const Note& note) {
    json::array out;
    for (const Diagnosis& d : note.diagnoses) out.push_back(json::object{{"code", d.code}, {"line", d.pos.line}});
    return out;
}

json::value timeframe_json(const std::optional<Timeframe>& t) {
    if (!t) return nullptr;
    json::object o{{"value", int_or_null(t->value)}, {"unit", unit_or_null(t->unit)}};
    if (t->by) o["date"] = t->by->iso();
    return o;
}

json::array goals_json(const Note& note) {
    json::array out;
    for (const Goal& g : note.goals) {
        json::value target = nullptr;
        if (g.target) target = json::object{{"value", number_or_null(g.target->value)}, {"unit", unit_or_null(g.target->unit)}};
        out.push_back(json::object{{"text", g.text},
                                   {"line", g.pos.line},
                                   {"term", string_or_null(g.term)},
                                   {"target", std::move(target)},
                                   {"timeframe", timeframe_json(g.timeframe)},
                                   {"measurable", g.measurable},
                                   {"functional", g.functional}});
    }
    return out;
}

json::array measurements_json(const Note& note) {
    json::array out;
    for (const Measurement& m : note.measurements) {
        json::object o{{"name", m.name},
                       {"kind", m.kind},
                       {"value", number_or_null(m.value)},
                       {"unit", unit_or_null(m.unit)},
                       {"line", m.pos.line}};
        if (m.value_high) o["value_high"] = number_or_null(m.value_high);
        if (!m.grade.empty()) o["grade"] = m.grade;
        out.push_back(std::move(o));
    }
    return out;
}

json::array interventions_json(const Note& note) {
    json::array out;
    for (const Intervention& i : note.interventions) {
        json::array modifiers;
        for (const auto& m : i.modifiers) modifiers.emplace_back(m);
        out.push_back(json::object{{"cpt", i.cpt},
                                   {"modifiers", std::move(modifiers)},
                                   {"minutes", int_or_null(i.minutes)},
                                   {"units", int_or_null(i.units)},
                                   {"timed", i.timed},
                                   {"line", i.pos.line}});
    }
    return out;
}

json::value session_json(const Session& s) {
    if (!s.start && !s.stop) return json::object{{"start", nullptr}, {"stop", nullptr}, {"minutes", nullptr}};
    return json::object{{"start", s.start ? json::value(s.start->hhmm()) : json::value(nullptr)},
                        {"stop", s.stop ? json::value(s.stop->hhmm()) : json::value(nullptr)},
                        {"minutes", int_or_null(s.minutes)}};
}

json::value frequency_json(const std::optional<Frequency>& f) {
    if (!f) return nullptr;
    return json::object{{"visits", f->visits}, {"per", f->per}};
}

json::value duration_json(const std::optional<Duration>& d) {
    if (!d) return nullptr;
    json::object o{{"value", int_or_null(d->value)}, {"unit", unit_or_null(d->unit)}};
    if (d->end) o["end"] = d->end->iso();
    return o;
}

}  // namespace

json::value number_or_null(const std::optional<double>& value) {
    if (!value) return nullptr;
    const double v = *value;
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<std::int64_t>(v);
    return std::round(v * 1000.0) / 1000.0;
}

json::object note_to_json(const Note& note) {
    return json::object{{"file", note.file},
                        {"index", note.index},
                        {"line", note.line},
                        {"kind", to_string(note.kind)},
                        {"patient_id", string_or_null(note.patient_id)},
                        {"date_of_service", date_or_null(note.date_of_service)},
                        {"payer", string_or_null(note.payer)},
                        {"provider", provider_json(note.provider)},
                        {"sections", sections_json(note)},
                        {"diagnoses", diagnoses_json(note)},
                        {"goals", goals_json(note)},
                        {"measurements", measurements_json(note)},
                        {"interventions", interventions_json(note)},
                        {"session", session_json(note.session)},
                        {"total_timed_minutes", int_or_null(note.total_timed_minutes)},
                        {"total_treatment_minutes", int_or_null(note.total_treatment_minutes)},
                        {"frequency", frequency_json(note.frequency)},
                        {"duration", duration_json(note.duration)}};
}

namespace {

void append_indent(std::string& out, int indent) { out.append(static_cast<std::size_t>(std::max(indent, 0)), ' '); }

// JSON string escaping (RFC 8259): quotes, backslashes and control characters; UTF-8 as is.
void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

// Appends `value` pretty-printed (two-space indentation); Boost.JSON serialises on one line.
void append_pretty_json(std::string& out, const json::value& value, int indent) {
    switch (value.kind()) {
        case json::kind::object: {
            const auto& o = value.get_object();
            if (o.empty()) {
                out += "{}";
                return;
            }
            out += "{\n";
            bool first = true;
            for (const auto& kv : o) {
                if (!first) out += ",\n";
                first = false;
                append_indent(out, indent + 2);
                append_json_string(out, kv.key());
                out += ": ";
                append_pretty_json(out, kv.value(), indent + 2);
            }
            out += "\n";
            append_indent(out, indent);
            out += "}";
            return;
        }
        case json::kind::array: {
            const auto& a = value.get_array();
            if (a.empty()) {
                out += "[]";
                return;
            }
            out += "[\n";
            bool first = true;
            for (const auto& v : a) {
                if (!first) out += ",\n";
                first = false;
                append_indent(out, indent + 2);
                append_pretty_json(out, v, indent + 2);
            }
            out += "\n";
            append_indent(out, indent);
            out += "]";
            return;
        }
        case json::kind::string: append_json_string(out, value.get_string()); return;
        case json::kind::int64: out += std::to_string(value.get_int64()); return;
        case json::kind::uint64: out += std::to_string(value.get_uint64()); return;
        case json::kind::double_: {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.10g", value.get_double());
            out += buffer;
            return;
        }
        case json::kind::bool_: out += value.get_bool() ? "true" : "false"; return;
        case json::kind::null: out += "null"; return;
    }
}

}  // namespace

void write_pretty_json(std::ostream& out, const json::value& value, int indent) {
    std::string text;
    append_pretty_json(text, value, indent);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

namespace {

template <class T>
void field(std::ostream& out, const char* name, const std::optional<T>& v) {
    out << "  " << name << ": ";
    if (v) out << *v;
    else out << "-";
    out << "\n";
}

}  // namespace

void write_note_text(std::ostream& out, const Note& note) {
    out << note.file << ":" << note.line << ": note " << note.index << " (" << to_string(note.kind) << ")\n";
    field(out, "patient", note.patient_id);
    out << "  date of service: " << (note.date_of_service ? note.date_of_service->iso() : "-") << "\n";
    field(out, "payer", note.payer);
    out << "  provider: ";
    if (note.provider) {
        out << note.provider->name;
        for (const auto& c : note.provider->credentials) out << ", " << c;
    } else {
        out << "-";
    }
    out << "\n  sections:";
    for (const Section& s : note.sections) out << " " << to_string(s.name) << "@" << s.line;
    out << "\n  diagnoses:";
    for (const Diagnosis& d : note.diagnoses) out << " " << d.code << "@" << d.pos.line;
    out << "\n";
    for (const Goal& g : note.goals) {
        out << "  goal@" << g.pos.line << (g.term ? " " + *g.term : std::string()) << (g.measurable ? " measurable" : "")
            << (g.functional ? " functional" : "") << (g.timeframe ? " timed" : "") << ": " << g.text << "\n";
    }
    for (const Measurement& m : note.measurements) {
        out << "  measure@" << m.pos.line << " " << m.kind << " " << m.name << " = " << (m.value ? *m.value : 0);
        if (m.value_high) out << "-" << *m.value_high;
        out << (m.unit.empty() ? "" : " " + m.unit) << (m.grade.empty() ? "" : " (" + m.grade + ")") << "\n";
    }
    for (const Intervention& i : note.interventions) {
        out << "  cpt@" << i.pos.line << " " << i.cpt;
        for (const auto& m : i.modifiers) out << "-" << m;
        out << " minutes=" << (i.minutes ? std::to_string(*i.minutes) : "-")
            << " units=" << (i.units ? std::to_string(*i.units) : "-") << (i.timed ? " timed" : " untimed") << "\n";
    }
    out << "  session: " << (note.session.start ? note.session.start->hhmm() : "-") << " - "
        << (note.session.stop ? note.session.stop->hhmm() : "-");
    if (note.session.minutes) out << " (" << *note.session.minutes << " min)";
    out << "\n";
    field(out, "total timed minutes", note.total_timed_minutes);
    field(out, "total treatment minutes", note.total_treatment_minutes);
    out << "  frequency: ";
    if (note.frequency) out << note.frequency->visits << "x/" << note.frequency->per;
    else out << "-";
    out << "\n  duration: ";
    if (note.duration && note.duration->value) out << *note.duration->value << " " << note.duration->unit;
    else if (note.duration && note.duration->end) out << "until " << note.duration->end->iso();
    else out << "-";
    out << "\n";
}

}  // namespace soaplint
