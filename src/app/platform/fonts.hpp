// Fonts: a real TrueType font found through fontconfig (DejaVu Sans preferred), with the glyph ranges
// the validator checks bank text against; ImGui's built-in font when none is found.
#pragma once

#include <string>

namespace examsim::app {

struct LoadedFonts {
    std::string regularPath; // empty when the built-in font is used
    std::string boldPath;
};

// Clears and rebuilds the font atlas at the given pixel size (call before NewFrame).
LoadedFonts loadFonts(float pixelSize);

} // namespace examsim::app
