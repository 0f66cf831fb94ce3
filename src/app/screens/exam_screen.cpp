// Exam: the question, its case study beside it, options chosen by mouse or keyboard, a navigator,
// the timer and submission. All decisions are the core's (ExamSession, ExamKeyboard); this file draws.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/answer_input.hpp"
#include "core/report/report_text.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace examsim::app {

namespace {

class ExamScreen : public Screen {
public:
    std::string_view id() const override { return "exam"; }
    std::string_view title() const override { return "Exam"; }

    void draw(AppContext& ctx) override {
        if (!ctx.attempt) {
            heading(ctx, "No exam in progress");
            ImGui::TextColored(ctx.colors.muted, "Start a paper, or resume an unfinished one from Home.");
            ImGui::Spacing();
            if (primaryButton(ctx, "Start a paper")) ctx.goTo("start");
            return;
        }
        auto& s = *ctx.session();
        handleKeys(ctx);
        drawHeader(ctx);
        const auto& item = s.item(s.current());
        const float navWidth = ImGui::GetFontSize() * 14.5f;
        const bool hasCase = !item.caseStudyText.empty();
        const float avail = ImGui::GetContentRegionAvail().x - navWidth - ImGui::GetStyle().ItemSpacing.x;
        const float paneHeight = -ImGui::GetFrameHeightWithSpacing() * 1.6f;
        if (hasCase) {
            ImGui::BeginChild("case", ImVec2(avail * 0.42f, paneHeight), true, ImGuiWindowFlags_NavFlattened);
            heading(ctx, item.caseStudyTitle.c_str());
            ImGui::TextWrapped("%s", item.caseStudyText.c_str());
            ImGui::EndChild();
            ImGui::SameLine();
        }
        ImGui::BeginChild("question", ImVec2(hasCase ? avail * 0.58f : avail, paneHeight), true, ImGuiWindowFlags_NavFlattened);
        drawQuestion(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("navigator", ImVec2(navWidth, paneHeight), true, ImGuiWindowFlags_NavFlattened);
        drawNavigator(ctx);
        ImGui::EndChild();
        drawFooter(ctx);
        drawSubmitDialog(ctx);
    }

private:
    bool m_confirmSubmit = false;
    int m_dialogFrames = 0; // the Enter that opened the dialog must not also confirm it

    void handleKeys(AppContext& ctx) {
        ImGuiIO& io = ImGui::GetIO();
        if (io.WantTextInput || m_confirmSubmit || ctx.session()->finished()) return;
        auto& k = *ctx.keyboard;
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            const ImWchar c = io.InputQueueCharacters[i];
            if (c == '!') k.onKey(core::ExamKey::Flag);
            else if (c == '+' || c == '-') ctx.session()->setConfidence(ctx.session()->current(), c == '+' ? 1 : 0);
            else k.onChar(c);
        }
        auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
        const bool ctrl = io.KeyCtrl;
        if (pressed(ImGuiKey_UpArrow)) k.onKey(ctrl ? core::ExamKey::MoveUp : core::ExamKey::Up);
        if (pressed(ImGuiKey_DownArrow)) k.onKey(ctrl ? core::ExamKey::MoveDown : core::ExamKey::Down);
        if (pressed(ImGuiKey_LeftArrow)) k.onKey(core::ExamKey::Left);
        if (pressed(ImGuiKey_RightArrow)) k.onKey(core::ExamKey::Right);
        if (pressed(ImGuiKey_Enter) && ctrl) m_confirmSubmit = true;
        else if (pressed(ImGuiKey_Enter)) k.onKey(core::ExamKey::Enter);
        if (pressed(ImGuiKey_Space)) k.onKey(core::ExamKey::Space);
        if (pressed(ImGuiKey_Backspace)) k.onKey(core::ExamKey::Clear);
    }

    void drawHeader(AppContext& ctx) {
        auto& s = *ctx.session();
        ImGui::PushFont(ctx.headingFont);
        ImGui::Text("%s", ctx.attempt->meta().profileTitle.c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, "  %s mode  |  Question %zu of %zu", std::string(core::nameOf(s.config().mode)).c_str(),
                           s.current() + 1, s.size());
        if (auto rem = s.remainingMs()) {
            const std::string t = "Time left " + core::formatClock(*rem);
            const ImVec4 colour = *rem <= 5 * 60'000 ? ctx.colors.fail : *rem <= 10 * 60'000 ? ctx.colors.warning : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(t.c_str()).x);
            ImGui::TextColored(colour, "%s", t.c_str());
        }
    }

