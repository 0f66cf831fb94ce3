// Banks: the loaded question banks, their counts, and every validation finding with its position, so a
// trainer sees at once why a bank did not load.
#include "app/app.hpp"
#include "core/stats.hpp"

#include <algorithm>
#include <filesystem>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <string>

namespace examsim::app {

namespace {

class BanksScreen : public Screen {
public:
    std::string_view id() const override { return "banks"; }
    std::string_view title() const override { return "Banks"; }

    void draw(AppContext& ctx) override {
        const auto& set = ctx.banks;
        const auto counts = set.counts();
        const auto& stats = ctx.bankStats;

        ImGui::PushFont(ctx.headingFont);
        ImGui::TextUnformatted("Question banks");
        ImGui::PopFont();
        ImGui::Text("%zu of %zu bank files loaded  |  %zu questions ready: %zu Foundation, %zu Practitioner, %zu Auditor",
                    set.banks().size(), set.files().size(), stats.total.questions,
                    stats.levels[core::index(core::Level::Foundation)].questions,
                    stats.levels[core::index(core::Level::Practitioner)].questions,
                    stats.levels[core::index(core::Level::Auditor)].questions);
        ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Reload").x);
        if (ImGui::Button("Reload")) ctx.reloadBanks();
        for (const auto& p : ctx.bankPaths) ImGui::TextColored(ctx.colors.muted, "Folder: %s", p.string().c_str());
        ImGui::TextColored(ctx.colors.muted, "Progress database: %s", ctx.databasePath.string().c_str());
        if (!ctx.storeMessage.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(ctx.store ? ctx.colors.warning : ctx.colors.fail, "%s", ctx.storeMessage.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::Spacing();

        const float tableHeight = std::min(ImGui::GetContentRegionAvail().y * 0.55f,
                                           ImGui::GetFrameHeightWithSpacing() * static_cast<float>(set.files().size() + 2));
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("files", 5, flags, ImVec2(0, tableHeight))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7);
            ImGui::TableSetupColumn("Bank", ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("File", ImGuiTableColumnFlags_WidthStretch, 1.6f);
            ImGui::TableSetupColumn("Questions", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
            ImGui::TableSetupColumn("Findings", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
            ImGui::TableHeadersRow();
            for (const auto& f : set.files()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (f.loaded) ImGui::TextColored(ctx.colors.pass, "Loaded");
                else ImGui::TextColored(ctx.colors.fail, "Not loaded");
                ImGui::TableNextColumn();
                if (f.title.empty()) ImGui::TextColored(ctx.colors.muted, "(unreadable)");
                else ImGui::TextUnformatted(f.title.c_str());
                if (!f.title.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nid: %s", f.title.c_str(), f.bankId.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::filesystem::path(f.path).filename().string().c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%zu", f.questions);
                ImGui::TableNextColumn();
                if (f.errors) ImGui::TextColored(ctx.colors.fail, "%d errors", f.errors);
                if (f.errors && f.warnings) ImGui::SameLine();
                if (f.warnings) ImGui::TextColored(ctx.colors.warning, "%d warnings", f.warnings);
                if (!f.errors && !f.warnings) ImGui::TextColored(ctx.colors.muted, "none");
            }
            ImGui::EndTable();
        }

        ImGui::Spacing();
        ImGui::PushFont(ctx.headingFont);
        ImGui::Text("Findings (%d errors, %d warnings)", counts.errors, counts.warnings);
        ImGui::PopFont();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
        ImGui::InputTextWithHint("##filter", "Filter by file or text", &m_filter);
        ImGui::SameLine();
        ImGui::Checkbox("Errors only", &m_errorsOnly);
        ImGui::BeginChild("findings", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
        int shown = 0;
        for (const auto& d : set.diagnostics()) {
            if (m_errorsOnly && d.severity != core::Severity::Error) continue;
            const std::string line = core::format(d);
            if (!m_filter.empty() && line.find(m_filter) == std::string::npos) continue;
            ++shown;
            const bool error = d.severity == core::Severity::Error;
            ImGui::TextColored(error ? ctx.colors.fail : ctx.colors.warning, error ? "error" : "warning");
            ImGui::SameLine();
            std::string where = std::filesystem::path(d.file).filename().string();
            if (d.line > 0) where += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
            ImGui::TextColored(ctx.colors.muted, "%s  %s", where.c_str(), d.pointer.empty() ? "" : d.pointer.c_str());
            ImGui::Indent();
            ImGui::TextWrapped("%s", d.message.c_str());
            ImGui::Unindent();
        }
        if (shown == 0) {
            if (set.diagnostics().empty()) ImGui::TextColored(ctx.colors.pass, "No problems found: every bank is valid.");
            else ImGui::TextColored(ctx.colors.muted, "No findings match the filter.");
        }
        ImGui::EndChild();
    }

private:
    std::string m_filter;
    bool m_errorsOnly = false;
};

} // namespace

std::unique_ptr<Screen> makeBanksScreen() { return std::make_unique<BanksScreen>(); }

} // namespace examsim::app
