#include "app/editor_bank_parts.hpp"

#include "app/editor_widgets.hpp"
#include "app/widgets.hpp"
#include "core/question_edit.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <optional>
#include <type_traits>
#include <utility>

namespace examsim::app {

namespace {

// What differs between case studies and topics, chosen by overload.
const std::vector<core::CaseStudy>& entriesOf(const core::Bank& b, const core::CaseStudy*) {
    return b.caseStudies;
}
const std::vector<core::Topic>& entriesOf(const core::Bank& b, const core::Topic*) {
    return b.topics;
}
const char* nounOf(const core::CaseStudy*) {
    return "case study";
}
const char* nounOf(const core::Topic*) {
    return "topic";
}
const char* usersNoun(const core::CaseStudy*, bool one) {
    return one ? "question" : "questions";
}
const char* usersNoun(const core::Topic*, bool one) {
    return one ? "question or topic" : "questions or topics";
}

core::RenamedUses renamed(const core::Bank& b, const core::CaseStudy*, const std::string& from,
                          const std::string& to) {
    return core::caseStudyRenamed(b, from, to);
}
core::RenamedUses renamed(const core::Bank& b, const core::Topic*, const std::string& from,
                          const std::string& to) {
    return core::topicRenamed(b, from, to);
}
void store(core::BankDocument& doc, std::size_t i, const core::CaseStudy& e) {
    doc.setCaseStudy(i, e);
}
void store(core::BankDocument& doc, std::size_t i, const core::Topic& e) {
    doc.setTopic(i, e);
}
std::size_t append(core::BankDocument& doc, const core::CaseStudy& e) {
    return doc.addCaseStudy(e);
}
std::size_t append(core::BankDocument& doc, const core::Topic& e) {
    return doc.addTopic(e);
}
void erase(core::BankDocument& doc, std::size_t i, const core::CaseStudy*) {
    doc.deleteCaseStudy(i);
}
void erase(core::BankDocument& doc, std::size_t i, const core::Topic*) {
    doc.deleteTopic(i);
}

std::vector<std::string> usersOf(const AppContext& ctx, const core::Bank& bank, const core::CaseStudy& e) {
    return core::usersOfCaseStudy(bank, ctx.banks.banks(), e.id);
}
std::vector<std::string> usersOf(const AppContext& ctx, const core::Bank& bank, const core::Topic& e) {
    return core::usersOfTopic(bank, ctx.banks.banks(), e.id);
}

// A new entry placed near `near` (its level or parent), with a free id.
core::CaseStudy fresh(const AppContext& ctx, const core::Bank& bank, const core::CaseStudy* near) {
    std::vector<std::string> taken;
    for (const auto& b : ctx.banks.banks())
        for (const auto& c : b.caseStudies) taken.push_back(c.id);
    for (const auto& c : bank.caseStudies) taken.push_back(c.id);
    core::CaseStudy c;
    c.id = core::freshEntryId(taken, bank.info.id + "-case");
    c.title = "New case study";
    c.text = "The organization, its services and the situation the questions ask about.";
    if (near) c.level = near->level;
    return c;
}
core::Topic fresh(const AppContext& ctx, const core::Bank& bank, const core::Topic* near) {
    std::vector<std::string> taken;
    for (const auto* t : ctx.banks.topics()) taken.push_back(t->id);
    for (const auto& t : bank.topics) taken.push_back(t.id);
    core::Topic t;
    t.id = core::freshEntryId(taken, near ? near->id : bank.info.id + "-topic");
    t.title = "New topic";
    if (near) t.parent = near->parent;
    return t;
}

std::string listLabel(const core::CaseStudy& c) {
    return fmt::format("{}  {}", c.id, c.title);
}
std::string listLabel(const core::Topic& t) {
    return fmt::format("{}{}  {}", t.parent.empty() ? "" : "  ", t.id, t.title); // children indented
}

float labelColumn() {
    return ImGui::GetFontSize() * 7;
}

void label(const char* text) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(labelColumn());
}

// A text field at the start of a row, after its label in the label column.
bool rowText(const char* name, const char* id, std::string& v, float width, const char* hint = "") {
    label(name);
    ImGui::SetNextItemWidth(width);
    return ImGui::InputTextWithHint(id, hint, &v);
}

// A field further along the row, after its label ("Language [en]").
bool inlineText(const char* name, const char* id, std::string& v, float width, const char* hint = "") {
    ImGui::SameLine();
    ImGui::TextUnformatted(name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(width);
    return ImGui::InputTextWithHint(id, hint, &v);
}

bool inlineYear(const char* name, const char* id, int& v) {
    ImGui::SameLine();
    ImGui::TextUnformatted(name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    const bool changed = ImGui::InputInt(id, &v, 0);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A year such as 2018; 0 for none");
    return changed;
}

bool levelCombo(std::optional<core::Level>& level) {
    bool changed = false;
    if (ImGui::BeginCombo("##level", level ? std::string(core::nameOf(*level)).c_str() : "(any level)")) {
        if (ImGui::Selectable("(any level)", !level)) level.reset(), changed = true;
        for (auto l : core::kLevels)
            if (ImGui::Selectable(std::string(core::nameOf(l)).c_str(), level == l))
                level = l, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}

// The fields after the id (which EntriesEditor draws, as renaming it renames its uses).
bool form(const AppContext&, const core::Bank&, core::CaseStudy& c) {
    const float em = ImGui::GetFontSize();
    bool changed = rowText("Title", "##title", c.title, -1);
    label("Level");
    ImGui::SetNextItemWidth(em * 10);
    changed |= levelCombo(c.level);
    changed |= inlineText("Theme", "##theme", c.theme, em * 12, "e.g. retail (optional)");
    ImGui::TextUnformatted("Text (what candidates read before its questions)");
    changed |= ImGui::InputTextMultiline("##text", &c.text, ImVec2(-1, ImGui::GetTextLineHeight() * 12));
    return changed;
}

bool form(const AppContext& ctx, const core::Bank& bank, core::Topic& t) {
    const float em = ImGui::GetFontSize();
    bool changed = rowText("Title", "##title", t.title, -1);
    changed |= rowText("Part", "##part", t.part, em * 4, "1");
    changed |= inlineYear("Edition", "##edition", t.edition);
    changed |= inlineText("Clause", "##clause", t.clause, em * 6, "8.6.1");
    label("Parent");
    ImGui::SetNextItemWidth(-1);
    changed |= topicCombo("##parent", ctx, bank, t.parent, "(none: a top-level topic)", t.id);
    return changed;
}

std::string idList(const std::vector<std::string>& ids, std::size_t most) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < most; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > most) out += fmt::format(" and {} more", ids.size() - most);
    return out;
}

} // namespace

template <typename Entry> void EntriesEditor<Entry>::reset() {
    m_loaded = false;
    m_index = 0;
    m_refusal.clear();
    m_note.clear();
}

template <typename Entry> void EntriesEditor<Entry>::select(const std::string& id) {
    m_selectId = id;
    m_loaded = false;
}

template <typename Entry> void EntriesEditor<Entry>::load(const core::BankDocument& doc) {
    const auto& list = entriesOf(doc.bank(), static_cast<const Entry*>(nullptr));
    if (!m_selectId.empty())
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].id == m_selectId) m_index = i;
    m_selectId.clear();
    if (m_index >= list.size()) m_index = list.empty() ? 0 : list.size() - 1;
    if (m_index < list.size()) m_edit = list[m_index];
    m_loaded = true;
}

