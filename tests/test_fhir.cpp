// HL7 FHIR R4 input (issue 10, item 2): Bundles, NDJSON bulk exports and single resources read
// into the note model; the same therapy episode as FHIR and as text notes gives the same findings.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include "golden.hpp"
#include "src/engine.hpp"
#include "src/fhir_reader.hpp"
#include "src/profile.hpp"
#include "src/reader.hpp"

namespace fs = std::filesystem;
using namespace soaplint;
using namespace soaplint::test;

namespace {

const fs::path kSource = SOAPLINT_SOURCE_DIR;
const fs::path kFixtures = kSource / "fixtures" / "structured" / "fhir";
const fs::path kShared = kSource / ".." / "shared" / "data" / "fhir";

FileResult read_fixture(const fs::path& path) { return parse_bytes(path.string(), read_file(path)); }

std::string errors_of(const FileResult& file) {
    std::ostringstream out;
    for (const InputError& e : file.errors) out << e.file << ":" << e.line << ":" << e.column << " " << e.pointer << " " << e.message << "\n";
    return out.str();
}

boost::json::object parse_object(const fs::path& path) { return boost::json::parse(read_file(path)).as_object(); }

// Findings of the files as `check` makes them: payers resolved, every rule run.
std::vector<Finding> check_files(std::vector<FileResult> files) {
    const ProfileSet profiles = load_profiles({});
    resolve_payers(files, profiles, std::nullopt);
    return run_checks(files, profiles, CheckOptions{});
}

// What a finding says about its note, without where: the same episode written two ways gives
// the same rule and message on the same visit, at lines that differ by design.
std::multiset<std::string> findings_by_visit(const std::vector<FileResult>& files) {
    std::multiset<std::string> out;
    for (const Finding& f : check_files(files)) {
        const FileResult& file = *std::find_if(files.begin(), files.end(), [&](const FileResult& r) { return r.file == f.file; });
        const Note& note = file.notes.at(static_cast<std::size_t>(f.note_index));
        out.insert((note.date_of_service ? note.date_of_service->iso() : "?") + " " + f.rule + " " + f.message);
    }
    return out;
}

std::vector<fs::path> shared_files() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(kShared)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".json" || ext == ".ndjson")) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

// ---- text inside resources ----------------------------------------------------------------------

TEST_CASE("FHIR base64 attachments decode and bad data is refused with a reason") {
    std::string out, error;
    CHECK(fhir::decode_base64("RGFpbHkgTm90ZQ==", out, error));
    CHECK(out == "Daily Note");
    CHECK(fhir::decode_base64("RGFp\nbHkg\r\nTm90ZQ", out, error));  // wrapped, padding left off
    CHECK(out == "Daily Note");
    CHECK_FALSE(fhir::decode_base64("RGFp*bHk=", out, error));
    CHECK(error.find("'*' at character 5") != std::string::npos);
    CHECK_FALSE(fhir::decode_base64("RGFpb", out, error));
    CHECK_FALSE(fhir::decode_base64("RG==Fp", out, error));
}

TEST_CASE("FHIR narrative XHTML becomes plain lines") {
    CHECK(fhir::xhtml_to_text("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Pain 4/10 &amp; stiff</p><p>AROM 105&#176;</p></div>") ==
          "Pain 4/10 & stiff\nAROM 105\xC2\xB0");
    CHECK(fhir::xhtml_to_text("<div>a<br/>b<ul><li>one</li><li>two</li></ul></div>") == "a\nb\n- one\n- two");
    CHECK(fhir::xhtml_to_text("<table><tr><td>Flexion</td><td>120</td></tr></table>") == "Flexion  120");
    CHECK(fhir::xhtml_to_text("<p>  many\n\t spaces  </p>") == "many spaces");
    CHECK(fhir::xhtml_to_text("<style>p{x:1}</style><script>var a = '<p>';</script><!-- 97140 --><p>kept</p>") == "kept");
    CHECK(fhir::xhtml_to_text("<pre>line 1\n  line 2</pre>") == "line 1\n  line 2");
    CHECK(fhir::xhtml_to_text("pain < 3/10 &unknown; &#0; <a title=\"x>y\">link</a>") == "pain < 3/10 &unknown; \xEF\xBF\xBD link");
    CHECK(fhir::xhtml_to_text("<p unterminated") == "");
}

