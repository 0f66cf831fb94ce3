// Results: pass or fail against the pass mark, score, percentage and time used, a bar per topic group
// and per part, the credit equivalent when passed, and the way on to review or to a saved report.
#include "app/app.hpp"
#include "app/file_dialog.hpp"
#include "app/widgets.hpp"
#include "core/paths.hpp"
#include "core/report/report_text.hpp"
#include "core/report/score_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <imgui.h>

namespace examsim::app {

namespace {

class ResultsScreen : public Screen {
public:
    std::string_view id() const override { return "results"; }
    std::string_view title() const override { return "Results"; }
    bool available(const AppContext& ctx) const override { return !ctx.resultAttemptId.empty(); }

    void draw(AppContext& ctx) override {
        if (ctx.resultAttemptId.empty() || !ctx.store) {
            heading(ctx, "No results yet");
            ImGui::TextColored(ctx.colors.muted, "Results appear here when you submit a paper, or pick an attempt in History.");
            return;
        }
        if (m_id != ctx.resultAttemptId || m_version != ctx.dataVersion) load(ctx);
        if (!m_r) {
            ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
            return;
        }
        const auto& a = m_r->attempt;
        const auto& r = m_r->result;
        const bool exam = a.meta.mode == core::Mode::Exam;
        heading(ctx, fmt::format("{}  ·  {} mode  ·  {}", a.meta.profileTitle, core::nameOf(a.meta.mode), localDate(a.startedAt)).c_str());
        ImGui::Spacing();
        ImGui::PushFont(ctx.headingFont);
        if (exam) ImGui::TextColored(a.passed ? ctx.colors.pass : ctx.colors.fail, "%s", a.passed ? "PASS" : "NOT PASSED");
        else ImGui::TextColored(ctx.colors.accent, "%s", "Practice");
        ImGui::SameLine();
        ImGui::Text("  %s of %s marks  (%.1f %%)", core::formatNumber(a.score).c_str(), core::formatNumber(a.maxScore).c_str(), a.percent);
        ImGui::PopFont();
        if (a.score != r.raw) ImGui::TextColored(ctx.colors.warning, "Regraded after a key change: the paper as marked then scored %s.",
                                                  core::formatNumber(r.raw).c_str());
        const float width = ImGui::GetContentRegionAvail().x * 0.5f;
        percentBar(ctx, a.percent, r.passMarkPercent, width, fmt::format("{:.1f} %  (pass mark {:g} %)", a.percent, r.passMarkPercent).c_str());
        ImGui::Text("Time used %s%s   ·   %d of %zu answered%s", duration(r.timeUsedMs).c_str(),
                    a.meta.config.timeLimitMinutes > 0 ? fmt::format(" of {} min", a.meta.config.timeLimitMinutes).c_str() : "", r.answered,
                    r.items.size(), a.status == "timed_out" ? "   ·   submitted when time ran out" : "");
        if (exam && a.passed && a.credits > 0)
            ImGui::TextColored(ctx.colors.pass, "Credit equivalent: %g (a planning figure under the superseded ITIL v3 scheme; not a certificate)",
                               a.credits);
        else if (exam && a.meta.config.creditsIfPassed > 0)
            ImGui::TextColored(ctx.colors.muted, "A pass would carry a credit equivalent of %g.", a.meta.config.creditsIfPassed);
        ImGui::Spacing();
        if (primaryButton(ctx, "Review answers")) ctx.goTo("review");
        ImGui::SameLine();
        if (ImGui::Button("Save report...")) m_dialog.open("Save the score report", std::filesystem::path(std::getenv("HOME") ? std::getenv("HOME") : "."),
                                                             fmt::format("examsim-report-{}.html", localDate(a.startedAt, false)));
        ImGui::SameLine();
        if (ImGui::Button("Start another")) ctx.goTo("start");
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, "(.html, .json or .csv)");
        if (!m_saved.empty()) ImGui::TextColored(m_savedOk ? ctx.colors.pass : ctx.colors.fail, "%s", m_saved.c_str());
        if (m_dialog.draw(ctx)) saveReport(ctx);
        ImGui::Separator();

        ImGui::BeginChild("groups", ImVec2(ImGui::GetContentRegionAvail().x * 0.6f, 0), true, ImGuiWindowFlags_NavFlattened);
        heading(ctx, "By topic group");
        breakdown(ctx, r.byGroup, r.passMarkPercent);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("parts", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
        heading(ctx, "By part of ISO/IEC 20000");
        auto byPart = r.byPart;
        std::sort(byPart.begin(), byPart.end(), [](const auto& x, const auto& y) {
            return x.key == "other" ? false : y.key == "other" ? true : std::atoi(x.key.c_str()) < std::atoi(y.key.c_str());
        });
        breakdown(ctx, byPart, r.passMarkPercent, true);
        ImGui::EndChild();
    }

private:
    std::string m_id;
    int m_version = -1;
    std::optional<core::StoredResult> m_r;
    std::string m_error, m_saved;
    bool m_savedOk = false;
    SaveDialog m_dialog;

    void load(AppContext& ctx) {
        m_id = ctx.resultAttemptId;
        m_version = ctx.dataVersion;
        m_saved.clear();
        try {
            m_r = core::loadResult(*ctx.store, m_id);
            if (!m_r) m_error = "That attempt is not in the progress database.";
        } catch (const std::exception& e) {
            m_r.reset();
            m_error = std::string("The attempt could not be read: ") + e.what();
        }
    }

    void breakdown(AppContext& ctx, const std::vector<core::Breakdown>& rows, double passMark, bool parts = false) {
        const float labelWidth = ImGui::GetContentRegionAvail().x * 0.45f;
        for (const auto& b : rows) {
            const auto* topic = ctx.banks.topic(b.key);
            const std::string name = topic ? topic->title : b.key == "other" ? "Other" : parts ? "Part " + b.key : b.key;
            clippedText(name.c_str(), labelWidth - ImGui::GetStyle().ItemSpacing.x * 2);
            ImGui::SameLine(labelWidth);
            percentBar(ctx, b.percent(), passMark, ImGui::GetContentRegionAvail().x,
                       fmt::format("{} of {} right  ({:.0f} %)", b.correct, b.questions, b.percent()).c_str());
        }
    }

    void saveReport(AppContext& ctx) {
        auto report = core::buildScoreReport(*ctx.store, m_id, &ctx.profiles, &ctx.banks);
        auto css = core::loadReportCss();
        if (auto* e = std::get_if<core::ReportError>(&report)) return fail(e->message);
        if (auto* e = std::get_if<core::ReportError>(&css)) return fail(e->message);
        // The file name says the format: .json, .csv, else a self-contained HTML page for A4.
        const auto& rep = std::get<core::ScoreReport>(report);
        const std::string ext = m_dialog.path().extension().string();
        const std::string text = ext == ".json"  ? core::renderScoreReportJson(rep)
                                 : ext == ".csv" ? core::renderScoreReportCsv(rep)
                                                 : core::renderScoreReportHtml(rep, std::get<std::string>(css));
        if (auto err = core::saveText(m_dialog.path(), text)) return fail(*err);
        m_savedOk = true;
        m_saved = "Saved " + m_dialog.path().string();
    }
    void fail(const std::string& message) {
        m_savedOk = false;
        m_saved = message;
    }
};

} // namespace

std::unique_ptr<Screen> makeResultsScreen() { return std::make_unique<ResultsScreen>(); }

} // namespace examsim::app
