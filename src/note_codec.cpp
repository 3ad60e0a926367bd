// Field by field, in declaration order (notes, and the findings of src/finding_log.hpp). Integers are zig-zag varints (most are small line
// numbers), doubles their 8 bytes, strings a length and their bytes, optionals a presence byte.
#include "note_codec.hpp"

#include <concepts>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace soaplint {

// A new field in the model must be added here too (the size of the struct changes and the build
// stops until it is): a field left out would silently be empty in every episode rule.
#if defined(__x86_64__) && defined(__GLIBCXX__)  // the sizes of this ABI
static_assert(sizeof(Note) == 872, "Note changed: update note_codec.cpp");
static_assert(sizeof(Line) == 80, "Line changed: update note_codec.cpp");
static_assert(sizeof(Measurement) == 208, "Measurement changed: update note_codec.cpp");
static_assert(sizeof(Goal) == 208, "Goal changed: update note_codec.cpp");
static_assert(sizeof(Intervention) == 120, "Intervention changed: update note_codec.cpp");
static_assert(sizeof(Section) == 56, "Section changed: update note_codec.cpp");
#endif

namespace {

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    void put(long long value) {
        auto zigzag = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
        while (zigzag >= 0x80) {
            out_.push_back(static_cast<char>((zigzag & 0x7f) | 0x80));
            zigzag >>= 7;
        }
        out_.push_back(static_cast<char>(zigzag));
    }
    void put(int value) { put(static_cast<long long>(value)); }
    void put(bool value) { out_.push_back(value ? '\1' : '\0'); }
    void put(double value) {
        char bytes[sizeof value];
        std::memcpy(bytes, &value, sizeof value);
        out_.append(bytes, sizeof value);
    }
    void put(const std::string& text) {
        put(static_cast<long long>(text.size()));
        out_.append(text);
    }
    void put(const CivilDate& d) { put(d.year), put(d.month), put(d.day); }
    void put(const Clock& c) { put(c.hour), put(c.minute), put(c.valid); }
    void put(const Position& p) { put(p.line), put(p.column); }
    void put(const Section& s) {
        put(static_cast<int>(s.name)), put(s.heading), put(s.line), put(s.first_line), put(s.last_line);
        put(s.empty), put(s.shares_next);
    }
    void put(const Provider& p) { put(p.name), put(p.credentials), put(p.line); }
    void put(const Diagnosis& d) { put(d.code), put(static_cast<int>(d.shape)), put(d.pos), put(d.carried); }
    void put(const Amount& a) { put(a.value), put(a.unit); }
    void put(const Timeframe& t) { put(t.value), put(t.unit), put(t.by); }
    void put(const Goal& g) {
        put(g.text), put(g.pos), put(g.term), put(g.target), put(g.timeframe), put(g.measurable), put(g.functional);
    }
    void put(const Measurement& m) {
        put(m.name), put(m.kind), put(m.value), put(m.value_high), put(m.unit), put(m.grade), put(m.pos);
        put(m.section), put(m.earlier);
    }
    void put(const Intervention& i) {
        put(i.cpt), put(i.modifiers), put(i.minutes), put(i.units), put(i.timed), put(i.pos), put(i.line_text);
    }
    void put(const Session& s) { put(s.start), put(s.stop), put(s.minutes), put(s.line); }
    void put(const Frequency& f) { put(f.visits), put(f.per), put(f.line); }
    void put(const Duration& d) { put(d.value), put(d.unit), put(d.end), put(d.line); }
    void put(const Line& l) { put(l.text), put(l.number), put(l.column), put(l.section), put(l.header); }
    void put(const Suppression& s) { put(s.kind), put(s.reason); }
    void put(const FindingNote& n) {
        put(n.patient), put(n.date_of_service), put(n.kind), put(n.provider), put(n.credentials), put(n.payer), put(n.pseudonyms);
    }

