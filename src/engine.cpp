#include "engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "note_codec.hpp"
#include "note_store.hpp"
#include "sorted_runs.hpp"
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
    for (FileResult& file : files) resolve_payers(file, profiles, payer);
}

void resolve_payers(FileResult& file, const ProfileSet& profiles, const std::optional<std::string>& payer) {
    for (Note& note : file.notes) {
        if (payer) {
            note.payer = *payer;
        } else if (note.payer_text) {
            // A profile's own name (`medicare`, `workers-comp`: what structured inputs and
            // extract output carry) names it; else the profiles' match phrases decide.
            const Profile* p = profiles.find(*note.payer_text);
            if (p == nullptr) p = profiles.match_payer(*note.payer_text);
            note.payer = p ? p->name : profiles.fallback().name;
        } else {
            note.payer.reset();
        }
    }
}

namespace {

// A note that names no patient is an episode of its own.
std::string episode_key_or_own(const Note& note) {
    std::string key = episode_key(note);
    return key.empty() ? "note:" + note.file + "#" + std::to_string(note.index) : key;
}

// Groups notes given in input order into episodes, each ordered by date of service.
std::vector<Episode> group_episodes(const std::vector<const Note*>& notes) {
    std::vector<Episode> episodes;
    std::map<std::string, std::size_t> by_key;
    for (const Note* note : notes) {
        auto [it, added] = by_key.emplace(episode_key_or_own(*note), episodes.size());
        if (added) episodes.push_back(Episode{it->first, {}});
        episodes[it->second].notes.push_back(note);
    }
    for (Episode& episode : episodes) {
        std::stable_sort(episode.notes.begin(), episode.notes.end(), [](const Note* a, const Note* b) {
            if (a->date_of_service && b->date_of_service) return *a->date_of_service < *b->date_of_service;
            return a->date_of_service.has_value() && !b->date_of_service.has_value();
        });
    }
    return episodes;
}

}  // namespace

std::vector<Episode> build_episodes(const std::vector<FileResult>& files) {
    std::vector<const Note*> notes;
    for (const FileResult& file : files)
        for (const Note& note : file.notes) notes.push_back(&note);
    return group_episodes(notes);
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
// Rules about what a note's text says or lacks (its sections, stated totals, measured findings,
// purpose in words). A note made of structured facts alone (the JSON model without `text`, a FHIR
// Encounter with billed services and no document) has no text: these rules have nothing to
// judge there, and a finding would blame the note for its format.
bool reads_prose(std::string_view id) {
    static constexpr std::array<std::string_view, 5> kIds{"S001", "T008", "O001", "M001", "M002"};
    return std::find(kIds.begin(), kIds.end(), id) != kIds.end();
}

void check_episode(const Episode& episode, const ProfileSet& profiles, const CheckOptions& options, Reporter& reporter) {
    for (const Rule& rule : all_rules()) {
        if (!options.rules.enabled(rule.info)) continue;
        reporter.set_rule(rule.info);
        if (rule.check_note) {
            const bool prose = reads_prose(rule.info.id);
            for (const Note* note : episode.notes) {
                if (prose && note->lines.empty()) continue;
                rule.check_note(NoteContext{*note, profile_for(*note, profiles), &episode, reporter});
            }
        }
        if (rule.check_episode) rule.check_episode(EpisodeContext{episode, profile_for(episode, profiles), reporter});
    }
    for (const Note* note : episode.notes)
        for (const Line& line : note->lines) line.release_lower();
}

// Joins the findings of every thread in a total order, so that the output never depends on which
// thread found what first: file (input order), line, column, rule, message.
std::vector<Finding> sorted_findings(std::vector<std::vector<Finding>>& per_thread, const std::vector<std::string>& files) {
    std::vector<Finding> findings;
    for (auto& part : per_thread) std::move(part.begin(), part.end(), std::back_inserter(findings));
    std::map<std::string, std::size_t> file_order;
    for (const std::string& file : files) file_order.emplace(file, file_order.size());
    std::sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
        const auto fa = file_order[a.file], fb = file_order[b.file];
        if (fa != fb) return fa < fb;
        if (a.line != b.line) return a.line < b.line;
        if (a.column != b.column) return a.column < b.column;
        if (a.rule != b.rule) return a.rule < b.rule;
        if (a.message != b.message) return a.message < b.message;
        return a.note_index < b.note_index;  // notes of a structured input can share a line
    });
    return findings;
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
    std::vector<std::string> names;
    for (const FileResult& file : files) names.push_back(file.file);
    return sorted_findings(per_thread, names);
}

