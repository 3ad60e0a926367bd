// Stable keyed pseudonyms for --redact: a patient or provider becomes `patient-3f9a0c1d72e4`, the
// same for the same name in one run (or across runs that share a key), so that an auditor can
// still group findings by them, and nobody without the key can test a guess.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace soaplint {

// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudo-random function built for short
// inputs; 64 bits of output.
std::uint64_t siphash24(const std::array<std::uint64_t, 2>& key, std::string_view data);

// `prefix-` and 12 hex digits of the keyed hash of `value` (case and surrounding blanks ignored).
// The key comes from $SOAPLINT_REDACT_KEY (any text; the same text gives the same pseudonyms in
// every run), else from random bytes drawn once per process.
std::string pseudonym(std::string_view prefix, std::string_view value);

}  // namespace soaplint