TEST_CASE("FHIR resource lines are found in a pretty-printed document") {
    const std::string text = "{\n \"resourceType\": \"Bundle\",\n \"entry\": [\n  {\"fullUrl\": \"a\",\n   \"resource\":\n"
                             "   {\"resourceType\": \"Patient\", \"contained\": [\n {\"id\": \"x\"}]}},\n  {\"resource\": {\"k\": \"}\\\"{\"}}\n ]\n}";
    const auto lines = fhir::resource_lines(text);
    CHECK(lines.at("") == 1);
    CHECK(lines.at("/entry/0/resource") == 6);
    CHECK(lines.at("/entry/0/resource/contained/0") == 7);
    CHECK(lines.at("/entry/1/resource") == 8);
    CHECK(fhir::resource_lines("{\"resourceType\": \"Patient\"}").empty());
}

// ---- the shared examples --------------------------------------------------------------------------

TEST_CASE("FHIR shared examples and the Synthea export read without error") {
    if (!fs::is_directory(kShared)) {
        MESSAGE("skipped: " << kShared << " is absent");
        return;
    }
    int files = 0, notes = 0;
    std::vector<FileResult> results;
    for (const fs::path& path : shared_files()) {
        results.push_back(read_fixture(path));
        INFO(path);
        CHECK(errors_of(results.back()) == "");
        CHECK((results.back().notes.empty() == !results.back().empty_reason.empty()));
        ++files;
        notes += static_cast<int>(results.back().notes.size());
    }
    CHECK(files == 43);
    CHECK(notes >= 1215);  // every Synthea DocumentReference is a note
    // Nothing is found inside base64 or markup: no code, measurement or time made of encoded bytes.
    for (const Finding& f : check_files(std::move(results))) {
        INFO(f.file << ":" << f.line << " " << f.rule << " " << f.message);
        CHECK(f.rule != "D002");
        CHECK(f.rule != "D003");
        CHECK(f.rule != "O003");
        CHECK(f.rule != "T002");
    }
}

