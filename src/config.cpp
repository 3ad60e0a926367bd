// .soaplint.ini: a strict little INI reader. Boost.Program_options' parse_config_file cannot
// name the line of an unknown key, and a user who misspells `fail_on` deserves to be told where.
#include "config.hpp"

#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>

namespace soaplint {
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigName = ".soaplint.ini";

// Options that are switches on the command line: `quiet = true` becomes `--quiet`.
bool is_switch(std::string_view key) { return key == "redact" || key == "quiet"; }

// Comma-separated rule lists, passed on as one `--key=A,B` argument.
bool is_rule_list(std::string_view key) { return key == "select" || key == "ignore"; }

// Paths are relative to the config file, not to wherever soaplint happens to run from:
// a config found in a parent directory must mean the same files.
bool is_path(std::string_view key) {
    return key == "output" || key == "profiles" || key == "ncci" || key == "baseline" || key == "write-baseline";
}

// `value  # comment` and `value ; comment`: a comment needs a blank before it so that paths and
// values containing `#` or `;` survive.
std::string_view strip_inline_comment(std::string_view value) {
    for (std::size_t i = 1; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && std::isspace(static_cast<unsigned char>(value[i - 1])))
            return trim_space(value.substr(0, i));
    }
    return value;
}

std::string_view unquote(std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
}

std::vector<std::string> split_items(std::string_view value) {
    std::vector<std::string> items;
    std::string item;
    for (char c : std::string(value) + ",") {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!item.empty()) items.push_back(item);
            item.clear();
        } else {
            item.push_back(c);
        }
    }
    return items;
}

std::optional<bool> parse_bool(std::string_view value) {
    const std::string v = ascii_lower(value);
    if (v == "true" || v == "yes" || v == "1" || v == "on") return true;
    if (v == "false" || v == "no" || v == "0" || v == "off") return false;
    return std::nullopt;
}

std::string resolve_path(const fs::path& config_dir, std::string_view value) {
    const fs::path p{std::string(value)};
    if (p.is_absolute() || value == "-") return std::string(value);
    return (config_dir / p).lexically_normal().string();
}

// A key that differs from a known one only by `_` for `-` or case: the likely intent.
std::string suggestion(std::string_view key, const std::vector<std::string>& known) {
    std::string k = ascii_lower(key);
    std::replace(k.begin(), k.end(), '_', '-');
    for (const std::string& candidate : known)
        if (candidate == k) return candidate;
    return {};
}

class Reader {
public:
    Reader(const std::string& path, const std::vector<std::string>& known) : known_(known) {
        result_.path = path;
        dir_ = fs::path(path).parent_path();
    }

    ConfigFile read() {
        std::error_code ec;
        if (std::filesystem::is_directory(result_.path, ec)) {
            result_.errors.push_back(result_.path + ": is a directory, not a config file");
            return std::move(result_);
        }
        std::ifstream in(result_.path, std::ios::binary);
        if (!in) {
            result_.errors.push_back(result_.path + ": cannot read the config file");
            return std::move(result_);
        }
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            // A binary file named by mistake: say so once, never echo its bytes to the terminal.
            if (std::any_of(line.begin(), line.end(), [](char c) {
                    const auto u = static_cast<unsigned char>(c);
                    return u < 0x20 && c != '\t' && c != '\r';
                })) {
                result_.errors.push_back(result_.path + ":" + std::to_string(number) +
                                         ": not a text file (control bytes); a config file is `key = value` lines");
                return std::move(result_);
            }
            if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
            read_line(line, number);
        }
        return std::move(result_);
    }

