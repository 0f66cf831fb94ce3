// Team: learners x levels (best score, passed, date, credit equivalents) and a heatmap of the team's
// weakest topics; saving the team record, a learner's competency record or records bundle, and merging
// bundles or other progress databases collected from learners — no server needed.
#include "app/app.hpp"
#include "app/file_dialog.hpp"
#include "app/widgets.hpp"
#include "core/records/records_bundle.hpp"
#include "core/report/competency_record.hpp"
#include "core/report/report_text.hpp"
#include "core/report/score_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <imgui.h>
#include <set>

namespace examsim::app {

namespace {

enum class Save { TeamRecord, CompetencyRecord, Bundle, Merge };

class TeamScreen : public Screen {
public:
    std::string_view id() const override { return "team"; }
    std::string_view title() const override { return "Team"; }

    void draw(AppContext& ctx) override {
        heading(ctx, "Team records");
        if (!ctx.store) {
            ImGui::TextColored(ctx.colors.fail, "No progress database is open: %s", ctx.storeMessage.c_str());
            return;
        }
        if (m_version != ctx.dataVersion) refresh(ctx);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        if (ImGui::BeginCombo("Team", m_team.empty() ? "Everyone" : m_team.c_str())) {
            if (ImGui::Selectable("Everyone", m_team.empty())) m_team.clear(), m_version = -1;
            for (const auto& t : m_teams)
                if (ImGui::Selectable(t.c_str(), m_team == t)) m_team = t, m_version = -1;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("Save team record...")) ask(Save::TeamRecord, "Save the team record", "team-record.html");
        ImGui::SameLine();
        if (ctx.learner && ImGui::Button("Save my competency record..."))
            ask(Save::CompetencyRecord, "Save the competency record", "competency-record.html");
        ImGui::SameLine();
        if (ctx.learner && ImGui::Button("Export my records...")) ask(Save::Bundle, "Export a records bundle", "examsim-records.json");
        ImGui::SameLine();
        if (ImGui::Button("Merge records...")) ask(Save::Merge, "Merge a records bundle or progress database", "", "Open");
        if (m_dialog.draw(ctx)) act(ctx);
        if (!m_message.empty()) ImGui::TextColored(m_ok ? ctx.colors.pass : ctx.colors.fail, "%s", m_message.c_str());
        ImGui::TextColored(ctx.colors.muted, "Save as .html, .json or .csv (team record). Credit equivalents are planning figures "
                                             "under the ITIL v3 scheme, superseded in 2019; practice passes are not certificates.");
        ImGui::Spacing();
        drawGrid(ctx);
        ImGui::Spacing();
        drawHeatmap(ctx);
    }

private:
    int m_version = -1;
    std::string m_team;
    std::vector<std::string> m_teams;
    core::TeamRecord m_record;
    SaveDialog m_dialog;
    Save m_pending = Save::TeamRecord;
    std::string m_message;
    bool m_ok = false;

    void refresh(AppContext& ctx) {
        m_version = ctx.dataVersion;
        try {
            std::set<std::string> teams;
            for (const auto& l : ctx.store->learners())
                if (!l.team.empty()) teams.insert(l.team);
            m_teams.assign(teams.begin(), teams.end());
            if (m_team.empty() && ctx.learner && !ctx.learner->team.empty() && m_record.generatedAt == 0) m_team = ctx.learner->team;
            m_record = core::buildTeamRecord(*ctx.store, m_team, &ctx.profiles, &ctx.banks);
        } catch (const std::exception& e) {
            m_ok = false;
            m_message = std::string("The records could not be read: ") + e.what();
        }
    }

    void ask(Save what, const char* title, const std::string& name, const std::string& confirm = "Save") {
        m_pending = what;
        const char* home = std::getenv("HOME");
        m_dialog.open(title, home ? home : ".", name, confirm);
    }