TEST_CASE("FHIR spec examples: what soaplint extracts from each") {
    const fs::path dir = kShared / "r4-spec-examples";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: " << dir << " is absent");
        return;
    }
    SUBCASE("procedure-example-physical-therapy: the PT performer and the date; SNOMED codes bill nothing") {
        const Note n = fhir::resource_facts(parse_object(dir / "procedure-example-physical-therapy.json"));
        REQUIRE(n.provider);
        CHECK(n.provider->name == "Paul Therapist");
        CHECK(n.provider->credentials == std::vector<std::string>{"PT"});
        CHECK(n.date_of_service->iso() == "2016-09-27");
        CHECK(n.interventions.empty());
    }
    SUBCASE("observation-example: body weight 185 [lb_av] is a weight in lb") {
        const Note n = fhir::resource_facts(parse_object(dir / "observation-example.json"));
        REQUIRE(n.measurements.size() == 1);
        CHECK(n.measurements[0].name == "body weight");
        CHECK(n.measurements[0].value == 185);
        CHECK(n.measurements[0].unit == "lb");
        CHECK(n.measurements[0].kind == "weight");
    }
    SUBCASE("goal-example: the description read as a goal line (160 to 180 lbs: 180 lb) due 2016-04-05") {
        const Note n = fhir::resource_facts(parse_object(dir / "goal-example.json"));
        REQUIRE(n.goals.size() == 1);
        const Goal& g = n.goals[0];
        CHECK(g.text == "Target weight is 160 to 180 lbs.");
        REQUIRE(g.target);
        CHECK(g.target->value == 180);
        CHECK(g.target->unit == "lb");
        REQUIRE(g.timeframe);
        CHECK(g.timeframe->by->iso() == "2016-04-05");
        CHECK(g.measurable);
    }
    SUBCASE("careplan-example: daily activity until the plan's end") {
        const Note n = fhir::resource_facts(parse_object(dir / "careplan-example.json"));
        REQUIRE(n.frequency);
        CHECK(n.frequency->visits == 1);
        CHECK(n.frequency->per == "day");
        REQUIRE(n.duration);
        CHECK(n.duration->end->iso() == "2017-06-01");
    }
    SUBCASE("encounter-example-home: the visit's date and its 30-minute session") {
        const Note n = fhir::resource_facts(parse_object(dir / "encounter-example-home.json"));
        CHECK(n.date_of_service->iso() == "2015-01-17");
        CHECK(n.session.start->hhmm() == "16:00");
        CHECK(n.session.stop->hhmm() == "16:30");
        CHECK(n.session.minutes == 30);
    }
    SUBCASE("composition-example: one note of its sections, signed by its attester") {
        const FileResult file = read_fixture(dir / "composition-example.json");
        CHECK(errors_of(file) == "");
        REQUIRE(file.notes.size() == 1);
        const Note& n = file.notes[0];
        CHECK(n.pointer == "/");
        CHECK(n.line == 1);
        CHECK(n.provider->name == "Harold Hippocrates");
        CHECK(n.provider->credentials == std::vector<std::string>{"MD"});
        CHECK(n.date_of_service->iso() == "2012-01-04");
        CHECK(n.patient_name == "Henry Levin the 7th");
        CHECK(n.lines.front().text == "Consultation Note");
        CHECK(std::any_of(n.lines.begin(), n.lines.end(), [](const Line& l) { return l.text == "History of family member diseases - not available"; }));
    }
    SUBCASE("a single resource that makes no note says why") {
        const FileResult file = read_fixture(dir / "goal-example.json");
        CHECK(file.notes.empty());
        CHECK(file.errors.empty());
        CHECK(file.empty_reason.find("FHIR resources but no note") == 0);
    }
}

// ---- the project's own fixtures ----------------------------------------------------------------

TEST_CASE("FHIR document Bundle: narrative read, structure joined by urn:uuid and URL and contained references") {
    const FileResult file = read_fixture(kFixtures / "document-bundle.json");
    CHECK(errors_of(file) == "");
    REQUIRE(file.notes.size() == 1);
    const Note& n = file.notes[0];
    CHECK(n.pointer == "/entry/0/resource");
    CHECK(n.line == 8);  // where the Composition's object opens
    CHECK(n.kind == NoteKind::daily);
    CHECK(n.patient_id == "88-1234");
    CHECK(n.dob->iso() == "1990-07-30");
    CHECK(n.date_of_service->iso() == "2026-04-12");
    CHECK(n.provider->name == "Robin Lee");
    CHECK(n.provider->credentials == std::vector<std::string>{"PTA"});  // contained `#pta`, NUCC taxonomy
    CHECK(n.payer_text == "Blue Cross Blue Shield of Illinois");
    CHECK(n.authorization == "AUTH-5521");
    REQUIRE(n.diagnoses.size() == 1);
    CHECK(n.diagnoses[0].code == "M17.12");
    CHECK(n.session.minutes == 40);
    CHECK(n.frequency->visits == 2);  // from the narrative
    // The narrative's table gives the knee measure; the heart rate is added from its Observation;
    // blood pressure (mm[Hg]) and an entered-in-error Observation are not therapy measures.
    std::vector<std::string> names;
    for (const Measurement& m : n.measurements) names.push_back(m.name + " " + m.unit);
    CHECK(std::find(names.begin(), names.end(), "l knee flexion arom deg") != names.end());
    CHECK(std::find(names.begin(), names.end(), "heart rate /min") != names.end());
    CHECK(std::none_of(n.measurements.begin(), n.measurements.end(), [](const Measurement& m) { return m.name == "systolic" || m.value == -5; }));
    // Claim items give units and modifiers, Procedures the minutes (an extension, a note).
    REQUIRE(n.interventions.size() == 2);
    CHECK(n.interventions[0].cpt == "97110");
    CHECK(n.interventions[0].units == 2);
    CHECK(n.interventions[0].minutes == 25);
    CHECK(n.interventions[1].cpt == "97140");
    CHECK(n.interventions[1].modifiers == std::vector<std::string>{"59", "GP"});
    CHECK(n.interventions[1].minutes == 12);
    CHECK(n.interventions[1].line_text.find("left knee") != std::string::npos);
    // The XHTML comment's `97999` is not text.
    for (const Line& line : n.lines) CHECK(line.text.find("97999") == std::string::npos);
    CHECK(check_files({file}).empty());
}

