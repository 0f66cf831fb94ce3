#include "app/app.hpp"

#include <imgui.h>

namespace examsim::app {

App::App(AppContext ctx) : m_ctx(std::move(ctx)) {
    m_screens.push_back(makeBanksScreen());
    m_screens.push_back(makeExamScreen());
}

std::string AppContext::startPaper(const std::string& profileId, core::Mode mode, std::uint64_t seed) {
    const core::ExamProfile* profile = profiles.find(profileId);
    if (!profile) return "no exam profile \"" + profileId + "\"";
    core::AssemblyOptions o;
    o.seed = seed;
    auto paper = core::assemblePaper(banks, *profile, o);
    if (auto* e = std::get_if<core::AssemblyError>(&paper)) return e->message;
    core::SessionConfig cfg;
    cfg.mode = mode;
    cfg.timeLimitMinutes = mode == core::Mode::Exam ? profile->timeLimitMinutes : 0;
    cfg.passMarkPercent = profile->passMarkPercent;
    cfg.creditsIfPassed = profile->credits;
    session = std::make_unique<core::ExamSession>(std::move(std::get<core::Paper>(paper)), cfg, clock);
    keyboard = std::make_unique<core::ExamKeyboard>(*session);
    sessionTitle = profile->title;
    return "";
}

bool App::select(std::string_view screenId) {
    for (std::size_t i = 0; i < m_screens.size(); ++i)
        if (m_screens[i]->id() == screenId) {
            m_current = i;
            return true;
        }
    return false;
}

std::vector<std::string> App::screenIds() const {
    std::vector<std::string> ids;
    for (const auto& s : m_screens) ids.emplace_back(s->id());
    return ids;
}

void App::drawFrame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##main", nullptr, flags);
    ImGui::PopStyleVar();
    // Navigation bar: product name, then one tab per screen.
    ImGui::PushFont(m_ctx.headingFont);
    ImGui::TextUnformatted("ExamSim 20000");
    ImGui::PopFont();
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        const bool current = i == m_current;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(std::string(m_screens[i]->title()).c_str())) m_current = i;
        if (current) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Separator();
    ImGui::Spacing();
    m_screens[m_current]->draw(m_ctx);
    ImGui::End();
}

} // namespace examsim::app
