#include "app/editor_widgets.hpp"

#include "core/answer_input.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <optional>

namespace examsim::app {

bool referencesEditor(std::vector<core::Reference>& refs) {
    bool changed = false;
    const float em = ImGui::GetFontSize();
    ImGui::TextUnformatted("References");
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        auto& r = refs[i];
        ImGui::PushID(static_cast<int>(i + 1000));
        ImGui::SetNextItemWidth(em * 3);
        changed |= ImGui::InputTextWithHint("##part", "part", &r.part);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em * 4.5f);
        changed |= ImGui::InputInt("##edition", &r.edition, 0);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em * 5);
        changed |= ImGui::InputTextWithHint("##clause", "clause", &r.clause);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - em * 6);
        changed |= ImGui::InputTextWithHint("##note", "note", &r.note);
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) remove = i;
        ImGui::PopID();
    }
    if (remove) refs.erase(refs.begin() + static_cast<std::ptrdiff_t>(*remove)), changed = true;
    if (ImGui::SmallButton("Add reference")) {
        core::Reference r;
        r.standard = "ISO/IEC 20000";
        r.part = "1";
        r.edition = 2018;
        refs.push_back(r);
        changed = true;
    }
    return changed;
}

void questionPreview(const AppContext& ctx, const core::Question& q) {
    ImGui::BeginChild("preview");
    ImGui::PushTextWrapPos(0.0f);
    if (!q.caseStudy.empty())
        if (const auto* cs = ctx.banks.caseStudy(q.caseStudy)) {
            ImGui::TextColored(ctx.colors.muted, "Case study: %s", cs->title.c_str());
            ImGui::TextUnformatted(cs->text.c_str());
            ImGui::Separator();
        }
    ImGui::TextUnformatted(q.stem.c_str());
    ImGui::Spacing();
    switch (q.type) {
    case core::QuestionType::Single:
    case core::QuestionType::Multiple:
        if (q.type == core::QuestionType::Multiple) ImGui::TextColored(ctx.colors.muted, "Choose %zu.", q.keyIds.size());
        for (std::size_t i = 0; i < q.options.size(); ++i) ImGui::Text("%c.  %s", core::displayLetter(i), q.options[i].text.c_str());
        break;
    case core::QuestionType::TrueFalse:
        ImGui::TextUnformatted("A.  True");
        ImGui::TextUnformatted("B.  False");
        break;
    case core::QuestionType::AssertionReason:
        ImGui::Text("Assertion: %s", q.assertion.c_str());
        ImGui::Text("Reason: %s", q.reason.c_str());
        for (std::size_t i = 0; i < 5; ++i) ImGui::Text("%c.  %s", core::displayLetter(i), std::string(core::kAssertionReasonChoices[i]).c_str());
        break;
    case core::QuestionType::Matching:
        for (const auto& p : q.premises) ImGui::Text("%s.  %s", p.id.c_str(), p.text.c_str());
        ImGui::Spacing();
        for (std::size_t i = 0; i < q.options.size(); ++i) ImGui::Text("%c.  %s", core::displayLetter(i), q.options[i].text.c_str());
        break;
    case core::QuestionType::Sequencing:
        ImGui::TextColored(ctx.colors.muted, "Put these in order:");
        for (std::size_t i = 0; i < q.items.size(); ++i) ImGui::Text("%c.  %s", core::displayLetter(i), q.items[i].text.c_str());
        break;
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}


} // namespace examsim::app
