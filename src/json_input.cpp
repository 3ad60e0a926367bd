#include "json_input.hpp"

#include "decode.hpp"

namespace soaplint {
namespace json = boost::json;

std::string_view json_bytes(std::string_view bytes, std::string& storage) {
    if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
        Utf8Text text = decode_to_utf8(bytes);
        storage = std::move(text.text);
        return storage;
    }
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    return bytes;
}

std::optional<json::value> parse_json_text(const std::string& file, std::string_view text, InputError& error,
                                           int first_line) {
    json::parse_options options;
    options.max_depth = kMaxJsonDepth;
    json::stream_parser parser({}, options);
    json::error_code ec;
    std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
    if (!ec && text.find_first_not_of(" \t\r\n", consumed) == std::string_view::npos) parser.finish(ec);
    else if (!ec) ec = json::make_error_code(json::error::extra_data);
    if (!ec) {
        try {
            return parser.release();
        } catch (const std::exception& e) {
            error = {file, std::string("invalid JSON: ") + e.what()};
            return std::nullopt;
        }
    }
    // Where the parser stopped: line and column (in bytes; JSON is read as bytes) of that offset.
    consumed = std::min(consumed, text.size());
    int line = first_line, column = 1;
    for (std::size_t i = 0; i < consumed; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    std::string message = ec.message();
    if (ec == json::error::too_deep) message = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    if (ec == json::error::incomplete) message = "ends before the document does (truncated?)";
    error = {file, "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message,
             line, column};
    return std::nullopt;
}

std::string_view json_string(const json::value* value) {
    if (value == nullptr || !value->is_string()) return {};
    const json::string& s = value->get_string();
    return {s.data(), s.size()};
}

std::string_view json_string(const json::object& object, std::string_view key) { return json_string(object.if_contains(key)); }

const json::object* json_object(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    return v != nullptr ? v->if_object() : nullptr;
}

const json::array* json_array(const json::object& object, std::string_view key) {
    const json::value* v = object.if_contains(key);
    return v != nullptr ? v->if_array() : nullptr;
}

std::optional<double> json_number(const json::value* value) {
    if (value == nullptr) return std::nullopt;
    if (value->is_double()) return value->get_double();
    if (value->is_int64()) return static_cast<double>(value->get_int64());
    if (value->is_uint64()) return static_cast<double>(value->get_uint64());
    return std::nullopt;
}

std::string pointer_append(std::string pointer, std::string_view token) {
    pointer.push_back('/');
    for (char c : token) {
        if (c == '~') pointer += "~0";
        else if (c == '/') pointer += "~1";
        else pointer.push_back(c);
    }
    return pointer;
}

}  // namespace soaplint
