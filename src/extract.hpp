// Facts of a note: diagnoses, goals, measurements, interventions, times, totals, frequency and
// duration, and the note kind where only the billed codes tell it.
#pragma once

#include "model.hpp"

namespace soaplint {

void extract_facts(Note& note);

// Measurement kind from its name and canonical unit: rom, strength, pain, outcome, distance,
// duration, weight, count, other.
std::string measurement_kind(std::string_view name, std::string_view unit);

// Whether a lower-case text names a function (ADL, work, mobility, sleep, sport, ...).
bool mentions_function(std::string_view lower_text);

}  // namespace soaplint
