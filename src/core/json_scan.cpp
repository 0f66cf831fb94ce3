#include "core/json_scan.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_set>

namespace examsim::core {

std::string pointerToken(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// Walks a JSON document. Stops (ok = false) at the first thing it does not understand; the real parser
// then produces the syntax error, so this walker only needs to be right on valid input.
class Walker {
public:
    Walker(std::string_view text, const JsonLimits* limits, std::unordered_map<std::string, PositionIndex::Entry>* index)
        : m_text(text), m_limits(limits), m_index(index) {}

    ScanReport run() {
        skipSpace();
        if (m_pos < m_text.size()) value(0, m_pos);
        m_report.syntaxOk = m_ok;
        return std::move(m_report);
    }

private:
    std::string_view m_text;
    const JsonLimits* m_limits;
    std::unordered_map<std::string, PositionIndex::Entry>* m_index;
    std::size_t m_pos = 0;
    std::string m_path;
    bool m_ok = true;
    ScanReport m_report;

    bool stopped() const { return !m_ok || m_report.limitExceeded.has_value(); }

    void skipSpace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++m_pos;
        }
    }

    void record(std::size_t keyOffset) {
        if (m_index) m_index->emplace(m_path, PositionIndex::Entry{m_pos, keyOffset});
    }

    void value(std::size_t depth, std::size_t keyOffset) {
        if (stopped()) return;
        if (m_pos >= m_text.size()) {
            m_ok = false;
            return;
        }
        record(keyOffset);
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            if (m_limits && depth + 1 > m_limits->maxDepth) {
                m_report.limitExceeded = ScanProblem{
                    m_pos, m_path,
                    fmt::format("nesting deeper than {} levels (the limit for bank files)", m_limits->maxDepth)};
                return;
            }
            if (c == '{') object(depth + 1);
            else array(depth + 1);
        } else if (c == '"') {
            string(nullptr);
        } else {
            scalar();
        }
    }

    void object(std::size_t depth) {
        ++m_pos; // '{'
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return;
        }
        std::unordered_set<std::string> seen;
        while (!stopped()) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                m_ok = false;
                return;
            }
            const std::size_t keyOffset = m_pos;
            std::string key;
            string(&key);
            if (stopped()) return;
            const std::size_t saved = m_path.size();
            m_path += '/';
            m_path += pointerToken(key);
            if (!seen.insert(key).second) m_report.duplicates.push_back({keyOffset, m_path});
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
                m_ok = false;
                return;
            }
            ++m_pos;
            skipSpace();
            value(depth, keyOffset);
            m_path.resize(saved);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return;
            }
            m_ok = false;
        }
    }

    void array(std::size_t depth) {
        ++m_pos; // '['
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return;
        }
        for (std::size_t i = 0; !stopped(); ++i) {
            skipSpace();
            const std::size_t saved = m_path.size();
            m_path += '/';
            m_path += std::to_string(i);
            value(depth, m_pos);
            m_path.resize(saved);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return;
            }
            m_ok = false;
        }
    }

    // Reads a string; decodes it into *out when given. Counts characters against the limit.
    void string(std::string* out) {
        const std::size_t start = m_pos;
        ++m_pos; // opening quote
        std::size_t chars = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return;
            }
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
            if (m_limits && chars > m_limits->maxStringChars) {
                m_report.limitExceeded = ScanProblem{
                    start, m_path,
                    fmt::format("string longer than {} characters (the limit for bank files)",
                                m_limits->maxStringChars)};
                return;
            }
            if (c == '\\') {
                if (m_pos + 1 >= m_text.size()) break;
                const char e = m_text[m_pos + 1];
                if (e == 'u') {
                    if (m_pos + 6 > m_text.size()) break;
                    char32_t cp = hex4(m_pos + 2);
                    m_pos += 6;
                    if (cp >= 0xD800 && cp <= 0xDBFF && m_pos + 6 <= m_text.size() && m_text[m_pos] == '\\' &&
                        m_text[m_pos + 1] == 'u') {
                        const char32_t lo = hex4(m_pos + 2);
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            m_pos += 6;
                        }
                    }
                    if (out) appendUtf8(*out, cp);
                    continue;
                }
                if (out) {
                    switch (e) {
                    case 'n': *out += '\n'; break;
                    case 't': *out += '\t'; break;
                    case 'r': *out += '\r'; break;
                    case 'b': *out += '\b'; break;
                    case 'f': *out += '\f'; break;
                    default: *out += e; break;
                    }
                }
                m_pos += 2;
                continue;
            }
            if (out) *out += c;
            ++m_pos;
        }
        m_ok = false; // unterminated
    }

    char32_t hex4(std::size_t at) const {
        char32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            const char h = m_text[at + i];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= static_cast<char32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') v |= static_cast<char32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= static_cast<char32_t>(h - 'A' + 10);
        }
        return v;
    }

    void scalar() {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
            ++m_pos;
        }
        if (m_pos == start) m_ok = false;
    }
};

} // namespace

ScanReport scanJson(std::string_view text, const JsonLimits& limits) { return Walker(text, &limits, nullptr).run(); }

PositionIndex::PositionIndex(std::string_view text) { Walker(text, nullptr, &m_entries).run(); }

PositionIndex::Entry PositionIndex::find(const std::string& pointer) const {
    std::string p = pointer;
    while (true) {
        if (auto it = m_entries.find(p); it != m_entries.end()) return it->second;
        if (p.empty()) return Entry{0, 0};
        p.resize(p.rfind('/'));
    }
}

LineIndex::LineIndex(std::string_view text) : m_text(text) {
    m_lineStarts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') m_lineStarts.push_back(i + 1);
}

LineIndex::LineColumn LineIndex::at(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - m_lineStarts.begin()); // 1-based
    const std::size_t start = m_lineStarts[line - 1];
    const int column = static_cast<int>(countCharacters(m_text.substr(start, offset - start))) + 1;
    return {static_cast<int>(line), column};
}

} // namespace examsim::core
