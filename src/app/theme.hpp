// Colour themes and the few colours that carry meaning (pass, fail, warning, flagged).
#pragma once

#include <imgui.h>
#include <optional>
#include <string_view>

namespace examsim::app {

enum class ThemeKind { Dark, Light, HighContrast };

struct SemanticColors {
    ImVec4 pass;
    ImVec4 fail;
    ImVec4 warning;
    ImVec4 muted;
    ImVec4 accent;
};

std::string_view nameOf(ThemeKind t);
std::optional<ThemeKind> themeFromString(std::string_view s);

// Applies the theme to ImGui's style, scaled for the given font size, and returns its semantic colours.
SemanticColors applyTheme(ThemeKind kind, float fontSize);

} // namespace examsim::app
