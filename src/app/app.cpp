#include "app/app.hpp"

#include <algorithm>
#include <imgui.h>

namespace examsim::app {

App::App(AppContext ctx) : m_ctx(std::move(ctx)) {
    m_screens.push_back(makeHomeScreen());
    m_screens.push_back(makeStartScreen());
    m_screens.push_back(makeExamScreen());
    m_screens.push_back(makeResultsScreen());
    m_screens.push_back(makeReviewScreen());
    m_screens.push_back(makeHistoryScreen());
    m_screens.push_back(makeTeamScreen());
    m_screens.push_back(makeTrainerScreen());
    m_screens.push_back(makeEditorScreen());
    m_screens.push_back(makeLearnerScreen());
    m_screens.push_back(makeBanksScreen());
    m_screens.push_back(makeSettingsScreen());
}

void AppContext::reloadBanks() {
    banks = core::BankSet::load(bankPaths);
    bankStats = core::computeStats(banks);
    profiles = core::loadProfilesFrom(bankPaths, banks);
}

void AppContext::selectLearner(const core::Learner& l) {
    if (attempt && (!learner || learner->id != l.id)) closeAttempt();
    learner = l;
    resultAttemptId.clear();
    settings.lastLearnerId = l.id;
    saveSettings();
    ++dataVersion;
}

std::string AppContext::startAttempt(const core::AttemptRequest& request) {
    if (!learner) return "Choose a learner first.";
    closeAttempt();
    auto started = core::RecordedAttempt::start(store.get(), *learner, banks, profiles, request, clock);
    if (auto* err = std::get_if<std::string>(&started)) return *err;
    attempt = std::move(std::get<std::unique_ptr<core::RecordedAttempt>>(started));
    keyboard = std::make_unique<core::ExamKeyboard>(attempt->session());
    finishHandled = false;
    banner = attempt->warning();
    ++dataVersion;
    return "";
}

std::string AppContext::resumeAttempt(const std::string& attemptId) {
    if (!store) return "No progress database is open.";
    if (attempt && attempt->id() == attemptId) return "";
    closeAttempt();
    auto resumed = core::RecordedAttempt::resume(*store, attemptId, clock);
    if (auto* err = std::get_if<std::string>(&resumed)) return *err;
    attempt = std::move(std::get<std::unique_ptr<core::RecordedAttempt>>(resumed));
    keyboard = std::make_unique<core::ExamKeyboard>(attempt->session());
    finishHandled = false;
    banner.clear();
    return "";
}

void AppContext::closeAttempt() {
    if (!attempt) return;
    attempt->close();
    keyboard.reset();
    attempt.reset();
    ++dataVersion;
}

void AppContext::tick() {
    if (!attempt) return;
    auto& s = attempt->session();
    for (auto w : s.update())
        banner = w == core::TimeWarning::TenMinutesLeft    ? "10 minutes left."
                 : w == core::TimeWarning::FiveMinutesLeft ? "5 minutes left."
                                                           : "Time is up: the paper has been submitted.";
    attempt->sync();
    if (!attempt->warning().empty()) banner = attempt->warning();
    // Submission happens in a screen's draw or in update() above: either way, the next tick moves on.
    if (s.finished() && !finishHandled) {
        finishHandled = true;
        resultAttemptId = attempt->id();
        ++dataVersion;
        if (!resultAttemptId.empty()) goTo("results");
    }
}

void AppContext::saveSettings() {
    if (sample || settingsPath.empty()) return; // screenshots never change the user's settings
    const std::string error = core::saveSettings(settingsPath, settings);
    if (!error.empty()) settingsMessage = "Settings could not be saved: " + error;
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
    m_ctx.tick();
    // The exam screen takes letters, digits and arrows as answers; elsewhere the keyboard moves between
    // widgets (Tab, arrows, Space or Enter to press).
    ImGuiIO& io = ImGui::GetIO();
    const bool examKeys = currentId() == "exam" && m_ctx.examInProgress();
    if (examKeys) io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    else io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    // Keys reach the app without a click first: the main window takes the focus when nothing has it.
    if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) ImGui::SetNextWindowFocus();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##main", nullptr, flags);
    ImGui::PopStyleVar();
    // Navigation bar: product name, one tab per available screen, and the learner on the right.
    // The product name gives way to the tabs when the window is too narrow for both.
    const std::string who = m_ctx.learner ? m_ctx.learner->name : std::string("No learner");
    const ImGuiStyle& style = ImGui::GetStyle();
    float tabs = ImGui::CalcTextSize(who.c_str()).x;
    for (const auto& s : m_screens)
        if (s->available(m_ctx)) tabs += ImGui::CalcTextSize(std::string(s->title()).c_str()).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
    ImGui::PushFont(m_ctx.headingFont);
    const float name = ImGui::CalcTextSize("ExamSim 20000").x + ImGui::GetFontSize() * 1.5f;
    const bool showName = name + tabs <= ImGui::GetContentRegionAvail().x;
    if (showName) ImGui::TextUnformatted("ExamSim 20000");
    ImGui::PopFont();
    if (showName) ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    for (std::size_t i = 0; i < m_screens.size(); ++i) {
        if (!m_screens[i]->available(m_ctx)) continue;
        const bool current = i == m_current;
        if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        std::string label(m_screens[i]->title());
        if (m_screens[i]->id() == "exam" && m_ctx.examInProgress()) label += " *";
        if (ImGui::Button(label.c_str())) m_current = i;
        if (current) ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(who.c_str()).x));
    ImGui::TextColored(m_ctx.colors.muted, "%s", who.c_str());
    ImGui::Separator();
    if (!m_ctx.banner.empty()) {
        ImGui::TextColored(m_ctx.colors.warning, "%s", m_ctx.banner.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Dismiss")) m_ctx.banner.clear();
    }
    ImGui::Spacing();
    // A close with unsaved edits asks on the editor, where the edits are.
    if (m_ctx.closeRequested && currentId() != "editor") select("editor");
    m_screens[m_current]->draw(m_ctx);
    ImGui::End();
    if (!m_ctx.requestedScreen.empty()) {
        select(m_ctx.requestedScreen);
        m_ctx.requestedScreen.clear();
    }
}

} // namespace examsim::app
