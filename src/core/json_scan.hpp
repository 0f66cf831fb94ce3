// A small scanner over JSON text that nlohmann/json (which keeps no source positions) does not
// provide: it enforces nesting and string limits before parsing, finds repeated member names, and maps
// JSON Pointers to byte offsets so that findings can name a line and column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace examsim::core {

struct JsonLimits {
    std::size_t maxDepth = 32;
    std::size_t maxStringChars = 100000;
};

struct ScanProblem {
    std::size_t offset;
    std::string pointer;
    std::string message;
};

struct DuplicateMember {
    std::size_t keyOffset;
    std::string pointer; // pointer of the repeated member
};

struct ScanReport {
    std::optional<ScanProblem> limitExceeded; // nesting or string length; parsing must not go on
    std::vector<DuplicateMember> duplicates;
    bool syntaxOk = true; // false: the scanner stopped early; the parser reports why
};

// One pass over the text; never throws, never recurses deeper than limits.maxDepth + 1.
ScanReport scanJson(std::string_view text, const JsonLimits& limits);

// Escapes one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1").
std::string pointerToken(std::string_view key);

// Appends a code point as UTF-8 (shared by the scanner and the one-pass parser of json_parse.cpp).
void appendUtf8(std::string& out, char32_t cp);

// Maps every JSON Pointer of a syntactically valid document to where its value starts and, for object
// members, where its name starts. Built on demand: only files with findings pay for it.
class PositionIndex {
public:
    struct Entry {
        std::size_t valueOffset;
        std::size_t keyOffset; // == valueOffset for array elements and the root
    };
    explicit PositionIndex(std::string_view text);
    // The entry of the pointer, or of its nearest existing ancestor.
    Entry find(const std::string& pointer) const;

private:
    std::unordered_map<std::string, Entry> m_entries;
};

// Converts byte offsets into 1-based line and column numbers (columns count characters).
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    struct LineColumn {
        int line;
        int column;
    };
    LineColumn at(std::size_t offset) const;

private:
    std::string_view m_text;
    std::vector<std::size_t> m_lineStarts;
};

} // namespace examsim::core
