#include "app/widgets.hpp"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <imgui.h>

namespace examsim::app {

void heading(const AppContext& ctx, const char* text) {
    ImGui::PushFont(ctx.headingFont);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void percentBar(const AppContext& ctx, double percent, double passMark, float width, const char* label) {
    const float h = ImGui::GetFrameHeight() * 0.8f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float frac = static_cast<float>(std::clamp(percent, 0.0, 100.0) / 100.0);
    const ImVec4 fill = passMark < 0 ? ctx.colors.accent : percent >= passMark ? ctx.colors.pass : ctx.colors.fail;
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    if (frac > 0) dl->AddRectFilled(p, ImVec2(p.x + width * frac, p.y + h), ImGui::GetColorU32(ImVec4(fill.x, fill.y, fill.z, 0.85f)), 3.0f);
    if (passMark >= 0) {
        const float x = p.x + width * static_cast<float>(passMark / 100.0);
        dl->AddLine(ImVec2(x, p.y - 2), ImVec2(x, p.y + h + 2), ImGui::GetColorU32(ImGuiCol_Text), 2.0f);
    }
    const std::string text = label ? std::string(label) : fmt::format("{:.0f} %", percent);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddText(ImVec2(p.x + 6, p.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
    ImGui::Dummy(ImVec2(width, h));
}

std::string localDate(std::int64_t unixSeconds, bool withTime) {
    if (unixSeconds <= 0) return "";
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, withTime ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
    return buf;
}

std::string duration(std::int64_t ms) {
    const std::int64_t minutes = (ms + 30'000) / 60'000;
    if (minutes < 60) return fmt::format("{} min", minutes);
    return fmt::format("{} h {:02} min", minutes / 60, minutes % 60);
}

void clippedText(const char* text, float width) {
    if (ImGui::CalcTextSize(text).x <= width) {
        ImGui::TextUnformatted(text);
        return;
    }
    std::string s(text);
    while (!s.empty() && ImGui::CalcTextSize((s + "...").c_str()).x > width) {
        s.pop_back();
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back(); // whole UTF-8 characters
        if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
    }
    ImGui::TextUnformatted((s + "...").c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

bool cancelButton() {
    if (!ImGui::Button("Cancel") && !ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) return false;
    ImGui::CloseCurrentPopup();
    return true;
}

bool primaryButton(const AppContext& ctx, const char* label) {
    const ImVec4 a = ctx.colors.accent;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(a.x * 0.6f, a.y * 0.6f, a.z * 0.6f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(a.x * 0.75f, a.y * 0.75f, a.z * 0.75f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const bool pressed = ImGui::Button(label);
    ImGui::PopStyleColor(3);
    return pressed;
}

} // namespace examsim::app