TEST_CASE("FHIR JSON array: the markdown attachment is read and the url-only and PDF ones skipped") {
    const FileResult file = read_fixture(kFixtures / "resources.json");
    CHECK(errors_of(file) == "");
    REQUIRE(file.notes.size() == 1);
    const Note& n = file.notes[0];
    CHECK(n.pointer == "/0");
    CHECK(n.line == 2);
    CHECK(n.kind == NoteKind::progress);
    CHECK(n.patient_id == "3302");
    CHECK(n.unsigned_line == 2);  // docStatus preliminary: a draft
    CHECK_FALSE(n.payer_text);    // the file's Coverage names no beneficiary: not guessed to be this patient's
    const auto array = boost::json::parse(read_file(kFixtures / "resources.json")).as_array();
    const Note mmt = fhir::resource_facts(array[2].as_object());
    REQUIRE(mmt.measurements.size() == 1);
    CHECK(mmt.measurements[0].unit == "/5");
    CHECK(mmt.measurements[0].grade == "4-");
    CHECK(mmt.measurements[0].kind == "strength");
    const Note order = fhir::resource_facts(array[3].as_object());
    CHECK(order.frequency->visits == 3);  // the upper end of 2-3x/week
    CHECK(order.frequency->per == "week");
    CHECK(order.duration->value == 12);
    CHECK(order.duration->unit == "visit");
    CHECK(order.referral == "Dr. Pat Quinn, MD");
    CHECK(order.diagnoses.at(0).code == "M16.11");
    const Note role = fhir::resource_facts(array[4].as_object());
    CHECK(role.provider->name == "Morgan Diaz");
    CHECK(role.provider->credentials == std::vector<std::string>{"PT"});
    CHECK(fhir::resource_facts(array[5].as_object()).payer_text == "Independence Blue Cross Personal Choice");
}

TEST_CASE("FHIR NDJSON: an encounter with billed services and no note text becomes a note of its facts") {
    const FileResult file = read_fixture(kFixtures / "encounter-services.ndjson");
    CHECK(errors_of(file) == "");
    REQUIRE(file.notes.size() == 1);  // the second encounter has nothing billed or measured
    const Note& n = file.notes[0];
    CHECK(n.line == 4);
    CHECK(n.pointer == "/");
    CHECK(n.lines.empty());  // structured only: no text for prose rules to read
    CHECK(n.kind == NoteKind::daily);
    CHECK(n.patient_id == "5521");
    CHECK(n.provider->credentials == std::vector<std::string>{"LMT"});
    CHECK(n.payer_text == "Medicare Part B");
    CHECK(n.diagnoses.at(0).code == "M54.50");
    CHECK(n.session.minutes == 30);
    REQUIRE(n.interventions.size() == 1);
    CHECK(n.interventions[0].cpt == "97124");
    CHECK(n.interventions[0].minutes == 25);
    CHECK(n.interventions[0].units == 2);
    REQUIRE(n.measurements.size() == 1);
    CHECK(n.measurements[0].unit == "/10");
    // The billing rules apply to it: an LMT billing massage to Medicare, outside any plan of care.
    std::set<std::string> rules;
    for (const Finding& f : check_files({file})) {
        rules.insert(f.rule);
        CHECK(f.line == 4);
        CHECK(f.pointer == "/");
    }
    CHECK(rules.count("Q001") == 1);
    CHECK(rules.count("C004") == 1);
    CHECK(rules.count("T001") == 0);  // the encounter's period is the session
    CHECK(rules.count("D001") == 0);  // its reasonCode is the diagnosis
}

