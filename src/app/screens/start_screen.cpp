// Start: choose a paper and how to take it — an exam profile with its format (questions, time, pass
// mark, credit equivalent), the mode (timed exam, study with feedback, a custom drill by level and
// topic, or a review of due questions) and, optionally, a seed to sit a given paper again.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/adaptive_store.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace examsim::app {

namespace {

class StartScreen : public Screen {
public:
    std::string_view id() const override { return "start"; }
    std::string_view title() const override { return "Start"; }

    void draw(AppContext& ctx) override {
        heading(ctx, "Start a paper");
        if (!ctx.learner) {
            ImGui::TextColored(ctx.colors.warning, "Choose a learner first, so that your answers are kept.");
            if (primaryButton(ctx, "Choose a learner")) ctx.goTo("learner");
            return;
        }
        const float left = ImGui::GetContentRegionAvail().x * 0.5f;
        ImGui::BeginChild("what", ImVec2(left, -ImGui::GetFrameHeightWithSpacing() * 1.5f), true, ImGuiWindowFlags_NavFlattened);
        ImGui::TextUnformatted("Mode");
        ImGui::RadioButton("Exam: timed, no feedback until the end", &m_mode, 0);
        ImGui::RadioButton("Study: feedback and explanation after each answer", &m_mode, 1);
        ImGui::RadioButton("Custom drill: choose levels and topics", &m_mode, 2);
        ImGui::RadioButton("Due review: questions you are about to forget", &m_mode, 3);
        ImGui::Separator();
        if (m_mode <= 1) drawProfiles(ctx);
        else if (m_mode == 2) drawDrill(ctx);
        else drawDue(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("details", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.5f), true, ImGuiWindowFlags_NavFlattened);
        drawDetails(ctx);
        ImGui::EndChild();

        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        ImGui::InputTextWithHint("Seed", "random", &m_seed, ImGuiInputTextFlags_CharsDecimal);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The same seed gives the same paper: share it to sit the same questions again.");
        ImGui::SameLine();
        if (primaryButton(ctx, "Start")) start(ctx);
        if (!m_error.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
        }
    }

private:
    int m_mode = 0;
    std::size_t m_profile = 0;
    std::string m_seed;
    std::string m_error;
    bool m_levels[3] = {true, false, false};
    std::vector<std::string> m_topics;
    std::string m_topicFilter;
    int m_count = 20;
    int m_filter = 0; // all, wrong last time, never seen
    int m_dueLevel = 0;

    static constexpr core::Level kLevels[3] = {core::Level::Foundation, core::Level::Practitioner, core::Level::Auditor};

    void drawProfiles(AppContext& ctx) {
        ImGui::TextUnformatted("Exam profile");
        for (std::size_t i = 0; i < ctx.profiles.profiles.size(); ++i) {
            const auto& p = ctx.profiles.profiles[i];
            if (ImGui::Selectable(p.title.c_str(), m_profile == i)) m_profile = i;
        }
        if (ctx.profiles.profiles.empty()) ImGui::TextColored(ctx.colors.fail, "No exam profiles are loaded: see Banks.");
    }

