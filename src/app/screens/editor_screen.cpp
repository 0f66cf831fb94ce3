// Editor: trainers edit a bank. Tabs for its questions (a list with filters and lint markers, the
// selected question's fields, the validator's and lint's findings on it as it is typed, a preview as
// learners see it), its case studies, its topics and its metadata; GIFT and CSV files are imported as
// a new bank of drafts. Saving writes a user bank (core/bank_writer: atomic, with a backup) that
// overrides the shipped one; unsaved edits are never dropped without asking.
#include "app/app.hpp"
#include "app/editor_bank_parts.hpp"
#include "app/editor_import.hpp"
#include "app/editor_widgets.hpp"
#include "app/widgets.hpp"
#include "core/answer_input.hpp"
#include "core/bank_writer.hpp"
#include "core/lint.hpp"
#include "core/paths.hpp"
#include "core/trainer_view.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <optional>
#include <utility>

namespace examsim::app {

namespace {

using Clock = std::chrono::steady_clock;

// What to do once the "Save changes?" question is answered.
struct Pending {
    enum class Kind { None, OpenBank, OpenImport, CloseWindow } kind = Kind::None;
    std::string path;       // OpenBank
    std::string questionId; // OpenBank: the question to select
};

class EditorScreen : public Screen {
public:
    std::string_view id() const override { return "editor"; }
    std::string_view title() const override { return "Editor"; }

    void draw(AppContext& ctx) override {
        if (!ctx.editQuestionId.empty()) {
            openQuestion(ctx, ctx.editQuestionId);
            ctx.editQuestionId.clear();
        }
        if (!ctx.editorTab.empty()) {
            m_selectPart = partOf(ctx.editorTab);
            ctx.editorTab.clear();
        }
        if (!m_doc && m_message.empty()) openFirst(ctx);
        if (ctx.closeRequested && m_pending.kind == Pending::Kind::None) ask({Pending::Kind::CloseWindow, "", ""});
        refreshFindings(ctx);

        drawToolbar(ctx);
        if (!m_message.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(m_messageIsError ? ctx.colors.fail : ctx.colors.pass, "%s", m_message.c_str());
            ImGui::PopTextWrapPos();
        }
        if (m_doc) drawParts(ctx);
        if (m_importer.draw(ctx)) {
            m_imported = m_importer.take();
            m_importedFrom = m_importer.file().filename().string();
            if (m_doc && m_doc->modified()) ask({Pending::Kind::OpenImport, "", ""});
            else openImported();
        }
        drawSavePrompt(ctx);
        drawDeletePrompt(ctx);
        ctx.unsavedChanges = m_doc && m_doc->modified();
    }

private:
    std::unique_ptr<core::BankDocument> m_doc;
    std::string m_openedFrom; // the file the bank was opened from (a shipped or a user bank)
    std::size_t m_index = 0;
    core::Question m_edit; // the selected question as edited
    std::string m_message;
    bool m_messageIsError = false;
    core::QuestionFilter m_filter;
    // Findings, computed again a moment after the last edit (validation reads every bank).
    std::vector<core::Diagnostic> m_diagnostics;
    std::vector<core::LintFinding> m_lint; // the selected question's
    bool m_findingsDirty = true;
    Clock::time_point m_lastEdit{};
    Pending m_pending;
    bool m_askOpen = false;
    bool m_deleteAsked = false;
    bool m_scrollToSelected = false; // the list shows a question selected from elsewhere
    bool m_formToTop = false;        // a question was selected: its form starts at the top
    // The other tabs, and the import waiting to be opened (after the "Save changes?" answer).
    enum class Part { None, Questions, CaseStudies, Topics, Bank };
    Part m_selectPart = Part::None; // a tab to bring forward (--editor-tab, an import)
    CaseStudiesEditor m_cases;
    TopicsEditor m_topics;
    BankInfoEditor m_info;
    BankImporter m_importer;
    std::optional<core::ImportedBank> m_imported;
    std::string m_importedFrom;

    static Part partOf(const std::string& name) {
        return name == "case-studies" ? Part::CaseStudies : name == "topics" ? Part::Topics : name == "bank" ? Part::Bank : Part::Questions;
    }

    void setMessage(std::string text, bool error) {
        m_message = std::move(text);
        m_messageIsError = error;
    }

