// Where `check` keeps the notes that wait for their episode between its two passes: in memory up
// to a budget, then in an unnamed temporary file (created in $TMPDIR or /tmp and unlinked at
// once, so nothing is left behind, even after a crash, and no other process can open it). Notes
// are protected health information: the file is the process's own, mode 0600.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

// An unnamed temporary file in $TMPDIR (else /tmp), mode 0600, gone when closed; and exact
// positioned reads and writes on it. All throw std::runtime_error on failure.
int open_spill_file();
void write_spill(int fd, std::string_view bytes, std::uint64_t at);
void read_spill(int fd, char* into, std::size_t size, std::uint64_t at);

class NoteStore {
public:
    // Where a stored note starts; its length is stored in front of it (4 bytes), so that a
    // handle is one word and the per-note entry of a million-note audit stays small.
    struct Handle {
        std::uint64_t offset = 0;
    };

    explicit NoteStore(std::size_t memory_budget) : budget_(memory_budget) {}
    ~NoteStore();
    NoteStore(const NoteStore&) = delete;
    NoteStore& operator=(const NoteStore&) = delete;

    // Thread-safe. Throws std::runtime_error when the temporary file cannot be written.
    Handle append(std::string_view bytes);
    // Thread-safe once appending is over.
    std::string read(Handle handle) const;

    std::size_t bytes_in_memory() const { return memory_used_; }
    std::uint64_t bytes_spilled() const { return file_size_; }

private:
    static constexpr std::size_t kBlock = 1 << 20;
    std::size_t budget_;
    mutable std::mutex mutex_;
    std::vector<std::string> blocks_;  // memory part: blocks of up to kBlock bytes (bigger for one big note)
    std::vector<std::uint64_t> block_start_;
    std::size_t memory_used_ = 0;
    int fd_ = -1;                      // the temporary file, once the budget is spent
    std::uint64_t file_size_ = 0;
    static constexpr std::uint64_t kFileBit = std::uint64_t{1} << 63;  // offsets into the file
};

}  // namespace soaplint
