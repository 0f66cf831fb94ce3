#include "app/theme.hpp"

namespace examsim::app {

std::string_view nameOf(ThemeKind t) {
    switch (t) {
    case ThemeKind::Dark: return "dark";
    case ThemeKind::Light: return "light";
    case ThemeKind::HighContrast: return "high-contrast";
    }
    return "dark";
}

std::optional<ThemeKind> themeFromString(std::string_view s) {
    if (s == "dark") return ThemeKind::Dark;
    if (s == "light") return ThemeKind::Light;
    if (s == "high-contrast") return ThemeKind::HighContrast;
    return std::nullopt;
}

SemanticColors applyTheme(ThemeKind kind, float fontSize) {
    ImGuiStyle style;
    SemanticColors c{};
    switch (kind) {
    case ThemeKind::Dark:
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.0f);
        style.Colors[ImGuiCol_Header] = ImVec4(0.20f, 0.32f, 0.48f, 1.0f);
        style.Colors[ImGuiCol_Button] = ImVec4(0.20f, 0.30f, 0.44f, 1.0f);
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.40f, 0.58f, 1.0f);
        c = {ImVec4(0.40f, 0.80f, 0.45f, 1), ImVec4(0.95f, 0.42f, 0.40f, 1), ImVec4(0.98f, 0.75f, 0.30f, 1),
             ImVec4(0.60f, 0.63f, 0.68f, 1), ImVec4(0.45f, 0.68f, 0.98f, 1)};
        break;
    case ThemeKind::Light:
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        c = {ImVec4(0.10f, 0.50f, 0.20f, 1), ImVec4(0.75f, 0.15f, 0.12f, 1), ImVec4(0.65f, 0.42f, 0.00f, 1),
             ImVec4(0.40f, 0.42f, 0.45f, 1), ImVec4(0.10f, 0.35f, 0.75f, 1)};
        break;
    case ThemeKind::HighContrast:
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_Button] = ImVec4(0.0f, 0.25f, 0.6f, 1);
        style.FrameBorderSize = 1.0f;
        c = {ImVec4(0.3f, 1.0f, 0.3f, 1), ImVec4(1.0f, 0.35f, 0.35f, 1), ImVec4(1.0f, 0.9f, 0.0f, 1),
             ImVec4(0.85f, 0.85f, 0.85f, 1), ImVec4(0.4f, 0.8f, 1.0f, 1)};
        break;
    }
    style.WindowRounding = 0.0f;
    style.ChildRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.CellPadding = ImVec2(8, 5);
    style.ScaleAllSizes(fontSize / 16.0f);
    ImGui::GetStyle() = style;
    return c;
}

} // namespace examsim::app
