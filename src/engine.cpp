#include "engine.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <map>

#include "structure.hpp"

namespace soaplint {

namespace {

bool selector_matches(const std::string& selector, const RuleInfo& rule) {
    if (selector == "ALL" || selector == "all") return true;
    if (selector == rule.name) return true;
    return rule.id.substr(0, selector.size()) == selector;
}

std::string episode_key(const Note& note) {
    if (note.patient_id) return "id:" + ascii_lower(*note.patient_id);
    if (note.patient_name && note.dob) return "name:" + ascii_lower(*note.patient_name) + "|" + note.dob->iso();
    if (note.patient_name) return "name:" + ascii_lower(*note.patient_name);
    return {};
}

}  // namespace

bool RuleSelection::enabled(const RuleInfo& rule) const {
    const auto matches = [&](const std::vector<std::string>& list) {
        return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return selector_matches(s, rule); });
    };
    if (!select.empty() && !matches(select)) return false;
    return !matches(ignore);
}

std::vector<std::string> unknown_rule_selectors(const std::vector<std::string>& selectors) {
    std::vector<std::string> unknown;
    for (const std::string& s : selectors) {
        const bool known = std::any_of(all_rules().begin(), all_rules().end(),
                                       [&](const Rule& r) { return selector_matches(s, r.info); });
        if (!known) unknown.push_back(s);
    }
    return unknown;
}

void resolve_payers(std::vector<FileResult>& files, const ProfileSet& profiles, const std::optional<std::string>& payer) {
    for (FileResult& file : files) {
        for (Note& note : file.notes) {
            if (payer) {
                note.payer = *payer;
            } else if (note.payer_text) {
                const Profile* p = profiles.match_payer(*note.payer_text);
                note.payer = p ? p->name : profiles.fallback().name;
            } else {
                note.payer.reset();
            }
        }
    }
}

std::vector<Episode> build_episodes(const std::vector<FileResult>& files) {
    std::vector<Episode> episodes;
    std::map<std::string, std::size_t> by_key;
    for (const FileResult& file : files) {
        for (const Note& note : file.notes) {
            std::string key = episode_key(note);
            if (key.empty()) {
                // A note that names no patient is an episode of its own.
                episodes.push_back(Episode{"note:" + note.file + "#" + std::to_string(note.index), {&note}});
                continue;
            }
            auto [it, added] = by_key.emplace(key, episodes.size());
            if (added) episodes.push_back(Episode{key, {}});
            episodes[it->second].notes.push_back(&note);
        }
    }
    for (Episode& episode : episodes) {
        std::stable_sort(episode.notes.begin(), episode.notes.end(), [](const Note* a, const Note* b) {
            if (a->date_of_service && b->date_of_service) return *a->date_of_service < *b->date_of_service;
            return a->date_of_service.has_value() && !b->date_of_service.has_value();
        });
    }
    return episodes;
}

namespace {

const Profile& profile_for(const Note& note, const ProfileSet& profiles) {
    if (note.payer) {
        if (const Profile* p = profiles.find(*note.payer)) return *p;
    }
    return profiles.fallback();
}

const Profile& profile_for(const Episode& episode, const ProfileSet& profiles) {
    for (const Note* note : episode.notes) {
        if (note->payer) return profile_for(*note, profiles);
    }
    return profiles.fallback();
}

}  // namespace

namespace {

// Every enabled rule on one episode: its notes' note rules, then the episode rules.
void check_episode(const Episode& episode, const ProfileSet& profiles, const CheckOptions& options, Reporter& reporter) {
    for (const Rule& rule : all_rules()) {
        if (!options.rules.enabled(rule.info)) continue;
        reporter.set_rule(rule.info);
        if (rule.check_note) {
            for (const Note* note : episode.notes) rule.check_note(NoteContext{*note, profile_for(*note, profiles), &episode, reporter});
        }
        if (rule.check_episode) rule.check_episode(EpisodeContext{episode, profile_for(episode, profiles), reporter});
    }
    for (const Note* note : episode.notes)
        for (const Line& line : note->lines) line.release_lower();
}

}  // namespace

std::vector<Finding> run_checks(const std::vector<FileResult>& files, const ProfileSet& profiles,
                                const CheckOptions& options) {
    const std::vector<Episode> episodes = build_episodes(files);
    const int threads = std::max(1, std::min<int>(options.jobs, static_cast<int>(episodes.size())));
    std::vector<std::vector<Finding>> per_thread(static_cast<std::size_t>(threads));
    std::atomic<std::size_t> next{0};
    const auto worker = [&](std::size_t slot) {
        Reporter reporter(per_thread[slot]);
        for (std::size_t i = next++; i < episodes.size(); i = next++) check_episode(episodes[i], profiles, options, reporter);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker, static_cast<std::size_t>(t));
    worker(0);
    for (std::thread& t : pool) t.join();
    std::vector<Finding> findings;
    for (auto& part : per_thread) std::move(part.begin(), part.end(), std::back_inserter(findings));
    std::map<std::string, std::size_t> file_order;
    for (const FileResult& file : files) file_order.emplace(file.file, file_order.size());
    // A total order, so the output never depends on which thread found what first.
    std::sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
        const auto fa = file_order[a.file], fb = file_order[b.file];
        if (fa != fb) return fa < fb;
        if (a.line != b.line) return a.line < b.line;
        if (a.column != b.column) return a.column < b.column;
        if (a.rule != b.rule) return a.rule < b.rule;
        return a.message < b.message;
    });
    return findings;
}

std::vector<Finding> input_error_findings(const std::vector<InputError>& errors) {
    std::vector<Finding> out;
    const Rule* rule = find_rule("X001");
    for (const InputError& e : errors) {
        Finding f;
        f.rule = "X001";
        f.name = rule ? std::string(rule->info.name) : "unreadable-input";
        f.severity = Severity::error;
        f.file = e.file;
        f.line = 1;
        f.column = 1;
        f.message = "cannot read input: " + e.message;
        f.anchor = e.message;
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace soaplint
