// Trainer: which questions work. Item analysis over the stored attempts (the figures of Moodle's quiz
// statistics, docs/item-analysis.md) in a sortable table with review flags, each question's option
// counts and a way into the editor; and the problems learners reported, to resolve.
#include "app/app.hpp"
#include "app/widgets.hpp"
#include "core/answer_input.hpp"
#include "core/errata.hpp"
#include "core/trainer_view.hpp"

#include <chrono>
#include <fmt/format.h>
#include <future>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace examsim::app {

namespace {

struct Analysis {
    core::ItemAnalysis result;
    std::string error;
};

std::string optionalFigure(const std::optional<double>& v, const char* format) {
    return v ? fmt::format(fmt::runtime(format), *v) : std::string("-");
}

class TrainerScreen : public Screen {
public:
    std::string_view id() const override { return "trainer"; }
    std::string_view title() const override { return "Trainer"; }

    void draw(AppContext& ctx) override {
        if (!ctx.store) {
            heading(ctx, "Trainer");
            ImGui::TextColored(ctx.colors.fail, "%s", ctx.storeMessage.c_str());
            return;
        }
        if (m_version != ctx.dataVersion) start(ctx);
        if (ctx.screenshot && m_job.valid()) m_job.wait();
        collect(ctx);

        heading(ctx, "Trainer: which questions work");
        drawFilters(ctx);
        if (ImGui::BeginTabBar("trainer-tabs")) {
            if (ImGui::BeginTabItem("Item analysis")) {
                drawAnalysis(ctx);
                ImGui::EndTabItem();
            }
            const std::string errataLabel = fmt::format("Reported problems ({} open)###errata", m_openErrata);
            if (ImGui::BeginTabItem(errataLabel.c_str())) {
                drawErrata(ctx);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    }

private:
    int m_version = -1;
    std::string m_profile; // "" = every profile
    bool m_firstOnly = false;
    std::future<Analysis> m_job;
    bool m_busy = false;
    std::optional<core::ItemAnalysis> m_analysis;
    std::string m_error;
    std::vector<core::ItemRow> m_rows;
    bool m_sortDirty = true;
    std::string m_selected;
    // Errata.
    std::vector<core::Erratum> m_errata;
    int m_openErrata = 0;
    bool m_showResolved = false;
    bool m_errataDirty = false;
    std::int64_t m_resolving = 0;
    std::string m_resolution, m_errataMessage;

    // Item analysis replays every stored answer: it runs beside the UI on its own connection.
    void start(AppContext& ctx) {
        m_version = ctx.dataVersion;
        loadErrata(ctx);
        core::AnalysisFilter filter;
        filter.profileId = m_profile;
        filter.firstOnly = m_firstOnly;
        m_busy = true;
        m_job = std::async(std::launch::async, [filter, path = ctx.databasePath, wake = ctx.wake] {
            Analysis out;
            try {
                auto opened = core::ProgressStore::open(path, false);
                if (auto* store = std::get_if<std::unique_ptr<core::ProgressStore>>(&opened))
                    out.result = core::analyseItems((*store)->itemAnalysisData(filter));
                else out.error = "The progress database could not be opened for the analysis.";
            } catch (const std::exception& e) {
                out.error = std::string("The analysis failed: ") + e.what();
            }
            if (wake) wake();
            return out;
        });
    }

    void collect(AppContext& ctx) {
        if (!m_job.valid() || m_job.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        auto done = m_job.get();
        m_busy = false;
        m_error = done.error;
        m_analysis = std::move(done.result);
        m_rows.clear();
        for (const auto& q : m_analysis->questions) {
            const auto* question = ctx.banks.question(q.questionId);
            m_rows.push_back({&q, question ? question->topic : std::string()});
        }
        m_sortDirty = true;
        if (ctx.screenshot && m_selected.empty()) // pictures show a question's details: the first flagged one
            for (const auto& q : m_analysis->questions)
                if (!q.flags.empty()) {
                    m_selected = q.questionId;
                    break;
                }
    }

    void loadErrata(AppContext& ctx) {
        try {
            m_errata = ctx.store->errata(true);
        } catch (const std::exception& e) {
            m_errata.clear();
            m_errataMessage = std::string("The reports could not be read: ") + e.what();
        }
        m_openErrata = 0;
        for (const auto& e : m_errata)
            if (e.resolvedAt == 0) ++m_openErrata;
    }

    void drawFilters(AppContext& ctx) {
        bool changed = false;
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Exam profile");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
        const auto* current = ctx.profiles.find(m_profile);
        if (ImGui::BeginCombo("##profile", current ? current->title.c_str() : "All profiles")) {
            if (ImGui::Selectable("All profiles", m_profile.empty())) m_profile.clear(), changed = true;
            for (const auto& p : ctx.profiles.profiles)
                if (ImGui::Selectable(p.title.c_str(), m_profile == p.id)) m_profile = p.id, changed = true;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        changed |= ImGui::Checkbox("First attempts only", &m_firstOnly);
        ImGui::SameLine();
        changed |= ImGui::Button("Refresh");
        if (m_busy) {
            ImGui::SameLine();
            ImGui::TextColored(ctx.colors.muted, "Analysing the stored attempts...");
        }
        if (changed) start(ctx);
    }

    void drawPaper(AppContext& ctx, const core::PaperStats& p) {
        ImGui::Text("%d attempts  ·  %d questions  ·  mean %.1f %%  ·  SD %s", p.attempts, p.questions, p.meanPercent,
                    p.sdPercent ? fmt::format("{:.1f} %", *p.sdPercent).c_str() : "-");
        if (p.sameQuestions) {
            ImGui::SameLine();
            ImGui::Text("  ·  CIC %s  ·  error ratio %s  ·  standard error %s", optionalFigure(p.cic, "{:.1f} %").c_str(),
                        optionalFigure(p.errorRatio, "{:.1f} %").c_str(), optionalFigure(p.standardError, "{:.2f} marks").c_str());
        } else {
            ImGui::TextColored(ctx.colors.muted, "CIC, error ratio and standard error need attempts of one fixed paper "
                                                 "(examsim-cli item-stats --seed).");
        }
    }

    void drawAnalysis(AppContext& ctx) {
        if (!m_error.empty()) ImGui::TextColored(ctx.colors.fail, "%s", m_error.c_str());
        if (!m_analysis) return;
        drawPaper(ctx, m_analysis->paper);
        if (m_rows.empty()) {
            ImGui::TextColored(ctx.colors.muted, "No finished attempts match: item analysis needs stored results.");
            return;
        }
        const float tableHeight = ImGui::GetContentRegionAvail().y * 0.55f;
        drawTable(ctx, tableHeight);
        ImGui::BeginChild("detail", ImVec2(0, 0), true);
        const core::QuestionStats* sel = nullptr;
        for (const auto& r : m_rows)
            if (r.stats->questionId == m_selected) sel = r.stats;
        if (sel) drawDetail(ctx, *sel);
        else ImGui::TextColored(ctx.colors.muted, "Select a question to see how often each option was chosen.");
        ImGui::EndChild();
    }

    void drawTable(AppContext& ctx, float height) {
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
        if (!ImGui::BeginTable("items", 8, flags, ImVec2(0, height))) return;
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Question", ImGuiTableColumnFlags_DefaultSort, em * 8, static_cast<ImGuiID>(core::ItemColumn::Question));
        ImGui::TableSetupColumn("Topic", ImGuiTableColumnFlags_WidthFixed, em * 9, static_cast<ImGuiID>(core::ItemColumn::Topic));
        ImGui::TableSetupColumn("Attempts", ImGuiTableColumnFlags_PreferSortDescending, em * 5, static_cast<ImGuiID>(core::ItemColumn::Attempts));
        ImGui::TableSetupColumn("Facility", 0, em * 4.5f, static_cast<ImGuiID>(core::ItemColumn::Facility));
        ImGui::TableSetupColumn("SD", 0, em * 3.5f, static_cast<ImGuiID>(core::ItemColumn::Sd));
        ImGui::TableSetupColumn("Discr. index", 0, em * 6, static_cast<ImGuiID>(core::ItemColumn::Discrimination));
        ImGui::TableSetupColumn("Discr. eff.", 0, em * 5.5f, static_cast<ImGuiID>(core::ItemColumn::Efficiency));
        ImGui::TableSetupColumn("Flags", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_PreferSortDescending, 0,
                                static_cast<ImGuiID>(core::ItemColumn::Flags));
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && (specs->SpecsDirty || m_sortDirty)) {
            if (specs->SpecsCount > 0) {
                const auto& s = specs->Specs[0];
                core::sortItemRows(m_rows, static_cast<core::ItemColumn>(s.ColumnUserID), s.SortDirection == ImGuiSortDirection_Descending);
            }
            specs->SpecsDirty = false;
            m_sortDirty = false;
        }
        for (const auto& r : m_rows) {
            const auto& q = *r.stats;
            const bool flagged = !q.flags.empty();
            ImGui::TableNextRow();
            if (flagged) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
            ImGui::TableNextColumn();
            if (ImGui::Selectable(q.questionId.c_str(), m_selected == q.questionId, ImGuiSelectableFlags_SpanAllColumns))
                m_selected = q.questionId;
            ImGui::TableNextColumn();
            clippedText(r.topic.c_str(), ImGui::GetContentRegionAvail().x);
            ImGui::TableNextColumn();
            ImGui::Text("%d", q.attempts);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", q.facility);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(optionalFigure(q.sd, "{:.2f}").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(optionalFigure(q.discrimination, "{:.1f}").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(optionalFigure(q.efficiency, "{:.1f} %").c_str());
            ImGui::TableNextColumn();
            std::string f;
            for (const auto& x : q.flags) f += (f.empty() ? "" : "; ") + x;
            clippedText(f.c_str(), ImGui::GetContentRegionAvail().x);
            if (flagged) ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }

    void drawDetail(AppContext& ctx, const core::QuestionStats& s) {
        const auto* q = ctx.banks.question(s.questionId);
        ImGui::Text("%s", s.questionId.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Edit")) {
            ctx.editQuestionId = s.questionId;
            ctx.goTo("editor");
        }
        ImGui::SameLine();
        ImGui::TextColored(ctx.colors.muted, "%d attempts, %d strong candidates", s.attempts, s.strongCandidates);
        for (const auto& f : s.flags) ImGui::TextColored(ctx.colors.warning, "Review: %s", f.c_str());
        ImGui::PushTextWrapPos(0.0f);
        if (q) ImGui::TextUnformatted(q->stem.c_str());
        else ImGui::TextColored(ctx.colors.muted, "The question is no longer in the loaded banks.");
        ImGui::PopTextWrapPos();
        if (s.options.empty()) {
            ImGui::TextColored(ctx.colors.muted, "No option counts for this type of question.");
            return;
        }
        if (!ImGui::BeginTable("options", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupColumn("Option", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Chosen", 0, em * 5);
        ImGui::TableSetupColumn("Share", 0, em * 4);
        ImGui::TableSetupColumn("By strong", 0, em * 5);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < s.options.size(); ++i) {
            const auto& o = s.options[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string text = fmt::format("{}. {}{}", core::displayLetter(i), o.text, o.key ? "  (key)" : "");
            if (o.key) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.pass);
            clippedText(text.c_str(), ImGui::GetContentRegionAvail().x);
            if (o.key) ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::Text("%d", o.chosen);
            ImGui::TableNextColumn();
            ImGui::Text("%.0f %%", o.share * 100);
            ImGui::TableNextColumn();
            ImGui::Text("%d", o.chosenByStrong);
        }
        ImGui::EndTable();
    }

    const core::QuestionStats* statsOf(const std::string& questionId) const {
        if (!m_analysis) return nullptr;
        for (const auto& q : m_analysis->questions)
            if (q.questionId == questionId) return &q;
        return nullptr;
    }

    void drawErrata(AppContext& ctx) {
        ImGui::Checkbox("Show resolved reports", &m_showResolved);
        if (!m_errataMessage.empty()) ImGui::TextColored(ctx.colors.fail, "%s", m_errataMessage.c_str());
        ImGui::BeginChild("errata", ImVec2(0, 0), false);
        int shown = 0;
        for (const auto& e : m_errata) {
            if (e.resolvedAt != 0 && !m_showResolved) continue;
            ++shown;
            ImGui::PushID(static_cast<int>(e.id));
            ImGui::Separator();
            const ImVec4 colour = e.resolvedAt ? ctx.colors.muted : ctx.colors.warning;
            ImGui::TextColored(colour, "#%lld  %s  ·  %s", static_cast<long long>(e.id), std::string(core::nameOf(e.kind)).c_str(),
                               e.questionId.c_str());
            ImGui::SameLine();
            ImGui::TextColored(ctx.colors.muted, "reported by %s on %s", e.learnerName.c_str(), localDate(e.createdAt).c_str());
            ImGui::PushTextWrapPos(0.0f);
            if (!e.text.empty()) ImGui::Text("\"%s\"", e.text.c_str());
            if (const auto* q = ctx.banks.question(e.questionId)) ImGui::TextColored(ctx.colors.muted, "%s", q->stem.c_str());
            if (const auto* s = statsOf(e.questionId))
                ImGui::TextColored(ctx.colors.muted, "Facility %.2f  ·  discrimination %s  ·  %d attempts", s->facility,
                                   optionalFigure(s->discrimination, "{:.1f}").c_str(), s->attempts);
            if (e.resolvedAt) ImGui::TextColored(ctx.colors.pass, "Resolved %s: %s", localDate(e.resolvedAt).c_str(), e.resolution.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::SmallButton("Edit question")) {
                ctx.editQuestionId = e.questionId;
                ctx.goTo("editor");
            }
            if (!e.resolvedAt) {
                ImGui::SameLine();
                if (ImGui::SmallButton("Resolve")) {
                    m_resolving = e.id;
                    m_resolution.clear();
                    ImGui::OpenPopup("Resolve report");
                }
            }
            drawResolvePopup(ctx);
            ImGui::PopID();
        }
        if (shown == 0) ImGui::TextColored(ctx.colors.muted, m_errata.empty() ? "No problems have been reported." : "Every report is resolved.");
        ImGui::EndChild();
        if (m_errataDirty) {
            m_errataDirty = false;
            loadErrata(ctx);
        }
    }

    void drawResolvePopup(AppContext& ctx) {
        if (!ImGui::BeginPopupModal("Resolve report", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
        ImGui::TextUnformatted("What was done about it?");
        ImGui::InputTextMultiline("##resolution", &m_resolution, ImVec2(ImGui::GetFontSize() * 28, ImGui::GetFontSize() * 4));
        if (primaryButton(ctx, "Resolve")) {
            try {
                if (!ctx.store->resolveErratum(m_resolving, m_resolution)) m_errataMessage = "That report was already resolved.";
            } catch (const std::exception& e) {
                m_errataMessage = std::string("The report could not be resolved: ") + e.what();
            }
            m_errataDirty = true; // read again after the list is drawn
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
};

} // namespace

std::unique_ptr<Screen> makeTrainerScreen() { return std::make_unique<TrainerScreen>(); }

} // namespace examsim::app
