// Inline suppressions (`soaplint: ignore T004 -- reason`) and content-keyed baselines (SPEC §6).
#include "suppress.hpp"

#include "text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unistd.h>

#include "model_json.hpp"

namespace soaplint {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// ---------------------------------------------------------------------------------------------
// Directives

using Scope = Directive::Scope;

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Number of UTF-8 characters in `s` (continuation bytes do not start one).
int characters(std::string_view s) {
    return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// `T004`, `t004`: the shape of a rule ID, known or not.
bool looks_like_id(std::string_view token) {
    return token.size() == 4 && std::isalpha(static_cast<unsigned char>(token[0])) &&
           std::all_of(token.begin() + 1, token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The rule an ID or name selects, as its ID; empty when none.
std::string rule_id_for(std::string_view token) {
    std::string candidate(token);
    if (looks_like_id(token)) candidate[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(candidate[0])));
    else candidate = ascii_lower(token);
    const Rule* rule = find_rule(candidate);
    return rule ? std::string(rule->info.id) : std::string();
}

// The reason separator: `--`, or the dash a word processor turns it into (— or –, which the
// decoder has already made a plain `-`): a lone ` - `. Rule names hold hyphens, never a lone one.
std::pair<std::size_t, std::size_t> find_separator(std::string_view text) {
    std::size_t best = std::string_view::npos, length = 0;
    for (std::string_view dash : {std::string_view("--"), std::string_view(" - "), std::string_view("\xE2\x80\x94"),
                                  std::string_view("\xE2\x80\x93")}) {
        const std::size_t at = text.find(dash);
        if (at < best) best = at, length = dash.size();
    }
    return {best, length};
}

// A directive hidden in a Markdown/HTML comment (`<!-- soaplint: ... -->`) or a C-style one.
std::string_view strip_comment_close(std::string_view reason) {
    reason = trim_space(reason);
    for (std::string_view close : {std::string_view("-->"), std::string_view("*/")}) {
        if (reason.size() >= close.size() && reason.substr(reason.size() - close.size()) == close)
            reason = trim_space(reason.substr(0, reason.size() - close.size()));
    }
    return reason;
}

std::vector<std::string_view> tokens_of(std::string_view text) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ',' || std::isspace(static_cast<unsigned char>(text[i])))) ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ',' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start) tokens.push_back(text.substr(start, i - start));
    }
    return tokens;
}

// Reads the rules and the reason after the verb: `T004, units-exceed-minutes -- reason`.
void read_rules_and_reason(std::string_view rest, Directive& d) {
    rest = strip_comment_close(rest);  // first: the `--` of `-->` is not a reason separator
    const auto [separator, length] = find_separator(rest);
    std::vector<std::string_view> tokens;
    if (separator != std::string_view::npos) {
        tokens = tokens_of(rest.substr(0, separator));
        d.reason = std::string(trim_space(rest.substr(separator + length)));
    } else {
        // No reason: the rules are the leading tokens that look like rules; prose after them is
        // not a reason (it has no `--`), and is not mistaken for unknown rules.
        for (std::string_view token : tokens_of(rest)) {
            if (!looks_like_id(token) && rule_id_for(token).empty()) break;
            tokens.push_back(token);
        }
    }
    for (std::string_view token : tokens) {
        const std::string id = rule_id_for(token);
        if (id.empty()) d.unknown.emplace_back(token);
        else if (std::find(d.rules.begin(), d.rules.end(), id) == d.rules.end()) d.rules.push_back(id);
    }
}

constexpr std::string_view kTag = "soaplint:";

// Where `soaplint: VERB` starts in `text` (byte offsets), with the verb's scope and length.
struct Tag {
    std::size_t at = 0;
    Scope scope = Scope::line;
    std::size_t verb_end = 0;  // byte offset just past the verb
};

