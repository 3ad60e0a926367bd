#include "model_reader.hpp"

#include <algorithm>
#include <cmath>

#include "codetables.hpp"
#include "fhir_reader.hpp"
#include "grammar/api.hpp"
#include "json_input.hpp"
#include "structure.hpp"

namespace soaplint {
namespace json = boost::json;

namespace {

// The fields of a model note: a value of the wrong type is an error for that note (a charting
// export that writes `"minutes": "23"` should hear about it, not have its minutes dropped).
class NoteFields {
public:
    NoteFields(const json::object& o, std::string pointer) : o_(o), pointer_(std::move(pointer)) {}

    std::optional<std::string> text(std::string_view key) {
        const json::value* v = o_.if_contains(key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!v->is_string()) return wrong(key, "a string");
        return std::string(v->get_string());
    }
    std::optional<int> integer(std::string_view key) { return integer_of(o_.if_contains(key), key); }
    std::optional<int> integer_of(const json::value* v, std::string_view key) {
        const std::optional<double> n = json_number(v);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!n || *n != std::floor(*n) || std::fabs(*n) > 2147483647.0) return wrong(key, "a whole number");
        return static_cast<int>(*n);
    }
    std::optional<double> number(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (const auto n = json_number(v); n && std::isfinite(*n)) return n;
        return wrong(key, "a number");
    }
    std::optional<CivilDate> date(std::string_view key) { return date_of(o_.if_contains(key), key); }
    std::optional<CivilDate> date_of(const json::value* v, std::string_view key) {
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (const auto d = grammar::parse_date(json_string(v)); d && v->is_string()) return CivilDate{d->year, d->month, d->day};
        return wrong(key, "a date (YYYY-MM-DD)");
    }
    bool flag(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        return v != nullptr && v->is_bool() && v->get_bool();
    }
    // The objects of an array member; anything else in it is an error.
    std::vector<const json::object*> objects(std::string_view key) {
        std::vector<const json::object*> out;
        const json::value* v = o_.if_contains(key);
        if (v == nullptr || v->is_null()) return out;
        if (!v->is_array()) {
            wrong(key, "an array");
            return out;
        }
        for (const json::value& item : v->get_array()) {
            if (item.is_object()) out.push_back(&item.get_object());
            else wrong(key, "an array of objects");
        }
        return out;
    }
    const json::object& object() const { return o_; }
    const std::string& problem() const { return problem_; }

private:
    std::nullopt_t wrong(std::string_view key, std::string_view expected) {
        if (problem_.empty()) problem_ = "`" + std::string(key) + "` of note " + pointer_ + " must be " + std::string(expected);
        return std::nullopt;
    }
    const json::object& o_;
    std::string pointer_;
    std::string problem_;
};

NoteKind kind_named(std::string_view name) {
    for (NoteKind k : {NoteKind::evaluation, NoteKind::daily, NoteKind::progress, NoteKind::reevaluation,
                       NoteKind::discharge, NoteKind::plan_of_care})
        if (name == to_string(k)) return k;
    return kind_from_text(name);
}

std::optional<SectionName> section_named(std::string_view name) {
    for (int i = 0; i <= static_cast<int>(SectionName::other); ++i)
        if (name == to_string(static_cast<SectionName>(i))) return static_cast<SectionName>(i);
    return std::nullopt;
}

std::optional<Clock> clock_of(std::string_view hhmm) {
    const auto times = grammar::find_times(hhmm);
    if (times.size() != 1) return std::nullopt;
    return Clock{times.front().hour, times.front().minute, times.front().valid};
}

Diagnosis diagnosis_of(const std::string& code, int line) {
    Diagnosis d;
    d.pos = {line, 1};
    const auto found = grammar::find_icd10(code);
    if (found.size() == 1 && found.front().raw.size() == code.size()) {
        d.code = found.front().code;
        d.shape = static_cast<Diagnosis::Shape>(found.front().shape);
    } else {
        d.code = code;
        const bool digits = !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
        d.shape = digits ? Diagnosis::Shape::icd9 : Diagnosis::Shape::malformed;
    }
    return d;
}

// Facts of the model, each list used only where the note's text (if any) gave none: the text,
// as written, is what the rules read; the lists stand in for it in a note without text.
void read_lists(NoteFields& f, Note& note) {
    const int line = note.line;
    const auto at = [&](const json::object& o) { return f.integer_of(o.if_contains("line"), "line").value_or(line); };
    if (note.sections.empty())
        for (const json::object* s : f.objects("sections")) {
            const auto name = section_named(json_string(*s, "name"));
            if (!name) continue;
            Section section;
            section.name = *name;
            section.heading = std::string(json_string(*s, "name"));
            section.line = section.first_line = section.last_line = at(*s);
            section.empty = false;
            note.sections.push_back(std::move(section));
        }
    if (note.diagnoses.empty())
        for (const json::object* d : f.objects("diagnoses"))
            if (const auto code = json_string(*d, "code"); !code.empty()) note.diagnoses.push_back(diagnosis_of(std::string(code), at(*d)));
    if (note.goals.empty())
        for (const json::object* g : f.objects("goals")) {
            Goal goal;
            goal.text = std::string(json_string(*g, "text"));
            goal.pos = {at(*g), 1};
            if (const auto term = json_string(*g, "term"); !term.empty()) goal.term = std::string(term);
            if (const json::object* t = json_object(*g, "target"))
                goal.target = Amount{f.number(*t, "value"), std::string(json_string(*t, "unit"))};
            if (const json::object* t = json_object(*g, "timeframe")) {
                Timeframe timeframe;
                if (const auto v = f.number(*t, "value")) timeframe.value = static_cast<int>(*v);
                timeframe.unit = std::string(json_string(*t, "unit"));
                timeframe.by = f.date_of(t->if_contains("date"), "timeframe.date");
                goal.timeframe = timeframe;
            }
            goal.measurable = f.flag(*g, "measurable");
            goal.functional = f.flag(*g, "functional");
            note.goals.push_back(std::move(goal));
        }
    if (note.measurements.empty())
        for (const json::object* m : f.objects("measurements")) {
            Measurement measurement;
            measurement.name = std::string(json_string(*m, "name"));
            measurement.kind = std::string(json_string(*m, "kind"));
            measurement.value = f.number(*m, "value");
            measurement.value_high = f.number(*m, "value_high");
            measurement.unit = std::string(json_string(*m, "unit"));
            measurement.grade = std::string(json_string(*m, "grade"));
            measurement.pos = {at(*m), 1};
            const auto section = json_string(*m, "section");
            measurement.section = section.empty() ? "objective" : std::string(section);
            if (measurement.kind.empty()) measurement.kind = "other";
            note.measurements.push_back(std::move(measurement));
        }
    if (note.interventions.empty())
        for (const json::object* i : f.objects("interventions")) {
            Intervention intervention;
            intervention.cpt = std::string(json_string(*i, "cpt"));
            if (intervention.cpt.empty()) continue;
            if (const json::array* modifiers = json_array(*i, "modifiers"))
                for (const json::value& m : *modifiers)
                    if (m.is_string()) intervention.modifiers.emplace_back(m.get_string());
            intervention.minutes = f.integer_of(i->if_contains("minutes"), "minutes");
            intervention.units = f.integer_of(i->if_contains("units"), "units");
            const json::value* timed = i->if_contains("timed");
            intervention.timed = timed != nullptr && timed->is_bool() ? timed->get_bool() : codes::is_timed_cpt(intervention.cpt);
            intervention.pos = {at(*i), 1};
            note.interventions.push_back(std::move(intervention));
        }
}

// Facts of one value each: the model's value where the text gave none.
void read_scalars(NoteFields& f, Note& note) {
    const json::object& o = f.object();
    if (!note.patient_id) note.patient_id = f.text("patient_id");
    if (!note.patient_name) note.patient_name = f.text("patient_name");
    if (!note.dob) note.dob = f.date("dob");
    if (!note.date_of_service) {
        note.date_of_service = f.date("date_of_service");
        if (note.date_of_service) note.date_line = note.line;
    }
    if (!note.payer_text) {
        note.payer_text = f.text("payer");
        if (note.payer_text) note.payer_line = note.line;
    }
    if (!note.referral) note.referral = f.text("referral");
    if (!note.authorization) note.authorization = f.text("authorization");
    if (const json::object* p = json_object(o, "provider"); p && !note.provider) {
        Provider provider;
        provider.name = std::string(json_string(*p, "name"));
        if (const json::array* credentials = json_array(*p, "credentials"))
            for (const json::value& c : *credentials)
                if (c.is_string()) provider.credentials.emplace_back(c.get_string());
        provider.line = note.line;
        note.provider = std::move(provider);
    }
    if (const json::object* s = json_object(o, "session"); s && !note.session.start && !note.session.stop) {
        if (const auto start = clock_of(json_string(*s, "start"))) note.session.start = start;
        if (const auto stop = clock_of(json_string(*s, "stop"))) note.session.stop = stop;
        note.session.minutes = f.integer_of(s->if_contains("minutes"), "session.minutes");
        note.session.line = note.line;
    }
    if (!note.total_timed_minutes) {
        note.total_timed_minutes = f.integer("total_timed_minutes");
        note.total_timed_line = note.line;
    }
    if (!note.total_treatment_minutes) {
        note.total_treatment_minutes = f.integer("total_treatment_minutes");
        note.total_treatment_line = note.line;
    }
    if (const json::object* q = json_object(o, "frequency"); q && !note.frequency) {
        if (const auto visits = f.integer_of(q->if_contains("visits"), "frequency.visits"))
            note.frequency = Frequency{*visits, std::string(json_string(*q, "per")), note.line};
    }
    if (const json::object* d = json_object(o, "duration"); d && !note.duration) {
        Duration duration;
        duration.value = f.integer_of(d->if_contains("value"), "duration.value");
        duration.unit = std::string(json_string(*d, "unit"));
        duration.end = f.date_of(d->if_contains("end"), "duration.end");
        duration.line = note.line;
        if (duration.value || duration.end) note.duration = duration;
    }
}

// One note of the model. With `text`, the text reader reads it and the model's facts fill what
// it lacks; without, the note is what the facts say.
std::optional<Note> read_note(const std::string& file, const json::object& o, const std::string& pointer,
                              std::vector<InputError>& errors) {
    NoteFields f(o, pointer);
    const int line = std::max(1, f.integer("line").value_or(1));
    const std::optional<std::string> text = f.text("text");
    Note note = text ? note_from_text(file, *text, TextOrigin{line, 1, false}) : Note{};
    note.file = file;
    note.pointer = pointer;
    note.line = line;
    if (note.kind == NoteKind::unknown)
        if (const auto kind = f.text("kind")) note.kind = kind_named(*kind);
    read_scalars(f, note);
    read_lists(f, note);
    if (!f.problem().empty()) {
        errors.push_back({file, f.problem(), 1, 1, pointer});
        return std::nullopt;
    }
    return note;
}

}  // namespace

