#include "app/platform/fonts.hpp"

#include "core/text.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace examsim::app {

namespace {

// `config` is loaded once for both faces: loading it reads every font cache (tens of milliseconds).
std::string findFont(FcConfig* config, const char* pattern) {
    std::string path;
    if (!config) return path;
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern));
    FcConfigSubstitute(config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    if (FcPattern* match = FcFontMatch(config, pat, &result)) {
        FcChar8* file = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch && file) {
            const std::string found = reinterpret_cast<const char*>(file);
            // Only TrueType/OpenType files can be loaded by ImGui's rasterizer.
            if (found.size() > 4 && (found.ends_with(".ttf") || found.ends_with(".otf"))) path = found;
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return path;
}

const ImWchar* glyphRanges() {
    static std::vector<ImWchar> ranges = [] {
        std::vector<ImWchar> r;
        for (const auto& range : core::kDisplayableRanges) {
            r.push_back(static_cast<ImWchar>(range.first));
            r.push_back(static_cast<ImWchar>(range.last));
        }
        r.push_back(0xFFFD); // replacement character for anything else
        r.push_back(0xFFFD);
        r.push_back(0);
        return r;
    }();
    return ranges.data();
}

} // namespace

LoadedFonts buildFonts(ImFontAtlas& atlas, float pixelSize) {
    LoadedFonts fonts;
    atlas.Clear();
    FcConfig* config = FcInitLoadConfigAndFonts();
    fonts.regularPath = findFont(config, "DejaVu Sans:style=Book");
    fonts.boldPath = findFont(config, "DejaVu Sans:style=Bold");
    if (config) FcConfigDestroy(config);
    ImFontConfig face;
    face.OversampleH = 2;
    face.OversampleV = 1;
    ImFont* regular = nullptr;
    if (!fonts.regularPath.empty())
        regular = atlas.AddFontFromFileTTF(fonts.regularPath.c_str(), pixelSize, &face, glyphRanges());
    if (!regular) {
        fonts.regularPath.clear();
        ImFontConfig fallback;
        fallback.SizePixels = pixelSize;
        atlas.AddFontDefault(&fallback);
    }
    // Font index 1: bold for headings (the regular font again when no bold face exists).
    const std::string& bold = fonts.boldPath.empty() ? fonts.regularPath : fonts.boldPath;
    if (!bold.empty())
        atlas.AddFontFromFileTTF(bold.c_str(), pixelSize * 1.25f, &face, glyphRanges());
    else
        atlas.AddFontDefault();
    atlas.Build();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &width, &height); // the form the GL backend uploads, made here
    return fonts;
}

void uploadFonts() {
#if defined(__SANITIZE_ADDRESS__)
    __lsan::ScopedDisabler driver; // see platform/backend.cpp
#endif
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

LoadedFonts loadFonts(float pixelSize) {
    LoadedFonts fonts = buildFonts(*ImGui::GetIO().Fonts, pixelSize);
    uploadFonts();
    return fonts;
}

} // namespace examsim::app
