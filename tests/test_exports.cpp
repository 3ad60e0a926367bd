// Export-style notes (fixtures/exports/, see its README): every note's exact findings, the facts a
// person reads in it (hand-written, a subset of `extract`), and the whole `extract` output as a
// golden file (SOAPLINT_UPDATE_GOLDEN=1 rewrites NAME.extract.expect, never the hand-written files).
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "golden.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace soaplint::test;

namespace {

fs::path exports_dir() { return fs::path(SOAPLINT_SOURCE_DIR) / "fixtures" / "exports"; }

std::vector<fs::path> export_notes() {
    std::vector<fs::path> notes;
    for (const auto& entry : fs::directory_iterator(exports_dir())) {
        const fs::path& p = entry.path();
        const std::string ext = p.extension().string();
        if (entry.is_regular_file() && (ext == ".txt" || ext == ".md") && p.filename() != "README.md") notes.push_back(p);
    }
    std::sort(notes.begin(), notes.end());
    return notes;
}

std::string base_of(const fs::path& note) { return (note.parent_path() / note.stem()).string(); }

std::string extra_args(const fs::path& note) {
    const std::string args_file = note.string() + ".args";
    if (!fs::exists(args_file)) return "";
    std::string args = read_file(args_file);
    while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
    return args;
}

// `LINE RULE` lines, as a sorted set of strings.
std::set<std::pair<int, std::string>> expected_findings(const fs::path& note) {
    std::set<std::pair<int, std::string>> out;
    std::istringstream in(read_file(base_of(note) + ".findings"));
    int line = 0;
    std::string rule;
    while (in >> line >> rule) out.insert({line, rule});
    return out;
}

std::set<std::pair<int, std::string>> reported_findings(const std::string& output) {
    static const std::regex finding(R"(^.*?:(\d+):\d+: \w+: .* \[([A-Z]\d{3})\]$)");
    std::set<std::pair<int, std::string>> out;
    std::istringstream in(output);
    std::string line;
    std::smatch m;
    while (std::getline(in, line))
        if (std::regex_match(line, m, finding)) out.insert({std::stoi(m[1].str()), m[2].str()});
    return out;
}

std::string show(const std::set<std::pair<int, std::string>>& findings) {
    std::string out;
    for (const auto& [line, rule] : findings) out += std::to_string(line) + " " + rule + "; ";
    return out;
}

void subset(const json::value& expected, const json::value& got, const std::string& path, std::vector<std::string>& errors);

// Under a `key~`: the written elements appear in the extracted array in that order.
void ordered_subsequence(const json::array& expected, const json::value& got, const std::string& path,
                         std::vector<std::string>& errors) {
    if (!got.is_array()) {
        errors.push_back(path + ": not an array");
        return;
    }
    const json::array& items = got.as_array();
    std::size_t i = 0;
    for (const json::value& want : expected) {
        bool found = false;
        while (i < items.size() && !found) {
            std::vector<std::string> none;
            subset(want, items[i++], path, none);
            found = none.empty();
        }
        if (!found) {
            errors.push_back(path + ": no element like " + json::serialize(want) + " (in order)");
            return;
        }
    }
}

void subset(const json::value& expected, const json::value& got, const std::string& path, std::vector<std::string>& errors) {
    if (expected.is_object()) {
        if (!got.is_object()) {
            errors.push_back(path + ": expected an object, got " + json::serialize(got));
            return;
        }
        for (const auto& [key, want] : expected.as_object()) {
            std::string k(key);
            if (!k.empty() && k.back() == '~') {
                k.pop_back();
                const json::value* have = got.as_object().if_contains(k);
                if (have == nullptr) errors.push_back(path + "." + k + ": missing");
                else ordered_subsequence(want.as_array(), *have, path + "." + k, errors);
                continue;
            }
            const json::value* have = got.as_object().if_contains(k);
            if (have == nullptr) errors.push_back(path + "." + k + ": missing");
            else subset(want, *have, path + "." + k, errors);
        }
    } else if (expected.is_array()) {
        if (!got.is_array() || got.as_array().size() != expected.as_array().size()) {
            errors.push_back(path + ": expected " + std::to_string(expected.as_array().size()) + " items, got " + json::serialize(got));
            return;
        }
        for (std::size_t i = 0; i < expected.as_array().size(); ++i)
            subset(expected.as_array()[i], got.as_array()[i], path + "[" + std::to_string(i) + "]", errors);
    } else if (expected.is_number() && got.is_number()) {
        if (std::abs(expected.to_number<double>() - got.to_number<double>()) > 1e-6)
            errors.push_back(path + ": expected " + json::serialize(expected) + ", got " + json::serialize(got));
    } else if (expected != got) {
        errors.push_back(path + ": expected " + json::serialize(expected) + ", got " + json::serialize(got));
    }
}

}  // namespace

TEST_CASE("exports: at least 30 notes in the layouts of at least 10 charting systems") {
    const auto notes = export_notes();
    std::set<std::string> systems;
    for (const fs::path& note : notes) systems.insert(note.filename().string().substr(0, note.filename().string().find('-')));
    CHECK(notes.size() >= 30);
    CHECK(systems.size() >= 10);
}

TEST_CASE("exports: every note gives exactly its hand-written findings") {
    for (const fs::path& note : export_notes()) {
        const std::string name = note.filename().string();
        INFO("fixture: fixtures/exports/" << name);
        REQUIRE(fs::exists(base_of(note) + ".findings"));
        const RunResult run = run_soaplint("check --fail-on info " + extra_args(note) + " 'fixtures/exports/" + name + "'");
        CHECK(run.err == "");
        const auto expected = expected_findings(note);
        const auto reported = reported_findings(run.out);
        CHECK_MESSAGE(reported == expected, "expected: " << show(expected) << "\nreported: " << show(reported));
    }
}

TEST_CASE("exports: every note reads as a person reads it (facts) and matches its extract golden") {
    for (const fs::path& note : export_notes()) {
        const std::string name = note.filename().string();
        INFO("fixture: fixtures/exports/" << name);
        const RunResult run = run_soaplint("extract --format json " + extra_args(note) + " 'fixtures/exports/" + name + "'");
        REQUIRE(run.status == 0);
        const json::value got = json::parse(run.out);
        const std::string facts_file = base_of(note) + ".facts.expect";
        REQUIRE(fs::exists(facts_file));
        std::vector<std::string> errors;
        subset(json::parse(read_file(facts_file)), got, "", errors);
        std::string all;
        for (const std::string& e : errors) all += e + "\n";
        CHECK_MESSAGE(errors.empty(), all);
        const fs::path golden = base_of(note) + ".extract.expect";
        if (update_golden()) write_file(golden, run.out);
        REQUIRE_MESSAGE(fs::exists(golden), "missing " << golden.string() << "; run with SOAPLINT_UPDATE_GOLDEN=1");
        CHECK(run.out == read_file(golden));
    }
}
