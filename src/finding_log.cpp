#include "finding_log.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace soaplint {

namespace {

void put_number(long long value, std::string& out) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_text(const std::string& text, std::string& out) {
    put_number(static_cast<long long>(text.size()), out);
    out.append(text);
}

class Cursor {
public:
    explicit Cursor(std::string_view in) : in_(in) {}
    long long number() {
        long long value = 0;
        std::memcpy(&value, take(sizeof value).data(), sizeof value);
        return value;
    }
    std::string text() { return std::string(take(static_cast<std::size_t>(number()))); }
    bool done() const { return in_.empty(); }

private:
    std::string_view take(std::size_t size) {
        if (size > in_.size()) throw std::runtime_error("finding_log: truncated finding");
        const std::string_view part = in_.substr(0, size);
        in_.remove_prefix(size);
        return part;
    }
    std::string_view in_;
};

}  // namespace

void encode_finding(const Finding& f, std::string& out) {
    put_text(f.rule, out), put_text(f.name, out), put_number(static_cast<int>(f.severity), out);
    put_text(f.file, out), put_number(f.line, out), put_number(f.column, out), put_text(f.message, out);
    put_number(f.note_index, out), put_text(f.anchor, out), put_number(f.suppressed.has_value(), out);
    if (f.suppressed) put_text(f.suppressed->kind, out), put_text(f.suppressed->reason, out);
}

Finding decode_finding(std::string_view bytes) {
    Cursor in(bytes);
    Finding f;
    f.rule = in.text(), f.name = in.text(), f.severity = static_cast<Severity>(in.number());
    f.file = in.text(), f.line = static_cast<int>(in.number()), f.column = static_cast<int>(in.number());
    f.message = in.text(), f.note_index = static_cast<int>(in.number()), f.anchor = in.text();
    if (in.number() != 0) {
        Suppression s;
        s.kind = in.text(), s.reason = in.text();
        f.suppressed = std::move(s);
    }
    if (!in.done()) throw std::runtime_error("finding_log: trailing bytes");
    return f;
}

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
    // Messages break the rare ties (one rule twice at one position); reading them back is cheap
    // because ties are rare.
    std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
        const auto key = [](const Entry& e) {
            return std::make_tuple(e.file, e.line, e.column, std::string_view(e.rule, 4));
        };
        if (key(a) != key(b)) return key(a) < key(b);
        const Finding fa = at(a), fb = at(b);
        return std::tie(fa.rule, fa.message) < std::tie(fb.rule, fb.message);
    });
}

void FindingLog::for_each(const std::function<void(Finding&)>& visit) const {
    for (const Entry& entry : entries_) {
        Finding f = at(entry);
        visit(f);
    }
}

}  // namespace soaplint
