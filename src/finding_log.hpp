// The findings of a run, kept compactly until they are reported: each finding in binary form in
// a spill store (memory up to a budget, then the unlinked temporary file, src/note_store.hpp), and
// a 24-byte entry per finding to sort them by file (input order), line, column and rule. An audit
// of a million notes then reports a hundred thousand findings without holding them as objects.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "note_codec.hpp"
#include "note_store.hpp"
#include "src/rule.hpp"

namespace soaplint {

class FindingLog {
public:
    // `files`: every input in input order, as findings name them.
    FindingLog(std::vector<std::string> files, std::size_t memory_budget);

    void add(const Finding& finding);  // thread-safe
    // Puts the findings in their reporting order: file (input order), line, column, rule, message, note.
    void sort();
    std::size_t size() const { return entries_.size(); }
    // Each finding in order (after sort()), decoded afresh for the callback.
    void for_each(const std::function<void(Finding&)>& visit) const;
    const std::vector<std::string>& files() const { return files_; }
    // The input order of a file findings name (0 for a name that is not an input).
    std::uint32_t file_order(std::string_view file) const;

private:
    struct Entry {
        std::uint32_t file = 0, line = 0, column = 0;
        char rule[4] = {};
        NoteStore::Handle where;
    };
    Finding at(const Entry& entry) const;

    std::vector<std::string> files_;
    std::vector<std::pair<std::string_view, std::uint32_t>> file_index_;  // sorted by name; views into files_
    NoteStore store_;
    std::mutex mutex_;
    std::vector<Entry> entries_;
};

}  // namespace soaplint