// The reader asks this of every line of every note: a cheap look for `soaplint:` (any case)
// before anything is copied.
bool mentions_tag(std::string_view text) {
    for (std::size_t colon = text.find(':', kTag.size() - 1); colon != std::string_view::npos; colon = text.find(':', colon + 1)) {
        const std::string_view word = text.substr(colon + 1 - kTag.size(), kTag.size() - 1);
        if (std::equal(word.begin(), word.end(), kTag.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
            return true;
    }
    return false;
}

std::vector<Tag> directive_tags(std::string_view text) {
    if (!mentions_tag(text)) return {};
    const std::string folded = ascii_lower(text);
    std::vector<Tag> tags;
    for (std::size_t at = folded.find(kTag); at != std::string::npos; at = folded.find(kTag, at + 1)) {
        if (at > 0 && is_word_char(folded[at - 1])) continue;  // `mysoaplint:` is someone else's
        std::size_t verb = at + kTag.size();
        while (verb < folded.size() && std::isspace(static_cast<unsigned char>(folded[verb]))) ++verb;
        const std::string_view rest = std::string_view(folded).substr(verb);
        // Longest verb first: `ignore` is a prefix of the other two.
        for (auto [name, scope] : {std::pair{std::string_view("ignore-next-line"), Scope::next_line},
                                   std::pair{std::string_view("ignore-file"), Scope::file},
                                   std::pair{std::string_view("ignore"), Scope::line}}) {
            if (rest.substr(0, name.size()) == name && (rest.size() == name.size() || !is_word_char(rest[name.size()]))) {
                tags.push_back(Tag{at, scope, verb + name.size()});
                break;
            }
        }
        // `soaplint:` followed by anything else is just text ("checked with soaplint: clean").
    }
    return tags;
}

// Every directive of one physical line; a second directive ends the first one.
std::vector<Directive> parse_line(std::string_view text) {
    const std::vector<Tag> tags = directive_tags(text);
    std::vector<Directive> out;
    for (std::size_t k = 0; k < tags.size(); ++k) {
        const std::size_t end = k + 1 < tags.size() ? tags[k + 1].at : text.size();
        Directive d;
        d.scope = tags[k].scope;
        read_rules_and_reason(text.substr(tags[k].verb_end, end - tags[k].verb_end), d);
        d.column = 1 + characters(text.substr(0, tags[k].at));
        // The directive's own words key an X002 finding in a baseline, whether or not the reader
        // keeps them on the line of the note's text.
        d.anchor = std::string(trim_space(text.substr(tags[k].at, end - tags[k].at)));
        out.push_back(std::move(d));
    }
    return out;
}

// Logical lines joined back into physical lines: number -> (text, column of text[0]).
std::map<int, std::pair<std::string, int>> physical_lines(const std::vector<Line>& logical) {
    std::map<int, std::pair<std::string, int>> lines;
    for (const Line& line : logical) {
        auto [it, fresh] = lines.try_emplace(line.number, line.text, line.column);
        if (!fresh) it->second.first += " " + line.text;
    }
    return lines;
}

void add_directives(const FileResult& file, const Note& note, const std::vector<Line>& source,
                    const std::map<int, std::pair<std::string, int>>& text_lines, std::vector<Directive>& out) {
    for (const auto& [number, line] : physical_lines(source)) {
        const auto& [text, column] = line;
        if (!mentions_tag(text)) continue;
        for (Directive& d : parse_line(text)) {
            d.file = file.file;
            d.note_index = note.index;
            d.line = number;
            d.column += column - 1;
            // The next line with text in the same note: blank lines between are allowed.
            const auto next = text_lines.upper_bound(number);
            d.target_line = d.scope != Scope::next_line ? number : next != text_lines.end() ? next->first : number + 1;
            out.push_back(std::move(d));
        }
    }
}

}  // namespace

std::vector<Directive> find_directives(const FileResult& file) {
    std::vector<Directive> out;
    for (const Note& note : file.notes) {
        if (note.directives.empty()) continue;
        add_directives(file, note, note.directives, physical_lines(note.lines), out);
    }
    return out;
}

namespace {

bool silences(const Directive& d, const Finding& f) {
    if (f.suppressed || f.file != d.file || d.reason.empty()) return false;
    if (d.scope != Scope::file && f.line != d.target_line) return false;
    return std::find(d.rules.begin(), d.rules.end(), f.rule) != d.rules.end();
}

const char* verb_of(Scope scope) {
    switch (scope) {
        case Scope::next_line: return "ignore-next-line";
        case Scope::file: return "ignore-file";
        case Scope::line: break;
    }
    return "ignore";
}

// The X002 message for a directive, or empty when it is in order. A rule that did not run
// (--select, --ignore) could not have matched: naming it is not "unused".
std::string problem_of(const Directive& d, const std::function<bool(const std::string&)>& ran) {
    if (!d.unknown.empty())
        return "suppression names " + std::string(d.unknown.size() == 1 ? "no rule '" : "no rules '") +
               join(d.unknown) + "' (see `soaplint rules`); use rule IDs such as T004";
    if (d.rules.empty())
        return "suppression names no rule; list the rules it silences (e.g. `soaplint: " + std::string(verb_of(d.scope)) +
               " T004 -- reason`)";
    if (d.reason.empty())
        return "suppression of " + join(d.rules) + " has no reason; write `-- reason` after the rules (e.g. `soaplint: " +
               verb_of(d.scope) + " " + d.rules.front() + " -- units per payer contract`)";
    std::vector<std::string> unused;
    for (const std::string& id : d.rules)
        if (!d.used.count(id) && (!ran || ran(id))) unused.push_back(id);
    if (unused.empty()) return {};
    const char* where = d.scope == Scope::file ? "in this file" : d.scope == Scope::next_line ? "on the next line" : "on this line";
    return "suppression of " + join(unused) + " matched no finding " + where + "; remove " +
           (unused.size() == 1 ? "it" : "them");
}

Finding unused_finding(const Directive& d, std::string message) {
    Finding f;
    f.rule = "X002";
    f.name = "unused-suppression";
    f.severity = Severity::warning;
    if (const Rule* rule = find_rule("X002")) {
        f.name = std::string(rule->info.name);
        f.severity = rule->info.severity;
    }
    f.file = d.file;
    f.line = d.line;
    f.column = d.column;
    f.message = std::move(message);
    f.note_index = d.note_index;
    f.anchor = d.anchor;
    return f;
}

// Inserts `f` where run_checks' order (file in input order, line, column, rule) puts it,
// without moving any finding already there.
void insert_in_order(std::vector<Finding>& findings, Finding f, const std::map<std::string, std::size_t>& file_order) {
    const auto order_of = [&](const std::string& file) {
        const auto it = file_order.find(file);
        return it == file_order.end() ? std::size_t(0) : it->second;
    };
    const auto key = [](const Finding& x) { return std::tie(x.line, x.column, x.rule); };
    std::size_t at = findings.size();
    bool seen_file = false;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding& g = findings[i];
        if (g.file == f.file) {
            seen_file = true;
            if (key(f) < key(g)) {
                at = i;
                break;
            }
            at = i + 1;
        } else if (!seen_file && file_order.count(g.file) && order_of(g.file) > order_of(f.file)) {
            at = i;
            break;
        } else if (seen_file) {
            break;
        }
    }
    findings.insert(findings.begin() + static_cast<std::ptrdiff_t>(at), std::move(f));
}

// ---------------------------------------------------------------------------------------------
// Baselines

// FNV-1a, 64 bits: stable across builds and platforms, unlike std::hash.
std::uint64_t fnv1a64(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// The anchor with runs of blanks collapsed, so re-indenting a line keeps its key.
std::string anchor_hash(std::string_view anchor) {
    std::string normal;
    for (char c : trim_space(anchor)) {
        const bool blank = std::isspace(static_cast<unsigned char>(c));
        if (blank && !normal.empty() && normal.back() == ' ') continue;
        normal.push_back(blank ? ' ' : c);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(16, '0');
    std::uint64_t hash = fnv1a64(normal);
    for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    return hex;
}

// Files are recorded relative to the baseline's directory so the baseline works from any
// working directory (the CLI names files relative to where it runs).
std::string baseline_file_key(const std::string& file, const std::string& baseline_path) {
    if (file == "-") return file;
    std::error_code ec;
    const fs::path base = fs::absolute(fs::path(baseline_path), ec).parent_path().lexically_normal();
    const fs::path target = fs::absolute(fs::path(file), ec).lexically_normal();
    if (ec) return fs::path(file).generic_string();
    const fs::path relative = target.lexically_relative(base);
    return relative.empty() ? target.generic_string() : relative.generic_string();
}

using BaselineKey = std::tuple<std::string, std::string, std::string>;  // rule, file, anchor hash

BaselineKey key_of(const Finding& f, const std::string& baseline_path) {
    return {f.rule, baseline_file_key(f.file, baseline_path), anchor_hash(f.anchor)};
}

std::optional<std::string> read_text(const std::string& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read baseline " + path;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return std::nullopt;
}

std::optional<std::string> parse_baseline(const std::string& path, std::map<BaselineKey, int>& counts) {
    std::string text;
    if (auto error = read_text(path, text)) return error;
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec) return "baseline " + path + " is not valid JSON: " + ec.message();
    const json::object* root = doc.if_object();
    const json::value* entries = root ? root->if_contains("baseline") : nullptr;
    if (!entries || !entries->is_array()) return "baseline " + path + " has no \"baseline\" list";
    std::size_t index = 0;
    for (const json::value& entry : entries->get_array()) {
        ++index;
        const json::object* e = entry.if_object();
        const auto text_of = [&](const char* name) -> const json::string* {
            const json::value* v = e ? e->if_contains(name) : nullptr;
            return v ? v->if_string() : nullptr;
        };
        const json::string *rule = text_of("rule"), *file = text_of("file"), *hash = text_of("anchor_hash");
        const json::value* count = e ? e->if_contains("count") : nullptr;
        if (!rule || !file || !hash || !count || !count->is_int64() || count->get_int64() < 1)
            return "baseline " + path + ": entry " + std::to_string(index) +
                   " needs \"rule\", \"file\", \"anchor_hash\" and a positive \"count\"";
        counts[{std::string(*rule), std::string(*file), std::string(*hash)}] += static_cast<int>(count->get_int64());
    }
    return std::nullopt;
}

}  // namespace

std::size_t find_directive(std::string_view line) {
    const std::vector<Tag> tags = directive_tags(line);
    if (tags.empty()) return std::string_view::npos;
    // Take a Markdown/HTML comment opener with it: `97110 ... <!-- soaplint: ignore ... -->`.
    std::size_t at = tags.front().at;
    std::size_t before = at;
    while (before > 0 && std::isspace(static_cast<unsigned char>(line[before - 1]))) --before;
    if (before >= 4 && line.substr(before - 4, 4) == "<!--") at = before - 4;
    return at;
}

InlineSuppressions::InlineSuppressions(std::vector<Directive> directives) : directives_(std::move(directives)) {
    // A line's own directive is more specific than a file-wide one: it gets the credit first,
    // so neither is reported unused when both name the rule.
    std::stable_partition(directives_.begin(), directives_.end(), [](const Directive& d) { return d.scope != Scope::file; });
}

void InlineSuppressions::apply(Finding& f) {
    for (Directive& d : directives_) {
        if (!silences(d, f)) continue;
        f.suppressed = Suppression{"inline", d.reason};
        d.used.insert(f.rule);
        return;
    }
}

std::vector<Finding> InlineSuppressions::problems(const std::function<bool(const std::string& rule_id)>& ran) const {
    std::vector<Finding> out;
    for (const Directive& d : directives_) {
        if (std::string message = problem_of(d, ran); !message.empty()) out.push_back(unused_finding(d, std::move(message)));
    }
    return out;
}

void apply_directives(std::vector<Directive> directives, const std::vector<std::string>& files,
                      std::vector<Finding>& findings, const std::function<bool(const std::string& rule_id)>& ran) {
    if (directives.empty()) return;
    InlineSuppressions suppressions(std::move(directives));
    for (Finding& f : findings) suppressions.apply(f);
    std::map<std::string, std::size_t> file_order;
    for (std::size_t i = 0; i < files.size(); ++i) file_order.emplace(files[i], i);
    for (Finding& f : suppressions.problems(ran)) insert_in_order(findings, std::move(f), file_order);
}

void apply_inline_suppressions(const std::vector<FileResult>& files, std::vector<Finding>& findings,
                               const std::function<bool(const std::string& rule_id)>& ran) {
    std::vector<Directive> directives;
    std::vector<std::string> names;
    for (const FileResult& file : files) {
        auto found = find_directives(file);
        std::move(found.begin(), found.end(), std::back_inserter(directives));
        names.push_back(file.file);
    }
    apply_directives(std::move(directives), names, findings, ran);
}

void apply_inline_suppressions(const std::vector<FileResult>& files, std::vector<Finding>& findings) {
    apply_inline_suppressions(files, findings, {});
}

std::optional<std::string> Baseline::load(const std::string& path) {
    path_ = path;
    counts_.clear();
    return parse_baseline(path, counts_);
}

void Baseline::apply(Finding& f) {
    if (f.suppressed) return;
    const auto it = counts_.find(key_of(f, path_));
    if (it == counts_.end() || it->second == 0) return;
    --it->second;
    f.suppressed = Suppression{"baseline", "recorded in baseline " + path_};
}

std::optional<std::string> apply_baseline(const std::string& path, std::vector<Finding>& findings) {
    Baseline baseline;
    if (auto error = baseline.load(path)) return error;
    for (Finding& f : findings) baseline.apply(f);
    return std::nullopt;
}

void BaselineWriter::add(const Finding& f) {
    // Everything a later run should tolerate: unsuppressed findings and those an earlier baseline
    // tolerated; findings silenced inline keep their own directive.
    if (!f.suppressed || f.suppressed->kind == "baseline") ++counts_[key_of(f, path_)];
}

std::optional<std::string> write_baseline(const std::string& path, const std::vector<Finding>& findings) {
    BaselineWriter writer(path);
    for (const Finding& f : findings) writer.add(f);
    return writer.write();
}

std::optional<std::string> BaselineWriter::write() const {
    const std::string& path = path_;
    const auto& counts = counts_;
    std::ostringstream out;
    out << "{\n  \"soaplint\": " << json::serialize(json::string(kVersion)) << ",\n  \"baseline\": [";
    bool first = true;
    for (const auto& [key, count] : counts) {
        const auto& [rule, file, hash] = key;
        json::object entry{{"rule", rule}, {"file", file}, {"anchor_hash", hash}, {"count", count}};
        out << (first ? "\n    " : ",\n    ") << json::serialize(entry);
        first = false;
    }
    out << (first ? "]\n}\n" : "\n  ]\n}\n");
    const std::string temp = path + ".tmp-soaplint-" + std::to_string(::getpid());
    {
        std::ofstream file(temp, std::ios::binary | std::ios::trunc);
        file << out.str();
        file.flush();
        if (!file) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            return "cannot write baseline " + path;
        }
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return "cannot write baseline " + path + ": " + ec.message();
    }
    return std::nullopt;
}

}  // namespace soaplint
