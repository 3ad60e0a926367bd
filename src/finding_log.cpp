#include "finding_log.hpp"

#include <algorithm>
#include <cstring>

namespace soaplint {

FindingLog::FindingLog(std::vector<std::string> files, std::size_t memory_budget)
    : files_(std::move(files)), store_(memory_budget) {
    for (std::size_t i = 0; i < files_.size(); ++i) file_index_.emplace_back(files_[i], static_cast<std::uint32_t>(i));
    // The first input of a name wins, as a map's emplace would have it.
    std::stable_sort(file_index_.begin(), file_index_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::uint32_t FindingLog::file_order(std::string_view file) const {
    const auto it = std::lower_bound(file_index_.begin(), file_index_.end(), file,
                                     [](const auto& entry, std::string_view name) { return entry.first < name; });
    return it != file_index_.end() && it->first == file ? it->second : 0;
}

void FindingLog::add(const Finding& finding) {
    Entry entry;
    entry.file = file_order(finding.file);
    entry.line = static_cast<std::uint32_t>(std::max(0, finding.line));
    entry.column = static_cast<std::uint32_t>(std::max(0, finding.column));
    std::memcpy(entry.rule, finding.rule.data(), std::min<std::size_t>(4, finding.rule.size()));
    std::string bytes;
    encode_finding(finding, bytes);
    entry.where = store_.append(bytes);
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back(entry);
}

Finding FindingLog::at(const Entry& entry) const { return decode_finding(store_.read(entry.where)); }

void FindingLog::sort() {
    // Messages, then notes, break the rare ties (one rule twice at one position; notes of a
    // structured input that share a line); reading them back is cheap because ties are rare.
    std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
        const auto key = [](const Entry& e) {
            return std::make_tuple(e.file, e.line, e.column, std::string_view(e.rule, 4));
        };
        if (key(a) != key(b)) return key(a) < key(b);
        const Finding fa = at(a), fb = at(b);
        return std::tie(fa.rule, fa.message, fa.note_index) < std::tie(fb.rule, fb.message, fb.note_index);
    });
}

void FindingLog::for_each(const std::function<void(Finding&)>& visit) const {
    for (const Entry& entry : entries_) {
        Finding f = at(entry);
        visit(f);
    }
}

}  // namespace soaplint
