// A note in a compact binary form, for the notes that wait for their episode between the two
// passes of `check` (src/note_store.hpp): every field of the model, so that a decoded note is the
// note the reader made and the rules find exactly what they would have found on the original.
// The form lives only for one run (a temporary file at most): it has no version and no promise of
// stability.
#pragma once

#include <string>
#include <string_view>

#include "model.hpp"
#include "src/rule.hpp"

namespace soaplint {

// Appends the note to `out`.
void encode_note(const Note& note, std::string& out);
// The note `encode_note` wrote; the bytes must be exactly what it wrote.
Note decode_note(std::string_view bytes);

// The same for a finding (the finding log keeps them so, src/finding_log.hpp).
void encode_finding(const Finding& finding, std::string& out);
Finding decode_finding(std::string_view bytes);

}  // namespace soaplint