    template <class T>
    void put(const std::optional<T>& value) {
        put(value.has_value());
        if (value) put(*value);
    }
    template <class T>
    void put(const std::vector<T>& values) {
        put(static_cast<long long>(values.size()));
        for (const T& v : values) put(v);
    }

private:
    std::string& out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}

    void get(long long& value) {
        std::uint64_t zigzag = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(take(1)[0]);
            zigzag |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) break;
        }
        value = static_cast<long long>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
    }
    void get(int& value) {
        long long wide = 0;
        get(wide);
        value = static_cast<int>(wide);
    }
    void get(bool& value) { value = take(1)[0] != '\0'; }
    void get(double& value) { std::memcpy(&value, take(sizeof value).data(), sizeof value); }
    void get(std::string& text) {
        long long size = 0;
        get(size);
        text.assign(take(static_cast<std::size_t>(size)));
    }
    template <class E>
    void get_enum(E& value) {
        int raw = 0;
        get(raw);
        value = static_cast<E>(raw);
    }
    void get(CivilDate& d) { get(d.year), get(d.month), get(d.day); }
    void get(Clock& c) { get(c.hour), get(c.minute), get(c.valid); }
    void get(Position& p) { get(p.line), get(p.column); }
    void get(Section& s) {
        get_enum(s.name), get(s.heading), get(s.line), get(s.first_line), get(s.last_line);
        get(s.empty), get(s.shares_next);
    }
    void get(Provider& p) { get(p.name), get(p.credentials), get(p.line); }
    void get(Diagnosis& d) { get(d.code), get_enum(d.shape), get(d.pos), get(d.carried); }
    void get(Amount& a) { get(a.value), get(a.unit); }
    void get(Timeframe& t) { get(t.value), get(t.unit), get(t.by); }
    void get(Goal& g) {
        get(g.text), get(g.pos), get(g.term), get(g.target), get(g.timeframe), get(g.measurable), get(g.functional);
    }
    void get(Measurement& m) {
        get(m.name), get(m.kind), get(m.value), get(m.value_high), get(m.unit), get(m.grade), get(m.pos);
        get(m.section), get(m.earlier);
    }
    void get(Intervention& i) {
        get(i.cpt), get(i.modifiers), get(i.minutes), get(i.units), get(i.timed), get(i.pos), get(i.line_text);
    }
    void get(Session& s) { get(s.start), get(s.stop), get(s.minutes), get(s.line); }
    void get(Frequency& f) { get(f.visits), get(f.per), get(f.line); }
    void get(Duration& d) { get(d.value), get(d.unit), get(d.end), get(d.line); }
    void get(Line& l) { get(l.text), get(l.number), get(l.column), get(l.section), get(l.header); }
    void get(Suppression& s) { get(s.kind), get(s.reason); }
    void get(FindingNote& n) {
        get(n.patient), get(n.date_of_service), get(n.kind), get(n.provider), get(n.credentials), get(n.payer), get(n.pseudonyms);
    }

    template <class T>
    void get(std::optional<T>& value) {
        bool present = false;
        get(present);
        if (!present) return value.reset();
        value.emplace();
        get(*value);
    }
    template <class T>
    void get(std::vector<T>& values) {
        long long size = 0;
        get(size);
        values.resize(static_cast<std::size_t>(size));
        for (T& v : values) get(v);
    }

    bool done() const { return in_.empty(); }

private:
    std::string_view take(std::size_t size) {
        if (size > in_.size()) throw std::runtime_error("note_codec: truncated note");
        const std::string_view part = in_.substr(0, size);
        in_.remove_prefix(size);
        return part;
    }
    std::string_view in_;
};

// One list of the note's fields, for both directions.
template <class Codec, class N>
    requires std::same_as<std::remove_const_t<N>, Note>
void each_field(Codec& c, N& n) {
    c(n.file), c(n.index), c(n.line), c(n.pointer), c(n.row), c(n.source), c.kind(n.kind), c(n.kind_from_title), c(n.generic_title), c(n.therapy);
    c(n.medical_legal), c(n.patient_id), c(n.patient_name), c(n.dob), c(n.date_of_service), c(n.date_line);
    c(n.payer), c(n.payer_text), c(n.payer_line), c(n.provider), c(n.unsigned_line), c(n.referral);
    c(n.referral_line), c(n.authorization), c(n.authorization_line), c(n.sections), c(n.diagnoses), c(n.goals);
    c(n.measurements), c(n.interventions), c(n.session), c(n.total_timed_minutes), c(n.total_timed_line);
    c(n.total_treatment_minutes), c(n.total_treatment_line), c(n.frequency), c(n.duration), c(n.lines);
    c(n.directives);
}

struct Encode {
    Writer& w;
    template <class T>
    void operator()(const T& value) { w.put(value); }
    void kind(NoteKind k) { w.put(static_cast<int>(k)); }
    void kind(Severity s) { w.put(static_cast<int>(s)); }
};

struct Decode {
    Reader& r;
    template <class T>
    void operator()(T& value) { r.get(value); }
    void kind(NoteKind& k) { r.get_enum(k); }
    void kind(Severity& s) { r.get_enum(s); }
};

// One list of a finding's fields, for both directions.
template <class Codec, class F>
    requires std::same_as<std::remove_const_t<F>, Finding>
void each_field(Codec& c, F& f) {
    c(f.rule), c(f.name), c.kind(f.severity), c(f.file), c(f.line), c(f.column), c(f.message), c(f.note_index);
    c(f.pointer), c(f.row), c(f.note), c(f.anchor), c(f.suppressed);
}

template <class T>
void encode(const T& value, std::string& out) {
    Writer writer(out);
    Encode codec{writer};
    each_field(codec, value);
}

template <class T>
T decode(std::string_view bytes) {
    T value;
    Reader reader(bytes);
    Decode codec{reader};
    each_field(codec, value);
    if (!reader.done()) throw std::runtime_error("note_codec: trailing bytes");
    return value;
}

}  // namespace

void encode_finding(const Finding& finding, std::string& out) { encode(finding, out); }
Finding decode_finding(std::string_view bytes) { return decode<Finding>(bytes); }
void encode_note(const Note& note, std::string& out) { encode(note, out); }
Note decode_note(std::string_view bytes) { return decode<Note>(bytes); }

}  // namespace soaplint
