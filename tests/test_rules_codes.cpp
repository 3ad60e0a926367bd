// Rules C001-C005 and Q001 on notes built by hand: NCCI pairs by date, the body regions behind a
// 59/XS modifier, unknown and deleted codes, massage outside a plan, provider eligibility.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "src/rule.hpp"
#include "src/profile.hpp"

using namespace soaplint;

namespace {

const ProfileSet& profiles() {
    static const ProfileSet set = load_profiles({});
    return set;
}

const Profile& profile(const char* name) {
    const Profile* p = profiles().find(name);
    REQUIRE(p != nullptr);
    return *p;
}

Intervention code(const std::string& cpt, int line, const std::string& text, std::vector<std::string> modifiers = {}) {
    Intervention i;
    i.cpt = cpt;
    i.modifiers = std::move(modifiers);
    i.pos = Position{line, 1};
    i.line_text = text;
    return i;
}

Note note_with(std::vector<Intervention> items, std::optional<CivilDate> dos = CivilDate{2026, 4, 13}) {
    Note note;
    note.file = "note.txt";
    note.line = 1;
    note.kind = NoteKind::daily;
    note.date_of_service = dos;
    note.interventions = std::move(items);
    for (const Intervention& i : note.interventions) note.lines.push_back(Line{i.line_text, i.pos.line, 1, -1});
    return note;
}

std::vector<Finding> run(const char* id, const Note& note, const Profile& payer, const Episode* episode = nullptr) {
    const Rule* rule = find_rule(id);
    REQUIRE(rule != nullptr);
    std::vector<Finding> sink;
    Reporter reporter(sink);
    reporter.set_rule(rule->info);
    const Episode own{"note", {&note}};
    rule->check_note(NoteContext{note, payer, episode ? episode : &own, reporter});
    return sink;
}

// C002 on a two-code note: the first code is column 1 of an indicator-1 pair.
std::size_t region_findings(const std::string& first, const std::string& second) {
    const auto cpt = [](const std::string& text) { return text.substr(0, 5); };
    const auto modifiers = [](const std::string& text) {
        std::vector<std::string> out;
        if (text.size() > 6 && text[5] == '-') out.push_back(text.substr(6, text.find(' ') - 6));
        return out;
    };
    const Note note = note_with({code(cpt(first), 5, first, modifiers(first)), code(cpt(second), 6, second, modifiers(second))});
    return run("C002", note, profile("commercial")).size();
}

}  // namespace

TEST_CASE("C001: an indicator-0 pair is reported on the column-2 code, modifier or not") {
    for (const auto& modifiers : {std::vector<std::string>{}, std::vector<std::string>{"59"}}) {
        const Note note = note_with({code("97140", 5, "97140 Manual therapy 15 min"), code("97124", 6, "97124 Massage 15 min", modifiers)});
        const auto found = run("C001", note, profile("commercial"));
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 6);
        CHECK(found[0].message.find("never billed together") != std::string::npos);
        CHECK((found[0].message.find("the 59 modifier does not unlock") != std::string::npos) == !modifiers.empty());
    }
}

TEST_CASE("C001: an indicator-1 pair passes with the modifier on the column-2 code only") {
    const auto findings = [](std::vector<std::string> on_cmt, std::vector<std::string> on_manual) {
        const Note note = note_with({code("98941", 5, "98941 CMT lumbar", std::move(on_cmt)),
                                     code("97140", 6, "97140 STM R shoulder 10 min", std::move(on_manual))});
        return run("C001", note, profile("commercial"));
    };
    CHECK(findings({}, {"XS"}).empty());
    CHECK(findings({}, {"XU"}).empty());
    CHECK(findings({}, {"GP"}).size() == 1);
    const auto misplaced = findings({"59"}, {});
    REQUIRE(misplaced.size() == 1);
    CHECK(misplaced[0].line == 6);
    CHECK(misplaced[0].message.find("the 59 on 98941 does not count, it belongs on 97140") != std::string::npos);
}

