// read -> decode -> split -> sections -> extract: from paths to notes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "input_format.hpp"
#include "model.hpp"

namespace soaplint {

// An input that could not be read, decoded or parsed (rule X001).
struct InputError {
    InputError() = default;
    InputError(std::string file_, std::string message_, int line_ = 1, int column_ = 1, std::string pointer_ = {})
        : file(std::move(file_)), message(std::move(message_)), line(line_), column(column_), pointer(std::move(pointer_)) {}
    std::string file;
    std::string message;
    int line = 1;          // where a structured input broke (JSON syntax, a CSV row), else 1
    int column = 1;
    std::string pointer;   // JSON Pointer of the resource that could not be used, if any
};

struct FileResult {
    std::string file;
    std::vector<Note> notes;
    std::vector<InputError> errors;
    std::size_t bytes = 0;
    // Why an input that was read without error holds no note ("a FHIR export with no note
    // resources"); the engine reports such an input (X003) instead of passing it silently.
    std::string empty_reason;
};

// Expands files, directories (recursive; note-like files only: .txt .md .markdown .text .note
// .soap or no extension; hidden entries skipped) and `-` (stdin) into a list of inputs, in a
// stable sorted order; a file named twice is listed once. Paths that do not exist are reported as
// errors.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<InputError>& errors);

// Reads one input (a path, or `-` for stdin) and turns it into notes. Never throws.
FileResult read_input(const std::string& path, const ReadOptions& options = {});

// Reads every input with `jobs` threads; results keep the order of `inputs` whatever thread
// finished first. `on_file_done` (may be empty) is called from worker threads after each file.
std::vector<FileResult> read_inputs(const std::vector<std::string>& inputs, int jobs,
                                    const std::function<void(const FileResult&)>& on_file_done = {},
                                    const ReadOptions& options = {});

// `--jobs 0` or no option: every core.
int default_jobs();

// The whole pipeline on bytes already in memory; `file` names them in positions. The reader is
// chosen by `options.format`, else by the file's extension, else by its content (JSON).
FileResult parse_bytes(const std::string& file, std::string_view bytes, const ReadOptions& options = {});

// The reader `parse_bytes` would use for `file` (its name) holding `bytes`: never `automatic`;
// `json` stands for "JSON, model or FHIR by its content".
InputFormat detect_format(const std::string& file, std::string_view bytes, InputFormat requested);

// Text embedded in a structured input (a CSV cell, a FHIR narrative or attachment, already
// UTF-8) read by the text pipeline as one note, its lines placed in the file by `origin`.
Note note_from_text(const std::string& file, std::string_view utf8, const TextOrigin& origin);

// What the text reader does to a file's notes once all are read (facts of a shared header block
// carried into the notes below it); structured readers call it on the notes they built.
void finish_notes(std::vector<Note>& notes);


}  // namespace soaplint
