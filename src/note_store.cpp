#include "note_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace soaplint {

// O_TMPFILE where the file system has it, else a mkstemp file unlinked at once.
int open_spill_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string where = dir && *dir ? dir : "/tmp";
#ifdef O_TMPFILE
    if (int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); fd >= 0) return fd;
#endif
    std::string name = where + "/soaplint-spill-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + where + ": " + std::strerror(errno));
    ::unlink(name.c_str());
    return fd;
}

void write_spill(int fd, std::string_view bytes, std::uint64_t at) {
    while (!bytes.empty()) {
        const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(at));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(std::string("cannot write the temporary file: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<std::size_t>(n));
        at += static_cast<std::uint64_t>(n);
    }
}

void read_spill(int fd, char* into, std::size_t size, std::uint64_t at) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, into + done, size - done, static_cast<off_t>(at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(std::string("cannot read the temporary file: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

NoteStore::~NoteStore() {
    if (fd_ >= 0) ::close(fd_);
}

NoteStore::Handle NoteStore::append(std::string_view bytes) {
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) throw std::runtime_error("a note of more than 4 GB cannot be stored");
    const auto size = static_cast<std::uint32_t>(bytes.size());
    char prefix[sizeof size];
    std::memcpy(prefix, &size, sizeof size);
    const std::size_t total = sizeof size + bytes.size();
    std::lock_guard<std::mutex> lock(mutex_);
    if (fd_ < 0 && memory_used_ + total <= budget_) {
        if (blocks_.empty() || blocks_.back().size() + total > blocks_.back().capacity()) {
            block_start_.push_back(memory_used_);
            blocks_.emplace_back();
            blocks_.back().reserve(std::max(kBlock, total));
        }
        const Handle handle{memory_used_};
        blocks_.back().append(prefix, sizeof prefix).append(bytes);
        memory_used_ += total;
        return handle;
    }
    if (fd_ < 0) fd_ = open_spill_file();
    const Handle handle{kFileBit | file_size_};
    write_spill(fd_, std::string_view(prefix, sizeof prefix), file_size_);
    write_spill(fd_, bytes, file_size_ + sizeof prefix);
    file_size_ += total;
    return handle;
}

std::string NoteStore::read(Handle handle) const {
    std::uint32_t size = 0;
    if (handle.offset & kFileBit) {
        const std::uint64_t at = handle.offset & ~kFileBit;
        read_spill(fd_, reinterpret_cast<char*>(&size), sizeof size, at);
        std::string out(size, '\0');
        read_spill(fd_, out.data(), size, at + sizeof size);
        return out;
    }
    const auto it = std::upper_bound(block_start_.begin(), block_start_.end(), handle.offset);
    const std::size_t block = static_cast<std::size_t>(it - block_start_.begin()) - 1;
    const char* at = blocks_[block].data() + (handle.offset - block_start_[block]);
    std::memcpy(&size, at, sizeof size);
    return std::string(at + sizeof size, size);
}

}  // namespace soaplint
