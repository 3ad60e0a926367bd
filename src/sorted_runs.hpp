// An external sort for small fixed-size records: records are added in any order; a run that
// reaches its budget is sorted and written to an unlinked temporary file (src/note_store.hpp);
// reading merges the runs back in order. With one run nothing touches the disk. `check` keeps
// its per-note entries this way, so that its memory does not grow with the number of notes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <vector>

#include <unistd.h>

#include "note_store.hpp"

namespace soaplint {

template <class Record, class Less>
class SortedRuns {
    static_assert(std::is_trivially_copyable_v<Record>);

public:
    SortedRuns(std::size_t records_per_run, Less less)
        : per_run_(std::max<std::size_t>(1, records_per_run)), less_(less), later_{this} {}
    ~SortedRuns() {
        if (fd_ >= 0) ::close(fd_);
    }
    SortedRuns(const SortedRuns&) = delete;
    SortedRuns& operator=(const SortedRuns&) = delete;

    // Thread-safe.
    void add(const std::vector<Record>& records) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const Record& r : records) {
            current_.push_back(r);
            if (current_.size() >= per_run_) write_run();
        }
    }

    // Ends adding; reading starts from the smallest record.
    void finish() {
        if (fd_ < 0) {
            std::swap(memory_, current_);
            std::sort(memory_.begin(), memory_.end(), less_);
            heads_.push_back(Cursor{0, memory_.size(), {}, 0, true});
        } else if (!current_.empty()) {
            write_run();
        }
        std::vector<Record>().swap(current_);
        for (std::size_t i = 0; i < heads_.size(); ++i) {
            refill(heads_[i]);
            if (heads_[i].index < heads_[i].buffer_size()) heap_.push_back(i);
        }
        std::make_heap(heap_.begin(), heap_.end(), later_);
    }
    std::size_t runs() const { return fd_ < 0 ? 1 : heads_.size(); }

    // The next record in order, false at the end. Not thread-safe: the caller serialises.
    bool next(Record& out) {
        if (heap_.empty()) return false;
        Cursor& c = heads_[heap_.front()];
        out = c.front();
        std::pop_heap(heap_.begin(), heap_.end(), later_);
        if (++c.index == c.buffer_size()) refill(c);
        if (c.index < c.buffer_size()) std::push_heap(heap_.begin(), heap_.end(), later_);
        else heap_.pop_back();
        return true;
    }
    // The record next() would give, without taking it; false at the end.
    bool peek(Record& out) const {
        if (heap_.empty()) return false;
        out = heads_[heap_.front()].front();
        return true;
    }

private:

    struct Cursor {
        std::uint64_t next = 0, end = 0;  // records of the run not yet buffered: [next, end)
        std::vector<Record> buffer;
        std::size_t index = 0;
        bool in_memory = false;  // the run is memory_, not a part of the file
        const std::vector<Record>* memory = nullptr;
        std::size_t buffer_size() const { return in_memory ? memory->size() : buffer.size(); }
        const Record& front() const { return in_memory ? (*memory)[index] : buffer[index]; }
    };

    // The run being filled, sorted, to the end of the file.
    void write_run() {
        if (fd_ < 0) fd_ = open_spill_file();
        std::sort(current_.begin(), current_.end(), less_);
        const std::string_view bytes(reinterpret_cast<const char*>(current_.data()), current_.size() * sizeof(Record));
        write_spill(fd_, bytes, written_ * sizeof(Record));
        heads_.push_back(Cursor{written_, written_ + current_.size(), {}, 0, false});
        written_ += current_.size();
        current_.clear();
    }

    void refill(Cursor& c) {
        if (c.in_memory) {
            c.memory = &memory_;
            return;
        }
        // Records read at a time from each run: a quarter of a run, so that the buffers of all runs
        // together stay within the budget the runs were cut for.
        const std::size_t buffer = std::clamp<std::size_t>(per_run_ / 4, 16, 4096);
        const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(buffer, c.end - c.next));
        c.buffer.resize(count);
        c.index = 0;
        if (count == 0) return;
        read_spill(fd_, reinterpret_cast<char*>(c.buffer.data()), count * sizeof(Record), c.next * sizeof(Record));
        c.next += count;
    }

    std::size_t per_run_;
    Less less_;
    std::mutex mutex_;
    std::vector<Record> current_;  // the run being filled
    std::vector<Record> memory_;   // the only run when nothing was spilled
    // Orders cursor indices for a min-heap on their front records (std heaps put the largest first).
    struct Later {
        const SortedRuns* runs;
        bool operator()(std::size_t a, std::size_t b) const {
            return runs->less_(runs->heads_[b].front(), runs->heads_[a].front());
        }
    };
    Later later_;
    std::vector<Cursor> heads_;
    std::vector<std::size_t> heap_;  // cursors with records left
    int fd_ = -1;
    std::uint64_t written_ = 0;  // records in the file
};

}  // namespace soaplint