TEST_CASE("FHIR episode Bundle gives the findings of the same episode as text notes") {
    const FileResult bundle = read_fixture(kFixtures / "episode-bundle.json");
    CHECK(errors_of(bundle) == "");
    REQUIRE(bundle.notes.size() == 4);
    std::vector<FileResult> text;
    for (const auto& entry : fs::directory_iterator(kFixtures / "episode-text")) text.push_back(read_fixture(entry.path()));
    std::sort(text.begin(), text.end(), [](const FileResult& a, const FileResult& b) { return a.file < b.file; });
    REQUIRE(text.size() == 4);
    // The same facts: patient, dates, provider, payer, codes, minutes, units, measures, goals, plan.
    for (std::size_t i = 0; i < 4; ++i) {
        const Note& f = bundle.notes[i];
        const Note& t = text[i].notes.at(0);
        INFO("visit " << i);
        CHECK(f.kind == t.kind);
        CHECK(f.patient_id == t.patient_id);
        CHECK(f.date_of_service == t.date_of_service);
        CHECK(f.provider->credentials == t.provider->credentials);
        CHECK(f.session.minutes == t.session.minutes);
        CHECK(f.interventions.size() == t.interventions.size());
        CHECK(f.measurements.size() == t.measurements.size());
        CHECK(f.goals.size() == t.goals.size());
    }
    CHECK(bundle.notes[0].frequency->visits == 2);
    CHECK(bundle.notes[0].duration->value == 6);
    const auto fhir_findings = findings_by_visit({bundle});
    const auto text_findings = findings_by_visit(text);
    std::ostringstream shown;
    for (const std::string& f : fhir_findings) shown << f << "\n";
    INFO(shown.str());
    CHECK(fhir_findings == text_findings);
    CHECK(fhir_findings.size() >= 5);
    std::set<std::string> rules;
    for (const std::string& f : fhir_findings) rules.insert(f.substr(11, 4));
    CHECK(rules == std::set<std::string>{"G002", "G003", "G004", "R001", "T003", "T005"});
}

// ---- bad input ------------------------------------------------------------------------------------

TEST_CASE("FHIR truncated JSON is an error with its line and column") {
    const FileResult file = parse_bytes("t.json", "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [\n    {\"resource\": {\"resourceType\": \"Pat");
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].line == 4);
    CHECK(file.notes.empty());
    const FileResult forced = read_fhir("f.json", "[1, 2]", false);
    REQUIRE(forced.errors.size() == 1);
    CHECK(forced.errors[0].message.find("not FHIR") == 0);
}

