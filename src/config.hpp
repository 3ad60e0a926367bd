// .soaplint.ini: every option of `soaplint check` can come from a config file, found in the
// current directory or its parents, or named by --config. Command-line options win.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soaplint {

struct ConfigFile {
    std::string path;
    // Options as command-line arguments ("--payer=medicare", "--select=T,C001"), ready to be
    // parsed after the real command line so that the command line wins.
    std::vector<std::string> arguments;
    std::vector<std::string> errors;  // "FILE:LINE: unknown key 'x'"
};

// Searches `start_dir` and its parents for .soaplint.ini; nullopt when there is none.
std::optional<std::string> find_config(const std::string& start_dir);

// Reads a config file: `key = value` lines, `#`/`;` comments, an optional `[soaplint]` or
// `[check]` section header; keys are the long option names of `soaplint check` (format, payer,
// select, ignore, fail-on, output, jobs, redact, quiet, profiles, ncci, baseline); unknown keys
// and malformed lines are errors with the file and line. `known_keys` lists the accepted keys.
// A `[csv]` section names the CSV column mapping: its keys (text, patient-id, patient-name, dob,
// date-of-service, provider, payer, kind, delimiter; `_` for `-` accepted) are the `--csv-*`
// options without their prefix (`text = transcription` -> `--csv-text=transcription`).
ConfigFile read_config(const std::string& path, const std::vector<std::string>& known_keys);

}  // namespace soaplint
