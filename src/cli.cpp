#include "cli.hpp"

#include <boost/program_options.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iomanip>
#include <mutex>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "codetables.hpp"
#include "config.hpp"
#include "engine.hpp"
#include "model_json.hpp"
#include "reader.hpp"
#include "report.hpp"
#include "suppress.hpp"
#include "reported_findings.hpp"

namespace soaplint {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

const char* kUsage =
    "usage: soaplint <command> [options] PATH...\n"
    "\n"
    "commands:\n"
    "  check    lint notes: file:line:col: severity: message [RULE]\n"
    "  extract  print what soaplint understood of each note (SPEC model) as JSON or text\n"
    "  rules    list all rules, or explain one: soaplint rules T003\n"
    "\n"
    "PATH is a file, a directory (searched recursively for .txt/.md notes) or - for stdin.\n"
    "Run `soaplint <command> --help` for the options of a command.\n";

// Writes to --output atomically: a temporary file beside it, renamed into place when complete.
// The report goes to standard output, or with -o FILE to FILE atomically: written as it is
// made into FILE.tmp-soaplint (never held whole in memory), renamed over FILE at commit; a run
// that fails or is interrupted leaves FILE as it was and removes its temporary file.
class OutputSink {
public:
    OutputSink(const std::string& path, std::ostream& fallback)
        : path_(path), temp_(path.empty() ? std::string() : path + ".tmp-soaplint"), fallback_(fallback) {}
    ~OutputSink() {
        if (file_.is_open()) file_.close();
        if (!temp_.empty() && !committed_) {
            std::error_code ignored;
            std::filesystem::remove(temp_, ignored);
        }
    }
    OutputSink(const OutputSink&) = delete;
    OutputSink& operator=(const OutputSink&) = delete;

