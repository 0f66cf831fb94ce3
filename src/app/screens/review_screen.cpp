// Review: every question of an attempt with the learner's answer, the key, why each option is right or
// wrong, the explanation and the clause; filtered to wrong, flagged or one topic group; and a way to
// report a problem with a question to the trainers.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/answer_input.hpp"
#include "core/errata.hpp"
#include "core/report/report_text.hpp"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <set>

namespace examsim::app {

namespace {

class ReviewScreen : public Screen {
public:
    std::string_view id() const override { return "review"; }
    std::string_view title() const override { return "Review"; }
    bool available(const AppContext& ctx) const override { return !ctx.resultAttemptId.empty(); }

    void draw(AppContext& ctx) override {
        if (ctx.resultAttemptId.empty() || !ctx.store) {
            heading(ctx, "Nothing to review yet");
            ImGui::TextColored(ctx.colors.muted, "Submit a paper, or pick an attempt in History, to review it here.");
            return;
        }
        if (m_id != ctx.resultAttemptId || m_version != ctx.dataVersion) load(ctx);
        if (!m_r) {
            ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
            return;
        }
        const auto& r = *m_r;
        heading(ctx, fmt::format("Review: {}  ·  {}", r.attempt.meta.profileTitle, localDate(r.attempt.startedAt)).c_str());
        ImGui::RadioButton("All", &m_filter, 0);
        ImGui::SameLine();
        ImGui::RadioButton("Wrong or unanswered", &m_filter, 1);
        ImGui::SameLine();
        ImGui::RadioButton("Flagged", &m_filter, 2);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
        if (ImGui::BeginCombo("Topic group", m_group.empty() ? "All groups" : groupTitle(ctx, m_group).c_str())) {
            if (ImGui::Selectable("All groups", m_group.empty())) m_group.clear();
            for (const auto& g : m_groups)
                if (ImGui::Selectable(groupTitle(ctx, g).c_str(), m_group == g)) m_group = g;
            ImGui::EndCombo();
        }
        ImGui::BeginChild("items", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
        int shown = 0;
        for (std::size_t i = 0; i < r.paper.items.size(); ++i) {
            const auto& item = r.paper.items[i];
            const auto& st = r.states[i];
            const auto& res = r.result.items[i];
            if (m_filter == 1 && res.correct) continue;
            if (m_filter == 2 && !st.flagged) continue;
            if (!m_group.empty() && item.group != m_group) continue;
            ++shown;
            drawItem(ctx, i, item, st, res);
        }
        if (shown == 0) ImGui::TextColored(ctx.colors.muted, "No questions match the filter.");
        ImGui::EndChild();
    }

private:
    std::string m_id;
    int m_version = -1;
    std::optional<core::StoredResult> m_r;
    std::vector<std::string> m_groups;
    std::string m_error, m_group;
    int m_filter = 0;
    // Reporting a problem.
    std::optional<std::size_t> m_reportPos;
    int m_kind = 0;
    std::string m_text, m_reportMessage;

    static std::string groupTitle(const AppContext& ctx, const std::string& g) {
        const auto* t = ctx.banks.topic(g);
        return t ? t->title : g;
    }

    void load(AppContext& ctx) {
        m_id = ctx.resultAttemptId;
        m_version = ctx.dataVersion;
        m_groups.clear();
        try {
            m_r = core::loadResult(*ctx.store, m_id);
            if (!m_r) m_error = "That attempt is not in the progress database.";
        } catch (const std::exception& e) {
            m_r.reset();
            m_error = std::string("The attempt could not be read: ") + e.what();
        }
        if (!m_r) return;
        std::set<std::string> seen;
        for (const auto& it : m_r->paper.items)
            if (seen.insert(it.group).second) m_groups.push_back(it.group);
    }

    void drawItem(AppContext& ctx, std::size_t i, const core::PaperItem& item, const core::ItemState& st, const core::ItemResult& res) {
        const auto& q = item.question;
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        const ImVec4 colour = res.correct ? ctx.colors.pass : ctx.colors.fail;
        ImGui::TextColored(colour, "%zu.  %s", i + 1, res.correct ? "Right" : st.answer.empty() ? "Not answered" : "Wrong");
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, "%s / %s marks%s   %s", core::formatNumber(res.earned).c_str(), core::formatNumber(res.marks).c_str(),
                           st.flagged ? "   flagged" : "", q.id.c_str());
        if (!item.caseStudyTitle.empty()) ImGui::TextColored(ctx.colors.muted, "Case study: %s", item.caseStudyTitle.c_str());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(q.stem.c_str());
        if (q.type == core::QuestionType::AssertionReason) {
            ImGui::Text("Assertion: %s", q.assertion.c_str());
            ImGui::Text("Reason: %s", q.reason.c_str());
        }
        ImGui::PopTextWrapPos();
        // Options as the learner saw them, with the rationale of each.
        const auto key = core::keyAnswer(q);
        if (q.type == core::QuestionType::Single || q.type == core::QuestionType::Multiple) {
            for (std::size_t o = 0; o < item.optionOrder.size(); ++o) {
                const auto& c = q.options[static_cast<std::size_t>(item.optionOrder[o])];
                const bool isKey = std::find(key.selected.begin(), key.selected.end(), c.id) != key.selected.end();
                const bool chosen = std::find(st.answer.selected.begin(), st.answer.selected.end(), c.id) != st.answer.selected.end();
                ImGui::Indent();
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextColored(isKey ? ctx.colors.pass : chosen ? ctx.colors.fail : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%c. %s%s%s",
                                   core::displayLetter(o), c.text.c_str(), isKey ? "   (key)" : "", chosen ? "   (your answer)" : "");
                if (!c.rationale.empty()) ImGui::TextColored(ctx.colors.muted, "%s", c.rationale.c_str());
                ImGui::PopTextWrapPos();
                ImGui::Unindent();
            }
        } else {
            ImGui::Text("Your answer: %s", st.answer.empty() ? "(none)" : core::answerText(item, st.answer).c_str());
            ImGui::TextColored(ctx.colors.pass, "Key: %s", core::answerText(item, key).c_str());
        }
        ImGui::PushTextWrapPos(0.0f);
        if (!q.explanation.empty()) ImGui::Text("Why: %s", q.explanation.c_str());
        std::string refs;
        for (const auto& ref : q.references) refs += (refs.empty() ? "" : "; ") + core::formatReference(ref);
        if (!refs.empty()) ImGui::TextColored(ctx.colors.muted, "Reference: %s", refs.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::SmallButton("Report a problem with this question")) {
            m_reportPos = i;
            m_text.clear();
            m_reportMessage.clear();
            ImGui::OpenPopup("Report a problem");
        }
        drawReportPopup(ctx);
        ImGui::PopID();
    }