    void act(AppContext& ctx) {
        const auto path = m_dialog.path();
        const std::string ext = path.extension().string();
        auto css = [&]() -> std::string {
            auto c = core::loadReportCss();
            return std::holds_alternative<std::string>(c) ? std::get<std::string>(c) : std::string();
        };
        std::string text;
        try {
            switch (m_pending) {
            case Save::TeamRecord:
                text = ext == ".csv" ? core::renderTeamRecordCsv(m_record) : ext == ".json" ? core::renderTeamRecordJson(m_record)
                                                                                          : core::renderTeamRecordHtml(m_record, css());
                break;
            case Save::CompetencyRecord: {
                const auto rec = core::buildCompetencyRecord(*ctx.store, *ctx.learner, &ctx.profiles, &ctx.banks);
                text = ext == ".json" ? core::renderCompetencyRecordJson(rec) : core::renderCompetencyRecordHtml(rec, css());
                break;
            }
            case Save::Bundle: text = core::writeRecordsBundle(ctx.store->exportRecords({ctx.learner->id})); break;
            case Save::Merge: {
                auto merged = core::mergeRecordFiles(*ctx.store, {path});
                if (auto* e = std::get_if<core::BundleError>(&merged)) {
                    m_ok = false;
                    m_message = e->message + " (nothing was merged)";
                    return;
                }
                const auto& c = std::get<std::vector<core::MergedSource>>(merged).front().counts;
                m_ok = c.conflicts.empty();
                m_message = fmt::format("Merged {}: {} learners, {} attempts, {} answers added; {} already present; {} conflicts.",
                                        path.filename().string(), c.learners, c.attempts, c.responses, c.attemptsAlreadyPresent,
                                        c.conflicts.size());
                ++ctx.dataVersion;
                return;
            }
            }
        } catch (const std::exception& e) {
            m_ok = false;
            m_message = std::string("Could not prepare the file: ") + e.what();
            return;
        }
        if (auto err = core::saveText(path, text)) {
            m_ok = false;
            m_message = *err;
            return;
        }
        m_ok = true;
        m_message = "Saved " + path.string();
    }

    void drawGrid(AppContext& ctx) {
        const auto& r = m_record;
        if (r.members.empty()) {
            ImGui::TextColored(ctx.colors.muted, "No learners in this team yet.");
            return;
        }
        const int columns = static_cast<int>(r.profiles.size()) + 2;
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                                      ImGuiTableFlags_ScrollY;
        const float h = std::min(ImGui::GetContentRegionAvail().y * 0.45f, ImGui::GetFrameHeightWithSpacing() * (r.members.size() + 1.5f));
        if (!ImGui::BeginTable("grid", columns, flags, ImVec2(0, h))) return;
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("Learner", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        for (const auto& t : r.profileTitles) ImGui::TableSetupColumn(t.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Credits", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5);
        ImGui::TableHeadersRow();
        for (const auto& m : r.members) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.learner.name.c_str());
            for (const auto& c : m.cells) {
                ImGui::TableNextColumn();
                if (c.attempts == 0) ImGui::TextColored(ctx.colors.muted, "-");
                else
                    ImGui::TextColored(c.passed ? ctx.colors.pass : ctx.colors.fail, "%.0f %%  %s %s", c.bestPercent, c.passed ? "passed" : "best",
                                       localDate(c.date, false).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::Text("%s", core::formatNumber(m.countedCredits).c_str());
        }
        ImGui::EndTable();
    }

    void drawHeatmap(AppContext& ctx) {
        const auto& r = m_record;
        heading(ctx, "Weak areas of the team (share right per topic, weakest first)");
        if (r.topics.empty() || r.members.empty()) {
            ImGui::TextColored(ctx.colors.muted, "No answers yet.");
            return;
        }
        const std::size_t topics = std::min<std::size_t>(r.topics.size(), 10);
        const int columns = static_cast<int>(topics) + 1;
        const float rows = static_cast<float>(r.members.size() + 2);
        const float height = std::min(ImGui::GetContentRegionAvail().y, ImGui::GetTextLineHeightWithSpacing() * 1.25f * rows);
        if (!ImGui::BeginTable("heat", columns, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInner | ImGuiTableFlags_ScrollY,
                               ImVec2(0, height)))
            return;
        ImGui::TableSetupColumn("Learner");
        for (std::size_t t = 0; t < topics; ++t) ImGui::TableSetupColumn(r.topics[t].title.c_str());
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Learner");
        for (std::size_t t = 0; t < topics; ++t) {
            ImGui::TableNextColumn();
            clippedText(r.topics[t].title.c_str(), ImGui::GetContentRegionAvail().x);
        }
        auto cell = [&](const core::TopicLine& line) {
            ImGui::TableNextColumn();
            if (line.answers == 0) {
                ImGui::TextColored(ctx.colors.muted, "-");
                return;
            }
            // Red for weak, through amber, to green for strong: colour here carries the meaning.
            const double s = line.share();
            const ImVec4 c = s < 0.5 ? ctx.colors.fail : s < 0.75 ? ctx.colors.warning : ctx.colors.pass;
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, 0.45f)));
            ImGui::Text("%.0f %%", s * 100);
        };
        for (const auto& m : r.members) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.learner.name.c_str());
            for (std::size_t t = 0; t < topics && t < m.topics.size(); ++t) cell(m.topics[t]);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Team");
        for (std::size_t t = 0; t < topics; ++t) cell(r.topics[t]);
        ImGui::EndTable();
    }
};

} // namespace

std::unique_ptr<Screen> makeTeamScreen() { return std::make_unique<TeamScreen>(); }

} // namespace examsim::app
