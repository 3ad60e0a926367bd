// Running the soaplint binary the way a user does, for golden tests over fixtures.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

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

// Runs `soaplint ARGS` in the source directory (so file names in output are relative).
inline RunResult run_soaplint(const std::string& args, const std::string& stdin_file = "") {
    const auto err_path = std::filesystem::temp_directory_path() /
                          ("soaplint-test-err-" + std::to_string(::getpid()) + ".txt");
    std::string command = std::string("cd '") + SOAPLINT_SOURCE_DIR + "' && '" + SOAPLINT_BINARY + "' " + args +
                          " 2>'" + err_path.string() + "'";
    if (!stdin_file.empty()) command += " <'" + stdin_file + "'";
    else command += " </dev/null";
    RunResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
    const int raw = ::pclose(pipe);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.err = read_file(err_path);
    std::filesystem::remove(err_path);
    return result;
}

inline bool update_golden() {
    const char* v = std::getenv("SOAPLINT_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

}  // namespace soaplint::test
