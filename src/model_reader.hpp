// The project's own JSON: the `extract` model (SPEC §5) read back as notes.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "reader.hpp"

namespace soaplint {

// A JSON input: the soaplint model, or FHIR (handed to read_fhir), told apart by content.
FileResult read_json_input(const std::string& file, std::string_view bytes);

// The soaplint model: `{"notes": [...]}`, a bare array of notes, or one note object.
FileResult read_model(const std::string& file, const boost::json::value& document);

// Whether a parsed document is the soaplint model.
bool looks_like_model(const boost::json::value& document);

}  // namespace soaplint
