// Home: where the learner stands. Per level the last and best scores against the pass mark and the
// estimated chance of passing now; an unfinished exam to resume; questions due for review with a
// 14-day forecast; weakest topics; recent attempts; the credit equivalents earned.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/adaptive_store.hpp"
#include "core/readiness.hpp"
#include "core/report/credit_ledger.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <future>
#include <imgui.h>

namespace examsim::app {

namespace {

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct LevelCard {
    const core::ExamProfile* profile = nullptr;
    std::string level;
    std::optional<core::ProfileSummary> summary;
    std::optional<core::Readiness> readiness;
};

// What Home reads synchronously from the store: enough for a complete first frame. The estimate and
// the forecast follow from a background task.
struct HomeData {
    std::vector<LevelCard> levels;
    std::vector<core::ExamProfile> readinessProfiles; // the levels' profiles, for the background estimate
    std::optional<core::StoredAttempt> open;
    std::vector<core::StoredAttempt> recent;
    std::vector<core::TopicMastery> weakest;
    core::CreditLedger ledger;
    std::string error;
};

HomeData loadHomeData(const AppContext& ctx) {
    HomeData d;
    const std::string& learnerId = ctx.learner->id;
    try {
        auto& store = *ctx.store;
        const auto summaries = store.profileSummaries(learnerId);
        for (auto level : {core::Level::Foundation, core::Level::Practitioner, core::Level::Auditor}) {
            LevelCard card;
            card.level = std::string(core::nameOf(level));
            card.profile = core::readinessProfile(ctx.profiles, level);
            if (card.profile) {
                for (const auto& s : summaries)
                    if (s.profileId == card.profile->id) card.summary = s;
                d.readinessProfiles.push_back(*card.profile);
            }
            d.levels.push_back(std::move(card));
        }
        d.open = store.inProgressAttempt(learnerId);
        auto history = store.history(learnerId);
        d.ledger = core::buildCreditLedger(history, &ctx.profiles);
        history.erase(std::remove_if(history.begin(), history.end(), [](const auto& a) { return a.status == "in_progress"; }),
                      history.end());
        if (history.size() > 8) history.resize(8);
        d.recent = std::move(history);
        d.weakest = store.weakestTopics(learnerId, 6);
    } catch (const std::exception& e) {
        d.error = std::string("Your progress could not be read: ") + e.what();
    }
    return d;
}

} // namespace

// Made while the window opens when Home is the first screen (issue 10: start to first frame).
struct HomePrefetch {
    std::string learnerId;
    int dataVersion = 0;
    HomeData data;
};

void prefetchHome(AppContext& ctx) {
    if (!ctx.learner || !ctx.store) return;
    ctx.homePrefetch = std::make_shared<HomePrefetch>(HomePrefetch{ctx.learner->id, ctx.dataVersion, loadHomeData(ctx)});
}

namespace {

class HomeScreen : public Screen {
public:
    std::string_view id() const override { return "home"; }
    std::string_view title() const override { return "Home"; }

