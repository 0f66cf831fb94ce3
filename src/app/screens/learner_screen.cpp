// Learner: who is using the app. Pick one, create one (with a team), rename, move to another team,
// archive or bring back.
#include "app/app.hpp"
#include "app/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <string>

namespace examsim::app {

namespace {

class LearnerScreen : public Screen {
public:
    std::string_view id() const override { return "learner"; }
    std::string_view title() const override { return "Learner"; }

    void draw(AppContext& ctx) override {
        heading(ctx, "Who is studying?");
        if (!ctx.store) {
            ImGui::TextColored(ctx.colors.fail, "No progress database is open: %s", ctx.storeMessage.c_str());
            return;
        }
        ImGui::TextColored(ctx.colors.muted, "Every attempt and answer is kept under the learner who gave it, in %s.",
                           ctx.databasePath.string().c_str());
        ImGui::Spacing();
        if (m_version != ctx.dataVersion || m_dirty) refresh(ctx);

        const float listWidth = ImGui::GetContentRegionAvail().x * 0.55f;
        ImGui::BeginChild("learners", ImVec2(listWidth, 0), true, ImGuiWindowFlags_NavFlattened);
        ImGui::Checkbox("Show archived learners", &m_showArchived);
        if (ImGui::IsItemEdited()) m_dirty = true;
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("list", 3, flags)) {
            ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 2.0f);
            ImGui::TableSetupColumn("Team", ImGuiTableColumnFlags_WidthStretch, 1.5f);
            ImGui::TableSetupColumn("Since", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
            ImGui::TableHeadersRow();
            for (const auto& l : m_learners) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const bool current = ctx.learner && ctx.learner->id == l.id;
                std::string label = l.name + (l.archived ? "  (archived)" : "") + "##" + l.id;
                if (ImGui::Selectable(label.c_str(), current || m_selected == l.id, ImGuiSelectableFlags_SpanAllColumns)) {
                    m_selected = l.id;
                    m_rename = l.name;
                    m_team = l.team;
                }
                if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0) && !l.archived) choose(ctx, l);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(l.team.empty() ? "-" : l.team.c_str());
                ImGui::TableNextColumn();
                ImGui::TextColored(ctx.colors.muted, "%s", localDate(l.createdAt, false).c_str());
            }
            ImGui::EndTable();
        }
        if (m_learners.empty()) ImGui::TextColored(ctx.colors.muted, "No learners yet: create the first one on the right.");
        ImGui::EndChild();
        ImGui::SameLine();

        ImGui::BeginChild("actions", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
        const core::Learner* sel = selected();
        if (sel) {
            heading(ctx, sel->name.c_str());
            if (!sel->archived && primaryButton(ctx, "Use this learner")) choose(ctx, *sel);
            ImGui::Spacing();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
            ImGui::InputText("Name##rename", &m_rename);
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
            ImGui::InputText("Team##move", &m_team);
            if (ImGui::Button("Save name and team")) {
                if (trimmed(m_rename).empty()) m_message = "A learner needs a name.";
                else {
                    ctx.store->renameLearner(sel->id, trimmed(m_rename));
                    ctx.store->setTeam(sel->id, trimmed(m_team));
                    afterChange(ctx, sel->id);
                    m_message = "Saved.";
                }
            }
            ImGui::SameLine();
            if (ImGui::Button(sel->archived ? "Bring back" : "Archive")) {
                ctx.store->archiveLearner(sel->id, !sel->archived);
                afterChange(ctx, sel->id);
            }
            ImGui::TextColored(ctx.colors.muted, "Archived learners keep their records but leave the lists.");
            ImGui::Separator();
        }
        heading(ctx, "New learner");
        // With nobody to choose from, typing goes straight into the name.
        if (m_learners.empty() && !m_focusedOnce && !ctx.screenshot) ImGui::SetKeyboardFocusHere(), m_focusedOnce = true;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        const bool enter = ImGui::InputTextWithHint("Name##new", "e.g. Ann Smith", &m_newName, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        ImGui::InputTextWithHint("Team##new", "optional, e.g. Service Desk", &m_newTeam);
        if (ImGui::Button("Create and use") || enter) {
            if (trimmed(m_newName).empty()) m_message = "Type a name first.";
            else {
                const auto l = ctx.store->createLearner(trimmed(m_newName), trimmed(m_newTeam));
                m_newName.clear();
                m_message.clear();
                choose(ctx, l);
            }
        }
        if (!m_message.empty()) ImGui::TextColored(ctx.colors.warning, "%s", m_message.c_str());
        ImGui::EndChild();
    }

private:
    std::vector<core::Learner> m_learners;
    std::string m_selected, m_rename, m_team, m_newName, m_newTeam, m_message;
    bool m_showArchived = false;
    bool m_focusedOnce = false;
    bool m_dirty = true;
    int m_version = -1;

    static std::string trimmed(const std::string& s) {
        const auto b = s.find_first_not_of(" \t");
        if (b == std::string::npos) return "";
        return s.substr(b, s.find_last_not_of(" \t") - b + 1);
    }

    void refresh(AppContext& ctx) {
        m_learners = ctx.store->learners("", m_showArchived);
        m_version = ctx.dataVersion;
        m_dirty = false;
        if (m_selected.empty() && ctx.learner) {
            m_selected = ctx.learner->id;
            m_rename = ctx.learner->name;
            m_team = ctx.learner->team;
        }
    }

    const core::Learner* selected() const {
        for (const auto& l : m_learners)
            if (l.id == m_selected) return &l;
        return nullptr;
    }

    void afterChange(AppContext& ctx, const std::string& id) {
        if (ctx.learner && ctx.learner->id == id) ctx.learner = ctx.store->learner(id);
        ++ctx.dataVersion;
    }

    void choose(AppContext& ctx, const core::Learner& l) {
        ctx.selectLearner(l);
        m_selected = l.id;
        ctx.goTo("home");
    }
};

} // namespace

std::unique_ptr<Screen> makeLearnerScreen() { return std::make_unique<LearnerScreen>(); }

} // namespace examsim::app
