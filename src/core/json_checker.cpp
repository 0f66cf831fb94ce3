#include "core/json_checker.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace examsim::core {

void JsonChecker::error(const std::string& pointer, std::string message, Anchor anchor) {
    m_out.push_back(m_source.at(m_draft ? Severity::Warning : Severity::Error, pointer, std::move(message), anchor));
}

void JsonChecker::warning(const std::string& pointer, std::string message, Anchor anchor) {
    m_out.push_back(m_source.at(Severity::Warning, pointer, std::move(message), anchor));
}

std::string JsonChecker::typeName(const json& v) {
    switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::null: return "null";
    default: return "an unsupported value";
    }
}

bool JsonChecker::expectObject(const json& v, const std::string& pointer, const char* what) {
    if (v.is_object()) return true;
    error(pointer, fmt::format("{} must be an object, not {}", what, typeName(v)));
    return false;
}

void JsonChecker::unknownFields(const json& obj, const std::string& pointer,
                                std::initializer_list<std::string_view> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& name = it.key();
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string_view best;
        std::size_t bestDistance = 3; // suggest only close names
        for (auto k : known) {
            const std::size_t d = editDistance(name, k);
            if (d < bestDistance) bestDistance = d, best = k;
        }
        std::string msg = fmt::format(R"(unknown field "{}")", name);
        if (!best.empty()) msg += fmt::format(R"( (did you mean "{}"?))", best);
        // Unknown fields never stop a bank from loading: a warning, also in ready questions.
        m_out.push_back(m_source.at(Severity::Warning, pointer + "/" + pointerToken(name), msg, Anchor::Key));
    }
}

const JsonChecker::json* JsonChecker::field(const json& obj, const std::string& pointer, const char* name, Need need) {
    const auto it = obj.find(name);
    if (it == obj.end()) {
        if (need == Need::Required) error(pointer, fmt::format(R"(missing required field "{}")", name));
        return nullptr;
    }
    return &*it;
}

const JsonChecker::json* JsonChecker::object(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (v && !v->is_object()) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be an object, not {})", name, typeName(*v)));
        return nullptr;
    }
    return v;
}

const JsonChecker::json* JsonChecker::array(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (v && !v->is_array()) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be an array, not {})", name, typeName(*v)));
        return nullptr;
    }
    return v;
}

std::optional<std::string> JsonChecker::string(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be a string, not {})", name, typeName(*v)));
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::string> JsonChecker::text(const json& obj, const std::string& pointer, const char* name, Need need) {
    auto s = string(obj, pointer, name, need);
    if (!s) return std::nullopt;
    if (isBlank(*s)) {
        error(pointer + "/" + name, fmt::format(R"("{}" is empty)", name));
        return std::nullopt;
    }
    if (auto bad = firstUndisplayable(*s)) {
        const std::string p = pointer + "/" + name;
        const char* kind = bad->codepoint < 0x20 || bad->codepoint == 0x7F ? "control character" : "character";
        warning(p, fmt::format("{} {} cannot be displayed by the app (see \"Text\" in docs/question-bank-format.md)",
                               kind, codepointName(bad->codepoint)));
    }
    return s;
}

bool JsonChecker::isId(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (!alnum(s[0])) return false;
    for (char c : s)
        if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

std::optional<std::string> JsonChecker::idValue(const json& v, const std::string& pointer) {
    if (!v.is_string()) {
        error(pointer, fmt::format("an id must be a string, not {}", typeName(v)));
        return std::nullopt;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (!isId(s)) {
        error(pointer, fmt::format(R"(invalid id "{}": use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit)", s));
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> JsonChecker::id(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    if (v->is_string() && isId(v->get_ref<const std::string&>())) return v->get_ref<const std::string&>(); // no pointer to build
    return idValue(*v, pointer + "/" + name);
}

std::optional<std::string> JsonChecker::part(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    auto p = [&] { return pointer + "/" + name; }; // built only for a finding
    if (!v->is_string()) {
        error(p(), fmt::format(R"("{}" must be a string such as "1" or "17021-1", not {})", name, typeName(*v)));
        return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    bool ok = !s.empty() && std::isdigit(static_cast<unsigned char>(s[0]));
    bool dash = false;
    for (std::size_t i = 0; ok && i < s.size(); ++i) {
        if (s[i] == '-' && !dash && i + 1 < s.size()) dash = true;
        else if (!std::isdigit(static_cast<unsigned char>(s[i]))) ok = false;
    }
    if (!ok) {
        error(p(), fmt::format(R"("{}" must be a part number such as "1" or "17021-1", not "{}")", name, s));
        return std::nullopt;
    }
    return s;
}

std::optional<int> JsonChecker::integer(const json& obj, const std::string& pointer, const char* name, Need need, int min,
                                        int max) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be a whole number from {} to {}, not {})", name, min, max, v->dump()));
        return std::nullopt;
    }
    return static_cast<int>(v->get<long long>());
}

std::optional<double> JsonChecker::number(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be a number, not {})", name, typeName(*v)));
        return std::nullopt;
    }
    return v->get<double>();
}

std::optional<bool> JsonChecker::boolean(const json& obj, const std::string& pointer, const char* name, Need need) {
    const json* v = field(obj, pointer, name, need);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        error(pointer + "/" + name, fmt::format(R"("{}" must be true or false, not {})", name, typeName(*v)));
        return std::nullopt;
    }
    return v->get<bool>();
}

void JsonChecker::badEnum(const std::string& pointer, const char* name, std::string_view allowed, const std::string& got) {
    error(pointer, fmt::format(R"("{}" must be one of {}, not "{}")", name, allowed, got));
}

} // namespace examsim::core

namespace examsim::core {

std::string JsonChecker::parseErrorMessage(const std::string& what) {
    std::string msg = what;
    if (auto p = msg.find("parse error"); p != std::string::npos) {
        if (auto colon = msg.find(": ", p); colon != std::string::npos) msg = msg.substr(colon + 2);
    }
    if (auto p = msg.find("; last read:"); p != std::string::npos) msg.resize(p);
    if (msg.rfind("syntax error while parsing ", 0) == 0) msg = "syntax error: " + msg.substr(27);
    return msg;
}

std::pair<std::size_t, std::string> JsonChecker::parseFailure(const json::exception& e, std::string_view text) {
    if (const auto* p = dynamic_cast<const json::parse_error*>(&e))
        return {p->byte > 0 ? p->byte - 1 : 0, parseErrorMessage(e.what())};
    std::string msg = e.what(); // "[json.exception.out_of_range.406] number overflow parsing '1e999'"
    if (const auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
    std::size_t offset = 0;
    const auto open = msg.find('\''), close = msg.rfind('\'');
    if (open != std::string::npos && close > open) {
        // The first occurrence of the number's text: good enough to point at the line.
        if (const auto at = text.find(msg.substr(open + 1, close - open - 1)); at != std::string_view::npos) offset = at;
    }
    return {offset, msg + ": a number must fit in a double (at most about 1.8e308)"};
}

} // namespace examsim::core