    // One option row: its letter, a check mark when chosen, and its text, wrapped; the row is highlighted
    // for the keyboard.
    // After study feedback, the key is shown in the pass colour and a wrong choice in the fail colour.
    bool optionRow(AppContext& ctx, std::size_t row, const std::string& label, bool chosen, bool highlighted, int verdict = 0) {
        ImGui::PushID(static_cast<int>(row));
        if (verdict != 0) highlighted = false;
        const std::string text = std::string(chosen ? "[x] " : "[ ] ") + label;
        if (highlighted) ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyleColorVec4(ImGuiCol_HeaderHovered));
        const float wrap = ImGui::GetContentRegionAvail().x;
        const ImVec2 size(0, ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap - ImGui::GetFontSize()).y);
        const bool clicked = ImGui::Selectable("##row", chosen || highlighted, 0, size);
        ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
        ImGui::PushTextWrapPos(wrap);
        const ImVec4 colour = verdict > 0 ? ctx.colors.pass : verdict < 0 ? ctx.colors.fail : chosen ? ctx.colors.accent : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        ImGui::TextColored(colour, "%s%s", text.c_str(), verdict > 0 ? "   (key)" : "");
        ImGui::PopTextWrapPos();
        if (highlighted) ImGui::PopStyleColor();
        ImGui::PopID();
        return clicked;
    }

    void drawQuestion(AppContext& ctx) {
        auto& s = *ctx.session();
        auto& k = *ctx.keyboard;
        const std::size_t i = s.current();
        const auto& item = s.item(i);
        const auto& q = item.question;
        const core::Answer& a = s.givesFeedback() && !s.state(i).checked ? k.draft() : s.state(i).answer;
        if (s.state(i).flagged) ImGui::TextColored(ctx.colors.warning, "Flagged for review");
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(q.stem.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        auto chosenOption = [&](const std::string& id) { return std::find(a.selected.begin(), a.selected.end(), id) != a.selected.end(); };
        switch (q.type) {
        case core::QuestionType::Single:
        case core::QuestionType::Multiple:
            if (q.type == core::QuestionType::Multiple) ImGui::TextColored(ctx.colors.muted, "Choose %zu.", q.keyIds.size());
            for (std::size_t r = 0; r < item.optionOrder.size(); ++r) {
                const auto& o = q.options[static_cast<std::size_t>(item.optionOrder[r])];
                const bool isKey = std::find(q.keyIds.begin(), q.keyIds.end(), o.id) != q.keyIds.end();
                const int verdict = !s.state(i).checked ? 0 : isKey ? 1 : chosenOption(o.id) ? -1 : 0;
                if (optionRow(ctx, r, std::string(1, core::displayLetter(r)) + ".  " + o.text, chosenOption(o.id), r == k.highlight() && !s.state(i).checked, verdict))
                    k.onChar(static_cast<char32_t>('a' + r));
            }
            break;
        case core::QuestionType::TrueFalse:
            if (optionRow(ctx, 0, "A.  True", chosenOption("true"), k.highlight() == 0)) k.onChar('a');
            if (optionRow(ctx, 1, "B.  False", chosenOption("false"), k.highlight() == 1)) k.onChar('b');
            break;
        case core::QuestionType::AssertionReason:
            ImGui::TextWrapped("Assertion: %s", q.assertion.c_str());
            ImGui::TextWrapped("Reason: %s", q.reason.c_str());
            for (std::size_t r = 0; r < 5; ++r)
                if (optionRow(ctx, r, std::string(1, core::displayLetter(r)) + ".  " + std::string(core::kAssertionReasonChoices[r]),
                              chosenOption(std::string(1, static_cast<char>('a' + r))), r == k.highlight()))
                    k.onChar(static_cast<char32_t>('a' + r));
            break;
        case core::QuestionType::Matching:
            ImGui::TextColored(ctx.colors.muted, "Pick a statement (1-9 or arrows), then its letter.");
            for (std::size_t r = 0; r < item.premiseOrder.size(); ++r) {
                const auto& p = q.premises[static_cast<std::size_t>(item.premiseOrder[r])];
                std::string match = "-";
                for (const auto& m : a.matches)
                    if (m.first == p.id)
                        for (std::size_t o = 0; o < item.optionOrder.size(); ++o)
                            if (q.options[static_cast<std::size_t>(item.optionOrder[o])].id == m.second) match = std::string(1, core::displayLetter(o));
                if (optionRow(ctx, r, std::to_string(r + 1) + ".  " + p.text + "   ->  " + match, match != "-", r == k.highlight()))
                    k.onChar(static_cast<char32_t>('1' + r));
            }
            ImGui::Separator();
            for (std::size_t o = 0; o < item.optionOrder.size(); ++o)
                ImGui::TextWrapped("%c.  %s", core::displayLetter(o), q.options[static_cast<std::size_t>(item.optionOrder[o])].text.c_str());
            break;
        case core::QuestionType::Sequencing:
            ImGui::TextColored(ctx.colors.muted, "Type the letters in order; Ctrl+Up/Down moves a step, Backspace starts again.");
            for (std::size_t r = 0; r < item.itemOrder.size(); ++r) {
                const auto& it = q.items[static_cast<std::size_t>(item.itemOrder[r])];
                if (optionRow(ctx, r, std::string(1, core::displayLetter(r)) + ".  " + it.text, chosenOption(it.id), false))
                    k.onChar(static_cast<char32_t>('a' + r));
            }
            ImGui::Separator();
            ImGui::Text("Your order: %s", core::answerText(item, a).c_str());
            break;
        }
        if (const auto& f = k.feedback()) {
            ImGui::Spacing();
            ImGui::TextColored(f->correct ? ctx.colors.pass : ctx.colors.fail, f->correct ? "Correct." : "Not correct: the answer is %s.",
                               core::answerText(item, f->key).c_str());
            ImGui::TextWrapped("%s", q.explanation.c_str());
            std::string refs;
            for (const auto& r : q.references) refs += (refs.empty() ? "" : "; ") + core::formatReference(r);
            if (!refs.empty()) ImGui::TextColored(ctx.colors.muted, "Reference: %s", refs.c_str());
        }
        if (s.givesFeedback() || s.state(i).confidence >= 0) {
            const int c = s.state(i).confidence;
            ImGui::Spacing();
            ImGui::TextColored(ctx.colors.muted, "Confidence: %s   (+ sure, - unsure)", c == 1 ? "sure" : c == 0 ? "unsure" : "not given");
        }
    }

    void drawNavigator(AppContext& ctx) {
        auto& s = *ctx.session();
        ImGui::TextUnformatted("Questions");
        const float cell = ImGui::GetFontSize() * 1.9f;
        const int perRow = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (cell + ImGui::GetStyle().ItemSpacing.x)));
        int n = 0;
        for (const auto& c : core::navigatorCells(s)) {
            ImGui::PushID(static_cast<int>(c.index));
            // Answered: the accent colour; flagged: amber; unanswered: the plain frame colour.
            const ImVec4 accent = ctx.colors.accent;
            const ImVec4 bg = c.flagged    ? ctx.colors.warning
                              : c.answered ? ImVec4(accent.x * 0.7f, accent.y * 0.7f, accent.z * 0.7f, 1.0f)
                                           : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
            ImGui::PushStyleColor(ImGuiCol_Button, bg);
            ImGui::PushStyleColor(ImGuiCol_Text, c.flagged ? ImVec4(0, 0, 0, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
            if (c.current) ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
            if (ImGui::Button(std::to_string(c.index + 1).c_str(), ImVec2(cell, cell))) {
                s.go(c.index);
                ctx.keyboard->questionChanged();
            }
            if (c.current) ImGui::PopStyleVar();
            ImGui::PopStyleColor(2);
            ImGui::PopID();
            if (++n % perRow != 0) ImGui::SameLine();
        }
        ImGui::NewLine();
        const auto sum = s.summary();
        ImGui::TextColored(ctx.colors.muted, "%zu answered\n%zu unanswered\n%zu flagged", sum.answered.size(), sum.unanswered.size(),
                           sum.flagged.size());
    }

    void drawFooter(AppContext& ctx) {
        auto& s = *ctx.session();
        if (ImGui::Button("< Previous")) s.previous(), ctx.keyboard->questionChanged();
        ImGui::SameLine();
        if (ImGui::Button("Next >")) s.next(), ctx.keyboard->questionChanged();
        ImGui::SameLine();
        if (ImGui::Button(s.state(s.current()).flagged ? "Unflag (!)" : "Flag (!)")) ctx.keyboard->onKey(core::ExamKey::Flag);
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, s.givesFeedback() ? "A-H / 1-9 choose, Up/Down + Enter, Left/Right move, + sure, - unsure"
                                                              : "A-H / 1-9 choose, Up/Down + Enter, Left/Right move, Ctrl+Enter submits");
        if (s.finished()) {
            ImGui::SameLine();
            if (ImGui::Button("See the results")) ctx.goTo("results");
        } else {
            const char* label = "Submit... (Ctrl+Enter)";
            ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(label).x - ImGui::GetStyle().FramePadding.x * 2);
            if (primaryButton(ctx, label)) m_confirmSubmit = true;
        }
    }

    void drawSubmitDialog(AppContext& ctx) {
        if (m_confirmSubmit && !ImGui::IsPopupOpen("Submit the paper?")) ImGui::OpenPopup("Submit the paper?"), m_dialogFrames = 0;
        if (ImGui::BeginPopupModal("Submit the paper?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
            const auto sum = ctx.session()->summary();
            const bool enter = ++m_dialogFrames > 2 && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
            ImGui::Text("%zu unanswered and %zu flagged questions.", sum.unanswered.size(), sum.flagged.size());
            ImGui::TextColored(ctx.colors.muted, "You cannot change answers after submitting.");
            if (primaryButton(ctx, "Submit (Enter)") || enter) {
                ctx.session()->submit();
                m_confirmSubmit = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Keep working (Esc)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
                m_confirmSubmit = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    }
};

} // namespace

std::unique_ptr<Screen> makeExamScreen() { return std::make_unique<ExamScreen>(); }

} // namespace examsim::app