    void drawReportPopup(AppContext& ctx) {
        if (!ImGui::BeginPopupModal("Report a problem", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
        ImGui::TextUnformatted("What is wrong with this question?");
        ImGui::RadioButton("The key is wrong", &m_kind, 0);
        ImGui::RadioButton("It is unclear", &m_kind, 1);
        ImGui::RadioButton("Something else", &m_kind, 2);
        ImGui::InputTextMultiline("##text", &m_text, ImVec2(ImGui::GetFontSize() * 28, ImGui::GetFontSize() * 5));
        if (primaryButton(ctx, "Send to the trainers") && m_reportPos && m_r && ctx.learner) {
            core::ErratumRequest req;
            req.learnerId = ctx.learner->id;
            req.questionId = m_r->paper.items[*m_reportPos].question.id;
            req.kind = m_kind == 0 ? core::ErratumKind::KeyWrong : m_kind == 1 ? core::ErratumKind::Unclear : core::ErratumKind::Other;
            req.text = m_text;
            req.attemptId = m_id;
            req.position = *m_reportPos;
            auto done = core::reportProblem(*ctx.store, ctx.banks, req);
            if (auto* e = std::get_if<core::ErratumError>(&done)) m_reportMessage = e->message;
            else {
                ctx.banner = "Thank you: the report was stored for the trainers.";
                ImGui::CloseCurrentPopup();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
        if (!m_reportMessage.empty()) ImGui::TextColored(ctx.colors.fail, "%s", m_reportMessage.c_str());
        ImGui::EndPopup();
    }

};

} // namespace

std::unique_ptr<Screen> makeReviewScreen() { return std::make_unique<ReviewScreen>(); }

} // namespace examsim::app