TEST_CASE("C001: edits apply as of the date of service; without one, only edits never deleted") {
    const auto findings = [](std::optional<CivilDate> dos) {
        const Note note = note_with({code("97140", 5, "97140 Manual therapy 15 min"), code("97530", 6, "97530 Ther act 30 min")}, dos);
        return run("C001", note, profile("commercial")).size();
    };
    CHECK(findings(CivilDate{2019, 6, 4}) == 1);   // edit deleted 2019-12-31
    CHECK(findings(CivilDate{2020, 6, 4}) == 0);
    CHECK(findings(std::nullopt) == 0);
    const Note massage = note_with({code("97140", 5, "97140"), code("97124", 6, "97124")}, std::nullopt);
    CHECK(run("C001", massage, profile("commercial")).size() == 1);
}

TEST_CASE("C002: the body regions named for each code of a 59/XS pair") {
    CHECK(region_findings("98941 CMT C/T/L spine", "97140-59 STM R shoulder 10 min") == 0);
    CHECK(region_findings("98941 CMT lumbar", "97140-59 STM low back 10 min") == 1);
    CHECK(region_findings("98941 CMT L4-5", "97140-59 STM lumbar paraspinals") == 1);
    CHECK(region_findings("98941 CMT C5-6, T4-5", "97140-59 STM L4-5 paraspinals") == 0);
    CHECK(region_findings("98941 CMT lumbar", "97140-59 hands-on STM thoracic") == 0);
    CHECK(region_findings("98941 CMT spinal", "97140-59 STM cervical") == 1);           // the spine holds the neck
    CHECK(region_findings("98941 CMT lumbar spine", "97140-59 STM cervical spine") == 0);
    CHECK(region_findings("98941 CMT C/T/L", "97124-XS massage R upper trap") == 1);
    CHECK(region_findings("98941 CMT lumbar", "97140-59 STM R shoulder, not lumbar") == 0);
    CHECK(region_findings("98941 CMT lumbar", "97112-59 NMR backward stepping R knee") == 0);  // "backward" is no back
    CHECK(region_findings("98941 CMT lumbar", "97140-59 STM 10 min") == 1);             // no region named
    CHECK(region_findings("98941 CMT lumbar", "97140-XE STM lumbar, PM session") == 0);  // XE: a separate encounter
    CHECK(region_findings("97150 Group exercise lumbar", "97110-59 Ther ex lumbar") == 0);  // distinct by time
    // Sides: a left and a right knee are separate structures; an unsided knee may be either.
    CHECK(region_findings("97140 Manual therapy L knee", "97750-XS Performance test R knee") == 0);
    CHECK(region_findings("97140 Manual therapy R knee", "97750-XS Performance test knee") == 1);
    CHECK(region_findings("97140 Manual therapy right knee", "97750-XS Performance test RLE") == 1);
    CHECK(region_findings("97140 Manual therapy knee (L)", "97750-XS Performance test RLE") == 0);
}

TEST_CASE("C002: codes on one line are told apart by where each code's description stands") {
    const std::string codes_first = "98941 CMT lumbar; 97140-59 STM R shoulder 10 min";
    const std::string codes_last = "Lumbar CMT (98941), R shoulder STM (97140-59) 10 min";
    for (const std::string& line : {codes_first, codes_last}) {
        const Note note = note_with({code("98941", 5, line), code("97140", 5, line, {"59"})});
        CHECK(run("C002", note, profile("commercial")).empty());
    }
    const std::string same = "98941 CMT lumbar; 97140-59 STM lumbar 10 min";
    CHECK(run("C002", note_with({code("98941", 5, same), code("97140", 5, same, {"59"})}), profile("commercial")).size() == 1);
}

TEST_CASE("C003: typos get the nearest known code, deleted codes their replacement") {
    const auto message = [](const std::string& cpt, std::optional<CivilDate> dos) {
        const auto found = run("C003", note_with({code(cpt, 5, cpt + " 1 unit")}, dos), profile("commercial"));
        REQUIRE(found.size() == 1);
        return found[0].message;
    };
    CHECK(message("97410", CivilDate{2026, 1, 5}).find("did you mean 97140 (manual therapy techniques)?") != std::string::npos);
    CHECK(message("97001", CivilDate{2026, 1, 5}).find("deleted from CPT on 2017-01-01; bill 97161-97163") != std::string::npos);
    CHECK(message("97001", CivilDate{2016, 6, 1}).find("was valid on this date of service") != std::string::npos);
    CHECK(message("99213", CivilDate{2026, 1, 5}).find("make sure it is the code you meant") != std::string::npos);
    CHECK(run("C003", note_with({code("97140", 5, "97140")}), profile("commercial")).empty());
}

