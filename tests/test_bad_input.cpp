// Issue 12: bad input never hangs, never echoes bytes to a terminal, never decodes a whole file
// wrongly for one bad byte.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "golden.hpp"
#include "src/decode.hpp"

using namespace soaplint;
using namespace soaplint::test;

TEST_CASE("bad input: a FIFO named on the command line is refused at once") {
    TempDir dir("fifo");
    REQUIRE(::mkfifo((dir.path / "pipe").c_str(), 0600) == 0);
    write_file(dir.path / "n.txt", "Patient ID: 1\nDate of Service: 03/17/2026\nSUBJECTIVE: ok\n");
    // `timeout` turns a hang into status 124 instead of a test that never ends.
    const RunResult run = run_soaplint_in(dir.path, "check pipe n.txt", "", "timeout 20");
    CHECK(run.status == 2);
    CHECK(run.out.find("pipe:1:1: error: cannot read input: not a regular file") != std::string::npos);
    CHECK(run.out.find("n.txt:") != std::string::npos);  // the other input is still checked
}

TEST_CASE("bad input: --config naming a directory or a binary file is an error without echo") {
    TempDir dir("config-bad");
    write_file(dir.path / "n.txt", "Patient ID: 1\n");
    std::filesystem::create_directories(dir.path / "conf");
    const RunResult directory = run_soaplint_in(dir.path, "check --config conf n.txt");
    CHECK(directory.status == 2);
    CHECK(directory.err.find("conf: is a directory, not a config file") != std::string::npos);
    write_file(dir.path / "binary.ini", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\x1b[31m", 15));
    const RunResult binary = run_soaplint_in(dir.path, "check --config binary.ini n.txt");
    CHECK(binary.status == 2);
    CHECK(binary.err.find("not a text file") != std::string::npos);
    CHECK(binary.err.find('\x1b') == std::string::npos);
    CHECK(std::count(binary.err.begin(), binary.err.end(), '\n') == 1);
}

TEST_CASE("bad input: a file name with a newline or an escape stays on one line of text output") {
    TempDir dir("names");
    const std::string name = "a\nb\x1b[31m.txt";
    write_file(dir.path / name, "Patient ID: 1\nSUBJECTIVE: ok\n");
    const RunResult run = run_soaplint_in(dir.path, "check --select S002 .");
    CHECK(run.status == 1);
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(run.out.find("./a\\nb\\x1b[31m.txt:1:1: error: no date of service") != std::string::npos);
    CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 2);  // the finding and the summary
}

TEST_CASE("bad input: UTF-8 with one bad byte stays UTF-8 and Windows-1252 stays Windows-1252") {
    const DecodedText mostly = decode("Patient ID: 1\nR shoulder flexion 55\xC2\xB0 today \xFF ok\n");
    CHECK(mostly.encoding == "utf-8-repaired");
    REQUIRE(mostly.lines.size() == 2);
    CHECK(mostly.lines[1].text == "R shoulder flexion 55\xC2\xB0 today \xEF\xBF\xBD ok");
    const DecodedText cp1252 = decode("R shoulder flexion 55\xB0 caf\xE9\n");
    CHECK(cp1252.encoding == "windows-1252");
    REQUIRE(cp1252.lines.size() == 1);
    CHECK(cp1252.lines[0].text == "R shoulder flexion 55\xC2\xB0 caf\xC3\xA9");
}

TEST_CASE("bad input: a folder the run may not enter is reported and the rest is read") {
    // Root enters every folder: the check runs as `nobody` through setpriv (util-linux).
    if (::geteuid() != 0 || !std::filesystem::exists("/usr/bin/setpriv")) {
        MESSAGE("needs root and /usr/bin/setpriv to run as another user: skipped");
        return;
    }
    const std::filesystem::path dir = std::filesystem::path("/tmp") / ("soaplint-locked-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "locked");
    write_file(dir / "open.txt", "Patient ID: 1\nSUBJECTIVE: ok\n");
    write_file(dir / "locked" / "hidden-from-us.txt", "Patient ID: 2\n");
    std::filesystem::permissions(dir, std::filesystem::perms::all);
    std::filesystem::permissions(dir / "open.txt", std::filesystem::perms::all);
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::none);
    const RunResult run = run_shell("cd /tmp && /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups '" +
                                    std::filesystem::absolute(SOAPLINT_BINARY).string() + "' check --select S002,X001 '" +
                                    dir.string() + "' 2>&1");
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::all);
    std::filesystem::remove_all(dir);
    if (run.out.find("Permission denied") != std::string::npos && run.out.find("soaplint") == std::string::npos &&
        run.out.find("locked") == std::string::npos) {
        MESSAGE("the binary is not reachable as nobody here: skipped");
        return;
    }
    CHECK(run.status == 2);
    CHECK(run.out.find("locked:1:1: error: cannot read input: cannot read directory: Permission denied [X001]") !=
          std::string::npos);
    CHECK(run.out.find("open.txt:1:1: error: no date of service") != std::string::npos);
}