private:
    void error(int line, const std::string& message) {
        result_.errors.push_back(result_.path + ":" + std::to_string(line) + ": " + message);
    }

    void read_line(std::string_view text, int number) {
        text = trim_space(text);
        if (text.empty() || text.front() == '#' || text.front() == ';') return;
        if (text.front() == '[') return read_section(text, number);
        const std::size_t eq = text.find('=');
        if (eq == std::string_view::npos) {
            error(number, "expected `key = value`, got '" + std::string(text) + "'");
            return;
        }
        const std::string key(trim_space(text.substr(0, eq)));
        const std::string_view value = unquote(strip_inline_comment(trim_space(text.substr(eq + 1))));
        if (!section_ok_) return;  // the section header was already reported
        read_pair(key, trim_space(value), number);
    }

    void read_section(std::string_view text, int number) {
        if (text.back() != ']') {
            error(number, "malformed section header '" + std::string(text) + "'");
            section_ok_ = false;
            return;
        }
        const std::string name = ascii_lower(trim_space(text.substr(1, text.size() - 2)));
        section_ok_ = name == "soaplint" || name == "check" || name == "csv";
        in_csv_ = name == "csv";
        if (!section_ok_) error(number, "unknown section '[" + name + "]' (use [soaplint], [check] or [csv])");
    }

    // `[csv]` keys are the `--csv-*` options without their prefix (`text = transcription` is
    // `--csv-text=transcription`); `patient_id` is accepted for `patient-id`, as exports name it.
    std::string csv_option(const std::string& key, int number) {
        std::string k = ascii_lower(key);
        std::replace(k.begin(), k.end(), '_', '-');
        const std::string option = "csv-" + k;
        if (std::find(known_.begin(), known_.end(), option) != known_.end()) return option;
        std::vector<std::string> csv_keys;
        for (const std::string& known : known_)
            if (known.rfind("csv-", 0) == 0) csv_keys.push_back(known.substr(4));
        error(number, "unknown key '" + key + "' in [csv] (known keys: " + join(csv_keys, ", ") + ")");
        return {};
    }

    void read_pair(const std::string& written, std::string_view value, int number) {
        if (written.empty()) return error(number, "missing key before '='");
        const std::string key = in_csv_ ? csv_option(written, number) : written;
        if (key.empty()) return;  // an unknown [csv] key, reported
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
            std::string message = "unknown key '" + key + "'";
            if (const std::string hint = suggestion(key, known_); !hint.empty())
                message += "; did you mean '" + hint + "'?";
            else
                message += " (known keys: " + join(known_, ", ") + ")";
            return error(number, message);
        }
        if (const auto seen = first_line_.find(key); seen != first_line_.end())
            return error(number, "'" + key + "' is already set on line " + std::to_string(seen->second));
        first_line_[key] = number;
        if (value.empty()) return error(number, "no value for '" + key + "'");
        if (is_switch(key)) return read_switch(key, value, number);
        if (!valid_value(key, value, number)) return;
        if (is_rule_list(key)) {
            result_.arguments.push_back("--" + key + "=" + join(split_items(value), ","));
        } else if (key == "profiles") {
            // One directory per argument: the option is repeatable, not comma-split.
            for (const std::string& dir : split_items(value))
                result_.arguments.push_back("--profiles=" + resolve_path(dir_, dir));
        } else if (is_path(key)) {
            result_.arguments.push_back("--" + key + "=" + resolve_path(dir_, value));
        } else {
            result_.arguments.push_back("--" + key + "=" + std::string(value));
        }
    }

    void read_switch(const std::string& key, std::string_view value, int number) {
        const auto on = parse_bool(value);
        if (!on) return error(number, "'" + key + "' must be true or false (or yes/no, 1/0), not '" + std::string(value) + "'");
        if (*on) result_.arguments.push_back("--" + key);
    }

    // Values whose set is fixed are checked here, where the line is known.
    bool valid_value(const std::string& key, std::string_view value, int number) {
        const auto one_of = [&](std::initializer_list<std::string_view> allowed, const char* list) {
            if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return true;
            error(number, "'" + key + "' must be " + list + ", not '" + std::string(value) + "'");
            return false;
        };
        if (key == "format") return one_of({"text", "json", "sarif", "junit", "github"}, "text, json, sarif, junit or github");
        if (key == "fail-on") return one_of({"error", "warning", "info"}, "error, warning or info");
        if (key == "input-format")
            return one_of({"auto", "text", "json", "fhir", "ndjson", "csv"}, "auto, text, json, fhir, ndjson or csv");
        if (key == "csv-delimiter")
            return one_of({",", ";", "|", "tab", "\\t", "comma", "semicolon", "pipe"}, "',', ';', '|' or tab");
        if (key == "jobs" && (value.size() > 4 || !std::all_of(value.begin(), value.end(), [](char c) {
                                  return std::isdigit(static_cast<unsigned char>(c));
                              }))) {
            error(number, "'jobs' must be a number of threads (0 = every core), not '" + std::string(value) + "'");
            return false;
        }
        return true;
    }

    const std::vector<std::string>& known_;
    ConfigFile result_;
    fs::path dir_;
    bool section_ok_ = true;
    bool in_csv_ = false;  // inside `[csv]`
    std::map<std::string, int> first_line_;
};

}  // namespace

std::optional<std::string> find_config(const std::string& start_dir) {
    std::error_code ec;
    fs::path dir = fs::absolute(start_dir.empty() ? fs::path(".") : fs::path(start_dir), ec).lexically_normal();
    if (ec) return std::nullopt;
    // lexically_normal keeps a trailing separator ("a/b/"): its parent would be itself.
    if (!dir.has_filename() && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();
    while (true) {
        const fs::path candidate = dir / kConfigName;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
        if (dir == dir.root_path() || !dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
        dir = dir.parent_path();
    }
}

ConfigFile read_config(const std::string& path, const std::vector<std::string>& known_keys) {
    return Reader(path, known_keys).read();
}

}  // namespace soaplint