    void openFirst(AppContext& ctx) {
        for (const auto& f : ctx.banks.files())
            if (f.loaded && f.questions > 0) {
                open(ctx, f.path, "");
                return;
            }
        setMessage("No bank with questions is loaded: see the Banks screen.", true);
    }

    void openQuestion(AppContext& ctx, const std::string& questionId) {
        const auto* bank = ctx.banks.bankOf(questionId);
        if (!bank) {
            if (!m_doc) openFirst(ctx);
            setMessage("Question " + questionId + " is not in the loaded banks.", true);
            return;
        }
        m_selectPart = Part::Questions;
        if (m_doc && m_openedFrom == bank->path) {
            select(questionId);
            return;
        }
        requestOpen(ctx, bank->path, questionId);
    }

    void requestOpen(AppContext& ctx, const std::string& path, const std::string& questionId) {
        if (m_doc && m_doc->modified()) ask({Pending::Kind::OpenBank, path, questionId});
        else open(ctx, path, questionId);
    }

    void open(AppContext&, const std::string& path, const std::string& questionId) {
        auto opened = core::BankDocument::open(path);
        if (!opened.document) {
            std::string why;
            for (const auto& d : opened.diagnostics) why += "\n" + core::format(d);
            setMessage("The bank could not be opened for editing:" + why, true);
            return;
        }
        adopt(std::move(opened.document), path);
        m_message.clear();
        if (!questionId.empty()) select(questionId);
        loadSelected();
    }

    void openImported() {
        if (!m_imported) return;
        const core::ImportedBank imported = std::move(*m_imported);
        m_imported.reset();
        const auto path = core::userBankPath(imported.bank);
        adopt(core::BankDocument::create(path, imported.bank, imported.omitInDrafts), path.string());
        loadSelected();
        m_selectPart = Part::Questions;
        setMessage(fmt::format("Imported {} questions from {} as drafts ({} skipped). Complete them (Findings lists what is missing), "
                               "then Save writes {}.",
                               imported.bank.questions.size(), m_importedFrom, imported.result.skipped, path.string()),
                   false);
    }

    void adopt(std::unique_ptr<core::BankDocument> doc, const std::string& from) {
        m_doc = std::move(doc);
        m_openedFrom = from;
        m_index = 0;
        m_cases.reset();
        m_topics.reset();
        m_info.reset();
        m_findingsDirty = true;
        m_lastEdit = {};
    }

    void select(const std::string& questionId) {
        const auto& qs = m_doc->bank().questions;
        for (std::size_t i = 0; i < qs.size(); ++i)
            if (qs[i].id == questionId) {
                m_index = i;
                m_cases.select(qs[i].caseStudy);
                m_topics.select(qs[i].topic);
            }
        loadSelected();
    }

    void loadSelected() {
        if (m_doc && m_index < m_doc->bank().questions.size()) m_edit = m_doc->bank().questions[m_index];
        m_findingsDirty = true;
        m_scrollToSelected = true;
        m_formToTop = true;
    }

    void edited() {
        m_doc->setQuestion(m_index, m_edit);
        m_edit.pointer = m_doc->bank().questions[m_index].pointer;
        changedNow();
    }

    // A case study or topic changed, and with a rename the questions that use it: the question being
    // edited is read again so that its next edit does not write the old id back.
    void partChanged() {
        changedNow();
        if (m_index < m_doc->bank().questions.size()) m_edit = m_doc->bank().questions[m_index];
    }

    void changedNow() {
        m_findingsDirty = true;
        m_lastEdit = Clock::now();
    }

    void refreshFindings(AppContext& ctx) {
        if (!m_doc || !m_findingsDirty) return;
        if (!ctx.screenshot && Clock::now() - m_lastEdit < std::chrono::milliseconds(400)) {
            if (ctx.wake) ctx.wake(); // come back when the pause is over
            return;
        }
        m_findingsDirty = false;
        m_diagnostics = m_doc->validate(ctx.bankPaths);
        m_lint.clear();
        m_filter.withFindings.clear();
        const auto& qs = m_doc->bank().questions;
        for (std::size_t i = 0; i < qs.size(); ++i) { // lint of a whole bank takes milliseconds
            auto found = core::lintQuestion(qs[i], ctx.banks);
            if (!found.empty()) m_filter.withFindings.insert(qs[i].id);
            if (i == m_index) m_lint = std::move(found);
            for (const auto& d : m_diagnostics)
                if (underPointer(d.pointer, qs[i].pointer) && d.severity != core::Severity::Note) m_filter.withFindings.insert(qs[i].id);
        }
    }

