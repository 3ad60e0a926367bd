// read -> decode -> split -> sections -> extract: from paths to notes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace soaplint {

// An input that could not be read, decoded or parsed (rule X001).
struct InputError {
    std::string file;
    std::string message;
};

struct FileResult {
    std::string file;
    std::vector<Note> notes;
    std::vector<InputError> errors;
    std::size_t bytes = 0;
};

// Expands files, directories (recursive; note-like files only: .txt .md .markdown .text .note
// .soap or no extension; hidden entries skipped) and `-` (stdin) into a list of inputs, in a
// stable sorted order; a file named twice is listed once. Paths that do not exist are reported as
// errors.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<InputError>& errors);

// Reads one input (a path, or `-` for stdin) and turns it into notes. Never throws.
FileResult read_input(const std::string& path);

// Reads every input with `jobs` threads; results keep the order of `inputs` whatever thread
// finished first. `on_file_done` (may be empty) is called from worker threads after each file.
std::vector<FileResult> read_inputs(const std::vector<std::string>& inputs, int jobs,
                                    const std::function<void(const FileResult&)>& on_file_done = {});

// `--jobs 0` or no option: every core.
int default_jobs();

// The whole pipeline on bytes already in memory; `file` names them in positions.
FileResult parse_bytes(const std::string& file, std::string_view bytes);


}  // namespace soaplint
