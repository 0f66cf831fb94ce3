// Settings: theme, font size (everything scales with it), an extra-time accommodation for exams, and
// where the banks, the progress database and the settings live.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/paths.hpp"

#include <imgui.h>

namespace examsim::app {

namespace {

class SettingsScreen : public Screen {
public:
    std::string_view id() const override { return "settings"; }
    std::string_view title() const override { return "Settings"; }

    void draw(AppContext& ctx) override {
        auto& s = ctx.settings;
        heading(ctx, "Appearance");
        int theme = s.theme == "light" ? 1 : s.theme == "high-contrast" ? 2 : 0;
        const int before = theme;
        ImGui::RadioButton("Dark", &theme, 0);
        ImGui::SameLine();
        ImGui::RadioButton("Light", &theme, 1);
        ImGui::SameLine();
        ImGui::RadioButton("High contrast", &theme, 2);
        if (theme != before) {
            s.theme = theme == 1 ? "light" : theme == 2 ? "high-contrast" : "dark";
            ctx.styleDirty = true;
            ctx.saveSettings();
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        ImGui::SliderFloat("Font size", &m_fontSize, 12.0f, 32.0f, "%.0f px");
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            s.fontSize = m_fontSize;
            ctx.styleDirty = true; // the font atlas is rebuilt before the next frame
            ctx.saveSettings();
        }
        if (!ImGui::IsItemActive()) m_fontSize = s.fontSize;
        ImGui::TextColored(ctx.colors.muted, "Everything scales with the font size; it applies when you let go of the slider.");

        ImGui::Spacing();
        heading(ctx, "Exams");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        float extra = static_cast<float>(s.extraTimePercent);
        if (ImGui::SliderFloat("Extra time", &extra, 0.0f, 100.0f, "+%.0f %%")) s.extraTimePercent = extra;
        if (ImGui::IsItemDeactivatedAfterEdit()) ctx.saveSettings();
        ImGui::TextColored(ctx.colors.muted, "An accommodation (e.g. +25 %% for a learner who sits exams in a second language); "
                                             "applies to exams started from now on.");

        ImGui::Spacing();
        heading(ctx, "Data locations");
        for (const auto& p : ctx.bankPaths) ImGui::Text("Question banks:     %s", p.string().c_str());
        ImGui::Text("Progress database:  %s", ctx.databasePath.string().c_str());
        ImGui::Text("Settings:           %s", ctx.settingsPath.string().c_str());
        ImGui::Text("Report stylesheet:  %s", (core::assetsDir() / "report").string().c_str());
        if (!ctx.storeMessage.empty()) ImGui::TextColored(ctx.store ? ctx.colors.warning : ctx.colors.fail, "%s", ctx.storeMessage.c_str());
        if (!ctx.settingsMessage.empty()) ImGui::TextColored(ctx.colors.warning, "%s", ctx.settingsMessage.c_str());
        ImGui::TextColored(ctx.colors.muted, "Start with --db PATH or --banks DIR to use others. ExamSim %s.", core::versionString().c_str());
    }

private:
    float m_fontSize = 17.0f;
};

} // namespace

std::unique_ptr<Screen> makeSettingsScreen() { return std::make_unique<SettingsScreen>(); }

} // namespace examsim::app
