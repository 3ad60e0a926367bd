#include "language.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "structure.hpp"

namespace soaplint {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\''; }

constexpr auto kPreNegations = std::to_array<std::string_view>({
    "no", "not", "denies", "denied", "deny", "without", "no longer", "rather than", "never", "none", "neither",
    "nor", "instead of", "absence of", "negative for", "free of", "non", "isn't", "wasn't", "don't", "doesn't",
    "didn't", "other than", "not for", "nothing", "cannot", "can't"});

constexpr auto kPostNegations = std::to_array<std::string_view>({
    "is not", "are not", "was not", "were not", "isn't", "aren't", "not indicated", "not needed", "not the",
    "ruled out", "not a", "not part", "not intended", "not provided"});

constexpr auto kHypotheticals = std::to_array<std::string_view>({
    "if", "should", "may", "might", "could", "would", "consider", "considering", "possible", "possibly",
    "rule out", "r/o", "unless", "whether", "in case", "in the event"});

constexpr auto kTerminators = std::to_array<std::string_view>({
    "but", "however", "although", "though", "except", "aside from", "apart from", "nevertheless",
    "whereas", "still", "then", "and now"});

// "yet" is no terminator: in "has not yet plateaued" it belongs to the negation.

// Finds `phrase` as whole words in lower[from, to); returns the offset of the last one, or npos.
std::size_t last_phrase(std::string_view lower, std::size_t from, std::size_t to, std::string_view phrase) {
    std::size_t found = std::string_view::npos;
    for (std::size_t at = lower.find(phrase, from); at != std::string_view::npos && at + phrase.size() <= to;
         at = lower.find(phrase, at + 1)) {
        const bool start_ok = at == 0 || !word_char(lower[at - 1]);
        const std::size_t end = at + phrase.size();
        const bool end_ok = end >= lower.size() || !word_char(lower[end]);
        if (start_ok && end_ok) found = at;
    }
    return found;
}

template <std::size_t N>
bool any_phrase(std::string_view lower, std::size_t from, std::size_t to, const std::array<std::string_view, N>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](std::string_view p) { return last_phrase(lower, from, to, p) != std::string_view::npos; });
}

bool sentence_end(std::string_view s, std::size_t i) {
    const char c = s[i];
    if (c == '!' || c == '?' || c == ';' || c == '\n') return true;
    if (c != '.') return false;
    const bool digit_before = i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]));
    const bool digit_after = i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]));
    return !(digit_before && digit_after);
}

// The start of the scope before `pos`: after the sentence start and after the last terminator.
std::size_t scope_start(std::string_view lower, std::size_t pos) {
    std::size_t start = pos;
    while (start > 0 && !sentence_end(lower, start - 1)) --start;
    std::size_t after_terminator = start;
    for (std::string_view t : kTerminators) {
        const std::size_t at = last_phrase(lower, start, pos, t);
        if (at != std::string_view::npos) after_terminator = std::max(after_terminator, at + t.size());
    }
    return after_terminator;
}

std::size_t scope_end(std::string_view lower, std::size_t pos) {
    std::size_t end = pos;
    while (end < lower.size() && !sentence_end(lower, end)) ++end;
    std::size_t before_terminator = end;
    for (std::string_view t : kTerminators) {
        const std::size_t at = lower.find(t, pos);
        if (at != std::string_view::npos && at < before_terminator && (at == 0 || !word_char(lower[at - 1])) &&
            (at + t.size() >= lower.size() || !word_char(lower[at + t.size()])))
            before_terminator = at;
    }
    return before_terminator;
}

// Limits the look-back to about eight words, as ConText's default window does.
std::size_t window_start(std::string_view lower, std::size_t scope, std::size_t pos) {
    int words = 0;
    std::size_t i = pos;
    while (i > scope) {
        --i;
        if (lower[i] == ' ' && i + 1 < pos && lower[i + 1] != ' ' && ++words > 8) return i + 1;
    }
    return scope;
}

}  // namespace

std::vector<Mention> find_mentions(std::string_view text, const std::vector<std::string_view>& terms) {
    const std::string lower = ascii_lower(text);
    std::vector<Mention> mentions;
    // Most terms cannot occur at all: their first byte is nowhere in the line. One pass over the
    // line answers that for every term instead of one search per term.
    std::array<bool, 256> present{};
    for (const char c : lower) present[static_cast<unsigned char>(c)] = true;
    for (std::string_view term : terms) {
        if (!term.empty() && !present[static_cast<unsigned char>(term.front())]) continue;
        for (std::size_t at = lower.find(term); at != std::string::npos; at = lower.find(term, at + 1)) {
            if (at > 0 && word_char(lower[at - 1])) continue;  // terms match at a word start (stems allowed)
            Mention m;
            m.begin = at;
            m.end = at + term.size();
            while (m.end < lower.size() && std::isalpha(static_cast<unsigned char>(lower[m.end]))) ++m.end;
            m.term = std::string(term);
            const std::size_t scope = scope_start(lower, at);
            const std::size_t window = window_start(lower, scope, at);
            const std::size_t after = scope_end(lower, m.end);
            m.negated = any_phrase(lower, window, at, kPreNegations) || any_phrase(lower, m.end, after, kPostNegations);
            m.hypothetical = any_phrase(lower, window, at, kHypotheticals);
            const bool overlaps = std::any_of(mentions.begin(), mentions.end(), [&](const Mention& o) {
                return m.begin < o.end && o.begin < m.end;
            });
            if (!overlaps) mentions.push_back(std::move(m));
        }
    }
    std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
    return mentions;
}

bool asserts_any(std::string_view text, const std::vector<std::string_view>& terms) {
    const auto mentions = find_mentions(text, terms);
    return std::any_of(mentions.begin(), mentions.end(), [](const Mention& m) { return m.asserted(); });
}

}  // namespace soaplint
