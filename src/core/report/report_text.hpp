// Small text helpers shared by the report renderers (HTML, CSV, JSON, xAPI): escaping, ISO 8601 dates
// and durations, references and numbers written the same way everywhere.
#pragma once

#include "core/bank.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace examsim::core {

std::string htmlEscape(std::string_view text);
std::string
csvField(std::string_view text); // quoted when it holds a comma, quote or line break; formulas defused
std::string isoTimestamp(std::int64_t seconds);  // "2026-11-22T05:32:20Z" (UTC); "" for 0
std::string isoDate(std::int64_t seconds);       // "2026-11-22" (UTC); "" for 0
std::string isoDuration(std::int64_t ms);        // "PT1H2M3.5S"; "PT0S" for 0
std::string formatReference(const Reference& r); // "ISO/IEC 20000-1:2018 clause 8.6.1"
std::string formatNumber(double v);
// Saves a rendered report (or bundle, or statements): nothing when written, else a message to show.
std::optional<std::string>
saveText(const std::filesystem::path& path,
         const std::string& text); // 1.5, 26, 0.25: no trailing zeros, at most 2 decimals

} // namespace examsim::core
