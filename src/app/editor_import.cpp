#include "app/editor_import.hpp"

#include "app/widgets.hpp"
#include "core/bank_writer.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <sstream>

namespace examsim::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kWindow = "Import GIFT or CSV";

std::vector<std::string> loadedBankIds(const AppContext& ctx) {
    std::vector<std::string> ids;
    for (const auto& f : ctx.banks.files())
        if (!f.bankId.empty()) ids.push_back(f.bankId);
    return ids;
}

} // namespace

void BankImporter::start() {
    if (m_folder.empty()) {
        const char* home = std::getenv("HOME");
        std::error_code ec;
        m_folder = home && *home ? fs::path(home) : fs::current_path(ec);
    }
    m_dialog.open("Choose a GIFT (.gift, .txt) or CSV (.csv) file", m_folder, "", "Open");
}

void BankImporter::read(const AppContext& ctx, const fs::path& file) {
    m_file = file;
    m_folder = file.parent_path();
    m_readError.clear();
    m_text.clear();
    std::error_code ec;
    std::ifstream in(file, std::ios::binary);
    if (!in || fs::is_directory(file, ec)) {
        m_readError = file.string() + " cannot be read.";
    } else {
        std::ostringstream text;
        text << in.rdbuf();
        m_text = text.str();
    }
    m_format = core::importFormatOf(file.string()).value_or(core::ImportFormat::Gift);
    m_options = {};
    m_options.fileName = file.filename().string();
    m_options.bankId = core::suggestedBankId(file.string());
    for (const core::Topic* t : ctx.banks.topics()) m_options.topics.push_back({t->id, t->title});
    m_stale = true;
    m_openRequested = true;
}

bool BankImporter::draw(AppContext& ctx) {
    if (m_dialog.draw(ctx)) read(ctx, m_dialog.path());
    if (m_openRequested) {
        ImGui::OpenPopup(kWindow);
        m_openRequested = false;
    }
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowSize(ImVec2(em * 46, em * 34), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(kWindow, nullptr)) return false;
    bool opened = false;
    ImGui::TextColored(ctx.colors.muted, "File: %s", m_file.string().c_str());
    if (!m_readError.empty()) {
        ImGui::TextColored(ctx.colors.fail, "%s", m_readError.c_str());
    } else {
        drawOptions(ctx);
        if (m_stale) {
            m_result = core::importBank(m_text, m_format, m_options);
            m_stale = false;
        }
        drawReport(ctx);
    }
    const std::string problem = core::importBankIdProblem(m_options.bankId, loadedBankIds(ctx));
    const bool ready = m_readError.empty() && problem.empty() && !m_result.bank.questions.empty();
    ImGui::BeginDisabled(!ready);
    if (primaryButton(ctx, "Open as a new bank")) {
        opened = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    cancelButton();
    ImGui::EndPopup();
    return opened;
}

void BankImporter::drawOptions(const AppContext& ctx) {
    const float em = ImGui::GetFontSize();
    const auto label = [column = em * 6](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(column);
    };
    label("Format");
    if (ImGui::RadioButton("Moodle GIFT", m_format == core::ImportFormat::Gift))
        m_format = core::ImportFormat::Gift, m_stale = true;
    ImGui::SameLine();
    if (ImGui::RadioButton("CSV", m_format == core::ImportFormat::Csv))
        m_format = core::ImportFormat::Csv, m_stale = true;
    label("Bank id");
    ImGui::SetNextItemWidth(em * 14);
    m_stale |= ImGui::InputText("##bank", &m_options.bankId);
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "questions without an id become %s-001, -002, ...",
                       m_options.bankId.c_str());
    label("Level");
    ImGui::SetNextItemWidth(em * 10);
    if (ImGui::BeginCombo("##level", std::string(core::nameOf(m_options.level)).c_str())) {
        for (auto l : core::kLevels)
            if (ImGui::Selectable(std::string(core::nameOf(l)).c_str(), l == m_options.level))
                m_options.level = l, m_stale = true;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::TextColored(ctx.colors.muted, "for every question (GIFT has no level; a CSV level column wins)");
    label("Title");
    ImGui::SetNextItemWidth(-1);
    m_stale |= ImGui::InputTextWithHint("##title", ("Imported from " + m_options.fileName).c_str(),
                                        &m_options.title);
    label("Author");
    ImGui::SetNextItemWidth(em * 14);
    m_stale |= ImGui::InputText("##author", &m_options.author);
    ImGui::SameLine();
    ImGui::TextUnformatted("License");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    m_stale |= ImGui::InputText("##license", &m_options.license);
    const std::string problem = core::importBankIdProblem(m_options.bankId, loadedBankIds(ctx));
    if (!problem.empty()) ImGui::TextColored(ctx.colors.fail, "%s", problem.c_str());
}

void BankImporter::drawReport(const AppContext& ctx) {
    const auto& r = m_result.result;
    ImGui::Separator();
    const std::size_t n = r.questions.size();
    ImGui::Text("%zu %s to import as drafts, %d skipped, %zu new %s.", n, n == 1 ? "question" : "questions",
                r.skipped, r.newTopics.size(), r.newTopics.size() == 1 ? "topic" : "topics");
    ImGui::BeginChild("report", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2.6f), true);
    if (r.messages.empty())
        ImGui::TextColored(ctx.colors.pass, "Nothing was skipped and there are no notes.");
    ImGui::PushTextWrapPos(0.0f);
    for (const auto& m : r.messages) {
        const bool skipped = m.kind == core::ImportMessage::Kind::Skipped;
        ImGui::TextColored(skipped ? ctx.colors.fail : ctx.colors.warning, "%s",
                           core::format(m_options.fileName, m).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    core::Bank target;
    target.info.id = m_options.bankId;
    const fs::path path = core::userBankPath(target);
    std::error_code ec;
    ImGui::PushTextWrapPos(0.0f);
    if (fs::exists(path, ec))
        ImGui::TextColored(ctx.colors.warning,
                           "%s exists: saving the new bank replaces it (the old file is kept as .bak).",
                           path.string().c_str());
    else
        ImGui::TextColored(ctx.colors.muted, "The drafts open in the editor; Save writes %s.",
                           path.string().c_str());
    ImGui::PopTextWrapPos();
}

} // namespace examsim::app
