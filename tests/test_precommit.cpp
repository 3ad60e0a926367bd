// The pre-commit hook of .pre-commit-hooks.yaml, run by the real `pre-commit` in throw-away git
// repositories: a commit of a bad note is refused, a commit of a good one accepted. Offline:
// the hook repository is a local path and the hook uses `language: system`.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.hpp"

namespace fs = std::filesystem;
using soaplint::test::read_file;
using soaplint::test::write_file;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

int exit_status(int raw) { return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1; }

// Runs `command` in `dir` with the test's environment; output goes to `log` (appended).
struct Sandbox {
    fs::path root, hooks, project, home, bin, log;

    Sandbox() {
        root = fs::temp_directory_path() / ("soaplint-precommit-" + std::to_string(::getpid()));
        fs::remove_all(root);
        hooks = root / "hooks";
        project = root / "project";
        home = root / "pre-commit-home";
        bin = root / "bin";
        log = root / "log.txt";
        for (const fs::path& d : {hooks, project, home, bin}) fs::create_directories(d);
        // `soaplint` on PATH, whatever the built binary is called.
        fs::create_symlink(fs::absolute(SOAPLINT_BINARY), bin / "soaplint");
    }
    ~Sandbox() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }

    int run(const fs::path& dir, const std::string& command) const {
        // Isolated from the user's git configuration (hooksPath, signing, templates) and cache.
        // Exported, so that every command of an `a && b` chain (and git's hook) sees it.
        const std::string env = "export PATH=" + quoted(bin) + ":\"$PATH\" PRE_COMMIT_HOME=" + quoted(home) +
                                " GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0; ";
        // The group keeps redirections inside `command` (`git rev-parse HEAD >rev.txt`) working.
        const std::string line = "cd " + quoted(dir) + " && { " + env + command + "; } >>" + quoted(log) + " 2>&1";
        return exit_status(std::system(line.c_str()));
    }

    int git_init(const fs::path& dir) const {
        return run(dir, "git init -q -b main . && git config user.name 'soaplint test' && "
                        "git config user.email test@example.invalid && git config commit.gpgsign false");
    }
};

bool have(const char* command) {
    return exit_status(std::system((std::string(command) + " --version >/dev/null 2>&1").c_str())) == 0;
}

}  // namespace

TEST_CASE("pre-commit: the soaplint hook refuses a commit of a bad note and accepts a good one") {
    if (!have("pre-commit") || !have("git")) {
        MESSAGE("skipped: `pre-commit` or `git` is not installed (Debian: apt-get install pre-commit git)");
        return;
    }
    const fs::path source = SOAPLINT_SOURCE_DIR;
    Sandbox box;
    INFO("log: " << read_file(box.log));

    // The hook repository: this project's .pre-commit-hooks.yaml, committed.
    fs::copy_file(source / ".pre-commit-hooks.yaml", box.hooks / ".pre-commit-hooks.yaml");
    REQUIRE(box.git_init(box.hooks) == 0);
    REQUIRE(box.run(box.hooks, "git add .pre-commit-hooks.yaml && git commit -q -m hooks") == 0);
    REQUIRE(box.run(box.hooks, "git rev-parse HEAD >" + quoted(box.root / "rev.txt")) == 0);
    std::string rev = read_file(box.root / "rev.txt");
    while (!rev.empty() && (rev.back() == '\n' || rev.back() == '\r')) rev.pop_back();
    REQUIRE(rev.size() == 40);

    // The project: a config pointing at the hook repository, committed before the hook is installed.
    REQUIRE(box.git_init(box.project) == 0);
    write_file(box.project / ".pre-commit-config.yaml",
               "repos:\n"
               "  - repo: " + box.hooks.string() + "\n"
               "    rev: " + rev + "\n"
               "    hooks:\n"
               "      - id: soaplint\n");
    REQUIRE(box.run(box.project, "git add .pre-commit-config.yaml && git commit -q -m config") == 0);
    REQUIRE(box.run(box.project, "pre-commit install") == 0);
    CHECK(fs::exists(box.project / ".git" / "hooks" / "pre-commit"));

    // A note that bills 4 units for 40 minutes under Medicare (T003, an error): refused.
    fs::copy_file(source / "fixtures/rules/T003/bad-cms-33-plus-7-billed-4.txt", box.project / "bad-note.txt");
    const std::string before_bad = read_file(box.log);
    CHECK(box.run(box.project, "git add bad-note.txt && git commit -q -m bad") != 0);
    const std::string bad_log = read_file(box.log).substr(before_bad.size());
    CHECK_MESSAGE(bad_log.find("[T003]") != std::string::npos, "the refusal must come from soaplint:\n" << bad_log);
    CHECK(box.run(box.project, "git rev-list --count HEAD >" + quoted(box.root / "count.txt")) == 0);
    CHECK(read_file(box.root / "count.txt") == "1\n");

    // A clean daily note: accepted (the bad one is taken out of the commit first).
    REQUIRE(box.run(box.project, "git rm -q --cached bad-note.txt") == 0);
    fs::copy_file(source / "fixtures/examples/01-daily-note.txt", box.project / "daily-note.txt");
    CHECK(box.run(box.project, "git add daily-note.txt && git commit -q -m good") == 0);
    CHECK(box.run(box.project, "git rev-list --count HEAD >" + quoted(box.root / "count.txt")) == 0);
    CHECK(read_file(box.root / "count.txt") == "2\n");
    CHECK(box.run(box.project, "git ls-files >" + quoted(box.root / "files.txt")) == 0);
    CHECK(read_file(box.root / "files.txt") == ".pre-commit-config.yaml\ndaily-note.txt\n");
}
