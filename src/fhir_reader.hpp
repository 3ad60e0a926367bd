// HL7 FHIR R4: a Bundle, NDJSON bulk export (one resource per line) or single resources,
// turned into notes of the same model the text reader produces.
//
// A note is made of each Composition (its sections' narrative) and DocumentReference (a text
// attachment), read by the text pipeline; the resources joined to it by reference (its encounter,
// subject, author, section entries, and what points at its encounter) fill the facts its text
// lacks. The narrative is authoritative: structured facts never replace what the text states.
// An Encounter that no document covers becomes a note without text when billed services (CPT
// codes) or measurements belong to it; such a note has no lines.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "reader.hpp"

namespace soaplint {

// Reads FHIR JSON (`ndjson` false: one resource or Bundle, or an array of them) or NDJSON.
FileResult read_fhir(const std::string& file, std::string_view bytes, bool ndjson);

// The same on a JSON document already parsed from `text` (the file's bytes as JSON text, for
// the lines of resources): a caller that parsed the file to tell FHIR apart need not parse twice.
FileResult read_fhir_document(const std::string& file, std::string_view text, const boost::json::value& document);

// Whether a parsed JSON document is FHIR: a resource (an object with `resourceType`) or an array of them.
bool looks_like_fhir(const boost::json::value& document);

namespace fhir {

// What one resource says on its own, before resources are joined: a Note holding only the facts
// of its type (Patient: patient; Practitioner: provider; Observation: a measurement; Goal: a goal;
// CarePlan/ServiceRequest: frequency and duration; Procedure/ChargeItem/Claim: interventions;
// Encounter: date and session; Condition: diagnoses; Coverage: payer). Every fact at `line`.
Note resource_facts(const boost::json::object& resource, int line = 1);

// Inline base64 (`Attachment.data`), whitespace ignored. On bad data returns false and says why.
bool decode_base64(std::string_view data, std::string& out, std::string& error);

// XHTML narrative or an HTML attachment as plain text lines: block tags and <br> end lines,
// other tags are dropped, entities decoded, script/style/comments skipped. Linear in the input.
std::string xhtml_to_text(std::string_view html);

// Line of each resource object in a JSON text, by JSON Pointer ("" the root, "/entry/3/resource",
// "/2", ".../contained/0"); empty when the text is one line. Linear, never recursive.
std::unordered_map<std::string, int> resource_lines(std::string_view json);

}  // namespace fhir
}  // namespace soaplint
