#include "app/editor_widgets.hpp"

#include "app/widgets.hpp"
#include "core/answer_input.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <optional>

namespace examsim::app {

namespace {

const char* nounOf(core::ChoiceList list) {
    return list == core::ChoiceList::Premises ? "premise" : list == core::ChoiceList::Items ? "item" : "option";
}

// Up and down arrows; returns -1, +1 or 0.
int moveArrows(std::size_t index, std::size_t count) {
    int delta = 0;
    ImGui::BeginDisabled(index == 0);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) delta = -1;
    ImGui::EndDisabled();
    ImGui::SameLine(0, 2);
    ImGui::BeginDisabled(index + 1 >= count);
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) delta = +1;
    ImGui::EndDisabled();
    return delta;
}

std::string choiceLabel(const std::vector<core::Choice>& list, const std::string& id) {
    for (const auto& c : list)
        if (c.id == id) return fmt::format("{}.  {}", c.id, c.text);
    return id;
}

// Matching: the option a premise matches, by its id; the list shows each option's text.
bool matchCombo(const AppContext& ctx, core::Question& q, const std::string& premiseId) {
    bool changed = false;
    const std::string match = core::matchOf(q, premiseId);
    if (match.empty()) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
    const bool open = ImGui::BeginCombo("##match", match.empty() ? "?" : ("= " + match).c_str());
    if (match.empty()) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !open) {
        if (match.empty()) ImGui::SetTooltip("Key: choose the option this premise matches");
        else ImGui::SetTooltip("Key: %s", choiceLabel(q.options, match).c_str());
    }
    if (open) {
        for (const auto& o : q.options)
            if (ImGui::Selectable(fmt::format("{}.  {}", o.id, o.text).c_str(), o.id == match) && o.id != match) {
                core::matchPremise(q, premiseId, o.id);
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

// Sequencing: an item's place in the correct order.
bool placeCombo(const AppContext& ctx, core::Question& q, const std::string& itemId) {
    bool changed = false;
    const std::size_t place = core::placeInKey(q, itemId);
    const bool missing = place == std::string::npos;
    if (missing) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
    const bool open = ImGui::BeginCombo("##place", missing ? "?" : fmt::format("#{}", place + 1).c_str());
    if (missing) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !open) ImGui::SetTooltip("Key: the item's place in the correct order");
    if (open) {
        for (std::size_t p = 0; p < q.items.size(); ++p)
            if (ImGui::Selectable(fmt::format("#{}", p + 1).c_str(), p == place) && p != place) {
                core::setPlaceInKey(q, itemId, p);
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

} // namespace

bool choiceRows(const AppContext& ctx, core::Question& q, core::ChoiceList list, const std::function<bool(std::size_t)>& marker) {
    bool changed = false;
    const float em = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    auto& entries = core::choices(q, list);
    const char* noun = nounOf(list);
    // Matching premises carry their key on the row (the option each one matches); sequencing items theirs
    // (the place in the correct order).
    const bool matches = list == core::ChoiceList::Premises && q.type == core::QuestionType::Matching;
    const bool ordered = list == core::ChoiceList::Items && q.type == core::QuestionType::Sequencing;
    const float matchWidth = em * 4.5f;
    const float tail = ImGui::GetFrameHeight() * 2 + 2 + ImGui::CalcTextSize("Remove").x + style.FramePadding.x * 2 +
                       style.ItemSpacing.x * 3 + (matches || ordered ? matchWidth + style.ItemSpacing.x : 0.0f);
    std::optional<std::size_t> remove;
    std::optional<std::pair<std::size_t, int>> move;
    const float idX = marker ? em * 1.8f : 0.0f;
    const float textX = idX + em * 3.2f;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        ImGui::PushID(static_cast<int>(i) + 100 * static_cast<int>(list));
        if (marker) {
            changed |= marker(i);
            ImGui::SameLine(idX);
        }
        std::string id = entries[i].id;
        ImGui::SetNextItemWidth(em * 2.8f);
        if (ImGui::InputText("##id", &id) && core::renameChoice(q, list, i, id)) changed = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Id of the %s: letters, digits, '.', '_' or '-', unique; the key follows a rename", noun);
        ImGui::SameLine(textX);
        const float textWidth = ImGui::GetContentRegionAvail().x - tail;
        ImGui::SetNextItemWidth(textWidth);
        changed |= ImGui::InputTextWithHint("##text", fmt::format("Text of the {}", noun).c_str(), &entries[i].text);
        if (matches || ordered) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(matchWidth);
            changed |= matches ? matchCombo(ctx, q, entries[i].id) : placeCombo(ctx, q, entries[i].id);
        }
        ImGui::SameLine();
        if (const int d = moveArrows(i, entries.size())) move = {i, d};
        ImGui::SameLine();
        ImGui::BeginDisabled(entries.size() <= core::kMinChoices);
        if (ImGui::SmallButton("Remove")) remove = i;
        ImGui::EndDisabled();
        ImGui::SetCursorPosX(textX);
        ImGui::SetNextItemWidth(textWidth);
        changed |= ImGui::InputTextWithHint("##rationale", "Why it is right or wrong (optional)", &entries[i].rationale);
        ImGui::PopID();
    }
    if (remove) core::removeChoice(q, list, *remove), changed = true;
    if (move) changed |= core::moveChoice(q, list, move->first, move->second);
    ImGui::PushID(static_cast<int>(list));
    ImGui::BeginDisabled(entries.size() >= core::kMaxChoices);
    if (ImGui::SmallButton(fmt::format("Add {}", noun).c_str())) changed |= core::addChoice(q, list);
    ImGui::EndDisabled();
    ImGui::PopID();
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "%zu (%zu to %zu)", entries.size(), core::kMinChoices, core::kMaxChoices);
    return changed;
}