    void draw(AppContext& ctx) override {
        if (!ctx.learner || !ctx.store) {
            heading(ctx, "Welcome to ExamSim 20000");
            ImGui::TextWrapped("Practice exams and study for ISO/IEC 20000 Foundation, Practitioner and Auditor. "
                               "Choose or create a learner to begin: every answer is kept under their name.");
            ImGui::Spacing();
            if (primaryButton(ctx, "Choose a learner")) ctx.goTo("learner");
            if (!ctx.store) ImGui::TextColored(ctx.colors.fail, "%s", ctx.storeMessage.c_str());
            return;
        }
        if (m_version != ctx.dataVersion || m_learnerId != ctx.learner->id) refresh(ctx);
        if (ctx.screenshot && m_background.valid()) m_background.wait();
        collectBackground();
        heading(ctx, fmt::format("{}{}", ctx.learner->name, ctx.learner->team.empty() ? "" : "  ·  " + ctx.learner->team).c_str());
        if (!m_error.empty()) ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
        drawResume(ctx);

        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const float cardWidth = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3.0f;
        const float cardHeight = ImGui::GetTextLineHeightWithSpacing() * 7.2f + ImGui::GetFrameHeightWithSpacing() * 2.2f;
        for (std::size_t i = 0; i < m_levels.size(); ++i) {
            if (i) ImGui::SameLine();
            ImGui::BeginChild(("level" + std::to_string(i)).c_str(), ImVec2(cardWidth, cardHeight), true, ImGuiWindowFlags_NavFlattened);
            drawLevel(ctx, m_levels[i], cardWidth - ImGui::GetStyle().WindowPadding.x * 2);
            ImGui::EndChild();
        }

        const float lower = ImGui::GetContentRegionAvail().y;
        ImGui::BeginChild("due", ImVec2(cardWidth, lower), true, ImGuiWindowFlags_NavFlattened);
        drawDue(ctx, cardWidth - ImGui::GetStyle().WindowPadding.x * 2);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("weak", ImVec2(cardWidth, lower), true, ImGuiWindowFlags_NavFlattened);
        drawWeakest(ctx, cardWidth - ImGui::GetStyle().WindowPadding.x * 2);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("recent", ImVec2(0, lower), true, ImGuiWindowFlags_NavFlattened);
        drawRecent(ctx);
        ImGui::EndChild();
    }

private:
    int m_version = -1;
    std::string m_learnerId;
    std::vector<LevelCard> m_levels;
    std::optional<core::StoredAttempt> m_open;
    std::vector<core::StoredAttempt> m_recent;
    std::vector<core::TopicMastery> m_weakest;
    core::DueForecast m_due;
    core::CreditLedger m_ledger;
    std::string m_error;
    struct Background {
        std::vector<core::Readiness> readiness;
        core::DueForecast due;
    };
    std::future<Background> m_background;
    bool m_dueKnown = false;

