// Fonts: a real TrueType font found through fontconfig (DejaVu Sans preferred), with the glyph ranges
// the validator checks bank text against; ImGui's built-in font when none is found.
#pragma once

#include <string>

struct ImFontAtlas;

namespace examsim::app {

struct LoadedFonts {
    std::string regularPath; // empty when the built-in font is used
    std::string boldPath;
};

// Clears and rebuilds the font atlas at the given pixel size (call before NewFrame).
LoadedFonts loadFonts(float pixelSize);

// The two halves of loadFonts. buildFonts rasterises the faces into `atlas` and needs neither an ImGui
// context nor GL, so the first atlas is built on a thread while the window opens (issue 10: start to
// first frame); uploadFonts hands the current context's atlas to the GL backend.
LoadedFonts buildFonts(ImFontAtlas& atlas, float pixelSize);
void uploadFonts();

} // namespace examsim::app