    std::ostream& stream() {
        if (path_.empty()) return fallback_;
        if (!file_.is_open()) file_.open(temp_, std::ios::binary | std::ios::trunc);
        return file_;
    }
    bool commit(std::ostream& err) {
        if (path_.empty()) return true;
        stream().flush();
        const bool written = static_cast<bool>(file_);
        file_.close();
        if (!written) {
            err << "soaplint: cannot write " << path_ << "\n";
            return false;
        }
        std::error_code ec;
        std::filesystem::rename(temp_, path_, ec);
        if (ec) {
            err << "soaplint: cannot write " << path_ << ": " << ec.message() << "\n";
            return false;
        }
        committed_ = true;
        return true;
    }

private:
    std::string path_, temp_;
    std::ostream& fallback_;
    std::ofstream file_;
    bool committed_ = false;
};

// `-o note.txt note.txt` would replace a note with the report: refused before anything runs.
bool output_names_an_input(const std::string& output, const std::vector<std::string>& inputs, const char* command,
                           std::ostream& err) {
    if (output.empty()) return false;
    for (const std::string& input : inputs) {
        std::error_code ec;
        if (input != "-" && std::filesystem::equivalent(output, input, ec) && !ec) {
            err << "soaplint " << command << ": -o " << output << " names an input file; refusing to overwrite it\n";
            return true;
        }
    }
    return false;
}

void report_input_errors(const std::vector<InputError>& errors, std::ostream& err) {
    for (const InputError& e : errors) err << e.file << ":1:1: error: cannot read input: " << e.message << " [X001]\n";
}

// Profile directories a user can add to: --profiles, $SOAPLINT_PROFILES (colon-separated).
std::vector<std::string> profile_dirs(const std::vector<std::string>& option_dirs) {
    std::vector<std::string> dirs = option_dirs;
    if (const char* env = std::getenv("SOAPLINT_PROFILES")) {
        std::string item;
        for (const char* p = env;; ++p) {
            if (*p == ':' || *p == '\0') {
                if (!item.empty()) dirs.push_back(item);
                item.clear();
                if (*p == '\0') break;
            } else {
                item.push_back(*p);
            }
        }
    }
    return dirs;
}

// --input-format and the CSV column mapping, shared by check and extract.
void add_input_options(po::options_description& options) {
    options.add_options()(
        "input-format", po::value<std::string>()->default_value("auto"),
        "auto | text | json | fhir | ndjson | csv (auto: by extension, then by content)")(
        "csv-text", po::value<std::string>(), "CSV: the column holding the note (a header name or a 1-based number)")(
        "csv-patient-id", po::value<std::string>(), "CSV: the patient ID / MRN column")(
        "csv-patient-name", po::value<std::string>(), "CSV: the patient name column")(
        "csv-dob", po::value<std::string>(), "CSV: the date of birth column")(
        "csv-date-of-service", po::value<std::string>(), "CSV: the date of service column")(
        "csv-provider", po::value<std::string>(), "CSV: the provider column (`Alex Kim, PT, DPT`)")(
        "csv-payer", po::value<std::string>(), "CSV: the payer / insurance column")(
        "csv-kind", po::value<std::string>(), "CSV: the note type column")(
        "csv-delimiter", po::value<std::string>(), "CSV: , ; | or tab (default: tab for .tsv, else ,)");
}

// The reader options from parsed options; false (after a message) when a value is wrong.
bool read_input_options(const po::variables_map& vm, ReadOptions& read, const char* command, std::ostream& err) {
    const std::string format = vm["input-format"].as<std::string>();
    const auto parsed = parse_input_format(format);
    if (!parsed) {
        err << "soaplint " << command << ": unknown --input-format '" << format
            << "' (auto | text | json | fhir | ndjson | csv)\n";
        return false;
    }
    read.format = *parsed;
    const auto take = [&](const char* option, std::string& field) {
        if (vm.count(option)) field = vm[option].as<std::string>();
    };
    take("csv-text", read.csv.text);
    take("csv-patient-id", read.csv.patient_id);
    take("csv-patient-name", read.csv.patient_name);
    take("csv-dob", read.csv.dob);
    take("csv-date-of-service", read.csv.date_of_service);
    take("csv-provider", read.csv.provider);
    take("csv-payer", read.csv.payer);
    take("csv-kind", read.csv.kind);
    take("csv-delimiter", read.csv.delimiter);
    const std::string& d = read.csv.delimiter;
    if (!d.empty() && d != "," && d != ";" && d != "|" && d != "tab" && d != "\t") {
        err << "soaplint " << command << ": --csv-delimiter must be , ; | or tab, not '" << d << "'\n";
        return false;
    }
    return true;
}

int run_extract(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string format = "json", output;
    std::vector<std::string> paths;
    po::options_description options("extract options");
    options.add_options()("help,h", "show this help")(
        "format", po::value(&format)->default_value("json"), "json | text")(
        "output,o", po::value(&output), "write to FILE (atomically) instead of standard output")(
        "jobs,j", po::value<int>()->default_value(0), "parallel jobs (0 = every core)")(
        "with-text", "add each note's text (`text`), so that the model read back as input gives the same findings");
    add_input_options(options);
    po::options_description hidden;
    hidden.add_options()("paths", po::value(&paths));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("paths", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        err << "soaplint extract: " << e.what() << "\n";
        return kExitUsage;
    }
    if (vm.count("help")) {
        out << "usage: soaplint extract [options] PATH...\n\n" << options;
        return kExitOk;
    }
    if (format != "json" && format != "text") {
        err << "soaplint extract: unknown --format '" << format << "' (json | text)\n";
        return kExitUsage;
    }
    if (paths.empty()) {
        err << "soaplint extract: no PATH given (a file, a directory or - for stdin)\n";
        return kExitUsage;
    }
    if (vm["jobs"].as<int>() < 0) {
        err << "soaplint extract: --jobs must be 0 (every core) or more\n";
        return kExitUsage;
    }
    const int jobs = vm["jobs"].as<int>() > 0 ? vm["jobs"].as<int>() : default_jobs();
    ReadOptions read;
    if (!read_input_options(vm, read, "extract", err)) return kExitUsage;
    read.keep_source = vm.count("with-text") > 0;
    std::vector<InputError> errors;
    const auto inputs = expand_inputs(paths, errors);
    if (output_names_an_input(output, inputs, "extract", err)) return kExitUsage;
    OutputSink sink(output, out);
    const ProfileSet profiles = load_profiles(profile_dirs({}));
    // extract needs no episodes: files are read a chunk at a time and the JSON document is
    // streamed note by note (the same bytes as one pretty-printed object), so memory stays flat
    // however large the batch.
    std::ostream& stream = sink.stream();
    bool first_note = true;
    if (format == "json") stream << "{\n  \"soaplint\": \"" << kVersion << "\",\n  \"notes\": [";
    const std::size_t chunk = 64 * static_cast<std::size_t>(jobs);
    for (std::size_t begin = 0; begin < inputs.size(); begin += chunk) {
        const std::vector<std::string> part(inputs.begin() + static_cast<std::ptrdiff_t>(begin),
                                            inputs.begin() + static_cast<std::ptrdiff_t>(std::min(inputs.size(), begin + chunk)));
        std::vector<FileResult> results = read_inputs(part, jobs, {}, read);
        resolve_payers(results, profiles, std::nullopt);
        for (const FileResult& result : results) {
            errors.insert(errors.end(), result.errors.begin(), result.errors.end());
            for (const Note& note : result.notes) {
                if (format == "json") {
                    stream << (first_note ? "\n    " : ",\n    ");
                    boost::json::object model = note_to_json(note);
                    if (read.keep_source) model["text"] = note.source;
                    write_pretty_json(stream, model, 4);
                } else {
                    write_note_text(stream, note);
                }
                first_note = false;
            }
        }
    }
    if (format == "json") stream << (first_note ? "]\n}\n" : "\n  ]\n}\n");
    report_input_errors(errors, err);
    if (!sink.commit(err)) return kExitUsage;
    return errors.empty() ? kExitOk : kExitUsage;
}


// A progress line on stderr while files are read, only when stderr is a terminal: files done,
// notes per second, estimated time left. Redrawn at most ten times a second.
class Progress {
public:
    Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled && ::isatty(2) == 1) {}
    ~Progress() { finish(); }
    void file_done(const FileResult& file) {
        if (!enabled_) return;
        const std::size_t done = ++done_;
        notes_ += file.notes.size();
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = seconds > 0 ? static_cast<double>(notes_) / seconds : 0.0;
        const double eta = done > 0 ? seconds * static_cast<double>(total_ - done) / static_cast<double>(done) : 0.0;
        std::cerr << "\r\x1b[K" << done << "/" << total_ << " files, " << static_cast<long>(rate) << " notes/s, ETA "
                  << std::fixed << std::setprecision(0) << eta << " s" << std::flush;
        drawn_ = true;
    }
    void finish() {
        if (drawn_) std::cerr << "\r\x1b[K" << std::flush;
        drawn_ = false;
    }

private:
    std::size_t total_;
    bool enabled_;
    std::atomic<std::size_t> done_{0}, notes_{0};
    std::mutex mutex_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& value : values) {
        std::string item;
        for (char c : value + ",") {
            if (c == ',' || c == ' ') {
                if (!item.empty()) out.push_back(item);
                item.clear();
            } else {
                item.push_back(c);
            }
        }
    }
    return out;
}