    void drawDrill(AppContext& ctx) {
        ImGui::TextUnformatted("Levels");
        for (int i = 0; i < 3; ++i) {
            if (i) ImGui::SameLine();
            std::string name(core::nameOf(kLevels[i]));
            ImGui::Checkbox(name.c_str(), &m_levels[i]);
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::SliderInt("Questions", &m_count, 5, 60);
        ImGui::TextUnformatted("Questions to include");
        ImGui::RadioButton("All", &m_filter, 0);
        ImGui::SameLine();
        ImGui::RadioButton("Wrong last time", &m_filter, 1);
        ImGui::SameLine();
        ImGui::RadioButton("Never seen", &m_filter, 2);
        ImGui::Text("Topics (%zu chosen; none = all)", m_topics.size());
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##topicfilter", "Filter topics", &m_topicFilter);
        ImGui::BeginChild("topics", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
        for (const auto* t : ctx.banks.topics()) {
            const std::string label = t->clause.empty() ? t->title : t->clause + "  " + t->title;
            if (!m_topicFilter.empty() && !containsNoCase(label, m_topicFilter)) continue;
            bool on = std::find(m_topics.begin(), m_topics.end(), t->id) != m_topics.end();
            if (!t->parent.empty()) ImGui::Indent();
            if (ImGui::Checkbox((label + "##" + t->id).c_str(), &on)) {
                if (on) m_topics.push_back(t->id);
                else m_topics.erase(std::remove(m_topics.begin(), m_topics.end(), t->id), m_topics.end());
            }
            if (!t->parent.empty()) ImGui::Unindent();
        }
        ImGui::EndChild();
    }

    void drawDue(AppContext&) {
        ImGui::TextUnformatted("Level");
        for (int i = 0; i < 3; ++i) {
            if (i) ImGui::SameLine();
            ImGui::RadioButton(std::string(core::nameOf(kLevels[i])).c_str(), &m_dueLevel, i);
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::SliderInt("Questions", &m_count, 5, 60);
        ImGui::TextWrapped("Due questions come first, the ones you are most likely to have forgotten at the top; then new "
                           "questions from your weakest topics.");
    }

    static bool containsNoCase(const std::string& text, const std::string& needle) {
        auto lower = [](std::string s) {
            for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        return lower(text).find(lower(needle)) != std::string::npos;
    }

    void drawDetails(AppContext& ctx) {
        if (m_mode >= 2 || m_profile >= ctx.profiles.profiles.size()) {
            heading(ctx, m_mode == 2 ? "Custom drill" : m_mode == 3 ? "Due review" : "");
            ImGui::TextWrapped("Untimed, with the answer, its explanation and the clause shown after each question. "
                               "Drills and reviews earn no credit equivalent.");
            return;
        }
        const auto& p = ctx.profiles.profiles[m_profile];
        heading(ctx, p.title.c_str());
        ImGui::TextWrapped("%s", p.description.c_str());
        ImGui::Spacing();
        if (p.usesCaseStudies()) ImGui::Text("Questions:   %d case studies of %g marks", p.caseStudies, p.marksPerCaseStudy);
        else ImGui::Text("Questions:   %d", p.questions);
        if (m_mode == 0) {
            const double extra = ctx.settings.extraTimePercent;
            if (p.timeLimitMinutes > 0)
                ImGui::Text("Time:        %d minutes%s", p.timeLimitMinutes,
                            extra > 0 ? fmt::format(" + {:g} % extra time", extra).c_str() : "");
            else ImGui::Text("Time:        untimed");
        } else {
            ImGui::Text("Time:        untimed in study mode");
        }
        ImGui::Text("Pass mark:   %g %%", p.passMarkPercent);
        ImGui::Text("Book:        %s", p.openBook ? "open book" : "closed book");
        if (p.credits > 0) ImGui::Text("Credit equivalent when passed in exam mode: %g", p.credits);
        else ImGui::TextColored(ctx.colors.muted, "Carries no credit equivalent.");
        if (p.practiceFormat)
            ImGui::TextColored(ctx.colors.warning, "Practice format: no published exam format exists for this level, so this one is ours.");
    }

    void start(AppContext& ctx) {
        core::AttemptRequest req;
        req.seed = m_seed.empty() ? static_cast<std::uint64_t>(ctx.clock.nowMs()) * 0x9e3779b97f4a7c15ULL : std::strtoull(m_seed.c_str(), nullptr, 10);
        req.extraTimePercent = ctx.settings.extraTimePercent;
        if (m_mode <= 1) {
            if (m_profile >= ctx.profiles.profiles.size()) {
                m_error = "Choose an exam profile.";
                return;
            }
            req.mode = m_mode == 0 ? core::Mode::Exam : core::Mode::Study;
            req.profileId = ctx.profiles.profiles[m_profile].id;
        } else if (m_mode == 2) {
            req.mode = core::Mode::Drill;
            for (int i = 0; i < 3; ++i)
                if (m_levels[i]) req.drill.levels.push_back(kLevels[i]);
            req.drill.topics = m_topics;
            req.drill.count = m_count;
            req.drill.filter = m_filter == 1 ? core::DrillSpec::Filter::WrongLastTime
                               : m_filter == 2 ? core::DrillSpec::Filter::NotSeen
                                               : core::DrillSpec::Filter::All;
        } else {
            if (!ctx.store) {
                m_error = "A due review needs the progress database.";
                return;
            }
            core::DueSessionSpec spec;
            spec.level = kLevels[m_dueLevel];
            spec.count = m_count;
            spec.seed = req.seed;
            spec.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
            auto due = core::buildDueSession(*ctx.store, ctx.banks, ctx.learner->id, spec);
            if (auto* e = std::get_if<core::AssemblyError>(&due)) {
                m_error = e->message;
                return;
            }
            req.mode = core::Mode::Study;
            req.prebuilt = std::move(std::get<core::DueSession>(due).paper);
            req.profileId = "due";
            req.title = "Due review";
        }
        m_error = ctx.startAttempt(req);
        if (m_error.empty()) ctx.goTo("exam");
    }
};

} // namespace

std::unique_ptr<Screen> makeStartScreen() { return std::make_unique<StartScreen>(); }

} // namespace examsim::app