namespace {

// FNV-1a folded to 32 bits: the same on every machine and run, so that pass 2's order never
// varies. Two patients whose keys collide share a group and are told apart by their keys there.
std::uint32_t key_hash(std::string_view key) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

// What pass 1 keeps of a note: 20 bytes, the one cost per note that stays in memory.
struct StoredNote {
    std::uint32_t key = 0;  // hash of the episode key
    std::uint32_t file = 0, index = 0;
    std::uint32_t where_low = 0, where_high = 0;  // NoteStore::Handle, split to keep 4-byte alignment
    auto order() const { return std::tie(key, file, index); }
    NoteStore::Handle where() const { return {(std::uint64_t{where_high} << 32) | where_low}; }
    static StoredNote make(std::uint32_t key, std::uint32_t file, std::uint32_t index, NoteStore::Handle at) {
        return {key, file, index, static_cast<std::uint32_t>(at.offset), static_cast<std::uint32_t>(at.offset >> 32)};
    }
};
static_assert(sizeof(StoredNote) == 20);

struct FileSlot {
    std::string name;
    int notes = 0;
    std::vector<InputError> errors;
    std::vector<Directive> directives;
    std::string empty_reason;  // read without error, no note: why
};

struct StoredOrder {
    bool operator()(const StoredNote& a, const StoredNote& b) const { return a.order() < b.order(); }
};
// Sorted by episode-key hash, then input order; spilled in sorted runs past their budget, so
// that not even 20 bytes per note need to stay in memory.
using StoredNotes = SortedRuns<StoredNote, StoredOrder>;

// Pass 1: every input parsed once, its notes stored, and what is kept of each note added to `all`.
void store_notes(const std::vector<std::string>& inputs, const ProfileSet& profiles,
                                    const CheckOptions& options, NoteStore& store, std::vector<FileSlot>& slots,
                                    StoredNotes& all, const std::function<void(const FileResult&)>& on_file_done) {
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        std::string bytes;
        std::vector<StoredNote> kept;
        for (std::size_t i = next++; i < inputs.size(); i = next++) {
            FileResult file = read_input(inputs[i], options.read);
            resolve_payers(file, profiles, options.payer);
            FileSlot& slot = slots[i];
            slot.name = file.file;
            slot.notes = static_cast<int>(file.notes.size());
            slot.errors = file.errors;
            if (file.notes.empty() && file.errors.empty())
                slot.empty_reason = file.empty_reason.empty() ? "no note in this input (empty?)" : file.empty_reason;
            slot.directives = find_directives(file);
            for (const Note& note : file.notes) {
                bytes.clear();
                encode_note(note, bytes);
                kept.push_back(StoredNote::make(key_hash(episode_key_or_own(note)), static_cast<std::uint32_t>(i),
                                                static_cast<std::uint32_t>(note.index), store.append(bytes)));
            }
            all.add(kept);
            kept.clear();
            if (on_file_done) on_file_done(file);
        }
    };
    const int threads = std::max(1, std::min<int>(options.jobs, static_cast<int>(inputs.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    all.finish();
}

// The entries of the next key hash, in input order; false when none is left. Thread-safe.
bool next_group(StoredNotes& all, std::mutex& mutex, std::vector<StoredNote>& group) {
    std::lock_guard<std::mutex> lock(mutex);
    group.clear();
    StoredNote entry;
    if (!all.next(entry)) return false;
    group.push_back(entry);
    StoredNote following;
    while (all.peek(following) && following.key == entry.key) {
        all.next(following);
        group.push_back(following);
    }
    return true;
}

// Pass 2: the notes of one key hash read back (in input order) and checked as their episodes.
void check_stored_group(const std::vector<StoredNote>& group, const NoteStore& store, const ProfileSet& profiles,
                        const CheckOptions& options, Reporter& reporter) {
    std::vector<Note> notes;
    notes.reserve(group.size());
    for (const StoredNote& s : group) notes.push_back(decode_note(store.read(s.where())));
    std::vector<const Note*> pointers;
    for (const Note& note : notes) pointers.push_back(&note);
    for (const Episode& episode : group_episodes(pointers)) check_episode(episode, profiles, options, reporter);
}

}  // namespace

CheckRun check_inputs(const std::vector<std::string>& inputs, const ProfileSet& profiles, const CheckOptions& options,
                      const std::function<void(const FileResult&)>& on_file_done) {
    CheckRun run;
    NoteStore store(options.memory_budget);
    std::vector<FileSlot> slots(inputs.size());
    std::vector<std::string> files;
    // A quarter of the budget for the per-note entries (runs of at least 64, so that tests with
    // a budget of 0 merge several runs).
    StoredNotes stored(std::max<std::size_t>(64, options.memory_budget / 4 / sizeof(StoredNote)), StoredOrder{});
    store_notes(inputs, profiles, options, store, slots, stored, on_file_done);
    for (FileSlot& slot : slots) {
        files.push_back(std::move(slot.name));
        run.notes_per_file.push_back(slot.notes);
        run.notes += slot.notes;
        std::move(slot.errors.begin(), slot.errors.end(), std::back_inserter(run.errors));
        if (!slot.empty_reason.empty()) run.empty.push_back({files.back(), std::move(slot.empty_reason)});
        std::move(slot.directives.begin(), slot.directives.end(), std::back_inserter(run.directives));
    }
    std::vector<FileSlot>().swap(slots);
    run.spilled_bytes = store.bytes_spilled();
    run.entry_runs = stored.runs();

    run.findings = std::make_unique<FindingLog>(std::move(files), options.memory_budget);
    std::mutex groups;
    const auto worker = [&] {
        std::vector<Finding> found;
        Reporter reporter(found);
        std::vector<StoredNote> group;
        while (next_group(stored, groups, group)) {
            check_stored_group(group, store, profiles, options, reporter);
            for (const Finding& f : found) run.findings->add(f);
            found.clear();
        }
    };
    const int threads = std::max(1, std::min<int>(options.jobs, run.notes));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    run.findings->sort();
    return run;
}

namespace {

// A finding about a whole input (X001, X003), at the place the reader found the problem.
Finding input_finding(const char* id, const InputError& e, std::string message) {
    const Rule* rule = find_rule(id);
    Finding f;
    f.rule = id;
    f.name = rule ? std::string(rule->info.name) : id;
    f.severity = rule ? rule->info.severity : Severity::error;
    f.file = e.file;
    f.line = std::max(1, e.line);
    f.column = std::max(1, e.column);
    f.pointer = e.pointer;
    f.message = std::move(message);
    f.anchor = e.message;
    return f;
}

}  // namespace

std::vector<Finding> input_error_findings(const std::vector<InputError>& errors) {
    std::vector<Finding> out;
    for (const InputError& e : errors) out.push_back(input_finding("X001", e, "cannot read input: " + e.message));
    return out;
}

std::vector<Finding> empty_input_findings(const std::vector<InputError>& empty) {
    std::vector<Finding> out;
    for (const InputError& e : empty) out.push_back(input_finding("X003", e, "nothing was checked: " + e.message));
    return out;
}

}  // namespace soaplint