TEST_CASE("C004: massage needs a plan: in the episode, referred to, or stated in the note") {
    const auto findings = [](const std::string& plan_line, NoteKind kind = NoteKind::daily) {
        Note note = note_with({code("97124", 5, "97124 Massage 30 min x2")});
        note.kind = kind;
        note.lines.push_back(Line{plan_line, 8, 1, -1});
        return run("C004", note, profile("ibx")).size();
    };
    CHECK(findings("P: Return as needed.") == 1);
    CHECK(findings("P: Continue per POC.") == 0);
    CHECK(findings("P: Continue per plan of care dated 3/10/2026.") == 0);
    CHECK(findings("No plan of care on file.") == 1);
    CHECK(findings("POC pending PT evaluation.") == 1);
    CHECK(findings("Return as needed.", NoteKind::evaluation) == 0);
    CHECK(findings("P: Return as needed.") == 1);

    Note stated = note_with({code("97124", 5, "97124 Massage 30 min x2")});
    stated.frequency = Frequency{2, "week", 8};
    CHECK(run("C004", stated, profile("ibx")).size() == 1);  // a frequency alone is no plan
    stated.duration = Duration{4, "week", {}, 8};
    CHECK(run("C004", stated, profile("ibx")).empty());
    CHECK(run("C004", note_with({code("97124", 5, "97124 Massage")}), profile("commercial")).empty());
}

TEST_CASE("C004: an evaluation of the episode covers visits on or after its date") {
    Note evaluation = note_with({code("97162", 3, "97162 PT eval")}, CivilDate{2026, 3, 31});
    evaluation.kind = NoteKind::evaluation;
    Note visit = note_with({code("97124", 5, "97124 Massage 30 min x2")}, CivilDate{2026, 4, 14});
    const Episode episode{"id:1", {&evaluation, &visit}};
    CHECK(run("C004", visit, profile("hcsc"), &episode).empty());
    evaluation.date_of_service = CivilDate{2026, 4, 21};
    const Episode late{"id:1", {&visit, &evaluation}};
    const auto found = run("C004", visit, profile("hcsc"), &late);
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("dated 2026-04-21, after this visit") != std::string::npos);
}

TEST_CASE("C005: codes the profile bundles") {
    const Note note = note_with({code("97010", 5, "97010 Hot pack 10 min"), code("97110", 6, "97110 Ther ex 25 min")});
    const auto found = run("C005", note, profile("medicare"));
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 5);
    CHECK(run("C005", note, profile("commercial")).empty());
}

TEST_CASE("Q001: credentials the payer bars, codes some credentials may bill, excluded codes") {
    const auto findings = [](std::vector<std::string> credentials, const char* payer, const char* cpt = "97124") {
        Note note = note_with({code(cpt, 5, std::string(cpt) + " 30 min x2")});
        note.provider = Provider{"Jordan Reyes", std::move(credentials), 3};
        return run("Q001", note, profile(payer));
    };
    CHECK(findings({"LMT"}, "medicare").size() == 1);
    CHECK(findings({"LMT", "NCBTMB"}, "medicare").size() == 1);  // a certification is not a license
    CHECK(findings({"CPT-LMT"}, "medicare").size() == 1);
    CHECK(findings({"PT", "LMT"}, "medicare").empty());
    CHECK(findings({}, "medicare").empty());                     // no credential: S003's business
    CHECK(findings({"LMT"}, "commercial").empty());
    const auto ibx = findings({"LMT"}, "ibx");
    REQUIRE(ibx.size() == 1);
    CHECK(ibx[0].line == 5);
    CHECK(ibx[0].message.find("DC, MD or DO") != std::string::npos);
    CHECK(findings({"PTA"}, "ibx").empty());
    CHECK(findings({"LMT"}, "ibx", "97140").empty());
    CHECK(findings({"PT"}, "auto-pip-florida").size() == 1);     // 97124 excluded whoever bills it
    CHECK(findings({"PT"}, "auto-pip-florida", "97140").empty());
    CHECK(findings({"LMT"}, "auto-pip-florida").size() == 2);    // the code and the provider
}
