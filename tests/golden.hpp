// Running the soaplint binary the way a user does, for golden tests over fixtures.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace soaplint::test {

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// Runs a shell command; its standard output, exit status, and standard error (the command is
// expected to send it to `err_path`; empty path: not collected).
inline RunResult run_shell(const std::string& command, const std::filesystem::path& err_path = {}) {
    RunResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    const int raw = ::pclose(pipe);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    if (!err_path.empty()) {
        result.err = read_file(err_path);
        std::filesystem::remove(err_path);
    }
    return result;
}

// Runs `soaplint ARGS` with `dir` as the current directory (`env`: `NAME=value ...` for it).
inline RunResult run_soaplint_in(const std::filesystem::path& dir, const std::string& args,
                                 const std::string& stdin_file = "", const std::string& env = "") {
    const auto err_path = std::filesystem::temp_directory_path() /
                          ("soaplint-test-err-" + std::to_string(::getpid()) + ".txt");
    std::string command = "cd '" + dir.string() + "' && " + env + " '" + std::filesystem::absolute(SOAPLINT_BINARY).string() +
                          "' " + args + " 2>'" + err_path.string() + "'";
    command += stdin_file.empty() ? " </dev/null" : " <'" + stdin_file + "'";
    return run_shell(command, err_path);
}

// Runs `soaplint ARGS` in the source directory (so file names in output are relative).
inline RunResult run_soaplint(const std::string& args, const std::string& stdin_file = "") {
    return run_soaplint_in(SOAPLINT_SOURCE_DIR, args, stdin_file);
}

// A fresh directory under the system temp directory, removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name) {
        path = std::filesystem::temp_directory_path() / ("soaplint-" + name + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

inline bool update_golden() {
    const char* v = std::getenv("SOAPLINT_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

}  // namespace soaplint::test
