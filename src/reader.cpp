#include "reader.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <filesystem>
#include <fstream>
#include <set>
#include <iostream>
#include <iterator>
#include <sstream>

#include "decode.hpp"
#include "extract.hpp"
#include "structure.hpp"

namespace soaplint {
namespace fs = std::filesystem;

namespace {

bool note_like(const fs::path& path) {
    const std::string ext = ascii_lower(path.extension().string());
    return ext.empty() || ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".text" || ext == ".note" ||
           ext == ".soap";
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

FileResult parse_bytes(const std::string& file, std::string_view bytes) {
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
        result.notes.push_back(std::move(note));
    }
    carry_header_facts(result.notes);
    result.notes.shrink_to_fit();
    return result;
}

int default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(cores);
}

std::vector<FileResult> read_inputs(const std::vector<std::string>& inputs, int jobs,
                                    const std::function<void(const FileResult&)>& on_file_done) {
    std::vector<FileResult> results(inputs.size());
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        for (std::size_t i = next++; i < inputs.size(); i = next++) {
            results[i] = read_input(inputs[i]);
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

FileResult read_input(const std::string& path) {
    std::string bytes;
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        bytes = buffer.str();
    } else {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            FileResult result;
            result.file = path;
            result.errors.push_back({path, "is a directory"});
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
    return parse_bytes(path == "-" ? "<stdin>" : path, bytes);
}

}  // namespace soaplint