bool topicCombo(const char* id, const AppContext& ctx, const core::Bank& bank, std::string& topic, const char* noneLabel,
                const std::string& exclude) {
    bool changed = false;
    const core::Topic* current = nullptr;
    for (const auto& t : bank.topics)
        if (t.id == topic) current = &t;
    if (!current) current = ctx.banks.topic(topic);
    const std::string preview = topic.empty() && noneLabel ? noneLabel : current ? fmt::format("{}  {}", topic, current->title) : topic;
    if (ImGui::BeginCombo(id, preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (noneLabel && ImGui::Selectable(noneLabel, topic.empty())) topic.clear(), changed = true;
        auto offer = [&](const core::Topic& t) {
            if (t.id != exclude && ImGui::Selectable(fmt::format("{}  {}##{}", t.id, t.title, t.id).c_str(), t.id == topic))
                topic = t.id, changed = true;
        };
        for (const auto& t : bank.topics) offer(t);
        for (const auto* t : ctx.banks.topics())
            if (std::none_of(bank.topics.begin(), bank.topics.end(), [&](const core::Topic& o) { return o.id == t->id; })) offer(*t);
        ImGui::EndCombo();
    }
    return changed;
}

bool sequencingKey(const AppContext& ctx, core::Question& q) {
    bool changed = false;
    ImGui::TextUnformatted("Key: the correct order");
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "(move with the arrows)");
    std::optional<std::pair<std::size_t, int>> move;
    for (std::size_t i = 0; i < q.keyIds.size(); ++i) {
        ImGui::PushID(static_cast<int>(i) + 1000);
        if (const int d = moveArrows(i, q.keyIds.size())) move = {i, d};
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        clippedText(fmt::format("{}.  {}", i + 1, choiceLabel(q.items, q.keyIds[i])).c_str(), ImGui::GetContentRegionAvail().x);
        ImGui::PopID();
    }
    if (move) changed |= core::moveInKey(q, move->first, move->second);
    return changed;
}

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

bool underPointer(const std::string& pointer, const std::string& prefix) {
    return !prefix.empty() && pointer.compare(0, prefix.size(), prefix) == 0 &&
           (pointer.size() == prefix.size() || pointer[prefix.size()] == '/');
}

std::vector<const core::Diagnostic*> findingsUnder(const std::vector<core::Diagnostic>& all, const std::string& pointer) {
    std::vector<const core::Diagnostic*> out;
    for (const auto& d : all)
        if (underPointer(d.pointer, pointer)) out.push_back(&d);
    return out;
}

void findingsList(const AppContext& ctx, const std::vector<const core::Diagnostic*>& findings, const char* emptyText) {
    if (findings.empty() && emptyText) ImGui::TextColored(ctx.colors.pass, "%s", emptyText);
    ImGui::PushTextWrapPos(0.0f);
    for (const auto* d : findings) {
        const bool error = d->severity == core::Severity::Error;
        ImGui::TextColored(error ? ctx.colors.fail : ctx.colors.warning, "%s  %s", error ? "error" : d->severity == core::Severity::Warning ? "warning" : "note",
                           d->pointer.c_str());
        ImGui::Indent();
        ImGui::TextUnformatted(d->message.c_str());
        ImGui::Unindent();
    }
    ImGui::PopTextWrapPos();
}

const core::CaseStudy* findCaseStudy(const AppContext& ctx, const core::Bank& bank, const std::string& id) {
    if (id.empty()) return nullptr;
    for (const auto& c : bank.caseStudies)
        if (c.id == id) return &c;
    return ctx.banks.caseStudy(id);
}

void questionPreview(const AppContext& ctx, const core::Bank& bank, const core::Question& q) {
    ImGui::BeginChild("preview");
    ImGui::PushTextWrapPos(0.0f);
    if (const auto* cs = findCaseStudy(ctx, bank, q.caseStudy)) {
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