bool looks_like_model(const json::value& document) {
    if (const json::object* o = document.if_object())
        return o->contains("soaplint") || (o->contains("notes") && !o->contains("resourceType"));
    if (const json::array* a = document.if_array())
        return !a->empty() && a->front().is_object() && !a->front().get_object().contains("resourceType");
    return false;
}

FileResult read_model(const std::string& file, const json::value& document) {
    FileResult result;
    result.file = file;
    const json::array* notes = nullptr;
    std::string base;
    if (const json::object* o = document.if_object()) {
        notes = json_array(*o, "notes");
        base = "/notes";
    } else {
        notes = document.if_array();
    }
    if (notes == nullptr) {
        result.errors.push_back({file, "a soaplint model needs `notes`: an array of note objects", 1, 1, "/notes"});
        return result;
    }
    for (std::size_t i = 0; i < notes->size(); ++i) {
        const std::string pointer = pointer_append(base, std::to_string(i));
        const json::object* o = (*notes)[i].if_object();
        if (o == nullptr) {
            result.errors.push_back({file, "note " + pointer + " is not an object", 1, 1, pointer});
            continue;
        }
        if (auto note = read_note(file, *o, pointer, result.errors)) {
            note->index = static_cast<int>(result.notes.size());
            result.notes.push_back(std::move(*note));
        }
    }
    if (result.notes.empty() && result.errors.empty()) result.empty_reason = "a soaplint model with no notes";
    return result;
}

FileResult read_json_input(const std::string& file, std::string_view bytes) {
    std::string storage;
    const std::string_view text = json_bytes(bytes, storage);
    FileResult result;
    result.file = file;
    InputError error;
    const std::optional<json::value> document = parse_json_text(file, text, error);
    if (!document) {
        // Several JSON values, one per line: an NDJSON export under a .json name.
        if (error.message.find("extra data") != std::string::npos) return read_fhir(file, bytes, true);
        result.errors.push_back(std::move(error));
        return result;
    }
    if (looks_like_fhir(*document)) return read_fhir_document(file, text, *document);
    if (looks_like_model(*document)) return read_model(file, *document);
    result.empty_reason = "JSON that is neither a soaplint model (`notes`) nor a FHIR resource (`resourceType`)";
    return result;
}

}  // namespace soaplint