TEST_CASE("FHIR NDJSON with a bad line reads the other lines") {
    const std::string note = "Daily Note\nS: better\nO: AROM 100 deg\nA: improving\nP: continue\nSigned: Alex Kim, PT";
    std::string data;
    std::string error;
    const auto doc = [&](const std::string& id, const std::string& text) {
        std::string encoded;
        static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (std::size_t i = 0; i < text.size(); i += 3) {
            const std::uint32_t n = (static_cast<unsigned char>(text[i]) << 16) |
                                    (i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) << 8 : 0) |
                                    (i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0);
            encoded += alphabet[(n >> 18) & 63];
            encoded += alphabet[(n >> 12) & 63];
            encoded += i + 1 < text.size() ? alphabet[(n >> 6) & 63] : '=';
            encoded += i + 2 < text.size() ? alphabet[n & 63] : '=';
        }
        return "{\"resourceType\":\"DocumentReference\",\"id\":\"" + id +
               "\",\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"" + encoded + "\"}}]}";
    };
    const std::string input = doc("a", note) + "\n" + "{\"resourceType\": \"Observation\", \"id\": \n" + "\n" +
                              doc("b", note) + "\r\n" + "{\"resourceType\":\"DocumentReference\",\"id\":\"c\",\"content\":[{\"attachment\":"
                              "{\"contentType\":\"text/plain\",\"data\":\"RGFp$$$\"}}]}\n" + doc("d", note) + "\n";
    const FileResult file = parse_bytes("export.ndjson", input);
    REQUIRE(file.errors.size() == 2);
    CHECK(file.errors[0].line == 2);  // the truncated line
    CHECK(file.errors[1].line == 5);  // bad base64: its line and the attachment's pointer
    CHECK(file.errors[1].pointer == "/content/0/attachment/data");
    CHECK(file.errors[1].message.find("not valid base64") != std::string::npos);
    REQUIRE(file.notes.size() == 3);
    CHECK(file.notes[0].line == 1);
    CHECK(file.notes[1].line == 4);
    CHECK(file.notes[2].line == 6);
    CHECK(file.notes[2].index == 2);
    for (const Note& n : file.notes) {
        CHECK(n.pointer == "/");
        CHECK(n.measurements.size() == 1);
        CHECK(n.provider->credentials == std::vector<std::string>{"PT"});
    }
    // Lines that are JSON but no resource (an export log) are skipped; nothing at all says so.
    const FileResult log = parse_bytes("log.ndjson", "{\"eventId\": \"kickoff\"}\n[1]\n");
    CHECK(log.errors.empty());
    CHECK(log.notes.empty());
    CHECK(log.empty_reason.find("no FHIR resource") == 0);
}

TEST_CASE("FHIR attachments: binary data and deep or huge input never crash") {
    // `AAEC` is bytes 0 1 2: not text.
    const std::string binary = "{\"resourceType\":\"DocumentReference\",\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"AAECAAECAAEC\"}}]}";
    const FileResult file = parse_bytes("bin.json", binary);
    REQUIRE(file.errors.size() == 1);
    CHECK(file.errors[0].pointer == "/content/0/attachment/data");
    CHECK(file.notes.empty());
    const FileResult deep = parse_bytes("deep.json", std::string(10000, '[') + std::string(10000, ']'));
    CHECK(deep.errors.size() == 1);
    // 32 MB of base64 and 4 MB of markup of every kind: read in linear time.
    const auto start = std::chrono::steady_clock::now();
    std::string base64;
    for (int i = 0; i < 1 << 23; ++i) base64 += "QUJD";  // "ABC"
    std::string decoded, error;
    CHECK(fhir::decode_base64(base64, decoded, error));
    CHECK(decoded.size() == 3u << 23);
    CHECK(fhir::xhtml_to_text(std::string(1 << 22, '<')).size() == (1u << 22));
    CHECK(fhir::xhtml_to_text(std::string(1 << 22, '&')).size() == (1u << 22));
    CHECK(fhir::xhtml_to_text("<!--" + std::string(1 << 22, '-')) == "");
    CHECK(fhir::xhtml_to_text("<a title=\"" + std::string(1 << 22, '>')) == "");
    std::string tags;
    for (int i = 0; i < 1 << 19; ++i) tags += "<p>a</p><b>";
    CHECK(fhir::xhtml_to_text(tags).size() == (1u << 20) - 1);
    std::string big = "{\"resourceType\":\"DocumentReference\",\"content\":[{\"attachment\":{\"contentType\":\"text/html\",\"data\":\"";
    for (int i = 0; i < 1 << 12; ++i) big += "PHA+UzogYWJjZGVmZ2g8L3A+";  // "<p>S: abcdefgh</p>"
    big += "\"}}]}";
    const FileResult huge = parse_bytes("big.json", big);
    CHECK(huge.errors.empty());
    REQUIRE(huge.notes.size() == 1);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(60));
}
