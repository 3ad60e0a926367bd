// JSON documents of structured inputs, parsed with Boost.JSON: a syntax error becomes an
// InputError with its line and column, nesting is bounded, and nothing throws.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "reader.hpp"

namespace soaplint {

// Deeper than any FHIR resource or soaplint model; a 10,000-deep document is refused, not recursed.
inline constexpr std::size_t kMaxJsonDepth = 128;

// Parses one JSON text (UTF-8; a UTF-8 BOM is skipped; invalid UTF-8 is an error). On failure
// returns nullopt and sets `error` (its line and column counted from `first_line`).
std::optional<boost::json::value> parse_json_text(const std::string& file, std::string_view text, InputError& error,
                                                  int first_line = 1);

// The input's bytes as JSON text: UTF-16 with BOM converted, else the bytes as they are.
std::string_view json_bytes(std::string_view bytes, std::string& storage);

// A string member of an object, or "" (also for a missing member or one of another type).
std::string_view json_string(const boost::json::value* value);
std::string_view json_string(const boost::json::object& object, std::string_view key);
const boost::json::object* json_object(const boost::json::object& object, std::string_view key);
const boost::json::array* json_array(const boost::json::object& object, std::string_view key);
std::optional<double> json_number(const boost::json::value* value);

// Appends `token` to a JSON Pointer (`~` and `/` escaped, RFC 6901).
std::string pointer_append(std::string pointer, std::string_view token);

}  // namespace soaplint
