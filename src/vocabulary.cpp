#include "vocabulary.hpp"

#include <algorithm>
#include <unordered_map>

#include "grammar/api.hpp"
#include "text.hpp"

namespace soaplint {

namespace {

// Which (length, first byte) pairs a table's keys have: most texts looked up name nothing, and
// this rejects them without hashing.
class KeyShapes {
public:
    template <class Map>
    explicit KeyShapes(const Map& map) {
        for (const auto& entry : map) {
            const std::string_view key = entry.first;
            if (key.empty()) has_empty_ = true;
            else if (key.size() >= kLongest) has_long_ = true;
            else shapes_[key.size()][static_cast<unsigned char>(key.front())] = true;
        }
    }
    bool may_hold(std::string_view key) const {
        if (key.empty()) return has_empty_;
        if (key.size() >= kLongest) return has_long_;
        return shapes_[key.size()][static_cast<unsigned char>(key.front())];
    }

private:
    static constexpr std::size_t kLongest = 64;
    bool shapes_[kLongest][256] = {};
    bool has_empty_ = false, has_long_ = false;
};

}  // namespace

std::string heading_key(std::string_view raw) {
    std::string key;
    heading_key_into(raw, key);
    return key;
}

void heading_key_into(std::string_view raw, std::string& key) {
    key.resize(raw.size());  // the key is never longer than the text
    char* const out = key.data();
    std::size_t n = 0;
    for (char c : raw) {
        if (c == '*' || c == '_' || c == '#' || c == ',') continue;
        if (c == ' ' || c == '\t') {
            if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
            continue;
        }
        out[n++] = ascii_lower(c);
    }
    key.resize(n);
    // `SUBJECTIVE ..........`: a dot leader after a heading.
    if (key.size() > 4 && key.compare(key.size() - 3, 3, "...") == 0)
        while (!key.empty() && (key.back() == '.' || key.back() == ' ')) key.pop_back();
    while (!key.empty() && (key.back() == ' ' || key.back() == '-')) key.pop_back();
}

// ---------------------------------------------------------------------------------------------
// Section headings, as charting systems print them (WebPT, Jane, SimplePractice, Raintree,
// ClinicSource, ChiroTouch, Epic Rehab, ReDoc, TheraOffice, MTSamples transcriptions).

const HeadingMeaning* heading_meaning(std::string_view key) {
    using S = SectionName;
    static const std::unordered_map<std::string_view, HeadingMeaning> headings = {
        // Subjective
        {"subjective", {S::subjective, true, nullptr}}, {"s", {S::subjective, true, nullptr}},
        {"subjective complaints", {S::subjective, true, nullptr}}, {"subjective findings", {S::subjective, true, nullptr}},
        {"subjective report", {S::subjective, true, nullptr}}, {"subjective information", {S::subjective, true, nullptr}},
        {"patient report", {S::subjective, true, nullptr}}, {"client report", {S::subjective, true, nullptr}},
        {"subjective/history", {S::subjective, true, nullptr}}, {"patient reports", {S::subjective, true, nullptr}},
        {"client feedback", {S::subjective, true, nullptr}}, {"subjective data", {S::subjective, true, nullptr}},
        {"current complaints", {S::subjective, true, nullptr}}, {"presenting complaints", {S::subjective, true, nullptr}},
        {"complaints", {S::subjective, true, nullptr}},
        // Objective
        {"objective", {S::objective, true, nullptr}}, {"o", {S::objective, true, nullptr}},
        {"objective findings", {S::objective, true, nullptr}}, {"objective data", {S::objective, true, nullptr}},
        {"objective measures", {S::objective, true, nullptr}}, {"objective measurements", {S::objective, true, nullptr}},
        {"objective exam", {S::objective, true, nullptr}}, {"objective examination", {S::objective, true, nullptr}},
        {"physical exam", {S::objective, true, nullptr}}, {"physical examination", {S::objective, true, nullptr}},
        {"exam", {S::objective, true, nullptr}}, {"examination", {S::objective, true, nullptr}},
        {"exam findings", {S::objective, true, nullptr}}, {"examination findings", {S::objective, true, nullptr}},
        {"tests and measures", {S::objective, true, nullptr}}, {"tests & measures", {S::objective, true, nullptr}},
        {"test and measures", {S::objective, true, nullptr}}, {"tests/measures", {S::objective, true, nullptr}},
        {"clinical findings", {S::objective, true, nullptr}}, {"objective tests", {S::objective, true, nullptr}},
        {"measurements", {S::objective, true, nullptr}}, {"outcome measures", {S::objective, true, nullptr}},
        {"palpation findings", {S::objective, true, nullptr}}, {"observation", {S::objective, true, nullptr}},
        {"objective/exam", {S::objective, true, nullptr}}, {"standardized assessment", {S::objective, true, nullptr}},
        {"standardized assessments", {S::objective, true, nullptr}}, {"standardized tests", {S::objective, true, nullptr}},
        {"standardized testing", {S::objective, true, nullptr}},
        // Assessment
        {"assessment", {S::assessment, true, nullptr}}, {"a", {S::assessment, true, nullptr}},
        {"clinical assessment", {S::assessment, true, nullptr}}, {"impression", {S::assessment, true, nullptr}},
        {"clinical impression", {S::assessment, true, nullptr}}, {"therapist assessment", {S::assessment, true, nullptr}},
        {"assessment summary", {S::assessment, true, nullptr}}, {"clinical reasoning", {S::assessment, true, nullptr}},
        {"summary of progress", {S::assessment, true, nullptr}}, {"progress summary", {S::assessment, true, nullptr}},
        {"response to treatment", {S::assessment, true, nullptr}}, {"goal progress", {S::assessment, true, nullptr}},
        {"progress toward goals", {S::assessment, true, nullptr}}, {"progress towards goals", {S::assessment, true, nullptr}},
        {"status of goals", {S::assessment, true, nullptr}}, {"assessment/progress", {S::assessment, true, nullptr}},
        // Plan
        {"plan", {S::plan, true, nullptr}}, {"p", {S::plan, true, nullptr}},
        {"treatment plan", {S::plan, true, nullptr}}, {"plan of care", {S::plan, true, nullptr}},
        {"poc", {S::plan, true, nullptr}}, {"plan of treatment", {S::plan, true, nullptr}},
        {"recommendations", {S::plan, true, nullptr}}, {"recommendation", {S::plan, true, nullptr}},
        {"session plan", {S::plan, true, nullptr}}, {"therapy plan", {S::plan, true, nullptr}},
        {"rehab plan", {S::plan, true, nullptr}}, {"rehabilitation plan", {S::plan, true, nullptr}},
        {"care plan", {S::plan, true, nullptr}}, {"discharge plan", {S::plan, true, nullptr}},
        {"plan for next visit", {S::plan, true, nullptr}}, {"plan for next session", {S::plan, true, nullptr}},
        {"updated plan of care", {S::plan, true, nullptr}}, {"plan/recommendations", {S::plan, true, nullptr}},
        // Goals
        {"goals", {S::goals, true, nullptr}}, {"goal", {S::goals, true, nullptr}},
        {"functional goals", {S::goals, true, nullptr}}, {"treatment goals", {S::goals, true, nullptr}},
        {"therapy goals", {S::goals, true, nullptr}}, {"rehab goals", {S::goals, true, nullptr}},
        {"rehabilitation goals", {S::goals, true, nullptr}}, {"pt goals", {S::goals, true, nullptr}},
        {"ot goals", {S::goals, true, nullptr}}, {"pt/ot goals", {S::goals, true, nullptr}},
        {"patient goals", {S::goals, true, nullptr}}, {"client goals", {S::goals, true, nullptr}},
        {"anticipated goals", {S::goals, true, nullptr}}, {"expected outcomes", {S::goals, true, nullptr}},
        {"functional outcomes", {S::goals, true, nullptr}}, {"goals/outcomes", {S::goals, true, nullptr}},
        {"anticipated goals and expected outcomes", {S::goals, true, nullptr}}, {"session goals", {S::goals, true, nullptr}},
        {"goals of treatment", {S::goals, true, nullptr}}, {"treatment goal", {S::goals, true, nullptr}},
        {"therapy goal", {S::goals, true, nullptr}}, {"session goal", {S::goals, true, nullptr}}, {"measurable goals", {S::goals, true, nullptr}},
        {"short term goals", {S::goals, true, "short"}}, {"short-term goals", {S::goals, true, "short"}},
        {"short term goal", {S::goals, true, "short"}}, {"short-term goal", {S::goals, true, "short"}},
        {"stg", {S::goals, true, "short"}}, {"stgs", {S::goals, true, "short"}}, {"stg's", {S::goals, true, "short"}},
        {"long term goals", {S::goals, true, "long"}}, {"long-term goals", {S::goals, true, "long"}},
        {"long term goal", {S::goals, true, "long"}}, {"long-term goal", {S::goals, true, "long"}},
        {"ltg", {S::goals, true, "long"}}, {"ltgs", {S::goals, true, "long"}}, {"ltg's", {S::goals, true, "long"}},
        // Treatment given today
        {"treatment", {S::treatment, true, nullptr}}, {"treatments", {S::treatment, true, nullptr}},
        {"interventions", {S::treatment, true, nullptr}}, {"intervention", {S::treatment, true, nullptr}},
        {"treatment provided", {S::treatment, true, nullptr}}, {"treatment performed", {S::treatment, true, nullptr}},
        {"treatment today", {S::treatment, true, nullptr}}, {"today's treatment", {S::treatment, true, nullptr}},
        {"services provided", {S::treatment, true, nullptr}}, {"skilled interventions", {S::treatment, true, nullptr}},
        {"procedures", {S::treatment, true, nullptr}}, {"procedures performed", {S::treatment, true, nullptr}},
        {"services", {S::treatment, true, nullptr}}, {"services rendered", {S::treatment, true, nullptr}},
        {"treatment rendered", {S::treatment, true, nullptr}}, {"interventions performed", {S::treatment, true, nullptr}},
        {"therapeutic interventions", {S::treatment, true, nullptr}}, {"modalities", {S::treatment, true, nullptr}},
        {"treatment/interventions", {S::treatment, true, nullptr}}, {"session details", {S::treatment, true, nullptr}},
        {"treatment details", {S::treatment, true, nullptr}}, {"techniques used", {S::treatment, true, nullptr}},
        {"exercise flowsheet", {S::treatment, true, nullptr}},
        // Billing
        {"billing", {S::billing, true, nullptr}}, {"charges", {S::billing, true, nullptr}},
        {"cpt", {S::billing, true, nullptr}}, {"cpt codes", {S::billing, true, nullptr}},
        {"codes billed", {S::billing, true, nullptr}}, {"billing codes", {S::billing, true, nullptr}},
        {"services billed", {S::billing, true, nullptr}}, {"billed services", {S::billing, true, nullptr}},
        {"billing information", {S::billing, true, nullptr}}, {"billing summary", {S::billing, true, nullptr}},
        {"charge summary", {S::billing, true, nullptr}}, {"charge capture", {S::billing, true, nullptr}},
        {"superbill", {S::billing, true, nullptr}}, {"procedure codes", {S::billing, true, nullptr}},
        {"coding", {S::billing, true, nullptr}}, {"billing/coding", {S::billing, true, nullptr}},
        {"timed code treatment", {S::billing, true, nullptr}}, {"cpt/billing", {S::billing, true, nullptr}},
        // Diagnosis and history (not top level: they never close an S/O/A/P section)
        {"diagnosis", {S::diagnosis, false, nullptr}}, {"diagnoses", {S::diagnosis, false, nullptr}},
        {"dx", {S::diagnosis, false, nullptr}}, {"treatment diagnosis", {S::diagnosis, false, nullptr}},
        {"medical diagnosis", {S::diagnosis, false, nullptr}}, {"referral diagnosis", {S::diagnosis, false, nullptr}},
        {"diagnosis codes", {S::diagnosis, false, nullptr}}, {"icd-10", {S::diagnosis, false, nullptr}},
        {"icd-10 codes", {S::diagnosis, false, nullptr}}, {"diagnosis/icd-10", {S::diagnosis, false, nullptr}},
        {"treating diagnosis", {S::diagnosis, false, nullptr}}, {"diagnoses/icd-10", {S::diagnosis, false, nullptr}},
        {"history", {S::history, false, nullptr}}, {"history of present illness", {S::history, false, nullptr}},
        {"hpi", {S::history, false, nullptr}}, {"past medical history", {S::history, false, nullptr}},
        {"pmh", {S::history, false, nullptr}}, {"chief complaint", {S::history, false, nullptr}},
        {"medical history", {S::history, false, nullptr}}, {"history of present condition", {S::history, false, nullptr}},
        {"mechanism of injury", {S::history, false, nullptr}}, {"prior level of function", {S::history, false, nullptr}},
        {"plof", {S::history, false, nullptr}}, {"social history", {S::history, false, nullptr}},
        {"presenting condition", {S::history, false, nullptr}}, {"presenting complaint", {S::history, false, nullptr}},
        {"history of presenting condition", {S::history, false, nullptr}}, {"reason for referral", {S::history, false, nullptr}},
    };
    static const KeyShapes shapes(headings);
    if (!shapes.may_hold(key)) return nullptr;
    const auto it = headings.find(key);
    return it == headings.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------------------
// Header-field labels

std::optional<Field> field_meaning(std::string_view key) {
    using F = Field;
    static const std::unordered_map<std::string_view, Field> fields = {
        {"patient", F::patient}, {"patient name", F::patient}, {"client", F::patient}, {"client name", F::patient},
        {"name", F::patient}, {"pt name", F::patient}, {"member name", F::patient}, {"pt", F::patient},
        {"patient id", F::patient_id}, {"patient #", F::patient_id}, {"mrn", F::patient_id},
        {"client id", F::patient_id}, {"medical record number", F::patient_id}, {"medical record #", F::patient_id},
        {"chart #", F::patient_id}, {"chart", F::patient_id}, {"chart no", F::patient_id}, {"id", F::patient_id},
        {"acct #", F::patient_id}, {"acct", F::patient_id}, {"account #", F::patient_id},
        {"account", F::patient_id}, {"account number", F::patient_id}, {"patient account", F::patient_id},
        {"pt id", F::patient_id}, {"pt #", F::patient_id}, {"client #", F::patient_id}, {"mrn #", F::patient_id},
        {"dob", F::dob}, {"d.o.b.", F::dob}, {"d.o.b", F::dob}, {"date of birth", F::dob}, {"birth date", F::dob},
        {"birthdate", F::dob},
        {"date of service", F::date_of_service}, {"dos", F::date_of_service}, {"date", F::date_of_service},
        {"visit date", F::date_of_service}, {"service date", F::date_of_service},
        {"date of visit", F::date_of_service}, {"treatment date", F::date_of_service},
        {"date of treatment", F::date_of_service}, {"date of evaluation", F::date_of_service},
        {"evaluation date", F::date_of_service}, {"date of eval", F::date_of_service},
        {"eval date", F::date_of_service}, {"date of exam", F::date_of_service}, {"date of examination", F::date_of_service},
        {"examination date", F::date_of_service}, {"exam date", F::date_of_service},
        {"session date", F::date_of_service}, {"visit dt", F::date_of_service}, {"svc date", F::date_of_service},
        {"date of svc", F::date_of_service}, {"service dt", F::date_of_service}, {"dos/time", F::date_of_service}, {"appointment date", F::date_of_service},
        {"appointment", F::date_of_service}, {"appt", F::date_of_service}, {"encounter", F::date_of_service},
        {"visit", F::date_of_service}, {"discharge", F::date_of_service},  // `Visit ...... 11/03/2026 3:20 PM` (a visit count names no date)
        {"appt date", F::date_of_service}, {"encounter date", F::date_of_service},
        {"date of encounter", F::date_of_service}, {"date of session", F::date_of_service},
        {"date of re-evaluation", F::date_of_service}, {"re-evaluation date", F::date_of_service},
        {"date of discharge", F::date_of_service}, {"discharge date", F::date_of_service},
        {"report date", F::date_of_service}, {"date of report", F::date_of_service},
        {"progress report date", F::date_of_service}, {"date of progress report", F::date_of_service},
        {"provider", F::provider}, {"therapist", F::provider}, {"treating therapist", F::provider},
        {"clinician", F::provider}, {"rendering provider", F::provider}, {"treating provider", F::provider},
        {"physical therapist", F::provider}, {"massage therapist", F::provider},
        {"occupational therapist", F::provider}, {"treating clinician", F::provider},
        {"attending therapist", F::provider}, {"practitioner", F::provider}, {"chiropractor", F::provider},
        {"treating chiropractor", F::provider}, {"provider name", F::provider}, {"therapist name", F::provider},
        {"seen by", F::provider}, {"performed by", F::provider}, {"rendering", F::provider},
        {"treating physician", F::provider}, {"doctor", F::provider},
        {"treating doctor", F::provider}, {"discharging therapist", F::provider},
        {"treating pt", F::provider}, {"treating ot", F::provider}, {"treating pta", F::provider},
        {"treating slp", F::provider}, {"treating dc", F::provider}, {"treating lmt", F::provider}, {"rendering clinician", F::provider},
        {"attending", F::referral}, {"attending physician", F::referral}, {"examiner", F::provider}, {"evaluating therapist", F::provider},
        {"signed", F::signature}, {"signature", F::signature}, {"signed by", F::signature},
        {"electronically signed by", F::signature}, {"therapist signature", F::signature},
        {"provider signature", F::signature}, {"electronically signed", F::signature},
        {"e-signed", F::signature}, {"signed electronically", F::signature}, {"e-signed by", F::signature}, {"signed electronically by", F::signature},
        {"cosigned by", F::cosigner}, {"co-signed by", F::cosigner}, {"cosigner", F::cosigner},
        {"co-signer", F::cosigner}, {"supervising therapist", F::cosigner}, {"supervising pt", F::cosigner},
        {"payer", F::payer}, {"payor", F::payer}, {"insurance", F::payer}, {"insurer", F::payer},
        {"primary insurance", F::payer}, {"insurance carrier", F::payer}, {"carrier", F::payer},
        {"primary payer", F::payer}, {"primary payor", F::payer}, {"ins", F::payer}, {"insurance plan", F::payer},
        {"insurance company", F::payer}, {"health plan", F::payer}, {"coverage", F::payer}, {"primary", F::payer},
        {"financial class", F::payer}, {"primary ins", F::payer}, {"plan/payer", F::payer},
        {"secondary insurance", F::secondary_payer}, {"secondary", F::secondary_payer},
        {"secondary payer", F::secondary_payer}, {"secondary ins", F::secondary_payer},
        {"referring physician", F::referral}, {"referral", F::referral}, {"rx", F::referral},
        {"referred by", F::referral}, {"referring provider", F::referral}, {"referring md", F::referral},
        {"prescription", F::referral}, {"prescribing physician", F::referral}, {"referral source", F::referral},
        {"referring", F::referral}, {"ordering provider", F::referral}, {"ordering physician", F::referral},
        {"referring doctor", F::referral}, {"rx from", F::referral}, {"physician", F::referral},
        {"referring dr", F::referral}, {"ref", F::referral}, {"ref md", F::referral},
        {"authorization", F::authorization}, {"auth #", F::authorization}, {"auth", F::authorization},
        {"authorization #", F::authorization}, {"authorization number", F::authorization},
        {"auth number", F::authorization}, {"auth no", F::authorization}, {"prior authorization", F::authorization},
        {"prior auth", F::authorization}, {"prior auth #", F::authorization}, {"pa #", F::authorization},
        {"pre-auth", F::authorization}, {"pre-auth #", F::authorization}, {"precert", F::authorization},
        {"precert #", F::authorization}, {"authorization no", F::authorization}, {"auth no.", F::authorization},
        {"note type", F::note_type}, {"visit type", F::note_type}, {"type of note", F::note_type},
        {"document type", F::note_type}, {"encounter type", F::note_type}, {"appointment type", F::note_type},
        {"type of visit", F::note_type}, {"note template", F::note_type}, {"template", F::note_type}, {"note", F::note_type}, {"appt type", F::note_type},
    };
    static const KeyShapes shapes(fields);
    if (!shapes.may_hold(key)) return std::nullopt;
    const auto it = fields.find(key);
    if (it == fields.end()) return std::nullopt;
    return it->second;
}

// ---------------------------------------------------------------------------------------------
// Table column headers

const char* to_string(ColumnRole role) {
    switch (role) {
        case ColumnRole::none: return "none";
        case ColumnRole::code: return "code";
        case ColumnRole::modifier: return "modifier";
        case ColumnRole::description: return "description";
        case ColumnRole::minutes: return "minutes";
        case ColumnRole::units: return "units";
        case ColumnRole::charge: return "charge";
        case ColumnRole::diagnosis_pointer: return "diagnosis_pointer";
        case ColumnRole::goal: return "goal";
        case ColumnRole::term: return "term";
        case ColumnRole::timeframe: return "timeframe";
        case ColumnRole::target: return "target";
        case ColumnRole::baseline: return "baseline";
        case ColumnRole::current: return "current";
        case ColumnRole::status: return "status";
        case ColumnRole::right: return "right";
        case ColumnRole::left: return "left";
        case ColumnRole::measure: return "measure";
        case ColumnRole::date: return "date";
    }
    return "none";
}

ColumnRole column_meaning(std::string_view header) {
    using C = ColumnRole;
    static const std::unordered_map<std::string_view, ColumnRole> columns = {
        {"code", C::code}, {"cpt", C::code}, {"cpt code", C::code}, {"hcpcs", C::code}, {"cpt/hcpcs", C::code},
        {"hcpcs/cpt", C::code}, {"procedure code", C::code}, {"proc", C::code}, {"proc code", C::code},
        {"service code", C::code}, {"cpt #", C::code}, {"billing code", C::code}, {"cpt/mod", C::code},
        {"mod", C::modifier}, {"mods", C::modifier}, {"modifier", C::modifier}, {"modifiers", C::modifier},
        {"mod(s)", C::modifier}, {"mod 1", C::modifier}, {"mod1", C::modifier},
        {"description", C::description}, {"desc", C::description}, {"service", C::description},
        {"procedure", C::description}, {"treatment", C::description}, {"intervention", C::description},
        {"services", C::description}, {"service description", C::description}, {"procedure description", C::description},
        {"interventions", C::description}, {"activity", C::description}, {"exercise", C::description},
        {"technique", C::description}, {"techniques", C::description}, {"area treated", C::description},
        {"min", C::minutes}, {"mins", C::minutes}, {"minutes", C::minutes}, {"time", C::minutes},
        {"time (min)", C::minutes}, {"time(min)", C::minutes}, {"min(s)", C::minutes}, {"time (mins)", C::minutes}, {"mins.", C::minutes}, {"duration", C::minutes}, {"min.", C::minutes},
        {"timed min", C::minutes}, {"total", C::minutes}, {"timed mins", C::minutes}, {"total min", C::minutes}, {"minutes (timed)", C::minutes},
        {"time spent", C::minutes}, {"treatment time", C::minutes}, {"tx min", C::minutes}, {"tx time", C::minutes},
        {"units", C::units}, {"unit", C::units}, {"qty", C::units}, {"quantity", C::units}, {"# units", C::units},
        {"billed units", C::units}, {"units billed", C::units}, {"u", C::units}, {"unit(s)", C::units},
        {"units (15 min)", C::units}, {"# of units", C::units}, {"qty.", C::units},
        {"charge", C::charge}, {"charges", C::charge}, {"fee", C::charge}, {"amount", C::charge},
        {"$", C::charge}, {"price", C::charge}, {"total charge", C::charge}, {"billed", C::charge},
        {"dx", C::diagnosis_pointer}, {"dx ptr", C::diagnosis_pointer}, {"dx pointer", C::diagnosis_pointer},
        {"diag", C::diagnosis_pointer}, {"dx code", C::diagnosis_pointer}, {"icd", C::diagnosis_pointer},
        {"icd-10", C::diagnosis_pointer}, {"diag ptr", C::diagnosis_pointer}, {"pointer", C::diagnosis_pointer},
        {"goal", C::goal}, {"goals", C::goal}, {"goal description", C::goal}, {"short term goals", C::goal},
        {"long term goals", C::goal}, {"functional goal", C::goal}, {"functional goals", C::goal},
        {"treatment goal", C::goal},
        {"term", C::term}, {"type", C::term}, {"stg/ltg", C::term},
        {"timeframe", C::timeframe}, {"time frame", C::timeframe}, {"target date", C::timeframe},
        {"due", C::timeframe}, {"due date", C::timeframe}, {"expected date", C::timeframe},
        {"goal date", C::timeframe}, {"by", C::timeframe}, {"target dt", C::timeframe}, {"est. date", C::timeframe},
        {"anticipated date", C::timeframe}, {"expected by", C::timeframe}, {"to be met by", C::timeframe},
        {"target", C::target}, {"goal level", C::target}, {"target value", C::target}, {"expected", C::target},
        {"baseline", C::baseline}, {"initial", C::baseline}, {"initial eval", C::baseline}, {"eval", C::baseline},
        {"at eval", C::baseline}, {"ie", C::baseline}, {"prior", C::baseline}, {"previous", C::baseline},
        {"evaluation", C::baseline}, {"initial evaluation", C::baseline}, {"last visit", C::baseline},
        {"start of care", C::baseline}, {"soc", C::baseline}, {"pre", C::baseline},
        {"current", C::current}, {"today", C::current}, {"this visit", C::current}, {"now", C::current},
        {"current status", C::current}, {"current level", C::current}, {"post", C::current},
        {"re-eval", C::current}, {"progress", C::current}, {"current value", C::current}, {"result", C::current},
        {"results", C::current}, {"value", C::current}, {"finding", C::current}, {"findings", C::current},
        {"status", C::status}, {"goal status", C::status}, {"met?", C::status}, {"met", C::status},
        {"right", C::right}, {"r", C::right}, {"rt", C::right}, {"(r)", C::right}, {"right side", C::right},
        {"rue", C::right}, {"rle", C::right},
        {"left", C::left}, {"l", C::left}, {"lt", C::left}, {"(l)", C::left}, {"left side", C::left},
        {"lue", C::left}, {"lle", C::left},
        {"measure", C::measure}, {"test", C::measure}, {"motion", C::measure}, {"movement", C::measure},
        {"joint", C::measure}, {"rom", C::measure}, {"muscle", C::measure}, {"outcome", C::measure},
        {"outcome measure", C::measure}, {"measurement", C::measure}, {"item", C::measure}, {"parameter", C::measure},
        {"arom", C::measure}, {"prom", C::measure}, {"strength", C::measure}, {"mmt", C::measure},
        {"test/measure", C::measure}, {"special test", C::measure}, {"region", C::measure}, {"muscle group", C::measure},
        {"rom (deg)", C::measure}, {"arom (deg)", C::measure}, {"prom (deg)", C::measure}, {"measures", C::measure},
        {"flowsheet", C::measure}, {"assessment", C::measure}, {"tests", C::measure}, {"rom/strength", C::measure},
    };
    std::string key = heading_key(header);
    while (!key.empty() && (key.back() == ':' || key.back() == '.')) key.pop_back();
    static const KeyShapes shapes(columns);
    if (shapes.may_hold(key))
        if (const auto it = columns.find(key); it != columns.end()) return it->second;
    // `R (inv)`, `AROM (degrees)`, `06/17 (eval)`: the header without its note in parentheses.
    if (const auto open = key.find(" ("); open != std::string::npos && open > 0) {
        const auto close = key.find(')', open);
        std::string bare = key.substr(0, open) + (close == std::string::npos ? "" : key.substr(close + 1));
        while (!bare.empty() && bare.back() == ' ') bare.pop_back();
        if (const ColumnRole role = column_meaning(bare); role != C::none) return role;
    }
    // `R AROM`, `L PROM`, `Rt`: a side's column.
    for (std::string_view side : {"r ", "rt ", "right "})
        if (key.rfind(side, 0) == 0 && key.size() <= side.size() + 5) return C::right;
    for (std::string_view side : {"l ", "lt ", "left "})
        if (key.rfind(side, 0) == 0 && key.size() <= side.size() + 5) return C::left;
    // Flowsheet columns are visit dates: `03/02`, `3/9/26`, `2026-03-16`, `IE 02/23`.
    if (const auto space = key.rfind(' '); space != std::string::npos && space + 1 < key.size() &&
                                             column_meaning(key.substr(space + 1)) == C::date)
        return C::date;
    if (grammar::parse_date(key)) return C::date;
    const auto slash = key.find('/');
    if (slash != std::string::npos && slash >= 1 && slash <= 2 && key.size() - slash - 1 >= 1 && key.size() - slash - 1 <= 2 &&
        std::all_of(key.begin(), key.end(), [](char c) { return (c >= '0' && c <= '9') || c == '/'; }))
        return C::date;
    return C::none;
}

}  // namespace soaplint