    void collectBackground() {
        if (!m_background.valid() || m_background.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        auto done = m_background.get();
        for (auto& card : m_levels)
            for (auto& e : done.readiness)
                if (card.profile && e.profileId == card.profile->id) card.readiness = std::move(e);
        m_due = done.due;
        m_dueKnown = true;
    }

    void refresh(AppContext& ctx) {
        m_version = ctx.dataVersion;
        m_learnerId = ctx.learner->id;
        m_dueKnown = false;
        auto prefetched = std::exchange(ctx.homePrefetch, nullptr);
        HomeData d = prefetched && prefetched->learnerId == m_learnerId && prefetched->dataVersion == ctx.dataVersion
                         ? std::move(prefetched->data)
                         : loadHomeData(ctx);
        // The pass-probability estimate samples thousands of papers and the due forecast replays every
        // answer: both run beside the UI, on their own connection to the database and copies of the
        // rest, so the screen appears at once and fills in when they are ready.
        if (d.error.empty())
            m_background = std::async(std::launch::async, [profiles = std::move(d.readinessProfiles), banks = ctx.banks, path = ctx.databasePath,
                                                           learner = m_learnerId, wake = ctx.wake] {
                Background out;
                auto opened = core::ProgressStore::open(path, false);
                if (auto* store = std::get_if<std::unique_ptr<core::ProgressStore>>(&opened)) {
                    const auto records = (*store)->reviewRecords(learner);
                    for (const auto& p : profiles) out.readiness.push_back(core::estimateReadiness(p, banks, records));
                    out.due = core::dueForecast(core::learnerCards(**store, banks, learner, unixNow()), unixNow());
                }
                if (wake) wake();
                return out;
            });
        m_levels = std::move(d.levels);
        m_open = std::move(d.open);
        m_recent = std::move(d.recent);
        m_weakest = std::move(d.weakest);
        m_ledger = std::move(d.ledger);
        m_error = std::move(d.error);
    }

    void drawResume(AppContext& ctx) {
        if (!m_open) return;
        ImGui::Spacing();
        const auto& a = *m_open;
        std::string left;
        if (a.meta.config.timeLimitMinutes > 0) {
            const auto limit = static_cast<std::int64_t>(a.meta.config.timeLimitMinutes * 60'000 * (1 + a.meta.config.extraTimePercent / 100));
            left = ", " + core::formatClock(std::max<std::int64_t>(0, limit - a.elapsedMs)) + " left";
        }
        ImGui::TextColored(ctx.colors.warning, "Unfinished: %s (%s mode), %zu of %zu answered%s.", a.meta.profileTitle.c_str(),
                           std::string(core::nameOf(a.meta.mode)).c_str(), a.answered, a.questions, left.c_str());
        ImGui::SameLine();
        if (primaryButton(ctx, "Resume")) {
            m_error = ctx.resumeAttempt(a.id);
            if (m_error.empty()) ctx.goTo("exam");
        }
        ImGui::SameLine();
        if (ImGui::Button("Abandon")) {
            if (ctx.attempt && ctx.attempt->id() == a.id) ctx.closeAttempt();
            ctx.store->abandonAttempt(a.id);
            ++ctx.dataVersion;
        }
        ImGui::Spacing();
    }

    void drawLevel(AppContext& ctx, const LevelCard& c, float width) {
        std::string title = c.level;
        if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        heading(ctx, title.c_str());
        if (!c.profile) {
            ImGui::TextColored(ctx.colors.muted, "No exam profile for this level.");
            return;
        }
        const auto& p = *c.profile;
        ImGui::TextColored(ctx.colors.muted, "%s", p.title.c_str());
        const double pass = p.passMarkPercent;
        if (c.summary && c.summary->attempts > 0) {
            const auto& s = *c.summary;
            ImGui::Text("Last");
            ImGui::SameLine(ImGui::GetFontSize() * 3.2f);
            percentBar(ctx, s.latestPercent, pass, width - ImGui::GetFontSize() * 3.2f);
            ImGui::Text("Best");
            ImGui::SameLine(ImGui::GetFontSize() * 3.2f);
            percentBar(ctx, s.bestPercent, pass, width - ImGui::GetFontSize() * 3.2f);
            ImGui::TextColored(s.passed ? ctx.colors.pass : ctx.colors.muted, "%d exam%s, pass mark %.0f %%%s", s.attempts,
                               s.attempts == 1 ? "" : "s", pass, s.passed ? ", passed" : "");
        } else {
            ImGui::TextColored(ctx.colors.muted, "No exam taken yet (pass mark %.0f %%).", pass);
            ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight() * 1.4f));
        }
        if (!c.readiness && m_background.valid()) ImGui::TextColored(ctx.colors.muted, "Chance of passing now: estimating...");
        if (c.readiness) {
            const auto& r = *c.readiness;
            if (r.answers == 0) ImGui::TextColored(ctx.colors.muted, "Chance of passing now: answer some questions first.");
            else
                ImGui::Text("Chance of passing now: %.0f %%  (%.0f-%.0f)", r.passProbability * 100, r.low * 100, r.high * 100);
            if (!r.studyNext.empty() && r.answers > 0) ImGui::TextColored(ctx.colors.muted, "Study next: %s", r.studyNext.front().label.c_str());
        }
        if (ImGui::Button(("Start " + title + " exam").c_str())) {
            core::AttemptRequest req;
            req.profileId = p.id;
            req.mode = core::Mode::Exam;
            req.seed = static_cast<std::uint64_t>(ctx.clock.nowMs()) ^ 0x9e3779b97f4a7c15ULL;
            req.extraTimePercent = ctx.settings.extraTimePercent;
            m_error = ctx.startAttempt(req);
            if (m_error.empty()) ctx.goTo("exam");
        }
    }

