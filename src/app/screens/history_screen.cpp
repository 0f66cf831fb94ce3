// History: the percentage of every finished exam over time, one line per profile with its pass mark,
// drawn with ImGui's draw lists; mastery by topic over recent answers; calibration of confidence; and
// every attempt, each opening its results.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/adaptive.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>
#include <map>

namespace examsim::app {

namespace {

class HistoryScreen : public Screen {
public:
    std::string_view id() const override { return "history"; }
    std::string_view title() const override { return "History"; }

    void draw(AppContext& ctx) override {
        if (!ctx.learner || !ctx.store) {
            heading(ctx, "History");
            ImGui::TextColored(ctx.colors.muted, "Choose a learner to see their history.");
            return;
        }
        if (m_version != ctx.dataVersion || m_learnerId != ctx.learner->id) refresh(ctx);
        heading(ctx, fmt::format("History of {}", ctx.learner->name).c_str());
        if (!m_error.empty()) ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
        const float chartHeight = std::max(ImGui::GetFontSize() * 9, ImGui::GetContentRegionAvail().y * 0.42f);
        ImGui::BeginChild("chart", ImVec2(ImGui::GetContentRegionAvail().x * 0.62f, chartHeight), true, ImGuiWindowFlags_NavFlattened);
        drawChart(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("calibration", ImVec2(0, chartHeight), true, ImGuiWindowFlags_NavFlattened);
        drawCalibration(ctx);
        ImGui::EndChild();
        ImGui::BeginChild("mastery", ImVec2(ImGui::GetContentRegionAvail().x * 0.45f, 0), true, ImGuiWindowFlags_NavFlattened);
        drawMastery(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("attempts", ImVec2(0, 0), true, ImGuiWindowFlags_NavFlattened);
        drawAttempts(ctx);
        ImGui::EndChild();
    }

private:
    int m_version = -1;
    std::string m_learnerId, m_error;
    std::vector<core::StoredAttempt> m_attempts; // newest first
    std::vector<core::TopicMastery> m_mastery;
    std::vector<core::CalibrationRow> m_calibration;

    void refresh(AppContext& ctx) {
        m_version = ctx.dataVersion;
        m_learnerId = ctx.learner->id;
        m_error.clear();
        try {
            m_attempts = ctx.store->history(m_learnerId);
            m_mastery = ctx.store->topicMastery(m_learnerId);
            std::sort(m_mastery.begin(), m_mastery.end(), [](const auto& a, const auto& b) { return a.share() < b.share(); });
            m_calibration = core::calibrationOf(ctx.store->reviewRecords(m_learnerId));
        } catch (const std::exception& e) {
            m_error = std::string("Your history could not be read: ") + e.what();
        }
    }

    void drawChart(AppContext& ctx) {
        ImGui::TextUnformatted("Exam scores over time");
        // Finished exam-mode attempts, per profile, oldest first.
        std::map<std::string, std::vector<const core::StoredAttempt*>> series;
        std::int64_t t0 = INT64_MAX, t1 = 0;
        for (auto it = m_attempts.rbegin(); it != m_attempts.rend(); ++it) {
            if (it->meta.mode != core::Mode::Exam || (it->status != "submitted" && it->status != "timed_out")) continue;
            series[it->meta.profileTitle].push_back(&*it);
            t0 = std::min(t0, it->startedAt);
            t1 = std::max(t1, it->startedAt);
        }
        if (series.empty()) {
            ImGui::TextColored(ctx.colors.muted, "Finished exams appear here as a line per exam profile.");
            return;
        }
        if (t1 == t0) t1 = t0 + 86'400;
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float axis = ImGui::CalcTextSize("100 %").x + 8;
        const float legend = ImGui::GetTextLineHeightWithSpacing() * 2.5f; // room for two rows of legend
        const ImVec2 p0(ImGui::GetCursorScreenPos().x + axis, ImGui::GetCursorScreenPos().y + 4);
        const ImVec2 size(avail.x - axis - 12, avail.y - legend - ImGui::GetTextLineHeight() - 8);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border);
        for (int pc = 0; pc <= 100; pc += 25) {
            const float y = p0.y + size.y * (1.0f - pc / 100.0f);
            dl->AddLine(ImVec2(p0.x, y), ImVec2(p0.x + size.x, y), grid);
            const std::string label = fmt::format("{} %", pc);
            dl->AddText(ImVec2(p0.x - axis, y - ImGui::GetTextLineHeight() / 2), ImGui::GetColorU32(ctx.colors.muted), label.c_str());
        }
        auto xOf = [&](std::int64_t t) { return p0.x + size.x * static_cast<float>(t - t0) / static_cast<float>(t1 - t0); };
        auto yOf = [&](double pc) { return p0.y + size.y * (1.0f - static_cast<float>(pc) / 100.0f); };
        const ImVec4 palette[] = {ctx.colors.accent, ImVec4(0.85f, 0.55f, 0.95f, 1), ImVec4(0.35f, 0.85f, 0.85f, 1), ctx.colors.warning,
                                  ImVec4(0.9f, 0.6f, 0.4f, 1)};
        int k = 0;
        float legendX = p0.x;
        int legendRow = 0;
        for (const auto& [title, points] : series) {
            const ImU32 col = ImGui::GetColorU32(palette[k++ % 5]);
            // The pass mark of the profile as a dashed line in the series colour.
            const float py = yOf(points.front()->meta.config.passMarkPercent);
            for (float x = p0.x; x < p0.x + size.x; x += 12) dl->AddLine(ImVec2(x, py), ImVec2(std::min(x + 6, p0.x + size.x), py), col, 1.0f);
            for (std::size_t i = 0; i < points.size(); ++i) {
                const ImVec2 pt(xOf(points[i]->startedAt), yOf(points[i]->percent));
                if (i) dl->AddLine(ImVec2(xOf(points[i - 1]->startedAt), yOf(points[i - 1]->percent)), pt, col, 2.5f);
                dl->AddCircleFilled(pt, 4.5f, ImGui::GetColorU32(points[i]->passed ? ctx.colors.pass : ctx.colors.fail));
            }
            const float entry = 40 + ImGui::CalcTextSize(title.c_str()).x;
            if (legendX > p0.x && legendX + entry > p0.x + size.x) legendX = p0.x, legendRow += 1;
            const ImVec2 lp(legendX, p0.y + size.y + ImGui::GetTextLineHeight() * (1 + 1.2f * legendRow) + 4);
            dl->AddRectFilled(ImVec2(lp.x, lp.y + 4), ImVec2(lp.x + 14, lp.y + 14), col);
            dl->AddText(ImVec2(lp.x + 20, lp.y), ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
            legendX += entry;
        }
        dl->AddText(ImVec2(p0.x, p0.y + size.y + 2), ImGui::GetColorU32(ctx.colors.muted), localDate(t0, false).c_str());
        const std::string end = localDate(t1, false);
        dl->AddText(ImVec2(p0.x + size.x - ImGui::CalcTextSize(end.c_str()).x, p0.y + size.y + 2), ImGui::GetColorU32(ctx.colors.muted), end.c_str());
        ImGui::Dummy(avail);
    }

    void drawCalibration(AppContext& ctx) {
        ImGui::TextUnformatted("Confidence and accuracy");
        ImGui::TextColored(ctx.colors.muted, "Mark answers sure (+) or unsure (-) while studying.");
        const float w = ImGui::GetContentRegionAvail().x;
        for (const auto& row : m_calibration) {
            ImGui::Text("%s: %d answers", std::string(core::confidenceName(row.confidence)).c_str(), row.answers);
            percentBar(ctx, row.share() * 100, -1, w, row.answers ? fmt::format("{:.0f} % right", row.share() * 100).c_str() : "-");
        }
        if (m_calibration.size() >= 2 && m_calibration[0].answers >= 5 && m_calibration[0].share() < 0.7)
            ImGui::TextColored(ctx.colors.warning, "Answers you were sure of are often wrong: slow down on those.");
    }

    void drawMastery(AppContext& ctx) {
        ImGui::TextUnformatted("Mastery by topic (last 20 answers each)");
        if (m_mastery.empty()) ImGui::TextColored(ctx.colors.muted, "No answers yet.");
        const float labelWidth = ImGui::GetContentRegionAvail().x * 0.55f;
        for (const auto& t : m_mastery) {
            const auto* topic = ctx.banks.topic(t.topic);
            std::string name = topic ? (topic->clause.empty() ? "" : topic->clause + " ") + topic->title : t.topic;
            clippedText(name.c_str(), labelWidth - ImGui::GetStyle().ItemSpacing.x * 2);
            ImGui::SameLine(labelWidth);
            percentBar(ctx, t.share() * 100, -1, ImGui::GetContentRegionAvail().x, fmt::format("{}/{}", t.correct, t.answers).c_str());
        }
    }

    void drawAttempts(AppContext& ctx) {
        ImGui::TextUnformatted("Every attempt (select one for its results)");
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
        if (!ImGui::BeginTable("attempts", 4, flags)) return;
        ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8.5f);
        ImGui::TableSetupColumn("Paper", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Mode", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
        ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
        ImGui::TableHeadersRow();
        for (const auto& a : m_attempts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool finished = a.status == "submitted" || a.status == "timed_out";
            if (ImGui::Selectable((localDate(a.startedAt) + "##" + a.id).c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && finished) {
                ctx.resultAttemptId = a.id;
                ctx.goTo("results");
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.meta.profileTitle.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(core::nameOf(a.meta.mode)).c_str());
            ImGui::TableNextColumn();
            if (!finished) ImGui::TextColored(ctx.colors.muted, "%s", a.status == "in_progress" ? "unfinished" : "abandoned");
            else if (a.meta.mode == core::Mode::Exam)
                ImGui::TextColored(a.passed ? ctx.colors.pass : ctx.colors.fail, "%.0f %% %s", a.percent, a.passed ? "pass" : "fail");
            else ImGui::Text("%.0f %%", a.percent);
        }
        ImGui::EndTable();
    }
};

} // namespace

std::unique_ptr<Screen> makeHistoryScreen() { return std::make_unique<HistoryScreen>(); }

} // namespace examsim::app