// Options from .soaplint.ini (--config FILE, else the nearest one from the current directory
// up), stored after the command line so that the command line wins.
int merge_config(po::variables_map& vm, const po::options_description& options, std::ostream& err) {
    std::optional<std::string> path;
    if (vm.count("config")) path = vm["config"].as<std::string>();
    else path = find_config(std::filesystem::current_path().string());
    if (!path) return kExitOk;
    std::vector<std::string> keys;
    for (const auto& option : options.options()) {
        const std::string& name = option->long_name();
        if (name != "help" && name != "config" && name != "write-baseline") keys.push_back(name);
    }
    const ConfigFile config = read_config(*path, keys);
    for (const std::string& e : config.errors) err << "soaplint: config error: " << e << "\n";
    if (!config.errors.empty()) return kExitUsage;
    std::vector<std::string> arguments;
    for (const std::string& argument : config.arguments) {
        const std::size_t eq = argument.find('=');
        const std::string key = argument.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        // Program_options merges lists (--select) from both sources: drop what the command line set.
        if (!vm.count(key) || vm[key].defaulted()) arguments.push_back(argument);
    }
    po::store(po::command_line_parser(arguments).options(options).run(), vm);
    return kExitOk;
}


int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string format = "text", output, fail_on = "error", ncci_file;
    std::optional<std::string> payer;
    std::vector<std::string> paths, select, ignore, profile_options;
    po::options_description options("check options");
    options.add_options()("help,h", "show this help")(
        "format", po::value(&format)->default_value("text"), "text | json | sarif | junit | github")(
        "redact", "keep note text (names, quotes) out of the output: positions and rule summaries only")(
        "payer", po::value<std::string>(), "payer profile (wins over the notes' Payer: lines)")(
        "select", po::value(&select)->composing(), "only these rules: IDs, prefixes (T, T00) or names, comma-separated")(
        "ignore", po::value(&ignore)->composing(), "skip these rules")(
        "fail-on", po::value(&fail_on)->default_value("error"), "exit 1 on findings at or above: error | warning | info")(
        "output,o", po::value(&output), "write the report to FILE (atomically)")(
        "profiles", po::value(&profile_options)->composing(), "a directory of extra payer profiles (*.ini)")(
        "ncci", po::value(&ncci_file), "a CMS NCCI PTP quarterly file to use instead of the built-in edits")(
        "jobs,j", po::value<int>()->default_value(0), "parallel jobs (0 = every core)")(
        "memory", po::value<int>()->default_value(8),
        "MB of parsed notes kept in memory until their episode is checked; more go to a temporary file")(
        "quiet,q", "print nothing when there is no finding; no summary line")(
        "config", po::value<std::string>(), "read options from FILE (default: .soaplint.ini here or in a parent directory)")(
        "baseline", po::value<std::string>(), "tolerate the findings recorded in FILE; only new ones count")(
        "write-baseline", po::value<std::string>(), "record today's findings in FILE (this run then passes)")(
        "statistics", po::value<std::string>()->implicit_value("rule"),
        "instead of the findings, count them per rule (default), provider or payer");
    add_input_options(options);
    po::options_description hidden;
    hidden.add_options()("paths", po::value(&paths));
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("paths", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        if (const int status = merge_config(vm, options, err); status != kExitOk) return status;
        po::notify(vm);
    } catch (const po::error& e) {
        err << "soaplint check: " << e.what() << "\n";
        return kExitUsage;
    }
    if (vm.count("help")) {
        out << "usage: soaplint check [options] PATH...\n\n" << options;
        return kExitOk;
    }
    if (vm.count("payer")) payer = vm["payer"].as<std::string>();
    const auto threshold = severity_from(fail_on);
    if (!threshold) {
        err << "soaplint check: --fail-on must be error, warning or info, not '" << fail_on << "'\n";
        return kExitUsage;
    }
    std::string statistics_by = vm.count("statistics") ? vm["statistics"].as<std::string>() : "";
    if (vm.count("statistics")) {
        std::string& by = statistics_by;
        // `--statistics notes/` (as ruff users type it): the option took the path that follows as
        // its value. Give the path back; count per rule.
        std::error_code ec;
        if (by != "rule" && by != "provider" && by != "payer" && (by == "-" || std::filesystem::exists(by, ec))) {
            paths.insert(paths.begin(), by);
            by = "rule";
        }
        if (by != "rule" && by != "provider" && by != "payer") {
            err << "soaplint check: --statistics counts per rule, provider or payer, not '" << by << "'\n";
            return kExitUsage;
        }
        if (format != "text" && format != "json") {
            err << "soaplint check: --statistics prints text or json, not " << format << "\n";
            return kExitUsage;
        }
    }
    if (format != "text" && format != "json" && format != "sarif" && format != "junit" && format != "github") {
        err << "soaplint check: unknown --format '" << format << "' (text | json | sarif | junit | github)\n";
        return kExitUsage;
    }
    CheckOptions check;
    check.rules.select = split_list(select);
    check.rules.ignore = split_list(ignore);
    for (const auto* list : {&check.rules.select, &check.rules.ignore}) {
        const auto unknown = unknown_rule_selectors(*list);
        if (!unknown.empty()) {
            err << "soaplint check: no rule matches '" << unknown.front() << "' (see `soaplint rules`)\n";
            return kExitUsage;
        }
    }
    const ProfileSet profiles = load_profiles(profile_dirs(profile_options));
    for (const std::string& e : profiles.errors) err << "soaplint: profile error: " << e << "\n";
    if (!profiles.errors.empty()) return kExitUsage;
    if (payer && !profiles.find(*payer)) {
        err << "soaplint check: unknown payer profile '" << *payer << "'; known:";
        for (const Profile& p : profiles.profiles) err << " " << p.name;
        err << "\n";
        return kExitUsage;
    }
    check.payer = payer;
    if (!ncci_file.empty()) {
        std::string error;
        auto table = codes::NcciTable::load_file(ncci_file, error);
        if (!table) {
            err << "soaplint check: cannot load --ncci " << ncci_file << ": " << error << "\n";
            return kExitUsage;
        }
        codes::set_active_ncci(std::move(*table));
    }
    if (paths.empty()) {
        err << "soaplint check: no PATH given (a file, a directory or - for stdin)\n";
        return kExitUsage;
    }
    int jobs = vm["jobs"].as<int>();
    if (jobs < 0) {
        err << "soaplint check: --jobs must be 0 (every core) or more\n";
        return kExitUsage;
    }
    if (jobs == 0) jobs = default_jobs();
    check.jobs = jobs;
    if (vm["memory"].as<int>() < 0) {
        err << "soaplint check: --memory must be 0 (spill every note) or more\n";
        return kExitUsage;
    }
    check.memory_budget = static_cast<std::size_t>(vm["memory"].as<int>()) << 20;
    if (!read_input_options(vm, check.read, "check", err)) return kExitUsage;
    std::vector<InputError> errors;
    const auto inputs = expand_inputs(paths, errors);
    if (output_names_an_input(output, inputs, "check", err)) return kExitUsage;
    Progress progress(inputs.size(), !vm.count("quiet"));
    CheckRun run = check_inputs(inputs, profiles, check, [&progress](const FileResult& file) { progress.file_done(file); });
    progress.finish();
    errors.insert(errors.end(), run.errors.begin(), run.errors.end());
    const auto ran = [&](const std::string& id) {
        const Rule* rule = find_rule(id);
        return rule != nullptr && check.rules.enabled(rule->info);
    };
    ReportedFindings findings(run, errors, ran);
    if (vm.count("write-baseline")) {
        const std::string path = vm["write-baseline"].as<std::string>();
        BaselineWriter writer(path);
        findings.visit([&](const Finding& f) { writer.add(f); });
        auto error = writer.write();
        // The run that records the baseline passes: what it recorded is tolerated from now on.
        if (!error) error = findings.add_baseline(path);
        if (error) {
            err << "soaplint check: " << *error << "\n";
            return kExitUsage;
        }
    }
    if (vm.count("baseline")) {
        if (auto error = findings.add_baseline(vm["baseline"].as<std::string>())) {
            err << "soaplint check: " << *error << "\n";
            return kExitUsage;
        }
    }
    Summary summary;
    summary.files = static_cast<int>(inputs.size());
    summary.notes = run.notes;
    bool failing = false;
    findings.visit([&](const Finding& f) {
        if (f.suppressed) return;
        switch (f.severity) {
            case Severity::error: ++summary.error; break;
            case Severity::warning: ++summary.warning; break;
            case Severity::info: ++summary.info; break;
        }
        if (static_cast<int>(f.severity) >= static_cast<int>(*threshold)) failing = true;
    });
    const bool redact = vm.count("redact") > 0;
    findings.redact = redact;
    const FindingSource source = [&findings](const std::function<void(const Finding&)>& visit) { findings.visit(visit); };
    ReportContext context;
    if (format == "sarif" || format == "junit") context.files = inputs;  // the others never list files
    context.notes = run.notes;
    context.redact = redact;
    context.notes_per_file = run.notes_per_file;
    OutputSink sink(output, out);
    if (vm.count("statistics")) {
        write_statistics(sink.stream(), source, statistics_by, format == "json");
    } else if (format == "json") {
        write_json(sink.stream(), source, summary);
    } else if (format == "sarif") {
        write_sarif(sink.stream(), source, context);
    } else if (format == "junit") {
        write_junit(sink.stream(), source, context);
    } else if (format == "github") {
        write_github(sink.stream(), source, context);
    } else {
        ReportOptions text_options;
        text_options.redact = redact;
        // Colour only for a person at a terminal: never in a file, a pipe or a CI log.
        text_options.color = output.empty() && &out == &std::cout && ::isatty(1) == 1 &&
                             std::getenv("NO_COLOR") == nullptr;
        write_text(sink.stream(), source, text_options);
        if (!vm.count("quiet") && (summary.error + summary.warning + summary.info) > 0)
            sink.stream() << summary.error << " errors, " << summary.warning << " warnings, " << summary.info
                          << " info in " << summary.notes << " notes of " << summary.files << " files\n";
    }
    if (!sink.commit(err)) return kExitUsage;
    if (!errors.empty()) {
        // With X001 ignored the report is silent about them: the exit status still says the run
        // is incomplete, and this says why.
        if (!check.rules.enabled(find_rule("X001")->info)) report_input_errors(errors, err);
        return kExitUsage;
    }
    return failing ? kExitFindings : kExitOk;
}

int run_rules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        write_rule_list(out);
        return kExitOk;
    }
    if (args.front() == "--help" || args.front() == "-h") {
        out << "usage: soaplint rules [RULE]   (RULE: an ID such as T003 or a name such as units-exceed-minutes)\n";
        return kExitOk;
    }
    const Rule* rule = find_rule(args.front());
    if (!rule) {
        err << "soaplint rules: no rule '" << args.front() << "' (see `soaplint rules`)\n";
        return kExitUsage;
    }
    write_rule_doc(out, rule->info);
    return kExitOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << kUsage;
        return kExitUsage;
    }
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
        out << kUsage;
        return kExitOk;
    }
    if (command == "--version" || command == "-V") {
        out << "soaplint " << kVersion << "\n";
        return kExitOk;
    }
    if (command == "extract") return run_extract(rest, out, err);
    if (command == "check") return run_check(rest, out, err);
    if (command == "rules") return run_rules(rest, out, err);
    if (command == "report") return run_report(rest, out, err);
    if (command == "shard") return run_shard(rest, out, err);
    err << "soaplint: unknown command '" << command << "'\n\n" << kUsage;
    return kExitUsage;
}

}  // namespace soaplint
