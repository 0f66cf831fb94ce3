// Typed, reporting access to the fields of a parsed JSON document: each getter either returns the value
// or records a finding with its JSON Pointer and position. Shared by the readers of bank and profile
// files. Internal to examcore: it is the only header besides the loaders' sources that includes json.hpp.
#pragma once

#include "core/diagnostic.hpp"
#include "core/source_file.hpp"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace examsim::core {

enum class Need { Required, Optional };

class JsonChecker {
public:
    using json = nlohmann::json;

    JsonChecker(const SourceFile& source, std::vector<Diagnostic>& out) : m_source(source), m_out(out) {}

    const SourceFile& source() const { return m_source; }

    // While alive, errors are reported as warnings (findings in draft questions).
    class DraftScope {
    public:
        DraftScope(JsonChecker& c, bool draft) : m_c(c), m_saved(c.m_draft) { c.m_draft = draft; }
        ~DraftScope() { m_c.m_draft = m_saved; }
        DraftScope(const DraftScope&) = delete;
        DraftScope& operator=(const DraftScope&) = delete;

    private:
        JsonChecker& m_c;
        bool m_saved;
    };

    void error(const std::string& pointer, std::string message, Anchor anchor = Anchor::Value);
    void warning(const std::string& pointer, std::string message, Anchor anchor = Anchor::Value);

    static std::string typeName(const json& v); // "an object", "a string", …

    bool expectObject(const json& v, const std::string& pointer, const char* what);
    // Warns about every member not in `known`, suggesting the nearest known name.
    void unknownFields(const json& obj, const std::string& pointer, std::initializer_list<std::string_view> known);

    // Each returns nullptr / nullopt when the field is absent (reported when required) or mistyped (reported).
    const json* field(const json& obj, const std::string& pointer, const char* name, Need need);
    const json* object(const json& obj, const std::string& pointer, const char* name, Need need);
    const json* array(const json& obj, const std::string& pointer, const char* name, Need need);
    std::optional<std::string> string(const json& obj, const std::string& pointer, const char* name, Need need);
    // A non-blank string; warns about characters the app cannot display.
    std::optional<std::string> text(const json& obj, const std::string& pointer, const char* name, Need need);
    std::optional<std::string> id(const json& obj, const std::string& pointer, const char* name, Need need);
    std::optional<std::string> idValue(const json& v, const std::string& pointer);
    std::optional<std::string> part(const json& obj, const std::string& pointer, const char* name, Need need);
    std::optional<int> integer(const json& obj, const std::string& pointer, const char* name, Need need, int min, int max);
    std::optional<double> number(const json& obj, const std::string& pointer, const char* name, Need need);
    std::optional<bool> boolean(const json& obj, const std::string& pointer, const char* name, Need need);

    template <typename E, typename Parse>
    std::optional<E> enumeration(const json& obj, const std::string& pointer, const char* name, Need need, Parse parse,
                                 std::string_view allowed) {
        auto s = string(obj, pointer, name, need);
        if (!s) return std::nullopt;
        if (auto e = parse(*s)) return e;
        badEnum(pointer + "/" + name, name, allowed, *s);
        return std::nullopt;
    }

    static bool isId(std::string_view s);
    // A parse error of nlohmann/json as our message: its own position prefix and its quote of raw
    // input (possibly the very bytes that are not UTF-8) removed.
    static std::string parseErrorMessage(const std::string& what);
    // Issue 10 (found by fuzzing): json::parse throws out_of_range, not parse_error, for a number beyond
    // a double (1e999). The offset in `text` and our message for either kind of failure.
    static std::pair<std::size_t, std::string> parseFailure(const nlohmann::json::exception& e, std::string_view text);

private:
    const SourceFile& m_source;
    std::vector<Diagnostic>& m_out;
    bool m_draft = false;

    void badEnum(const std::string& pointer, const char* name, std::string_view allowed, const std::string& got);
};

// Issue 10: parsing a user's JSON file once, with the limits and repeated-member checks of json_scan. A
// strict parser of our own (json_parse.cpp) builds the nlohmann/json DOM in one pass; only a file that
// breaks a limit, repeats a member or does not parse goes the old way (json_scan for exact positions,
// then json::parse for its messages). The scan plus json::parse on every file held loading to ~10 MB/s.
struct CheckedJson {
    nlohmann::json root;
    // A limit broken or a syntax error: the only finding, the document is not usable.
    std::optional<Diagnostic> failure;
    std::vector<DuplicateMember> duplicates; // in file order
};

// Exactly what scanJson followed by json::parse report, with the same precedence (a broken limit before
// a syntax error, as the scan meets them).
CheckedJson parseChecked(const SourceFile& source, const JsonLimits& limits);

} // namespace examsim::core