    // ---- toolbar: bank, save, add, duplicate, delete ----

    void drawToolbar(AppContext& ctx) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Bank");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
        const std::string current = m_doc ? (m_doc->bank().info.title.empty() ? m_doc->bank().info.id : m_doc->bank().info.title) : "(no bank)";
        if (ImGui::BeginCombo("##bank", current.c_str())) {
            for (const auto& f : ctx.banks.files()) {
                if (!f.loaded) continue;
                const std::string label = fmt::format("{}  ({} questions)##{}", f.title.empty() ? f.bankId : f.title, f.questions, f.path);
                if (ImGui::Selectable(label.c_str(), f.path == m_openedFrom) && f.path != m_openedFrom) requestOpen(ctx, f.path, "");
            }
            ImGui::EndCombo();
        }
        if (!m_doc) {
            ImGui::SameLine();
            if (ImGui::Button("Import GIFT or CSV...")) m_importer.start();
            return;
        }
        ImGui::SameLine();
        const bool modified = m_doc->modified();
        if (modified ? primaryButton(ctx, "Save") : ImGui::Button("Save")) save(ctx);
        ImGui::SameLine();
        if (ImGui::Button("Import GIFT or CSV...")) m_importer.start();
        ImGui::SameLine();
        if (modified) ImGui::TextColored(ctx.colors.warning, "Unsaved changes");
        else ImGui::TextColored(ctx.colors.muted, "Saved");
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, "  %s", m_doc->path().filename().string().c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Editing %s\nSaving writes %s", m_openedFrom.c_str(), core::userBankPath(m_doc->bank()).string().c_str());
    }

    void add() {
        core::Question q;
        q.id = core::nextQuestionId(m_doc->bank(), m_doc->bank().info.id + "-new");
        if (m_index < m_doc->bank().questions.size()) {
            const auto& near = m_doc->bank().questions[m_index];
            q.id = core::nextQuestionId(m_doc->bank(), near.id);
            q.level = near.level;
            q.topic = near.topic;
            q.references = near.references;
        }
        q.status = core::Status::Draft;
        q.type = core::QuestionType::Single;
        q.stem = "New question";
        for (const char* id : {"a", "b", "c", "d"}) q.options.push_back({id, std::string("Option ") + id, ""});
        q.keyIds = {"a"};
        m_index = m_doc->addQuestion(q);
        loadSelected();
        m_lastEdit = Clock::now();
    }

    // The user copy overrides the shipped bank (docs/question-bank-format.md, "User banks").
    bool save(AppContext& ctx) {
        const auto target = core::userBankPath(m_doc->bank());
        if (m_doc->path() != target) m_doc->setPath(target);
        const auto r = m_doc->save();
        if (!r.ok) {
            setMessage("Not saved: " + r.error, true);
            return false;
        }
        const auto folder = target.parent_path();
        if (std::find(ctx.bankPaths.begin(), ctx.bankPaths.end(), folder) == ctx.bankPaths.end()) ctx.bankPaths.push_back(folder);
        const std::string selected = m_edit.id;
        ctx.reloadBanks();
        m_openedFrom = target.string();
        setMessage("Saved to " + target.string() + (r.backup.empty() ? "" : " (previous version: " + r.backup.filename().string() + ")"), false);
        m_findingsDirty = true;
        return true;
    }

    // ---- the tabs ----