template <typename Entry>
bool EntriesEditor<Entry>::draw(AppContext& ctx, core::BankDocument& doc,
                                const std::vector<core::Diagnostic>& findings) {
    const auto& list = entriesOf(doc.bank(), static_cast<const Entry*>(nullptr));
    if (!m_loaded || m_index >= list.size()) load(doc);
    const float listWidth = std::max(ImGui::GetFontSize() * 17, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("entries", ImVec2(listWidth, 0), true);
    bool changed = drawList(ctx, doc, findings);
    ImGui::EndChild();
    if (!m_loaded) load(doc); // added or selected in the list
    ImGui::SameLine();
    ImGui::BeginChild("entry", ImVec2(0, 0), true);
    const char* noun = nounOf(static_cast<const Entry*>(nullptr));
    if (m_index >= list.size()) {
        ImGui::TextColored(ctx.colors.muted, "This bank has no %s of its own yet: Add makes one.", noun);
        if constexpr (std::is_same_v<Entry, core::Topic>)
            ImGui::TextColored(ctx.colors.muted,
                               "Questions may use any topic of the loaded banks (the shared taxonomy).");
    } else {
        if (!m_refusal.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(ctx.colors.fail, "%s", m_refusal.c_str());
            ImGui::PopTextWrapPos();
        }
        if (!m_note.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(ctx.colors.muted, "%s", m_note.c_str());
            ImGui::PopTextWrapPos();
        }
        bool edited = rowText("Id", "##id", m_edit.id, ImGui::GetFontSize() * 16);
        if (ImGui::IsItemActivated()) m_idBefore = m_edit.id;
        const bool idDone = ImGui::IsItemDeactivatedAfterEdit();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "A new id is given to this bank's questions%s that use the %s when you leave the field",
                std::is_same_v<Entry, core::Topic> ? " and child topics" : "", noun);
        if (form(ctx, doc.bank(), m_edit) || edited) {
            store(doc, m_index, m_edit);
            m_edit.pointer = entriesOf(doc.bank(), static_cast<const Entry*>(nullptr))[m_index].pointer;
            changed = true;
        }
        if (idDone && !m_idBefore.empty() && m_idBefore != m_edit.id) changed |= renameUses(ctx, doc);
        const auto users = usersOf(ctx, doc.bank(), m_edit);
        ImGui::PushTextWrapPos(0.0f);
        if (users.empty())
            ImGui::TextColored(ctx.colors.muted, "No question uses this %s yet.", noun);
        else
            ImGui::TextColored(ctx.colors.muted, "Used by %s", idList(users, 12).c_str());
        ImGui::PopTextWrapPos();
        ImGui::Separator();
        findingsList(ctx, findingsUnder(findings, m_edit.pointer), "No findings: the validator is content.");
        if constexpr (std::is_same_v<Entry, core::CaseStudy>) { // the field does not wrap: read it here
            ImGui::Separator();
            ImGui::TextColored(ctx.colors.muted, "As candidates read it:");
            ImGui::BeginChild("case-preview");
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(m_edit.text.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndChild();
        }
    }
    ImGui::EndChild();
    changed |= drawDeletePrompt(ctx, doc);
    return changed;
}

template <typename Entry>
bool EntriesEditor<Entry>::renameUses(const AppContext& ctx, core::BankDocument& doc) {
    const std::string from = std::exchange(m_idBefore, "");
    // An id the format refuses reads back as none: its uses keep the old id until it is a real one.
    if (entriesOf(doc.bank(), static_cast<const Entry*>(nullptr))[m_index].id != m_edit.id) return false;
    const core::RenamedUses uses = renamed(doc.bank(), static_cast<const Entry*>(nullptr), from, m_edit.id);
    for (const auto& [i, q] : uses.questions) doc.setQuestion(i, q);
    for (const auto& [i, t] : uses.topics) doc.setTopic(i, t);
    Entry old = m_edit;
    old.id = from;
    const auto elsewhere = usersOf(ctx, doc.bank(), old);
    const std::string topics = uses.topics.empty()
                                   ? ""
                                   : fmt::format(" and {} child {}", uses.topics.size(),
                                                 uses.topics.size() == 1 ? "topic" : "topics");
    m_note = fmt::format("Renamed from {}: {} {}{} of this bank now use {}.", from, uses.questions.size(),
                         uses.questions.size() == 1 ? "question" : "questions", topics, m_edit.id);
    if (!elsewhere.empty())
        m_note += fmt::format(" Other banks still name {}: {}.", from, idList(elsewhere, 8));
    return !uses.questions.empty() || !uses.topics.empty();
}

template <typename Entry>
bool EntriesEditor<Entry>::drawList(AppContext& ctx, core::BankDocument& doc,
                                    const std::vector<core::Diagnostic>& findings) {
    const Entry* none = nullptr;
    const auto& list = entriesOf(doc.bank(), none);
    bool changed = false;
    if (ImGui::Button("Add")) {
        m_index = append(doc, fresh(ctx, doc.bank(), m_index < list.size() ? &list[m_index] : nullptr));
        m_loaded = false;
        m_refusal.clear();
        changed = true;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(m_index >= list.size());
    if (ImGui::Button("Delete")) {
        const auto users = usersOf(ctx, doc.bank(), list[m_index]);
        if (users.empty())
            m_deleteAsked = true;
        else
            m_refusal = fmt::format("{} cannot be deleted while {} {} it: {}. Give {} another {} first.",
                                    list[m_index].id,
                                    fmt::format("{} {}", users.size(), usersNoun(none, users.size() == 1)),
                                    users.size() == 1 ? "uses" : "use", idList(users, 8),
                                    users.size() == 1 ? "it" : "them", nounOf(none));
    }
    ImGui::EndDisabled();
    ImGui::Separator();
    ImGui::BeginChild("entry-list");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const bool finding = std::any_of(findings.begin(), findings.end(), [&](const core::Diagnostic& d) {
            return d.severity != core::Severity::Note && underPointer(d.pointer, list[i].pointer);
        });
        if (finding) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(((finding ? "! " : "") + listLabel(list[i])).c_str(), i == m_index) &&
            i != m_index) {
            m_index = i;
            m_loaded = false;
            m_refusal.clear();
            m_note.clear();
        }
        ImGui::PopID();
        if (finding) ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    return changed;
}

template <typename Entry>
bool EntriesEditor<Entry>::drawDeletePrompt(AppContext& ctx, core::BankDocument& doc) {
    const std::string title = fmt::format("Delete {}?", nounOf(static_cast<const Entry*>(nullptr)));
    if (m_deleteAsked) {
        ImGui::OpenPopup(title.c_str());
        m_deleteAsked = false;
    }
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return false;
    bool changed = false;
    ImGui::Text("Delete %s from the bank? No question uses it. (Nothing is written until you save.)",
                m_edit.id.c_str());
    const auto& list = entriesOf(doc.bank(), static_cast<const Entry*>(nullptr));
    if (primaryButton(ctx, "Delete") && m_index < list.size()) {
        erase(doc, m_index, static_cast<const Entry*>(nullptr));
        m_loaded = false;
        changed = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    cancelButton();
    ImGui::EndPopup();
    return changed;
}

template class EntriesEditor<core::CaseStudy>;
template class EntriesEditor<core::Topic>;

bool aboutBankItself(const std::string& pointer) {
    return !underPointer(pointer, "/questions") && !underPointer(pointer, "/topics") &&
           !underPointer(pointer, "/case_studies");
}

bool BankInfoEditor::draw(AppContext& ctx, core::BankDocument& doc,
                          const std::vector<core::Diagnostic>& findings) {
    if (!m_loaded) m_edit = doc.bank().info, m_loaded = true;
    const float em = ImGui::GetFontSize();
    auto& i = m_edit;
    bool changed = false;
    ImGui::BeginChild("bank-info", ImVec2(0, 0), true);
    changed |= rowText("Id", "##id", i.id, em * 16);
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "(a user bank with the id of a shipped bank replaces it)");
    changed |= rowText("Title", "##title", i.title, -1);
    changed |= rowText("Version", "##version", i.version, em * 6, "1.0.0");
    changed |= inlineText("Language", "##language", i.language, em * 5, "en");
    changed |= inlineText("License", "##license", i.license, -1, "CC-BY-4.0");
    std::optional<std::size_t> remove;
    for (std::size_t a = 0; a < i.authors.size(); ++a) {
        ImGui::PushID(static_cast<int>(a));
        label(a == 0 ? "Authors" : "");
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - em * 5);
        changed |= ImGui::InputText("##author", &i.authors[a]);
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) remove = a;
        ImGui::PopID();
    }
    if (remove) i.authors.erase(i.authors.begin() + static_cast<std::ptrdiff_t>(*remove)), changed = true;
    if (i.authors.empty())
        label("Authors");
    else
        ImGui::SetCursorPosX(labelColumn());
    if (ImGui::SmallButton("Add author")) i.authors.emplace_back(), changed = true;
    changed |= rowText("Standard", "##standard", i.standardName, em * 10, "ISO/IEC 20000");
    changed |= inlineText("Part", "##part", i.standardPart, em * 4, "1");
    changed |= inlineYear("Edition", "##edition", i.standardEdition);
    ImGui::TextUnformatted("Description");
    changed |= ImGui::InputTextMultiline("##description", &i.description,
                                         ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    if (changed) doc.setInfo(i);
    ImGui::Separator();
    std::vector<const core::Diagnostic*> mine;
    for (const auto& d : findings)
        if (aboutBankItself(d.pointer)) mine.push_back(&d);
    findingsList(ctx, mine, "No findings on the bank's metadata.");
    const auto all = core::count(findings);
    ImGui::TextColored(ctx.colors.muted, "The whole bank: %d %s, %d %s.", all.errors,
                       all.errors == 1 ? "error" : "errors", all.warnings,
                       all.warnings == 1 ? "warning" : "warnings");
    ImGui::EndChild();
    return changed;
}

} // namespace examsim::app
