#include "reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <thread>
#include <filesystem>
#include <fstream>
#include <set>
#include <iostream>
#include <iterator>
#include <sstream>

#include "csv_reader.hpp"
#include "decode.hpp"
#include "fhir_reader.hpp"
#include "model_reader.hpp"
#include "extract.hpp"
#include "structure.hpp"

namespace soaplint {
namespace fs = std::filesystem;

namespace {

bool note_like(const fs::path& path) {
    const std::string ext = ascii_lower(path.extension().string());
    return ext.empty() || ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".text" || ext == ".note" ||
           ext == ".soap" || ext == ".json" || ext == ".ndjson" || ext == ".jsonl" || ext == ".csv" || ext == ".tsv";
}

bool hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

void expand_directory(const fs::path& dir, std::vector<std::string>& out, std::vector<InputError>& errors) {
    std::error_code ec;
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
        errors.push_back({dir.string(), "cannot read directory: " + ec.message()});
        return;
    }
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        if (hidden(p)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        // A folder the run may not enter holds notes nobody would check: say so (X001) rather
        // than skip it silently (the iterator itself skips it, so the walk goes on).
        if (it->is_directory(ec) && ::access(p.c_str(), R_OK | X_OK) != 0) {
            errors.push_back({p.string(), "cannot read directory: " + std::string(std::strerror(errno))});
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && note_like(p)) found.push_back(p.string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
}

// The line where the note's body starts: its first S/O/A/P-level section.
int body_line(const Note& note) {
    for (const Section& section : note.sections)
        if (section.name != SectionName::diagnosis && section.name != SectionName::history) return section.line;
    return note.lines.empty() ? 0 : note.lines.back().number + 1;
}

// Header facts stated once above several notes of a file (a visit history's patient block, an
// intake form's insurance) hold for the notes below that do not restate them.
void carry_header_facts(std::vector<Note>& notes) {
    if (notes.size() < 2) return;
    const Note& first = notes.front();
    const int body = body_line(first);
    const auto header = [&](int line) { return line > 0 && line < body; };
    for (std::size_t i = 1; i < notes.size(); ++i) {
        Note& note = notes[i];
        if (!note.patient_id && !note.patient_name) {
            note.patient_id = first.patient_id;
            note.patient_name = first.patient_name;
        }
        if (!note.dob) note.dob = first.dob;
        if (!note.payer_text && first.payer_text && header(first.payer_line)) {
            note.payer_text = first.payer_text;
            note.payer_line = first.payer_line;
        }
        if (!note.provider && first.provider && header(first.provider->line)) note.provider = first.provider;
        if (!note.referral && first.referral && header(first.referral_line)) {
            note.referral = first.referral;
            note.referral_line = first.referral_line;
        }
        if (!note.authorization && first.authorization && header(first.authorization_line)) {
            note.authorization = first.authorization;
            note.authorization_line = first.authorization_line;
        }
        const bool header_diagnoses = !first.diagnoses.empty() &&
            std::all_of(first.diagnoses.begin(), first.diagnoses.end(), [&](const Diagnosis& d) { return header(d.pos.line); });
        if (note.diagnoses.empty() && header_diagnoses) {
            note.diagnoses = first.diagnoses;
            for (Diagnosis& d : note.diagnoses) d.carried = true;
        }
    }
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<InputError>& errors) {
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (path == "-") {
            out.push_back(path);
        } else if (fs::is_directory(path, ec)) {
            expand_directory(path, out, errors);
        } else if (fs::exists(path, ec)) {
            out.push_back(path);
        } else {
            errors.push_back({path, "no such file or directory"});
        }
    }
    // A file named twice (`a.txt a.txt`, `notes/ notes/a.txt`, `- -`) is read once, where it
    // first appears: twice would double its findings, compare it with itself (R004) and read
    // stdin from two threads.
    std::set<std::string> seen;
    std::erase_if(out, [&seen](const std::string& path) {
        std::error_code ec;
        const fs::path canonical = path == "-" ? fs::path("-") : fs::weakly_canonical(path, ec);
        return !seen.insert(ec ? path : canonical.string()).second;
    });
    return out;
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
    for (InputFormat f : {InputFormat::automatic, InputFormat::text, InputFormat::json, InputFormat::fhir,
                          InputFormat::ndjson, InputFormat::csv})
        if (name == to_string(f)) return f;
    return std::nullopt;
}

const char* to_string(InputFormat format) {
    switch (format) {
        case InputFormat::automatic: return "auto";
        case InputFormat::text: return "text";
        case InputFormat::json: return "json";
        case InputFormat::fhir: return "fhir";
        case InputFormat::ndjson: return "ndjson";
        case InputFormat::csv: return "csv";
    }
    return "auto";
}

void finish_notes(std::vector<Note>& notes) {
    carry_header_facts(notes);
    notes.shrink_to_fit();
}

Note note_from_text(const std::string& file, std::string_view utf8, const TextOrigin& origin) {
    RawNote raw;
    for (DecodedLine& line : decode(utf8).lines) raw.lines.push_back(std::move(line));
    Note note;
    note.file = file;
    build_structure(raw, note);
    read_header_fields(note);
    extract_facts(note);
    // Positions were counted from the text's own first line; move them to the file's.
    const auto place = [&](int& line, int& column) {
        if (line <= 0) return;
        if (line == 1) column += origin.first_column - 1;
        else if (origin.one_line) column = 1;
        line = origin.one_line ? origin.first_line : origin.first_line + line - 1;
    };
    const auto place_line = [&](int& line) {
        int column = 1;
        place(line, column);
    };
    place_line(note.line);
    for (Line& line : note.lines) place(line.number, line.column);
    for (Line& line : note.directives) place(line.number, line.column);
    for (Section& section : note.sections) {
        place_line(section.line);
        place_line(section.first_line);
        place_line(section.last_line);
    }
    for (Diagnosis& d : note.diagnoses) place(d.pos.line, d.pos.column);
    for (Goal& g : note.goals) place(g.pos.line, g.pos.column);
    for (Measurement& m : note.measurements) place(m.pos.line, m.pos.column);
    for (Intervention& i : note.interventions) place(i.pos.line, i.pos.column);
    if (note.provider) place_line(note.provider->line);
    if (note.frequency) place_line(note.frequency->line);
    if (note.duration) place_line(note.duration->line);
    for (int* line : {&note.date_line, &note.payer_line, &note.unsigned_line, &note.referral_line,
                      &note.authorization_line, &note.session.line, &note.total_timed_line,
                      &note.total_treatment_line})
        place_line(*line);
    return note;
}

InputFormat detect_format(const std::string& file, std::string_view bytes, InputFormat requested) {
    if (requested != InputFormat::automatic) return requested;
    const std::string ext = ascii_lower(fs::path(file).extension().string());
    if (ext == ".json") return InputFormat::json;
    if (ext == ".ndjson" || ext == ".jsonl") return InputFormat::ndjson;
    if (ext == ".csv" || ext == ".tsv") return InputFormat::csv;
    // A note's own extension is text, whatever it starts with (`[ BAYVIEW SPINE ]` letterheads).
    if (!ext.empty() && note_like(fs::path(file))) return InputFormat::text;
    // Any other name (no extension, stdin): JSON when it opens as a JSON object or array does
    // (`{"`, `{}`, `[{`, `[[`, `[]`), not merely with a bracket. CSV is never guessed: text notes
    // hold commas too.
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    const auto next_after = [&](std::size_t at) {
        const std::size_t i = bytes.find_first_not_of(" \t\r\n", at);
        return i == std::string_view::npos ? '\0' : bytes[i];
    };
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return InputFormat::text;
    const char second = next_after(first + 1);
    if (bytes[first] == '{' && (second == '"' || second == '}')) return InputFormat::json;
    if (bytes[first] == '[' && (second == '{' || second == '[' || second == ']')) return InputFormat::json;
    return InputFormat::text;
}

namespace {

// The decoded lines of a note, `\n`-joined from its first line, a blank line for each number
// the note skips, so that the text read back gives every line its number again.
std::string source_of(const RawNote& raw) {
    std::string text;
    int next = raw.lines.empty() ? 0 : raw.lines.front().number;
    for (const DecodedLine& line : raw.lines) {
        for (; next < line.number; ++next) text.push_back('\n');
        if (line.number != raw.lines.front().number) text.push_back('\n');
        text += line.text;
        next = line.number + 1;
    }
    return text;
}

FileResult parse_text(const std::string& file, std::string_view bytes, bool keep_source) {
    FileResult result;
    result.file = file;
    result.bytes = bytes.size();
    DecodedText text = decode(bytes);
    if (!text.error.empty()) {
        result.errors.push_back({file, text.error});
        return result;
    }
    for (const RawNote& raw : split_notes(std::move(text.lines))) {
        Note note;
        note.file = file;
        build_structure(raw, note);
        read_header_fields(note);
        extract_facts(note);
        if (keep_source) note.source = source_of(raw);
        result.notes.push_back(std::move(note));
    }
    finish_notes(result.notes);
    return result;
}

}  // namespace

FileResult parse_bytes(const std::string& file, std::string_view bytes, const ReadOptions& options) {
    FileResult result;
    switch (detect_format(file, bytes, options.format)) {
        case InputFormat::automatic:
        case InputFormat::text: return parse_text(file, bytes, options.keep_source);
        case InputFormat::json: result = read_json_input(file, bytes); break;
        case InputFormat::fhir: result = read_fhir(file, bytes, false); break;
        case InputFormat::ndjson: result = read_fhir(file, bytes, true); break;
        case InputFormat::csv: result = read_csv(file, bytes, options.csv); break;
    }
    result.file = file;
    result.bytes = bytes.size();
    return result;
}

int default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

std::vector<FileResult> read_inputs(const std::vector<std::string>& inputs, int jobs,
                                    const std::function<void(const FileResult&)>& on_file_done,
                                    const ReadOptions& options) {
    std::vector<FileResult> results(inputs.size());
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next++; i < inputs.size(); i = next++) {
            results[i] = read_input(inputs[i], options);
            if (on_file_done) on_file_done(results[i]);
        }
    };
    const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(inputs.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    return results;
}

FileResult read_input(const std::string& path, const ReadOptions& options) {
    std::string bytes;
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        bytes = buffer.str();
    } else {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (fs::is_directory(status)) {
            FileResult result;
            result.file = path;
            result.errors.push_back({path, "is a directory"});
            return result;
        }
        // Opening a FIFO with no writer blocks forever, and a device never ends: only regular
        // files are read by name; a pipe's contents come on stdin (`-`).
        if (!ec && !fs::is_regular_file(status)) {
            FileResult result;
            result.file = path;
            result.errors.push_back({path, "not a regular file (a FIFO, device or socket); pipe its contents to `soaplint check -` instead"});
            return result;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            FileResult result;
            result.file = path;
            result.errors.push_back({path, "cannot open file for reading"});
            return result;
        }
        // In blocks, not a character at a time through istreambuf_iterator.
        char block[1 << 16];
        while (in.read(block, sizeof block) || in.gcount() > 0) bytes.append(block, static_cast<std::size_t>(in.gcount()));
        if (in.bad()) {
            FileResult result;
            result.file = path;
            result.errors.push_back({path, "read error"});
            return result;
        }
    }
    return parse_bytes(path == "-" ? "<stdin>" : path, bytes, options);
}

}  // namespace soaplint
