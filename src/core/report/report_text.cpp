#include "core/report/report_text.hpp"
#include "core/owner_only.hpp"

#include <cmath>
#include <ctime>
#include <fmt/format.h>
#include <fstream>

namespace examsim::core {

std::string htmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string csvField(std::string_view text) {
    // A leading = + - @ would make a spreadsheet run the cell as a formula (CSV injection): quote it as text.
    const bool formula =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    if (!formula && text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = formula ? "\"'" : "\"";
    for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

namespace {
std::string utc(std::int64_t seconds, const char* format) {
    if (seconds <= 0) return "";
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}
} // namespace

std::string isoTimestamp(std::int64_t seconds) {
    return utc(seconds, "%Y-%m-%dT%H:%M:%SZ");
}
std::string isoDate(std::int64_t seconds) {
    return utc(seconds, "%Y-%m-%d");
}

std::string isoDuration(std::int64_t ms) {
    if (ms <= 0) return "PT0S";
    const std::int64_t h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
    std::string out = "PT";
    if (h) out += fmt::format("{}H", h);
    if (m) out += fmt::format("{}M", m);
    if (s || frac) {
        out += std::to_string(s);
        if (frac) {
            std::string f = fmt::format("{:03}", frac);
            while (f.back() == '0') f.pop_back();
            out += "." + f;
        }
        out += "S";
    }
    return out;
}

std::string formatReference(const Reference& r) {
    std::string out = r.standard.empty() ? "ISO/IEC 20000" : r.standard;
    if (!r.part.empty()) out += "-" + r.part;
    if (r.edition) out += fmt::format(":{}", r.edition);
    if (!r.clause.empty()) out += " clause " + r.clause;
    if (!r.note.empty()) out += " (" + r.note + ")";
    return out;
}

std::string formatNumber(double v) {
    std::string s = fmt::format("{:.2f}", std::round(v * 100) / 100);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

std::optional<std::string> saveText(const std::filesystem::path& path, const std::string& text) {
    // Reports and bundles are learners' records: owner-only, like the database.
    if (!writeOwnerOnlyFile(path, text).empty())
        return fmt::format("cannot write {} (does the folder exist, and may it be written to?)",
                           path.string());
    return std::nullopt;
}

} // namespace examsim::core
