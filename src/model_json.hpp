// The model as JSON (SPEC §5) and as text for people.
#pragma once

#include <boost/json.hpp>

#include <ostream>
#include <vector>

#include "model.hpp"

namespace soaplint {

inline constexpr const char* kVersion = "0.1.0";

boost::json::object note_to_json(const Note& note);
boost::json::value number_or_null(const std::optional<double>& value);

// Pretty-prints JSON with two-space indentation (Boost.JSON serialises on one line).
void write_pretty_json(std::ostream& out, const boost::json::value& value, int indent = 0);

void write_note_text(std::ostream& out, const Note& note);

}  // namespace soaplint