    void drawParts(AppContext& ctx) {
        if (!ImGui::BeginTabBar("bank-parts")) return;
        const auto flags = [&](Part p) { return m_selectPart == p ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None; };
        const auto& b = m_doc->bank();
        // "!" marks a tab with findings (notes aside), as the lists mark their entries.
        const auto mark = [&](const char* list) {
            return std::any_of(m_diagnostics.begin(), m_diagnostics.end(), [&](const core::Diagnostic& d) {
                       return d.severity != core::Severity::Note && (list ? underPointer(d.pointer, list) : aboutBankItself(d.pointer));
                   })
                       ? " !"
                       : "";
        };
        if (ImGui::BeginTabItem(fmt::format("Questions ({}){}###questions", b.questions.size(), mark("/questions")).c_str(), nullptr,
                                flags(Part::Questions))) {
            drawQuestionsPart(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(fmt::format("Case studies ({}){}###cases", b.caseStudies.size(), mark("/case_studies")).c_str(), nullptr, flags(Part::CaseStudies))) {
            if (m_cases.draw(ctx, *m_doc, m_diagnostics)) partChanged();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(fmt::format("Topics ({}){}###topics", b.topics.size(), mark("/topics")).c_str(), nullptr, flags(Part::Topics))) {
            if (m_topics.draw(ctx, *m_doc, m_diagnostics)) partChanged();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(fmt::format("Bank{}###bank", mark(nullptr)).c_str(), nullptr, flags(Part::Bank))) {
            if (m_info.draw(ctx, *m_doc, m_diagnostics)) changedNow();
            ImGui::EndTabItem();
        }
        m_selectPart = Part::None;
        ImGui::EndTabBar();
    }

    void drawQuestionsPart(AppContext& ctx) {
        const float listWidth = std::max(ImGui::GetFontSize() * 17, ImGui::GetContentRegionAvail().x * 0.3f);
        ImGui::BeginChild("list", ImVec2(listWidth, 0), true);
        drawList(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("question", ImVec2(0, 0), true);
        if (m_index < m_doc->bank().questions.size()) drawQuestion(ctx);
        else ImGui::TextColored(ctx.colors.muted, "Select a question on the left, or add one.");
        ImGui::EndChild();
    }

    // ---- the question list ----

    void drawList(AppContext& ctx) {
        if (ImGui::Button("Add")) add();
        ImGui::SameLine();
        const bool has = m_index < m_doc->bank().questions.size();
        if (ImGui::Button("Duplicate") && has) {
            m_index = m_doc->duplicateQuestion(m_index, core::nextQuestionId(m_doc->bank(), m_edit.id));
            loadSelected();
            changedNow();
        }
        ImGui::SameLine();
        if (ImGui::Button("Delete") && has) m_deleteAsked = true;
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##search", "Search id, stem, options", &m_filter.text);
        const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
        ImGui::SetNextItemWidth(half);
        if (ImGui::BeginCombo("##level", m_filter.level ? std::string(core::nameOf(*m_filter.level)).c_str() : "All levels")) {
            if (ImGui::Selectable("All levels", !m_filter.level)) m_filter.level.reset();
            for (auto l : core::kLevels)
                if (ImGui::Selectable(std::string(core::nameOf(l)).c_str(), m_filter.level == l)) m_filter.level = l;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(half);
        if (ImGui::BeginCombo("##type", m_filter.type ? std::string(core::nameOf(*m_filter.type)).c_str() : "All types")) {
            if (ImGui::Selectable("All types", !m_filter.type)) m_filter.type.reset();
            for (auto t : core::kQuestionTypes)
                if (ImGui::Selectable(std::string(core::nameOf(t)).c_str(), m_filter.type == t)) m_filter.type = t;
            ImGui::EndCombo();
        }
        ImGui::Checkbox("Only questions with findings", &m_filter.withFindingsOnly);
        ImGui::Separator();
        ImGui::BeginChild("questions");
        const auto& qs = m_doc->bank().questions;
        for (std::size_t i = 0; i < qs.size(); ++i) {
            const auto& q = qs[i];
            if (!core::matches(q, m_filter)) continue;
            ImGui::PushID(static_cast<int>(i));
            const bool finding = m_filter.withFindings.count(q.id) > 0;
            const std::string label = fmt::format("{}{}  {}", finding ? "! " : "", q.id, q.status == core::Status::Draft ? "(draft)" : "");
            if (finding) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
            if (ImGui::Selectable(label.c_str(), i == m_index)) {
                m_index = i;
                loadSelected();
                m_scrollToSelected = false; // clicked: it is in view
            }
            if (i == m_index && m_scrollToSelected) {
                ImGui::SetScrollHereY(0.3f);
                m_scrollToSelected = false;
            }
            if (finding) ImGui::PopStyleColor();
            ImGui::Indent();
            clippedText(q.stem.c_str(), ImGui::GetContentRegionAvail().x);
            ImGui::Unindent();
            ImGui::PopID();
        }
        ImGui::EndChild();
    }

    // ---- the selected question ----

    void drawQuestion(AppContext& ctx) {
        if (ImGui::BeginTabBar("question-tabs")) {
            if (ImGui::BeginTabItem("Edit")) {
                ImGui::BeginChild("form");
                if (std::exchange(m_formToTop, false)) ImGui::SetScrollY(0.0f); // another question: from its top
                drawForm(ctx);
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            const std::size_t n = questionDiagnostics().size() + m_lint.size();
            if (ImGui::BeginTabItem(fmt::format("Findings ({})###findings", n).c_str())) {
                drawFindings(ctx);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Preview")) {
                questionPreview(ctx, m_doc->bank(), m_edit);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }

    std::vector<const core::Diagnostic*> questionDiagnostics() const {
        if (m_index >= m_doc->bank().questions.size()) return {};
        return findingsUnder(m_diagnostics, m_doc->bank().questions[m_index].pointer);
    }

    void drawForm(AppContext& ctx) {
        if (questionForm(ctx, m_doc->bank(), m_edit)) edited();
    }

    void drawFindings(AppContext& ctx) {
        ImGui::BeginChild("findings");
        const auto diags = questionDiagnostics();
        findingsList(ctx, diags, m_lint.empty() ? "No findings: the validator and lint are content." : nullptr);
        ImGui::PushTextWrapPos(0.0f);
        for (const auto& f : m_lint) {
            ImGui::TextColored(ctx.colors.warning, "lint: %s  %s", f.check.c_str(), f.pointer.c_str());
            ImGui::Indent();
            ImGui::TextUnformatted(f.message.c_str());
            if (!f.fix.empty()) ImGui::TextColored(ctx.colors.muted, "Fix: %s", f.fix.c_str());
            ImGui::Unindent();
        }
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
    }

    // ---- prompts ----

    void ask(Pending p) {
        m_pending = std::move(p);
        m_askOpen = true;
    }

    void finishPending(AppContext& ctx) {
        const Pending p = std::exchange(m_pending, {});
        if (p.kind == Pending::Kind::OpenBank) open(ctx, p.path, p.questionId);
        if (p.kind == Pending::Kind::OpenImport) openImported();
        if (p.kind == Pending::Kind::CloseWindow) {
            ctx.closeConfirmed = true;
            ctx.closeRequested = false;
            if (ctx.closeWindow) ctx.closeWindow();
        }
    }

    void drawSavePrompt(AppContext& ctx) {
        if (m_askOpen) {
            ImGui::OpenPopup("Save changes?");
            m_askOpen = false;
        }
        if (!ImGui::BeginPopupModal("Save changes?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
        ImGui::Text("%s has unsaved changes.", m_doc ? m_doc->bank().info.id.c_str() : "The bank");
        ImGui::TextColored(ctx.colors.muted, "Saving writes %s", m_doc ? core::userBankPath(m_doc->bank()).string().c_str() : "");
        if (primaryButton(ctx, "Save")) {
            ImGui::CloseCurrentPopup();
            if (save(ctx)) finishPending(ctx);
            else m_pending = {}; // the error is on screen; nothing is lost
        }
        ImGui::SameLine();
        if (ImGui::Button("Discard changes")) {
            ImGui::CloseCurrentPopup();
            m_doc.reset(); // the pending action opens another bank or closes the window
            finishPending(ctx);
            if (!m_doc) openFirst(ctx);
        }
        ImGui::SameLine();
        if (cancelButton()) {
            m_pending = {};
            ctx.closeRequested = false;
        }
        ImGui::EndPopup();
    }

    void drawDeletePrompt(AppContext& ctx) {
        if (m_deleteAsked) {
            ImGui::OpenPopup("Delete question?");
            m_deleteAsked = false;
        }
        if (!ImGui::BeginPopupModal("Delete question?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
        ImGui::Text("Delete %s from the bank? (Nothing is written until you save.)", m_edit.id.c_str());
        if (primaryButton(ctx, "Delete") && m_doc && m_index < m_doc->bank().questions.size()) {
            m_doc->deleteQuestion(m_index);
            if (m_index >= m_doc->bank().questions.size() && m_index > 0) --m_index;
            loadSelected();
            m_lastEdit = Clock::now();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        cancelButton();
        ImGui::EndPopup();
    }
};

} // namespace

std::unique_ptr<Screen> makeEditorScreen() { return std::make_unique<EditorScreen>(); }

} // namespace examsim::app
