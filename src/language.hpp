// Reading prose the way ConText does (Harkema et al. 2009): a concept mention is negated when a
// negation trigger stands before it (or a post-trigger after it) inside its scope; the scope ends
// at a terminator ("but", "however", ...) or the end of the sentence. Hypothetical and hedged
// mentions ("if", "may", "consider", "rule out") are told apart from asserted ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace soaplint {

struct Mention {
    std::size_t begin = 0, end = 0;  // byte offsets in the text
    std::string term;                // the concept term that matched (as listed)
    bool negated = false;
    bool hypothetical = false;
    bool asserted() const { return !negated && !hypothetical; }
};

// Finds every listed term (lower-case, matched at word boundaries, case-insensitively) in `text`
// and classifies each mention.
std::vector<Mention> find_mentions(std::string_view text, const std::vector<std::string_view>& terms);

// True when any listed term is mentioned and asserted (neither negated nor hypothetical).
bool asserts_any(std::string_view text, const std::vector<std::string_view>& terms);

}  // namespace soaplint