    void drawDue(AppContext& ctx, float width) {
        heading(ctx, "Due for review");
        if (!m_dueKnown) {
            ImGui::TextColored(ctx.colors.muted, "Counting...");
            return;
        }
        if (m_due.total == 0) {
            ImGui::TextWrapped("Questions you answer come back for review when you are about to forget them.");
            return;
        }
        ImGui::Text("%d due now, of %d questions you have answered", m_due.dueNow, m_due.total);
        // The 14-day forecast as columns.
        const float h = ImGui::GetTextLineHeight() * 3.0f;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const int most = std::max(1, *std::max_element(m_due.byDay.begin(), m_due.byDay.end()));
        const float col = width / static_cast<float>(std::max<std::size_t>(1, m_due.byDay.size()));
        for (std::size_t d = 0; d < m_due.byDay.size(); ++d) {
            const float bh = h * static_cast<float>(m_due.byDay[d]) / static_cast<float>(most);
            dl->AddRectFilled(ImVec2(p.x + col * d + 1, p.y + h - bh), ImVec2(p.x + col * (d + 1) - 2, p.y + h),
                              ImGui::GetColorU32(ctx.colors.accent), 2.0f);
        }
        ImGui::Dummy(ImVec2(width, h));
        ImGui::TextColored(ctx.colors.muted, "next 14 days (most in a day: %d)", most);
        if (m_due.dueNow > 0 && ImGui::Button("Review due questions")) {
            core::DueSessionSpec spec;
            spec.level = core::Level::Foundation;
            spec.count = 20;
            spec.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
            spec.seed = static_cast<std::uint64_t>(ctx.clock.nowMs());
            auto due = core::buildDueSession(*ctx.store, ctx.banks, ctx.learner->id, spec);
            if (auto* e = std::get_if<core::AssemblyError>(&due)) m_error = e->message;
            else {
                core::AttemptRequest req;
                req.mode = core::Mode::Study;
                req.prebuilt = std::move(std::get<core::DueSession>(due).paper);
                req.title = "Due review";
                req.profileId = "due";
                m_error = ctx.startAttempt(req);
                if (m_error.empty()) ctx.goTo("exam");
            }
        }
    }

    void drawWeakest(AppContext& ctx, float width) {
        heading(ctx, "Weakest topics");
        if (m_weakest.empty()) {
            ImGui::TextColored(ctx.colors.muted, "Answer at least 3 questions on a topic to see it here.");
            return;
        }
        for (const auto& t : m_weakest) {
            const auto* topic = ctx.banks.topic(t.topic);
            clippedText(topic ? topic->title.c_str() : t.topic.c_str(), width);
            percentBar(ctx, t.share() * 100, -1, width, fmt::format("{} of {} right", t.correct, t.answers).c_str());
        }
    }

    void drawRecent(AppContext& ctx) {
        heading(ctx, "Recent attempts");
        if (m_recent.empty()) ImGui::TextColored(ctx.colors.muted, "None yet.");
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
        if (!m_recent.empty() && ImGui::BeginTable("recent", 3, flags)) {
            ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("2026-11-22").x);
            ImGui::TableSetupColumn("Paper", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
            for (const auto& a : m_recent) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Selectable((localDate(a.startedAt, false) + "##" + a.id).c_str(), false, ImGuiSelectableFlags_SpanAllColumns) &&
                    a.status != "abandoned") {
                    ctx.resultAttemptId = a.id;
                    ctx.goTo("results");
                }
                ImGui::TableNextColumn();
                clippedText(a.meta.profileTitle.c_str(), ImGui::GetContentRegionAvail().x);
                ImGui::TableNextColumn();
                if (a.status == "abandoned") ImGui::TextColored(ctx.colors.muted, "abandoned");
                else if (a.meta.mode != core::Mode::Exam) ImGui::TextColored(ctx.colors.muted, "%.0f %% %s", a.percent, std::string(core::nameOf(a.meta.mode)).c_str());
                else ImGui::TextColored(a.passed ? ctx.colors.pass : ctx.colors.fail, "%.0f %% %s", a.percent, a.passed ? "pass" : "fail");
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::TextColored(ctx.colors.muted, "Credit equivalents (ITIL v3 scheme, superseded in 2019):");
        ImGui::TextWrapped("%s", core::creditSummary(m_ledger).c_str());
    }
};

} // namespace

std::unique_ptr<Screen> makeHomeScreen() { return std::make_unique<HomeScreen>(); }

} // namespace examsim::app
