// The one-pass parser of user JSON files (issue 10); see parseChecked in json_checker.hpp.
#include "core/json_checker.hpp"

#include "core/text.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace examsim::core {

using nlohmann::json;

namespace {

// A strict JSON parser for the common case: a well-formed document within the limits and without
// repeated member names. It builds exactly the DOM json::parse builds (the same value types, the same
// strings) and gives up (returns false) at anything else -- a syntax error, a limit, a repeated name,
// a byte-order mark, a number it does not convert the way nlohmann/json does -- leaving that document to
// the scanner and json::parse, which report it as before. Giving up is always safe; accepting is only
// allowed for what json::parse accepts. About five times faster than json::parse, whose lexer copies
// the text one character at a time, and it replaces the scanner's pass too.
class FastParser {
public:
    FastParser(std::string_view text, const JsonLimits& limits) : m_p(text.data()), m_end(text.data() + text.size()), m_limits(limits) {}

    bool parse(json& root) {
        skipSpace();
        if (!value(root, 0)) return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    const char* m_p;
    const char* m_end;
    const JsonLimits& m_limits;

    void skipSpace() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) ++m_p;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word) return false;
        m_p += word.size();
        return true;
    }

    bool value(json& out, std::size_t depth) {
        if (m_p >= m_end) return false;
        switch (*m_p) {
        case '{': return object(out, depth + 1);
        case '[': return array(out, depth + 1);
        case '"': {
            std::string s;
            if (!string(s)) return false;
            out = std::move(s);
            return true;
        }
        case 't': out = true; return literal("true");
        case 'f': out = false; return literal("false");
        case 'n': out = nullptr; return literal("null");
        default: return number(out);
        }
    }

    bool object(json& out, std::size_t depth) {
        if (depth > m_limits.maxDepth) return false;
        out = json::object();
        auto& members = out.get_ref<json::object_t&>();
        ++m_p; // '{'
        skipSpace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            if (m_p >= m_end || *m_p != '"') return false;
            std::string key;
            if (!string(key)) return false;
            skipSpace();
            if (m_p >= m_end || *m_p != ':') return false;
            ++m_p;
            skipSpace();
            auto [it, fresh] = members.emplace(std::move(key), json());
            if (!fresh) return false; // a repeated name: the scanner reports where
            if (!value(it->second, depth)) return false;
            skipSpace();
            if (m_p >= m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (*m_p != '}') return false;
            ++m_p;
            return true;
        }
    }

    bool array(json& out, std::size_t depth) {
        if (depth > m_limits.maxDepth) return false;
        out = json::array();
        auto& elements = out.get_ref<json::array_t&>();
        ++m_p; // '['
        skipSpace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            elements.emplace_back();
            if (!value(elements.back(), depth)) return false;
            skipSpace();
            if (m_p >= m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (*m_p != ']') return false;
            ++m_p;
            return true;
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(char32_t& cp) {
        if (m_end - m_p < 4) return false;
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(m_p[i]);
            if (h < 0) return false;
            cp = (cp << 4) | static_cast<char32_t>(h);
        }
        m_p += 4;
        return true;
    }

    // One UTF-8 sequence of RFC 3629 (as nlohmann/json checks it) starting at m_p; advances past it.
    bool utf8() {
        const auto b = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(m_p[i]); };
        const auto in = [&](std::ptrdiff_t i, unsigned lo, unsigned hi) { return m_p + i < m_end && b(i) >= lo && b(i) <= hi; };
        const unsigned c = b(0);
        int n = 0;
        if (c >= 0xC2 && c <= 0xDF) n = in(1, 0x80, 0xBF) ? 2 : 0;
        else if (c == 0xE0) n = in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
        else if (c == 0xED) n = in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
        else if (c == 0xF0) n = in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3) n = in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
        else if (c == 0xF4) n = in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
        m_p += n;
        return n > 0;
    }

    // Bytes that stand for themselves in a string: printable ASCII but the quote and the backslash.
    static constexpr auto kPlain = [] {
        std::array<bool, 256> t{};
        for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
        return t;
    }();

    // A string at m_p (on its opening quote), decoded into out. The scanner's limit counts the characters
    // between the quotes, an escape (a surrogate pair too) as one: exactly the UTF-8 lead bytes of the
    // decoded string, which are never more than its bytes.
    bool string(std::string& out) {
        ++m_p; // '"'
        while (true) {
            const char* run = m_p;
            while (true) {
                while (m_p < m_end && kPlain[static_cast<unsigned char>(*m_p)]) ++m_p;
                if (m_p < m_end && static_cast<unsigned char>(*m_p) >= 0x80) {
                    if (!utf8()) return false;
                    continue;
                }
                break;
            }
            out.append(run, static_cast<std::size_t>(m_p - run));
            if (m_p >= m_end) return false;
            if (*m_p == '"') {
                ++m_p;
                return out.size() <= m_limits.maxStringChars || countCharacters(out) <= m_limits.maxStringChars;
            }
            if (*m_p != '\\' || m_end - m_p < 2) return false; // a control character, or the text ends
            const char e = m_p[1];
            m_p += 2;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                char32_t cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false; // a low surrogate alone
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    char32_t lo = 0;
                    if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
                    m_p += 2;
                    if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default: return false;
            }
        }
    }

    // Numbers as json::parse stores them: an integer without fraction or exponent is unsigned when not
    // negative and signed when negative; any other number is a double from strtod. Integers of more than
    // 18 digits (where nlohmann/json's overflow rules apply) are left to it.
    bool number(json& out) {
        const char* start = m_p;
        const bool negative = m_p < m_end && *m_p == '-';
        if (negative) ++m_p;
        if (m_p >= m_end) return false;
        if (*m_p == '0') {
            ++m_p;
        } else if (*m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        } else {
            return false;
        }
        const char* intEnd = m_p;
        bool isFloat = false;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            const char* digits = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
            if (m_p == digits) return false;
            isFloat = true;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-')) ++m_p;
            const char* digits = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
            if (m_p == digits) return false;
            isFloat = true;
        }
        if (isFloat) {
            const std::string token(start, m_p);
            char* end = nullptr;
            const double v = std::strtod(token.c_str(), &end);
            // json::parse refuses a number out of range (with out_of_range, not parse_error): left to it.
            if (end != token.c_str() + token.size() || !std::isfinite(v)) return false;
            out = v;
            return true;
        }
        const char* digits = start + (negative ? 1 : 0);
        if (intEnd - digits > 18) return false;
        std::int64_t v = 0;
        for (const char* d = digits; d < intEnd; ++d) v = v * 10 + (*d - '0');
        if (negative) out = -v;
        else out = static_cast<json::number_unsigned_t>(v);
        return true;
    }
};

// The two passes of before: every position exact, every message as it was.
CheckedJson scanThenParse(const SourceFile& source, const JsonLimits& limits) {
    CheckedJson out;
    ScanReport scan = scanJson(source.text(), limits);
    if (scan.limitExceeded) {
        out.failure = source.atOffset(Severity::Error, scan.limitExceeded->offset, scan.limitExceeded->pointer,
                                      scan.limitExceeded->message);
        return out;
    }
    try {
        out.root = json::parse(source.text());
    } catch (const json::exception& e) { // parse errors, and numbers beyond a double (out_of_range)
        const auto [offset, message] = JsonChecker::parseFailure(e, source.text());
        out.failure = source.atOffset(Severity::Error, offset, "", message);
        return out;
    }
    out.duplicates = std::move(scan.duplicates);
    return out;
}

} // namespace

CheckedJson parseChecked(const SourceFile& source, const JsonLimits& limits) {
    CheckedJson out;
    if (FastParser(source.text(), limits).parse(out.root)) return out;
    return scanThenParse(source, limits);
}

} // namespace examsim::core
