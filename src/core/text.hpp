// UTF-8 helpers shared by the validator and the app: the characters the app can display, character
// counting, and the small string utilities the validator's messages need.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace examsim::core {

struct CodepointRange {
    char32_t first;
    char32_t last;
};

// The ranges the app loads glyphs for; the validator warns about characters outside them.
inline constexpr CodepointRange kDisplayableRanges[] = {
    {0x0020, 0x007E}, // Basic Latin
    {0x00A0, 0x00FF}, // Latin-1 Supplement
    {0x0100, 0x017F}, // Latin Extended-A
    {0x2000, 0x206F}, // General Punctuation
    {0x20A0, 0x20CF}, // Currency Symbols
    {0x2190, 0x22FF}, // Arrows, Mathematical Operators
};

bool isDisplayable(char32_t c);

// Decodes one UTF-8 sequence at text[pos]; returns the code point and advances pos, or nullopt (and
// advances by one byte) on an ill-formed sequence.
std::optional<char32_t> decodeUtf8(std::string_view text, std::size_t& pos);

struct BadCharacter {
    char32_t codepoint;
    std::size_t byteOffset;
};
// The first character a learner could not read: outside kDisplayableRanges, or a control character
// other than line feed.
std::optional<BadCharacter> firstUndisplayable(std::string_view text);

std::size_t countCharacters(std::string_view text);
std::string codepointName(char32_t c); // "U+2603"

std::string normalizedForComparison(std::string_view text); // trimmed, ASCII-lowercased, spaces folded
bool isBlank(std::string_view text);
std::size_t editDistance(std::string_view a, std::string_view b);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

} // namespace examsim::core
