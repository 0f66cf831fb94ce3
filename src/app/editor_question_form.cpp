// The Editor's form for one question (issue 8): every field, the answer material of each type with its
// key, and the references. Edits go to the question passed in; the screen stores it in the document.
#include "app/editor_widgets.hpp"
#include "app/widgets.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace examsim::app {

namespace {

template <typename E> bool enumCombo(const char* label, E& value, std::initializer_list<E> values) {
    bool changed = false;
    if (ImGui::BeginCombo(label, std::string(core::nameOf(value)).c_str())) {
        for (E v : values)
            if (ImGui::Selectable(std::string(core::nameOf(v)).c_str(), v == value))
                value = v, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}

bool multiline(const char* label, std::string& text, float lines) {
    return ImGui::InputTextMultiline(
        label, &text, ImVec2(-1, ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2));
}

// The case study a question belongs to: none, one of the bank being edited, or one of another bank.
bool caseStudyCombo(const AppContext& ctx, const core::Bank& bank, std::string& id) {
    bool changed = false;
    const core::CaseStudy* current = findCaseStudy(ctx, bank, id);
    const std::string preview = id.empty() ? "(none: a stand-alone question)"
                                : current  ? fmt::format("{}  {}", id, current->title)
                                           : id;
    if (ImGui::BeginCombo("##case", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable("(none: a stand-alone question)", id.empty())) id.clear(), changed = true;
        auto offer = [&](const core::CaseStudy& c) {
            if (ImGui::Selectable(fmt::format("{}  {}##{}", c.id, c.title, c.id).c_str(), c.id == id))
                id = c.id, changed = true;
        };
        for (const auto& c : bank.caseStudies) offer(c);
        for (const auto& b : ctx.banks.banks())
            if (b.info.id != bank.info.id)
                for (const auto& c : b.caseStudies) offer(c);
        ImGui::EndCombo();
    }
    return changed;
}

bool keyFields(const AppContext& ctx, core::Question& q) {
    bool changed = false;
    switch (q.type) {
    case core::QuestionType::Single:
    case core::QuestionType::Multiple: {
        const bool single = q.type == core::QuestionType::Single;
        ImGui::TextUnformatted(single ? "Options (mark the one key)" : "Options (mark every correct one)");
        changed |= choiceRows(ctx, q, core::ChoiceList::Options, [&](std::size_t i) {
            const std::string& id = q.options[i].id;
            const bool isKey = std::find(q.keyIds.begin(), q.keyIds.end(), id) != q.keyIds.end();
            bool key = isKey, hit = false;
            if (single) {
                if (ImGui::RadioButton("##key", isKey) && !isKey) q.keyIds = {id}, hit = true;
            } else if (ImGui::Checkbox("##key", &key)) {
                if (key)
                    q.keyIds.push_back(id);
                else
                    q.keyIds.erase(std::remove(q.keyIds.begin(), q.keyIds.end(), id), q.keyIds.end());
                hit = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Key");
            return hit;
        });
        break;
    }
    case core::QuestionType::TrueFalse:
        ImGui::TextUnformatted("The statement is");
        ImGui::SameLine();
        if (ImGui::RadioButton("true", q.keyTrue)) q.keyTrue = true, changed = true;
        ImGui::SameLine();
        if (ImGui::RadioButton("false", !q.keyTrue)) q.keyTrue = false, changed = true;
        break;
    case core::QuestionType::AssertionReason: {
        ImGui::TextUnformatted("Assertion");
        changed |= multiline("##assertion", q.assertion, 2);
        ImGui::TextUnformatted("Reason");
        changed |= multiline("##reason", q.reason, 2);
        int key = q.keyIds.empty() || q.keyIds[0].empty() ? 0 : std::clamp(q.keyIds[0][0] - 'a', 0, 4);
        ImGui::TextUnformatted("Key");
        for (int i = 0; i < 5; ++i)
            if (ImGui::RadioButton(
                    fmt::format("{}. {}", static_cast<char>('a' + i), core::kAssertionReasonChoices[i])
                        .c_str(),
                    key == i))
                q.keyIds = {std::string(1, static_cast<char>('a' + i))}, changed = true;
        break;
    }
    case core::QuestionType::Matching:
        ImGui::TextUnformatted(
            "Premises (the numbered left column), each with the option it matches (the key)");
        changed |= choiceRows(ctx, q, core::ChoiceList::Premises);
        ImGui::TextUnformatted("Options (the lettered answers; one may match several premises, or none)");
        changed |= choiceRows(ctx, q, core::ChoiceList::Options);
        break;
    case core::QuestionType::Sequencing:
        ImGui::TextUnformatted(
            "Items (as listed before shuffling), each with its place in the correct order (the key)");
        changed |= choiceRows(ctx, q, core::ChoiceList::Items);
        changed |= sequencingKey(ctx, q);
        break;
    }
    return changed;
}

} // namespace

bool questionForm(const AppContext& ctx, const core::Bank& bank, core::Question& q) {
    bool changed = false;
    const float em = ImGui::GetFontSize();
    const float labelWidth = em * 7;
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(labelWidth);
    };
    label("Id");
    ImGui::SetNextItemWidth(em * 14);
    changed |= ImGui::InputText("##id", &q.id);
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "type: %s", std::string(core::nameOf(q.type)).c_str());
    label("Status");
    ImGui::SetNextItemWidth(em * 8);
    changed |= enumCombo("##status", q.status, {core::Status::Draft, core::Status::Ready});
    ImGui::SameLine();
    ImGui::TextUnformatted("Level");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    changed |= enumCombo("##level", q.level,
                         {core::Level::Foundation, core::Level::Practitioner, core::Level::Auditor});
    label("Topic");
    ImGui::SetNextItemWidth(-1);
    changed |= topicCombo("##topic", ctx, bank, q.topic, nullptr, "");
    label("Case study");
    ImGui::SetNextItemWidth(-1);
    changed |= caseStudyCombo(ctx, bank, q.caseStudy);
    label("Cognitive");
    ImGui::SetNextItemWidth(em * 10);
    changed |= enumCombo("##cognitive", q.cognitiveLevel,
                         {core::CognitiveLevel::Knowledge, core::CognitiveLevel::Comprehension,
                          core::CognitiveLevel::Application, core::CognitiveLevel::Analysis});
    ImGui::SameLine();
    ImGui::TextUnformatted("Difficulty");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6);
    changed |= ImGui::SliderInt("##difficulty", &q.difficulty, 1, 3);
    label("Stem");
    changed |= multiline("##stem", q.stem, 3);
    changed |= keyFields(ctx, q);
    label("Explanation");
    changed |= multiline("##explanation", q.explanation, 3);
    changed |= referencesEditor(q.references);
    return changed;
}

} // namespace examsim::app
